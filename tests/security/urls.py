"""Every URL pattern of the portal, read from the resolver, made concrete with the walk's objects."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse


def all_patterns():
    """(name, route, parameter names) of every pattern the resolver knows, admin and accounts included."""
    found = []

    def walk(resolver, prefix="", namespace=None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = entry.name or f"<unnamed {prefix}{entry.pattern}>"
                if namespace and entry.name:
                    name = f"{namespace}:{entry.name}"
                params = list(entry.pattern.regex.groupindex)
                if entry.pattern.regex.groups > len(params):  # unnamed groups (django-simple-history)
                    params = ["object_id", "history_id"][: entry.pattern.regex.groups]
                    params = [f"*{p}" for p in params]
                found.append((name, prefix + str(entry.pattern), params))

    walk(get_resolver())
    return found


def _admin_models():
    return {f"admin:{m._meta.app_label}_{m._meta.model_name}_": m for m in admin.site._registry}


def _admin_object_id(name):
    for prefix, model in _admin_models().items():
        if name.startswith(prefix):
            return model.objects.order_by("pk").values_list("pk", flat=True).first() or 1
    return 1


def _admin_history_id(name):
    for prefix, model in _admin_models().items():
        if name.startswith(prefix) and hasattr(model, "history"):
            return model.history.order_by("pk").values_list("history_id", flat=True).first() or 1
    return 1


def url_for(name, route, params, world):
    """The concrete path of a pattern, pointing at the walk's objects (all owned by institution A)."""
    o = world.objects
    if name.startswith("<unnamed"):
        return "/" + route.replace("^", "").replace("(?P<path>.*)$", "walk.txt")
    pk_by_name = {
        "requests:members": o["institution"].pk,
        "requests:membership_decide": o["institution"].pk,
        "actions:create_from_request": o["request"].pk,
        "actions:document": o["document"].pk,
        "actions:document_delete": o["document"].pk,
        "survey_sheet": o["activity"].pk,
        "survey_qr": o["activity"].pk,
        "experts:feedback": o["deployment"].pk,
        "experts:rate": o["deployment"].pk,
        "experts:transition": o["deployment"].pk,
        "experts:unavailability_delete": o["period"].pk,
    }
    token_by_name = {
        "survey": o["activity"].survey_token,
        "survey_thanks": o["activity"].survey_token,
        "actions:programme_feed": o["calendar_token"],
        "actions:action_feed": o["calendar_token"],
        "experts:invitation": o["invitation_token"],
        "experts:calendar": o["expert_calendar_token"],
    }
    values = {
        "code": o["action"].code,
        "attachment_pk": o["attachment"].pk,
        "membership_pk": o["membership"].pk,
        "decision": "approve",
        "activity_pk": o["activity"].pk,
        "period_pk": o["period"].pk,
        "step": 1,
        "key": "walk-not-a-key",
        "uidb36": "1",
        "app_label": "mieux",
        "content_type_id": 1,
        "version_id": 1,
        "kind": "privacy",
        "version": "1",
    }
    if params and params[0].startswith("*"):
        history = _admin_history_id(name)
        return reverse(name, args=[_admin_object_id(name), history][: len(params)])
    kwargs = {}
    for param in params:
        if param == "pk":
            if name in pk_by_name:
                kwargs[param] = pk_by_name[name]
            elif name.startswith("requests:"):
                kwargs[param] = o["request"].pk
            elif name.startswith("actions:"):
                kwargs[param] = o["activity"].pk
            else:
                kwargs[param] = o["expert"].pk
        elif param == "token":
            kwargs[param] = token_by_name[name]
        elif param == "name":
            kwargs[param] = "accept" if name.startswith("experts:") else "start"
        elif param in ("object_id", "id"):
            kwargs[param] = _admin_object_id(name)
        else:
            kwargs[param] = values[param]
    return reverse(name, kwargs=kwargs)
