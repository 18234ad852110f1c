"""Reads of the review side: queues and pipeline figures. No writes here.

The complementarity panel reads Actions too, so it lives a floor up, in `actions/complementarity.py`.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from mieux import facility_time
from requests_app.models import (
    DECIDED_STATUSES,
    ConflictDeclaration,
    Opinion,
    Request,
    RequestStatus,
)

OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED, RequestStatus.IN_REVIEW)


def staff_queue():
    """Requests received and not yet closed, oldest submission first, with what the queue shows
    (`with_opinion_counts` adds the opinions of the current round to the rows of one page)."""
    return (
        Request.objects.received()
        .select_related("institution", "region")
        .prefetch_related("thematic_areas")
        .order_by(Coalesce("submitted_at", "created_at").asc(), "pk")
    )


def with_opinion_counts(requests):
    """Set `opinion_count` (opinions of the current review round) on a page of requests: one grouped
    query over those rows, instead of grouping every open request before the page's LIMIT."""
    requests = list(requests)
    counts = dict(
        Opinion.objects.filter(request__in=[r.pk for r in requests], review_round=F("request__review_round"))
        .order_by().values("request_id").annotate(n=Count("pk")).values_list("request_id", "n")
    )
    for r in requests:
        r.opinion_count = counts.get(r.pk, 0)
    return requests


def in_review_for(user):
    """Requests in committee review for a member: those awaiting their body's opinion first, then by deadline."""
    if not user.is_authenticated or not user.is_committee:
        return Request.objects.none()
    body_opinion = Opinion.objects.filter(
        request=OuterRef("pk"), review_round=OuterRef("review_round"), body_id=user.committee_body_id
    )
    declaration = ConflictDeclaration.objects.filter(request=OuterRef("pk"), member=user)
    return (
        Request.objects.visible_to(user)
        .filter(status=RequestStatus.IN_REVIEW)
        .select_related("institution")
        .annotate(
            body_has_opinion=Exists(body_opinion),
            my_body_opinion=Subquery(body_opinion.values("value")[:1]),
            declared=Exists(declaration),
            my_conflict=Subquery(declaration.values("has_conflict")[:1]),
            opinion_count=Count("opinions", filter=Q(opinions__review_round=F("review_round")), distinct=True),
        )
        .annotate(
            awaiting_my_body=Case(
                When(body_has_opinion=True, then=Value(False)), default=Value(True), output_field=BooleanField()
            )
        )
        .order_by("-awaiting_my_body", F("review_deadline").asc(nulls_last=True), "pk")
    )


def committee_history_for(user, limit=20):
    """Requests this member's committee reviewed that are now decided or back with the partner."""
    if not user.is_authenticated or not user.is_committee:
        return Request.objects.none()
    return (
        Request.objects.visible_to(user)
        .exclude(status=RequestStatus.IN_REVIEW)
        .select_related("institution")
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")[:limit]
    )


# --- pipeline figures ----------------------------------------------------------------------------


@dataclass
class YearFigures:
    year: int
    decided: int
    median_days: float | None
    within_target: int
    share_within_target: float | None


def days_to_decision(submitted_at, decided_at):
    """Days from first submission to decision, the key facts' definition (DESIGN section 4)."""
    return facility_time.days_to_decision(submitted_at, decided_at)


def pipeline_figures():
    """What the staff dashboard shows: requests waiting at each stage, overdue reviews, speed per year.

    Speed: days from first submission to decision over requests decided approved, rejected or
    ineligible (withdrawn ones are not decisions), grouped by the year of first submission as the
    key facts' year filter does.
    """
    today = timezone.localdate()
    waiting_rows = (
        Request.objects.filter(status__in=OPEN_STATUSES).values("status").annotate(n=Count("pk")).order_by()
    )
    waiting_counts = {row["status"]: row["n"] for row in waiting_rows}
    waiting = [
        {"status": status, "label": RequestStatus(status).label, "count": waiting_counts.get(status, 0)}
        for status in OPEN_STATUSES
    ]
    overdue = Request.objects.filter(status=RequestStatus.IN_REVIEW, review_deadline__lt=today).count()

    decided = Request.objects.filter(
        status__in=DECIDED_STATUSES, submitted_at__isnull=False, decided_at__isnull=False
    ).order_by().values_list("submitted_at", "decided_at")
    per_year = defaultdict(list)
    all_days = []
    for submitted_at, decided_at in decided:
        days = days_to_decision(submitted_at, decided_at)
        per_year[facility_time.facility_date(submitted_at).year].append(days)
        all_days.append(days)
    target = settings.DECISION_TARGET_DAYS
    years = [_year_figures(year, per_year[year], target) for year in sorted(per_year, reverse=True)]
    overall = _year_figures(None, all_days, target)
    return {
        "waiting": waiting,
        "waiting_total": sum(w["count"] for w in waiting),
        "overdue_reviews": overdue,
        "years": years,
        "overall": overall,
        "target_days": target,
        "computed_at": timezone.now(),
    }


def _year_figures(year, days, target):
    if not days:
        return YearFigures(year, 0, None, 0, None)
    within = sum(1 for d in days if d <= target)
    return YearFigures(year, len(days), statistics.median(days), within, within / len(days))
