import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from mieux.demo import demo_users


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("mieux", "requests_app", "actions", "experts", "account")
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_row_counts(capsys):
    call_command("seed_demo")
    first = row_counts()
    call_command("seed_demo")
    assert row_counts() == first
    assert first["mieux.User"] >= 5
    out = capsys.readouterr().out
    for label in ("admin", "staff", "committee INTPA", "partner", "expert"):
        assert label in out


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production_mode(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")


START_PAGES = {
    "admin": "/staff/",
    "staff": "/staff/",
    "committee INTPA": "/requests/committee/",
    "partner": "/requests/",
    "expert": "/experts/me/",
}


@pytest.mark.django_db
@pytest.mark.parametrize("label", list(START_PAGES))
def test_each_demo_role_logs_in_and_lands_on_its_own_start_page(client, label):
    call_command("seed_demo")
    email = next(e for e, _, _, _, lab in demo_users() if lab == label)
    response = client.post("/accounts/login/", {"login": email, "password": settings.DEMO_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == START_PAGES[label]
    assert response.context["user"].email == email


@pytest.mark.django_db
def test_with_mfa_required_staff_without_mfa_is_sent_to_set_it_up(client, settings, staff_user):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    from tests.factories.core import PASSWORD

    response = client.post("/accounts/login/", {"login": staff_user.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    for page in ("/staff/", "/requests/committee/", "/admin/"):
        blocked = client.get(page)
        assert blocked.status_code == 302
        assert blocked["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_with_mfa_required_a_partner_is_not_forced_into_mfa(client, settings, partner_user):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    client.force_login(partner_user)
    assert client.get("/requests/").status_code == 200
