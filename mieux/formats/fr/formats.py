"""One date style in this language: the locale's own date (Django's), also where a short one is asked."""

from django.conf.locale.fr import formats as _locale

DATE_FORMAT = _locale.DATE_FORMAT
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = getattr(_locale, "DATETIME_FORMAT", DATE_FORMAT + " H:i")
DATETIME_FORMAT = SHORT_DATETIME_FORMAT
