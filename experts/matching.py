"""Explainable matching of experts to an activity.

The ranking reads the roster from a snapshot kept in each process while the roster does not change
(experts/roster_snapshot.py: PostgreSQL tells when it did, whatever wrote it), plus a handful of
queries for the activity (its needs, the bookings overlapping its dates, the Action's team) and the
track records (one row per expert, kept up to date as deployments change). It scores in Python with
the criterion values alone; the explained score of an expert (`Candidate`) is built only when it is
read, so a page showing twenty of 10,000 experts explains twenty (bench/RESULTS-matching.md). Each
criterion yields a value between 0 and 1 and a sentence that names it; the score is the weighted mean
(weights `settings.MATCHING_WEIGHTS`) on a 0–100 scale. Availability is not weighed: an expert booked
on overlapping dates or unavailable is left out, or listed apart with the reason when
`include_unavailable` is set.

Explanations are kept as (message, parameters) and translated only when shown: translating 60,000
sentences for a page that shows fifty would cost more than the ranking itself.
"""

import gc
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_registry

from actions.periods import overlapping
from experts.matching_criteria import (
    diversity_fit,
    diversity_value,
    experience_fit,
    feedback_fit,
    language_fit,
    nationality_effects,
    stored_countries,
    thematic_fit,
    under_represented_gender,
    workload_fit,
)
from experts.models import (
    BOOKED_STATUSES,
    Deployment,
    DeploymentStatus,
    Expert,
    Unavailability,
)
from experts.roster_snapshot import Snapshot, snapshot
from experts.track_record import track_records
from mieux.models import EU_AND_UK, RegionCountry, ThematicArea

CRITERIA = {
    "thematic": _("Thematic fit"),
    "language": _("Working languages"),
    "experience": _("Country or region experience"),
    "feedback": _("Past feedback"),
    "diversity": _("Diversity"),
    "workload": _("Recent workload"),
}
WORKLOAD_WINDOW_DAYS = 365

M_BOOKED = _("booked on “%(title)s” (%(status)s) on overlapping dates")
M_AWAY = _("unavailable from %(start)s to %(end)s")
M_INACTIVE = _("profile inactive")


def _render(message, params):
    return str(message) % params if params else str(message)


@dataclass
class Criterion:
    key: str
    value: float  # 0..1
    weight: float
    message: object
    params: dict | None = None
    extra: tuple = ()  # further (message, params) joined with "; "

    @property
    def label(self):
        return CRITERIA[self.key]

    @property
    def explanation(self):
        return "; ".join(_render(m, p) for m, p in ((self.message, self.params), *self.extra))

    @property
    def points(self):
        return round(self.value * self.weight, 1)

    @property
    def percent(self):
        return round(self.value * 100)


@dataclass(slots=True)
class Candidate:
    expert_id: int
    first_name: str
    last_name: str
    nationality: str
    gender: str
    employer: str
    score: float = 0.0
    raw: tuple = ()  # (key, value, weight, message, params, extra) per criterion
    available: bool = True
    raw_reasons: list = field(default_factory=list)  # (message, params)
    deployment_status: str = ""

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_non_eu(self):
        return self.nationality.upper() not in EU_AND_UK

    @property
    def nationality_name(self):
        return country_registry.name(self.nationality)

    @property
    def criteria(self):
        return [Criterion(*item) for item in self.raw]

    @property
    def reasons(self):
        return [_render(m, p) for m, p in self.raw_reasons]

    @property
    def deployment_status_label(self):
        return DeploymentStatus(self.deployment_status).label if self.deployment_status else ""

    def explanation(self):
        return "; ".join(f"{c.label}: {c.explanation}" for c in self.criteria)


@dataclass
class Ranking:
    activity: object
    candidates: "RankedExperts"  # available, best first
    unavailable: "RankedExperts | list"  # with reasons, best first (empty unless asked for)
    action_experts: int
    action_non_eu: int
    target: float
    required_areas: list
    languages: list


def rank_experts(activity, *, include_unavailable=False, today=None) -> Ranking:
    """Rank the roster for `activity`: active, available experts best first, each score explained."""
    # Scoring allocates some 100,000 small objects that all live until the end; the cyclic garbage
    # collector would walk the whole heap several times over for nothing (measured: 40% of the time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _rank(activity, include_unavailable=include_unavailable, today=today)
    finally:
        if enabled:
            gc.enable()


WEIGHT_KEYS = ("thematic", "language", "experience", "feedback", "diversity", "workload")


@dataclass
class _Context:
    """Everything the score needs that does not depend on the expert, gathered once per ranking."""

    required_areas: list
    area_names: dict
    languages: list
    countries: set
    region_countries: set
    roster: Snapshot  # the experts and their areas, languages and regions (experts/roster_snapshot.py)
    area_mask: int  # the required areas, as bits of the snapshot's area masks
    language_mask: int  # the working languages, as bits of the snapshot's language masks
    in_region: frozenset  # expert ids with experience of the Action's region
    busy: dict  # expert id -> [(message, params)] why they cannot be held on the dates
    record: dict  # expert id -> (average rating, average satisfaction, recent deployments)
    team: dict  # expert id -> (nationality, gender) of the Action's booked experts
    on_activity: dict  # expert id -> deployment status on this activity
    nat_effects: dict
    under_gender: str | None
    weights: tuple
    total_weight: float
    experience_cache: dict = field(default_factory=dict)
    diversity_cache: dict = field(default_factory=dict)

    @property
    def team_non_eu(self):
        return sum(1 for nat, _g in self.team.values() if nat not in EU_AND_UK)


def _needs(activity):
    """The activity's needs: thematic areas (its own, else the Action's), languages, places."""
    action = activity.action
    required_areas = list(activity.required_thematic_areas.values_list("pk", flat=True))
    if not required_areas:
        required_areas = list(action.thematic_areas.values_list("pk", flat=True))
    languages = [code.lower() for code in (activity.required_languages or activity.languages or [])]
    countries = {str(c) for c in action.countries}
    if activity.country:
        countries.add(str(activity.country))
    region_countries = set(RegionCountry.objects.filter(region_id=action.region_id).values_list("country", flat=True))
    return required_areas, languages, countries, region_countries


def _busy(activity):
    """Availability: overlapping bookings elsewhere and declared unavailability, per expert."""
    start, end = activity.start_date, activity.end_date
    busy = defaultdict(list)
    for expert_id, title, status in (
        overlapping(Deployment.objects.filter(status__in=BOOKED_STATUSES), start, end, prefix="activity__")
        .order_by()
        .exclude(activity_id=activity.pk)
        .exclude(activity__status="cancelled")
        .values_list("expert_id", "activity__title", "status")
    ):
        busy[expert_id].append((M_BOOKED, {"title": title, "status": DeploymentStatus(status).label.lower()}))
    for expert_id, p_start, p_end in Unavailability.objects.filter(start_date__lte=end, end_date__gte=start).values_list(
        "expert_id", "start_date", "end_date"
    ):
        busy[expert_id].append((M_AWAY, {"start": p_start.isoformat(), "end": p_end.isoformat()}))
    return busy


def _track_record(today):
    """Feedback on completed deployments and the workload over the last 12 months, per expert: read
    from the track records kept up to date as deployments change (experts/track_record.py)."""
    return track_records(today, WORKLOAD_WINDOW_DAYS)


def _context(activity, today):
    action = activity.action
    required_areas, languages, countries, region_countries = _needs(activity)
    roster = snapshot()
    team = {
        expert_id: (str(nationality).upper(), gender)
        for expert_id, nationality, gender in Deployment.objects.filter(
            activity__action_id=action.pk, status__in=BOOKED_STATUSES
        ).values_list("expert_id", "expert__nationality", "expert__gender")
    }
    weights = settings.MATCHING_WEIGHTS
    team_non_eu = sum(1 for nat, _g in team.values() if nat not in EU_AND_UK)
    return _Context(
        required_areas=required_areas,
        area_names={a.pk: a.localized_name for a in ThematicArea.objects.all()},
        languages=languages,
        countries=countries,
        region_countries=region_countries,
        roster=roster,
        area_mask=roster.area_mask(required_areas),
        language_mask=roster.language_mask(languages),
        in_region=roster.regions.get(action.region_id, frozenset()),
        busy=_busy(activity),
        record=_track_record(today),
        team=team,
        on_activity=dict(Deployment.objects.filter(activity_id=activity.pk).values_list("expert_id", "status")),
        nat_effects=nationality_effects(team_non_eu, len(team), settings.NON_EU_EXPERT_TARGET),
        under_gender=under_represented_gender(
            sum(1 for _n, g in team.values() if g == "F"), sum(1 for _n, g in team.values() if g == "M")
        ),
        weights=tuple(weights.get(k, 0.0) for k in WEIGHT_KEYS),
        total_weight=sum(weights.values()) or 1.0,
    )


def _experience(ctx, expert_id, countries_exp):
    # Many experts share the same stored countries: decide each (countries, region) pair once.
    key = (countries_exp, expert_id in ctx.in_region)
    if key not in ctx.experience_cache:
        ctx.experience_cache[key] = experience_fit(
            stored_countries(countries_exp), key[1], ctx.countries, ctx.region_countries
        )
    return ctx.experience_cache[key]


def _covered_areas(ctx, expert_id):
    mask, bits = ctx.roster.areas.get(expert_id, 0), ctx.roster.area_bit
    return {area_id for area_id in ctx.required_areas if mask & bits.get(area_id, 0)}


def _good_languages(ctx, expert_id):
    mask, bits = ctx.roster.languages.get(expert_id, 0), ctx.roster.language_bit
    return {code for code in ctx.languages if mask & bits.get(code, 0)}


def _candidate(ctx, row):
    """One expert's explained score, and whether (or why not) they can be held on the dates."""
    expert_id, first, last, nationality, gender, employer, countries_exp, status = row
    nationality = str(nationality or "")
    cand = Candidate(expert_id, first, last, nationality, gender or "", employer or "")
    cand.deployment_status = ctx.on_activity.get(expert_id, "")
    if status != Expert.Status.ACTIVE:
        cand.available = False
        cand.raw_reasons.append((M_INACTIVE, None))
    if expert_id in ctx.busy:
        cand.available = False
        cand.raw_reasons.extend(ctx.busy[expert_id])
    rating, satisfaction, recent = ctx.record.get(expert_id) or (None, None, 0)
    diversity, n_msg, n_params, gender_part = diversity_fit(
        on_team=expert_id in ctx.team, nationality=nationality, gender=gender,
        nat_effects=ctx.nat_effects, under_gender=ctx.under_gender,
    )
    values = (
        thematic_fit(_covered_areas(ctx, expert_id), len(ctx.required_areas), ctx.area_names),
        language_fit(_good_languages(ctx, expert_id), ctx.languages, ", ".join(ctx.languages)),
        _experience(ctx, expert_id, countries_exp),
        feedback_fit(rating, satisfaction),
        (diversity, n_msg, n_params),
        workload_fit(recent),
    )
    cand.raw = tuple(
        (key, value, weight, message, params, (gender_part,) if key == "diversity" else ())
        for key, weight, (value, message, params) in zip(WEIGHT_KEYS, ctx.weights, values, strict=True)
    )
    cand.score = _score(ctx, tuple(value for value, _m, _p in values))
    return cand


def _score(ctx, values):
    total = sum(value * weight for value, weight in zip(values, ctx.weights, strict=True))
    return round(total / ctx.total_weight * 100, 1)


class RankedExperts(Sequence):
    """Experts in rank order, held as their ids. Each one's explained score (`Candidate`) is built when
    it is read, from the roster snapshot's row: a page shows twenty of a roster of ten thousand, and
    explaining, or even keeping, all of them cost more than ranking them."""

    def __init__(self, ctx, ids):
        self._ctx, self._ids, self._built = ctx, ids, {}

    def __len__(self):
        return len(self._ids)

    def _build(self, indexes):
        rows = self._ctx.roster.rows
        for i in indexes:
            if i not in self._built:
                self._built[i] = _candidate(self._ctx, rows[self._ids[i]])
        return [self._built[i] for i in indexes]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._build(range(*index.indices(len(self._ids))))
        if index < 0:
            index += len(self._ids)
        if not 0 <= index < len(self._ids):
            raise IndexError(index)
        return self._build([index])[0]

    def __iter__(self):
        return iter(self[:])

    def __add__(self, other):
        return list(self) + list(other)

    def __eq__(self, other):
        if isinstance(other, list | tuple | RankedExperts):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None


_record_values = [None, {}]  # [the track records read last, {expert id: (feedback value, workload value)}]


def _values_of_records(records):
    """`feedback_fit` and `workload_fit` values per expert, worked out again only when the track
    records were read again (`track_records` hands over the same dict while no row changed)."""
    if _record_values[0] is not records:
        _record_values[1] = {
            expert_id: (feedback_fit(rating, satisfaction)[0], workload_fit(recent)[0])
            for expert_id, (rating, satisfaction, recent) in records.items()
        }
        _record_values[0] = records
    return _record_values[1]


def _rank(activity, *, include_unavailable, today):
    ctx = _context(activity, today or timezone.localdate())
    roster = ctx.roster
    available, unavailable = [], []
    # Everything the loop reads, bound once: it runs once per expert of the roster (10,000). It works
    # out the six criterion values alone, as `_candidate` does with their sentences for the experts a
    # page shows (the test of the ranked order checks that both agree).
    active, busy, team, in_region = Expert.Status.ACTIVE, ctx.busy, ctx.team, ctx.in_region
    areas_of, languages_of = roster.areas.get, roster.languages.get
    area_mask, language_mask = ctx.area_mask, ctx.language_mask
    n_required, n_languages = len(ctx.required_areas), len(ctx.languages)
    countries, region_countries = ctx.countries, ctx.region_countries
    record_values = _values_of_records(ctx.record).get
    no_record = (feedback_fit(None, None)[0], workload_fit(0)[0])  # no feedback yet, no recent deployment
    diversity_cache = ctx.diversity_cache
    w0, w1, w2, w3, w4, w5 = ctx.weights
    total_weight = ctx.total_weight
    # The snapshot lists the experts by last name, first name, id: a stable sort on the score alone
    # then gives best score first, ties by name.
    for expert_id, status, non_eu, gender, codes in roster.ordered:
        free = status == active and expert_id not in busy
        if not (free or include_unavailable):
            continue
        v0 = (areas_of(expert_id, 0) & area_mask).bit_count() / n_required if n_required else 1.0
        v1 = (languages_of(expert_id, 0) & language_mask).bit_count() / n_languages if n_languages else 1.0
        # `experience_fit`'s value: 1 in one of the countries, 0.5 in the region, else 0.
        if not countries.isdisjoint(codes):
            v2 = 1.0
        elif expert_id in in_region or not region_countries.isdisjoint(codes):
            v2 = 0.5
        else:
            v2 = 0.0
        v3, v5 = record_values(expert_id) or no_record
        key = (expert_id in team, non_eu, gender)
        v4 = diversity_cache.get(key)
        if v4 is None:
            v4 = diversity_cache[key] = diversity_value(
                on_team=key[0], non_eu=non_eu, gender=gender, nat_effects=ctx.nat_effects,
                under_gender=ctx.under_gender,
            )
        # `_score` written out: the same sum in the same order, so the same number as the explanation's.
        score = round((v0 * w0 + v1 * w1 + v2 * w2 + v3 * w3 + v4 * w4 + v5 * w5) / total_weight * 100, 1)
        (available if free else unavailable).append((score, expert_id))
    available.sort(key=itemgetter(0), reverse=True)  # stable, reverse included
    unavailable.sort(key=itemgetter(0), reverse=True)
    return Ranking(
        activity=activity,
        candidates=RankedExperts(ctx, [expert_id for _score_, expert_id in available]),
        unavailable=RankedExperts(ctx, [expert_id for _score_, expert_id in unavailable]) if include_unavailable else [],
        action_experts=len(ctx.team),
        action_non_eu=ctx.team_non_eu,
        target=settings.NON_EU_EXPERT_TARGET,
        required_areas=[ctx.area_names.get(a, "?") for a in ctx.required_areas],
        languages=ctx.languages,
    )
