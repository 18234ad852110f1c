# ruff: noqa: F811 - pytest fixtures imported from review_factories are redefined as arguments
"""Two members of one body: the second, on a stale form, is told who gave the body's opinion and when,
and sees it before deciding; changes of opinion are kept and shown to staff and the other bodies."""

import pytest
from django.urls import reverse

from requests_app.models import Opinion, RequestEvent
from requests_app.services.opinion_versions import StaleOpinionError, opinion_submit
from tests.requests_app.review_factories import declare, give, in_review, second_member  # noqa: F401

pytestmark = pytest.mark.django_db


def opinion_form_version(page):
    return page.context["opinion_form"].initial["based_on"]


def test_second_member_on_a_stale_form_sees_the_first_opinion_and_nothing_is_replaced(
    client, in_review, committee_members
):
    first = committee_members["HOME"]
    first.full_name = "Hanna Home"
    first.save()
    second = second_member("HOME")
    declare(first, in_review)
    declare(second, in_review)
    # Both open the form while the body has no opinion.
    client.force_login(second)
    stale_version = opinion_form_version(client.get(reverse("requests:review", args=[in_review.pk])))
    assert stale_version == 0
    opinion_submit(actor=first, request_id=in_review.pk, value="object", comment="Political risk.", based_on_version=0)
    response = client.post(
        reverse("requests:review_opinion", args=[in_review.pk]),
        {"value": "support", "comment": "", "based_on": stale_version},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hanna Home" in page and "nothing of yours was recorded" in page
    assert "recorded." not in page.replace("nothing of yours was recorded", "")
    opinion = Opinion.objects.get(request=in_review, body__code="HOME")
    assert (opinion.value, opinion.member, opinion.version) == ("object", first, 1)
    # The re-shown form is based on the current version: submitting it again is a deliberate change.
    assert response.context["opinion_form"].initial["based_on"] == 1
    again = client.post(
        reverse("requests:review_opinion", args=[in_review.pk]), {"value": "support", "comment": "", "based_on": 1}
    )
    assert again.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.value, opinion.member, opinion.version) == ("support", second, 2)


def test_stale_change_is_refused_by_the_service(in_review, committee_members):
    member = committee_members["NEAR"]
    give(member, in_review, "abstain")
    opinion_submit(actor=member, request_id=in_review.pk, value="support", based_on_version=1)
    with pytest.raises(StaleOpinionError) as refused:
        opinion_submit(actor=member, request_id=in_review.pk, value="object", comment="No.", based_on_version=1)
    assert refused.value.opinion.value == "support"


def test_change_of_opinion_is_kept_and_shown_to_staff_and_other_bodies(client, in_review, committee_members, staff_user):
    give(committee_members["INTPA"], in_review, "support")
    eeas = committee_members["EEAS"]
    give(eeas, in_review, "abstain")
    opinion_submit(actor=eeas, request_id=in_review.pk, value="object", comment="Changed our mind.", based_on_version=1)
    event = RequestEvent.objects.get(request=in_review, transition="opinion_changed")
    assert event.data["previous"] == "abstain" and event.data["value"] == "object" and event.data["others_visible"]
    expected = "changed from Abstain to Object, after the other opinions were visible"
    client.force_login(staff_user)
    assert expected in client.get(reverse("requests:detail", args=[in_review.pk])).content.decode()
    other = committee_members["INTPA"]
    client.force_login(other)
    assert expected in client.get(reverse("requests:review", args=[in_review.pk])).content.decode()
    assert Opinion.history.filter(request_id=in_review.pk, body__code="EEAS").count() >= 2


def test_a_body_without_an_opinion_does_not_see_the_change(client, in_review, committee_members):
    give(committee_members["INTPA"], in_review, "support")
    give(committee_members["EEAS"], in_review, "abstain")
    opinion_submit(actor=committee_members["EEAS"], request_id=in_review.pk, value="support", based_on_version=1)
    near = committee_members["NEAR"]
    declare(near, in_review)
    client.force_login(near)
    page = client.get(reverse("requests:review", args=[in_review.pk])).content.decode()
    assert "changed from" not in page
