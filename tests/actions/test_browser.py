"""Staff turn an approved request into an Action and plan its first activity, in a real browser."""

import pytest

from actions.models import Action
from tests.factories.core import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state("load")


def test_staff_creates_action_from_approved_request_and_adds_activity(live_server, browser_page, staff_user, approved_request):
    page = browser_page
    sign_in(page, live_server, staff_user)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Actions", exact=True).click()
    page.wait_for_url(f"{live_server.url}/workspace/actions/")
    assert page.get_by_role("heading", name="Approved requests without an Action").is_visible()
    page.screenshot(path="/tmp/actions_list_before.png", full_page=True)

    page.get_by_role("link", name="Create the Action").click()
    assert page.get_by_text(approved_request.title).first.is_visible()
    page.get_by_role("button", name="Create the Action").click()
    page.wait_for_load_state("load")
    action = Action.objects.get(request=approved_request)
    assert page.url.endswith(f"/workspace/actions/{action.code}/")
    assert page.get_by_role("heading", name=approved_request.title).is_visible()

    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Type").select_option(label="Regional workshop")
    page.get_by_label("Title").fill("Regional workshop on fair recruitment")
    page.get_by_label("Start date").fill("2027-03-08")
    page.get_by_label("End date").fill("2027-03-10")
    page.get_by_label("City").fill("Kampala")
    page.get_by_label("Country").select_option("UG")
    page.get_by_role("group", name="Working languages").get_by_label("French").check()
    page.screenshot(path="/tmp/actions_activity_form.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/workspace/actions/{action.code}/")

    row = page.get_by_role("row").filter(has_text="Regional workshop on fair recruitment")
    assert row.is_visible() and "Kampala" in row.inner_text() and "Planned" in row.inner_text()
    page.screenshot(path="/tmp/actions_detail.png", full_page=True)
    activity = action.activities.get()
    assert activity.languages == ["en", "fr"] and str(activity.country) == "UG"

    page.goto(f"{live_server.url}/workspace/actions/calendar/?month=2027-03")
    assert page.get_by_role("link", name="Regional workshop on fair recruitment").first.is_visible()
    page.screenshot(path="/tmp/actions_calendar.png", full_page=True)


def test_partner_follows_the_schedule_without_staff_notes(live_server, browser_page, partner_user, institution):
    from tests.factories import ActionFactory, ActivityFactory

    action = ActionFactory(institution=institution, title="Fair recruitment in Kenya", staff_notes="Sensitive: budget cut")
    ActivityFactory(action=action, title="Inception workshop", confirmed=True, agenda="Opening and working groups")
    page = browser_page
    sign_in(page, live_server, partner_user)
    page.goto(f"{live_server.url}/workspace/actions/mine/")
    page.get_by_role("link", name="Fair recruitment in Kenya").click()
    page.wait_for_url(f"{live_server.url}/workspace/actions/{action.code}/")
    assert page.get_by_role("link", name="Inception workshop").is_visible()
    assert "Sensitive" not in page.content()
    assert page.get_by_role("button", name="Publish").count() == 0
    page.screenshot(path="/tmp/actions_partner_detail.png", full_page=True)
