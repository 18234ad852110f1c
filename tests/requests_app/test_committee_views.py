# ruff: noqa: F811 - pytest fixtures imported from review_factories are redefined as arguments
"""The committee's pages: conflict-of-interest gate, opinions, who may see what."""

import pytest
from django.urls import reverse

from requests_app.models import ConflictDeclaration, Opinion
from tests.requests_app.review_factories import give, in_review, second_member, submitted  # noqa: F401

pytestmark = pytest.mark.django_db

SECRET = "No data on outgoing workers"  # from the request's "problem" field (RequestFactory)


def review_url(obj, suffix=""):
    return reverse(f"requests:review{suffix}", args=[obj.pk])


def test_before_declaring_member_sees_only_title_reference_and_deadline(client_for, in_review, committee_user):
    page = client_for(committee_user).get(review_url(in_review)).content.decode()
    assert in_review.title in page and in_review.reference in page
    assert SECRET not in page
    assert "conflict of interest" in page.lower()
    assert 'id="opinion-form"' not in page


def test_declaring_no_conflict_opens_the_full_request(client_for, in_review, committee_user):
    client = client_for(committee_user)
    response = client.post(review_url(in_review, "_declare"), {"has_conflict": "no"})
    assert response.status_code == 302
    page = client.get(review_url(in_review)).content.decode()
    assert SECRET in page
    assert 'id="opinion-form"' in page
    assert "Screened: eligible" in page  # the cover note


def test_declared_conflict_hides_content_and_refuses_opinion(client_for, in_review, committee_user):
    client = client_for(committee_user)
    client.post(review_url(in_review, "_declare"), {"has_conflict": "yes", "explanation": "My spouse works there."})
    assert ConflictDeclaration.objects.get(member=committee_user).has_conflict
    page = client.get(review_url(in_review)).content.decode()
    assert SECRET not in page
    assert 'id="opinion-form"' not in page
    response = client.post(review_url(in_review, "_opinion"), {"value": "support"}, follow=True)
    assert not Opinion.objects.filter(request=in_review).exists()
    assert "conflict of interest" in response.content.decode()


def test_colleague_of_conflicted_member_gives_the_body_opinion(client_for, in_review, committee_user):
    client_for(committee_user).post(review_url(in_review, "_declare"), {"has_conflict": "yes"})
    colleague = second_member("INTPA")
    client = client_for(colleague)
    client.post(review_url(in_review, "_declare"), {"has_conflict": "no"})
    client.post(review_url(in_review, "_opinion"), {"value": "support", "comment": ""})
    assert Opinion.objects.get(request=in_review).member == colleague


def test_second_opinion_of_same_body_becomes_a_change_not_a_second_row(client_for, in_review, committee_user):
    give(committee_user, in_review, "support")
    colleague = second_member("INTPA")
    client = client_for(colleague)
    client.post(review_url(in_review, "_declare"), {"has_conflict": "no"})
    # The colleague's form shows the body's opinion (version 1); submitting it is a deliberate change.
    based_on = client.get(review_url(in_review)).context["opinion_form"].initial["based_on"]
    assert based_on == 1
    client.post(review_url(in_review, "_opinion"), {"value": "conditions", "comment": "Add a gender focus.", "based_on": based_on})
    opinions = Opinion.objects.filter(request=in_review)
    assert opinions.count() == 1 and opinions.get().value == "conditions"


def test_objection_without_comment_is_refused_on_the_form(client_for, in_review, committee_user):
    client = client_for(committee_user)
    client.post(review_url(in_review, "_declare"), {"has_conflict": "no"})
    response = client.post(review_url(in_review, "_opinion"), {"value": "object", "comment": ""})
    assert response.status_code == 200
    assert not Opinion.objects.exists()


def test_other_bodies_opinions_show_only_after_own_body_gave_one(client_for, in_review, committee_members):
    give(committee_members["HOME"], in_review, "object", "Overlaps the ongoing EUTF project.")
    client = client_for(committee_members["INTPA"])
    client.post(review_url(in_review, "_declare"), {"has_conflict": "no"})
    page = client.get(review_url(in_review)).content.decode()
    assert "Overlaps the ongoing EUTF project." not in page
    assert "Recommended outcome" not in page
    client.post(review_url(in_review, "_opinion"), {"value": "support"})
    page = client.get(review_url(in_review)).content.decode()
    assert "Overlaps the ongoing EUTF project." in page
    assert "Recommended outcome" in page


@pytest.mark.parametrize("who", ["partner_user", "expert_user", "other_partner"])
@pytest.mark.parametrize("suffix", ["", "_declare", "_opinion"])
def test_partner_and_expert_get_404_on_committee_urls(request, client_for, in_review, who, suffix):
    client = client_for(request.getfixturevalue(who))
    if suffix:
        response = client.post(review_url(in_review, suffix), {"has_conflict": "no", "value": "support"})
    else:
        response = client.get(review_url(in_review))
    assert response.status_code == 404
    assert not Opinion.objects.exists() and not ConflictDeclaration.objects.exists()


@pytest.mark.parametrize("who", ["partner_user", "expert_user", "staff_user"])
def test_committee_queue_is_404_for_non_members(request, client_for, who):
    assert client_for(request.getfixturevalue(who)).get(reverse("requests:committee_queue")).status_code == 404


def test_request_not_forwarded_is_404_for_committee(client_for, submitted, committee_user):
    assert client_for(committee_user).get(review_url(submitted)).status_code == 404


def test_anonymous_is_sent_to_login(client, in_review):
    response = client.get(review_url(in_review))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_opening_review_page_goes_to_detail(client_for, in_review, staff_user):
    response = client_for(staff_user).get(review_url(in_review))
    assert response.status_code == 302 and response["Location"] == in_review.get_absolute_url()


def test_committee_queue_lists_awaiting_my_body_first(client_for, institution, staff_user, committee_members):
    from datetime import timedelta

    from django.utils import timezone

    from requests_app.services.review import request_forward
    from tests.requests_app.review_factories import submitted_request

    early, late = submitted_request(institution, title="Early deadline"), submitted_request(institution, title="Late deadline")
    request_forward(actor=staff_user, request_id=early.pk, deadline=timezone.localdate() + timedelta(days=3))
    request_forward(actor=staff_user, request_id=late.pk, deadline=timezone.localdate() + timedelta(days=20))
    early.refresh_from_db()
    give(committee_members["INTPA"], early, "support")
    page = client_for(committee_members["INTPA"]).get(reverse("requests:committee_queue")).content.decode()
    assert page.index("Late deadline") < page.index("Early deadline")
    assert "Awaiting your body" in page
    other = client_for(committee_members["HOME"]).get(reverse("requests:committee_queue")).content.decode()
    assert other.index("Early deadline") < other.index("Late deadline")


def test_review_panels_render_for_staff_with_actions_and_complementarity(rf, in_review, staff_user):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = staff_user
    html = render_to_string("requests_app/review/_panels.html", {"obj": in_review, "user": staff_user}, request=request)
    assert reverse("requests:staff_decide", args=[in_review.pk]) in html
    assert "Complementarity" in html
    assert "Opinions of the Steering Committee" in html


def test_review_panels_render_nothing_for_partner(rf, in_review, partner_user):
    from django.template.loader import render_to_string

    html = render_to_string("requests_app/review/_panels.html", {"obj": in_review, "user": partner_user})
    assert html.strip() == ""


def test_review_panels_hide_content_from_undeclared_member(in_review, committee_user):
    from django.template.loader import render_to_string

    html = render_to_string("requests_app/review/_panels.html", {"obj": in_review, "user": committee_user})
    assert "Screened: eligible" not in html
    assert reverse("requests:review", args=[in_review.pk]) in html


def test_committee_asks_through_staff_and_staff_form_is_prefilled(client_for, in_review, committee_user, staff_user):
    from mieux.models import Notification

    client = client_for(committee_user)
    client.post(review_url(in_review, "_declare"), {"has_conflict": "no"})
    response = client.post(review_url(in_review, "_question"), {"question": "What is the budget of the ministry?"})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=staff_user, kind="committee_question").count() == 1
    page = client_for(staff_user).get(reverse("requests:staff_ask_info", args=[in_review.pk])).content.decode()
    assert "What is the budget of the ministry?" in page
    assert 'name="on_behalf_of_committee"' in page and "checked" in page


def test_member_with_conflict_cannot_ask_questions(client_for, in_review, committee_user):
    from requests_app.models import RequestEvent

    client = client_for(committee_user)
    client.post(review_url(in_review, "_declare"), {"has_conflict": "yes"})
    client.post(review_url(in_review, "_question"), {"question": "Anything?"})
    assert not RequestEvent.objects.filter(transition="committee_question").exists()
