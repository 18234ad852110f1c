"""Budget rules and read models: plan per year and category, activity costs, the roll-up into actuals.

Actual spending of a year and category = the budget line's own `actual` (spending not recorded per
activity, e.g. from the historical import) + the actual of every activity cost line of that category
whose activity starts in that year, including the lines computed from confirmed deployments.
Committed = the part of those computed lines whose mission has not taken place yet.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.budget_models import ZERO, ActivityCost, BudgetLine, CostCategory

CENT = Decimal("0.01")


class BudgetError(Exception):
    """A budget change refused; the message is for the user."""


class BudgetConflict(BudgetError):
    """The line changed since the form was read."""


def parse_amount(value, *, allow_empty=False) -> Decimal | None:
    """A non-negative amount in EUR from user or file input, as a Decimal with two places."""
    if value is None or str(value).strip() == "":
        if allow_empty:
            return None
        raise BudgetError(_("An amount is required."))
    if isinstance(value, float):
        raise BudgetError(_("Amounts are decimals, not floating-point numbers."))
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise BudgetError(_("“%(value)s” is not an amount in EUR.") % {"value": value}) from None
    if not amount.is_finite():
        raise BudgetError(_("“%(value)s” is not an amount in EUR.") % {"value": value})
    if amount < 0:
        raise BudgetError(_("An amount cannot be negative."))
    if amount != amount.quantize(CENT):
        raise BudgetError(_("Amounts have at most two decimals (cents)."))
    return amount.quantize(CENT)


def action_years(action) -> list[int]:
    """The calendar years an Action's dates cover (empty when its dates are not known)."""
    start, end = action.start, action.end
    if not (start and end):
        return []
    return list(range(start.year, end.year + 1))


def check_year(action, year: int):
    years = action_years(action)
    if years and year not in years:
        raise BudgetError(
            _("%(year)s is outside the Action's dates (%(first)s–%(last)s).")
            % {"year": year, "first": years[0], "last": years[-1]}
        )


def budget_line_save(*, actor, action, year, category, planned, actual=None, version=None) -> BudgetLine:
    """Create or change one budget line; with `version`, refuse if someone changed it meanwhile."""
    if category not in CostCategory.values:
        raise BudgetError(_("Unknown cost category “%(category)s”.") % {"category": category})
    check_year(action, year)
    planned = parse_amount(planned)
    actual = parse_amount(actual, allow_empty=True)
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update().filter(action=action, year=year, category=category).first()
        if line is None:
            if version not in (None, 0):
                raise BudgetConflict(_("This budget line was deleted meanwhile; reload the page."))
            return BudgetLine.objects.create(
                action=action, year=year, category=category, planned=planned, actual=actual, updated_by=actor
            )
        if version is not None and line.version != version:
            raise BudgetConflict(
                _("Someone else changed this budget line meanwhile (now planned %(planned)s EUR); "
                  "reload the page and enter your change again.") % {"planned": line.planned}
            )
        # The UPDATE names the version read, so even without the row lock (SQLite) two saves cannot both win.
        updated = BudgetLine.objects.filter(pk=line.pk, version=line.version).update(
            planned=planned, actual=actual, version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
        )
        if not updated:
            raise BudgetConflict(_("Someone else changed this budget line meanwhile; reload the page."))
        line.refresh_from_db()
        return line


def activity_cost_add(*, actor, activity, category, planned, actual=None, description="") -> ActivityCost:
    """Add a manual cost line to an activity."""
    if category not in CostCategory.values:
        raise BudgetError(_("Unknown cost category “%(category)s”.") % {"category": category})
    return ActivityCost.objects.create(
        activity=activity, category=category, description=description[:250],
        planned=parse_amount(planned), actual=parse_amount(actual, allow_empty=True),
    )


def activity_cost_delete(*, actor, cost) -> None:
    if cost.is_computed:
        raise BudgetError(_("Computed costs follow their mission; change the mission instead."))
    cost.delete()


def computed_costs_set(*, activity, key_prefix, lines, committed) -> None:
    """Replace the computed cost lines under `key_prefix` by `lines` ([(category, description, amount)])."""
    keep = set()
    for category, description, amount in lines:
        key = f"{key_prefix}:{category}"
        keep.add(key)
        amount = (amount or ZERO).quantize(CENT)
        ActivityCost.objects.update_or_create(
            computed_key=key,
            defaults={"activity": activity, "category": category, "description": description[:250],
                      "planned": amount, "actual": amount, "committed": committed, "updated_at": timezone.now()},
        )
    ActivityCost.objects.filter(computed_key__startswith=f"{key_prefix}:").exclude(computed_key__in=keep).delete()


def computed_costs_clear(*, key_prefix) -> None:
    ActivityCost.objects.filter(computed_key__startswith=f"{key_prefix}:").delete()


@dataclass
class Cell:
    planned: Decimal = ZERO
    activity_planned: Decimal = ZERO
    actual: Decimal = ZERO
    committed: Decimal = ZERO

    @property
    def remaining(self):
        return self.planned - self.actual

    def add(self, other):
        self.planned += other.planned
        self.activity_planned += other.activity_planned
        self.actual += other.actual
        self.committed += other.committed


@dataclass
class BudgetSummary:
    years: list
    cells: dict = field(default_factory=dict)  # (year, category) -> Cell

    def cell(self, year, category):
        return self.cells.setdefault((year, category), Cell())

    def rows(self):
        """[(year, [(category label, Cell)], year total Cell)] for templates."""
        out = []
        for year in self.years:
            total = Cell()
            row = []
            for code, label in CostCategory.choices:
                cell = self.cells.get((year, code), Cell())
                total.add(cell)
                row.append((code, label, cell))
            out.append((year, row, total))
        return out

    @property
    def total(self):
        total = Cell()
        for cell in self.cells.values():
            total.add(cell)
        return total

    def actual_by_year(self):
        by_year = defaultdict(lambda: ZERO)
        for (year, _category), cell in self.cells.items():
            by_year[year] += cell.actual
        return dict(by_year)

    def planned_by_year(self):
        by_year = defaultdict(lambda: ZERO)
        for (year, _category), cell in self.cells.items():
            by_year[year] += cell.planned
        return dict(by_year)


def action_budget_summary(action) -> BudgetSummary:
    """Planned, actual, committed and remaining per year and category, with activity costs rolled up."""
    summary = BudgetSummary(years=[])
    for line in BudgetLine.objects.filter(action=action):
        cell = summary.cell(line.year, line.category)
        cell.planned += line.planned
        cell.actual += line.actual or ZERO
    costs = (
        ActivityCost.objects.filter(activity__action=action)
        .annotate(year=ExtractYear("activity__start_date"))
        .values("year", "category", "committed")
        .annotate(planned=Sum("planned"), actual=Sum("actual"))
    )
    for row in costs:
        cell = summary.cell(row["year"], row["category"])
        cell.activity_planned += row["planned"] or ZERO
        cell.actual += row["actual"] or ZERO
        if row["committed"]:
            cell.committed += row["actual"] or ZERO
    summary.years = sorted(set(action_years(action)) | {year for year, _c in summary.cells})
    return summary
