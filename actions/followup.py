"""The Actions app's answer to `requests_app.followup`: the Action of an approved request, its status
and its next activity; for staff, the way to create it while there is none."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from actions.models import Action, ActivityStatus
from requests_app.followup import FollowUp

UPCOMING = (ActivityStatus.PLANNED, ActivityStatus.CONFIRMED)


def provide(user, requests):
    by_request = {
        a.request_id: a for a in Action.objects.filter(request__in=[r.pk for r in requests]).prefetch_related("activities")
    }
    staff = user.is_authenticated and user.is_mieux_staff
    today = timezone.localdate()
    result = {}
    for req in requests:
        action = by_request.get(req.pk)
        if action is None:
            if staff:
                result[req.pk] = FollowUp(
                    title=_("No Action yet"), next_step=_("Create the Action to plan its activities."),
                    create_url=reverse("actions:create_from_request", args=[req.pk]),
                )
            else:
                result[req.pk] = FollowUp(title=_("The Action is being prepared"),
                                          next_step=_("The MIEUX+ team will contact you to plan the Action."))
            continue
        upcoming = sorted(
            (a for a in action.activities.all() if a.status in UPCOMING and a.end_date and a.end_date >= today),
            key=lambda a: (a.start_date, a.pk),
        )
        if upcoming:
            nxt = upcoming[0]
            next_step = _("Next activity: %(title)s, %(date)s") % {
                "title": nxt.title, "date": formats.date_format(nxt.start_date, "DATE_FORMAT")}
        else:
            next_step = _("No activity planned yet.")
        result[req.pk] = FollowUp(
            title=_("Action %(code)s") % {"code": action.code}, url=action.get_absolute_url(),
            status=action.get_status_display(), next_step=next_step,
        )
    return result
