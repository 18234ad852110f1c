"""Bounds on what people type: dates within the facility's range, numbers that fit the database,
ids that fit an integer column. Out-of-range input is a form error (or a 400 page), never a 500.

Forms take `BoundedFormMixin` (FilterSets use `BoundedForm` as their form); model fields keep their
own limits where the admin edits them.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.shortcuts import render
from django.utils.translation import gettext as _

from mieux.widgets import use_plain_selects

# A PostgreSQL integer column (Django's IntegerField and PositiveIntegerField).
INTEGER_MAX = 2_147_483_647
# The largest value any primary key (BigAutoField) can hold.
BIGINT_MAX = 9_223_372_036_854_775_807


def date_min():
    return datetime.date(settings.INPUT_YEAR_MIN, 1, 1)


def date_max():
    return datetime.date(settings.INPUT_YEAR_MAX, 12, 31)


def validate_date_in_range(value):
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not date_min() <= day <= date_max():
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s.") % {"min": date_min().isoformat(), "max": date_max().isoformat()},
            code="date_out_of_range",
        )


def _fits_bigint(value) -> bool:
    text = str(value).strip()
    if text.lstrip("-").isdigit():
        return abs(int(text)) <= BIGINT_MAX
    return True  # not an integer: the field's own checks refuse it


def _guard_model_choice(field):
    """ModelChoiceField and ModelMultipleChoiceField query with the raw id; one beyond 64 bits makes
    SQLite raise OverflowError. Refuse such ids as an invalid choice first."""
    original = field.clean

    def clean(value):
        values = value if isinstance(value, list | tuple) else [value]
        if any(v not in (None, "") and not _fits_bigint(v) for v in values):
            key = "invalid_choice" if "invalid_choice" in field.error_messages else "invalid_pk_value"
            raise ValidationError(
                field.error_messages[key], code=key, params={"value": str(values[0])[:40], "pk": str(values[0])[:40]}
            )
        return original(value)

    field.clean = clean


def bound_fields(form):
    """Add range checks to every date, number and model-choice field of a form instance."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(validate_date_in_range)
        elif isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
            if field.max_value is None:
                field.max_value = INTEGER_MAX
                field.validators.append(MaxValueValidator(INTEGER_MAX))
                field.widget.attrs.setdefault("max", INTEGER_MAX)
            if field.min_value is None:
                field.min_value = -INTEGER_MAX
                field.validators.append(MinValueValidator(-INTEGER_MAX))
        elif isinstance(field, forms.ModelChoiceField):
            _guard_model_choice(field)
        elif isinstance(field, forms.MultiValueField):
            for sub in field.fields:
                if isinstance(sub, forms.DateField | forms.DateTimeField):
                    sub.validators.append(validate_date_in_range)
    return form


class BoundedFormMixin:
    """Mix into a Form or ModelForm: its dates, numbers and choices get the portal's bounds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_fields(self)


class BoundedForm(BoundedFormMixin, forms.Form):
    """The form class of FilterSets (`class Meta: form = BoundedForm`); their select boxes are written
    out in Python (`mieux.widgets`), a country list being hundreds of options on every list page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_plain_selects(self)


def parse_month(value):
    """`YYYY-MM` within the input range as the first day of that month; None when absent; ValueError
    when malformed or out of range."""
    if not value:
        return None
    try:
        year, month = (int(p) for p in value.split("-"))
        first = datetime.date(year, month, 1)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(value) from exc
    if not date_min() <= first <= date_max():
        raise ValueError(value)
    return first


def bad_request(request, message):
    """A 400 page that says what was wrong with the address."""
    return render(request, "400.html", {"message": message}, status=400)


class BoundedModelForm(BoundedFormMixin, forms.ModelForm):
    """The form of admin pages editing dates and numbers (`form = BoundedModelForm`)."""
