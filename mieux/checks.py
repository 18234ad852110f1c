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
    problems.extend(_iati_problems())
    problems.extend(_calendar_problems())
    return problems


def _iati_problems():
    """Production publishes IATI data under the facility's own organisation identifier, never a
    placeholder or an empty one."""
    ref = (settings.IATI_REPORTING_ORG_REF or "").strip()
    if settings.PRODUCTION and (not ref or ref == settings.IATI_DEV_PLACEHOLDER_REF or ref.upper().startswith("XX-")):
        return [Error(
            "IATI_REPORTING_ORG_REF is not set: set it to the facility's own IATI organisation identifier "
            "(from its registration agency, e.g. XM-DAC-...) before starting in production.",
            id="mieux.E010",
        )]
    return []


def _calendar_problems():
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from mieux import facility_time

    problems = []
    try:
        ZoneInfo(settings.FACILITY_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(Error(f"FACILITY_TIME_ZONE {settings.FACILITY_TIME_ZONE!r} is not a known time zone.",
                              id="mieux.E011"))
    try:
        facility_time.holiday_calendar()
    except (NotImplementedError, KeyError, ValueError) as exc:
        problems.append(Error(f"HOLIDAY_CALENDAR {settings.HOLIDAY_CALENDAR!r} / HOLIDAY_SUBDIVISION "
                              f"{settings.HOLIDAY_SUBDIVISION!r} is not a calendar of the holidays package ({exc}).",
                              id="mieux.E012"))
    return problems
