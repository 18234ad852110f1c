"""budgets.csv: the checks across files (Action known, year within its dates, amounts) and the writing.

Budget lines are matched by (action_code, year, category); a changed line gets a new version, so a
staff member editing it at the same moment is told instead of overwriting the import.
"""

from django.db.models import F
from django.utils.translation import gettext as _

from actions.budget_models import BudgetLine
from actions.budgets import BudgetError, parse_amount
from actions.models import Action
from reporting.portfolio.report import FileCounts
from reporting.portfolio.spec import ACTIONS, BUDGETS

MIN_YEAR, MAX_YEAR = 1990, 2100


def check_budgets(validator, validated):
    """Add an issue for every budget row whose Action, year or amounts are wrong; keep the clean amounts."""
    records = validator.records[BUDGETS]
    in_file = validator.keys[ACTIONS]
    missing = {r["action_code"] for r in records if r["action_code"] and r["action_code"] not in in_file
               and r["action_code"] not in validated.actions}
    if missing:
        validated.actions.update({a.code: a for a in Action.objects.filter(code__in=sorted(missing))})
    for r in records:
        for column, allow_empty in (("planned", False), ("actual", True)):
            if not r.ok(column):
                continue
            try:
                r.values[column] = parse_amount(r[column], allow_empty=allow_empty)
            except BudgetError as error:
                validator.error(r, column, str(error).rstrip("."))
        code, year = r["action_code"], r["year"]
        if not code or not r.ok("action_code"):
            continue
        if code in in_file:
            start, end = in_file[code]["start_date"], in_file[code]["end_date"]
        elif code in validated.actions:
            action = validated.actions[code]
            start, end = action.start, action.end
        else:
            validator.error(r, "action_code", _("unknown Action “%(key)s”") % {"key": code})
            continue
        if year is None or not r.ok("year"):
            continue
        if not MIN_YEAR <= year <= MAX_YEAR:
            validator.error(r, "year", _("%(year)s is not a plausible year") % {"year": year})
        elif (start and year < start.year) or (end and year > end.year):
            validator.error(r, "year", _("%(year)s is outside the Action's dates (%(start)s – %(end)s)") % {
                "year": year, "start": start or "…", "end": end or "…"})


def write_budgets(writer, actions):
    """Create or update the budget lines of the file; returns nothing, counts go to the report."""
    records = writer.validated.records[BUDGETS]
    if not records:
        return
    counts = FileCounts()
    action_ids = {actions[r["action_code"]].pk for r in records}
    existing = {(line.action_id, line.year, line.category): line
                for line in BudgetLine.objects.filter(action_id__in=action_ids)}
    new = []
    for r in records:
        action_id = actions[r["action_code"]].pk
        line = existing.get((action_id, r["year"], r["category"]))
        if line is None:
            new.append(BudgetLine(action_id=action_id, year=r["year"], category=r["category"],
                                  planned=r["planned"], actual=r["actual"], updated_by=writer.actor))
            counts.created += 1
        elif (line.planned, line.actual) != (r["planned"], r["actual"]):
            BudgetLine.objects.filter(pk=line.pk).update(
                planned=r["planned"], actual=r["actual"], version=F("version") + 1, updated_by=writer.actor)
            counts.updated += 1
        else:
            counts.unchanged += 1
    BudgetLine.objects.bulk_create(new, batch_size=500)
    writer.report.counts[BUDGETS] = counts
