"""The map's shapes and controls in a real browser: Western Sahara drawn apart from Morocco, a marker
that makes a small country with one Action visible and clickable, zoom buttons in the page's language,
dates in the page language's style."""

import datetime
import re

import pytest
from django.conf import settings

from tests.factories import ActionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_western_sahara_small_countries_and_translated_controls(live_server, browser_page):
    ActionFactory(published=True, title="Labour mobility with Morocco", countries=["MA"])
    ActionFactory(published=True, title="Migration data in Armenia", countries=["AM"],
                  planned_start=datetime.date(2024, 11, 3), planned_end=datetime.date(2025, 2, 28))
    page = browser_page
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#map[data-ready=true]")

    morocco = page.locator('#map path[data-country="MA"]').bounding_box()
    sahara = page.locator("#map path.map-territory").bounding_box()
    assert sahara is not None and morocco is not None
    # Morocco stops where Western Sahara begins (screen y grows southwards).
    assert morocco["y"] + morocco["height"] <= sahara["y"] + 2
    assert "map-level-0" in page.locator("#map path.map-territory").get_attribute("class")

    # One Action is a strong colour, and small Armenia also has a marker that opens its panel.
    fill = page.locator('#map path[data-country="AM"]').evaluate("p => getComputedStyle(p).fill")
    assert fill != page.locator("#map path.map-territory").evaluate("p => getComputedStyle(p).fill")
    marker = page.locator("#map path.map-marker")
    assert marker.count() == 1
    marker.first.click(force=True)
    panel = page.locator("#map-panel")
    assert "Armenia" in panel.locator("h2").inner_text()
    text = panel.inner_text()
    # The panel gives the country's count and a link to its Actions in the list; no ISO or US dates.
    assert "1 Action" in text and panel.get_by_role("link").count() >= 1
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", text), text

    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoom in"
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": live_server.url}])
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoom avant"
