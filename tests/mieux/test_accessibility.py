"""Automated accessibility check (WCAG 2.1 A and AA rules of axe-core) of the main pages, per role,
in a real browser. axe-core is an npm package read from node_modules (not served to users)."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from actions.results_models import Indicator, PartnerEvaluation
from tests.conftest import require_service
from tests.factories import ActionFactory, ActivityFactory, DeploymentFactory, ExpertFactory, RequestFactory
from tests.requests_app.review_factories import forwarded_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


@pytest.fixture
def portal(staff_user, partner_user, institution, committee_members, expert_user, admin_user):
    """A small realistic portfolio: a public Action with a delivered activity, requests at several
    stages, an expert with deployments."""
    action = ActionFactory(published=True, title="Labour migration policy of Kenya")
    delivered = ActivityFactory(action=action, delivered=True, delivered_at=timezone.now() - datetime.timedelta(days=2),
                                title="Workshop on fair recruitment")
    planned = ActivityFactory(action=action, title="Study visit to the Lisbon employment agency",
                              start_date=timezone.localdate() + datetime.timedelta(days=40),
                              end_date=timezone.localdate() + datetime.timedelta(days=44))
    expert = ExpertFactory(user=expert_user, email=expert_user.email, first_name="Eva", last_name="Expert",
                           consented=True, languages=[("en", "C2"), ("fr", "B2")])
    DeploymentFactory(activity=delivered, expert=expert, completed=True)
    DeploymentFactory(activity=planned, expert=expert)
    draft = RequestFactory(institution=institution, title="Diaspora engagement strategy")
    RequestFactory(submitted=True, institution=institution, title="Border management training")
    forwarded_request(institution, staff_user, title="Return and reintegration referral system")
    completed = ActionFactory(institution=institution, status="completed", title="Asylum reception standards")
    PartnerEvaluation.objects.create(action=completed, member=partner_user)
    Indicator.objects.create(action=action, title="Officials trained", baseline="0", target="40", actual="46")
    return {
        "users": {"staff": staff_user, "partner": partner_user, "committee": committee_members["INTPA"],
                  "expert": expert_user, "admin": admin_user},
        "action": action, "activity": delivered, "draft": draft, "completed": completed,
    }


PAGES = [
    # (name, role or None for anonymous, path builder)
    ("home", None, lambda d: "/"),
    ("map", None, lambda d: "/map/"),
    ("public actions", None, lambda d: "/actions/"),
    ("public action", None, lambda d: f"/actions/{d['action'].code}/"),
    ("login", None, lambda d: "/accounts/login/"),
    ("signup", None, lambda d: "/accounts/signup/"),
    ("survey", None, lambda d: f"/survey/{d['activity'].survey_token}/"),
    ("partner dashboard", "partner", lambda d: "/requests/"),
    ("request step form", "partner", lambda d: f"/requests/{d['draft'].pk}/edit/1/"),
    ("staff dashboard", "staff", lambda d: "/staff/"),
    ("staff request queue", "staff", lambda d: "/requests/staff/"),
    ("workspace actions", "staff", lambda d: "/workspace/actions/"),
    ("action staff page", "staff", lambda d: f"/workspace/actions/{d['action'].code}/"),
    ("expert roster", "staff", lambda d: "/experts/"),
    ("expert dashboard", "expert", lambda d: "/experts/me/"),
    ("committee queue", "committee", lambda d: "/requests/committee/"),
    ("library", None, lambda d: "/library/"),
    ("indicator form", "staff", lambda d: f"/workspace/actions/{d['action'].code}/indicators/new/"),
    ("partner evaluation", "partner", lambda d: f"/workspace/actions/{d['completed'].code}/evaluation/"),
    ("open data", None, lambda d: "/open-data/"),
    ("privacy notice", None, lambda d: "/legal/privacy/"),
    ("accessibility statement", None, lambda d: "/legal/accessibility/"),
    ("legal notice", None, lambda d: "/legal/legal-notice/"),
    ("notifications", "partner", lambda d: "/notifications/"),
    ("preferences", "partner", lambda d: "/preferences/"),
    ("partner actions", "partner", lambda d: "/workspace/actions/mine/"),
    ("calendar", "staff", lambda d: "/workspace/actions/calendar/"),
    ("activity page", "staff", lambda d: d["activity"].get_absolute_url()),
    ("matching", "staff", lambda d: f"/experts/match/{d['activity'].pk}/"),
    ("expert profile", "expert", lambda d: "/experts/me/profile/"),
    ("admin index", "admin", lambda d: "/admin/"),
    ("admin action list", "admin", lambda d: "/admin/actions/action/"),
    ("admin action add", "admin", lambda d: "/admin/actions/action/add/"),
    ("admin legal page add", "admin", lambda d: "/admin/mieux/legalpage/add/"),
    ("admin user add", "admin", lambda d: "/admin/mieux/user/add/"),
    # Right to left.
    ("home in Arabic", None, lambda d: "/", "ar"),
    ("partner dashboard in Arabic", "partner", lambda d: "/requests/", "ar"),
    ("request step form in Arabic", "partner", lambda d: f"/requests/{d['draft'].pk}/edit/1/", "ar"),
    ("staff request queue in Arabic", "staff", lambda d: "/requests/staff/", "ar"),
]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def describe(violations):
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                            for node in v["nodes"][:8])
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({len(v['nodes'])} nodes): {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize(("name", "role", "path", "language"), [(*p, "en")[:4] for p in PAGES],
                         ids=[p[0] for p in PAGES])
def test_page_has_no_serious_accessibility_violation(live_server, browser_page, portal, name, role, path, language):
    require_service(AXE.exists(), "axe-core in node_modules (npm install)")
    page = browser_page
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    console_errors = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    if role:
        sign_in(page, live_server, portal["users"][role])
    response = page.goto(f"{live_server.url}{path(portal)}")
    assert response.status == 200, f"{name}: HTTP {response.status}"
    page.wait_for_load_state("networkidle")
    # add_script_tag inserts an inline <script>, which the Content-Security-Policy blocks (as it should):
    # evaluate the file through the DevTools protocol instead, which CSP does not govern.
    page.evaluate(AXE.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    print(f"axe {name}: violations={[(v['id'], v['impact'], len(v['nodes'])) for v in result['violations']]} "
          f"incomplete={[(v['id'], len(v['nodes'])) for v in result['incomplete']]}")
    assert result["passes"], "axe checked nothing"
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{name} ({path(portal)}) has accessibility violations:\n{describe(blocking)}"
    # Nothing the page needs is refused by the Content-Security-Policy (the admin's styles included).
    refused = [text for text in console_errors if "Content Security Policy" in text]
    assert not refused, f"{name}: {refused[:3]}"
