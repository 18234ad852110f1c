"""The review panels on the shared request detail page, computed here so the page needs only `obj`."""

from django import template
from django.utils.translation import gettext_lazy as _

from requests_app import committee_permissions as perms
from requests_app.forms_review import ComplementarityNoteForm
from requests_app.models import Opinion, RequestStatus
from requests_app.services import review as services

register = template.Library()


@register.inclusion_tag("requests_app/review/_panels_body.html", takes_context=True)
def review_panels(context, obj, user):
    """Screening actions, complementarity, opinions, recommendation and decision, for staff and committee."""
    data = {"obj": obj, "user": user, "request": context.get("request"), "csrf_token": context.get("csrf_token")}
    if not user.is_authenticated or not (user.is_mieux_staff or user.is_committee):
        data["show"] = False
        return data
    is_staff = user.is_mieux_staff
    status = obj.status
    screening = status in services.SCREENING_STATUSES
    can_see = perms.can_see_content(user, obj)
    data.update(
        {
            "show": True,
            "is_staff": is_staff,
            "can_see_content": can_see,
            "can_ask_info": is_staff and status in (RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW),
            "can_close": is_staff and status in (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED),
            "can_forward": is_staff and status == RequestStatus.SUBMITTED,
            "can_decide": is_staff and status == RequestStatus.IN_REVIEW,
            "can_edit_note": is_staff and screening,
            "screening": screening,
        }
    )
    if not can_see:
        return data
    if obj.review_round >= 1:
        opinions = services.current_opinions(obj)
        own = perms.body_opinion(user, obj) if user.is_committee else None
        data.update(
            {
                "opinions": opinions,
                "bodies": services.bodies(),
                "can_see_other_opinions": perms.can_see_other_opinions(user, obj, own),
                "recommendation": services.recommended_outcome(obj, opinions),
            }
        )
    if data["can_edit_note"]:
        data["note_form"] = ComplementarityNoteForm(initial={"note": obj.complementarity_note})
    return data


@register.filter
def opinion_for(opinions, body):
    """The opinion of `body` among `opinions`, or None."""
    for opinion in opinions or ():
        if opinion.body_id == body.pk:
            return opinion
    return None


EVENT_LABELS = {
    "cover_note": _("Cover note for the committee"),
    "complementarity_note": _("Complementarity note"),
    "conflict_declared": _("Conflict of interest declared"),
    "no_conflict_declared": _("No conflict of interest declared"),
    "opinion_given": _("Opinion given"),
    "opinion_changed": _("Opinion changed"),
    "decision_basis": _("Basis of the decision"),
    "committee_question": _("Question from the committee"),
}


@register.filter
def event_label(event):
    """A readable, translated name of an event's transition."""
    from requests_app.workflow import TRANSITIONS

    if event.transition in TRANSITIONS:
        return TRANSITIONS[event.transition].label
    return EVENT_LABELS.get(event.transition, event.transition.replace("_", " "))


@register.filter
def opinion_change(event):
    """For a change of opinion: "changed from Abstain to Object", and whether the body had seen the
    other bodies' opinions when it changed; empty for any other event."""
    if event.transition != "opinion_changed":
        return ""
    values = dict(Opinion.Value.choices)
    data = event.data or {}
    text = _("changed from %(before)s to %(after)s") % {
        "before": values.get(data.get("previous"), data.get("previous", "")),
        "after": values.get(data.get("value"), data.get("value", "")),
    }
    if data.get("others_visible"):
        text = _("%(change)s, after the other opinions were visible") % {"change": text}
    return text


@register.filter
def age_days(moment):
    """Whole days since `moment` (a datetime)."""
    from django.utils import timezone

    if not moment:
        return 0
    return (timezone.now() - moment).days
