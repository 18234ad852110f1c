from django import template

from experts.logistics import missing_items

register = template.Library()


@register.simple_tag
def mission_missing(deployment):
    """What the expert still has to provide for a mission (release letter, tickets, report)."""
    return missing_items(deployment)
