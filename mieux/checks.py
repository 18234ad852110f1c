"""System checks that validate the configuration at start-up (run by `manage.py check`)."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_portal_settings(app_configs, **kwargs):
    problems = []
    if settings.RECOMMENDATION_QUORUM < 1 or settings.RECOMMENDATION_QUORUM > 5:
        problems.append(Error("RECOMMENDATION_QUORUM must be between 1 and 5 (there are five committee bodies).", id="mieux.E001"))
    if settings.REVIEW_DEADLINE_WORKING_DAYS < 1:
        problems.append(Error("REVIEW_DEADLINE_WORKING_DAYS must be at least 1.", id="mieux.E002"))
    if settings.REVIEW_REMINDER_DAYS_BEFORE >= settings.REVIEW_DEADLINE_WORKING_DAYS + 5:
        problems.append(Warning("Review reminders would go out before the review starts.", id="mieux.W001"))
    if any(weight < 0 for weight in settings.MATCHING_WEIGHTS.values()):
        problems.append(Error("Matching weights cannot be negative.", id="mieux.E003"))
    if settings.PRODUCTION and settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append(
            Warning(
                "Production mode runs Celery tasks in the web process; set REDIS_URL or CELERY_BROKER_URL.",
                id="mieux.W002",
            )
        )
    return problems
