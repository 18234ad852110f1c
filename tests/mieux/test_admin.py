"""Every model is usable in the Django admin: its list (with search and filters) opens for an administrator."""

import pytest
from django.contrib import admin
from django.urls import reverse

PORTAL_APPS = {"mieux", "requests_app", "actions", "experts"}


def portal_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in PORTAL_APPS),
        key=lambda m: m._meta.label,
    )


def test_every_portal_model_is_registered_in_the_admin():
    from django.apps import apps

    registered = set(admin.site._registry)
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in PORTAL_APPS and not m.__name__.startswith("Historical") and not m._meta.auto_created
        and m not in registered
    ]
    assert not missing, f"not in the admin: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", portal_models(), ids=lambda m: m._meta.label)
def test_admin_list_with_search_opens(client_for, admin_user, model):
    client = client_for(admin_user)
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert model_admin.list_display != ("__str__",), f"{model._meta.label} has no list columns"
    response = client.get(url, {"q": "kenya"} if model_admin.search_fields else {})
    assert response.status_code == 200
    if model_admin.has_add_permission(response.wsgi_request):
        add = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
        assert add.status_code == 200


@pytest.mark.django_db
def test_audit_events_are_read_only_in_the_admin(rf, admin_user):
    from actions.models import ActionEvent, ActivityEvent
    from experts.models import DeploymentEvent
    from requests_app.models import RequestEvent

    request = rf.get("/admin/")
    request.user = admin_user
    for model in (RequestEvent, ActionEvent, ActivityEvent, DeploymentEvent):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
