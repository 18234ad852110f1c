"""The daily digest: one outbox row per user and day, so running the job twice sends one e-mail."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mieux.models import Notification
from mieux.notifications import request_outbox_flush

DIGEST_KIND = "digest"


def digest_key(user, day):
    return f"digest:{user.pk}:{day.isoformat()}"


def queue_daily_digests(now=None):
    """Queue today's digest for each user who chose it and has unread news; returns how many were queued."""
    from django.conf import settings

    User = get_user_model()
    now = now or timezone.now()
    day = timezone.localdate(now)
    since = now - timedelta(days=1)
    queued = 0
    for user in User.objects.filter(email_digest=User.Digest.DAILY, is_active=True):
        key = digest_key(user, day)
        if Notification.objects.filter(dedupe_key=key).exists():
            continue
        items = list(
            user.notifications.filter(created_at__gte=since, read_at__isnull=True)
            .exclude(kind=DIGEST_KIND).order_by("created_at")
        )
        if not items:
            continue
        context = {"items": items, "recipient": user, "site_url": settings.SITE_URL}
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = " ".join(render_to_string("emails/digest_subject.txt", context).split())
            body = render_to_string("emails/digest.txt", context)
        try:
            with transaction.atomic():
                digest = Notification.objects.create(
                    recipient=user, kind=DIGEST_KIND, subject=subject[:250], body=body, dedupe_key=key,
                    email_due=True, read_at=now,
                )
                request_outbox_flush(digest.pk)
        except IntegrityError:
            continue  # another run queued it a moment ago
        queued += 1
    return queued
