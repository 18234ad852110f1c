"""Outbox tasks. Each takes ids (or none), is idempotent, and is safe to retry or to run twice."""

import logging
import smtplib
import socket
from datetime import timedelta
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone

from mieux.models import Notification

logger = logging.getLogger(__name__)
BATCH = 500


def claim_timeout():
    return timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)


def _due():
    """Notifications whose e-mail is due, unsent, and not being sent by a live worker."""
    stale = timezone.now() - claim_timeout()
    return Notification.objects.filter(email_due=True, sent_at__isnull=True).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    )


def _claim(notification_id):
    """Claim a notification with a conditional UPDATE so two workers never send it twice."""
    claimed = _due().filter(pk=notification_id).update(claimed_at=timezone.now())
    return claimed == 1


def _mail_domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


class DeliveryError(Exception):
    """Sending one e-mail failed; the notification went back to the outbox."""


# Errors that say the mail server (not this message) is the problem.
MAIL_SERVER_DOWN = (ConnectionError, TimeoutError, socket.gaierror, smtplib.SMTPConnectError,
                    smtplib.SMTPServerDisconnected)


def deliver(notification_id):
    """Send one notification's e-mail unless it was sent or is being sent; True when this call sent it.

    A plain function, so the flush and the periodic resend call it directly instead of waiting on a
    task result inside a task (which Celery refuses).
    """
    if not _claim(notification_id):
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    message = EmailMultiAlternatives(
        subject=notification.subject, body=notification.body, to=[notification.address],
        headers={"Message-ID": notification.message_id(_mail_domain())},
    )
    if notification.html_body:
        message.attach_alternative(notification.html_body, "text/html")
    try:
        message.send()
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(
            claimed_at=None, attempts=notification.attempts + 1, last_error=str(exc)[:2000]
        )
        raise DeliveryError(str(exc)) from exc
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), attempts=notification.attempts + 1)
    return True


def deliver_due(notification_ids=None):
    """Send the e-mails due in the outbox (or those of `notification_ids` still due); one failure is logged
    and the others still go. Returns how many this call sent."""
    due = _due() if notification_ids is None else _due().filter(pk__in=notification_ids)
    sent = 0
    batch = list(due.order_by("created_at", "id").values_list("pk", flat=True)[:BATCH])
    for position, notification_id in enumerate(batch):
        try:
            if deliver(notification_id):
                sent += 1
        except DeliveryError as exc:
            if isinstance(exc.__cause__, MAIL_SERVER_DOWN):
                # Trying the others now would only wait on the same server: the resend tries again later.
                logger.warning("Mail server unreachable (%s); %s e-mails wait in the outbox",
                               exc.__cause__.__class__.__name__, len(batch) - position)
                break
            logger.exception("Sending notification %s failed; it stays in the outbox", notification_id)
        except Exception:  # noqa: BLE001 - one bad message must not stop the others
            logger.exception("Sending notification %s failed; it stays in the outbox", notification_id)
    return sent


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_notification(self, notification_id):
    """Send one notification. Kept for messages queued before the flush task existed."""
    try:
        return deliver(notification_id)
    except DeliveryError as exc:
        raise self.retry(exc=exc) from exc


@shared_task
def flush_outbox(notification_ids):
    """Enqueued once per committed transaction that wrote e-mails: send them."""
    return deliver_due(notification_ids)


@shared_task
def resend_unsent_notifications():
    """Send whatever is still in the outbox (the broker was down, a worker died mid-send)."""
    return deliver_due()


@shared_task
def send_daily_digests():
    """Queue one digest per user who chose it, listing yesterday's unread notifications; once per user and day.

    The digest is itself an outbox row with a dedupe key of user and date, so a second run (two beats,
    a retry) finds it and queues nothing.
    """
    from mieux.digest import queue_daily_digests

    return queue_daily_digests()
