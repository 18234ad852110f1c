"""A person signs in, finds their start page and switches the language, in a real browser."""

import pytest

from tests.factories.core import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_signs_in_lands_on_requests_and_switches_to_french(live_server, browser_page, partner_user):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill(partner_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/requests/")
    assert page.get_by_role("link", name="My requests").is_visible()

    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()  # choosing alone changes nothing (WCAG 3.2.2)
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.lang === 'fr'")
    assert page.get_by_role("link", name="Mes demandes").is_visible()
    partner_user.refresh_from_db()
    assert partner_user.language == "fr"


def test_keyboard_user_can_skip_to_main_content(live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.screenshot(path="/tmp/home.png", full_page=True)
