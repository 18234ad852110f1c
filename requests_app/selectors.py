"""Reads of the review side: queues, complementarity, pipeline figures. No writes here."""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from requests_app.models import (
    DECIDED_STATUSES,
    ConflictDeclaration,
    Opinion,
    Request,
    RequestStatus,
)

OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED, RequestStatus.IN_REVIEW)


def staff_queue():
    """Requests received and not yet closed, oldest submission first, with what the queue shows."""
    return (
        Request.objects.received()
        .select_related("institution", "region")
        .prefetch_related("thematic_areas")
        .annotate(
            opinion_count=Count(
                "opinions", filter=Q(opinions__review_round=F("review_round")), distinct=True
            ),
        )
        .order_by(Coalesce("submitted_at", "created_at").asc(), "pk")
    )


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


# --- complementarity -----------------------------------------------------------------------------


@dataclass
class Related:
    kind: str  # "action" or "request"
    obj: object
    tier: int  # 0 same country, 1 same region
    overlap: int  # number of shared thematic areas
    shared_areas: list
    shared_countries: list

    @property
    def same_country(self):
        return self.tier == 0


def _request_region_ids(request_obj):
    from mieux.models import RegionCountry

    ids = set(
        RegionCountry.objects.filter(country__in=[str(c) for c in request_obj.countries]).values_list(
            "region_id", flat=True
        )
    )
    if request_obj.region_id:
        ids.add(request_obj.region_id)
    return ids


def _countries_q(codes):
    q = Q()
    for code in codes:
        q |= Q(countries__contains=code)
    return q


def complementarity(request_obj, limit=10):
    """Past and ongoing Actions and open requests in the same country, then the same region, with
    the same thematic areas, ranked by overlap (same country first, then most shared areas)."""
    from actions.models import Action, ActionStatus

    codes = [str(c) for c in request_obj.countries]
    region_ids = _request_region_ids(request_obj)
    area_ids = set(request_obj.thematic_areas.values_list("pk", flat=True))
    if not codes and not region_ids:
        return {"actions": [], "requests": []}
    from mieux.models import RegionCountry

    region_codes = [
        str(c) for c in RegionCountry.objects.filter(region_id__in=region_ids).values_list("country", flat=True)
    ]
    # Requests often name countries without a region: match the region's countries as well.
    where = _countries_q(set(codes) | set(region_codes)) | Q(region_id__in=region_ids)

    actions = (
        Action.objects.filter(where)
        .exclude(status=ActionStatus.CANCELLED)
        .select_related("region", "institution")
        .prefetch_related("thematic_areas")
    )
    requests = (
        Request.objects.filter(status__in=OPEN_STATUSES)
        .exclude(pk=request_obj.pk)
        .filter(where | Q(institution__country__in=codes))
        .select_related("institution", "region")
        .prefetch_related("thematic_areas")
    )
    return {
        "actions": _rank(actions, "action", codes, area_ids, limit),
        "requests": _rank(requests, "request", codes, area_ids, limit),
    }


def _rank(queryset, kind, codes, area_ids, limit):
    ranked = []
    for obj in queryset[:500]:
        countries = [str(c) for c in obj.countries]
        shared_countries = sorted(set(countries) & set(codes))
        shared_areas = [a for a in obj.thematic_areas.all() if a.pk in area_ids]
        tier = 0 if shared_countries else 1
        if tier == 1 and not shared_areas:
            continue  # same region but another subject: not a complementarity concern
        ranked.append(Related(kind, obj, tier, len(shared_areas), shared_areas, shared_countries))
    ranked.sort(key=lambda r: (r.tier, -r.overlap, -(r.obj.pk or 0)))
    return ranked[:limit]


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
    # Same expression as Request.days_to_decision, which the key facts use.
    return (decided_at.date() - submitted_at.date()).days


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
        per_year[submitted_at.year].append(days)
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
