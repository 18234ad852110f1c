"""Key facts on a small hand-built data set whose answers are known (DESIGN section 4): one test per
key, each with what must not count."""

import datetime

import pytest
from django.utils import timezone

from actions.models import ActionStatus, ActivityStatus, SurveyResponse
from experts.models import DeploymentStatus
from reporting import keyfacts
from reporting.keyfacts import KEYS, compute_key_facts, key_facts
from requests_app.models import RequestStatus
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    RequestFactory,
    phase,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(n):
    return NOW - datetime.timedelta(days=n)


def decided_request(status, days):
    return RequestFactory(submitted=True, status=status, submitted_at=days_ago(100), decided_at=days_ago(100 - days))


def test_requests_received_counts_every_state_but_draft():
    RequestFactory()  # draft: never submitted
    RequestFactory(submitted=True)
    RequestFactory(submitted=True, status=RequestStatus.WITHDRAWN)
    RequestFactory(submitted=True, status=RequestStatus.APPROVED)
    RequestFactory(submitted=True, status=RequestStatus.SUBMITTED, imported=True)
    facts = compute_key_facts()
    assert facts["requests_received"] == 4
    assert facts.basis["requests_received"]["n"] == 4


def test_countries_benefited_counts_each_country_of_actions_with_a_delivered_activity():
    regional = ActionFactory(countries=["KE", "TZ", "UG"])
    ActivityFactory(action=regional, delivered=True)
    kenya_again = ActionFactory(countries=["KE"])
    ActivityFactory(action=kenya_again, delivered=True)
    ActivityFactory(action=ActionFactory(countries=["MA"]))  # planned only: does not count
    ActivityFactory(action=ActionFactory(countries=["GH"]), status=ActivityStatus.CANCELLED)
    ActionFactory(countries=["SN"])  # no activity at all
    facts = compute_key_facts()
    assert facts["countries_benefited"] == 3
    assert facts.basis["countries_benefited"]["countries"] == ["KE", "TZ", "UG"]
    assert facts.basis["countries_benefited"]["actions"] == 2


def test_experts_deployed_counts_distinct_experts_with_a_completed_deployment():
    twice = ExpertFactory()
    DeploymentFactory(expert=twice, status=DeploymentStatus.COMPLETED)
    DeploymentFactory(expert=twice, status=DeploymentStatus.COMPLETED)
    DeploymentFactory(status=DeploymentStatus.COMPLETED)
    DeploymentFactory(status=DeploymentStatus.CONFIRMED)  # not completed
    DeploymentFactory(status=DeploymentStatus.DECLINED)
    DeploymentFactory(status=DeploymentStatus.CANCELLED)
    assert compute_key_facts()["experts_deployed"] == 2


def test_non_eu_expert_share_counts_uk_and_eu_as_eu_and_ignores_undeployed_experts():
    for nationality in ("FR", "GB", "MA"):
        DeploymentFactory(expert=ExpertFactory(nationality=nationality), status=DeploymentStatus.COMPLETED)
    DeploymentFactory(expert=ExpertFactory(nationality="SN"), status=DeploymentStatus.CONFIRMED)  # not deployed yet
    ExpertFactory(nationality="BR")  # on the roster only
    facts = compute_key_facts()
    assert facts["non_eu_expert_share"] == pytest.approx(1 / 3)
    assert facts.basis["non_eu_expert_share"] == {"n": 3, "yes": 1, "answers": 3}


def test_non_eu_expert_share_is_null_without_deployed_experts():
    DeploymentFactory(status=DeploymentStatus.INVITED)
    assert compute_key_facts()["non_eu_expert_share"] is None


def test_actions_concluded_counts_completed_actions_by_phase():
    ActionFactory(status=ActionStatus.COMPLETED, phase=phase("III"))
    ActionFactory(status=ActionStatus.COMPLETED, phase=phase("III"))
    ActionFactory(status=ActionStatus.COMPLETED, phase=phase("IV"))
    ActionFactory(status=ActionStatus.CANCELLED, phase=phase("III"))
    ActionFactory(status=ActionStatus.ONGOING, phase=phase("IV"))
    ActionFactory(status=ActionStatus.PLANNED)
    facts = compute_key_facts()
    assert facts["actions_concluded"] == 3
    assert facts["actions_concluded_by_phase"] == {"III": 2, "IV": 1}


def test_participants_sums_delivered_activities_only():
    ActivityFactory(delivered=True, participants_total=30)
    ActivityFactory(delivered=True, participants_total=12, participants_women=None, participants_men=None)
    ActivityFactory(status=ActivityStatus.DELIVERED, participants_total=None)  # not reported yet
    ActivityFactory(status=ActivityStatus.CONFIRMED, participants_total=50)
    ActivityFactory(status=ActivityStatus.CANCELLED, participants_total=40)
    facts = compute_key_facts()
    assert facts["participants"] == 42
    assert facts.basis["participants"] == {"n": 3, "activities_reporting": 2}


def test_participant_difference_rate_adds_historical_answers_and_skips_unanswered():
    activity = ActivityFactory(delivered=True, historical_feedback_answers=10, historical_feedback_yes=9)
    SurveyResponse.objects.create(activity=activity, made_difference=True)
    SurveyResponse.objects.create(activity=activity, made_difference=False)
    SurveyResponse.objects.create(activity=activity, made_difference=None, satisfaction=4)  # question skipped
    facts = compute_key_facts()
    assert facts["participant_difference_rate"] == pytest.approx(10 / 12)
    assert facts.basis["participant_difference_rate"]["answers"] == 12
    assert facts.basis["participant_difference_rate"]["historical_answers"] == 10


def test_participant_difference_rate_is_null_without_answers():
    activity = ActivityFactory(delivered=True)
    SurveyResponse.objects.create(activity=activity, satisfaction=5)
    assert compute_key_facts()["participant_difference_rate"] is None


def test_expert_benefit_rate_counts_only_answered_feedback():
    DeploymentFactory(status=DeploymentStatus.COMPLETED, beneficial=True)
    DeploymentFactory(status=DeploymentStatus.COMPLETED, beneficial=True)
    DeploymentFactory(status=DeploymentStatus.COMPLETED, beneficial=False)
    DeploymentFactory(status=DeploymentStatus.COMPLETED, beneficial=None)
    facts = compute_key_facts()
    assert facts["expert_benefit_rate"] == pytest.approx(2 / 3)
    assert facts.basis["expert_benefit_rate"] == {"yes": 2, "answers": 3}


def test_median_days_to_decision_counts_decisions_but_not_withdrawals():
    decided_request(RequestStatus.APPROVED, 10)
    decided_request(RequestStatus.REJECTED, 20)
    decided_request(RequestStatus.INELIGIBLE, 40)
    decided_request(RequestStatus.WITHDRAWN, 1)  # a withdrawal is not a decision
    RequestFactory(submitted=True)  # still open
    facts = compute_key_facts()
    assert facts["median_days_to_decision"] == 20
    assert facts.basis["median_days_to_decision"] == {"n": 3}


def test_median_days_to_decision_is_null_without_decisions():
    RequestFactory(submitted=True)
    assert compute_key_facts()["median_days_to_decision"] is None


def test_filters_narrow_every_figure_to_a_phase():
    old = ActionFactory(status=ActionStatus.COMPLETED, phase=phase("III"), countries=["MA"])
    ActivityFactory(action=old, delivered=True, participants_total=20)
    new = ActionFactory(status=ActionStatus.COMPLETED, phase=phase("IV"), countries=["KE"])
    ActivityFactory(action=new, delivered=True, participants_total=30)
    facts = compute_key_facts(phase="III")
    assert facts["actions_concluded"] == 1
    assert facts["countries_benefited"] == 1
    assert facts["participants"] == 20


def test_api_returns_exactly_the_keys_of_section_4(client):
    ActionFactory(status=ActionStatus.COMPLETED, phase=phase("IV"))
    response = client.get("/api/key-facts/")
    assert response.status_code == 200
    data = response.json()
    assert list(data) == list(KEYS)
    assert set(data) == {
        "requests_received", "countries_benefited", "experts_deployed", "non_eu_expert_share", "actions_concluded",
        "actions_concluded_by_phase", "participants", "participant_difference_rate", "expert_benefit_rate",
        "median_days_to_decision",
    }
    assert data["actions_concluded_by_phase"] == {"IV": 1}


def test_basis_endpoint_gives_n_answers_and_computed_time(client):
    response = client.get("/api/key-facts/basis/")
    data = response.json()
    assert set(data["basis"]) == set(KEYS)
    assert datetime.datetime.fromisoformat(data["computed_at"])


def test_cached_figures_refresh_when_the_data_changes():
    assert key_facts()["actions_concluded"] == 0
    ActionFactory(status=ActionStatus.COMPLETED)  # the save signal drops the cached figures
    assert key_facts()["actions_concluded"] == 1


def test_cached_figures_expire_within_a_minute_even_without_a_signal(settings):
    from actions.models import Action

    assert settings.KEY_FACTS_CACHE_SECONDS <= 60
    action = ActionFactory(status=ActionStatus.ONGOING)
    assert key_facts()["actions_concluded"] == 0
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.COMPLETED)  # bulk update: no signal
    assert key_facts()["actions_concluded"] == 0  # still cached...
    keyfacts.cache.delete(keyfacts.CACHE_KEY)  # ...until the entry's time-to-live runs out
    assert key_facts()["actions_concluded"] == 1


def test_query_count_does_not_grow_with_the_data(django_assert_max_num_queries):
    def build(n):
        for _ in range(n):
            action = ActionFactory(status=ActionStatus.COMPLETED, countries=["KE", "TZ"])
            activity = ActivityFactory(action=action, delivered=True)
            DeploymentFactory(activity=activity, status=DeploymentStatus.COMPLETED, beneficial=True)
            SurveyResponse.objects.create(activity=activity, made_difference=True)
            decided_request(RequestStatus.APPROVED, 12)

    build(1)
    with django_assert_max_num_queries(12) as one:
        compute_key_facts()
    build(10)
    with django_assert_max_num_queries(len(one.captured_queries)):
        compute_key_facts()
