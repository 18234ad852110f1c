"""Calendar feed links are secrets their owner can renew and an administrator can revoke."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_renewing_the_calendar_link_retires_the_old_one_at_once(client_for, staff_user):
    client = client_for(staff_user)
    old = reverse("actions:programme_feed", args=[staff_user.calendar_token])
    assert client.get(old).status_code == 200
    assert "Renew my calendar links" in client.get(reverse("preferences")).content.decode()
    assert client.get(reverse("calendar_token_rotate")).status_code == 405
    client.post(reverse("calendar_token_rotate"))
    staff_user.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(reverse("actions:programme_feed", args=[staff_user.calendar_token])).status_code == 200


def test_expert_feed_link_is_renewed_too(client_for, expert_user):
    old = reverse("experts:calendar", args=[expert_user.calendar_token])
    client = client_for(expert_user)
    client.post(reverse("calendar_token_rotate"))
    assert client.get(old).status_code == 404


def test_renewal_needs_csrf(client, staff_user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(staff_user)
    token = staff_user.calendar_token
    assert csrf_client.post(reverse("calendar_token_rotate")).status_code == 403
    staff_user.refresh_from_db()
    assert staff_user.calendar_token == token


def test_admin_revokes_a_users_calendar_link(client_for, admin_user, staff_user):
    token = staff_user.calendar_token
    assert "revoke_calendar_tokens" in admin.site._registry[type(staff_user)].actions
    response = client_for(admin_user).post(
        reverse("admin:mieux_user_changelist"),
        {"action": "revoke_calendar_tokens", "_selected_action": [staff_user.pk]},
    )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.calendar_token != token
    assert client_for(staff_user).get(reverse("actions:programme_feed", args=[token])).status_code == 404
