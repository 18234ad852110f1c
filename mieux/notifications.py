"""The one messenger: every e-mail is first a Notification row, sent after commit (outbox pattern)."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from mieux.models import Notification

logger = logging.getLogger(__name__)

# Higher apps register, per notification kind, a function returning the files to attach to its e-mail
# ([(filename, bytes, mimetype)]); they are built when the e-mail is sent, from the data as it is then.
_ATTACHMENT_PROVIDERS = {}


def register_attachments(kind, provider):
    _ATTACHMENT_PROVIDERS[kind] = provider


def attachments_for(notification):
    """The files to attach to a notification's e-mail; a failing provider attaches nothing, never blocks the mail."""
    provider = _ATTACHMENT_PROVIDERS.get(notification.kind)
    if provider is None:
        return []
    try:
        return list(provider(notification))
    except Exception:  # noqa: BLE001 - the e-mail matters more than its attachment
        logger.exception("Building the attachments of notification %s failed; sending without them", notification.pk)
        return []


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
        transaction.on_commit(lambda: enqueue_send(notification.pk))
    return notification


def enqueue_send(notification_id):
    """Hand a notification to the broker; if the broker is down the periodic resend picks it up."""
    from mieux.tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except Exception:  # noqa: BLE001 - a broker outage must never break the change that caused it
        logger.warning("Broker unreachable; notification %s stays in the outbox", notification_id)
