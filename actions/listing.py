"""Bounded staff lists: the Action list's figures computed for the shown page only, and the month
calendar with a few activities per day and a paginated list (counts and links for the rest)."""

import datetime
from collections import defaultdict
from operator import itemgetter
from urllib.parse import quote

from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from actions.models import Activity, ActivityStatus
from actions.periods import overlapping
from actions.templatetags.actions_tags import STATUS_CLASSES
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
    shown = list(requests[:PENDING_SHOWN])
    # Counted only when there are more than shown (usually there are not: one query instead of two).
    return shown, len(shown) if len(shown) < PENDING_SHOWN else requests.count()


def month_calendar(activities, first, last, *, day=None, page=None):
    """Weeks of days with at most PER_DAY activities each (and the count of the others), plus a
    paginated list of the month's activities (or of one day's).

    The days and the list are laid out from (id, start, end) triples, a few bytes per activity, and
    only the activities shown are read as objects: a busy month at 200,000 activities holds a
    thousand. The triples are sorted here, not in SQL: with an ORDER BY the planner walks the dates
    index from the first activity ever instead of asking the overlap index (actions/periods.py)."""
    import calendar as pycalendar

    rows = sorted(overlapping(activities, first, last).order_by().values_list("id", "start_date", "end_date"),
                  key=itemgetter(1, 0))
    shown_ids, counts = defaultdict(list), defaultdict(int)
    for pk, start_date, end_date in rows:
        start, end = max(start_date, first), min(end_date, last)
        for offset in range((end - start).days + 1):
            date = start + datetime.timedelta(days=offset)
            counts[date] += 1
            if len(shown_ids[date]) < PER_DAY:
                shown_ids[date].append(pk)
    listed = [pk for pk, start_date, end_date in rows if not day or start_date <= day <= end_date]
    listing_page = Paginator(listed, LIST_PER_PAGE).get_page(page)
    wanted = {pk for ids in shown_ids.values() for pk in ids} | set(listing_page.object_list)
    objects = Activity.objects.select_related("action", "type").in_bulk(wanted) if wanted else {}
    _label_once(objects.values())
    weeks = [
        [{"date": date, "in_month": date.month == first.month,
          "activities": [objects[pk] for pk in shown_ids.get(date, ()) if pk in objects],
          "more": max(0, counts.get(date, 0) - PER_DAY)} for date in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    listing_page.object_list = [objects[pk] for pk in listing_page.object_list if pk in objects]
    return weeks, listing_page


def _label_once(activities):
    """What the calendar prints of each activity, worked out once per activity rather than in each
    day cell it spans: its page, its Action's page, its status label and badge class."""
    # Each address reversed once with placeholders, then filled in (the converters quote a code so).
    code_mark, pk_mark = "CODE-PLACEHOLDER", 987654321
    activity_url = reverse("actions:activity", args=[code_mark, pk_mark]).replace(code_mark, "{code}").replace(
        str(pk_mark), "{pk}")
    action_url = reverse("actions:detail", args=[code_mark]).replace(code_mark, "{code}")
    labels = {value: str(label) for value, label in ActivityStatus.choices}
    for activity in activities:
        code = quote(activity.action.code, safe="")
        activity.calendar_url = activity_url.format(code=code, pk=activity.pk)
        activity.action_url = action_url.format(code=code)
        activity.status_label = labels.get(activity.status, activity.status)
        activity.status_css = STATUS_CLASSES.get(activity.status, "text-bg-light")
