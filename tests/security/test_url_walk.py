"""The permission walk: every URL pattern of the resolver (admin and accounts included) with each of ten
roles, against objects that belong to institution A, its request, Action and first expert.

For every (URL, role): a GET never answers 5xx, and a role not allowed is refused (redirect, 400, 403,
404 or 405). A POST from a role not allowed changes nothing. A POST without a CSRF token is refused
with 403 for every role. A URL nobody classified fails the walk.
"""

import pytest
from django.test import Client

from tests.security.access import ACCESS, allowed_roles
from tests.security.urls import all_patterns, url_for
from tests.security.world import ROLES, build_world

REFUSED = {301, 302, 303, 400, 403, 404, 405}


def test_every_url_pattern_is_classified():
    patterns = all_patterns()
    unclassified = [f"{name} ({route})" for name, route, _params in patterns if allowed_roles(name, route) is None]
    assert not unclassified, "classify these URLs in tests/security/access.py: " + ", ".join(unclassified)
    names = {name for name, _route, _params in patterns}
    stale = sorted(set(ACCESS) - names)
    assert not stale, f"classified URLs that no longer exist: {stale}"


WATCHED_FIELDS = ("status", "calendar_token", "invitation_nonce", "verified_at", "value", "version", "is_public")


def fingerprint():
    """What a refused POST must leave untouched: row counts and last changes of every portal model."""
    from django.apps import apps
    from django.db.models import Count, Max

    state = []
    for model in apps.get_models():
        if model._meta.app_label not in ("mieux", "requests_app", "actions", "experts") or model.__name__.startswith(
            "Historical"
        ):
            continue
        names = {f.name for f in model._meta.concrete_fields}
        qs = model._default_manager.all()
        aggregates = {"n": Count("pk")} | ({"changed": Max("updated_at")} if "updated_at" in names else {})
        state.append((model._meta.label, tuple(qs.aggregate(**aggregates).values())))
        watched = [name for name in WATCHED_FIELDS if name in names]
        if watched:
            state.append((model._meta.label, tuple(qs.order_by("pk").values_list(*watched))))
    return state


@pytest.mark.django_db
def test_walk_every_url_with_every_role(settings):
    settings.DEBUG = False
    world = build_world()
    clients, csrf_clients = {}, {}
    for role in ROLES:
        clients[role], csrf_clients[role] = Client(), Client(enforce_csrf_checks=True)
        if world.users[role] is not None:
            clients[role].force_login(world.users[role])
            csrf_clients[role].force_login(world.users[role])
    failures, counts = [], {"urls": 0, "get": 0, "post_refused": 0, "post_no_csrf": 0}
    before = fingerprint()
    for name, route, params in all_patterns():
        allowed = allowed_roles(name, route)
        url = url_for(name, route, params, world)
        counts["urls"] += 1
        is_admin = route.startswith("admin/")
        for role in ROLES:
            response = clients[role].get(url)
            counts["get"] += 1
            if response.status_code >= 500:
                failures.append(f"GET {url} as {role}: {response.status_code}")
            elif role not in allowed and response.status_code not in REFUSED:
                failures.append(f"GET {url} as {role}: {response.status_code}, expected a refusal")
            if role not in allowed:
                posted = clients[role].post(url, {})
                counts["post_refused"] += 1
                if posted.status_code not in REFUSED:
                    failures.append(f"POST {url} as {role}: {posted.status_code}, expected a refusal")
                if not is_admin:
                    after = fingerprint()
                    if after != before:
                        changed = [a for a, b in zip(after, before, strict=False) if a != b]
                        failures.append(f"POST {url} as {role} changed {changed[:3]}")
                        before = after
            if not is_admin or role == "admin":
                no_token = csrf_clients[role].post(url, {})
                counts["post_no_csrf"] += 1
                if no_token.status_code != 403:
                    failures.append(f"POST {url} as {role} without a CSRF token: {no_token.status_code}")
    print(f"\nURL walk: {counts['urls']} URL patterns x {len(ROLES)} roles = {counts['get']} GET requests; "
          f"{counts['post_refused']} refused POSTs; {counts['post_no_csrf']} POSTs without a CSRF token")
    assert not failures, "\n".join(failures[:80])
