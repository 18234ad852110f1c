"""The complementarity panel of a request under screening or review (DESIGN section 3): past and
ongoing Actions and open requests in the same country, then the same region, on the same thematic
areas, ranked. It reads requests and Actions, so it lives here, above `requests_app`; the request
pages show it through the `complementarity` template tag library of this app."""

from dataclasses import dataclass

from django.db.models import Q

from actions.models import Action, ActionStatus
from mieux.models import RegionCountry
from requests_app.models import Request
from requests_app.selectors import OPEN_STATUSES


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
    codes = [str(c) for c in request_obj.countries]
    region_ids = _request_region_ids(request_obj)
    area_ids = set(request_obj.thematic_areas.values_list("pk", flat=True))
    if not codes and not region_ids:
        return {"actions": [], "requests": []}
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
