"""Private files: served as the type detected at upload, hardened headers, and admin change pages that
link to the permission-checked download instead of failing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions import documents as document_services
from actions import services as action_services
from actions.models import ActivityStatus
from experts import services as expert_services
from requests_app.models import Attachment
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    ExpertFactory,
    RequestFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

# Begins like a PDF (so it passes the content check) and carries HTML after; named .html.
POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


def polyglot(name):
    return SimpleUploadedFile(name, POLYGLOT, content_type="text/html")


def assert_hardened_download(response, expected_name):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert expected_name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content) == POLYGLOT


@pytest.fixture
def files(staff_user, partner_user):
    """One record per model holding a private file, each uploaded through its service."""
    expert = ExpertFactory()
    expert_services.expert_set_cv(actor=staff_user, expert=expert, uploaded=polyglot("cv.html"))
    action = ActionFactory()
    document = document_services.document_upload(actor=staff_user, action=action, title="Plan", file=polyglot("plan.html"))
    activity = ActivityFactory(action=action, status=ActivityStatus.DELIVERED)
    activity = action_services.activity_record_delivery(actor=staff_user, activity=activity, report=polyglot("report.html"))
    request = RequestFactory(institution=partner_user.memberships.get().institution)
    attachment = Attachment.objects.create(
        request=request, kind="other", original_name="letter.html", content_type="application/pdf", size=len(POLYGLOT),
        file=polyglot("letter.html"), uploaded_by=partner_user,
    )
    return {"expert": expert, "document": document, "activity": activity, "attachment": attachment}


def test_type_detected_at_upload_is_stored(files):
    files["expert"].refresh_from_db()
    assert files["expert"].cv_content_type == "application/pdf"
    assert files["activity"].report_content_type == "application/pdf"
    assert files["document"].content_type == "application/pdf"


def test_downloads_use_the_detected_type_not_the_name(client_for, staff_user, files):
    client = client_for(staff_user)
    activity, document = files["activity"], files["document"]
    assert_hardened_download(client.get(reverse("experts:cv", args=[files["expert"].pk])), "cv.pdf")
    assert_hardened_download(client.get(reverse("actions:document", args=[document.action.code, document.pk])), "plan.pdf")
    assert_hardened_download(
        client.get(reverse("actions:activity_report", args=[activity.action.code, activity.pk])), "report.pdf"
    )
    attachment = files["attachment"]
    assert_hardened_download(
        client.get(reverse("requests:attachment", args=[attachment.request_id, attachment.pk])), "letter.pdf"
    )


def test_a_cv_with_an_unaccepted_type_is_refused_by_the_service(staff_user):
    expert = ExpertFactory()
    with pytest.raises(expert_services.ExpertError):
        expert_services.expert_set_cv(
            actor=staff_user, expert=expert, uploaded=SimpleUploadedFile("cv.html", b"<html></html>")
        )


@pytest.mark.parametrize(
    "key, admin_name, link_name",
    [
        ("expert", "experts_expert", "experts:cv"),
        ("document", "actions_actiondocument", "actions:document"),
        ("activity", "actions_activity", "actions:activity_report"),
        ("attachment", "requests_app_attachment", "requests:attachment"),
    ],
)
def test_admin_change_page_of_a_record_with_a_private_file_links_to_the_download(
    client_for, admin_user, files, key, admin_name, link_name
):
    obj = files[key]
    response = client_for(admin_user).get(reverse(f"admin:{admin_name}_change", args=[obj.pk]))
    assert response.status_code == 200
    args = {
        "expert": lambda o: [o.pk],
        "document": lambda o: [o.action.code, o.pk],
        "activity": lambda o: [o.action.code, o.pk],
        "attachment": lambda o: [o.request_id, o.pk],
    }[key](obj)
    assert f'href="{reverse(link_name, args=args)}"' in response.content.decode()


def test_admin_change_page_saves_without_touching_the_file(client_for, admin_user, files):
    document = files["document"]
    client = client_for(admin_user)
    url = reverse("admin:actions_actiondocument_change", args=[document.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"title": "Renamed", "action": document.action_id, "uploaded_by": document.uploaded_by_id or ""})
    data["visible_to_partner"] = "on"
    data.pop("uploaded_at", None)
    data.update({"uploaded_at_0": document.uploaded_at.date().isoformat(), "uploaded_at_1": "10:00:00"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    document.refresh_from_db()
    assert document.title == "Renamed" and document.file.name.endswith(".html")


def test_pdf_upload_keeps_a_pdf_name(client_for, staff_user):
    expert = ExpertFactory()
    expert_services.expert_set_cv(actor=staff_user, expert=expert, uploaded=pdf_upload("cv.pdf"))
    response = client_for(staff_user).get(reverse("experts:cv", args=[expert.pk]))
    assert 'filename="cv' in response["Content-Disposition"] and ".pdf" in response["Content-Disposition"]
