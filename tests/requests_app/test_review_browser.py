"""A committee member declares no conflict and gives the body's opinion, in a real browser."""

import pytest

from actions.models import ActionStatus
from requests_app.models import ConflictDeclaration, Opinion
from tests.factories import ActionFactory, InstitutionFactory, area
from tests.factories.core import PASSWORD
from tests.requests_app.review_factories import forwarded_request, give, submitted_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state("load")


def test_committee_member_declares_no_conflict_and_gives_opinion(
    live_server, browser_page, institution, staff_user, committee_members
):
    ActionFactory(code="MIEUX-2023-014-KE", title="Labour migration data system", countries=["KE"],
                  status=ActionStatus.COMPLETED, thematic_areas=[area("LMM")])
    obj = forwarded_request(institution, staff_user, title="National labour migration policy for Kenya")
    give(committee_members["HOME"], obj, "conditions", "Involve the Directorate of Immigration.")
    member = committee_members["INTPA"]
    page = browser_page
    sign_in(page, live_server, member)

    page.get_by_role("link", name="Committee review").first.click()
    page.wait_for_load_state("load")
    row = page.get_by_role("row").filter(has_text=obj.title)
    assert "Awaiting your body" in row.inner_text()
    page.screenshot(path="/tmp/review_committee_queue.png", full_page=True)

    row.get_by_role("link", name=obj.title).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Declaration of conflict of interest").is_visible()
    assert page.get_by_text("No data on outgoing workers").count() == 0
    page.screenshot(path="/tmp/review_coi_gate.png", full_page=True)

    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Confirm my declaration").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("No data on outgoing workers").first.is_visible()
    assert page.get_by_text("Involve the Directorate of Immigration.").count() == 0  # sealed until we give ours
    assert page.get_by_role("link", name="MIEUX-2023-014-KE – Labour migration data system").count() == 0  # not public

    page.get_by_label("Support with conditions").check()
    page.get_by_label("Comment (required for conditions and objections)").fill("Add a gender-sensitive module.")
    page.get_by_role("button", name="Give the opinion").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Your body's opinion is recorded.").is_visible()
    assert page.get_by_text("Involve the Directorate of Immigration.").first.is_visible()
    assert page.get_by_text("Recommended outcome:").first.is_visible()
    page.screenshot(path="/tmp/review_committee_page.png", full_page=True)

    assert ConflictDeclaration.objects.get(member=member).has_conflict is False
    opinion = Opinion.objects.get(request=obj, body=member.committee_body)
    assert opinion.value == "conditions" and opinion.comment == "Add a gender-sensitive module."


def test_staff_screens_from_the_queue(live_server, browser_page, institution, staff_user):
    ActionFactory(code="MIEUX-2022-007-KE", title="Diaspora engagement strategy", countries=["KE"],
                  status=ActionStatus.ONGOING, thematic_areas=[area("LMM"), area("MD")])
    submitted_request(InstitutionFactory(name="Ministry of Foreign Affairs", country="GH"), countries=["GH"],
                      title="Return and reintegration counselling")
    obj = submitted_request(institution, title="Fair recruitment of Kenyan workers abroad")
    page = browser_page
    sign_in(page, live_server, staff_user)
    page.goto(f"{live_server.url}/requests/staff/")
    assert page.get_by_role("heading", name="Screening queue").is_visible()
    page.screenshot(path="/tmp/review_staff_queue.png", full_page=True)

    page.get_by_label("Country").select_option("KE")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("link", name=obj.title).is_visible()
    assert page.get_by_text("Return and reintegration counselling").count() == 0

    page.get_by_role("link", name=obj.title).click()
    page.wait_for_load_state("load")
    page.screenshot(path="/tmp/review_staff_detail.png", full_page=True)
    page.get_by_role("link", name="Forward to the Steering Committee").first.click()
    page.wait_for_load_state("load")
    page.get_by_label("Cover note for the committee (not shown to the partner)").fill("Eligible; complements MIEUX-2022-007.")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("The request was forwarded to the Steering Committee.").is_visible()
    obj.refresh_from_db()
    assert obj.status == "in_review" and obj.review_round == 1
