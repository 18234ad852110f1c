"""Which approved requests already have their Action: `Request.has_action`, kept up to date from here.

The staff Action list shows the approved requests still waiting for an Action. Asking the database
"approved and no Action points here" anti-joins every approved request with every Action (85 ms at
50,000 of each, whatever few are waiting); with the flag it reads the waiting ones from a partial
index. Every Action saved or deleted (service, admin, its bulk deletion, demo data) updates the flag
through the `post_save`/`post_delete` signals; writes that send none (the portfolio import's bulk
inserts, a benchmark database) call `refresh_all()`, as does `manage.py refresh_derived_data`.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save

from requests_app.models import Request


def action_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    action = instance
    previous = getattr(action, "_loaded_request_id", None)
    if previous and previous != action.request_id:
        Request.objects.filter(pk=previous).update(has_action=False)
    if action.request_id:
        Request.objects.filter(pk=action.request_id, has_action=False).update(has_action=True)
    action._loaded_request_id = action.request_id


def action_deleted(sender, instance, **kwargs):
    if instance.request_id:
        Request.objects.filter(pk=instance.request_id).update(has_action=False)


def refresh_all():
    """Set every request's flag from the Actions; returns how many requests changed."""
    made = Exists(apps.get_model("actions", "Action").objects.filter(request=OuterRef("pk")))
    return (Request.objects.filter(has_action=False).filter(made).update(has_action=True)
            + Request.objects.filter(has_action=True).exclude(made).update(has_action=False))


def awaiting_action():
    """Approved requests without an Action yet, oldest decision first."""
    return Request.objects.filter(status="approved", has_action=False).order_by("decided_at", "pk")


def connect():
    action = apps.get_model("actions", "Action")
    post_save.connect(action_saved, sender=action, dispatch_uid="request-links-save", weak=False)
    post_delete.connect(action_deleted, sender=action, dispatch_uid="request-links-delete", weak=False)
