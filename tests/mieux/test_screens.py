"""The main pages in the six languages, at a desktop width and on a 390 px phone, in a real browser:
Arabic is laid out right to left with Bootstrap's RTL stylesheet, nothing is wider than a phone, and
the first row of a list shows its main link inside the screen. Screenshots are written to
test-artifacts/screenshots/ (ignored by git) for people to look at."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.mieux.test_accessibility import portal, sign_in  # noqa: F401 (the fixture is used by name)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
LANGUAGES = ["en", "fr", "es", "pt", "ar", "ru"]
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = [
    # (name, role or None, path builder, selector of a list's first row's main link or None)
    ("home", None, lambda d: "/", None),
    ("public-actions", None, lambda d: "/actions/", "main .action-card a, main table tbody tr a"),
    ("map", None, lambda d: "/map/", None),
    ("partner-dashboard", "partner", lambda d: "/requests/", "main table tbody tr a"),
    ("staff-request-queue", "staff", lambda d: "/requests/staff/", "main table tbody tr a"),
    ("staff-actions", "staff", lambda d: "/workspace/actions/", "main table tbody tr a"),
    ("expert-roster", "staff", lambda d: "/experts/", "main table tbody tr a"),
    ("committee-queue", "committee", lambda d: "/requests/committee/", "main table tbody tr a"),
]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_in_every_language_and_width(live_server, browser_page, portal, language, viewport):  # noqa: F811
    page = browser_page
    page.set_viewport_size(VIEWPORTS[viewport])
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, role, path, first_link in PAGES:
        if role:
            sign_in(page, live_server, portal["users"][role])
        response = page.goto(f"{live_server.url}{path(portal)}")
        assert response.status == 200, f"{name}: HTTP {response.status}"
        page.wait_for_load_state("networkidle")
        html = page.locator("html")
        assert html.get_attribute("lang") == language
        assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        stylesheets = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => l.href).join(' ')")
        assert ("bootstrap.rtl.min.css" in stylesheets) == (language == "ar"), name
        page.screenshot(path=str(SHOTS / f"{language}-{name}-{viewport}.png"), full_page=True)
        width = VIEWPORTS[viewport]["width"]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width + 1:
            problems.append(f"{name}: page is {scroll_width}px wide at {width}px")
        if first_link and page.locator(first_link).count():
            box = page.locator(first_link).first.bounding_box()
            if box is None or box["x"] < 0 or box["x"] + min(box["width"], 40) > width:
                problems.append(f"{name}: the first row's link is off-screen ({box})")
        if language == "ar":
            # Right to left: the brand sits on the right of the navigation bar.
            brand = page.locator(".navbar-brand").bounding_box()
            if viewport == "desktop" and brand["x"] < width / 2:
                problems.append(f"{name}: the brand is on the left in Arabic")
    assert not problems, "\n".join(problems)


def test_language_changes_only_when_the_button_is_pressed(live_server, browser_page, partner_user):
    page = browser_page
    sign_in(page, live_server, partner_user)
    page.goto(f"{live_server.url}/notifications/")
    select = page.locator("#language-switch")
    select.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    # Arrow keys only move the choice: no page load, no change on the account.
    assert page.locator("html").get_attribute("lang") == "en"
    partner_user.refresh_from_db()
    assert partner_user.language == "en"
    select.select_option("ar")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.url.endswith("/notifications/")
    partner_user.refresh_from_db()
    assert partner_user.language == "ar"
