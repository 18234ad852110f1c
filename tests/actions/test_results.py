"""The results framework: indicators validated at every door, progress shown to staff and partner."""

import pytest

from actions import results
from actions.errors import ActionError
from actions.results_models import Indicator

pytestmark = pytest.mark.django_db


def data(**overrides):
    return {"title": "Officials trained", "result_type": "output", "measure": "unit", "baseline": "0",
            "baseline_year": 2025, "target": "40", "actual": "", **overrides}


@pytest.mark.parametrize("overrides, field", [
    ({"measure": "percentage", "target": "120"}, "target"),
    ({"measure": "percentage", "actual": "-1"}, "actual"),
    ({"measure": "unit", "baseline": "a few"}, "baseline"),
    ({"measure": "unit", "target": "-3"}, "target"),
    ({"measure": "litres"}, "measure"),
    ({"result_type": "activity"}, "result_type"),
    ({"title": "  "}, "title"),
    ({"baseline_year": 25}, "baseline_year"),
])
def test_invalid_indicator_values_are_refused_with_a_message_per_field(overrides, field):
    assert field in results.indicator_errors(data(**overrides))


@pytest.mark.parametrize("overrides", [
    {"measure": "percentage", "baseline": "0", "target": "100", "actual": "99.5"},
    {"measure": "qualitative", "baseline": "No law", "target": "Law adopted", "actual": "Draft in parliament"},
    {"measure": "unit", "baseline": "", "target": "", "actual": ""},
    {"measure": "unit", "target": "12,5"},
])
def test_valid_indicator_values_are_accepted(overrides):
    assert results.indicator_errors(data(**overrides)) == {}


def test_staff_set_indicators_at_planning_and_update_them_at_completion(staff_user, action):
    indicator = results.indicator_create(actor=staff_user, action=action, data=data())
    assert indicator.at_or_above_target is None
    with pytest.raises(results.IndicatorError) as refused:
        results.indicator_update(actor=staff_user, indicator=indicator, data={"measure": "percentage", "target": "140"})
    assert "target" in refused.value.errors
    indicator = results.indicator_update(actor=staff_user, indicator=indicator, data={"actual": "46"})
    assert indicator.at_or_above_target is True and indicator.progress_percent == 100
    assert action.events.filter(transition__in=("indicator_added", "indicator_updated")).count() == 2


def test_a_falling_target_is_reached_at_or_below_it(staff_user, action):
    days = results.indicator_create(actor=staff_user, action=action, data=data(
        title="Days to decide an asylum claim", baseline="180", target="90", actual="85"))
    assert not days.ascending and days.at_or_above_target is True
    days = results.indicator_update(actor=staff_user, indicator=days, data={"actual": "120"})
    assert days.at_or_above_target is False and days.progress_percent == 66


def test_partners_cannot_change_indicators(partner_user, action):
    with pytest.raises(ActionError):
        results.indicator_create(actor=partner_user, action=action, data=data())


def test_indicator_summary_counts_only_indicators_with_known_values(staff_user, action):
    for actual, target in (("46", "40"), ("10", "40"), ("", "40"), ("5", "")):
        results.indicator_create(actor=staff_user, action=action, data=data(actual=actual, target=target))
    results.indicator_create(actor=staff_user, action=action, data=data(measure="qualitative", target="Law", actual="Adopted", achieved=True))
    assert results.indicator_summary(Indicator.objects.all()) == (2, 3)


def test_staff_page_shows_progress_and_staff_form_validates(staff_user, action, client_for):
    client = client_for(staff_user)
    response = client.post(f"/workspace/actions/{action.code}/indicators/new/", {
        "title": "Share of trained officials", "result_type": "outcome", "measure": "percentage",
        "baseline": "20", "baseline_year": "2025", "target": "150", "actual": ""})
    assert response.status_code == 200 and not Indicator.objects.exists()
    assert "A percentage is between 0 and 100." in response.content.decode()
    response = client.post(f"/workspace/actions/{action.code}/indicators/new/", {
        "title": "Share of trained officials", "result_type": "outcome", "measure": "percentage",
        "baseline": "20", "baseline_year": "2025", "target": "80", "actual": "80"})
    assert response.status_code == 302
    page = client.get(f"/workspace/actions/{action.code}/").content.decode()
    assert "Share of trained officials" in page and "Target reached" in page
    assert "1 of 1 indicator with a known value is at or above its target." in page


def test_only_staff_reach_indicator_forms(partner_user, other_partner, expert_user, action, client_for, client, staff_user):
    indicator = results.indicator_create(actor=staff_user, action=action, data=data())
    urls = [f"/workspace/actions/{action.code}/indicators/new/", f"/workspace/actions/{action.code}/indicators/{indicator.pk}/"]
    for user in (partner_user, other_partner, expert_user):
        c = client_for(user)
        for url in urls:
            assert c.get(url).status_code == 404
        assert c.post(f"/workspace/actions/{action.code}/indicators/{indicator.pk}/delete/").status_code == 404
    assert Indicator.objects.count() == 1
    # The partner sees the framework on their Action page, without edit links.
    page = client_for(partner_user).get(f"/workspace/actions/{action.code}/").content.decode()
    assert "Officials trained" in page and "Add an indicator" not in page
