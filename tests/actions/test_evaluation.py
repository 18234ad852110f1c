"""End-of-Action evaluation and six-month follow-up: invited once, reminded once, sent exactly once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from actions import evaluation, services, tasks
from actions.models import ActionStatus
from actions.results_models import FollowUpSchedule, PartnerEvaluation, PartnerFollowUp, PartnerSurveyStatus
from mieux.models import Notification
from requests_app.models import Membership
from tests.factories import ActionFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(institution, partner_user):
    french = UserFactory(email="fr@example.org", full_name="Fanny Français", language="fr")
    MembershipFactory(user=french, institution=institution)
    former = UserFactory(email="former@example.org")
    MembershipFactory(user=former, institution=institution, status=Membership.Status.PENDING)
    return {"partner": partner_user, "french": french, "former": former}


@pytest.fixture
def ongoing(institution):
    return ActionFactory(institution=institution, status=ActionStatus.ONGOING, actual_start=datetime.date(2026, 1, 10))


def complete(staff_user, action):
    return services.action_complete(actor=staff_user, action=action)


def test_completion_invites_each_active_member_once_in_their_language(staff_user, members, ongoing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complete(staff_user, ongoing)

    invited = PartnerEvaluation.objects.filter(action=ongoing)
    assert {e.member for e in invited} == {members["partner"], members["french"]}
    notes = Notification.objects.filter(kind="partner_evaluation_invitation")
    assert notes.count() == 2
    french = notes.get(recipient=members["french"])
    assert f"/workspace/actions/{ongoing.code}/evaluation/" in french.body
    assert len(mail.outbox) == 2


def test_reopening_and_completing_again_does_not_invite_twice(staff_user, members, ongoing):
    complete(staff_user, ongoing)
    services.action_transition(actor=staff_user, action=ongoing, name="reopen")
    assert set(PartnerEvaluation.objects.values_list("status", flat=True)) == {PartnerSurveyStatus.WITHDRAWN}
    complete(staff_user, ongoing)

    assert PartnerEvaluation.objects.filter(action=ongoing).count() == 2
    assert Notification.objects.filter(kind="partner_evaluation_invitation").count() == 2
    assert FollowUpSchedule.objects.filter(action=ongoing).count() == 1


def test_unanswered_evaluation_is_reminded_once(staff_user, members, ongoing, settings):
    complete(staff_user, ongoing)
    answered = PartnerEvaluation.objects.get(member=members["french"])
    evaluation.evaluation_answer(member=members["french"], evaluation=answered, data={
        "satisfaction": 5, "relevance": 4, "experts_quality": 5, "objectives_met": "yes"})
    too_early = timezone.now() + datetime.timedelta(days=settings.PARTNER_SURVEY_REMINDER_DAYS - 1)
    assert tasks.send_partner_survey_reminders.delay(at=too_early.isoformat()).result == 0

    later = timezone.now() + datetime.timedelta(days=settings.PARTNER_SURVEY_REMINDER_DAYS + 1)
    assert tasks.send_partner_survey_reminders.delay(at=later.isoformat()).result == 1
    assert tasks.send_partner_survey_reminders.delay(at=later.isoformat()).result == 0
    assert tasks.send_partner_survey_reminders.delay(at=(later + datetime.timedelta(days=30)).isoformat()).result == 0

    reminders = Notification.objects.filter(kind="partner_evaluation_reminder")
    assert [n.recipient for n in reminders] == [members["partner"]]


def test_follow_up_goes_out_exactly_once_six_months_after_completion(staff_user, members, ongoing):
    complete(staff_user, ongoing)
    completed_on = timezone.localdate()
    schedule = FollowUpSchedule.objects.get(action=ongoing)
    assert schedule.due_on == evaluation.add_months(completed_on, 6)

    day_before = schedule.due_on - datetime.timedelta(days=1)
    assert tasks.send_partner_follow_ups.delay(on=day_before.isoformat()).result == 0
    assert not PartnerFollowUp.objects.exists()

    # The job runs twice on the due day (two beat ticks, or a retry): one follow-up per member.
    assert tasks.send_partner_follow_ups.delay(on=schedule.due_on.isoformat()).result == 2
    assert tasks.send_partner_follow_ups.delay(on=schedule.due_on.isoformat()).result == 0
    assert tasks.send_partner_follow_ups.delay(on=(schedule.due_on + datetime.timedelta(days=40)).isoformat()).result == 0

    assert PartnerFollowUp.objects.filter(action=ongoing).count() == 2
    assert Notification.objects.filter(kind="partner_follow_up_invitation").count() == 2
    assert Notification.objects.get(kind="partner_follow_up_invitation", recipient=members["partner"]).url == f"/workspace/actions/{ongoing.code}/follow-up/"


def test_follow_up_of_an_action_reopened_meanwhile_is_not_sent(staff_user, members, ongoing):
    complete(staff_user, ongoing)
    services.action_transition(actor=staff_user, action=ongoing, name="reopen")
    due = FollowUpSchedule.objects.get(action=ongoing).due_on
    assert evaluation.send_due_follow_ups(due) == 0
    assert not PartnerFollowUp.objects.exists()


def test_add_months_keeps_the_end_of_month():
    assert evaluation.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert evaluation.add_months(datetime.date(2026, 1, 15), 6) == datetime.date(2026, 7, 15)


def test_partner_answers_evaluation_and_follow_up_from_their_account(staff_user, members, ongoing, client_for):
    complete(staff_user, ongoing)
    client = client_for(members["partner"])
    page = client.get(f"/workspace/actions/{ongoing.code}/")
    assert "Evaluate the Action" in page.content.decode()
    response = client.post(f"/workspace/actions/{ongoing.code}/evaluation/", {
        "satisfaction": "4", "relevance": "5", "experts_quality": "5", "objectives_met": "partly",
        "next_steps": "A regional workshop."})
    assert response.status_code == 302
    answer = PartnerEvaluation.objects.get(member=members["partner"])
    assert (answer.status, answer.satisfaction, answer.objectives_met) == ("answered", 4, "partly")
    # A second answer is refused.
    again = client.post(f"/workspace/actions/{ongoing.code}/evaluation/", {
        "satisfaction": "1", "relevance": "1", "experts_quality": "1", "objectives_met": "no"})
    assert again.status_code == 200
    answer.refresh_from_db()
    assert answer.satisfaction == 4

    evaluation.send_due_follow_ups(FollowUpSchedule.objects.get().due_on)
    response = client.post(f"/workspace/actions/{ongoing.code}/follow-up/", {"results_used": "yes", "examples": "Used in the new law."})
    assert response.status_code == 302
    assert PartnerFollowUp.objects.get(member=members["partner"]).results_used == "yes"


def test_evaluation_answer_is_validated(staff_user, members, ongoing, client_for):
    complete(staff_user, ongoing)
    response = client_for(members["partner"]).post(f"/workspace/actions/{ongoing.code}/evaluation/", {"satisfaction": "9"})
    assert response.status_code == 200
    assert PartnerEvaluation.objects.get(member=members["partner"]).status == "invited"
    with pytest.raises(evaluation.SurveyAnswerError):
        evaluation.evaluation_answer(member=members["partner"], evaluation=PartnerEvaluation.objects.get(member=members["partner"]),
                                     data={"satisfaction": 0, "relevance": 3, "experts_quality": 3, "objectives_met": "yes"})


def test_others_cannot_open_or_answer_an_evaluation(staff_user, members, ongoing, other_partner, expert_user, client_for, client):
    complete(staff_user, ongoing)
    assert client.get(f"/workspace/actions/{ongoing.code}/evaluation/").status_code == 404
    for user in (other_partner, expert_user, staff_user):
        c = client_for(user)
        assert c.get(f"/workspace/actions/{ongoing.code}/evaluation/").status_code == 404
        assert c.post(f"/workspace/actions/{ongoing.code}/evaluation/", {"satisfaction": "5"}).status_code == 404
        assert c.get(f"/workspace/actions/{ongoing.code}/follow-up/").status_code == 404
