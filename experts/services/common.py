"""What every experts service stands on: the refusal errors, the profile right, the expert's e-mail
and the portal account staff create when they first contact an expert."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from experts.models import Expert
from experts.permissions import can_edit_expert
from mieux.models import Role, User
from mieux.notifications import notify


class DeploymentError(Exception):
    """A refused deployment change; the message is safe to show to the user."""


class ExpertError(Exception):
    """A refused profile change; the message is safe to show to the user."""


class InvitationLinkError(Exception):
    """An invitation link that is expired, tampered with or no longer usable."""

    def __init__(self, message, *, expired=False, replaced=False):
        super().__init__(message)
        self.expired = expired
        self.replaced = replaced


def can_edit_profile(actor, expert) -> bool:
    """Staff edit any profile; an expert edits only their own; an erased profile nobody."""
    return can_edit_expert(actor, expert)


def notify_expert(deployment, *, kind, template, context=None, dedupe_key=None, url=None):
    """Write an e-mail to the deployed expert into the outbox (sent after commit); none without an account."""
    user = deployment.expert.user
    if user is None:
        return None
    return notify(
        recipient=user,
        kind=kind,
        template=template,
        context={"deployment": deployment, "activity": deployment.activity, "expert": deployment.expert, **(context or {})},
        url=url if url is not None else settings.SITE_URL + reverse("experts:dashboard"),
        dedupe_key=dedupe_key,
    )


def ensure_account(expert) -> User:
    """The expert's portal account, created (without a password) when staff first contact them."""
    if expert.user_id:
        return expert.user
    if not expert.email:
        raise ExpertError(_("The expert has no e-mail address."))
    email = expert.email.lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, full_name=expert.full_name, role=Role.EXPERT)
        user.set_unusable_password()
        user.save()
    elif user.role != Role.EXPERT:
        raise ExpertError(_("This e-mail address belongs to an account that is not an expert account."))
    elif Expert.objects.filter(user=user).exclude(pk=expert.pk).exists():
        raise ExpertError(_("This e-mail address is already linked to another expert profile."))
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    expert.user = user
    expert.save(update_fields=["user", "updated_at"])
    return user
