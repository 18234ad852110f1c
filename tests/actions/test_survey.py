"""Participant surveys: reachable by token without an account, open from delivery for
SURVEY_OPEN_DAYS days, answers counted in the key facts, rate-limited per address."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActivityStatus, SurveyResponse
from actions.survey import survey_closes_on, survey_is_open
from reporting.keyfacts import key_facts
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

ANSWER = {"satisfaction": "5", "relevance": "4", "made_difference": "yes", "would_recommend": "no",
          "comment": "Very useful exchange."}


@pytest.fixture
def activity():
    return ActivityFactory(delivered=True, delivered_at=timezone.now() - datetime.timedelta(days=2))


def url(activity):
    return reverse("survey", args=[activity.survey_token])


def test_token_is_unguessable(activity):
    assert len(activity.survey_token) >= 24
    assert ActivityFactory().survey_token != activity.survey_token


def test_open_survey_shows_the_questions_without_an_account(client, activity):
    response = client.get(url(activity))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Has this activity made a real difference to the way you do your job?" in html
    assert activity.title in html


def test_answer_is_recorded_and_counts_in_the_key_facts(client, activity):
    response = client.post(url(activity), ANSWER)
    assert response.status_code == 302
    assert response["Location"] == reverse("survey_thanks", args=[activity.survey_token])
    answer = SurveyResponse.objects.get()
    assert (answer.satisfaction, answer.relevance, answer.made_difference, answer.would_recommend) == (5, 4, True, False)
    assert answer.language == "en"
    facts = key_facts()
    assert facts["participant_difference_rate"] == 1.0
    assert facts.basis["participant_difference_rate"]["answers"] == 1


def test_unanswered_questions_stay_empty_and_do_not_count(client, activity):
    client.post(url(activity), {"satisfaction": "3"})
    answer = SurveyResponse.objects.get()
    assert answer.made_difference is None and answer.would_recommend is None
    assert key_facts()["participant_difference_rate"] is None


def test_an_empty_answer_is_refused(client, activity):
    response = client.post(url(activity), {})
    assert response.status_code == 200
    assert "Please answer at least one question." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_out_of_range_score_is_refused(client, activity):
    response = client.post(url(activity), {**ANSWER, "satisfaction": "9"})
    assert response.status_code == 200
    assert not SurveyResponse.objects.exists()


def test_survey_in_french_and_spanish(client, activity, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Cette activité a-t-elle réellement changé" in client.get(url(activity)).content.decode()
    client.post(url(activity), ANSWER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert "¿Esta actividad ha cambiado realmente" in client.get(url(activity)).content.decode()
    assert SurveyResponse.objects.get().language == "fr"


def test_survey_of_an_activity_not_yet_delivered_is_not_open(client):
    activity = ActivityFactory(status=ActivityStatus.CONFIRMED)
    response = client.get(url(activity))
    assert "not open yet" in response.content.decode()
    client.post(url(activity), ANSWER)
    assert not SurveyResponse.objects.exists()


def test_survey_closes_after_the_set_number_of_days(client, settings):
    settings.SURVEY_OPEN_DAYS = 30
    activity = ActivityFactory(delivered=True, delivered_at=timezone.now() - datetime.timedelta(days=31))
    assert not survey_is_open(activity)
    response = client.get(url(activity))
    assert response.status_code == 410
    assert "This survey is closed" in response.content.decode()
    assert client.post(url(activity), ANSWER).status_code == 410
    assert not SurveyResponse.objects.exists()


def test_last_open_day_is_counted_from_delivery_or_end_date(settings):
    settings.SURVEY_OPEN_DAYS = 10
    delivered = ActivityFactory(delivered=True, delivered_at=timezone.make_aware(datetime.datetime(2026, 3, 20, 12)))
    assert survey_closes_on(delivered) == datetime.date(2026, 3, 30)
    assert survey_is_open(delivered, today=datetime.date(2026, 3, 30))
    assert not survey_is_open(delivered, today=datetime.date(2026, 3, 31))
    undated = ActivityFactory(delivered=True, delivered_at=None, end_date=datetime.date(2026, 3, 12))
    assert survey_closes_on(undated) == datetime.date(2026, 3, 22)


def test_unknown_link_says_so_with_404(client):
    response = client.get(reverse("survey", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "This survey link is not valid" in response.content.decode()
    assert client.get(reverse("survey_thanks", args=["nope"])).status_code == 404


def test_rate_limit_per_address_gives_a_friendly_message(client, activity, settings):
    settings.SURVEY_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert client.post(url(activity), ANSWER, REMOTE_ADDR="203.0.113.9").status_code == 302
    response = client.post(url(activity), ANSWER, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "Please wait a while and try again" in response.content.decode()
    assert SurveyResponse.objects.count() == 3
    assert client.post(url(activity), ANSWER, REMOTE_ADDR="203.0.113.10").status_code == 302


def test_a_workshop_behind_one_address_can_answer_while_one_browser_flooding_is_stopped(client, activity, settings):
    settings.SURVEY_RATE_LIMIT = "100/h"
    settings.SURVEY_BROWSER_RATE_LIMIT = "2/h"
    from django.test import Client

    for _ in range(12):  # twelve participants, twelve phones, one router
        participant = Client()
        assert participant.get(url(activity), REMOTE_ADDR="198.51.100.7").status_code == 200
        assert participant.post(url(activity), ANSWER, REMOTE_ADDR="198.51.100.7").status_code == 302
    flooder = Client()
    flooder.get(url(activity), REMOTE_ADDR="198.51.100.8")
    codes = [flooder.post(url(activity), ANSWER, REMOTE_ADDR="198.51.100.8").status_code for _ in range(4)]
    assert codes == [302, 302, 429, 429]
    assert SurveyResponse.objects.count() == 14


def test_survey_limit_is_per_survey(client, activity, settings):
    settings.SURVEY_RATE_LIMIT = "1/h"
    other = ActivityFactory(delivered=True, delivered_at=timezone.now() - datetime.timedelta(days=1))
    assert client.post(url(activity), ANSWER, REMOTE_ADDR="203.0.113.20").status_code == 302
    assert client.post(url(activity), ANSWER, REMOTE_ADDR="203.0.113.20").status_code == 429
    assert client.post(url(other), ANSWER, REMOTE_ADDR="203.0.113.20").status_code == 302


def test_staff_can_print_the_qr_code_page(client_for, staff_user, activity):
    client = client_for(staff_user)
    html = client.get(reverse("survey_sheet", args=[activity.pk])).content.decode()
    assert f"http://testserver/survey/{activity.survey_token}/" in html
    svg = client.get(reverse("survey_qr", args=[activity.pk]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") or b"<svg" in svg.content[:200]


@pytest.mark.parametrize("who", ["partner_user", "expert_user", "committee_user"])
def test_qr_page_is_404_for_non_staff(client_for, request, activity, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("survey_sheet", args=[activity.pk])).status_code == 404
    assert client.get(reverse("survey_qr", args=[activity.pk])).status_code == 404


def test_qr_page_asks_anonymous_visitors_to_sign_in(client, activity):
    response = client.get(reverse("survey_sheet", args=[activity.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_survey_of_a_cancelled_activity_says_it_will_not_open(client):
    activity = ActivityFactory(status=ActivityStatus.CANCELLED)
    assert "was cancelled" in client.get(url(activity)).content.decode()
