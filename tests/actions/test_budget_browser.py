"""End to end in the browser: staff plan a budget, send an expert with tickets, allowance and documents,
see the spend against plan, and the public IATI file carries the budget and the expenditure."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from actions.budget_models import BudgetLine
from actions.models import Activity, ActivityStatus
from experts.logistics_models import AllowanceRate
from experts.models import DeploymentStatus
from tests.experts.test_browser import sign_in
from tests.factories import ActionFactory, ActivityFactory, DeploymentFactory, ExpertFactory, UserFactory
from tests.factories.core import employer_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def test_staff_plan_send_an_expert_and_see_spend_against_plan(live_server, browser_page, settings, tmp_path):
    settings.MISSION_RELEASE_LETTER_EMPLOYER_TYPES = ["eu_admin", "non_eu_admin"]
    settings.MISSION_DAILY_FEE_EUR = "350.00"
    page = browser_page
    staff = UserFactory(staff=True, email="planner@example.org", full_name="Paula Planner")
    action = ActionFactory(code="MIEUX-2026-077-KE", published=True, planned_start=D(2026, 2, 1), planned_end=D(2027, 6, 30))
    activity = ActivityFactory(action=action, title="Workshop on fair recruitment", city="Nairobi", country="KE",
                               start_date=D(2026, 3, 10), end_date=D(2026, 3, 12))
    AllowanceRate.objects.create(country="KE", daily_rate=Decimal("200.00"), effective_from=D(2025, 1, 1))
    AllowanceRate.objects.create(country="KE", city="Nairobi", daily_rate=Decimal("240.00"), effective_from=D(2026, 3, 11))
    expert = ExpertFactory(first_name="Ivana", last_name="Petrova", employer_type=employer_type("eu_admin"),
                           user=UserFactory(expert=True, email="ivana@example.org"))
    deployment = DeploymentFactory(activity=activity, expert=expert, status=DeploymentStatus.ACCEPTED)
    sign_in(page, live_server.url, staff)

    # 1. Plan the budget from the Action page.
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    page.get_by_role("link", name="Budget").click()
    for year, category, amount in (("2026", "travel", "3000.00"), ("2026", "subsistence", "2500.00"),
                                   ("2027", "venue", "4000.00")):
        page.get_by_role("link", name="Plan a budget line").click()
        page.get_by_label("Year").select_option(year)
        page.get_by_label("Cost category").select_option(category)
        page.get_by_label("Planned (EUR)").fill(amount)
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state("load")
    assert page.locator('[data-figure="planned"]').inner_text() == "9,500.00 EUR"
    assert BudgetLine.objects.filter(action=action).count() == 3

    # 2. The mission: travel booked and ticketed, the release letter uploaded, the documents downloaded.
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Mission Ivana Petrova")).click()
    page.wait_for_load_state("load")
    page.get_by_text("Change the travel").click()
    page.get_by_label("Outbound travel date").fill("2026-03-09")
    page.get_by_label("Return travel date").fill("2026-03-13")
    page.get_by_label("Travelling from").fill("Sofia")
    page.get_by_label("Travelling to").fill("Nairobi")
    page.get_by_label("Booking status").select_option("ticket_issued")
    page.get_by_label("Ticket cost (EUR)").fill("812.40")
    page.get_by_role("button", name="Save the travel").click()
    page.wait_for_load_state("load")
    # 9 and 10 March at the country rate (200), 11 and 12 at Nairobi's new rate (240), the return day at half.
    assert page.locator('[data-figure="allowance"]').inner_text().startswith("1,000.00 EUR")
    assert "No fee" in page.locator('[data-figure="fee"]').inner_text()
    letter = tmp_path / "release-letter.pdf"
    letter.write_bytes(b"%PDF-1.4\n% release letter of the Ministry\n")
    page.get_by_label("Employer's release letter (PDF or image)").set_input_files(str(letter))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("link", name="Download the release letter").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Invitation letter")).click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    page.screenshot(path="/tmp/money-mission.png", full_page=True)

    # 3. Confirm, then mark completed: the mission's costs flow into the Action's actuals.
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    page.get_by_role("button", name=re.compile("Confirm Ivana Petrova")).click()
    page.wait_for_load_state("load")
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.CONFIRMED
    page.goto(f"{live_server.url}/workspace/actions/{action.code}/budget/")
    assert page.locator('[data-figure="actual"]').inner_text() == "1,812.40 EUR"
    assert page.locator('[data-figure="committed"]').inner_text() == "1,812.40 EUR"
    assert page.locator('[data-figure="remaining"]').inner_text() == "7,687.60 EUR"
    # A deployment is completed once its activity is recorded as delivered.
    Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.DELIVERED)
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    page.get_by_role("button", name=re.compile("Mark completed Ivana Petrova")).click()
    page.wait_for_load_state("load")
    page.goto(f"{live_server.url}/workspace/actions/{action.code}/budget/")
    assert page.locator('[data-figure="committed"]').inner_text() == "0.00 EUR"
    page.screenshot(path="/tmp/money-budget.png", full_page=True)

    # 4. The public IATI file: budgets per year inside the Action's dates, the expenditure, in EUR.
    response = page.request.get(f"{live_server.url}/iati/activities.xml")
    root = etree.fromstring(response.body())
    activity_xml = next(a for a in root.iter("iati-activity") if a.findtext("iati-identifier").endswith(action.code))
    assert activity_xml.get("default-currency") == "EUR"
    assert [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"), b.findtext("value"))
            for b in activity_xml.findall("budget")] == [("2026-02-01", "2026-12-31", "5500.00"),
                                                          ("2027-01-01", "2027-06-30", "4000.00")]
    [transaction] = activity_xml.findall("transaction")
    assert transaction.find("transaction-type").get("code") == "4" and transaction.findtext("value") == "1812.40"
