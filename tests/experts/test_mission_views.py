"""Mission pages: staff and the deployed expert only; documents, release letter, report, e-mail, privacy."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actions.budget_models import ActivityCost
from experts import logistics
from experts.logistics_models import AllowanceRate, Mission, MissionReport
from experts.mission_reports import send_mission_report_reminders
from experts.models import DeploymentStatus
from experts.services import deployment_confirm, expert_erase, expert_personal_data
from tests.factories import ActionFactory, ActivityFactory, DeploymentFactory, ExpertFactory, UserFactory
from tests.factories.core import employer_type

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def mission(institution, expert_user):
    AllowanceRate.objects.create(country="KE", daily_rate=Decimal("210.00"), effective_from=D(2020, 1, 1))
    action = ActionFactory(institution=institution)
    activity = ActivityFactory(action=action, start_date=D(2026, 3, 10), end_date=D(2026, 3, 12))
    expert = ExpertFactory(user=expert_user, first_name="Eva", last_name="Expert", employer_type=employer_type("private"))
    return DeploymentFactory(activity=activity, expert=expert, status=DeploymentStatus.ACCEPTED)


def url(d, tail=""):
    return f"/experts/deployments/{d.pk}/mission/{tail}"


def test_expert_sees_own_allowance_fee_and_tickets(mission, expert_user, staff_user, client_for):
    logistics.travel_save(actor=staff_user, deployment=mission, booking_status="booked", ticket_cost="512.00")
    page = client_for(expert_user).get(url(mission)).content.decode()
    assert 'data-figure="allowance">630.00 EUR' in page
    assert 'data-figure="fee">1,050.00 EUR' in page
    assert "512.00 EUR" in page
    assert "travel-form" not in page and "allowance-form" not in page  # staff forms only


def test_nobody_else_sees_a_mission(mission, partner_user, other_partner, client):
    other_expert = UserFactory(expert=True)
    ExpertFactory(user=other_expert)
    for user in (partner_user, other_partner, other_expert):
        client.force_login(user)
        for tail in ("", "invitation.pdf", "mission_order.pdf", "release-letter/", "report/"):
            assert client.get(url(mission, tail)).status_code == 404, (user, tail)
        assert client.post(url(mission, "release-letter/upload/"), {}).status_code == 404


def test_expert_cannot_change_travel_or_allowance(mission, expert_user, client_for):
    client = client_for(expert_user)
    assert client.post(url(mission, "travel/"), {"ticket_cost": "1"}).status_code == 404
    assert client.post(url(mission, "allowance/"), {"amount": "9999", "reason": "x"}).status_code == 404
    assert not Mission.objects.filter(allowance_override__isnull=False).exists()


def test_staff_change_travel_and_the_change_is_logged(mission, staff_user, client_for):
    client = client_for(staff_user)
    response = client.post(url(mission, "travel/"), {
        "outbound_date": "2026-03-09", "return_date": "2026-03-13", "travel_from": "Brussels", "travel_to": "Nairobi",
        "travel_mode": "air", "booking_status": "ticket_issued", "ticket_cost": "780.40"})
    assert response.status_code == 302
    m = Mission.objects.get(deployment=mission)
    assert m.ticket_cost == Decimal("780.40") and m.history.count() >= 2
    bad = client.post(url(mission, "travel/"), {"outbound_date": "2026-03-13", "return_date": "2026-03-09",
                                                 "travel_mode": "air", "booking_status": "booked"})
    assert bad.status_code == 400


def test_expert_uploads_release_letter_checked_by_content(mission, expert_user, staff_user, client_for, client):
    client_for(expert_user)
    fake = SimpleUploadedFile("letter.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    assert client.post(url(mission, "release-letter/upload/"), {"file": fake}).status_code == 400
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    assert client.post(url(mission, "release-letter/upload/"), {"file": letter}).status_code == 302
    client.force_login(staff_user)
    response = client.get(url(mission, "release-letter/"))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_documents_download_for_expert_and_staff(mission, expert_user, staff_user, client):
    for user in (expert_user, staff_user):
        client.force_login(user)
        response = client.get(url(mission, "invitation.pdf"))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert client.get(url(mission, "passport.pdf")).status_code == 404


def test_confirmation_email_carries_both_pdfs(mission, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deployment_confirm(actor=staff_user, deployment=mission)
    message = next(m for m in mail.outbox if m.to == ["expert@example.org"])
    names = sorted(name for name, _content, _mime in message.attachments)
    assert names == [f"invitation-{mission.activity.action.code}-{mission.pk}.pdf",
                     f"mission-order-{mission.activity.action.code}-{mission.pk}.pdf"]
    assert all(content.startswith(b"%PDF") for _n, content, _m in message.attachments)


def test_report_filed_reviewed_and_shared_parts_reach_the_partner(mission, expert_user, staff_user, partner_user, client):
    mission.status = DeploymentStatus.COMPLETED
    mission.save()
    client.force_login(expert_user)
    response = client.post(url(mission, "report/"), {
        "work_done": "Two-day workshop on recruitment.", "findings": "Private agencies unregulated.",
        "recommendations": "Adopt a licensing scheme.", "follow_up": "Internal note about a colleague.", "submit": "1"})
    assert response.status_code == 302
    report = MissionReport.objects.get(deployment=mission)
    assert report.is_submitted
    client.force_login(staff_user)
    client.post(url(mission, "report/review/"), {"share_findings": "on", "share_recommendations": "on"})
    report.refresh_from_db()
    assert report.reviewed_at and report.reviewed_by == staff_user
    client.force_login(partner_user)
    page = client.get(mission.activity.get_absolute_url()).content.decode()
    assert "Adopt a licensing scheme." in page and "Private agencies unregulated." in page
    assert "Internal note about a colleague." not in page and "EUR" not in page


def test_report_reminders_are_sent_once_per_interval(mission, settings):
    mission.status = DeploymentStatus.COMPLETED
    mission.save()
    mission.activity.end_date = timezone.localdate() - datetime.timedelta(days=2)
    mission.activity.start_date = mission.activity.end_date
    mission.activity.save()
    assert send_mission_report_reminders() == 1
    assert send_mission_report_reminders() == 0  # idempotent: same day, nothing more
    later = timezone.now() + datetime.timedelta(days=settings.MISSION_REPORT_REMINDER_DAYS + 1)
    assert send_mission_report_reminders(now=later) == 1
    assert MissionReport.objects.get(deployment=mission).reminders_sent == 2


def test_dashboard_lists_what_each_mission_misses(mission, expert_user, client_for, settings):
    settings.MISSION_RELEASE_LETTER_EMPLOYER_TYPES = ["eu_admin"]
    mission.activity.start_date = timezone.localdate() + datetime.timedelta(days=20)
    mission.activity.end_date = mission.activity.start_date + datetime.timedelta(days=2)
    mission.activity.save()
    mission.expert.employer_type = employer_type("eu_admin")
    mission.expert.save()
    page = client_for(expert_user).get("/experts/me/").content.decode()
    assert "Still missing: employer&#x27;s release letter, tickets" in page


def test_export_includes_and_erasure_removes_mission_data(mission, staff_user):
    logistics.travel_save(actor=staff_user, deployment=mission, travel_from="Brussels", travel_to="Nairobi",
                          booking_status="ticket_issued", ticket_cost="700.00")
    logistics.release_letter_upload(actor=staff_user, deployment=mission,
                                    uploaded=SimpleUploadedFile("l.pdf", b"%PDF-1.4\n", content_type="application/pdf"))
    deployment_confirm(actor=staff_user, deployment=mission)
    exported = expert_personal_data(mission.expert)["missions"]
    assert exported[0]["travel_from"] == "Brussels" and exported[0]["ticket_cost_eur"] == "700.00"
    assert exported[0]["allowance_eur"] == "630.00" and exported[0]["release_letter_file"] == "l.pdf"
    json.dumps(exported)
    letter_path = Mission.objects.get(deployment=mission).release_letter.path
    spent = sum(c.actual for c in ActivityCost.objects.all())
    expert_erase(actor=staff_user, expert=mission.expert)
    assert not Mission.objects.exists() and not Mission.history.exists()
    assert not __import__("os").path.exists(letter_path)
    assert sum(c.actual for c in ActivityCost.objects.all()) == spent  # the spending stays in the budget
    assert not ActivityCost.objects.filter(description__contains="Eva").exists()
