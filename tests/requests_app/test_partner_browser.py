"""Drafting a request over several steps in a real browser, leaving, coming back and submitting."""

import pytest

from requests_app.models import Request, RequestStatus
from tests.factories.core import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/requests/")


def test_partner_drafts_over_several_steps_leaves_comes_back_and_submits(live_server, browser_page, partner_user):
    page, base = browser_page, live_server.url
    _sign_in(page, base, partner_user)
    page.screenshot(path="/tmp/intake-dashboard-empty.png", full_page=True)
    page.get_by_role("button", name="New request").click()
    page.wait_for_url("**/edit/1/")

    # Step 1, autosaved by htmx on change (no reload), then "Save and continue".
    page.get_by_label("Title").fill("Border management & data sharing")
    page.get_by_label("Legal Migration and Mobility").check()
    page.locator("#autosave-status").get_by_text("Saved at").wait_for()
    obj = Request.objects.get()
    assert obj.title == "Border management & data sharing"
    page.screenshot(path="/tmp/intake-step1.png", full_page=True)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/edit/2/")
    page.get_by_label("Background and context").fill("A new national strategy was adopted in 2025.")
    page.get_by_label("The problem your institution wants to address").fill("No shared data between agencies.")
    page.get_by_label("Other projects on the same subject").fill("None known.")
    page.get_by_role("button", name="Save and finish later").click()
    page.wait_for_url(f"{base}/requests/")

    # Leave: sign out, come back later, continue where we were.
    page.context.clear_cookies()
    _sign_in(page, base, partner_user)
    page.get_by_role("link", name="Continue the draft").click()
    page.wait_for_url("**/edit/2/")
    assert page.get_by_label("Background and context").input_value() == "A new national strategy was adopted in 2025."
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/edit/3/")
    page.get_by_label("Objectives").fill("Set up a data-sharing protocol.")
    page.get_by_label("Expected results").fill("A signed protocol; 30 officials trained.")
    page.get_by_label("Target groups").fill("Border police and immigration officers.")
    page.get_by_label("Estimated number of participants").fill("30")
    page.get_by_label("Training session").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/edit/4/")
    page.get_by_label("Earliest start").fill("2027-02-01")
    page.get_by_label("Latest end").fill("2027-11-30")
    page.get_by_label("Your institution's commitment").fill("Training rooms and two focal points.")
    page.screenshot(path="/tmp/intake-step4.png", full_page=True)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/edit/5/")
    page.screenshot(path="/tmp/intake-step5.png", full_page=True)
    page.get_by_role("button", name="Check and submit").click()
    page.wait_for_url("**/submit/")
    page.screenshot(path="/tmp/intake-check.png", full_page=True)
    page.get_by_role("button", name="Submit the request").click()
    page.wait_for_url(f"{base}/requests/{obj.pk}/")
    page.screenshot(path="/tmp/intake-detail.png", full_page=True)
    obj.refresh_from_db()
    assert obj.status == RequestStatus.SUBMITTED
    assert page.get_by_text(obj.reference).first.is_visible()


def test_new_partner_registers_an_institution_in_the_browser(live_server, browser_page):
    from requests_app.models import Membership
    from tests.factories import UserFactory

    page, base = browser_page, live_server.url
    page.goto(f"{base}/accounts/signup/")
    page.screenshot(path="/tmp/intake-signup.png", full_page=True)
    assert page.get_by_role("heading", name="Register your institution").is_visible()
    user = UserFactory(email="newcomer@example.org")
    _sign_in_to(page, base, user, expected="/requests/institution/")
    page.get_by_label("Name").first.fill("Migration Directorate")
    page.get_by_label("Type of institution").select_option(label="Local authority")
    page.get_by_label("Country").first.select_option("PE")
    page.get_by_label("City").fill("Lima")
    page.screenshot(path="/tmp/intake-institution.png", full_page=True)
    page.get_by_role("button", name="Register the institution").click()
    page.wait_for_url(f"{base}/requests/")
    assert Membership.objects.get(user=user).status == "active"
    page.screenshot(path="/tmp/intake-dashboard-new.png", full_page=True)


def _sign_in_to(page, base, user, expected):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}{expected}")


def test_staff_see_what_changed_after_a_resubmission(live_server, browser_page, partner_user, staff_user):
    from requests_app.forms import StepObjectivesForm
    from requests_app.services import intake, review
    from tests.factories import RequestFactory

    obj = RequestFactory(institution=partner_user.memberships.get().institution, objectives="Train officials.")
    intake.request_submit(actor=partner_user, request_obj=obj)
    review.request_ask_info(actor=staff_user, request_id=obj.pk, message="Which agencies exactly?")
    obj.refresh_from_db()
    form = StepObjectivesForm({"objectives": "Train officials of the police and the labour inspectorate.",
                               "expected_results": obj.expected_results, "target_groups": obj.target_groups,
                               "estimated_participants": "60",
                               "activity_types": list(obj.activity_types.values_list("pk", flat=True))}, instance=obj)
    assert form.is_valid()
    intake.request_save_step(actor=partner_user, request_obj=obj, step=3, data=form.cleaned_data)
    intake.request_resubmit(actor=partner_user, request_obj=obj, answer="Police and labour inspectorate.")

    page, base = browser_page, live_server.url
    _sign_in_to(page, base, staff_user, expected="/staff/")
    page.goto(f"{base}/requests/{obj.pk}/")
    heading = page.get_by_role("heading", name="What changed since the information request")
    assert heading.is_visible()
    assert page.get_by_role("cell", name="Train officials of the police and the labour inspectorate.").is_visible()
    assert page.get_by_text("Institution not yet verified").is_visible()
    page.screenshot(path="/tmp/intake-staff-detail.png", full_page=True)
    page.get_by_role("button", name="Verify the institution").click()
    page.get_by_text("The institution has been verified.").wait_for()


def test_typing_is_autosaved_and_a_lost_connection_is_reported(live_server, browser_page, partner_user):
    from tests.factories import RequestFactory

    obj = RequestFactory(institution=partner_user.memberships.get().institution, background="")
    page, base = browser_page, live_server.url
    _sign_in(page, base, partner_user)
    page.goto(f"{base}/requests/{obj.pk}/edit/2/")
    page.get_by_label("Background and context").press_sequentially("Typed without leaving the field")
    page.locator("#autosave-status").get_by_text("Saved at").wait_for()
    obj.refresh_from_db()
    assert obj.background == "Typed without leaving the field"

    page.context.set_offline(True)
    page.get_by_label("Background and context").press_sequentially(", then offline")
    page.locator("#autosave-status").get_by_text("Not saved").wait_for()
    page.screenshot(path="/tmp/intake-offline.png")
    page.context.set_offline(False)
    assert page.get_by_label("Background and context").input_value().endswith("then offline")
