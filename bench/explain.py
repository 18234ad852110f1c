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

    from actions.models import Action, Activity
    from experts.filters import search_experts
    from experts.models import Expert
    from experts.track_record import TrackRecord
    from requests_app import search
    from requests_app.models import Request
    from requests_app.selectors import staff_queue

    show("home: latest published Actions (index action_public_latest)",
         Action.objects.published().order_by(F("published_at").desc(nulls_last=True), "-created_at")[:6])
    show("public list: published Actions by start (index action_public_by_start)",
         Action.objects.published().order_by(F("planned_start").desc(nulls_last=True), "code")[:20])
    show("staff Action list page (index action_by_start)", Action.objects.order_by("-planned_start", "code")[:25])
    first, last = datetime.date(2020, 3, 1), datetime.date(2020, 3, 31)
    show("calendar: activities overlapping a month (index activity_dates)",
         Activity.objects.filter(start_date__lte=last, end_date__gte=first).order_by("start_date", "id"))
    show("requests in the countries of a region (GIN request_countries_gin)",
         search.in_countries(Request.objects.all(), ["KE", "TZ", "UG", "ET", "SN", "GH", "NG"]).order_by()[:25])
    show("requests in one rarer country, all of them (GIN request_countries_gin)",
         search.in_countries(Request.objects.all(), ["GW"]).order_by().values("pk"))
    show("staff queue text search (GIN request_search_gin)", search.text_search(staff_queue(), "asylum")[:25])
    show("roster search (GIN expert_search_gin)", search_experts(Expert.objects.all(), "Mensah").order_by("last_name")[:25])
    show("matching: the track records (one row per expert)", TrackRecord.objects.all())


if __name__ == "__main__":
    main()
