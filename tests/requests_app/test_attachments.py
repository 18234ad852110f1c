"""Attachments: accepted types by content, size and count limits, private and guarded downloads."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.models import Attachment, Request
from requests_app.services import intake
from tests.factories import RequestFactory, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(partner_user):
    return RequestFactory(institution=partner_user.memberships.get().institution, title="Keep me")


def _upload(client, obj, file, kind="endorsement"):
    return client.post(f"/requests/{obj.pk}/attachments/", {"kind": kind, "file": file}, follow=True)


def test_pdf_and_png_are_accepted_and_stored_privately(client_for, partner_user, draft, settings):
    client = client_for(partner_user)
    _upload(client, draft, pdf_upload())
    _upload(client, draft, png_upload(), kind="other")
    attachments = list(draft.attachments.order_by("pk"))
    assert [a.content_type for a in attachments] == ["application/pdf", "image/png"]
    path = Path(attachments[0].file.path).resolve()
    private_root = Path(attachments[0].file.storage.location).resolve()
    assert private_root in path.parents
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert Path(public).resolve() not in path.parents


def test_executable_disguised_as_pdf_is_refused_and_nothing_else_lost(client_for, partner_user, draft):
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf")
    response = _upload(client_for(partner_user), draft, fake)
    page = response.content.decode()
    assert "is not an accepted file" in page
    assert draft.attachments.count() == 0
    draft.refresh_from_db()
    assert draft.title == "Keep me"


def test_html_renamed_to_docx_is_refused(client_for, partner_user, draft):
    fake = SimpleUploadedFile("plan.docx", b"<html><script>alert(1)</script></html>", content_type="application/msword")
    response = _upload(client_for(partner_user), draft, fake)
    assert "is not an accepted file" in response.content.decode()
    assert draft.attachments.count() == 0


def test_oversized_file_is_refused(client_for, partner_user, draft, settings):
    settings.MAX_ATTACHMENT_BYTES = 2048
    response = _upload(client_for(partner_user), draft, pdf_upload(size=4096))
    assert "files may be at most" in response.content.decode()
    assert draft.attachments.count() == 0


def test_eleventh_attachment_is_refused(client_for, partner_user, draft):
    for i in range(10):
        intake.attachment_add(actor=partner_user, request_obj=draft, uploaded=pdf_upload(f"doc{i}.pdf"))
    response = _upload(client_for(partner_user), draft, pdf_upload("eleventh.pdf"))
    assert "at most 10 attachments" in response.content.decode()
    assert draft.attachments.count() == 10


def test_download_is_an_attachment_for_members_and_staff(client_for, partner_user, staff_user, draft):
    attachment = intake.attachment_add(actor=partner_user, request_obj=draft, uploaded=pdf_upload("Lettre d'appui.pdf"))
    for user in (partner_user, staff_user):
        response = client_for(user).get(f"/requests/{draft.pk}/attachments/{attachment.pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_other_institution_cannot_download_or_delete(client_for, partner_user, other_partner, draft):
    attachment = intake.attachment_add(actor=partner_user, request_obj=draft, uploaded=pdf_upload())
    client = client_for(other_partner)
    assert client.get(f"/requests/{draft.pk}/attachments/{attachment.pk}/").status_code == 404
    assert client.post(f"/requests/{draft.pk}/attachments/{attachment.pk}/delete/").status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_attachment_id_of_another_request_answers_404(client_for, partner_user, other_partner, draft):
    foreign = RequestFactory(institution=other_partner.memberships.get().institution)
    attachment = intake.attachment_add(actor=other_partner, request_obj=foreign, uploaded=pdf_upload())
    assert client_for(partner_user).get(f"/requests/{draft.pk}/attachments/{attachment.pk}/").status_code == 404


def test_committee_member_cannot_download_from_a_request_not_forwarded(client_for, partner_user, committee_user, draft):
    attachment = intake.attachment_add(actor=partner_user, request_obj=draft, uploaded=pdf_upload())
    assert client_for(committee_user).get(f"/requests/{draft.pk}/attachments/{attachment.pk}/").status_code == 404


def test_partner_removes_an_attachment_and_its_file(client_for, partner_user, draft, django_capture_on_commit_callbacks):
    attachment = intake.attachment_add(actor=partner_user, request_obj=draft, uploaded=pdf_upload())
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client_for(partner_user).post(f"/requests/{draft.pk}/attachments/{attachment.pk}/delete/")
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(name)


def test_no_upload_after_submission(client_for, partner_user):
    obj = RequestFactory(institution=partner_user.memberships.get().institution, submitted=True)
    response = _upload(client_for(partner_user), obj, pdf_upload())
    assert "can no longer be changed" in response.content.decode()
    assert Request.objects.get(pk=obj.pk).attachments.count() == 0
