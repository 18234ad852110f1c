"""Periodic tasks of the experts app; each calls a service and is safe to run twice."""

from celery import shared_task

from experts.mission_reports import send_mission_report_reminders


@shared_task
def remind_mission_reports():
    return send_mission_report_reminders()
