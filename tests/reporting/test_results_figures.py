"""Results figures on a small hand-built data set with known answers, and what must not count."""

import datetime

import pytest
from django.utils import timezone

from actions.models import ActionStatus
from actions.results_models import Indicator, PartnerEvaluation, PartnerFollowUp
from reporting.dashboard import Scope
from reporting.results_figures import results_figures
from tests.factories import ActionFactory, UserFactory, area, phase, region

pytestmark = pytest.mark.django_db


def evaluation(action, status="answered", **answers):
    return PartnerEvaluation.objects.create(
        action=action, member=UserFactory(), status=status, answered_at=timezone.now() if status == "answered" else None,
        **answers,
    )


def follow_up(action, status="answered", used=""):
    return PartnerFollowUp.objects.create(action=action, member=UserFactory(), status=status, results_used=used)


def indicator(action, **values):
    return Indicator.objects.create(action=action, title="i", **values)


@pytest.fixture
def data_set():
    kenya = ActionFactory(code="A-KE", status=ActionStatus.COMPLETED, region=region("AFR"), phase=phase("IV"),
                          actual_start=datetime.date(2025, 1, 1), actual_end=datetime.date(2025, 11, 30))
    jordan = ActionFactory(code="A-JO", status=ActionStatus.COMPLETED, region=region("SOU"), phase=phase("IV"),
                           thematic_areas=[area("IPA")],
                           actual_start=datetime.date(2024, 1, 1), actual_end=datetime.date(2024, 6, 30))
    cancelled = ActionFactory(code="A-CX", status=ActionStatus.CANCELLED, region=region("AFR"))

    # Indicators: Kenya 2 of 3 known at or above target (a fourth has no actual yet); Jordan 0 of 1.
    indicator(kenya, measure="unit", baseline="0", target="40", actual="46")
    indicator(kenya, measure="percentage", baseline="20", target="60", actual="60")
    indicator(kenya, measure="unit", target="10", actual="")                     # not known: does not count
    indicator(kenya, measure="qualitative", target="Law adopted", actual="Draft", achieved=False)
    indicator(jordan, measure="unit", baseline="180", target="90", actual="120")  # falling target, missed
    indicator(cancelled, measure="unit", target="5", actual="9")                   # cancelled Action: never counts

    # Evaluations: Kenya 2 answers (5 and 3, objectives yes and partly), one open, one withdrawn.
    evaluation(kenya, satisfaction=5, relevance=4, experts_quality=5, objectives_met="yes")
    evaluation(kenya, satisfaction=3, relevance=4, experts_quality=4, objectives_met="partly")
    evaluation(kenya, status="invited")
    evaluation(kenya, status="withdrawn", satisfaction=1, relevance=1, experts_quality=1, objectives_met="no")
    evaluation(jordan, satisfaction=2, relevance=2, experts_quality=3, objectives_met="no")

    # Follow-ups: Kenya yes, partly, no + one unanswered + one withdrawn "yes"; Jordan yes.
    for used in ("yes", "partly", "no"):
        follow_up(kenya, used=used)
    follow_up(kenya, status="invited")
    follow_up(kenya, status="withdrawn", used="yes")
    follow_up(jordan, used="yes")
    return {"kenya": kenya, "jordan": jordan}


def test_figures_over_everything(data_set):
    figures = results_figures()
    assert figures["indicator_achievement"] == {"rate": 0.5, "at_or_above_target": 2, "basis": 4, "indicators": 5}
    ev = figures["partner_evaluation"]
    assert (ev["answers"], ev["invited"], ev["actions"]) == (3, 4, 2)
    assert ev["satisfaction_mean"] == round((5 + 3 + 2) / 3, 2) and ev["satisfaction_basis"] == 3
    assert ev["objectives_met_rate"] == round(1 / 3, 4) and ev["objectives_basis"] == 3
    fu = figures["follow_up"]
    assert (fu["results_used_rate"], fu["basis"], fu["invited"]) == (0.75, 4, 5)
    assert (fu["yes"], fu["partly"], fu["no"]) == (2, 1, 1)


def test_filters_keep_other_actions_out(data_set):
    kenya_only = results_figures(Scope(region=region("AFR")))
    assert kenya_only["indicator_achievement"]["basis"] == 3
    assert kenya_only["indicator_achievement"]["rate"] == round(2 / 3, 4)
    assert kenya_only["partner_evaluation"]["satisfaction_mean"] == 4.0
    assert kenya_only["follow_up"]["results_used_rate"] == round(2 / 3, 4)

    jordan_by_year = results_figures(Scope(year=2024))
    assert jordan_by_year["follow_up"] == {"results_used_rate": 1.0, "basis": 1, "invited": 1, "yes": 1, "partly": 0, "no": 0}
    assert results_figures(Scope(thematic_area=area("IPA")))["partner_evaluation"]["answers"] == 1
    assert results_figures(Scope(year=2019))["follow_up"]["results_used_rate"] is None


def test_results_json_has_every_figure_with_its_basis_and_is_staff_only(data_set, client_for, client, partner_user, staff_user):
    assert client.get("/staff/api/results/").status_code == 404
    assert client_for(partner_user).get("/staff/api/results/").status_code == 404
    data = client_for(staff_user).get("/staff/api/results/?region=AFR").json()
    assert data["filters"] == {"region": "AFR"}
    assert data["indicator_achievement"]["basis"] == 3
    assert data["follow_up"]["basis"] == 3 and data["partner_evaluation"]["answers"] == 2
    assert client_for(staff_user).get("/staff/api/results/?region=XXX").status_code == 400


def test_dashboard_shows_the_results_table(data_set, client_for, staff_user):
    page = client_for(staff_user).get("/staff/").content.decode()
    assert "Results and evidence" in page and "Six-month follow-up: results used (yes or partly)" in page
    assert "75%" in page


def test_key_facts_keys_do_not_change(data_set, client):
    keys = set(client.get("/api/key-facts/").json())
    assert not any("follow" in k or "evaluation" in k or "indicator" in k for k in keys)


def test_public_home_shows_follow_up_only_with_enough_answers(data_set, client, settings):
    settings.FOLLOW_UP_PUBLIC_MIN_ANSWERS = 5
    assert "used the results" not in client.get("/").content.decode()
    settings.FOLLOW_UP_PUBLIC_MIN_ANSWERS = 4
    page = client.get("/").content.decode()
    assert "75%" in page and "used the results" in page and "4 answers" in page
