"""The second factor is a property of the session: the admin's sign-in is the portal's, a password alone
never reaches a privileged page, and a session older than the user's enrolment must prove the factor."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from tests.factories import UserFactory
from tests.factories.core import PASSWORD

PRIVILEGED_PAGES = ("/staff/", "/admin/", "/admin/mieux/user/")


def current_code(secret):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True


@pytest.fixture
def enrolled_admin(db):
    user = UserFactory(admin=True, email="root@example.org")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


@pytest.mark.django_db
def test_admin_login_page_sends_to_the_portal_sign_in_with_next(client):
    response = client.get("/admin/login/", {"next": "/admin/mieux/user/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fmieux%2Fuser%2F"
    # A foreign `next` is not carried along.
    assert "evil" not in client.get("/admin/login/", {"next": "https://evil.example/"})["Location"]
    # An anonymous visit to the admin ends at the portal's sign-in too.
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith("/accounts/login/")


@pytest.mark.django_db
def test_admin_login_form_post_does_not_sign_in(client, mfa_required, enrolled_admin):
    user, _secret = enrolled_admin
    response = client.post("/admin/login/?next=/admin/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    for page in PRIVILEGED_PAGES:
        assert client.get(page).status_code == 302


@pytest.mark.django_db
def test_password_alone_does_not_open_privileged_pages_with_an_enrolled_device(client, mfa_required, enrolled_admin):
    user, secret = enrolled_admin
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    for page in PRIVILEGED_PAGES:
        assert client.get(page).status_code == 302, page
    # The second factor completes the sign-in, and then the admin opens.
    done = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert done.status_code == 302
    for page in PRIVILEGED_PAGES:
        assert client.get(page).status_code == 200, page


@pytest.mark.django_db
def test_session_signed_in_before_enrolling_must_prove_the_factor(client, mfa_required):
    staff = UserFactory(staff=True, email="early@example.org")
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert client.get("/staff/")["Location"] == "/accounts/2fa/totp/activate/"
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)  # enrolled from elsewhere: this session never passed the device
    blocked = client.get("/staff/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/accounts/2fa/reauthenticate/")
    # Nor may it remove the device or reach other account pages meanwhile.
    assert client.get("/accounts/2fa/totp/deactivate/").status_code == 302
    proved = client.post(blocked["Location"], {"code": current_code(secret)})
    assert proved.status_code == 302
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_force_login_without_mfa_record_is_refused_everywhere_privileged(client, mfa_required, enrolled_admin):
    user, _secret = enrolled_admin
    client.force_login(user)
    for page in PRIVILEGED_PAGES:
        response = client.get(page)
        assert response.status_code == 302 and "/accounts/2fa/reauthenticate/" in response["Location"], page


@pytest.mark.django_db
def test_portal_sign_in_is_rate_limited(client, enrolled_admin):
    user, _secret = enrolled_admin
    refused = 0
    for _ in range(30):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-123"})
        refused += "Too many failed login attempts" in response.content.decode()
    assert refused >= 20
