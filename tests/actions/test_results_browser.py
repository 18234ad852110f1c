"""The results path in a real browser: staff define indicators and complete the Action, the partner
evaluates it and, six months later (simulated), answers the follow-up; the dashboard, the public page
and the IATI file show the results."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from actions import evaluation
from actions.models import ActionStatus
from actions.results_models import FollowUpSchedule, PartnerEvaluation, PartnerFollowUp
from tests.actions.test_browser import sign_in
from tests.conftest import require_service
from tests.factories import ActionFactory, ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_results_from_indicators_to_follow_up(live_server, browser_page, staff_user, partner_user, institution):
    action = ActionFactory(institution=institution, title="Fair recruitment in Kenya", status=ActionStatus.ONGOING,
                           is_public=True, actual_start=datetime.date(2026, 1, 12))
    ActivityFactory(action=action, delivered=True)
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())

    # Staff define an indicator at planning, then record the value reached and complete the Action.
    sign_in(page, live_server, staff_user)
    page.goto(f"{live_server.url}/workspace/actions/{action.code}/")
    page.get_by_role("link", name="Add an indicator").click()
    page.locator("#id_title").fill("Labour inspectors trained in fair recruitment")
    page.locator("#id_result_type").select_option("output")
    page.locator("#id_measure").select_option("unit")
    page.locator("#id_baseline").fill("0")
    page.locator("#id_baseline_year").fill("2025")
    page.locator("#id_target").fill("40")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/workspace/actions/{action.code}/")
    page.get_by_role("link", name="Edit Labour inspectors trained in fair recruitment").click()
    page.locator("#id_actual").fill("140%")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("is not a number").is_visible()
    page.locator("#id_actual").fill("46")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/workspace/actions/{action.code}/")
    assert page.get_by_text("Target reached").first.is_visible()
    page.get_by_role("button", name="Close as completed").click()
    page.wait_for_load_state("load")
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED
    page.screenshot(path="/tmp/results_staff_action.png", full_page=True)

    # The partner evaluates the Action from their account.
    page.context.clear_cookies()
    sign_in(page, live_server, partner_user)
    page.goto(f"{live_server.url}/workspace/actions/{action.code}/")
    page.get_by_role("link", name="Evaluate the Action").click()
    page.get_by_role("group", name="Overall, how satisfied").get_by_label("5").check()
    page.get_by_role("group", name="How relevant").get_by_label("4").check()
    page.get_by_role("group", name="How good were the experts").get_by_label("5").check()
    page.get_by_role("group", name="Were the Action's objectives met").get_by_label("Yes").check()
    page.get_by_label("What should follow?").fill("A regional exchange with Uganda.")
    page.screenshot(path="/tmp/results_partner_evaluation.png", full_page=True)
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_url(f"{live_server.url}/workspace/actions/{action.code}/")
    assert PartnerEvaluation.objects.get(member=partner_user).satisfaction == 5

    # Six months later the follow-up arrives (the daily job, run twice) and the partner answers it.
    due = FollowUpSchedule.objects.get(action=action).due_on
    assert due == evaluation.add_months(action.actual_end, 6)
    assert evaluation.send_due_follow_ups(due) == 1
    assert evaluation.send_due_follow_ups(due) == 0
    page.goto(f"{live_server.url}/workspace/actions/{action.code}/")
    page.get_by_role("link", name="Answer the follow-up").click()
    page.get_by_role("group", name="Have you used the results").get_by_label("Partly").check()
    page.get_by_label("How? Give an example or two.").fill("The new inspection checklist is in use.")
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_url(f"{live_server.url}/workspace/actions/{action.code}/")
    assert PartnerFollowUp.objects.get(member=partner_user).results_used == "partly"

    # The dashboard shows the figures with their basis; the public page shows the indicator in words.
    page.context.clear_cookies()
    sign_in(page, live_server, staff_user)
    page.goto(f"{live_server.url}/staff/")
    results = page.locator("table[data-table=results]")
    assert "Indicators at or above target" in results.inner_text()
    follow_up_row = results.get_by_role("row").filter(has_text="results used")
    assert "100%" in follow_up_row.inner_text() and follow_up_row.inner_text().strip().endswith("1")
    page.screenshot(path="/tmp/results_dashboard.png", full_page=True)
    page.goto(f"{live_server.url}/actions/{action.code}/")
    assert page.get_by_text("Reached 46 against a target of 40.").is_visible()
    page.screenshot(path="/tmp/results_public_page.png", full_page=True)

    # The IATI file carries the result and validates.
    response = page.request.get(f"{live_server.url}/iati/activities.xml")
    root = etree.fromstring(response.body())
    assert root.find(".//result/indicator/period/actual").get("value") == "46"
    schema_path = Path(os.environ.get("IATI_SCHEMA_DIR") or Path(settings.BASE_DIR).parent / "shared" / "iati") / "iati-activities-schema.xsd"
    require_service(schema_path.exists(), "the IATI schema")
    etree.XMLSchema(etree.parse(str(schema_path))).assertValid(root)
