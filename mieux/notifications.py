"""The one messenger: every e-mail is first a Notification row, sent after commit (outbox pattern)."""

import logging
import time
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mieux.models import Notification

logger = logging.getLogger(__name__)


def notify(*, recipient, kind, template, context=None, url="", dedupe_key=None):
    """Record a notification for `recipient` in their language; e-mail it once the transaction commits.

    `template` names a triple under templates/emails/: `<template>_subject.txt`, `<template>.txt` and
    optionally `<template>.html`. With a `dedupe_key` a second call for the same event does nothing and
    returns None.
    """
    if recipient is None or not recipient.is_active:
        return None
    context = {"recipient": recipient, "url": url, "site_url": settings.SITE_URL, **(context or {})}
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
        try:
            html_body = render_to_string(f"emails/{template}.html", context)
        except Exception:  # noqa: BLE001 - the HTML part is optional
            html_body = ""
    notification = Notification(
        recipient=recipient,
        kind=kind,
        subject=subject[:250],
        body=body,
        html_body=html_body,
        url=url,
        dedupe_key=dedupe_key,
        email_due=recipient.email_digest != recipient.Digest.DAILY,
    )
    if dedupe_key:
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            return None
    else:
        notification.save()
    if notification.email_due:
        request_outbox_flush(notification.pk)
    return notification


def queue_account_email(*, to_email, subject, body, html_body="", recipient=None, kind="account"):
    """Put an account e-mail (address verification, password reset) in the outbox; sent after commit."""
    notification = Notification.objects.create(
        recipient=recipient, to_email=to_email, kind=kind, subject=" ".join(subject.split())[:250], body=body,
        html_body=html_body, email_due=True, read_at=timezone.now(),
    )
    request_outbox_flush(notification.pk)
    return notification


def request_outbox_flush(notification_id):
    """Ask for one "send these e-mails" task when the current transaction commits, however many it made.

    Each call registers a commit hook carrying its position in a shared batch. Hooks run in order, so the
    first to run publishes its own e-mail and every later one of the batch in one task; the others find
    them published. A rolled-back savepoint drops its own hooks only: the survivors still publish.
    """
    connection = transaction.get_connection()
    batch = getattr(connection, "_mieux_outbox_batch", None)
    if batch is None or batch.finished:
        batch = _FlushBatch()
        connection._mieux_outbox_batch = batch
    batch.ids.append(notification_id)
    transaction.on_commit(partial(batch.publish_from, len(batch.ids) - 1))


class _FlushBatch:
    def __init__(self):
        self.ids = []
        self.published_upto = 0

    @property
    def finished(self):
        return bool(self.ids) and self.published_upto >= len(self.ids)

    def publish_from(self, position):
        if position < self.published_upto:
            return
        ids, self.published_upto = self.ids[position:], len(self.ids)
        _publish_flush(ids)


# After a failed publish this process leaves the broker alone for a while: a hung broker then costs one
# short timeout per process and interval instead of one per request.
BROKER_RETRY_AFTER = 10.0
_broker_down_until = 0.0


def _publish_flush(notification_ids, force=False):
    """Hand one flush task to the broker; if the broker is down or slow, the periodic resend sends the mail."""
    global _broker_down_until
    from mieux.tasks import flush_outbox

    if not force and not flush_outbox.app.conf.task_always_eager and time.monotonic() < _broker_down_until:
        logger.info("Broker marked unreachable; the outbox waits for the periodic resend")
        return
    try:
        flush_outbox.delay(notification_ids)
    except Exception as exc:  # noqa: BLE001 - a broker outage must never break the change that caused it
        _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
        logger.warning("Broker unreachable (%s); the outbox waits for the periodic resend", exc.__class__.__name__)


def enqueue_send(notification_id):
    """Publish the send of one notification now, even shortly after a broker failure."""
    _publish_flush([notification_id], force=True)
