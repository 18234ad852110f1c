"""Bounded staff lists: the Action list's figures computed for the shown page only, and the month
calendar with a few activities per day and a paginated list (counts and links for the rest)."""

import datetime
from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.utils import timezone

from actions.models import Activity, ActivityStatus
from actions.workflow import OPEN_ACTIVITY_STATUSES

PENDING_SHOWN = 10
PER_DAY = 4
LIST_PER_PAGE = 50


def annotate_page(actions, open_statuses=OPEN_ACTIVITY_STATUSES):
    """Set n_activities, n_delivered and next_activity on the Actions of one page (one grouped query
    over those Actions' activities, instead of annotating every Action before the LIMIT)."""
    actions = list(actions)
    today = timezone.localdate()
    stats = {
        row["action_id"]: row
        for row in Activity.objects.filter(action_id__in=[a.pk for a in actions]).order_by().values("action_id")
        .annotate(n=Count("pk"), delivered=Count("pk", filter=Q(status=ActivityStatus.DELIVERED)),
                  next=Min("start_date", filter=Q(status__in=open_statuses, start_date__gte=today)))
    }
    for action in actions:
        row = stats.get(action.pk, {})
        action.n_activities = row.get("n", 0)
        action.n_delivered = row.get("delivered", 0)
        action.next_activity = row.get("next")
    return actions


def pending_requests(requests):
    """The first approved requests still without an Action, and how many there are in all."""
    return list(requests[:PENDING_SHOWN]), requests.count()


def month_calendar(activities, first, last, *, day=None, page=None):
    """Weeks of days with at most PER_DAY activities each (and the count of the others), plus a
    paginated list of the month's activities (or of one day's)."""
    import calendar as pycalendar

    month = activities.filter(start_date__lte=last, end_date__gte=first).select_related("action", "type").order_by(
        "start_date", "id")
    by_day, counts = defaultdict(list), defaultdict(int)
    shown_fields = month.only("id", "title", "status", "start_date", "end_date", "action__code", "action__id",
                              "type__id")
    for activity in shown_fields.iterator(chunk_size=2000):
        start, end = max(activity.start_date, first), min(activity.end_date, last)
        for offset in range((end - start).days + 1):
            date = start + datetime.timedelta(days=offset)
            counts[date] += 1
            if len(by_day[date]) < PER_DAY:
                by_day[date].append(activity)
    weeks = [
        [{"date": date, "in_month": date.month == first.month, "activities": by_day.get(date, []),
          "more": max(0, counts.get(date, 0) - PER_DAY)} for date in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    listed = month.filter(start_date__lte=day, end_date__gte=day) if day else month
    return weeks, Paginator(listed, LIST_PER_PAGE).get_page(page)
