import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actions import services
from actions.models import Action, ActionEvent, ActionStatus, ActivityEvent, ActivityStatus
from mieux.models import Notification
from requests_app.models import RequestEvent, RequestStatus
from tests.factories import ActionFactory, ActivityFactory, RequestFactory, activity_type

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_approved_request_becomes_action_in_one_step(staff_user, partner_user, approved_request):
    action = services.action_create_from_request(actor=staff_user, request=approved_request)

    action.refresh_from_db()
    assert action.request == approved_request
    assert action.institution == approved_request.institution
    assert action.title == approved_request.title
    assert [str(c) for c in action.countries] == ["KE", "UG"]
    assert action.region.code == "AFR"
    assert set(action.thematic_areas.values_list("code", flat=True)) == {"LMM", "MD"}
    assert action.objectives == approved_request.objectives
    assert action.expected_results == approved_request.expected_results
    assert action.lead == staff_user
    assert action.status == ActionStatus.PLANNED
    assert action.code.startswith(f"MIEUX-{datetime.date.today().year}-") and action.code.endswith("-KE")
    assert ActionEvent.objects.filter(action=action, transition="created").exists()
    event = RequestEvent.objects.get(request=approved_request, transition="action_created")
    assert event.visible_to_partner and event.data["action"] == action.code
    assert Notification.objects.filter(recipient=partner_user, kind="action_created").count() == 1


def test_second_action_from_same_request_is_refused(staff_user, approved_request):
    first = services.action_create_from_request(actor=staff_user, request=approved_request)

    with pytest.raises(services.ActionError, match=first.code):
        services.action_create_from_request(actor=staff_user, request=approved_request)
    assert Action.objects.filter(request=approved_request).count() == 1


def test_only_approved_requests_become_actions(staff_user, institution):
    req = RequestFactory(institution=institution, status=RequestStatus.IN_REVIEW)
    with pytest.raises(services.ActionError):
        services.action_create_from_request(actor=staff_user, request=req)


def test_partner_cannot_create_an_action(partner_user, approved_request):
    with pytest.raises(services.ActionError):
        services.action_create_from_request(actor=partner_user, request=approved_request)


def test_action_codes_count_up_per_year(staff_user, institution):
    year = datetime.date.today().year
    ActionFactory(code=f"MIEUX-{year}-013-TN")
    assert services.next_action_code(year=year, country="KE") == f"MIEUX-{year}-014-KE"
    assert services.next_action_code(year=year + 1, country="ke") == f"MIEUX-{year + 1}-001-KE"


def test_first_delivered_activity_makes_action_ongoing(staff_user, action):
    activity = ActivityFactory(action=action, confirmed=True)

    services.activity_deliver(
        actor=staff_user, activity=activity, participants_total=25, participants_women=12, participants_men=13
    )

    action.refresh_from_db()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DELIVERED and activity.participants_total == 25
    assert action.status == ActionStatus.ONGOING and action.actual_start is not None
    assert ActionEvent.objects.filter(action=action, transition="start").exists()


def test_delivery_requires_confirmation_first(staff_user, action):
    activity = ActivityFactory(action=action)
    with pytest.raises(services.ActionError):
        services.activity_deliver(actor=staff_user, activity=activity)


def test_participant_parts_above_total_refused(staff_user, action):
    activity = ActivityFactory(action=action, confirmed=True)
    with pytest.raises(services.ActionError):
        services.activity_deliver(
            actor=staff_user, activity=activity, participants_total=20, participants_women=15, participants_men=10
        )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CONFIRMED and activity.participants_total is None


def test_closing_with_an_open_activity_refused(staff_user, action):
    action.status = ActionStatus.ONGOING
    action.save()
    ActivityFactory(action=action, delivered=True)
    still_open = ActivityFactory(action=action, confirmed=True)

    with pytest.raises(services.ActionError):
        services.action_complete(actor=staff_user, action=action)

    services.activity_cancel(actor=staff_user, activity=still_open, note="Venue unavailable")
    services.action_complete(actor=staff_user, action=action)
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED and action.actual_end is not None


def test_postponed_activity_is_replanned_with_new_dates_and_sequence(staff_user, action, partner_user):
    activity = ActivityFactory(action=action, confirmed=True)
    services.activity_postpone(actor=staff_user, activity=activity, note="Elections")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.POSTPONED and activity.sequence == 1
    assert Notification.objects.filter(recipient=partner_user, kind="activity_postponed").exists()

    services.activity_replan(
        actor=staff_user, activity=activity, start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2026, 9, 3)
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED
    assert (activity.start_date, activity.end_date) == (datetime.date(2026, 9, 1), datetime.date(2026, 9, 3))
    assert activity.sequence == 2
    assert ActivityEvent.objects.filter(activity=activity, transition="replan", data__old_start="2026-03-10").exists()
    replanned = Notification.objects.get(recipient=partner_user, kind="activity_replanned")
    assert "1 September 2026" in replanned.body


def test_activity_end_before_start_refused(staff_user, action):
    with pytest.raises(services.ActionError):
        services.activity_create(actor=staff_user, action=action, data={
            "type": activity_type(), "title": "Study visit", "start_date": datetime.date(2026, 5, 3),
            "end_date": datetime.date(2026, 5, 1), "country": "BE", "city": "Brussels",
        })


def test_place_required_unless_online(staff_user, action):
    data = {"type": activity_type(), "title": "Webinar", "start_date": datetime.date(2026, 5, 3),
            "end_date": datetime.date(2026, 5, 3), "format": "in_person", "country": "", "city": ""}
    with pytest.raises(services.ActionError):
        services.activity_create(actor=staff_user, action=action, data=data)
    activity = services.activity_create(actor=staff_user, action=action, data={**data, "format": "online"})
    assert activity.ref == f"{action.code}-A01" and activity.status == ActivityStatus.PLANNED


def test_activity_update_bumps_sequence(staff_user, action):
    activity = ActivityFactory(action=action)
    services.activity_update(actor=staff_user, activity=activity, data={"city": "Mombasa"})
    activity.refresh_from_db()
    assert activity.city == "Mombasa" and activity.sequence == 1


def test_report_checked_by_content(staff_user, action):
    activity = ActivityFactory(action=action, delivered=True)
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    with pytest.raises(services.ActionError):
        services.activity_record_delivery(actor=staff_user, activity=activity, participants_total=30, report=fake)

    real = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    services.activity_record_delivery(actor=staff_user, activity=activity, participants_total=31, participants_women=20, report=real)
    activity.refresh_from_db()
    assert activity.report.name.endswith(".pdf") and activity.participants_total == 31


def test_publish_needs_a_summary_and_unpublish_hides(staff_user, action):
    action.summary = ""
    action.save()
    with pytest.raises(services.ActionError):
        services.action_publish(actor=staff_user, action=action)
    action.summary = "Support to a labour migration policy."
    action.save()
    services.action_publish(actor=staff_user, action=action)
    assert Action.objects.published().filter(pk=action.pk).exists()
    services.action_unpublish(actor=staff_user, action=action)
    assert not Action.objects.published().filter(pk=action.pk).exists()


def test_deployments_follow_the_activity_in_its_transaction_and_roll_back_with_it(staff_user, action, monkeypatch):
    from experts.models import DeploymentStatus
    from tests.factories import DeploymentFactory

    activity = ActivityFactory(action=action, confirmed=True)
    deployment = DeploymentFactory(activity=activity, status=DeploymentStatus.CONFIRMED)

    def broken(*args, **kwargs):
        raise RuntimeError("deployment change failed")

    monkeypatch.setattr("experts.services.activity_changes.apply_transition", broken)
    with pytest.raises(RuntimeError):
        services.activity_cancel(actor=staff_user, activity=activity)
    activity.refresh_from_db()
    deployment.refresh_from_db()
    assert activity.status == ActivityStatus.CONFIRMED and deployment.status == DeploymentStatus.CONFIRMED

    monkeypatch.undo()
    # No on-commit hook is needed: the deployment is cancelled by the time the service returns.
    services.activity_cancel(actor=staff_user, activity=activity)
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.CANCELLED


def test_no_activity_added_to_completed_action(staff_user):
    action = ActionFactory(status=ActionStatus.COMPLETED)
    with pytest.raises(services.ActionError):
        services.activity_create(actor=staff_user, action=action, data={
            "type": activity_type(), "title": "Late", "start_date": datetime.date(2026, 5, 3),
            "end_date": datetime.date(2026, 5, 3), "format": "online",
        })


def test_delivery_completes_confirmed_deployments_and_cancel_cancels_open_ones(
    staff_user, action, django_capture_on_commit_callbacks
):
    from experts.models import DeploymentStatus
    from tests.factories import DeploymentFactory

    delivered = ActivityFactory(action=action, confirmed=True)
    confirmed = DeploymentFactory(activity=delivered, status=DeploymentStatus.CONFIRMED)
    dropped = ActivityFactory(action=action, confirmed=True)
    invited = DeploymentFactory(activity=dropped, status=DeploymentStatus.INVITED)

    with django_capture_on_commit_callbacks(execute=True):
        services.activity_deliver(actor=staff_user, activity=delivered, participants_total=20)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_cancel(actor=staff_user, activity=dropped)

    confirmed.refresh_from_db()
    invited.refresh_from_db()
    assert confirmed.status == DeploymentStatus.COMPLETED
    assert invited.status == DeploymentStatus.CANCELLED


def test_cancelling_an_action_cancels_its_open_activities(staff_user, action):
    done = ActivityFactory(action=action, delivered=True)
    open_ones = [ActivityFactory(action=action), ActivityFactory(action=action, confirmed=True), ActivityFactory(action=action, postponed=True)]

    services.action_cancel(actor=staff_user, action=action, note="Change of government")

    action.refresh_from_db()
    done.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED
    assert done.status == ActivityStatus.DELIVERED
    for activity in open_ones:
        activity.refresh_from_db()
        assert activity.status == ActivityStatus.CANCELLED and activity.sequence == 1


def test_partner_is_told_in_their_language(staff_user, partner_user, approved_request):
    partner_user.language = "es"
    partner_user.save()
    action = services.action_create_from_request(actor=staff_user, request=approved_request)
    notification = Notification.objects.get(recipient=partner_user, kind="action_created")
    assert notification.subject == f"Su solicitud se ha convertido en la Acción MIEUX+ {action.code}"
    assert action.get_absolute_url() in notification.body
