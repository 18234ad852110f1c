"""The complementarity panel's data for the request pages, which sit a floor below and cannot import it."""

from django import template

from actions.complementarity import complementarity

register = template.Library()


@register.simple_tag
def related_work(request_obj):
    """Past and ongoing Actions and open requests related to `request_obj`, ranked."""
    return complementarity(request_obj)
