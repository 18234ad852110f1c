"""Periodic tasks of the actions app; idempotent and safe to retry."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from actions import evaluation
from actions.models import Activity, ActivityStatus
from mieux.notifications import notify


def overdue_activities(today=None):
    """Planned or confirmed activities that ended a while ago and were never recorded as delivered."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=settings.DELIVERY_REMINDER_DAYS_AFTER)
    return (
        Activity.objects.filter(status__in=(ActivityStatus.PLANNED, ActivityStatus.CONFIRMED), end_date__lt=limit)
        .select_related("action", "action__lead")
        .order_by("end_date", "id")
    )


@shared_task
def send_delivery_reminders():
    """Remind each Action's lead, once per activity and date, to record delivery, postpone or cancel."""
    sent = 0
    for activity in overdue_activities():
        lead = activity.action.lead
        if lead is None or not lead.is_mieux_staff:
            continue
        with transaction.atomic():
            notification = notify(
                recipient=lead, kind="activity_delivery_overdue", template="activity_delivery_overdue",
                context={"activity": activity, "action": activity.action}, url=activity.get_absolute_url(),
                # One reminder per activity and end date: a re-planned activity may be reminded again.
                dedupe_key=f"activity_delivery_overdue:{activity.pk}:{activity.end_date.isoformat()}",
            )
        sent += notification is not None
    return sent


@shared_task
def send_partner_follow_ups(on=None):
    """Send the six-month follow-ups due by `on` (ISO date, default today), each exactly once."""
    return evaluation.send_due_follow_ups(datetime.date.fromisoformat(on) if on else None)


@shared_task
def send_partner_survey_reminders(at=None):
    """Remind once the partner members who have not answered their evaluation or follow-up by `at` (ISO)."""
    return evaluation.send_partner_survey_reminders(datetime.datetime.fromisoformat(at) if at else None)
