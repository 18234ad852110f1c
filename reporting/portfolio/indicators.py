"""indicators.csv: the results framework of historical Actions (shared/DATA-EXCHANGE.md).

Values are checked by the same rule as the staff form (`actions.results.value_error`): a number for
unit and percentage measures, a percentage between 0 and 100, words only for qualitative ones.
"""

from django.utils.translation import gettext as _

from actions.models import Action
from actions.results import value_error
from actions.results_models import Indicator
from reporting.portfolio.spec import ACTIONS, INDICATORS
from reporting.portfolio.stage import Stage

VALUE_COLUMNS = ("baseline", "target", "actual")


def check_indicator_row(validator, r):
    """A row's own rules: each value fits the measure; a baseline year is a plausible year."""
    if r["measure"] and r.ok("measure"):
        for column in VALUE_COLUMNS:
            message = value_error(r["measure"], r[column])
            if message and r.ok(column):
                validator.error(r, column, message)
    year = r["baseline_year"]
    if year is not None and r.ok("baseline_year") and not 1900 <= year <= 2200:
        validator.error(r, "baseline_year", _("“%(value)s” is not a year") % {"value": year})
    if year is not None and not r["baseline"]:
        validator.error(r, "baseline_year", _("a baseline year needs a baseline"))


def check_indicator_references(validator, validated):
    for r in validator.records[INDICATORS]:
        code = r["action_code"]
        if code and r.ok("action_code") and code not in validator.keys[ACTIONS] and code not in validated.actions:
            validator.error(r, "action_code", _("unknown Action “%(key)s”") % {"key": code})


def indicator_action_codes(validator):
    return {r["action_code"] for r in validator.records[INDICATORS] if r["action_code"]}


def existing_indicators(refs):
    return {o.ref: o for o in Indicator.objects.filter(ref__in=list(refs))} if refs else {}


class IndicatorStage(Stage):
    model = Indicator

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions

    def key(self, r):
        return r["ref"]

    def desired(self, r, obj):
        return {
            "ref": r["ref"],
            "action_id": self.actions[r["action_code"]].pk,
            "title": r["title"],
            "result_type": r["result_type"],
            "measure": r["measure"],
            "baseline": r["baseline"] or "",
            "baseline_year": r["baseline_year"],
            "target": r["target"] or "",
            "actual": r["actual"] or "",
            "imported": True,
        }


def write_indicators(writer):
    """Create or update the indicators of the import, once its Actions are written."""
    records = writer.validated.records.get(INDICATORS) or []
    if not records:
        return
    codes = {r["action_code"] for r in records}
    actions = {a.code: a for a in Action.objects.filter(code__in=sorted(codes))}
    existing = existing_indicators([r["ref"] for r in records])
    IndicatorStage(writer, INDICATORS, records, existing, actions=actions).write()
