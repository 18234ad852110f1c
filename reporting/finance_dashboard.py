"""Money on the staff dashboard: spend against plan by year, phase, region and thematic area, and the
cost per activity type and per participant. Same filters as the other tables, a few grouped queries.

Planned = the Actions' budget lines. Actual = the lines' own actual spending + the activities' cost
lines (mission costs included), an activity counting in the year it starts, as in the Action budget.
Committed = the part of actual that is for confirmed missions not yet held. An Action with several
thematic areas counts in full under each of them.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from actions.budget_models import ActivityCost, BudgetLine
from actions.models import ActivityStatus
from mieux.models import ActivityType, Phase, Region, ThematicArea

ZERO = Decimal("0.00")


def _money(value):
    return f"{(value or ZERO):,.2f}"


def _share(part, whole):
    return f"{round(part / whole * 100)}%" if whole else "–"


def _lines(scope):
    qs = BudgetLine.objects.filter(scope.action_q("action__"))
    return qs.filter(year=scope.year) if scope.year else qs


def _costs(scope):
    qs = ActivityCost.objects.filter(scope.action_q("activity__action__"))
    return qs.filter(activity__start_date__year=scope.year) if scope.year else qs


def _spend(scope, line_key, cost_key):
    """{group: [planned, actual, committed]} from two grouped queries."""
    out = defaultdict(lambda: [ZERO, ZERO, ZERO])
    line_key, cost_key = (F(k) if isinstance(k, str) else k for k in (line_key, cost_key))
    for row in _lines(scope).values(key=line_key).annotate(p=Sum("planned"), a=Sum("actual")).order_by():
        out[row["key"]][0] += row["p"] or ZERO
        out[row["key"]][1] += row["a"] or ZERO
    for row in (_costs(scope).values(key=cost_key)
                .annotate(a=Sum("actual"), c=Sum("actual", filter=Q(committed=True))).order_by()):
        out[row["key"]][1] += row["a"] or ZERO
        out[row["key"]][2] += row["c"] or ZERO
    return out


def _spend_table(table_cls, table_id, title, label, groups, figures):
    table = table_cls(table_id, title, [label, _("Planned (EUR)"), _("Actual (EUR)"), _("of which committed (EUR)"),
                                        _("Remaining (EUR)"), _("Spent")])
    totals = [ZERO, ZERO, ZERO]
    for key, name in groups:
        if key not in figures:
            continue
        planned, actual, committed = figures[key]
        table.rows.append([name, _money(planned), _money(actual), _money(committed), _money(planned - actual),
                           _share(actual, planned)])
        totals = [t + v for t, v in zip(totals, figures[key], strict=True)]
    if table.rows:
        table.footer = [_("Total"), _money(totals[0]), _money(totals[1]), _money(totals[2]),
                        _money(totals[0] - totals[1]), _share(totals[1], totals[0])]
    return table


FINANCE_TABLE_IDS = ("spend_year", "spend_phase", "spend_region", "spend_theme", "cost_type")


def finance_table(scope, table_id, *, table_cls):
    """One of the dashboard's money tables (staff only, like the whole dashboard); only its own queries run."""
    if table_id == "spend_year":
        by_year = _spend(scope, "year", ExtractYear("activity__start_date"))
        years = sorted(k for k in by_year if k)
        return _spend_table(table_cls, "spend_year", _("Spend against plan by year"), _("Year"),
                            [(y, y) for y in years], by_year)
    if table_id == "spend_phase":
        return _spend_table(table_cls, "spend_phase", _("Spend against plan by phase"), _("Phase"),
                            [(p.code, p.localized_name) for p in Phase.objects.all()],
                            _spend(scope, "action__phase__code", "activity__action__phase__code"))
    if table_id == "spend_region":
        return _spend_table(table_cls, "spend_region", _("Spend against plan by region"), _("Region"),
                            [(r.code, r.localized_name) for r in Region.objects.all()],
                            _spend(scope, "action__region__code", "activity__action__region__code"))
    if table_id == "spend_theme":
        table = _spend_table(table_cls, "spend_theme", _("Spend against plan by thematic area"), _("Thematic area"),
                             [(a.code, a.localized_name) for a in ThematicArea.objects.all()],
                             _spend(scope, "action__thematic_areas__code", "activity__action__thematic_areas__code"))
        table.note = _("An Action with several thematic areas counts in full under each.")
        return table
    if table_id == "cost_type":
        return cost_per_type_table(scope, table_cls, list(ActivityType.objects.all()))
    raise KeyError(table_id)


def cost_per_type_table(scope, table_cls, types):
    costs = {row["activity__type__code"]: row for row in _costs(scope).values("activity__type__code").annotate(
        a=Sum("actual"), n=Count("activity", distinct=True)).order_by()}
    # A subquery, not a join on the cost lines: each activity's participants count once.
    delivered = scope.activities().filter(status=ActivityStatus.DELIVERED, pk__in=_costs(scope).values("activity_id"))
    participants = {row["type__code"]: row["p"] or 0 for row in
                    delivered.values("type__code").annotate(p=Sum("participants_total")).order_by()}
    spent_on_delivered = {row["activity__type__code"]: row["a"] or ZERO for row in _costs(scope).filter(
        activity__status=ActivityStatus.DELIVERED).values("activity__type__code").annotate(a=Sum("actual")).order_by()}
    table = table_cls("cost_type", _("Cost per activity type and per participant"), [
        _("Type"), _("Activities with costs"), _("Actual (EUR)"), _("Cost per activity (EUR)"),
        _("Participants (delivered)"), _("Cost per participant (EUR)")])
    total_a, total_n, total_p, total_d = ZERO, 0, 0, ZERO
    for activity_type in types:
        row = costs.get(activity_type.code)
        if not row:
            continue
        actual, n = row["a"] or ZERO, row["n"]
        people, spent = participants.get(activity_type.code, 0), spent_on_delivered.get(activity_type.code, ZERO)
        table.rows.append([activity_type.localized_name, n, _money(actual), _money(actual / n if n else ZERO), people,
                           _money(spent / people) if people else "–"])
        total_a, total_n, total_p, total_d = total_a + actual, total_n + n, total_p + people, total_d + spent
    if table.rows:
        table.footer = [_("Total"), total_n, _money(total_a), _money(total_a / total_n if total_n else ZERO), total_p,
                        _money(total_d / total_p) if total_p else "–"]
    table.note = _("Cost per participant: the actual costs of delivered activities divided by their participants.")
    return table
