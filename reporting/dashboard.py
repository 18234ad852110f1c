"""The staff KPI dashboard (`/staff/`): the key facts and the tables behind them, filtered by phase,
year, region and thematic area, with charts and a CSV download of every table.

Each table is computed by a handful of grouped aggregates, so the number of queries does not grow
with the data. Years: a request counts in the year it was first submitted, an Action in the year it
started, an activity (and its participants, survey answers and experts) in the year it ended.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import Action, ActionStatus, Activity, ActivityStatus, SurveyResponse
from experts.models import Deployment, DeploymentStatus, Expert, Gender
from mieux.bounds import BoundedFormMixin
from mieux.facility_time import days_to_decision, facility_date, facility_zone
from mieux.models import EU_AND_UK, ActivityType, Phase, Region, ThematicArea
from mieux.spreadsheets import csv_writer
from reporting import dashboard_cache
from reporting.finance_dashboard import FINANCE_TABLE_IDS, finance_table
from reporting.keyfacts import compute_key_facts, key_facts
from reporting.results_figures import results_figures, results_table_parts
from reporting.sqlstats import days_between, percentile_cont
from requests_app.models import DECIDED_STATUSES, Request, RequestStatus


class DashboardFilterForm(BoundedFormMixin, forms.Form):
    phase = forms.ModelChoiceField(Phase.objects.all(), to_field_name="code", required=False,
                                   label=gettext_lazy("Phase"), empty_label=gettext_lazy("All phases"))
    year = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=gettext_lazy("Year"))
    region = forms.ModelChoiceField(Region.objects.all(), to_field_name="code", required=False,
                                    label=gettext_lazy("Region"), empty_label=gettext_lazy("All regions"))
    thematic_area = forms.ModelChoiceField(ThematicArea.objects.all(), to_field_name="code", required=False,
                                           label=gettext_lazy("Thematic area"),
                                           empty_label=gettext_lazy("All thematic areas"))

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(str(y), str(y)) for y in years]


@dataclass
class Table:
    """A table shown on the dashboard and downloadable as CSV: `rows` are lists of cells."""

    id: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    footer: list | None = None
    note: str = ""


def _rate(part, whole):
    return part / whole if whole else None


def _pct(value):
    return "–" if value is None else f"{round(value * 100)}%"


def _num(value, digits=1):
    return "–" if value is None else round(value, digits)


class Scope:
    """The dashboard filters as query conditions for each model."""

    def __init__(self, *, phase=None, year=None, region=None, thematic_area=None):
        self.phase, self.year, self.region, self.thematic_area = phase, year, region, thematic_area

    def action_q(self, prefix=""):
        q = Q()
        if self.phase:
            q &= Q(**{f"{prefix}phase": self.phase})
        if self.region:
            q &= Q(**{f"{prefix}region": self.region})
        if self.thematic_area:
            q &= Q(**{f"{prefix}thematic_areas": self.thematic_area})
        return q

    def distinct(self, queryset):
        # The thematic-area join can repeat rows; a pk subquery keeps the aggregates exact.
        return queryset.model.objects.filter(pk__in=queryset.values("pk")) if self.thematic_area else queryset

    def requests(self):
        qs = Request.objects.received()
        if self.phase:
            qs = qs.filter(phase=self.phase)
        if self.region:
            qs = qs.filter(region=self.region)
        if self.thematic_area:
            qs = qs.filter(thematic_areas=self.thematic_area)
        if self.year:
            qs = qs.filter(submitted_at__year=self.year)
        return self.distinct(qs)

    def actions(self):
        qs = Action.objects.filter(self.action_q()).annotate(start_year=ExtractYear(Coalesce("actual_start", "planned_start")))
        if self.year:
            qs = qs.filter(start_year=self.year)
        return self.distinct(qs) if self.thematic_area else qs

    def activities(self):
        qs = Activity.objects.filter(self.action_q("action__"))
        if self.year:
            qs = qs.filter(end_date__year=self.year)
        return self.distinct(qs)

    def deployments(self):
        qs = Deployment.objects.filter(self.action_q("activity__action__"))
        if self.year:
            qs = qs.filter(activity__end_date__year=self.year)
        return self.distinct(qs)

    def survey_responses(self):
        qs = SurveyResponse.objects.filter(self.action_q("activity__action__"))
        if self.year:
            qs = qs.filter(activity__end_date__year=self.year)
        return self.distinct(qs)

    def key_facts(self):
        if not any((self.phase, self.region, self.thematic_area, self.year)):
            return key_facts()  # the programme-wide figures, cached and refreshed in the background
        return compute_key_facts(phase=self.phase, region=self.region, thematic_area=self.thematic_area,
                                 year=self.year)


def requests_table(scope, regions):
    counts = defaultdict(dict)
    rows = (scope.requests().annotate(year=ExtractYear("submitted_at")).values("year", "region__code")
            .annotate(n=Count("pk")).order_by())
    for row in rows:
        counts[row["year"]][row["region__code"]] = row["n"]
    codes = [r.code for r in regions]
    columns = [_("Year")] + [r.localized_name for r in regions] + [_("No region"), _("Total")]
    table = Table("requests", _("Requests received per year and region"), columns)
    totals = defaultdict(int)
    for year in sorted(counts, key=lambda y: (y is None, -(y or 0))):
        cells = [counts[year].get(code, 0) for code in codes] + [counts[year].get(None, 0)]
        for i, value in enumerate(cells):
            totals[i] += value
        table.rows.append([year or _("unknown")] + cells + [sum(cells)])
    if table.rows:
        table.footer = [_("Total")] + [totals[i] for i in range(len(codes) + 1)] + [sum(totals.values())]
    return table


def _decision_cells(n, approved, rejected, ineligible, median, within):
    if median is not None and float(median).is_integer():
        median = int(median)
    return [n, approved, rejected, ineligible, _pct(_rate(approved, n)),
            _num(median) if median is not None else "–", _pct(_rate(within, n))]


def _decision_rows_sql(decided, target):
    """Per year and overall, computed by the database (PostgreSQL: percentile_cont for the median)."""
    days = days_between("submitted_at", "decided_at")
    measures = {
        "n": Count("pk"),
        "approved": Count("pk", filter=Q(status=RequestStatus.APPROVED)),
        "rejected": Count("pk", filter=Q(status=RequestStatus.REJECTED)),
        "ineligible": Count("pk", filter=Q(status=RequestStatus.INELIGIBLE)),
        "median": percentile_cont("days"),
        "within": Count("pk", filter=Q(days__lte=target)),
    }
    decided = decided.order_by().annotate(days=days, year=ExtractYear("submitted_at", tzinfo=facility_zone()))
    per_year = [(row["year"], [row[k] for k in measures])
                for row in decided.values("year").annotate(**measures).order_by("-year")]
    total = decided.aggregate(**measures)
    return per_year, ([total[k] for k in measures] if total["n"] else None)


def _decision_rows_python(decided, target):
    per_year = defaultdict(list)
    for status, submitted_at, decided_at in decided.order_by().values_list("status", "submitted_at", "decided_at"):
        per_year[facility_date(submitted_at).year].append((status, days_to_decision(submitted_at, decided_at)))

    def cells(items):
        days = [d for _, d in items]
        return [len(items), sum(1 for s, _ in items if s == RequestStatus.APPROVED),
                sum(1 for s, _ in items if s == RequestStatus.REJECTED),
                sum(1 for s, _ in items if s == RequestStatus.INELIGIBLE),
                statistics.median(days) if days else None, sum(1 for d in days if d <= target)]

    everything = [item for items in per_year.values() for item in items]
    return [(year, cells(per_year[year])) for year in sorted(per_year, reverse=True)], (
        cells(everything) if everything else None)


def decisions_table(scope):
    target = settings.DECISION_TARGET_DAYS
    decided = scope.requests().filter(status__in=DECIDED_STATUSES, submitted_at__isnull=False,
                                      decided_at__isnull=False)
    table = Table("decisions", _("Decisions and speed"), [
        _("Year"), _("Decided"), _("Approved"), _("Rejected"), _("Ineligible"), _("Approval rate"),
        _("Median days to decision"), _("Decided within %(days)s days") % {"days": target},
    ], note=_("Over requests decided approved, rejected or ineligible; withdrawn requests are not decisions."))
    compute = _decision_rows_sql if connection.vendor == "postgresql" else _decision_rows_python
    per_year, total = compute(decided, target)
    for year, values in per_year:
        table.rows.append([year] + _decision_cells(*values))
    if total:
        table.footer = [_("All years")] + _decision_cells(*total)
    return table


def actions_table(scope, phases):
    counts = defaultdict(dict)
    for row in scope.actions().values("phase__code", "status").annotate(n=Count("pk")).order_by():
        counts[row["phase__code"]][row["status"]] = row["n"]
    statuses = list(ActionStatus)
    table = Table("actions", _("Actions by status and phase"),
                  [_("Phase")] + [s.label for s in statuses] + [_("Total")])
    for phase in phases:
        if phase.code in counts:
            cells = [counts[phase.code].get(s.value, 0) for s in statuses]
            table.rows.append([phase.localized_name] + cells + [sum(cells)])
    if table.rows:
        table.footer = [_("Total")] + [sum(r[i] for r in table.rows) for i in range(1, len(statuses) + 2)]
    return table


def activities_table(scope, types):
    counts = defaultdict(dict)
    for row in scope.activities().values("type__code", "status").annotate(n=Count("pk")).order_by():
        counts[row["type__code"]][row["status"]] = row["n"]
    statuses = list(ActivityStatus)
    table = Table("activities", _("Activities by type"), [_("Type")] + [s.label for s in statuses] + [_("Total")])
    for activity_type in types:
        if activity_type.code in counts:
            cells = [counts[activity_type.code].get(s.value, 0) for s in statuses]
            table.rows.append([activity_type.localized_name] + cells + [sum(cells)])
    if table.rows:
        table.footer = [_("Total")] + [sum(r[i] for r in table.rows) for i in range(1, len(statuses) + 2)]
    return table


def participants_table(scope):
    rows = (scope.activities().filter(status=ActivityStatus.DELIVERED).values("end_date__year")
            .annotate(n=Count("pk"), total=Sum("participants_total"), women=Sum("participants_women"),
                      men=Sum("participants_men")).order_by("-end_date__year"))
    table = Table("participants", _("Participants in delivered activities"), [
        _("Year"), _("Delivered activities"), _("Participants"), _("Women"), _("Men"), _("Share of women"),
    ], note=_("Share of women: of participants whose gender was recorded."))
    sums = defaultdict(int)
    for row in rows:
        values = [row["n"], row["total"] or 0, row["women"] or 0, row["men"] or 0]
        for i, v in enumerate(values):
            sums[i] += v
        table.rows.append([row["end_date__year"]] + values + [_pct(_rate(values[2], values[2] + values[3]))])
    if table.rows:
        table.footer = [_("All years")] + [sums[i] for i in range(4)] + [_pct(_rate(sums[2], sums[2] + sums[3]))]
    return table


def experts_table(scope):
    # Each expert once, grouped by nationality and gender in the database.
    completed = scope.deployments().filter(status=DeploymentStatus.COMPLETED).order_by().values("expert_id")
    groups = Expert.objects.filter(pk__in=completed).order_by().values_list("nationality", "gender").annotate(
        n=Count("pk"))
    n = non_eu = women = men = 0
    for nationality, gender, count in groups:
        n += count
        non_eu += count if str(nationality or "").upper() not in EU_AND_UK else 0
        women += count if gender == Gender.FEMALE else 0
        men += count if gender == Gender.MALE else 0
    target = settings.NON_EU_EXPERT_TARGET
    share = _rate(non_eu, n)
    table = Table("experts", _("Experts deployed"), [
        _("Experts deployed"), _("Non-EU nationals"), _("Non-EU share"), _("Target"), _("Against target"),
        _("Women"), _("Men"), _("Other or not stated"), _("Share of women"),
    ], note=_("Distinct experts with at least one completed deployment; EU means the EU-27 and the United Kingdom."))
    against = "–" if share is None else (_("met") if share >= target else _("below"))
    table.rows.append([n, non_eu, _pct(share), _pct(target), against, women, men, n - women - men,
                       _pct(_rate(women, n))])
    table.chart = {"eu": n - non_eu, "non_eu": non_eu, "target": target}
    return table


def surveys_table(scope):
    participant = scope.survey_responses().aggregate(
        mean_satisfaction=Avg("satisfaction"), satisfaction_n=Count("pk", filter=Q(satisfaction__isnull=False)),
        mean_relevance=Avg("relevance"), relevance_n=Count("pk", filter=Q(relevance__isnull=False)),
        recommend_yes=Count("pk", filter=Q(would_recommend=True)),
        recommend_n=Count("pk", filter=Q(would_recommend__isnull=False)),
    )
    expert = scope.deployments().filter(status=DeploymentStatus.COMPLETED).aggregate(
        mean_satisfaction=Avg("satisfaction"), satisfaction_n=Count("pk", filter=Q(satisfaction__isnull=False)),
    )
    facts = scope.facts
    difference = facts.basis["participant_difference_rate"]
    benefit = facts.basis["expert_benefit_rate"]
    table = Table("surveys", _("Survey results"), [_("Question"), _("Result"), _("Answers (n)")],
                  note=_("Participant answers include the historical answers imported with past activities."))
    table.rows = [
        [_("Participants: overall satisfaction (1–5, mean)"), _num(participant["mean_satisfaction"]), participant["satisfaction_n"]],
        [_("Participants: relevance to their work (1–5, mean)"), _num(participant["mean_relevance"]), participant["relevance_n"]],
        [_("Participants: the activity made a real difference to their job"),
         _pct(facts["participant_difference_rate"]), difference["answers"]],
        [_("Participants: would recommend the activity"),
         _pct(_rate(participant["recommend_yes"], participant["recommend_n"])), participant["recommend_n"]],
        [_("Experts: participation was beneficial to their career"), _pct(facts["expert_benefit_rate"]),
         benefit["answers"]],
        [_("Experts: satisfaction (1–5, mean)"), _num(expert["mean_satisfaction"]), expert["satisfaction_n"]],
    ]
    return table


def results_table(scope):
    title, columns, rows, note = results_table_parts(results_figures(scope))
    return Table("results", title, columns, rows=rows, note=note)


def available_years():
    """Years with a submitted request or an ending activity: `.order_by()` so that DISTINCT runs on the
    year alone, not on the year plus the model's default ordering (one row per request otherwise)."""
    years = set(Request.objects.received().filter(submitted_at__isnull=False).order_by()
                .annotate(y=ExtractYear("submitted_at")).values_list("y", flat=True).distinct())
    years |= set(Activity.objects.order_by().annotate(y=ExtractYear("end_date")).values_list("y", flat=True)
                 .distinct())
    return sorted((y for y in years if y), reverse=True)


TABLE_IDS = ("requests", "decisions", "actions", "activities", "participants", "experts", "surveys", "results",
             *FINANCE_TABLE_IDS)


def build_table(scope, table_id):
    """One table only (a CSV export computes just the table it downloads)."""
    if table_id == "requests":
        return requests_table(scope, list(Region.objects.all()))
    if table_id == "decisions":
        return decisions_table(scope)
    if table_id == "actions":
        return actions_table(scope, list(Phase.objects.all()))
    if table_id == "activities":
        return activities_table(scope, list(ActivityType.objects.all()))
    if table_id == "participants":
        return participants_table(scope)
    if table_id == "experts":
        return experts_table(scope)
    if table_id == "surveys":
        scope.facts = getattr(scope, "facts", None) or scope.key_facts()
        return surveys_table(scope)
    if table_id == "results":
        return results_table(scope)
    if table_id in FINANCE_TABLE_IDS:
        return finance_table(scope, table_id, table_cls=Table)
    raise KeyError(table_id)


def build_dashboard(scope):
    scope.facts = scope.key_facts()
    return scope.facts, [build_table(scope, table_id) for table_id in TABLE_IDS]


def chart_data(tables):
    """What static/js/dashboard.js draws, passed through json_script (no inline JavaScript)."""
    by_id = {t.id: t for t in tables}
    requests, actions, activities = by_id["requests"], by_id["actions"], by_id["activities"]
    experts = by_id["experts"].chart

    def series(table, first=1, last=-1):
        return {
            "labels": [str(r[0]) for r in table.rows],
            "datasets": [{"label": str(col), "data": [r[i] for r in table.rows]}
                         for i, col in enumerate(table.columns[first:last], start=first)],
        }

    return {
        "requests": {**series(requests, 1, -1), "title": str(requests.title), "stacked": True},
        "actions": {**series(actions, 1, -1), "title": str(actions.title), "stacked": True},
        "activities": {**series(activities, 1, -1), "title": str(activities.title), "stacked": True,
                       "horizontal": True},
        "experts": {
            "title": _("%(title)s (non-EU target: %(target)s)") % {"title": by_id["experts"].title,
                                                                   "target": _pct(experts["target"])},
            "doughnut": True,
            "labels": [_("EU-27 and UK nationals"), _("Non-EU nationals")],
            "datasets": [{"label": _("Experts deployed"), "data": [experts["eu"], experts["non_eu"]]}],
            "target": experts["target"],
        },
    }


def csv_response(table, filename_suffix=""):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mieux-{table.id}{filename_suffix}.csv"'
    writer = csv_writer(response)
    writer.writerow([str(c) for c in table.columns])
    for row in table.rows + ([table.footer] if table.footer else []):
        writer.writerow([str(c) for c in row])
    return response


@login_required
def staff_dashboard(request):
    if not request.user.is_mieux_staff:
        raise Http404
    form = DashboardFilterForm(request.GET or None, years=dashboard_cache.years())
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {k: v for k, v in filters.items() if v}
    export = request.GET.get("export")
    if export:
        if export not in TABLE_IDS:
            raise Http404
        suffix = "".join(f"-{getattr(v, 'code', v)}" for v in filters.values())
        return csv_response(dashboard_cache.table(filters, export), suffix)
    facts, tables = dashboard_cache.dashboard(filters)
    scope = Scope(**filters)
    scope.facts = facts
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "staff_dashboard.html", {
        "form": form, "facts": facts, "tables": tables, "charts": chart_data(tables),
        "query": query.urlencode(), "pipeline": dashboard_cache.pipeline(), "filtered": bool(scope.facts.filters),
    })
