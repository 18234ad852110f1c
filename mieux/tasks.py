"""Outbox tasks. Each takes ids, is idempotent, and is safe to retry."""

import logging
from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone

from mieux.models import Notification
from mieux.notifications import attachments_for

CLAIM_TIMEOUT = timedelta(minutes=10)
logger = logging.getLogger(__name__)


def _claim(notification_id):
    """Claim a notification with a conditional UPDATE so two workers never send it twice."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        pk=notification_id,
        email_due=True,
        sent_at__isnull=True,
    ).update(claimed_at=now)
    return claimed == 1


class DeliveryError(Exception):
    """Sending one e-mail failed; the notification went back to the outbox."""


def deliver(notification_id):
    """Send one notification's e-mail unless it was sent or is being sent; True when this call sent it.

    A plain function, so the periodic resend calls it directly instead of waiting on a task result
    inside a task (which Celery refuses).
    """
    if not _claim(notification_id):
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    message = EmailMultiAlternatives(
        subject=notification.subject, body=notification.body, to=[notification.recipient.email]
    )
    if notification.html_body:
        message.attach_alternative(notification.html_body, "text/html")
    for filename, content, mimetype in attachments_for(notification):
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(
            claimed_at=None, attempts=notification.attempts + 1, last_error=str(exc)[:2000]
        )
        raise DeliveryError(str(exc)) from exc
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), attempts=notification.attempts + 1)
    return True


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_notification(self, notification_id):
    try:
        return deliver(notification_id)
    except DeliveryError as exc:
        raise self.retry(exc=exc) from exc


@shared_task
def resend_unsent_notifications():
    """Send whatever is still in the outbox (the broker was down, a worker died mid-send)."""
    stale = timezone.now() - CLAIM_TIMEOUT
    ids = list(
        Notification.objects.filter(email_due=True, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .values_list("pk", flat=True)[:500]
    )
    sent = 0
    for notification_id in ids:
        try:
            if deliver(notification_id):
                sent += 1
        except Exception:  # noqa: BLE001 - one bad address must not stop the others
            logger.exception("Resending notification %s failed; it stays in the outbox", notification_id)
            continue
    return sent


@shared_task
def send_daily_digests():
    """One e-mail per user who chose the daily digest, listing yesterday's unread notifications."""
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string
    from django.utils import translation

    User = get_user_model()
    since = timezone.now() - timedelta(days=1)
    count = 0
    for user in User.objects.filter(email_digest=User.Digest.DAILY, is_active=True):
        items = list(user.notifications.filter(created_at__gte=since, read_at__isnull=True).order_by("created_at"))
        if not items:
            continue
        with translation.override(user.language):
            subject = " ".join(render_to_string("emails/digest_subject.txt", {"items": items}).split())
            body = render_to_string("emails/digest.txt", {"items": items, "recipient": user})
        EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()
        count += 1
    return count
