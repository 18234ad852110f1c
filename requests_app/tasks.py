"""Periodic reminders of the review (declared in mieux/celery.py's beat_schedule).

Every reminder is a notification with a `dedupe_key` naming the event it is about, so running a job
twice, from two beat processes or through a retry, never sends the same reminder twice.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mieux.models import CommitteeBody
from mieux.notifications import notify
from requests_app.models import ConflictDeclaration, Opinion, Request, RequestStatus
from requests_app.services.review import committee_members


def _bodies_without_opinion(request_obj, bodies):
    given = set(
        Opinion.objects.filter(request=request_obj, review_round=request_obj.review_round).values_list(
            "body_id", flat=True
        )
    )
    return [b for b in bodies if b.pk not in given]


@shared_task
def send_review_reminders():
    """Remind members of bodies without an opinion ahead of the deadline; alert staff once it passed."""
    today = timezone.localdate()
    remind_until = today + timedelta(days=settings.REVIEW_REMINDER_DAYS_BEFORE)
    bodies = list(CommitteeBody.objects.order_by("sort_order"))
    sent = 0
    in_review = Request.objects.filter(status=RequestStatus.IN_REVIEW, review_deadline__isnull=False)
    for request_obj in in_review.filter(review_deadline__gte=today, review_deadline__lte=remind_until):
        missing = _bodies_without_opinion(request_obj, bodies)
        if not missing:
            continue
        conflicted = set(
            ConflictDeclaration.objects.filter(request=request_obj, has_conflict=True).values_list(
                "member_id", flat=True
            )
        )
        url = reverse("requests:review", args=[request_obj.pk])
        by_id = {b.pk: b for b in missing}
        with transaction.atomic():
            for member in committee_members(body_ids=list(by_id)):
                if member.pk in conflicted:
                    continue
                sent += bool(
                    notify(
                        recipient=member,
                        kind="review_reminder",
                        template="reminder_review",
                        context={"obj": request_obj, "body": by_id[member.committee_body_id]},
                        url=url,
                        dedupe_key=f"review-reminder:{request_obj.pk}:{request_obj.review_round}:{member.pk}",
                    )
                )
    for request_obj in in_review.filter(review_deadline__lt=today):
        missing = [b.code for b in _bodies_without_opinion(request_obj, bodies)]
        url = reverse("requests:detail", args=[request_obj.pk])
        with transaction.atomic():
            for staff in get_user_model().objects.mieux_staff().order_by("pk"):
                sent += bool(
                    notify(
                        recipient=staff,
                        kind="review_overdue",
                        template="reminder_review_overdue",
                        context={"obj": request_obj, "missing": missing},
                        url=url,
                        dedupe_key=f"review-overdue:{request_obj.pk}:{request_obj.review_round}:{staff.pk}",
                    )
                )
    return sent


@shared_task
def send_info_request_reminders():
    """Remind the partner once when an information request has been waiting for its answer too long."""
    due_before = timezone.now() - timedelta(days=settings.INFO_REQUEST_REMINDER_DAYS)
    sent = 0
    waiting = Request.objects.filter(
        status=RequestStatus.INFO_REQUESTED, info_requested_at__isnull=False, info_requested_at__lte=due_before
    )
    for request_obj in waiting:
        url = reverse("requests:detail", args=[request_obj.pk])
        stamp = int(request_obj.info_requested_at.timestamp())
        with transaction.atomic():
            for recipient in get_user_model().objects.members_of(request_obj.institution_id):
                sent += bool(
                    notify(
                        recipient=recipient,
                        kind="info_request_reminder",
                        template="reminder_info_request",
                        context={"obj": request_obj},
                        url=url,
                        dedupe_key=f"info-reminder:{request_obj.pk}:{stamp}:{recipient.pk}",
                    )
                )
    return sent
