"""The Celery app. Periodic tasks are declared here, in one place."""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")

app = Celery("mieux")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Every job below is idempotent (claims, dedupe keys), so a second beat or a retry sends nothing twice.
    "resend-unsent-notifications": {
        "task": "mieux.tasks.resend_unsent_notifications", "schedule": settings.OUTBOX_RESEND_SECONDS,
    },
    "send-daily-digests": {"task": "mieux.tasks.send_daily_digests", "schedule": crontab(hour=7, minute=0)},
    "send-review-reminders": {"task": "requests_app.tasks.send_review_reminders", "schedule": crontab(minute=15)},
    "send-delivery-reminders": {"task": "actions.tasks.send_delivery_reminders", "schedule": crontab(hour=8, minute=0)},
    "remind-mission-reports": {"task": "experts.tasks.remind_mission_reports", "schedule": crontab(hour=8, minute=45)},
    "send-partner-follow-ups": {"task": "actions.tasks.send_partner_follow_ups", "schedule": crontab(hour=9, minute=0)},
    "send-partner-survey-reminders": {
        "task": "actions.tasks.send_partner_survey_reminders", "schedule": crontab(hour=9, minute=30),
    },
    "refresh-key-facts": {"task": "reporting.tasks.refresh_key_facts_task", "schedule": 30.0},
    "refresh-open-data": {"task": "reporting.tasks.refresh_open_data", "schedule": 60.0},
    "refresh-dashboard": {"task": "reporting.tasks.refresh_dashboard", "schedule": 60.0},
    "send-info-request-reminders": {
        "task": "requests_app.tasks.send_info_request_reminders", "schedule": crontab(hour=8, minute=30),
    },
}
