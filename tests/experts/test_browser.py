"""Staff find an expert on the matching page and invite them; the expert answers from the e-mail link."""

import datetime
import re

import pytest

from experts.models import Deployment, DeploymentStatus
from mieux.models import Notification
from tests.factories import ActionFactory, ActivityFactory, ExpertFactory, UserFactory, area
from tests.factories.core import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url, user):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state("load")


def test_staff_invites_the_best_match_and_the_expert_accepts_from_the_link(live_server, browser_page, transactional_db):
    page = browser_page
    staff = UserFactory(staff=True, email="planner@example.org", full_name="Paula Planner")
    action = ActionFactory(countries=["MA"], thematic_areas=[area("LMM")])
    activity = ActivityFactory(action=action, title="Workshop on labour mobility", country="MA", city="Rabat",
                               start_date=datetime.date(2027, 3, 8), end_date=datetime.date(2027, 3, 9),
                               languages=["fr"], required_languages=["fr"])
    best = ExpertFactory(first_name="Youssef", last_name="Amrani", nationality="MA", gender="M",
                         languages=[("fr", "C2"), ("ar", "native")], thematic_areas=[area("LMM")],
                         countries_experience=["MA", "TN"], user=UserFactory(expert=True, email="youssef@example.org"))
    ExpertFactory(first_name="Jan", last_name="Nowak", nationality="PL", languages=[("fr", "A2")],
                  thematic_areas=[area("IPA")])

    sign_in(page, live_server.url, staff)
    page.goto(f"{live_server.url}/experts/match/{activity.pk}/")
    rows = page.locator("tbody tr")
    assert "Youssef Amrani" in rows.first.inner_text()
    # Compact rows: the explanation of the score opens on demand.
    assert "Thematic fit" not in rows.first.inner_text()
    rows.first.get_by_text("Explain the score").click()
    assert "Thematic fit" in rows.first.inner_text()
    page.screenshot(path="/tmp/experts-match.png", full_page=True)

    page.get_by_test_id(f"invite-{best.pk}").click()
    # htmx swaps only the candidate's button cell.
    badge = rows.first.get_by_role("status")
    badge.wait_for()
    assert "On this activity: Invited" in badge.inner_text()
    page.screenshot(path="/tmp/experts-match-invited.png", full_page=True)
    deployment = Deployment.objects.get(activity=activity, expert=best)
    assert deployment.status == DeploymentStatus.INVITED

    # The expert opens the signed link from the e-mail, without signing in.
    body = Notification.objects.get(recipient=best.user, kind="deployment_invitation").body
    link = re.search(r"https?://\S+/experts/invitation/\S+/", body).group(0)
    path = link.split("/experts/", 1)[1]
    context = page.context.browser.new_context()
    anonymous = context.new_page()
    anonymous.goto(f"{live_server.url}/experts/{path}")
    assert anonymous.get_by_role("heading", name="Invitation to a MIEUX+ activity").is_visible()
    anonymous.screenshot(path="/tmp/experts-invitation.png", full_page=True)
    anonymous.get_by_role("button", name="Yes, I accept").click()
    anonymous.wait_for_load_state("load")
    assert anonymous.get_by_text("Your answer is recorded").is_visible()
    context.close()
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.ACCEPTED

    # Back on the activity page, staff confirm.
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    page.get_by_role("button", name=re.compile("Confirm Youssef Amrani")).click()
    page.wait_for_load_state("load")
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.CONFIRMED
    page.screenshot(path="/tmp/experts-activity.png", full_page=True)


def test_roster_and_expert_dashboard_render(live_server, browser_page, transactional_db):
    page = browser_page
    staff = UserFactory(staff=True)
    for i in range(3):
        ExpertFactory(first_name=f"Expert{i}", languages=[("en", "C1")], thematic_areas=[area("MD")])
    sign_in(page, live_server.url, staff)
    page.goto(f"{live_server.url}/experts/")
    assert page.get_by_role("heading", name="Expert roster").is_visible()
    page.get_by_label("Search").fill("Expert1")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state("load")
    assert page.locator("tbody tr").count() == 1
    page.screenshot(path="/tmp/experts-roster.png", full_page=True)
