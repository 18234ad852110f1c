"""The expert's mission report: filed after the mission, reminded, reviewed by staff, partly shared."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.logistics_models import MissionReport
from experts.models import Deployment, DeploymentStatus
from mieux.notifications import notify

REPORT_FIELDS = ("work_done", "findings", "recommendations", "follow_up")
SHARE_FIELDS = ("share_work_done", "share_findings", "share_recommendations", "share_follow_up")


class MissionReportError(Exception):
    pass


def report_is_due(deployment) -> bool:
    """A report is due once the mission is over (completed, or a confirmed one whose activity has ended)."""
    return deployment.status == DeploymentStatus.COMPLETED or (
        deployment.status == DeploymentStatus.CONFIRMED and deployment.activity.end_date < timezone.localdate()
    )


def mission_report_save(*, actor, deployment, submit=False, **texts) -> MissionReport:
    """The expert writes (and with `submit` files) their report; once filed only staff may change it."""
    if not (actor.is_expert and deployment.expert.user_id == actor.pk):
        raise MissionReportError(_("Only the deployed expert files the mission report."))
    if not report_is_due(deployment):
        raise MissionReportError(_("The mission report can be filed once the mission is over."))
    with transaction.atomic():
        report, _created = MissionReport.objects.select_for_update().get_or_create(deployment=deployment)
        if report.is_submitted:
            raise MissionReportError(_("This report has already been filed."))
        for name in REPORT_FIELDS:
            setattr(report, name, (texts.get(name) or "").strip())
        if submit:
            if not report.work_done:
                raise MissionReportError(_("Say at least what was done."))
            report.submitted_at = timezone.now()
        report.save()
    return report


def mission_report_review(*, actor, report, shares) -> MissionReport:
    """Staff mark a filed report reviewed and choose which parts the partner sees."""
    if not actor.is_mieux_staff:
        raise MissionReportError(_("You are not allowed to do this."))
    with transaction.atomic():
        report = MissionReport.objects.select_for_update().get(pk=report.pk)
        if not report.is_submitted:
            raise MissionReportError(_("The expert has not filed this report yet."))
        for name in SHARE_FIELDS:
            setattr(report, name, bool(shares.get(name)))
        report.reviewed_at = timezone.now()
        report.reviewed_by = actor
        report.save()
    return report


def send_mission_report_reminders(now=None) -> int:
    """Remind experts whose report is due; at most one reminder per interval, a few in all (idempotent)."""
    now = now or timezone.now()
    interval = timedelta(days=settings.MISSION_REPORT_REMINDER_DAYS)
    due = Deployment.objects.filter(
        status__in=(DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED),
        activity__end_date__lt=timezone.localdate(),
        expert__user__isnull=False,
        expert__erased_at__isnull=True,
    ).select_related("activity", "expert__user")
    sent = 0
    for deployment in due:
        with transaction.atomic():
            report, _created = MissionReport.objects.select_for_update().get_or_create(deployment=deployment)
            if report.is_submitted or report.reminders_sent >= settings.MISSION_REPORT_MAX_REMINDERS:
                continue
            if report.last_reminded_at and report.last_reminded_at > now - interval:
                continue
            number = report.reminders_sent + 1
            notify(
                recipient=deployment.expert.user, kind="mission_report_reminder", template="mission_report_reminder",
                context={"deployment": deployment, "activity": deployment.activity, "expert": deployment.expert},
                url=settings.SITE_URL + reverse("experts:mission_report", args=[deployment.pk]),
                dedupe_key=f"mission-report-reminder-{deployment.pk}-{number}",
            )
            report.reminders_sent = number
            report.last_reminded_at = now
            report.save(update_fields=["reminders_sent", "last_reminded_at"])
            sent += 1
    return sent
