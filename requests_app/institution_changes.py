"""What a change to a verified institution's identity means: the verification no longer holds.

Staff verify an institution's name, country and type. When anyone but staff changes one of them,
the verification is dropped (the badge goes) and staff are told, so they check it again. The
institution's field history (who changed what) is kept by django-simple-history.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from mieux.notifications import notify

VERIFIED_FIELDS = ("name", "country", "type")


def changed_verified_fields(before, after) -> list:
    """Names of the verified fields whose value differs between two states of an institution."""
    return [name for name in VERIFIED_FIELDS if getattr(before, f"{name}_id" if name == "type" else name)
            != getattr(after, f"{name}_id" if name == "type" else name)]


def drop_verification_if_identity_changed(*, actor, before, institution) -> list:
    """Inside the caller's transaction, before saving `institution`: if a non-staff actor changed a
    verified field of a verified institution, unverify it and notify staff. Returns the changed fields."""
    changed = changed_verified_fields(before, institution)
    institution._history_user = actor
    if changed:
        institution._change_reason = _("Changed: %(fields)s") % {"fields": ", ".join(changed)}
    if not changed or not before.is_verified or getattr(actor, "is_mieux_staff", False):
        return changed
    institution.verified_at = None
    institution.verified_by = None
    url = reverse("admin:requests_app_institution_history", args=[institution.pk])
    changes = [
        {"field": name, "before": str(getattr(before, name)), "after": str(getattr(institution, name))} for name in changed
    ]
    for staff in get_user_model().objects.mieux_staff():
        notify(
            recipient=staff, kind="institution_unverified", template="institution_unverified",
            context={"institution": institution, "actor": actor, "changes": changes}, url=url,
        )
    return changed
