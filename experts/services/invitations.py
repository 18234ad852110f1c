"""Signed invitation links: the expert accepts or declines from the e-mail without signing in."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from experts.models import Deployment
from experts.services.common import InvitationLinkError

INVITATION_SALT = "experts.deployment-invitation"


def invitation_token(deployment) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign_object({"d": deployment.pk, "e": deployment.expert_id})


def invitation_url(deployment) -> str:
    return settings.SITE_URL + reverse("experts:invitation", args=[invitation_token(deployment)])


def deployment_from_token(token) -> Deployment:
    """The deployment a signed link names; raises InvitationLinkError if expired or tampered with."""
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
    return deployment
