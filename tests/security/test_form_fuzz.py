"""Fuzzing the forms people type into: whatever is posted, the answer is a success or a form error —
never a 500 — and a form error leaves nothing half-saved. Each example runs in a rolled-back savepoint,
so every example starts from the same data. Runs on PostgreSQL in CI (column limits are real there)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from actions.forms import ActivityForm, DeliveryForm
from actions.models import ActivityStatus, SurveyResponse
from actions.survey import SurveyForm
from experts.forms import OwnProfileForm
from requests_app.forms import STEP_FORMS, InstitutionForm
from requests_app.forms_review import OpinionForm
from requests_app.models import Opinion
from requests_app.services import committee, review
from tests.factories import ActivityFactory, ExpertFactory, RequestFactory
from tests.security.fuzz import FUZZ_SETTINGS, form_data, in_rollback, snapshot

pytestmark = pytest.mark.django_db


def post_and_check(client, url, data, objects, *, extra_state=lambda: None):
    """POST; never a 5xx; when the form comes back with errors (200), nothing changed."""
    before = (snapshot(*objects), extra_state())

    def run():
        response = client.post(url, data)
        assert response.status_code < 500, (url, data, response.status_code)
        if response.status_code == 200:
            assert (snapshot(*objects), extra_state()) == before, ("half-saved", data)
        return response.status_code

    return in_rollback(run)


@pytest.fixture
def draft(partner_user):
    return RequestFactory(institution=partner_user.memberships.get().institution, title="Fuzzed draft")


@pytest.mark.parametrize("step", sorted(STEP_FORMS))
def test_request_steps(client_for, partner_user, draft, step):
    client = client_for(partner_user)
    url = reverse("requests:edit", args=[draft.pk, step])

    @FUZZ_SETTINGS
    @given(data=form_data(STEP_FORMS[step](instance=draft, institution=draft.institution)))
    def fuzz(data):
        post_and_check(client, url, data, [draft])

    fuzz()


def test_institution_profile(client_for, partner_user, institution):
    client = client_for(partner_user)
    url = reverse("requests:members", args=[institution.pk])

    @FUZZ_SETTINGS
    @given(data=form_data(InstitutionForm(instance=institution), prefix="profile"))
    def fuzz(data):
        post_and_check(client, url, data, [institution])

    fuzz()


def test_opinion(client_for, institution, staff_user, committee_user):
    obj = RequestFactory(submitted=True, institution=institution)
    review.request_forward(actor=staff_user, request_id=obj.pk, cover_note="Eligible.")
    committee.conflict_declare(actor=committee_user, request_id=obj.pk, has_conflict=False)
    client = client_for(committee_user)
    url = reverse("requests:review_opinion", args=[obj.pk])

    @FUZZ_SETTINGS
    @given(data=form_data(OpinionForm()))
    def fuzz(data):
        post_and_check(client, url, data, [obj], extra_state=lambda: list(Opinion.objects.values_list("value", "comment")))

    fuzz()


def test_expert_profile(client_for, expert_user):
    expert = ExpertFactory(user=expert_user, email=expert_user.email)
    client = client_for(expert_user)
    url = reverse("experts:profile_edit")
    management = {"languages-TOTAL_FORMS": "0", "languages-INITIAL_FORMS": "0"}

    @FUZZ_SETTINGS
    @given(data=form_data(OwnProfileForm(instance=expert)))
    def fuzz(data):
        post_and_check(client, url, {**management, **data}, [expert])

    fuzz()


def test_activity(client_for, staff_user):
    activity = ActivityFactory()
    client = client_for(staff_user)
    url = reverse("actions:activity_edit", args=[activity.action.code, activity.pk])

    @FUZZ_SETTINGS
    @given(data=form_data(ActivityForm(instance=activity)))
    def fuzz(data):
        post_and_check(client, url, data, [activity, activity.action])

    fuzz()


def test_delivery(client_for, staff_user):
    activity = ActivityFactory(status=ActivityStatus.CONFIRMED)
    client = client_for(staff_user)
    url = reverse("actions:activity_delivery", args=[activity.action.code, activity.pk])

    @FUZZ_SETTINGS
    @given(data=form_data(DeliveryForm()))
    def fuzz(data):
        post_and_check(client, url, data, [activity])

    fuzz()


def test_survey(client, settings):
    settings.SURVEY_RATE_LIMIT = "100000/h"
    today = timezone.localdate()
    activity = ActivityFactory(
        delivered=True, start_date=today - datetime.timedelta(days=2), end_date=today - datetime.timedelta(days=1)
    )
    url = reverse("survey", args=[activity.survey_token])

    @FUZZ_SETTINGS
    @given(data=form_data(SurveyForm()))
    def fuzz(data):
        post_and_check(client, url, data, [activity], extra_state=lambda: SurveyResponse.objects.count())

    fuzz()
