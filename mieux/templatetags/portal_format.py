"""Template filters for values that reach a template as text, so they read like every other date."""

import datetime

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def isodate(value):
    """An ISO date ("2024-11-03") in the page language's date style; anything else unchanged."""
    if not value:
        return ""
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    try:
        return formats.date_format(datetime.date.fromisoformat(str(value)[:10]), "DATE_FORMAT")
    except ValueError:
        return value


@register.filter
def language_name(code):
    """"ar" → "Arabic" (in the page's language)."""
    from mieux.languages import language_name as name

    return name(code)


@register.filter
def language_names(codes):
    """["ar", "fr"] → "Arabic, French"."""
    from mieux.languages import language_names as names

    return names(codes)
