"""Names of the languages experts and activities work in, so that people read "Arabic", never "ar"."""

from django.utils.translation import gettext_lazy as _

LANGUAGE_NAMES = {
    "en": _("English"), "fr": _("French"), "es": _("Spanish"), "pt": _("Portuguese"), "ar": _("Arabic"),
    "ru": _("Russian"), "de": _("German"), "it": _("Italian"), "nl": _("Dutch"), "tr": _("Turkish"),
    "uk": _("Ukrainian"), "sw": _("Swahili"),
}


def language_name(code):
    """The language's name in the reader's language; an unknown code is shown as it is, upper-cased."""
    code = str(code or "")
    return str(LANGUAGE_NAMES.get(code.lower(), code.upper()))


def language_names(codes):
    return ", ".join(language_name(code) for code in codes or ())
