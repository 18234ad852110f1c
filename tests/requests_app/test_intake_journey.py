"""The whole partner journey through the HTTP layer, from sign-up to withdrawal."""

import re

import pytest
from allauth.account.models import EmailAddress

from mieux.models import ActivityType, InstitutionType, Notification, ThematicArea, User
from requests_app.models import Message, Request, RequestEvent, RequestStatus
from requests_app.services import review
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def _confirmation_link(mailoutbox):
    body = mailoutbox[-1].body
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", body).group(1)


def test_partner_registers_drafts_submits_answers_and_withdraws(
    client, mailoutbox, staff_user, django_capture_on_commit_callbacks
):
    # Register and verify the e-mail address.
    with django_capture_on_commit_callbacks(execute=True):  # the verification e-mail leaves the outbox on commit
        response = client.post(
            "/accounts/signup/",
            {"full_name": " Nadia  Benali ", "email": "nadia@interior.gov.ma", "password1": "a-long-pass-phrase-42",
             "password2": "a-long-pass-phrase-42"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="nadia@interior.gov.ma")
    assert user.is_partner
    assert user.full_name == "Nadia Benali"
    assert not EmailAddress.objects.get(user=user).verified
    # The portal's own confirmation e-mail, addressed by name; opening its link confirms and signs in.
    assert mailoutbox[-1].body.startswith("Dear Nadia Benali,")
    assert "Hello from" not in mailoutbox[-1].body
    response = client.get(_confirmation_link(mailoutbox))
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/notifications/").status_code == 200  # signed in, no second log-in

    # With no institution yet, the dashboard leads to "create or join".
    response = client.get("/requests/")
    assert response.status_code == 302
    assert response["Location"] == "/requests/institution/"
    response = client.post(
        "/requests/institution/",
        {
            "create": "1",
            "create-name": "Ministry of the Interior <Morocco>",
            "create-type": InstitutionType.objects.get(code="ministry").pk,
            "create-country": "MA",
            "create-city": "Rabat",
            "create-website": "https://www.interieur.gov.ma",
            "create-address": "Quartier administratif",
        },
    )
    assert response.status_code == 302
    assert client.get("/requests/").status_code == 200

    # Draft over several steps, leaving in between.
    response = client.post("/requests/new/")
    obj = Request.objects.get()
    assert response["Location"] == f"/requests/{obj.pk}/edit/1/"
    assert obj.countries == ["MA"] and obj.contact_email == "nadia@interior.gov.ma"  # prefilled
    lmm = ThematicArea.objects.get(code="LMM")
    client.post(
        f"/requests/{obj.pk}/edit/1/",
        {"title": "Labour migration & <b>bold</b> policy", "thematic_areas": [lmm.pk], "countries": ["MA", "TN"],
         "go": "next"},
    )
    client.post(
        f"/requests/{obj.pk}/edit/2/",
        {"background": "A new strategy.", "problem": "No data on workers abroad.", "other_projects": "", "go": "leave"},
    )
    # Coming back later: what was typed is still there.
    client.logout()
    client.post("/accounts/login/", {"login": "nadia@interior.gov.ma", "password": "a-long-pass-phrase-42"})
    dashboard = client.get("/requests/").content.decode()
    assert "Labour migration &amp; &lt;b&gt;bold&lt;/b&gt; policy" in dashboard
    assert "<b>bold</b>" not in dashboard
    step2 = client.get(f"/requests/{obj.pk}/edit/2/").content.decode()
    assert "No data on workers abroad." in step2

    # Submitting too early lists what is missing, linked to its step.
    response = client.post(f"/requests/{obj.pk}/submit/", follow=True)
    page = response.content.decode()
    assert f'href="/requests/{obj.pk}/edit/2/#div_id_other_projects"' in page
    assert f'href="/requests/{obj.pk}/edit/3/#div_id_objectives"' in page
    assert Request.objects.get(pk=obj.pk).status == RequestStatus.DRAFT

    client.post(f"/requests/{obj.pk}/edit/2/", {"background": "A new strategy.", "problem": "No data.",
                                                "other_projects": "An ILO project (2021-2023).", "go": "next"})
    workshop = ActivityType.objects.get(code="workshop")
    client.post(f"/requests/{obj.pk}/edit/3/", {
        "objectives": "Draft a policy.", "expected_results": "A validated draft.", "target_groups": "Officials.",
        "estimated_participants": "35", "activity_types": [workshop.pk], "go": "next",
    })
    client.post(f"/requests/{obj.pk}/edit/4/", {
        "earliest_start": "2027-01-10", "latest_end": "2027-12-20", "working_languages": ["fr", "ar"],
        "commitment": "Venue and two staff.", "contact_name": "Nadia B.", "contact_email": "nadia@interior.gov.ma",
        "contact_phone": "", "go": "next",
    })
    response = client.post(f"/requests/{obj.pk}/attachments/", {"kind": "endorsement", "file": pdf_upload()})
    assert response.status_code == 302
    assert obj.attachments.count() == 1

    # Submit: reference, acknowledgement e-mail with the reference, in the partner's language.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/requests/{obj.pk}/submit/")
    assert response["Location"] == f"/requests/{obj.pk}/"
    obj.refresh_from_db()
    assert obj.status == RequestStatus.SUBMITTED
    assert re.fullmatch(r"REQ-\d{4}-0001", obj.reference)
    assert obj.region.code == "SOU" and obj.phase is not None and obj.submitted_at is not None
    partner_mail = [m for m in mailoutbox if m.to == ["nadia@interior.gov.ma"]]
    assert len(partner_mail) == 1 and obj.reference in partner_mail[0].subject
    assert obj.reference in partner_mail[0].body
    assert any(m.to == [staff_user.email] for m in mailoutbox)

    # Editing after submission is refused with a message, not an error page.
    response = client.post(f"/requests/{obj.pk}/edit/1/", {"title": "Changed"}, follow=True)
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()
    assert Request.objects.get(pk=obj.pk).title == "Labour migration & <b>bold</b> policy"

    # Staff ask for more information; the partner answers and resubmits.
    review.request_ask_info(actor=staff_user, request_id=obj.pk, message="Please add the target numbers per region.")
    detail = client.get(f"/requests/{obj.pk}/").content.decode()
    assert "Please add the target numbers per region." in detail
    client.post(f"/requests/{obj.pk}/edit/3/", {
        "objectives": "Draft a policy.", "expected_results": "A validated draft.", "target_groups": "Officials.",
        "estimated_participants": "60", "activity_types": [workshop.pk], "go": "stay",
    })
    response = client.post(f"/requests/{obj.pk}/answer/", {"answer": "20 officials in each of three regions."})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == RequestStatus.SUBMITTED and obj.estimated_participants == 60
    assert Message.objects.filter(request=obj, body="20 officials in each of three regions.").exists()

    # Staff see what changed between the two versions.
    staff_page = client_for_staff(client, staff_user).get(f"/requests/{obj.pk}/").content.decode()
    assert "What changed since the information request" in staff_page
    assert "estimated number of participants".capitalize() in staff_page
    client.force_login(user)

    # Withdraw with a reason.
    response = client.post(f"/requests/{obj.pk}/withdraw/", {"reason": "The ministry was reorganised."})
    obj.refresh_from_db()
    assert obj.status == RequestStatus.WITHDRAWN and obj.closing_reason == "The ministry was reorganised."
    transitions = list(RequestEvent.objects.filter(request=obj).values_list("transition", flat=True))
    assert transitions == ["created", "submit", "request_info", "resubmit", "withdraw"]
    assert Notification.objects.filter(recipient=user, kind="request_submitted").count() == 1


def client_for_staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_acknowledgement_is_written_in_the_partners_language(
    client_for, partner_user, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import RequestFactory

    partner_user.language = "es"
    partner_user.save()
    obj = RequestFactory(institution=partner_user.memberships.get().institution)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(partner_user).post(f"/requests/{obj.pk}/submit/")
    obj.refresh_from_db()
    mail = next(m for m in mailoutbox if m.to == [partner_user.email])
    assert mail.subject.endswith(f"Solicitud {obj.reference} recibida")
    assert "equipo MIEUX+" in mail.body
