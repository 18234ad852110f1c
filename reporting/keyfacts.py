"""The public key facts (DESIGN section 4): one definition, used by the home page, the staff dashboard
and `/api/key-facts/`.

`key_facts()` returns the cached figures with their basis; `compute_key_facts(...)` computes them, for
the whole programme or narrowed by phase, region, thematic area and year (the staff dashboard). The
number of queries is constant in the size of the data: every figure is one aggregate or one narrow
`values_list`.

Freshness: the unfiltered figures live in the cache with the data version they were computed from.
Every save or delete of a row behind them bumps the data version (signals below, pure
infrastructure; open data files use the same version). A visitor never computes them: a stale entry
(older version, or older than `settings.KEY_FACTS_CACHE_SECONDS`) is served as it is while a
background task recomputes it, one computation at a time (single-flight); the periodic task
`refresh_key_facts` keeps the entry warm. Only a cold cache (no entry at all: just deployed, cache
flushed) is computed in the request, once, by the first visitor holding the lock.
Bulk writes (`update()`, `bulk_create`) send no signal; the time-to-live bounds how stale a figure can
be.
"""

from __future__ import annotations

import statistics
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from actions.models import Action, ActionStatus, Activity, ActivityStatus, SurveyResponse
from experts.models import Deployment, DeploymentStatus, Expert
from mieux.facility_time import days_to_decision
from mieux.models import EU_AND_UK
from reporting.background import queue_once
from requests_app.models import DECIDED_STATUSES, Request

CACHE_KEY = "mieux:key-facts:v2"
VERSION_KEY = "mieux:data-version"
LOCK_KEY = "mieux:key-facts:lock"
QUEUED_KEY = "mieux:key-facts:queued"
LOCK_SECONDS = 300
ENTRY_SECONDS = 7 * 24 * 3600

# The keys of DESIGN section 4, in order: `/api/key-facts/` returns exactly these.
KEYS = (
    "requests_received",
    "countries_benefited",
    "experts_deployed",
    "non_eu_expert_share",
    "actions_concluded",
    "actions_concluded_by_phase",
    "participants",
    "participant_difference_rate",
    "expert_benefit_rate",
    "median_days_to_decision",
)

RATE_KEYS = ("non_eu_expert_share", "participant_difference_rate", "expert_benefit_rate")


@dataclass
class KeyFacts:
    """The figures (`values`, exactly KEYS) with what each one rests on (`basis`) and when."""

    values: dict
    basis: dict
    computed_at: datetime
    filters: dict = field(default_factory=dict)

    def as_json(self):
        return {key: self.values[key] for key in KEYS}

    def basis_json(self):
        return {
            "computed_at": self.computed_at.isoformat(),
            "cache_seconds": settings.KEY_FACTS_CACHE_SECONDS,
            "filters": self.filters,
            "basis": self.basis,
        }

    def __getitem__(self, key):
        return self.values[key]

    @property
    def display(self):
        return display(self)


def _ratio(part, whole):
    return part / whole if whole else None


@dataclass(frozen=True)
class Scope:
    """What the figures are narrowed to: phase, region, thematic area (codes) and year."""

    phase: str | None = None
    region: str | None = None
    thematic_area: str | None = None
    year: int | None = None

    @property
    def filters(self):
        return {k: v for k, v in {"phase": self.phase, "region": self.region,
                                  "thematic_area": self.thematic_area, "year": self.year}.items() if v}

    def actions(self, prefix=""):
        """A Q narrowing Actions (reached through `prefix`) to the phase, region and thematic area."""
        q = Q()
        if self.phase:
            q &= Q(**{f"{prefix}phase__code": self.phase})
        if self.region:
            q &= Q(**{f"{prefix}region__code": self.region})
        if self.thematic_area:
            q &= Q(**{f"{prefix}thematic_areas__code": self.thematic_area})
        return q


def _received_requests(scope):
    requests = Request.objects.received()
    if scope.phase:
        requests = requests.filter(phase__code=scope.phase)
    if scope.region:
        requests = requests.filter(region__code=scope.region)
    if scope.thematic_area:
        requests = requests.filter(thematic_areas__code=scope.thematic_area)
    if scope.year:
        requests = requests.filter(submitted_at__year=scope.year)
    if scope.thematic_area:
        requests = Request.objects.filter(pk__in=requests.values("pk"))
    return requests


def _requests_received(scope, requests):
    n = requests.count()
    return {"requests_received": n}, {"requests_received": {"n": n}}


def _median_days_to_decision(scope, requests):
    decided = requests.filter(status__in=DECIDED_STATUSES, submitted_at__isnull=False, decided_at__isnull=False)
    median_days, n = median_days_to_decision(decided)
    return {"median_days_to_decision": median_days}, {"median_days_to_decision": {"n": n}}


def _delivered_activities(scope):
    delivered = Activity.objects.filter(scope.actions("action__"), status=ActivityStatus.DELIVERED)
    if scope.year:
        delivered = delivered.filter(end_date__year=scope.year)
    return Activity.objects.filter(pk__in=delivered.values("pk"))


def _countries_benefited(scope, delivered):
    countries = set()
    n_actions = 0
    for value in Action.objects.filter(pk__in=delivered.values("action_id")).values_list("countries", flat=True):
        n_actions += 1
        countries.update(c for c in str(value or "").split(",") if c)
    basis = {"n": len(countries), "actions": n_actions, "countries": sorted(countries)}
    return {"countries_benefited": len(countries)}, {"countries_benefited": basis}


def _participants(scope, delivered):
    totals = delivered.aggregate(total=Sum("participants_total"), n=Count("pk"),
                                 reported=Count("pk", filter=Q(participants_total__isnull=False)))
    basis = {"n": totals["n"], "activities_reporting": totals["reported"]}
    return {"participants": totals["total"] or 0}, {"participants": basis}


def _experts_deployed(scope):
    completed = Deployment.objects.filter(scope.actions("activity__action__"), status=DeploymentStatus.COMPLETED)
    if scope.year:
        completed = completed.filter(activity__end_date__year=scope.year)
    # Experts counted once each, grouped by nationality in the database (a few hundred rows at most).
    by_nationality = (
        Expert.objects.filter(pk__in=completed.order_by().values("expert_id"))
        .order_by().values_list("nationality").annotate(n=Count("pk"))
    )
    n = non_eu = 0
    for nat, count in by_nationality:
        n += count
        non_eu += count if str(nat or "").upper() not in EU_AND_UK else 0
    values = {"experts_deployed": n, "non_eu_expert_share": _ratio(non_eu, n)}
    basis = {"experts_deployed": {"n": n}, "non_eu_expert_share": {"n": n, "yes": non_eu, "answers": n}}
    return values, basis


def _actions_concluded(scope):
    concluded = Action.objects.filter(scope.actions(), status=ActionStatus.COMPLETED)
    if scope.year:
        year = scope.year
        concluded = concluded.filter(Q(actual_end__year=year) | Q(actual_end__isnull=True, planned_end__year=year))
    rows = (
        Action.objects.filter(pk__in=concluded.values("pk"))
        .values("phase__code", "phase__sort_order").annotate(n=Count("pk"))
        .order_by("phase__sort_order", "phase__code")
    )
    by_phase = {row["phase__code"]: row["n"] for row in rows}
    n = sum(by_phase.values())
    values = {"actions_concluded": n, "actions_concluded_by_phase": by_phase}
    return values, {"actions_concluded": {"n": n}, "actions_concluded_by_phase": {"n": n}}


def _participant_difference_rate(scope):
    """Answers collected here plus the imported activity-level aggregates."""
    responses = SurveyResponse.objects.filter(scope.actions("activity__action__"))
    activities = Activity.objects.filter(scope.actions("action__"))
    if scope.year:
        responses = responses.filter(activity__end_date__year=scope.year)
        activities = activities.filter(end_date__year=scope.year)
    survey = SurveyResponse.objects.filter(pk__in=responses.values("pk")).aggregate(
        yes=Count("pk", filter=Q(made_difference=True)), answers=Count("pk", filter=Q(made_difference__isnull=False))
    )
    historical = Activity.objects.filter(pk__in=activities.values("pk")).aggregate(
        yes=Sum("historical_feedback_yes"), answers=Sum("historical_feedback_answers")
    )
    yes = survey["yes"] + (historical["yes"] or 0)
    answers = survey["answers"] + (historical["answers"] or 0)
    basis = {"yes": yes, "answers": answers, "portal_answers": survey["answers"],
             "historical_answers": historical["answers"] or 0}
    return {"participant_difference_rate": _ratio(yes, answers)}, {"participant_difference_rate": basis}


def _expert_benefit_rate(scope):
    feedback = Deployment.objects.filter(scope.actions("activity__action__"), beneficial__isnull=False)
    if scope.year:
        feedback = feedback.filter(activity__end_date__year=scope.year)
    answers = Deployment.objects.filter(pk__in=feedback.values("pk")).aggregate(
        yes=Count("pk", filter=Q(beneficial=True)), answers=Count("pk")
    )
    basis = {"yes": answers["yes"], "answers": answers["answers"]}
    return {"expert_benefit_rate": _ratio(answers["yes"], answers["answers"])}, {"expert_benefit_rate": basis}


def compute_key_facts(*, phase=None, region=None, thematic_area=None, year=None) -> KeyFacts:
    """Compute the key facts now, over everything or narrowed (phase, region, thematic area: reference
    rows or codes; year: int, the year a request was submitted, an activity ended, an Action ended)."""
    def code(value):
        return getattr(value, "code", value) or None

    scope = Scope(phase=code(phase), region=code(region), thematic_area=code(thematic_area), year=year)
    requests = _received_requests(scope)
    delivered = _delivered_activities(scope)
    values, basis = {}, {}
    for figure_values, figure_basis in (
        _requests_received(scope, requests),
        _countries_benefited(scope, delivered),
        _experts_deployed(scope),
        _actions_concluded(scope),
        _participants(scope, delivered),
        _participant_difference_rate(scope),
        _expert_benefit_rate(scope),
        _median_days_to_decision(scope, requests),
    ):
        values.update(figure_values)
        basis.update(figure_basis)
    values = {key: values[key] for key in KEYS}
    basis = {key: basis[key] for key in KEYS}
    return KeyFacts(values=values, basis=basis, computed_at=timezone.now(), filters=scope.filters)


def data_version():
    """A token that changes whenever a row behind the key facts or the open data changes."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def refresh_key_facts(force=False):
    """Recompute and store the programme-wide key facts unless fresh; single-flight."""
    cache.delete(QUEUED_KEY)
    if not force and _is_fresh(cache.get(CACHE_KEY)):
        return None
    if not cache.add(LOCK_KEY, 1, LOCK_SECONDS):
        return None
    try:
        version = data_version()
        facts = compute_key_facts()
        cache.set(CACHE_KEY, (version, facts), ENTRY_SECONDS)
        return facts
    finally:
        cache.delete(LOCK_KEY)


def _is_fresh(entry):
    if not entry:
        return False
    version, facts = entry
    age = (timezone.now() - facts.computed_at).total_seconds()
    return version == data_version() and age < settings.KEY_FACTS_CACHE_SECONDS


def _request_refresh():
    from reporting.tasks import refresh_key_facts_task

    queue_once(refresh_key_facts_task, QUEUED_KEY, busy_key=LOCK_KEY)


def key_facts() -> KeyFacts:
    """The programme-wide key facts from the cache; a stale entry is refreshed in the background."""
    entry = cache.get(CACHE_KEY)
    if _is_fresh(entry):
        return entry[1]
    _request_refresh()  # runs at once where tasks are eager (tests, development without a broker)
    entry = cache.get(CACHE_KEY) or entry
    if entry:
        return entry[1]
    # Cold cache: compute once; others wait briefly for it rather than computing it again.
    facts = refresh_key_facts(force=True)
    for _attempt in range(50):
        if facts is not None:
            return facts
        time.sleep(0.1)
        entry = cache.get(CACHE_KEY)
        facts = entry[1] if entry else None
    return compute_key_facts()


def invalidate(**kwargs):
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def median_days_to_decision(decided):
    """(median, n) of whole days from first submission to decision over `decided` requests: in SQL with
    percentile_cont on PostgreSQL, in Python elsewhere. The same day arithmetic as
    Request.days_to_decision (calendar days between the two dates), so every page shows the same number."""
    from django.db import connection

    from reporting.sqlstats import days_between, percentile_cont

    decided = decided.order_by()
    if connection.vendor == "postgresql":
        row = decided.annotate(days=days_between("submitted_at", "decided_at")).aggregate(
            median=percentile_cont("days"), n=Count("pk"))
        median = row["median"]
        if median is not None and float(median).is_integer():
            median = int(median)
        return median, row["n"]
    days = sorted(days_to_decision(submitted_at, decided_at)
                  for submitted_at, decided_at in decided.values_list("submitted_at", "decided_at"))
    return (statistics.median(days) if days else None), len(days)


LABELS = {
    "requests_received": gettext_lazy("requests for assistance received"),
    "countries_benefited": gettext_lazy("countries benefited"),
    "experts_deployed": gettext_lazy("experts deployed"),
    "non_eu_expert_share": gettext_lazy("of deployed experts are nationals of non-EU countries"),
    "actions_concluded": gettext_lazy("Actions concluded"),
    "participants": gettext_lazy("participants in delivered activities"),
    "participant_difference_rate": gettext_lazy(
        "of participants say the activity made a real difference to the way they do their job"
    ),
    "expert_benefit_rate": gettext_lazy("of experts say participation was beneficial to their career"),
    "median_days_to_decision": gettext_lazy("days from submission to decision (median)"),
}


def _percent(value):
    # Translators: a percentage; French and Spanish put a (non-breaking) space before the sign.
    return _("%(n)s%%") % {"n": formats.number_format(round(value * 100))}


def _basis_text(key, facts):
    basis = facts.basis[key]
    if key in ("participant_difference_rate", "expert_benefit_rate"):
        return ngettext("based on %(n)s answer", "based on %(n)s answers", basis["answers"]) % {
            "n": formats.number_format(basis["answers"], force_grouping=True)}
    if key == "non_eu_expert_share":
        return ngettext("%(yes)s of %(n)s expert", "%(yes)s of %(n)s experts", basis["n"]) % {
            "yes": basis["yes"], "n": formats.number_format(basis["n"], force_grouping=True)}
    if key == "countries_benefited":
        return ngettext("from %(n)s Action with delivered activities", "from %(n)s Actions with delivered activities",
                        basis["actions"]) % {"n": basis["actions"]}
    if key == "participants":
        return ngettext("in %(n)s delivered activity", "in %(n)s delivered activities", basis["n"]) % {
            "n": formats.number_format(basis["n"], force_grouping=True)}
    if key == "median_days_to_decision":
        return ngettext("over %(n)s decided request", "over %(n)s decided requests", basis["n"]) % {"n": basis["n"]}
    if key == "requests_received":
        return _("all requests ever submitted, historical records included")
    if key == "experts_deployed":
        return _("with at least one completed deployment")
    if key == "actions_concluded":
        parts = ", ".join(f"{phase}: {n}" for phase, n in facts.values["actions_concluded_by_phase"].items())
        return _("by phase: %(parts)s") % {"parts": parts} if parts else ""
    return ""


def display(facts: KeyFacts):
    """The figures as people read them: value, label, basis. A rate with no answers shows a dash."""
    items = []
    for key in KEYS:
        if key == "actions_concluded_by_phase":
            continue
        value = facts.values[key]
        if value is None:
            shown = "–"
        elif key in RATE_KEYS:
            shown = _percent(value)
        else:
            shown = formats.number_format(value, decimal_pos=0 if float(value).is_integer() else 1,
                                          force_grouping=True)
        items.append({"key": key, "value": shown, "label": LABELS[key], "basis": _basis_text(key, facts),
                      "raw": value})
    return items


def _connect_signals():
    for model in (Request, Action, Activity, SurveyResponse, Deployment, Expert):
        label = model._meta.label_lower
        post_save.connect(invalidate, sender=model, dispatch_uid=f"keyfacts-save-{label}", weak=False)
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"keyfacts-delete-{label}", weak=False)
    m2m_changed.connect(invalidate, sender=Action.thematic_areas.through, dispatch_uid="keyfacts-m2m-action",
                        weak=False)


_connect_signals()
