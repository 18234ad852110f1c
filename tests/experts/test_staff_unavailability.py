"""Staff manage an expert's unavailability from the expert's page, through the same services."""

import datetime

import pytest
from django.urls import reverse

from experts import services
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    UnavailabilityFactory,
    UserFactory,
    area,
    region,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def expert(expert_user):
    return ExpertFactory(
        user=expert_user, email=expert_user.email, consented=True, languages=[("en", "C1")], thematic_areas=[area("LMM")]
    )


def add_url(expert):
    return reverse("experts:expert_unavailability_add", args=[expert.pk])


def delete_url(period):
    return reverse("experts:expert_unavailability_delete", args=[period.expert_id, period.pk])


def period_data(start, end, reason=""):
    return {"unavailability-start_date": start, "unavailability-end_date": end, "unavailability-reason": reason}


def test_staff_see_the_periods_and_the_add_form_on_the_expert_page(client_for, staff_user, expert):
    UnavailabilityFactory(expert=expert, start_date=D(2027, 3, 1), end_date=D(2027, 3, 9), reason="Surgery")
    page = client_for(staff_user).get(reverse("experts:detail", args=[expert.pk])).content.decode()
    assert "Surgery" in page
    assert add_url(expert) in page
    assert delete_url(expert.unavailabilities.get()) in page


def test_staff_add_a_period_for_the_expert(client_for, staff_user, expert):
    response = client_for(staff_user).post(add_url(expert), period_data("2027-03-01", "2027-03-09", "Parental leave"), follow=True)
    period = expert.unavailabilities.get()
    assert (period.start_date, period.end_date, period.reason) == (D(2027, 3, 1), D(2027, 3, 9), "Parental leave")
    assert response.redirect_chain[-1][0] == reverse("experts:detail", args=[expert.pk])
    assert "The unavailability period was added." in response.content.decode()


def test_staff_delete_a_period_of_the_expert(client_for, staff_user, expert):
    period = UnavailabilityFactory(expert=expert)
    keep = UnavailabilityFactory(expert=expert, start_date=D(2028, 1, 1), end_date=D(2028, 1, 2))
    response = client_for(staff_user).post(delete_url(period), follow=True)
    assert list(expert.unavailabilities.all()) == [keep]
    assert "The unavailability period was removed." in response.content.decode()


def test_staff_cannot_delete_a_period_through_another_experts_page(client_for, staff_user, expert):
    other_period = UnavailabilityFactory()
    url = reverse("experts:expert_unavailability_delete", args=[expert.pk, other_period.pk])
    assert client_for(staff_user).post(url).status_code == 404
    assert other_period.expert.unavailabilities.exists()


def test_the_expert_themself_may_use_the_page_too(client_for, expert):
    client_for(expert.user).post(add_url(expert), period_data("2027-04-01", "2027-04-02"))
    assert expert.unavailabilities.count() == 1


@pytest.mark.parametrize("who", ["partner", "other_expert", "committee"])
def test_partner_other_expert_or_committee_get_404_and_change_nothing(client_for, who, expert, partner_user, committee_user):
    if who == "other_expert":
        user = UserFactory(expert=True)
        ExpertFactory(user=user, email=user.email)
    else:
        user = {"partner": partner_user, "committee": committee_user}[who]
    client = client_for(user)
    period = UnavailabilityFactory(expert=expert)
    assert client.post(add_url(expert), period_data("2027-03-01", "2027-03-09")).status_code == 404
    assert client.post(delete_url(period)).status_code == 404
    assert list(expert.unavailabilities.all()) == [period]


def test_end_before_start_is_refused_with_a_message(client_for, staff_user, expert):
    response = client_for(staff_user).post(add_url(expert), period_data("2027-03-09", "2027-03-01"), follow=True)
    assert not expert.unavailabilities.exists()
    assert "The end of the period is before its start." in response.content.decode()


def test_service_refuses_end_before_start_for_staff_too(staff_user, expert):
    with pytest.raises(services.ExpertError, match="before its start"):
        services.unavailability_add(actor=staff_user, expert=expert, start_date=D(2027, 3, 9), end_date=D(2027, 3, 1))


def test_period_overlapping_a_booked_deployment_is_refused_with_a_message(client_for, staff_user, expert):
    activity = ActivityFactory(start_date=D(2027, 5, 10), end_date=D(2027, 5, 12), title="Workshop in Nairobi")
    DeploymentFactory(expert=expert, activity=activity, confirmed=True)
    response = client_for(staff_user).post(add_url(expert), period_data("2027-05-12", "2027-05-20"), follow=True)
    assert not expert.unavailabilities.exists()
    assert "Workshop in Nairobi" in response.content.decode()
    assert "Choose other dates." in response.content.decode()


def test_period_next_to_a_booking_or_over_a_mere_invitation_is_accepted(staff_user, expert):
    DeploymentFactory(expert=expert, confirmed=True, activity=ActivityFactory(start_date=D(2027, 5, 10), end_date=D(2027, 5, 12)))
    DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2027, 5, 14), end_date=D(2027, 5, 15)))
    services.unavailability_add(actor=staff_user, expert=expert, start_date=D(2027, 5, 13), end_date=D(2027, 5, 20))
    assert expert.unavailabilities.count() == 1


def test_erased_profile_cannot_get_periods(client_for, staff_user, expert):
    services.expert_erase(actor=staff_user, expert=expert)
    response = client_for(staff_user).post(add_url(expert), period_data("2027-03-01", "2027-03-09"), follow=True)
    assert not expert.unavailabilities.exists()
    assert "You are not allowed to do this." in response.content.decode()


def test_matching_page_then_shows_the_expert_unavailable_for_an_overlapping_activity(client_for, staff_user, expert):
    action = ActionFactory(countries=["KE"], region=region("AFR"), thematic_areas=[area("LMM")])
    activity = ActivityFactory(
        action=action, country="KE", start_date=D(2027, 2, 1), end_date=D(2027, 2, 3), languages=["en"], required_languages=["en"]
    )
    client = client_for(staff_user)
    match_url = reverse("experts:match", args=[activity.pk])

    before = client.get(match_url, {"show_unavailable": "1"})
    assert [c.expert_id for c in before.context["candidates"]] == [expert.pk]
    assert before.context["unavailable"] == []

    client.post(add_url(expert), period_data("2027-01-25", "2027-02-01", "Mission elsewhere"))

    after = client.get(match_url, {"show_unavailable": "1"})
    assert after.context["candidates"] == []
    assert [c.expert_id for c in after.context["unavailable"]] == [expert.pk]
    assert "unavailable from 2027-01-25 to 2027-02-01" in after.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_add_and_remove_a_period_in_the_browser(live_server, browser_page):
    from tests.factories.core import PASSWORD

    staff = UserFactory(staff=True, email="staff-gaps@example.org")
    expert = ExpertFactory(first_name="Eva", last_name="Expert")
    page, base = browser_page, live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    page.goto(f"{base}{reverse('experts:detail', args=[expert.pk])}")
    page.get_by_label("From").fill("2027-03-01")
    page.get_by_label("Until").fill("2027-03-09")
    page.get_by_label("Reason").fill("Parental leave")
    page.get_by_role("button", name="Add the period").click()
    page.get_by_text("The unavailability period was added.").wait_for()
    page.screenshot(path="/tmp/gaps-expert-unavailability.png", full_page=True)
    assert expert.unavailabilities.count() == 1
    page.get_by_role("button", name="Remove").click()
    page.get_by_text("The unavailability period was removed.").wait_for()
    assert not expert.unavailabilities.exists()
