"""What the partner pages share: status wording and badges, event labels, finding a request the user
may see, the steps and sections of a request."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from requests_app import permissions
from requests_app.forms import WORKING_LANGUAGES
from requests_app.models import Request, RequestStatus
from requests_app.services import intake
from requests_app.workflow import TRANSITIONS

NEXT_FOR_PARTNER = {
    RequestStatus.DRAFT: gettext_lazy("Complete the draft and submit it."),
    RequestStatus.SUBMITTED: gettext_lazy("Nothing for now: the MIEUX+ team is screening your request."),
    RequestStatus.INFO_REQUESTED: gettext_lazy("Answer the MIEUX+ team's questions and resubmit."),
    RequestStatus.IN_REVIEW: gettext_lazy("Nothing for now: the Steering Committee is reviewing your request."),
    RequestStatus.APPROVED: gettext_lazy("The MIEUX+ team will contact you to plan the Action."),
    RequestStatus.REJECTED: gettext_lazy("Nothing: the request is closed. You may send a new request."),
    RequestStatus.INELIGIBLE: gettext_lazy("Nothing: the request is closed. You may send a new request."),
    RequestStatus.WITHDRAWN: gettext_lazy("Nothing: the request was withdrawn."),
}
ACTION_NEEDED = (RequestStatus.DRAFT, RequestStatus.INFO_REQUESTED)
STATUS_BADGES = {
    RequestStatus.DRAFT: "text-bg-secondary",
    RequestStatus.SUBMITTED: "text-bg-primary",
    RequestStatus.INFO_REQUESTED: "text-bg-warning",
    RequestStatus.IN_REVIEW: "text-bg-info",
    RequestStatus.APPROVED: "text-bg-success",
    RequestStatus.REJECTED: "text-bg-danger",
    RequestStatus.INELIGIBLE: "text-bg-dark",
    RequestStatus.WITHDRAWN: "text-bg-light border",
}
EVENT_LABELS = {
    "created": gettext_lazy("Draft started"),
    "institution_verified": gettext_lazy("Institution verified"),
    "message": gettext_lazy("Message"),
    "action_created": gettext_lazy("Action created"),
    "imported": gettext_lazy("Imported"),
}


def event_label(name):
    if name in TRANSITIONS:
        return TRANSITIONS[name].label
    return EVENT_LABELS.get(name, name.replace("_", " ").capitalize())


def visible_request(user, pk):
    return get_object_or_404(
        permissions.visible_requests(user).select_related("institution", "institution__type", "region", "phase"), pk=pk
    )


def member_request(user, pk):
    """A request of the user's own institution (staff included only if they are members)."""
    obj = visible_request(user, pk)
    if not permissions.is_member_of_request_institution(user, obj):
        raise Http404
    return obj


def show_error(request, exc):
    messages.error(request, str(exc))


def steps_of(obj, current):
    return [
        {"number": number, "label": label, "current": number == current}
        for number, (label, _fields) in intake.STEPS.items()
    ]


def sections_of(obj):
    """The request's content for display, grouped like the form's steps."""
    countries = ", ".join(c.name for c in obj.countries)
    languages = {code: str(name) for code, name in WORKING_LANGUAGES}

    def label(name):
        return Request._meta.get_field(name).verbose_name

    return [
        (intake.STEPS[1][0], 1, [
            (label("title"), obj.title),
            (label("thematic_areas"), ", ".join(a.localized_name for a in obj.thematic_areas.all())),
            (label("countries"), countries),
            (label("follow_up_of"), str(obj.follow_up_of) if obj.follow_up_of_id else ""),
        ]),
        (intake.STEPS[2][0], 2, [
            (label("background"), obj.background),
            (label("problem"), obj.problem),
            (label("other_projects"), obj.other_projects),
        ]),
        (intake.STEPS[3][0], 3, [
            (label("objectives"), obj.objectives),
            (label("expected_results"), obj.expected_results),
            (label("target_groups"), obj.target_groups),
            (label("estimated_participants"), obj.estimated_participants),
            (label("activity_types"), ", ".join(a.localized_name for a in obj.activity_types.all())),
        ]),
        (intake.STEPS[4][0], 4, [
            (_("Preferred timeframe"), timeframe_of(obj)),
            (label("working_languages"), ", ".join(languages.get(c, c) for c in obj.working_languages or [])),
            (label("commitment"), obj.commitment),
            (label("contact_name"), obj.contact_name),
            (label("contact_email"), obj.contact_email),
            (label("contact_phone"), obj.contact_phone),
        ]),
    ]


def timeframe_of(obj):
    from django.utils.formats import date_format

    if not (obj.earliest_start or obj.latest_end):
        return ""
    start = date_format(obj.earliest_start) if obj.earliest_start else "…"
    end = date_format(obj.latest_end) if obj.latest_end else "…"
    return f"{start} – {end}"
