"""The programme calendar page and the iCalendar feeds (per Action, whole programme)."""

import calendar as pycalendar
import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from actions import listing
from actions.filters import ActionFilter
from actions.ical import build_calendar
from actions.models import (
    Action,
    Activity,
)
from actions.views.common import staff_view
from mieux.bounds import bad_request, parse_month
from mieux.models import User

# Programme feeds reach back one year: older activities no longer help anyone plan.
PROGRAMME_FEED_DAYS_BACK = 365


@staff_view
def calendar_month(request):
    try:
        first = parse_month(request.GET.get("month")) or timezone.localdate().replace(day=1)
    except ValueError:
        return bad_request(request, _("The month must be written YYYY-MM, between %(min)s and %(max)s.") % {
            "min": settings.INPUT_YEAR_MIN, "max": settings.INPUT_YEAR_MAX,
        })
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    params = request.GET.copy()
    params.pop("month", None)
    params.pop("day", None)
    params.pop("page", None)
    action_filter = ActionFilter(params or None, queryset=Action.objects.all())
    actions = action_filter.qs if action_filter.is_bound else Action.objects.all()
    day = parse_date(request.GET.get("day") or "") if (request.GET.get("day") or "")[:7] == f"{first:%Y-%m}" else None
    weeks, activities = listing.month_calendar(
        Activity.objects.filter(action__in=actions.order_by().values("pk")), first, last,
        day=day, page=request.GET.get("page"),
    )
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = last + datetime.timedelta(days=1)
    filter_query = params.urlencode()
    context = {
        "filter": action_filter,
        "month": first,
        "weeks": weeks,
        "activities": activities,
        "day": day,
        "weekdays": [datetime.date(2024, 1, 1) + datetime.timedelta(days=i) for i in range(7)],  # a Monday
        "previous_month": previous_month,
        "next_month": next_month,
        "filter_query": filter_query,
        "today": timezone.localdate(),
        "programme_feed_url": request.build_absolute_uri(
            reverse("actions:programme_feed", args=[request.user.calendar_token])
        ),
    }
    return render(request, "actions/calendar.html", context)


def _feed_user(token):
    return get_object_or_404(User.objects.filter(is_active=True), calendar_token=token)


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def programme_feed(request, token):
    """Every activity the token's owner may see (staff: the whole programme), as iCalendar."""
    user = _feed_user(token)
    since = timezone.localdate() - datetime.timedelta(days=PROGRAMME_FEED_DAYS_BACK)
    activities = (
        Activity.objects.filter(action__in=Action.objects.visible_to(user).values("pk"), end_date__gte=since)
        .select_related("action", "type")
        .order_by("start_date", "id")
    )
    content = build_calendar(activities, name=_("MIEUX+ programme"), description=_("Activities of MIEUX+ Actions"))
    return _ics_response(content, "mieux-programme.ics")


def action_feed(request, token, code):
    """The activities of one Action, as iCalendar, for a user who may see it."""
    user = _feed_user(token)
    action = get_object_or_404(Action.objects.visible_to(user), code=code)
    activities = action.activities.select_related("action", "type").order_by("start_date", "id")
    content = build_calendar(activities, name=f"{action.code} – {action.title}", description=action.title)
    return _ics_response(content, f"{action.code}.ics")
