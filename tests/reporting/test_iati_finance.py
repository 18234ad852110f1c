"""IATI budgets and expenditure: valid, coded from the codelists, periods of at most a year inside the Action."""

import datetime
from decimal import Decimal

import pytest

from actions.budget_models import ActivityCost
from actions.budgets import budget_line_save
from tests.factories import ActionFactory, ActivityFactory
from tests.reporting.test_iati import codelist, fetch, schema  # noqa: F401 - the schema fixture

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def funded(staff_user):
    action = ActionFactory(published=True, code="MIEUX-2026-001-KE", planned_start=D(2026, 3, 1), planned_end=D(2027, 6, 30))
    budget_line_save(actor=staff_user, action=action, year=2026, category="travel", planned="10000.00")
    budget_line_save(actor=staff_user, action=action, year=2026, category="venue", planned="4000.00", actual="1200.00")
    budget_line_save(actor=staff_user, action=action, year=2027, category="subsistence", planned="5500.50")
    activity = ActivityFactory(action=action, start_date=D(2026, 4, 7), end_date=D(2026, 4, 9))
    ActivityCost.objects.create(activity=activity, category="travel", planned=Decimal("900"), actual=Decimal("850.25"))
    # A mission confirmed but not yet held: committed, not yet spent.
    ActivityCost.objects.create(activity=activity, category="subsistence", planned=Decimal("600"), actual=Decimal("600"),
                                committed=True, computed_key="deployment:999:subsistence")
    ActionFactory(published=True, code="MIEUX-2026-002-GH", countries=["GH"])  # no budget at all
    return action


def _activity(root, code):
    return next(a for a in root.iter("iati-activity") if a.findtext("iati-identifier").endswith(code))


def test_budgets_and_expenditure_are_valid_and_coded(client, schema, funded):  # noqa: F811
    root = fetch(client)
    schema.assertValid(root)
    activity = _activity(root, funded.code)
    assert activity.get("default-currency") == "EUR"
    assert {"EUR"} <= codelist("Currency")
    for tag, attribute, name in [("budget", "type", "BudgetType"), ("budget", "status", "BudgetStatus"),
                                 ("transaction-type", "code", "TransactionType")]:
        used = {element.get(attribute) for element in root.iter(tag)}
        assert used and used <= codelist(name), (tag, used)


def test_budget_periods_are_at_most_a_year_and_clipped_to_the_action(client, schema, funded):  # noqa: F811
    activity = _activity(fetch(client), funded.code)
    budgets = activity.findall("budget")
    periods = [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date")) for b in budgets]
    assert periods == [("2026-03-01", "2026-12-31"), ("2027-01-01", "2027-06-30")]
    for start, end in periods:
        assert (D.fromisoformat(end) - D.fromisoformat(start)).days < 366
    values = [(b.find("value").text, b.find("value").get("value-date")) for b in budgets]
    assert values == [("14000.00", "2026-03-01"), ("5500.50", "2027-01-01")]
    assert {b.get("status") for b in budgets} == {"2"}  # the Action runs: committed


def test_expenditure_is_what_was_spent_not_what_is_committed(client, schema, funded):  # noqa: F811
    activity = _activity(fetch(client), funded.code)
    transactions = activity.findall("transaction")
    assert len(transactions) == 1
    t = transactions[0]
    assert t.find("transaction-type").get("code") == "4"
    assert t.find("value").text == "2050.25"  # 1,200 venue + 850.25 travel; the 600 committed is left out
    assert t.find("transaction-date").get("iso-date") <= datetime.date.today().isoformat()


def test_action_without_budget_has_no_budget_element(client, schema, funded):  # noqa: F811
    activity = _activity(fetch(client), "MIEUX-2026-002-GH")
    assert activity.find("budget") is None and activity.find("transaction") is None
