"""Demo accounts: one login per role (one per committee body). Each app adds its own demo data in its
`demo.py`, written through the same services as real use; `demo_clock` dates that history in the past."""

import contextlib

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from mieux.models import CommitteeBody, Role, User

DEMO_DOMAIN = "demo.mieux-initiative.eu"


def demo_users():
    """(email, full name, role, committee body code, label) of every demo account."""
    return [
        (f"admin@{DEMO_DOMAIN}", "Ada Admin", Role.ADMIN, None, "admin"),
        (f"staff@{DEMO_DOMAIN}", "Sofia Staff", Role.STAFF, None, "staff"),
        (f"staff2@{DEMO_DOMAIN}", "Tomás Planner", Role.STAFF, None, None),
        (f"committee@{DEMO_DOMAIN}", "Claire Committee (DG INTPA)", Role.COMMITTEE, "INTPA", "committee INTPA"),
        (f"home@{DEMO_DOMAIN}", "Hugo Home (DG HOME)", Role.COMMITTEE, "HOME", "committee HOME"),
        (f"near@{DEMO_DOMAIN}", "Nadia Near (DG NEAR)", Role.COMMITTEE, "NEAR", "committee NEAR"),
        (f"eeas@{DEMO_DOMAIN}", "Elena EEAS", Role.COMMITTEE, "EEAS", "committee EEAS"),
        (f"icmpd@{DEMO_DOMAIN}", "Ivan ICMPD", Role.COMMITTEE, "ICMPD", "committee ICMPD"),
        (f"partner@{DEMO_DOMAIN}", "Amina Partner", Role.PARTNER, None, "partner"),
        (f"partner2@{DEMO_DOMAIN}", "Jean-Baptiste Partenaire", Role.PARTNER, None, None),
        (f"expert@{DEMO_DOMAIN}", "Eva Expert", Role.EXPERT, None, "expert"),
    ]


def seed(scale=1, stdout=None):
    """Create the demo accounts (idempotent) and return {label: user} of every one, for the printed logins."""
    from allauth.account.models import EmailAddress

    bodies = {b.code: b for b in CommitteeBody.objects.all()}
    logins = {}
    for email, name, role, body, label in demo_users():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": name,
                "role": role,
                "committee_body": bodies.get(body),
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        logins[label or f"{Role(role).label.lower()} ({name})"] = user
    return logins


@contextlib.contextmanager
def demo_clock(moment):
    """Run the real services as if it were `moment`, so the demo's history (submissions, opinions,
    decisions, deliveries) goes through every rule and still carries realistic past dates.

    Demo seeding only, in one process: `timezone.now()` answers `moment`, and so do the model fields
    whose default is `timezone.now`. Nested clocks are allowed; the real clock comes back on exit.
    """
    real = timezone.now
    original = getattr(real, "__wrapped_now__", real)

    def fake():
        return moment

    fake.__wrapped_now__ = original
    patched = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.default is original:
                patched.append((field, field.__dict__.get("_get_default")))
                field.__dict__["_get_default"] = fake
    timezone.now = fake
    try:
        yield moment
    finally:
        timezone.now = real
        for field, before in patched:
            if before is None:
                field.__dict__.pop("_get_default", None)
            else:
                field.__dict__["_get_default"] = before
