import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from experts import services
from experts.models import Deployment, DeploymentEvent, DeploymentStatus, Expert
from mieux.models import Notification
from tests.factories import (
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    UnavailabilityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def expert(expert_user):
    return ExpertFactory(user=expert_user, email=expert_user.email, first_name="Eva", last_name="Expert", consented=True)


def test_staff_propose_then_invite_sends_signed_link(staff_user, expert, django_capture_on_commit_callbacks):
    activity = ActivityFactory()
    with django_capture_on_commit_callbacks(execute=True):
        deployment = services.deployment_propose(actor=staff_user, activity=activity, expert=expert)
        services.deployment_invite(actor=staff_user, deployment=deployment)
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.INVITED and deployment.invited_at
    assert [e.transition for e in deployment.events.all()] == ["propose", "invite"]
    note = Notification.objects.get(recipient=expert.user, kind="deployment_invitation")
    assert "/experts/invitation/" in note.body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [expert.user.email]


def test_invite_creates_an_expert_account_when_the_expert_has_none(staff_user):
    expert = ExpertFactory(email="Nora.Newcomer@Example.org")
    deployment = DeploymentFactory(expert=expert, proposed=True)
    services.deployment_invite(actor=staff_user, deployment=deployment)
    expert.refresh_from_db()
    assert expert.user.email == "nora.newcomer@example.org" and expert.user.is_expert
    assert not expert.user.has_usable_password()


def test_expert_cannot_invite_or_confirm(expert):
    deployment = DeploymentFactory(expert=expert, proposed=True)
    with pytest.raises(services.DeploymentError):
        services.deployment_invite(actor=expert.user, deployment=deployment)
    accepted = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2026, 5, 1), end_date=D(2026, 5, 2)))
    with pytest.raises(services.DeploymentError):
        services.deployment_confirm(actor=expert.user, deployment=accepted)


def test_other_expert_cannot_accept_someone_elses_invitation(expert):
    deployment = DeploymentFactory(expert=expert)
    intruder = UserFactory(expert=True)
    with pytest.raises(services.DeploymentError):
        services.deployment_accept(actor=intruder, deployment=deployment)


def test_full_lifecycle_to_completion_with_feedback_and_rating(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, proposed=True)
    services.deployment_invite(actor=staff_user, deployment=deployment)
    services.deployment_accept(actor=expert.user, deployment=deployment)
    services.deployment_confirm(actor=staff_user, deployment=deployment)
    services.deployment_complete(actor=staff_user, deployment=deployment)
    services.deployment_give_feedback(actor=expert.user, deployment=deployment, beneficial=True, satisfaction=5, comment="Great")
    services.deployment_rate(actor=staff_user, deployment=deployment, rating=4, comment="Solid")
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.COMPLETED
    assert (deployment.beneficial, deployment.satisfaction, deployment.staff_rating) == (True, 5, 4)
    assert [e.transition for e in deployment.events.all()] == ["invite", "accept", "confirm", "complete", "feedback", "rate"]


def test_feedback_refused_before_completion_and_twice(expert):
    deployment = DeploymentFactory(expert=expert, confirmed=True)
    with pytest.raises(services.DeploymentError):
        services.deployment_give_feedback(actor=expert.user, deployment=deployment, beneficial=True, satisfaction=4)
    done = DeploymentFactory(expert=expert, completed=True, activity=ActivityFactory(start_date=D(2025, 1, 1), end_date=D(2025, 1, 2)))
    services.deployment_give_feedback(actor=expert.user, deployment=done, beneficial=False, satisfaction=3)
    with pytest.raises(services.DeploymentError):
        services.deployment_give_feedback(actor=expert.user, deployment=done, beneficial=True, satisfaction=5)


def test_staff_rating_is_staff_only(expert):
    deployment = DeploymentFactory(expert=expert, completed=True)
    with pytest.raises(services.DeploymentError):
        services.deployment_rate(actor=expert.user, deployment=deployment, rating=5)


def test_decline_from_invited(expert):
    deployment = DeploymentFactory(expert=expert)
    services.deployment_decline(actor=expert.user, deployment=deployment, note="Busy")
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.DECLINED and deployment.answered_at


def test_wrong_source_state_is_refused_with_a_message(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, proposed=True)
    with pytest.raises(services.DeploymentError, match="Proposed"):
        services.deployment_confirm(actor=staff_user, deployment=deployment)


def test_cancelled_deployment_can_be_proposed_again(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, status=DeploymentStatus.CANCELLED)
    again = services.deployment_propose(actor=staff_user, activity=deployment.activity, expert=expert)
    assert again.pk == deployment.pk and again.status == DeploymentStatus.PROPOSED


def test_proposing_twice_is_refused(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, proposed=True)
    with pytest.raises(services.DeploymentError, match="already"):
        services.deployment_propose(actor=staff_user, activity=deployment.activity, expert=expert)


def test_inactive_expert_cannot_be_proposed(staff_user):
    with pytest.raises(services.DeploymentError):
        services.deployment_propose(actor=staff_user, activity=ActivityFactory(), expert=ExpertFactory(inactive=True))


# --- double booking and unavailability ------------------------------------------------------------


def test_accept_refused_when_booked_on_overlapping_dates(expert):
    first = ActivityFactory(start_date=D(2026, 6, 1), end_date=D(2026, 6, 3), title="Training in Rabat")
    second = ActivityFactory(start_date=D(2026, 6, 3), end_date=D(2026, 6, 5))
    DeploymentFactory(expert=expert, activity=first, confirmed=True)
    deployment = DeploymentFactory(expert=expert, activity=second)
    with pytest.raises(services.DeploymentError, match="Training in Rabat"):
        services.deployment_accept(actor=expert.user, deployment=deployment)
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.INVITED


def test_accept_allowed_on_adjacent_dates_and_when_other_activity_cancelled(expert):
    first = ActivityFactory(start_date=D(2026, 6, 1), end_date=D(2026, 6, 3))
    DeploymentFactory(expert=expert, activity=first, confirmed=True)
    adjacent = DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2026, 6, 4), end_date=D(2026, 6, 5)))
    services.deployment_accept(actor=expert.user, deployment=adjacent)
    cancelled = ActivityFactory(start_date=D(2026, 7, 1), end_date=D(2026, 7, 3), status="cancelled")
    DeploymentFactory(expert=expert, activity=cancelled, confirmed=True)
    overlapping = DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2026, 7, 2), end_date=D(2026, 7, 2)))
    services.deployment_accept(actor=expert.user, deployment=overlapping)


def test_accept_refused_inside_unavailability(expert):
    UnavailabilityFactory(expert=expert, start_date=D(2026, 8, 1), end_date=D(2026, 8, 31))
    deployment = DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2026, 8, 30), end_date=D(2026, 9, 2)))
    with pytest.raises(services.DeploymentError, match="unavailable"):
        services.deployment_accept(actor=expert.user, deployment=deployment)


def test_confirm_refused_when_unavailability_declared_after_acceptance(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2026, 8, 10), end_date=D(2026, 8, 11)))
    UnavailabilityFactory(expert=expert, start_date=D(2026, 8, 1), end_date=D(2026, 8, 31))
    with pytest.raises(services.DeploymentError):
        services.deployment_confirm(actor=staff_user, deployment=deployment)


def test_confirm_refused_when_another_overlapping_deployment_is_confirmed(staff_user, expert):
    a = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2026, 9, 1), end_date=D(2026, 9, 3)))
    b = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2026, 9, 2), end_date=D(2026, 9, 4)))
    services.deployment_confirm(actor=staff_user, deployment=a)
    with pytest.raises(services.DeploymentError, match="overlap"):
        services.deployment_confirm(actor=staff_user, deployment=b)


# --- the hook called by the actions app -----------------------------------------------------------


def test_activity_postponed_notifies_engaged_experts_only(staff_user, expert):
    activity = ActivityFactory()
    DeploymentFactory(activity=activity, expert=expert, confirmed=True)
    proposed_only = ExpertFactory(user=UserFactory(expert=True))
    DeploymentFactory(activity=activity, expert=proposed_only, proposed=True)
    services.deployments_on_activity_changed(activity=activity, actor=staff_user, change="postponed")
    assert Notification.objects.filter(kind="activity_postponed", recipient=expert.user).count() == 1
    assert not Notification.objects.filter(recipient=proposed_only.user).exists()


def test_activity_cancelled_cancels_open_deployments_and_notifies(staff_user, expert):
    activity = ActivityFactory()
    confirmed = DeploymentFactory(activity=activity, expert=expert, confirmed=True)
    proposed = DeploymentFactory(activity=activity, proposed=True)
    declined = DeploymentFactory(activity=activity, status=DeploymentStatus.DECLINED)
    services.deployments_on_activity_changed(activity=activity, actor=staff_user, change="cancelled")
    statuses = dict(Deployment.objects.filter(activity=activity).values_list("pk", "status"))
    assert statuses == {confirmed.pk: "cancelled", proposed.pk: "cancelled", declined.pk: "declined"}
    assert Notification.objects.filter(kind="activity_cancelled", recipient=expert.user).count() == 1
    assert DeploymentEvent.objects.filter(deployment=confirmed, transition="cancel").exists()


def test_activity_delivered_completes_confirmed_deployments(staff_user, expert):
    activity = ActivityFactory(delivered=True)
    confirmed = DeploymentFactory(activity=activity, expert=expert, confirmed=True)
    invited = DeploymentFactory(activity=activity)
    services.deployments_on_activity_changed(activity=activity, actor=staff_user, change="delivered")
    confirmed.refresh_from_db()
    invited.refresh_from_db()
    assert confirmed.status == DeploymentStatus.COMPLETED and confirmed.completed_at
    assert invited.status == DeploymentStatus.INVITED
    assert Notification.objects.filter(kind="deployment_completed", recipient=expert.user).exists()


# --- profiles and privacy --------------------------------------------------------------------------


def test_expert_edits_only_own_profile(expert):
    other = ExpertFactory()
    other.biography = "changed"
    with pytest.raises(services.ExpertError):
        services.expert_save(actor=expert.user, expert=other)
    expert.biography = "Twenty years in border management."
    services.expert_save(actor=expert.user, expert=expert, languages=[("en", "C2"), ("fr", "native")])
    assert sorted(expert.languages.values_list("language", "level")) == [("en", "C2"), ("fr", "native")]


def test_only_the_expert_gives_consent_with_the_notice_version(staff_user, expert, settings):
    settings.EXPERT_PRIVACY_NOTICE_VERSION = "2026-2"
    with pytest.raises(services.ExpertError):
        services.expert_give_consent(actor=staff_user, expert=expert)
    assert not services.consent_is_current(expert)
    services.expert_give_consent(actor=expert.user, expert=expert)
    expert.refresh_from_db()
    assert expert.consent_version == "2026-2" and expert.consent_at and services.consent_is_current(expert)


def test_invite_to_claim_links_an_account_and_sends_a_password_link(staff_user):
    expert = ExpertFactory(email="claim.me@example.org")
    services.expert_invite_to_claim(actor=staff_user, expert=expert)
    expert.refresh_from_db()
    assert expert.user and expert.user.role == "expert" and expert.claim_invited_at
    note = Notification.objects.get(recipient=expert.user, kind="expert_claim_invitation")
    assert "/accounts/password/reset/key/" in note.body


def test_invite_to_claim_refuses_a_partner_account(staff_user, partner_user):
    expert = ExpertFactory(email=partner_user.email)
    with pytest.raises(services.ExpertError):
        services.expert_invite_to_claim(actor=staff_user, expert=expert)


def test_personal_data_export_holds_profile_languages_deployments(expert):
    services.expert_save(actor=expert.user, expert=expert, languages=[("es", "B2")])
    UnavailabilityFactory(expert=expert, reason="Parental leave")
    DeploymentFactory(expert=expert, completed=True, feedback_comment="Useful")
    data = services.expert_personal_data(expert)
    assert data["profile"]["email"] == expert.email and data["account"]["email"] == expert.user.email
    assert data["languages"] == [{"language": "es", "level": "B2"}]
    assert data["unavailability"][0]["reason"] == "Parental leave"
    assert data["deployments"][0]["feedback_comment"] == "Useful"


def _database_contains(text):
    """Every text column of every table (history tables included) searched for `text`."""
    from django.apps import apps
    from django.db import models as m
    from django.db.models import Q

    hits = []
    for model in apps.get_models(include_auto_created=True):
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, m.CharField | m.TextField | m.JSONField)]
        if not fields:
            continue
        condition = Q()
        for name in fields:
            field = model._meta.get_field(name)
            lookup = f"{name}__icontains"
            if isinstance(field, m.JSONField):
                continue
            condition |= Q(**{lookup: text})
        if condition and model.objects.filter(condition).exists():
            hits.append(model.__name__)
    return hits


def test_erasure_leaves_the_email_nowhere_including_history(staff_user, expert, django_capture_on_commit_callbacks):
    email = expert.email
    expert.cv.save("cv.pdf", SimpleUploadedFile("cv.pdf", b"%PDF-1.4 test"), save=True)
    cv_name = expert.cv.name
    expert.biography = "Worked at the ministry."
    expert.save()
    UnavailabilityFactory(expert=expert, reason="Surgery")
    deployment = DeploymentFactory(expert=expert, completed=True, feedback_comment="I, Eva, liked it")
    services.deployment_rate(actor=staff_user, deployment=deployment, rating=5, comment="Eva was great")
    invited = DeploymentFactory(expert=expert, proposed_by=staff_user)
    services.deployment_decline(actor=expert.user, deployment=invited, note="Sorry, Eva Expert is away")
    assert staff_user.notifications.filter(body__contains="Eva Expert").exists()
    services.expert_request_erasure(actor=expert.user, expert=expert)
    assert _database_contains(email), "precondition: the e-mail is stored before erasure"
    assert Expert.history.filter(id=expert.pk).count() >= 2

    with django_capture_on_commit_callbacks(execute=True):
        services.expert_erase(actor=staff_user, expert=expert)

    assert _database_contains(email) == []
    assert _database_contains("Eva was great") == []
    assert _database_contains("Eva Expert") == []
    expert.refresh_from_db()
    assert expert.erased_at and expert.status == "inactive" and expert.user is None
    assert expert.nationality == "FR" and expert.gender == "F"
    assert Deployment.objects.filter(expert=expert, status="completed").count() == 1
    assert not expert.cv and not expert.cv.storage.exists(cv_name)
    assert not expert.unavailabilities.exists()


def test_only_staff_erase_and_only_once(staff_user, expert):
    with pytest.raises(services.ExpertError):
        services.expert_erase(actor=expert.user, expert=expert)
    services.expert_erase(actor=staff_user, expert=expert)
    with pytest.raises(services.ExpertError):
        services.expert_erase(actor=staff_user, expert=expert)


def test_unavailability_period_end_before_start_refused(expert):
    with pytest.raises(services.ExpertError):
        services.unavailability_add(actor=expert.user, expert=expert, start_date=D(2026, 5, 2), end_date=D(2026, 5, 1))
