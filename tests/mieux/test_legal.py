"""Privacy notice, accessibility statement and legal notice: stored, versioned pages in every language,
linked from every page; a new privacy notice version asks experts to consent again; accessibility
feedback reaches staff; the admin's styles pass the Content-Security-Policy, the rest stays strict."""

import datetime

import pytest
from django.conf import settings

from experts import services as expert_services
from mieux.legal import privacy_notice_version
from mieux.models import AccessibilityFeedback, LegalPage, Notification
from tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db

KINDS = ["privacy", "accessibility", "legal-notice"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_every_legal_page_exists_in_every_language(client, kind, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(f"/legal/{kind}/")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.language == language and page.version == "2024-1"
    assert page.title in response.content.decode()


def test_footer_links_to_the_three_pages(client):
    html = client.get("/").content.decode()
    for kind in KINDS:
        assert f'href="/legal/{kind}/"' in html


def test_a_new_privacy_version_asks_experts_to_consent_again_and_old_versions_stay_readable(client, expert_user):
    expert = ExpertFactory(user=expert_user, email=expert_user.email, consented=True)
    assert expert.consent_version == privacy_notice_version() == "2024-1"
    assert expert_services.consent_is_current(expert)
    LegalPage.objects.create(kind="privacy", version="2025-1", language="en", title="Privacy notice",
                             body="Second version.", published_on=datetime.date(2025, 3, 1))
    assert privacy_notice_version() == "2025-1"
    assert not expert_services.consent_is_current(expert)
    # The version consented to is still there, and its link is on the expert's profile.
    response = client.get("/legal/privacy/2024-1/")
    assert response.status_code == 200 and response.context["page"].version == "2024-1"
    assert client.get("/legal/privacy/").context["page"].version == "2025-1"
    assert client.get("/legal/privacy/1999-9/").status_code == 404
    assert client.get("/legal/unknown/").status_code == 404


def test_accessibility_feedback_reaches_staff(client, staff_user):
    response = client.post("/legal/accessibility/feedback/",
                           {"message": "The calendar cannot be used with a keyboard.", "page": "/workspace/actions/calendar/"})
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.page == "/workspace/actions/calendar/"
    note = Notification.objects.get(recipient=staff_user, kind="accessibility_feedback")
    assert "The calendar cannot be used with a keyboard." in note.body
    # An empty message is refused with the form shown again, nothing stored.
    response = client.post("/legal/accessibility/feedback/", {"message": " "})
    assert response.status_code == 400 and AccessibilityFeedback.objects.count() == 1


def test_admin_pages_let_inline_styles_through_and_other_pages_do_not(client, admin_user):
    client.force_login(admin_user)
    admin_policy = client.get("/admin/mieux/legalpage/add/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in admin_policy
    assert "script-src 'self';" in admin_policy or admin_policy.endswith("script-src 'self'")
    public_policy = client.get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in public_policy


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
