"""Each matching criterion moves the score the right way on small hand-built cases, and says so."""

import datetime

import pytest

from experts.matching import rank_experts
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    UnavailabilityFactory,
    area,
    region,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def activity():
    action = ActionFactory(countries=["KE"], region=region("AFR"), thematic_areas=[area("LMM")])
    return ActivityFactory(
        action=action, country="KE", start_date=D(2027, 2, 1), end_date=D(2027, 2, 3), languages=["en"], required_languages=["en"]
    )


def twins(**kwargs):
    """Two experts alike in everything the test does not vary."""
    common = {"languages": [("en", "C1")], "thematic_areas": [area("LMM")], "nationality": "FR", "gender": "F"}
    common.update(kwargs)
    return common


def scored(activity, **kw):
    ranking = rank_experts(activity, today=TODAY, **kw)
    return {c.expert_id: c for c in ranking.candidates + ranking.unavailable}


def criterion(candidate, key):
    return next(c for c in candidate.criteria if c.key == key)


def test_thematic_fit_ranks_the_matching_area_higher_and_names_it(activity):
    good = ExpertFactory(**twins())
    off = ExpertFactory(**twins(thematic_areas=[area("IPA")]))
    result = scored(activity)
    assert result[good.pk].score > result[off.pk].score
    assert criterion(result[good.pk], "thematic").value == 1.0
    assert "Legal Migration and Mobility" in criterion(result[good.pk], "thematic").explanation
    assert criterion(result[off.pk], "thematic").value == 0.0
    assert "Thematic fit" in result[off.pk].explanation()


def test_activity_required_areas_override_the_actions(activity):
    activity.required_thematic_areas.set([area("IPA")])
    asylum = ExpertFactory(**twins(thematic_areas=[area("IPA")]))
    labour = ExpertFactory(**twins())
    result = scored(activity)
    assert result[asylum.pk].score > result[labour.pk].score


def test_language_below_b2_scores_lower_and_is_named(activity):
    fluent = ExpertFactory(**twins(languages=[("en", "B2")]))
    weak = ExpertFactory(**twins(languages=[("en", "B1")]))
    result = scored(activity)
    assert result[fluent.pk].score > result[weak.pk].score
    assert criterion(result[weak.pk], "language").value == 0
    assert "lacks B2 or above in English" in criterion(result[weak.pk], "language").explanation
    assert "Working languages" in result[weak.pk].explanation()


def test_country_experience_beats_region_beats_none(activity):
    country = ExpertFactory(**twins(countries_experience=["KE"]))
    in_region = ExpertFactory(**twins(countries_experience=["TZ"]))
    nowhere = ExpertFactory(**twins(countries_experience=["PE"]))
    result = scored(activity)
    values = [criterion(result[e.pk], "experience").value for e in (country, in_region, nowhere)]
    assert values == [1.0, 0.5, 0.0]
    assert result[country.pk].score > result[in_region.pk].score > result[nowhere.pk].score
    assert "Kenya" in criterion(result[country.pk], "experience").explanation or "KE" in criterion(result[country.pk], "experience").explanation


def test_region_of_experience_counts_as_region(activity):
    expert = ExpertFactory(**twins())
    expert.regions_experience.set([region("AFR")])
    assert criterion(scored(activity)[expert.pk], "experience").value == 0.5


def test_good_past_feedback_ranks_higher(activity):
    praised = ExpertFactory(**twins())
    criticised = ExpertFactory(**twins())
    old = ActivityFactory(start_date=D(2024, 1, 10), end_date=D(2024, 1, 11))
    old2 = ActivityFactory(start_date=D(2024, 1, 10), end_date=D(2024, 1, 11))
    DeploymentFactory(expert=praised, activity=old, completed=True, staff_rating=5, satisfaction=5)
    DeploymentFactory(expert=criticised, activity=old2, completed=True, staff_rating=1, satisfaction=2)
    result = scored(activity)
    assert result[praised.pk].score > result[criticised.pk].score
    assert "staff rating 5.0/5" in criterion(result[praised.pk], "feedback").explanation
    assert "Past feedback" in result[criticised.pk].explanation()


def test_non_eu_expert_preferred_while_the_action_is_below_the_target(activity):
    eu = ExpertFactory(**twins(nationality="DE"))
    non_eu = ExpertFactory(**twins(nationality="MA"))
    # The Action already has two EU experts: 0 % non-EU, below the one-third target.
    for _ in range(2):
        DeploymentFactory(activity=ActivityFactory(action=activity.action, start_date=D(2026, 1, 5), end_date=D(2026, 1, 6)),
                          expert=ExpertFactory(nationality="BE", gender="M"), confirmed=True)
    result = scored(activity)
    assert result[non_eu.pk].score > result[eu.pk].score
    assert "non-EU" in criterion(result[non_eu.pk], "diversity").explanation
    assert "Diversity" in result[eu.pk].explanation()


def test_eu_expert_preferred_once_the_action_is_above_the_target(activity):
    eu = ExpertFactory(**twins(nationality="DE"))
    non_eu = ExpertFactory(**twins(nationality="SN"))
    DeploymentFactory(activity=ActivityFactory(action=activity.action, start_date=D(2026, 1, 5), end_date=D(2026, 1, 6)),
                      expert=ExpertFactory(nationality="KE", gender="M"), confirmed=True)
    result = scored(activity)
    assert result[eu.pk].score > result[non_eu.pk].score


def test_gender_balance_favours_the_under_represented_gender(activity):
    woman = ExpertFactory(**twins(gender="F"))
    man = ExpertFactory(**twins(gender="M"))
    DeploymentFactory(activity=ActivityFactory(action=activity.action, start_date=D(2026, 1, 5), end_date=D(2026, 1, 6)),
                      expert=ExpertFactory(nationality="KE", gender="M"), confirmed=True)
    DeploymentFactory(activity=ActivityFactory(action=activity.action, start_date=D(2026, 2, 5), end_date=D(2026, 2, 6)),
                      expert=ExpertFactory(nationality="FR", gender="M"), confirmed=True)
    result = scored(activity)
    assert result[woman.pk].score > result[man.pk].score
    assert "improves the gender balance" in criterion(result[woman.pk], "diversity").explanation


def test_recent_workload_lowers_the_score(activity):
    rested = ExpertFactory(**twins())
    busy = ExpertFactory(**twins())
    for month in (3, 5, 7):
        DeploymentFactory(expert=busy, activity=ActivityFactory(start_date=D(2026, month, 1), end_date=D(2026, month, 2)),
                          status="completed")
    # An old deployment, more than 12 months ago, does not count.
    DeploymentFactory(expert=rested, activity=ActivityFactory(start_date=D(2023, 3, 1), end_date=D(2023, 3, 2)), status="completed")
    result = scored(activity)
    assert criterion(result[busy.pk], "workload").explanation.startswith("3 deployments")
    assert criterion(result[rested.pk], "workload").value == 1.0
    assert result[rested.pk].score > result[busy.pk].score


def test_unavailable_and_inactive_hidden_unless_asked_with_the_reason(activity):
    free = ExpertFactory(**twins())
    away = ExpertFactory(**twins())
    booked = ExpertFactory(**twins())
    inactive = ExpertFactory(**twins(status="inactive"))
    UnavailabilityFactory(expert=away, start_date=D(2027, 1, 20), end_date=D(2027, 2, 1))
    DeploymentFactory(expert=booked, activity=ActivityFactory(title="Other training", start_date=D(2027, 2, 3), end_date=D(2027, 2, 4)),
                      confirmed=True)
    shown = rank_experts(activity, today=TODAY)
    assert [c.expert_id for c in shown.candidates] == [free.pk]
    assert shown.unavailable == []
    everything = rank_experts(activity, today=TODAY, include_unavailable=True)
    reasons = {c.expert_id: " ".join(c.reasons) for c in everything.unavailable}
    assert set(reasons) == {away.pk, booked.pk, inactive.pk}
    assert "unavailable from 2027-01-20" in reasons[away.pk]
    assert "Other training" in reasons[booked.pk]
    assert "inactive" in reasons[inactive.pk]


def test_weights_come_from_settings(activity, settings):
    good = ExpertFactory(**twins())
    off = ExpertFactory(**twins(thematic_areas=[area("IPA")]))
    settings.MATCHING_WEIGHTS = {**settings.MATCHING_WEIGHTS, "thematic": 0.0}
    result = scored(activity)
    assert result[good.pk].score == result[off.pk].score


def test_ranking_uses_a_constant_number_of_queries(activity, django_assert_num_queries):
    ExpertFactory(**twins())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        rank_experts(activity, today=TODAY)
    for _ in range(25):
        ExpertFactory(**twins(countries_experience=["KE"]))
    with django_assert_num_queries(len(one.captured_queries)):
        ranking = rank_experts(activity, today=TODAY)
    assert len(ranking.candidates) == 26


def test_the_ranked_order_is_the_order_of_the_explained_scores(activity):
    """Ranking scores the roster with the values alone; each expert's explained score, built when the
    page shows it, must be the same number, and the points of its criteria must add up to it."""
    team_member = ExpertFactory(**twins(nationality="MA"))
    DeploymentFactory(expert=team_member, activity=ActivityFactory(action=activity.action), status="confirmed")
    variants = [
        twins(), twins(thematic_areas=[area("IPA")]), twins(languages=[("fr", "C2")]), twins(gender="M"),
        twins(nationality="SN", gender="M"), twins(countries_experience=["KE"]), twins(countries_experience=["GH"]),
        twins(languages=[("en", "B1")], countries_experience=["TZ"]), twins(inactive=True),
    ]
    experts = [ExpertFactory(**v) for v in variants]
    UnavailabilityFactory(expert=experts[3], start_date=D(2027, 1, 30), end_date=D(2027, 2, 2))
    ranking = rank_experts(activity, today=TODAY, include_unavailable=True)
    shown = list(ranking.candidates)
    assert len(shown) == len(ranking.candidates) == 8  # the inactive and the unavailable apart
    assert {c.expert_id for c in ranking.unavailable} == {experts[3].pk, experts[8].pk}
    keys = [(-c.score, c.last_name, c.first_name, c.expert_id) for c in shown]
    assert keys == sorted(keys)
    assert len({c.score for c in shown}) > 3  # the variants really differ
    for cand in shown + list(ranking.unavailable):
        weights = sum(c.weight for c in cand.criteria)
        assert abs(sum(c.value * c.weight for c in cand.criteria) / weights * 100 - cand.score) < 0.06
    assert ranking.candidates[:2] == shown[:2] and ranking.candidates[-1] is shown[-1]
