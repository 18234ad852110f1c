"""Reminders of the review: due ones sent once, not-due ones not sent, a second run sends nothing new."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from mieux.models import Notification
from requests_app.models import Request
from requests_app.services import review as services
from requests_app.tasks import send_info_request_reminders, send_review_reminders
from tests.conftest import require_service
from tests.factories import InstitutionFactory, MembershipFactory, UserFactory
from tests.requests_app.review_factories import (
    declare,
    forwarded_request,
    give,
    second_member,
    submitted_request,
)

pytestmark = pytest.mark.django_db


def set_deadline(obj, days_from_today):
    Request.objects.filter(pk=obj.pk).update(review_deadline=timezone.localdate() + timedelta(days=days_from_today))
    obj.refresh_from_db()


def reminded(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_members_of_bodies_without_opinion_are_reminded_three_days_before(
    institution, staff_user, committee_members, settings
):
    settings.REVIEW_REMINDER_DAYS_BEFORE = 3
    obj = forwarded_request(institution, staff_user)
    set_deadline(obj, 3)
    give(committee_members["INTPA"], obj, "support")
    conflicted = second_member("HOME")
    declare(conflicted, obj, conflict=True)

    send_review_reminders()
    assert reminded("review_reminder") == sorted(
        committee_members[code].email for code in ("HOME", "NEAR", "EEAS", "ICMPD")
    )
    # A second run (another beat process, a retried task) sends nothing new.
    assert send_review_reminders() == 0
    assert Notification.objects.filter(kind="review_reminder").count() == 4


def test_reminder_not_sent_before_it_is_due(institution, staff_user, committee_members):
    obj = forwarded_request(institution, staff_user)
    set_deadline(obj, 4)
    assert send_review_reminders() == 0
    assert not Notification.objects.filter(kind__in=["review_reminder", "review_overdue"]).exists()


def test_no_reminder_when_every_body_has_given_its_opinion(institution, staff_user, committee_members):
    obj = forwarded_request(institution, staff_user)
    for member in committee_members.values():
        give(member, obj, "support")
    set_deadline(obj, 1)
    send_review_reminders()
    assert not Notification.objects.filter(kind="review_reminder").exists()


def test_staff_alerted_once_when_deadline_passes(institution, staff_user, committee_members, django_capture_on_commit_callbacks):
    other_staff = UserFactory(staff=True, email="staff2@example.org")
    obj = forwarded_request(institution, staff_user)
    set_deadline(obj, -1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_review_reminders()
        send_review_reminders()
    assert reminded("review_overdue") == sorted([staff_user.email, other_staff.email])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_user.email, other_staff.email])
    assert not Notification.objects.filter(kind="review_reminder").exists()


def test_decided_request_gets_no_overdue_alert(institution, staff_user, committee_members):
    obj = forwarded_request(institution, staff_user)
    give(committee_members["INTPA"], obj, "object", "No.")
    services.request_decide(actor=staff_user, request_id=obj.pk, outcome="reject", explanation="Rejected.")
    set_deadline(obj, -2)
    assert send_review_reminders() == 0


def test_partner_reminded_once_after_fourteen_days_without_answer(institution, partner_user, staff_user, settings):
    settings.INFO_REQUEST_REMINDER_DAYS = 14
    colleague = UserFactory(email="colleague@example.org")
    MembershipFactory(user=colleague, institution=institution)
    due = submitted_request(institution)
    not_due = submitted_request(institution)
    for obj in (due, not_due):
        services.request_ask_info(actor=staff_user, request_id=obj.pk, message="Budget?")
    Request.objects.filter(pk=due.pk).update(info_requested_at=timezone.now() - timedelta(days=15))
    Request.objects.filter(pk=not_due.pk).update(info_requested_at=timezone.now() - timedelta(days=13))

    assert send_info_request_reminders() == 2
    assert reminded("info_request_reminder") == sorted([partner_user.email, colleague.email])
    assert send_info_request_reminders() == 0
    assert Notification.objects.filter(kind="info_request_reminder", url__endswith=f"/{due.pk}/").count() == 2


def test_new_information_request_gets_its_own_reminder(institution, partner_user, staff_user):
    from requests_app.workflow import apply_transition

    obj = submitted_request(institution)
    services.request_ask_info(actor=staff_user, request_id=obj.pk, message="Budget?")
    Request.objects.filter(pk=obj.pk).update(info_requested_at=timezone.now() - timedelta(days=20))
    send_info_request_reminders()
    apply_transition(obj.pk, "resubmit", actor=partner_user)
    services.request_ask_info(actor=staff_user, request_id=obj.pk, message="And the venue?")
    Request.objects.filter(pk=obj.pk).update(info_requested_at=timezone.now() - timedelta(days=15))
    send_info_request_reminders()
    send_info_request_reminders()
    assert Notification.objects.filter(kind="info_request_reminder", recipient=partner_user).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_beat_processes_at_once_send_each_reminder_once(transactional_db):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    from tests.factories import body

    staff = UserFactory(staff=True)
    members = [UserFactory(role="committee", committee_body=body(code)) for code in ("INTPA", "HOME", "NEAR")]
    obj = forwarded_request(InstitutionFactory(), staff)
    set_deadline(obj, 2)
    barrier = threading.Barrier(4)

    def run():
        try:
            barrier.wait(timeout=30)
            send_review_reminders()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(Notification.objects.filter(kind="review_reminder").values_list("recipient_id", flat=True)) == sorted(
        m.pk for m in members
    )
