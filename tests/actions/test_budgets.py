"""Budgets: rules, roll-up, staff pages, permissions (partners and experts never see costs), concurrent edits."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from actions import budgets
from actions.budget_models import ActivityCost, BudgetLine
from tests.actions.test_concurrency import run_in_threads
from tests.conftest import require_service
from tests.factories import ActionFactory, ActivityFactory, DeploymentFactory, ExpertFactory, UserFactory

D = datetime.date


@pytest.fixture
def action(db, institution):
    return ActionFactory(code="MIEUX-2026-050-KE", institution=institution, planned_start=D(2026, 1, 1), planned_end=D(2027, 6, 30))


def test_planned_lines_and_activity_costs_roll_up_by_year_and_category(action, staff_user):
    budgets.budget_line_save(actor=staff_user, action=action, year=2026, category="venue", planned="5000.00", actual="250.00")
    budgets.budget_line_save(actor=staff_user, action=action, year=2027, category="venue", planned="2000")
    a2026 = ActivityFactory(action=action, start_date=D(2026, 5, 4), end_date=D(2026, 5, 5))
    a2027 = ActivityFactory(action=action, start_date=D(2027, 2, 1), end_date=D(2027, 2, 2))
    budgets.activity_cost_add(actor=staff_user, activity=a2026, category="venue", planned="1800", actual="1750.10")
    budgets.activity_cost_add(actor=staff_user, activity=a2026, category="interpretation", planned="900", actual=None)
    budgets.activity_cost_add(actor=staff_user, activity=a2027, category="venue", planned="1500", actual="1499.99")
    summary = budgets.action_budget_summary(action)
    assert summary.years == [2026, 2027]
    venue = summary.cell(2026, "venue")
    assert (venue.planned, venue.activity_planned, venue.actual, venue.remaining) == (
        Decimal("5000.00"), Decimal("1800.00"), Decimal("2000.10"), Decimal("2999.90"))
    assert summary.cell(2026, "interpretation").actual == 0
    assert summary.cell(2027, "venue").actual == Decimal("1499.99")
    assert summary.total.planned == Decimal("7000.00") and summary.total.actual == Decimal("3500.09")
    assert all(isinstance(c.actual, Decimal) for c in summary.cells.values())


@pytest.mark.parametrize("year, planned, message", [
    (2025, "10", "outside the Action's dates"), (2026, "-1", "cannot be negative"), (2026, "abc", "not an amount"),
    (2026, "1.001", "two decimals"), (2026, 1.5, "not floating-point"),
])
def test_budget_line_rules(action, staff_user, year, planned, message):
    with pytest.raises(budgets.BudgetError, match=message):
        budgets.budget_line_save(actor=staff_user, action=action, year=year, category="travel", planned=planned)
    assert not BudgetLine.objects.exists()


def test_second_edit_from_a_stale_form_is_refused_not_lost(action, staff_user):
    line = budgets.budget_line_save(actor=staff_user, action=action, year=2026, category="travel", planned="100")
    read_version = line.version
    budgets.budget_line_save(actor=staff_user, action=action, year=2026, category="travel", planned="150", version=read_version)
    with pytest.raises(budgets.BudgetConflict, match="150.00"):
        budgets.budget_line_save(actor=staff_user, action=action, year=2026, category="travel", planned="120", version=read_version)
    line.refresh_from_db()
    assert line.planned == Decimal("150.00") and line.version == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_one_budget_line_lose_no_change():
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    staff = UserFactory(staff=True)
    action = ActionFactory()
    line = budgets.budget_line_save(actor=staff, action=action, year=2026, category="travel", planned="100")
    results = run_in_threads(*(
        lambda amount=amount: budgets.budget_line_save(actor=staff, action=action, year=2026, category="travel",
                                                       planned=amount, version=line.version)
        for amount in ("200", "300")
    ))
    winners = [r for r in results if isinstance(r, BudgetLine)]
    assert len(winners) == 1 and sum(isinstance(r, budgets.BudgetConflict) for r in results) == 1
    line.refresh_from_db()
    assert line.planned == winners[0].planned and line.version == 2


def test_staff_budget_page_shows_plan_actual_committed_and_remaining(action, staff_user, client_for):
    budgets.budget_line_save(actor=staff_user, action=action, year=2026, category="travel", planned="10000")
    activity = ActivityFactory(action=action)
    ActivityCost.objects.create(activity=activity, category="travel", planned=Decimal("700"), actual=Decimal("700"),
                                committed=True, computed_key="deployment:1:travel")
    client = client_for(staff_user)
    page = client.get(f"/workspace/actions/{action.code}/budget/").content.decode()
    assert 'data-figure="planned">10,000.00 EUR' in page
    assert 'data-figure="actual">700.00 EUR' in page
    assert 'data-figure="committed">700.00 EUR' in page
    assert 'data-figure="remaining">9,300.00 EUR' in page
    csv_text = client.get(f"/workspace/actions/{action.code}/budget.csv").content.decode()
    assert f"{action.code},2026,travel,10000.00,700.00,700.00,700.00,9300.00" in csv_text


def test_staff_edit_through_the_form_and_a_stale_form_gets_a_message(action, staff_user, client_for):
    client = client_for(staff_user)
    response = client.post(f"/workspace/actions/{action.code}/budget/line/",
                           {"year": 2026, "category": "venue", "planned": "3000.00", "actual": "", "version": 0})
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert line.planned == Decimal("3000.00")
    client.post(f"/workspace/actions/{action.code}/budget/line/",
                {"year": 2026, "category": "venue", "planned": "3100", "actual": "", "version": line.version})
    stale = client.post(f"/workspace/actions/{action.code}/budget/line/",
                        {"year": 2026, "category": "venue", "planned": "2900", "actual": "", "version": line.version})
    assert stale.status_code == 200 and "Someone else changed this budget line" in stale.content.decode()
    line.refresh_from_db()
    assert line.planned == Decimal("3100.00")
    bad = client.post(f"/workspace/actions/{action.code}/budget/line/", {"year": 2026, "category": "venue", "planned": "-3"})
    assert bad.status_code == 200 and not BudgetLine.objects.filter(planned__lt=0).exists()


@pytest.mark.parametrize("path", ["/budget/", "/budget.csv", "/budget/line/"])
def test_partners_experts_and_outsiders_get_404_on_money_pages(action, partner_user, other_partner, expert_user, client, path):
    activity = ActivityFactory(action=action)
    DeploymentFactory(activity=activity, expert=ExpertFactory(user=expert_user), status="confirmed")
    for user in (partner_user, other_partner, expert_user):
        client.force_login(user)
        assert client.get(f"/workspace/actions/{action.code}{path}").status_code == 404
    client.logout()
    assert client.get(f"/workspace/actions/{action.code}{path}").status_code == 404


def test_partner_action_page_shows_no_money(action, partner_user, staff_user, client_for):
    budgets.budget_line_save(actor=staff_user, action=action, year=2026, category="travel", planned="12345.67")
    page = client_for(partner_user).get(f"/workspace/actions/{action.code}/").content.decode()
    assert "12,345.67" not in page and "12345.67" not in page and "/budget/" not in page
