"""Small display helpers for Action and activity pages."""

from django import template

register = template.Library()

# The badge colour only reinforces the status word printed inside it (never colour alone).
STATUS_CLASSES = {
    "planned": "text-bg-secondary",
    "confirmed": "text-bg-info",
    "ongoing": "text-bg-primary",
    "delivered": "text-bg-success",
    "completed": "text-bg-success",
    "postponed": "text-bg-warning",
    "cancelled": "text-bg-dark",
}


@register.filter
def status_class(status):
    return STATUS_CLASSES.get(str(status), "text-bg-light")


@register.filter
def country_names(countries):
    return ", ".join(str(c.name) for c in countries or [])
