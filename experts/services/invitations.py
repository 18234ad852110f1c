"""Signed invitation links, each bound to one invitation.

The link signs the deployment, the expert and the deployment's current invitation nonce. Every new
invitation and every answer draws a new nonce, so a link from an earlier e-mail (an invitation the
expert declined before staff invited them again, or one already answered) is refused.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from experts.models import Deployment
from experts.services.common import InvitationLinkError

INVITATION_SALT = "experts.deployment-invitation"
# Transitions that end the life of the links sent so far.
NONCE_RENEWING_TRANSITIONS = frozenset({"invite", "accept", "decline"})


def new_invitation_nonce() -> str:
    return secrets.token_urlsafe(12)


def invitation_token(deployment) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign_object(
        {"d": deployment.pk, "e": deployment.expert_id, "n": deployment.invitation_nonce}
    )


def invitation_url(deployment) -> str:
    return settings.SITE_URL + reverse("experts:invitation", args=[invitation_token(deployment)])


def deployment_from_token(token) -> Deployment:
    """The deployment a signed link names; raises InvitationLinkError if expired, tampered with, or
    from an invitation that was since answered or replaced."""
    max_age = datetime.timedelta(days=settings.INVITATION_LINK_MAX_AGE_DAYS)
    try:
        data = signing.TimestampSigner(salt=INVITATION_SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise InvitationLinkError(
            _("This invitation link has expired. Please sign in to the portal or ask the MIEUX+ team for a new one."),
            expired=True,
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvitationLinkError(_("This invitation link is not valid. Check that you copied all of it.")) from exc
    deployment = (
        Deployment.objects.select_related("activity__action", "expert").filter(pk=data.get("d"), expert_id=data.get("e")).first()
        if isinstance(data, dict)
        else None
    )
    if deployment is None:
        raise InvitationLinkError(_("This invitation no longer exists."))
    nonce = data.get("n")
    if not nonce or not deployment.invitation_nonce or not secrets.compare_digest(str(nonce), deployment.invitation_nonce):
        raise InvitationLinkError(
            _(
                "This link belongs to an earlier invitation that has since been answered or replaced by a newer "
                "one. Please use the link in the most recent e-mail from MIEUX+, or sign in to the portal."
            ),
            replaced=True,
        )
    return deployment
