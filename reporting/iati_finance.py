"""An Action's money in IATI 2.03: `budget` per calendar year and expenditure `transaction`s.

Budgets: one per calendar year with a planned amount, the period clipped to the Action's dates (so no
period exceeds a year), type 1 (original), status 1 (indicative) while the Action is planned and 2
(committed) once it runs; value-date = the period's start. Expenditure: one transaction of type 4 per
year with money actually spent (missions still to take place are committed, not spent), dated at the
end of that year's period or today if earlier. Amounts in EUR, the activity's default currency.
"""

import datetime

from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from lxml import etree

from actions.budget_models import ZERO, ActivityCost, BudgetLine
from actions.models import ActionStatus, Activity

DEFAULT_CURRENCY = "EUR"
BUDGET_TYPE_ORIGINAL = "1"
BUDGET_STATUS_INDICATIVE, BUDGET_STATUS_COMMITTED = "1", "2"
TRANSACTION_EXPENDITURE = "4"


def year_period(action, year):
    """The part of calendar `year` inside the Action's dates (the whole year when they are not known)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if action.start and action.start > start:
        start = action.start
    if action.end and action.end < end:
        end = action.end
    return start, end


def _value(parent, amount, value_date):
    element = etree.SubElement(parent, "value", **{"value-date": value_date.isoformat()})
    element.text = f"{amount:.2f}"
    return element


def prefetch(actions):
    """The Actions queryset with their budget lines and each activity's spent costs prefetched, so a file of
    any number of Actions costs the same two extra queries (per chunk when iterated)."""
    # Missions still to take place are committed, not spent.
    spent = Sum("costs__actual", filter=Q(costs__committed=False))
    return actions.prefetch_related(
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by(), to_attr="iati_budget_lines"),
        Prefetch("activities", queryset=Activity.objects.order_by().annotate(iati_spent=spent),
                 to_attr="iati_finance_activities"),
    )


def _from_prefetched(action):
    planned, spent = {}, {}
    for line in action.iati_budget_lines:
        planned[line.year] = planned.get(line.year, ZERO) + (line.planned or ZERO)
        spent[line.year] = spent.get(line.year, ZERO) + (line.actual or ZERO)
    for activity in action.iati_finance_activities:
        if activity.iati_spent is not None:
            year = activity.start_date.year
            spent[year] = spent.get(year, ZERO) + activity.iati_spent
    return planned, spent


def prefetch_finance(actions):
    """Planned and spent amounts per year of every Action in `actions` (a list), in two grouped queries."""
    by_id = {action.pk: action for action in actions}
    for action in by_id.values():
        action._iati_finance = ({}, {})
    if not by_id:
        return
    for row in (BudgetLine.objects.filter(action_id__in=by_id).values("action_id", "year")
                .annotate(planned=Sum("planned"), actual=Sum("actual")).order_by()):
        planned, spent = by_id[row["action_id"]]._iati_finance
        planned[row["year"]] = planned.get(row["year"], ZERO) + (row["planned"] or ZERO)
        spent[row["year"]] = spent.get(row["year"], ZERO) + (row["actual"] or ZERO)
    # Missions still to take place are committed, not spent.
    for row in (ActivityCost.objects.filter(activity__action_id__in=by_id, committed=False)
                .values("activity__action_id", year=ExtractYear("activity__start_date"))
                .annotate(actual=Sum("actual")).order_by()):
        _planned, spent = by_id[row["activity__action_id"]]._iati_finance
        spent[row["year"]] = spent.get(row["year"], ZERO) + (row["actual"] or ZERO)


def finance_by_year(action):
    """({year: planned}, {year: spent}) of `action`, from what `prefetch` read when it did."""
    if hasattr(action, "iati_budget_lines"):
        return _from_prefetched(action)
    if not hasattr(action, "_iati_finance"):
        prefetch_finance([action])
    return action._iati_finance


def finance_elements(action):
    """The Action's `budget` and `transaction` elements, in that order."""
    elements = []
    planned, spent = finance_by_year(action)
    status = BUDGET_STATUS_INDICATIVE if action.status == ActionStatus.PLANNED else BUDGET_STATUS_COMMITTED
    for year in sorted(planned):
        start, end = year_period(action, year)
        if planned[year] <= 0 or end < start:
            continue
        budget = etree.Element("budget", type=BUDGET_TYPE_ORIGINAL, status=status)
        elements.append(budget)
        etree.SubElement(budget, "period-start", **{"iso-date": start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": end.isoformat()})
        _value(budget, planned[year], start)
    today = timezone.localdate()
    for year in sorted(spent):
        if spent[year] <= 0:
            continue
        start, end = year_period(action, year)
        date = min(max(end, start), today)
        transaction = etree.Element("transaction")
        elements.append(transaction)
        etree.SubElement(transaction, "transaction-type", code=TRANSACTION_EXPENDITURE)
        etree.SubElement(transaction, "transaction-date", **{"iso-date": date.isoformat()})
        _value(transaction, spent[year], date)
        description = etree.SubElement(transaction, "description")
        etree.SubElement(description, "narrative").text = f"Expenditure {year}"
    return elements
