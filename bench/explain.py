"""EXPLAIN ANALYZE of the key pages' queries on a benchmark database (Markdown on stdout).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_large .venv/bin/python bench/explain.py
"""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")


def show(title, qs):
    print(f"### {title}\n\n```\n{qs.explain(analyze=True).strip()}\n```\n")


def main():
    import django

    django.setup()
    from django.db.models import F

    from actions import request_links
    from actions.models import Action, Activity
    from actions.periods import overlapping
    from experts.filters import search_experts
    from experts.models import BOOKED_STATUSES, Deployment, Expert
    from experts.track_record import TrackRecord
    from requests_app import search
    from requests_app.models import Request
    from requests_app.selectors import OPEN_STATUSES, staff_queue

    show("home: latest published Actions (index action_public_latest)",
         Action.objects.published().order_by(F("published_at").desc(nulls_last=True), "-created_at")[:6])
    show("public list: published Actions by start (index action_public_by_start)",
         Action.objects.published().order_by(F("planned_start").desc(nulls_last=True), "code")[:20])
    show("staff Action list page (index action_by_start)", Action.objects.order_by("-planned_start", "code")[:25])
    show("staff Action list: approved requests still without an Action (partial index request_awaiting_action)",
         request_links.awaiting_action()[:10])
    first, last = datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)
    show("calendar: activities overlapping a month (GiST activity_span_gist)",
         overlapping(Activity.objects.all(), first, last).order_by().values_list("id", "start_date", "end_date"))
    show("matching: bookings overlapping an activity's dates (GiST activity_span_gist)",
         overlapping(Deployment.objects.filter(status__in=BOOKED_STATUSES), first, first + datetime.timedelta(days=2),
                     prefix="activity__").order_by().values_list("expert_id", "activity__title", "status"))
    show("requests in the countries of a region (GIN request_countries_gin)",
         search.in_countries(Request.objects.all(), ["KE", "TZ", "UG", "ET", "SN", "GH", "NG"]).order_by()[:25])
    show("requests in one rarer country, all of them (GIN request_countries_gin)",
         search.in_countries(Request.objects.all(), ["GW"]).order_by().values("pk"))
    show("staff queue, first page (partial expression index request_open_queue)",
         staff_queue().filter(status__in=OPEN_STATUSES)[:25])
    show("staff queue, the rows it counts (index-only scan of request_open_queue)",
         Request.objects.received().filter(status__in=OPEN_STATUSES).order_by().values("pk"))
    show("staff queue text search, its count (partial GIN request_open_search_gin)",
         search.text_search(staff_queue().filter(status__in=OPEN_STATUSES), "asylum").order_by().values("pk"))
    show("roster search (GIN expert_search_gin)", search_experts(Expert.objects.all(), "Mensah").order_by("last_name")[:25])
    show("matching: the track records (one row per expert)", TrackRecord.objects.all())

if __name__ == "__main__":
    main()
