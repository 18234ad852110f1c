"""The operator's path to the first administrator and to staff and committee accounts."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from mieux.models import Role, User

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-operator-passphrase-7"


def test_first_admin_gets_a_verified_address_and_is_told_about_totp(monkeypatch, capsys):
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    call_command("create_account", "Admin@Example.org", "--role", "admin", "--password-env", "ADMIN_PASSWORD")
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_superuser and admin.is_staff and admin.role == Role.ADMIN
    assert admin.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=admin).verified
    assert "authenticator app (TOTP)" in capsys.readouterr().out


def test_committee_member_needs_a_body_and_gets_it(monkeypatch):
    monkeypatch.setenv("PW", PASSWORD)
    with pytest.raises(CommandError, match="INTPA"):
        call_command("create_account", "km@example.org", "--role", "committee", "--password-env", "PW")
    call_command("create_account", "km@example.org", "--role", "committee", "--body", "near", "--password-env", "PW")
    member = User.objects.get(email="km@example.org")
    assert member.is_committee and member.committee_body.code == "NEAR" and not member.is_superuser


def test_weak_password_and_existing_address_are_refused(monkeypatch, staff_user):
    monkeypatch.setenv("PW", "123")
    with pytest.raises(CommandError):
        call_command("create_account", "new@example.org", "--role", "staff", "--password-env", "PW")
    monkeypatch.setenv("PW", PASSWORD)
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_account", staff_user.email, "--role", "staff", "--password-env", "PW")
    assert not User.objects.filter(email="new@example.org").exists()
