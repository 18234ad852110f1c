"""The outbox: one flush per transaction, account e-mails and digests through it, stable Message-IDs."""

import pytest
from django.core import mail
from django.db import transaction

from mieux.models import Notification
from mieux.notifications import notify, request_outbox_flush
from mieux.tasks import _claim, deliver_due

pytestmark = pytest.mark.django_db

DEAD_SMTP = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
             "EMAIL_PORT": 1, "EMAIL_TIMEOUT": 1}


@pytest.fixture
def published(monkeypatch):
    """Counts flush tasks handed to Celery (they still run, in-process)."""
    from mieux.tasks import flush_outbox

    calls = []
    original = flush_outbox.delay

    def delay(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(flush_outbox, "delay", delay)
    return calls


def test_a_transaction_with_many_notifications_publishes_one_flush(partner_user, staff_user, published,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for _ in range(25):
                notify(recipient=partner_user, kind="test", template="digest", context={"items": []})
            notify(recipient=staff_user, kind="test", template="digest", context={"items": []})
    assert len(published) == 1
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mail.outbox) == 26


def test_a_rolled_back_savepoint_does_not_swallow_the_flush(partner_user, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    request_outbox_flush(0)
                    raise RuntimeError
            except RuntimeError:
                pass
            notify(recipient=partner_user, kind="test", template="digest", context={"items": []})
    assert len(published) == 1 and len(mail.outbox) == 1


def test_the_next_transaction_gets_its_own_flush(partner_user, published, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipient=partner_user, kind="test", template="digest", context={"items": []})
    assert len(published) == 2 and len(mail.outbox) == 2


def test_each_email_carries_a_message_id_derived_from_its_row(partner_user, settings):
    settings.SITE_URL = "https://mieux.example.org"
    note = notify(recipient=partner_user, kind="test", template="digest", context={"items": []})
    assert deliver_due() == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<outbox-{note.pk}.{int(note.created_at.timestamp())}@mieux.example.org>"
    assert note.message_id("mieux.example.org") == mail.outbox[0].message()["Message-ID"]
    assert deliver_due() == 0


def test_a_claim_is_taken_over_after_the_claim_timeout_only(partner_user, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.OUTBOX_CLAIM_TIMEOUT_SECONDS = 120
    note = notify(recipient=partner_user, kind="test", template="digest", context={"items": []})
    Notification.objects.filter(pk=note.pk).update(claimed_at=timezone.now() - timedelta(seconds=60))
    assert not _claim(note.pk)  # a live worker is sending it
    Notification.objects.filter(pk=note.pk).update(claimed_at=timezone.now() - timedelta(seconds=180))
    assert _claim(note.pk)  # that worker died: the resend takes it over


def test_one_failing_address_does_not_stop_the_others(partner_user, staff_user, settings, caplog):
    notify(recipient=partner_user, kind="test", template="digest", context={"items": []})
    Notification.objects.update(to_email="not an address\n")
    notify(recipient=staff_user, kind="test", template="digest", context={"items": []})
    assert deliver_due() == 1
    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_sign_up_with_smtp_down_answers_and_the_verification_waits_in_the_outbox(client, settings):
    for key, value in DEAD_SMTP.items():
        setattr(settings, key, value)
    response = client.post("/accounts/signup/", {
        "full_name": "Nora Newcomer", "email": "newcomer@example.org", "password1": "a-long-enough-passphrase-9", "password2": "a-long-enough-passphrase-9",
    })
    assert response.status_code == 302
    note = Notification.objects.get(to_email="newcomer@example.org")
    assert note.recipient is None and note.sent_at is None and note.kind.startswith("account:")
    assert "/accounts/confirm-email/" in note.body
    assert deliver_due() == 0  # SMTP still down: it stays in the outbox, with the error
    note.refresh_from_db()
    assert note.attempts == 1 and note.last_error and note.claimed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due() == 1
    assert mail.outbox[0].to == ["newcomer@example.org"]


def test_password_reset_goes_through_the_outbox(client, partner_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": partner_user.email})
    assert response.status_code == 302
    note = Notification.objects.get(to_email=partner_user.email)
    assert note.sent_at is not None
    assert len(mail.outbox) == 1 and "/accounts/password/reset/key/" in mail.outbox[0].body
    assert partner_user.notifications.count() == 0  # a reset link never appears in the in-app list


def test_with_the_mail_server_down_a_batch_stops_at_the_first_failure(partner_user, staff_user, settings, caplog):
    for key, value in DEAD_SMTP.items():
        setattr(settings, key, value)
    first = notify(recipient=partner_user, kind="test", template="digest", context={"items": []})
    second = notify(recipient=staff_user, kind="test", template="digest", context={"items": []})
    assert deliver_due() == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attempts, second.attempts) == (1, 0)
    assert first.claimed_at is None and second.claimed_at is None
    assert any("Mail server unreachable" in r.getMessage() for r in caplog.records)
