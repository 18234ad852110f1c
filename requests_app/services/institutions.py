"""Partner institutions and their members: create or join an institution, approve or refuse members,
edit the profile, verification by staff. Refusals are `IntakeError`s whose message is safe to show."""

import copy

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mieux.notifications import notify
from requests_app import permissions
from requests_app.institution_changes import drop_verification_if_identity_changed
from requests_app.models import Institution, Membership
from requests_app.services.intake import IntakeError
from requests_app.workflow import record_event


def _has_membership(actor):
    return Membership.objects.filter(
        user=actor, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
    ).exists()


def institution_create(*, actor, name, type, country, city="", website="", address="") -> Institution:
    """Register a new partner institution; its creator becomes its first active member."""
    if not actor.is_partner:
        raise IntakeError(_("Only partner accounts can register an institution."))
    name = " ".join(name.split())
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=actor.pk)
        if _has_membership(actor):
            raise IntakeError(_("You already belong to an institution or are waiting to join one."))
        if Institution.objects.filter(name__iexact=name, country=country).exists():
            raise IntakeError(
                _("An institution with this name is already registered in this country: ask to join it instead.")
            )
        try:
            with transaction.atomic():
                institution = Institution.objects.create(
                    name=name, type=type, country=country, city=city, website=website, address=address
                )
        except IntegrityError as exc:
            raise IntakeError(
                _("An institution with this name is already registered in this country: ask to join it instead.")
            ) from exc
        Membership.objects.create(user=actor, institution=institution, status=Membership.Status.ACTIVE)
    permissions.forget_memberships(actor)
    return institution


def membership_request(*, actor, institution) -> Membership:
    """Ask to join an existing institution; its members (or staff, if it has none) are asked to approve."""
    if not actor.is_partner:
        raise IntakeError(_("Only partner accounts can join an institution."))
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=actor.pk)
        if _has_membership(actor):
            raise IntakeError(_("You already belong to an institution or are waiting to join one."))
        membership, _created = Membership.objects.update_or_create(
            user=actor, institution=institution,
            defaults={"status": Membership.Status.PENDING, "approved_by": None, "created_at": timezone.now()},
        )
        approvers = list(get_user_model().objects.members_of(institution.pk)) or list(get_user_model().objects.mieux_staff())
        url = reverse("requests:members", args=[institution.pk])
        for approver in approvers:
            notify(
                recipient=approver, kind="membership_requested", template="membership_requested",
                context={"applicant": actor, "institution": institution}, url=url,
                dedupe_key=f"membership-requested-{membership.pk}-{membership.created_at.timestamp():.0f}-{approver.pk}",
            )
    return membership


def _decide_membership(*, actor, membership, status):
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("institution", "user").get(pk=membership.pk)
        if not permissions.can_manage_members(actor, membership.institution):
            raise IntakeError(_("You are not allowed to do this."))
        if membership.status != Membership.Status.PENDING:
            raise IntakeError(_("This request to join has already been answered."))
        membership.status = status
        membership.approved_by = actor
        membership.save(update_fields=["status", "approved_by"])
        template = "membership_approved" if status == Membership.Status.ACTIVE else "membership_refused"
        notify(
            recipient=membership.user, kind=template, template=template,
            context={"institution": membership.institution, "actor": actor},
            url=reverse("requests:dashboard"),
        )
    permissions.forget_memberships(membership.user)
    return membership


def membership_approve(*, actor, membership) -> Membership:
    """An active member (or staff) lets a pending member in."""
    return _decide_membership(actor=actor, membership=membership, status=Membership.Status.ACTIVE)


def membership_refuse(*, actor, membership) -> Membership:
    """An active member (or staff) refuses a pending member; they see nothing of the institution."""
    return _decide_membership(actor=actor, membership=membership, status=Membership.Status.REFUSED)


def institution_update(*, actor, institution, data) -> Institution:
    """An active member (or staff) corrects the institution's profile; a partner changing the name,
    country or type of a verified institution drops its verification and staff are told."""
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        if not permissions.can_manage_members(actor, institution):
            raise IntakeError(_("You are not allowed to do this."))
        before = copy.copy(institution)
        for name in ("name", "type", "country", "city", "website", "address"):
            if name in data:
                setattr(institution, name, data[name])
        drop_verification_if_identity_changed(actor=actor, before=before, institution=institution)
        try:
            with transaction.atomic():
                institution.save()
        except IntegrityError as exc:
            raise IntakeError(_("Another institution with this name is registered in this country.")) from exc
    return institution


def institution_verify(*, actor, institution, request_obj=None) -> Institution:
    """Staff confirm an institution is genuine (once, while screening its first request)."""
    if not (actor.is_authenticated and actor.is_mieux_staff):
        raise IntakeError(_("You are not allowed to do this."))
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        if institution.is_verified:
            raise IntakeError(_("This institution has already been verified."))
        institution.verified_at = timezone.now()
        institution.verified_by = actor
        institution.save(update_fields=["verified_at", "verified_by"])
        if request_obj is not None:
            record_event(
                request_obj, "institution_verified", actor=actor, visible_to_partner=False,
                note=str(_("Institution verified: %(name)s")) % {"name": institution.name},
            )
    return institution
