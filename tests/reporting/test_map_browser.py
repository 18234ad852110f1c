"""The map in a real browser (system Chromium): shapes drawn without a tile server, filters in the URL,
a country panel opened by click and by keyboard, and screenshots of the public and staff pages."""

import datetime
import re

import pytest

from actions.models import ActionStatus, SurveyResponse
from experts.models import DeploymentStatus
from requests_app.models import RequestStatus
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    RequestFactory,
    UserFactory,
    area,
    phase,
    region,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def portfolio():
    kenya = ActionFactory(published=True, title="Asylum procedures in Kenya", countries=["KE"],
                          thematic_areas=[area("IPA")])
    ActionFactory(published=True, title="Regional anti-trafficking network", countries=["KE", "TZ", "UG"],
                  thematic_areas=[area("IRR")])
    ActionFactory(published=True, title="Labour mobility with Morocco", countries=["MA"], region=region("SOU"),
                  status=ActionStatus.COMPLETED, phase=phase("III"), thematic_areas=[area("LMM")])
    ActionFactory(published=True, title="Diaspora engagement in Colombia", countries=["CO"], region=region("LAC"),
                  thematic_areas=[area("MD")])
    activity = ActivityFactory(action=kenya, delivered=True, participants_total=34, participants_women=15,
                               participants_men=19)
    for nationality, beneficial in (("FR", True), ("MA", True), ("DE", False)):
        DeploymentFactory(activity=activity, expert=ExpertFactory(nationality=nationality),
                          status=DeploymentStatus.COMPLETED, beneficial=beneficial)
    for made_difference in (True, True, False):
        SurveyResponse.objects.create(activity=activity, made_difference=made_difference, satisfaction=4)
    now = datetime.datetime.now(datetime.UTC)
    for days, status in ((12, RequestStatus.APPROVED), (25, RequestStatus.REJECTED), (40, RequestStatus.APPROVED)):
        RequestFactory(submitted=True, status=status, submitted_at=now - datetime.timedelta(days=90),
                       decided_at=now - datetime.timedelta(days=90 - days), region=region("AFR"))


def test_map_filters_panel_and_keyboard(live_server, browser_page):
    portfolio()
    page = browser_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None)

    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator("#map path.map-country").count() > 150  # every country shape, no tiles
    assert page.locator("#map img.leaflet-tile").count() == 0
    assert page.locator('#map path[data-country="KE"]').get_attribute("aria-label") == "Kenya: 2 Actions"
    page.screenshot(path="/tmp/public-map.png", full_page=True)

    # Filters live in the URL, so the filtered map can be shared.
    page.select_option("#id_region", "AFR")
    page.select_option("#id_status", "ongoing")
    page.click("form.public-filters button[type=submit]")
    page.wait_for_selector("#map[data-ready=true]")
    assert re.search(r"region=AFR", page.url) and re.search(r"status=ongoing", page.url)
    assert page.locator('#map path[data-country="MA"]').count() == 0
    assert page.locator('#map path[data-country="TZ"]').count() == 1
    page.screenshot(path="/tmp/public-map-filtered.png")

    # A click opens the country's panel and puts the country in the URL.
    page.locator('#map path[data-country="TZ"]').click()
    panel = page.locator("#map-panel")
    assert "Tanzania" in panel.locator("h2").inner_text() and "1 Action" in panel.locator("h2").inner_text()
    link = panel.get_by_role("link", name="See these Actions in the list")
    assert "country=TZ" in link.get_attribute("href") and "region=AFR" in link.get_attribute("href")
    assert "selected=TZ" in page.url
    link.click()
    page.wait_for_url(re.compile(r"/actions/\?"))
    assert "Regional anti-trafficking network" in page.inner_text("main")
    page.goto(f"{live_server.url}/map/?region=AFR&status=ongoing&selected=TZ")
    page.wait_for_selector("#map[data-ready=true]")

    # Keyboard: Tab reaches the countries with Actions; Enter opens the panel and moves focus there.
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#map[data-ready=true]")
    page.locator('#map path[data-country="KE"]').focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "map-panel-heading"
    assert "Kenya — 2 Actions" in panel.inner_text()
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.country") == "KE"
    assert "Select a country" in panel.inner_text()

    # A shared link with a country opens its panel directly.
    page.goto(f"{live_server.url}/map/?selected=MA")
    page.wait_for_selector("#map[data-ready=true]")
    assert "Morocco — 1 Action" in panel.inner_text()
    page.screenshot(path="/tmp/public-map-panel.png", full_page=True)
    assert not errors, errors


def test_screenshots_of_home_and_dashboard(live_server, browser_page):
    portfolio()
    page = browser_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/")
    assert "Peer-to-peer expertise" in page.inner_text("h1")
    assert page.locator('[data-key="participants"] .figure').inner_text() == "34"
    page.screenshot(path="/tmp/public-home.png", full_page=True)

    activity = ActivityFactory(delivered=True, delivered_at=datetime.datetime.now(datetime.UTC), title="Training on asylum interviews")
    page.goto(f"{live_server.url}/survey/{activity.survey_token}/")
    page.check("#id_made_difference_0")
    page.screenshot(path="/tmp/public-survey.png", full_page=True)
    page.click("form.survey-form button[type=submit]")
    assert "your answers have been recorded" in page.inner_text("main")

    staff = UserFactory(staff=True, email="dash@example.org")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", "correct-horse-battery-staple")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r".*/(start|staff)/.*"))
    page.goto(f"{live_server.url}/staff/")
    page.wait_for_selector("body[data-charts-ready=true]")
    assert page.locator("canvas[data-chart]").count() == 4
    page.screenshot(path="/tmp/staff-dashboard.png", full_page=True)
    assert not errors, errors
