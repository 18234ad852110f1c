"""Money on the staff dashboard: spend against plan by year/phase/region/theme, cost per type and participant."""

import datetime
from decimal import Decimal

import pytest

from actions.budget_models import ActivityCost
from actions.budgets import budget_line_save
from tests.factories import ActionFactory, ActivityFactory
from tests.factories.core import activity_type, area, phase, region

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def money(staff_user):
    kenya = ActionFactory(phase=phase("IV"), region=region("AFR"), thematic_areas=[area("LMM")])
    jordan = ActionFactory(code="MIEUX-2026-200-JO", countries=["JO"], phase=phase("III"), region=region("SOU"),
                           thematic_areas=[area("IPA")])
    budget_line_save(actor=staff_user, action=kenya, year=2026, category="travel", planned="10000")
    budget_line_save(actor=staff_user, action=jordan, year=2026, category="venue", planned="4000", actual="500")
    workshop = ActivityFactory(action=kenya, type=activity_type("workshop"), delivered=True)  # 30 participants
    visit = ActivityFactory(action=jordan, type=activity_type("study_visit"), delivered=True, participants_total=10,
                            participants_women=5, participants_men=5)
    ActivityCost.objects.create(activity=workshop, category="travel", actual=Decimal("2400.00"))
    ActivityCost.objects.create(activity=workshop, category="subsistence", actual=Decimal("600.00"), committed=True,
                                computed_key="deployment:1:subsistence")
    ActivityCost.objects.create(activity=visit, category="venue", actual=Decimal("1500.00"))


def table(page, table_id):
    return next(t for t in page.context["tables"] if t.id == table_id)


def test_spend_against_plan_by_year_phase_region_and_theme(money, staff_user, client_for):
    page = client_for(staff_user).get("/staff/")
    assert table(page, "spend_year").rows == [[2026, "14,000.00", "5,000.00", "600.00", "9,000.00", "36%"]]
    phases = {row[0]: row[1:3] for row in table(page, "spend_phase").rows}
    assert phases["Phase IV (MIEUX+)" if "Phase IV (MIEUX+)" in phases else next(k for k in phases if "IV" in k)] == [
        "10,000.00", "3,000.00"]
    regions = table(page, "spend_region")
    assert regions.footer[1:3] == ["14,000.00", "5,000.00"]
    assert len(table(page, "spend_theme").rows) == 2


def test_cost_per_activity_type_and_participant(money, staff_user, client_for):
    rows = {row[0]: row[1:] for row in table(client_for(staff_user).get("/staff/"), "cost_type").rows}
    workshop = next(v for k, v in rows.items() if "orkshop" in k)
    assert workshop == [1, "3,000.00", "3,000.00", 30, "100.00"]
    visit = next(v for k, v in rows.items() if "isit" in k)
    assert visit == [1, "1,500.00", "1,500.00", 10, "150.00"]


def test_filters_apply_and_csv_downloads(money, staff_user, client_for):
    client = client_for(staff_user)
    page = client.get("/staff/", {"region": "SOU"})
    assert table(page, "spend_year").rows == [[2026, "4,000.00", "2,000.00", "0.00", "2,000.00", "50%"]]
    response = client.get("/staff/", {"export": "spend_region"})
    assert response["Content-Type"].startswith("text/csv")
    assert "Total,\"14,000.00\",\"5,000.00\"" in response.content.decode()


def test_partner_never_reaches_the_dashboard(money, partner_user, client_for):
    assert client_for(partner_user).get("/staff/", {"export": "spend_year"}).status_code == 404
