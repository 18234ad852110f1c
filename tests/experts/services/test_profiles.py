"""Profiles: editing rights, consent, the invitation to claim a profile."""

import datetime

import pytest

from experts import services
from mieux.models import LegalPage, Notification
from tests.factories import (
    ExpertFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def expert(expert_user):
    return ExpertFactory(user=expert_user, email=expert_user.email, first_name="Eva", last_name="Expert", consented=True)


def test_expert_edits_only_own_profile(expert):
    other = ExpertFactory()
    other.biography = "changed"
    with pytest.raises(services.ExpertError):
        services.expert_save(actor=expert.user, expert=other)
    expert.biography = "Twenty years in border management."
    services.expert_save(actor=expert.user, expert=expert, languages=[("en", "C2"), ("fr", "native")])
    assert sorted(expert.languages.values_list("language", "level")) == [("en", "C2"), ("fr", "native")]


def test_only_the_expert_gives_consent_with_the_notice_version(staff_user, expert):
    # Staff publish a new privacy notice version in the admin: earlier consents are no longer current.
    LegalPage.objects.create(kind="privacy", version="2026-2", language="en", title="Privacy notice", body="…",
                             published_on=datetime.date.today())
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
