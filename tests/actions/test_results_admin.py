"""Admin of indicators, partner evaluations and follow-ups, schedules and translations."""

import pytest
from django.urls import reverse

from actions.results_models import Indicator, PartnerEvaluation
from tests.factories import ActionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["indicator", "partnerevaluation", "partnerfollowup", "followupschedule", "actiontranslation"])
def test_admin_lists_every_results_model(client_for, admin_user, model):
    action = ActionFactory()
    Indicator.objects.create(action=action, title="Trained", target="4", actual="5")
    PartnerEvaluation.objects.create(action=action, member=UserFactory(), status="answered", satisfaction=4)
    response = client_for(admin_user).get(reverse(f"admin:actions_{model}_changelist"), {"q": "MIEUX"})
    assert response.status_code == 200


def test_partner_answers_cannot_be_added_or_rewritten_in_admin(client_for, admin_user):
    evaluation = PartnerEvaluation.objects.create(action=ActionFactory(), member=UserFactory(), status="answered", satisfaction=4)
    client = client_for(admin_user)
    assert client.get(reverse("admin:actions_partnerevaluation_add")).status_code == 403
    page = client.get(reverse("admin:actions_partnerevaluation_change", args=[evaluation.pk])).content.decode()
    assert 'name="satisfaction"' not in page and 'name="status"' in page


def test_admin_indicator_form_applies_the_same_rule(client_for, admin_user):
    action = ActionFactory()
    response = client_for(admin_user).post(reverse("admin:actions_indicator_add"), {
        "action": action.pk, "title": "Share", "result_type": "outcome", "measure": "percentage", "target": "130",
        "baseline": "", "actual": "", "achieved": "unknown", "position": 0})
    assert response.status_code == 200
    assert "A percentage is between 0 and 100." in response.content.decode()
    assert not Indicator.objects.exists()


def test_action_admin_page_holds_indicators_and_translations(client_for, admin_user):
    action = ActionFactory()
    page = client_for(admin_user).get(reverse("admin:actions_action_change", args=[action.pk])).content.decode()
    assert "indicators-TOTAL_FORMS" in page and "translations-TOTAL_FORMS" in page
