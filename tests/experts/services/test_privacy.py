"""Personal-data export and erasure."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from experts import services
from experts.models import Deployment, Expert
from tests.factories import (
    DeploymentFactory,
    ExpertFactory,
    UnavailabilityFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def expert(expert_user):
    return ExpertFactory(user=expert_user, email=expert_user.email, first_name="Eva", last_name="Expert", consented=True)


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
    from mieux.notifications import queue_account_email

    queue_account_email(to_email=email, subject="Reset your password", body="A link.")  # an account e-mail
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
