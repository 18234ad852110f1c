"""Demo accounts: one login per role. Each app adds its own demo data in its `demo.py`."""

from django.conf import settings

from mieux.models import CommitteeBody, Role, User

DEMO_DOMAIN = "demo.mieux-initiative.eu"


def demo_users():
    """(email, full name, role, committee body code, label) of every demo account."""
    return [
        (f"admin@{DEMO_DOMAIN}", "Ada Admin", Role.ADMIN, None, "admin"),
        (f"staff@{DEMO_DOMAIN}", "Sofia Staff", Role.STAFF, None, "staff"),
        (f"staff2@{DEMO_DOMAIN}", "Tomás Planner", Role.STAFF, None, None),
        (f"committee@{DEMO_DOMAIN}", "Claire Committee (DG INTPA)", Role.COMMITTEE, "INTPA", "committee member"),
        (f"home@{DEMO_DOMAIN}", "Hugo Home (DG HOME)", Role.COMMITTEE, "HOME", None),
        (f"near@{DEMO_DOMAIN}", "Nadia Near (DG NEAR)", Role.COMMITTEE, "NEAR", None),
        (f"eeas@{DEMO_DOMAIN}", "Elena EEAS", Role.COMMITTEE, "EEAS", None),
        (f"icmpd@{DEMO_DOMAIN}", "Ivan ICMPD", Role.COMMITTEE, "ICMPD", None),
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
