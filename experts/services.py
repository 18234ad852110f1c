"""Expert profiles, availability and deployments: every state change of the experts app lives here.

Each function locks what it changes, checks the actor's right and the source state, writes the
DeploymentEvent and sends e-mail through `mieux.notifications.notify` inside the transaction (the
outbox sends it on commit). Accepting and confirming lock the EXPERT row first, so two staff members
confirming the same expert on overlapping activities at the same moment are serialised and the second
one sees the first booking.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import (
    BOOKED_STATUSES,
    Deployment,
    DeploymentEvent,
    DeploymentStatus,
    Expert,
    ExpertLanguage,
    Unavailability,
)
from experts.permissions import can_edit_expert
from experts.workflow import ENGAGED, EXPERT, STAFF, SYSTEM, TRANSITIONS
from mieux.legal import privacy_notice_version
from mieux.models import Notification, Role, User
from mieux.notifications import notify

INVITATION_SALT = "experts.deployment-invitation"


class DeploymentError(Exception):
    """A refused deployment change; the message is safe to show to the user."""


class ExpertError(Exception):
    """A refused profile change; the message is safe to show to the user."""


class InvitationLinkError(Exception):
    """An invitation link that is expired, tampered with or no longer usable."""

    def __init__(self, message, *, expired=False):
        super().__init__(message)
        self.expired = expired


# --- permissions ----------------------------------------------------------------------------------


def actor_roles(actor, deployment, *, via_link=False) -> set:
    """The workflow roles `actor` holds on `deployment`; the signed link stands for the expert."""
    if actor is None:
        return {SYSTEM, EXPERT} if via_link else {SYSTEM}
    roles = set()
    if actor.is_mieux_staff:
        roles.add(STAFF)
    if via_link or (actor.is_expert and deployment.expert.user_id == actor.pk):
        roles.add(EXPERT)
    return roles


def can_transition(actor, deployment, name, *, via_link=False) -> tuple[bool, str]:
    """(allowed, reason): whether `actor` may apply transition `name` to `deployment` now."""
    transition = TRANSITIONS[name]
    roles = actor_roles(actor, deployment, via_link=via_link)
    if not roles.intersection(transition.actors):
        return False, _("You are not allowed to do this.")
    if deployment.status not in transition.sources:
        return False, _("This cannot be done while the deployment is “%(status)s”.") % {
            "status": deployment.get_status_display()
        }
    return True, ""


def can_edit_profile(actor, expert) -> bool:
    """Staff edit any profile; an expert edits only their own; an erased profile nobody."""
    return can_edit_expert(actor, expert)


# --- availability ---------------------------------------------------------------------------------


def booking_conflict(expert_id, activity, *, exclude_deployment_id=None, statuses=BOOKED_STATUSES):
    """A user-safe reason why the expert cannot be held for `activity`'s dates, or None."""
    clash = (
        Deployment.objects.filter(
            expert_id=expert_id,
            status__in=statuses,
            activity__start_date__lte=activity.end_date,
            activity__end_date__gte=activity.start_date,
        )
        .exclude(pk=exclude_deployment_id)
        .exclude(activity__status="cancelled")
        .select_related("activity")
        .first()
    )
    if clash is not None:
        return _("The expert is already %(status)s on “%(title)s” (%(start)s – %(end)s), whose dates overlap.") % {
            "status": clash.get_status_display().lower(),
            "title": clash.activity.title,
            "start": clash.activity.start_date.isoformat(),
            "end": clash.activity.end_date.isoformat(),
        }
    period = Unavailability.objects.filter(
        expert_id=expert_id, start_date__lte=activity.end_date, end_date__gte=activity.start_date
    ).first()
    if period is not None:
        return _("The expert declared themselves unavailable from %(start)s to %(end)s.") % {
            "start": period.start_date.isoformat(),
            "end": period.end_date.isoformat(),
        }
    return None


# --- signed invitation links ------------------------------------------------------------------------


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


# --- deployment transitions -------------------------------------------------------------------------


def _apply(deployment_id, name, *, actor, via_link=False, note="", data=None, changes=None, conflict_statuses=None):
    """Move a deployment along `name` inside the caller's transaction; returns (deployment, from_status).

    With `conflict_statuses` the expert row is locked before the deployment row (always in that order,
    so concurrent bookings of one expert queue up instead of deadlocking) and overlapping bookings or
    unavailability refuse the change.
    """
    transition = TRANSITIONS[name]
    expert_id = Deployment.objects.values_list("expert_id", flat=True).get(pk=deployment_id)
    expert = Expert.objects.select_for_update().get(pk=expert_id)
    deployment = Deployment.objects.select_for_update().get(pk=deployment_id)
    deployment.expert = expert
    allowed, reason = can_transition(actor, deployment, name, via_link=via_link)
    if not allowed:
        raise DeploymentError(reason)
    if conflict_statuses is not None:
        if expert.is_erased or expert.status != Expert.Status.ACTIVE:
            raise DeploymentError(_("The expert's profile is not active."))
        conflict = booking_conflict(
            expert.pk, deployment.activity, exclude_deployment_id=deployment.pk, statuses=conflict_statuses
        )
        if conflict:
            raise DeploymentError(conflict)
    from_status = deployment.status
    deployment.status = transition.target
    if changes is not None:
        changes(deployment)
    deployment._change_reason = name
    deployment.save()
    DeploymentEvent.objects.create(
        deployment=deployment,
        actor=actor,
        transition=name,
        from_status=from_status,
        to_status=transition.target,
        note=note,
        data=data or {},
        created_at=timezone.now(),
    )
    return deployment, from_status


def _notify_expert(deployment, *, kind, template, context=None, dedupe_key=None, url=None):
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


def _ensure_account(expert) -> User:
    """The expert's portal account, created (without a password) when staff first contact them."""
    if expert.user_id:
        return expert.user
    if not expert.email:
        raise ExpertError(_("The expert has no e-mail address."))
    from allauth.account.models import EmailAddress

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


def deployment_propose(*, actor, activity, expert, role=Deployment.Role.EXPERT) -> Deployment:
    """Put an expert forward for an activity (staff); a declined or cancelled one is proposed again."""
    if not (actor and actor.is_mieux_staff):
        raise DeploymentError(_("You are not allowed to do this."))
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if expert.is_erased or expert.status != Expert.Status.ACTIVE:
            raise DeploymentError(_("The expert's profile is not active."))
        if activity.status in ("cancelled", "delivered"):
            raise DeploymentError(_("Experts cannot be proposed for a cancelled or delivered activity."))
        existing = Deployment.objects.select_for_update().filter(activity=activity, expert=expert).first()
        if existing is not None:
            if existing.status not in TRANSITIONS["repropose"].sources:
                raise DeploymentError(
                    _("%(name)s is already on this activity (%(status)s).")
                    % {"name": expert.full_name, "status": existing.get_status_display().lower()}
                )
            deployment, _from = _apply(existing.pk, "repropose", actor=actor, changes=lambda d: setattr(d, "role", role))
            return deployment
        deployment = Deployment.objects.create(
            activity=activity, expert=expert, role=role, status=DeploymentStatus.PROPOSED, proposed_by=actor
        )
        DeploymentEvent.objects.create(
            deployment=deployment, actor=actor, transition="propose", from_status="", to_status=DeploymentStatus.PROPOSED
        )
    return deployment


def deployment_invite(*, actor, deployment) -> Deployment:
    """Invite the proposed expert by e-mail with a signed accept/decline link (staff)."""
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=deployment.expert_id)
        _ensure_account(expert)
        deployment, _from = _apply(
            deployment.pk, "invite", actor=actor, changes=lambda d: setattr(d, "invited_at", timezone.now())
        )
        _notify_expert(
            deployment,
            kind="deployment_invitation",
            template="deployment_invitation",
            context={
                "invitation_url": invitation_url(deployment),
                "max_age_days": settings.INVITATION_LINK_MAX_AGE_DAYS,
            },
            url=invitation_url(deployment),
        )
    return deployment


def deployment_propose_and_invite(*, actor, activity, expert) -> Deployment:
    """Propose and invite in one step, from the matching page."""
    with transaction.atomic():
        deployment = deployment_propose(actor=actor, activity=activity, expert=expert)
        return deployment_invite(actor=actor, deployment=deployment)


def _notify_staff_of_answer(deployment, answer):
    recipient = deployment.proposed_by or deployment.activity.action.lead
    if recipient is None:
        return
    notify(
        recipient=recipient,
        kind=f"deployment_{answer}",
        template="deployment_answered",
        context={"deployment": deployment, "activity": deployment.activity, "expert": deployment.expert, "answer": answer},
        url=settings.SITE_URL + deployment.activity.get_absolute_url(),
    )


def deployment_accept(*, actor, deployment, via_link=False) -> Deployment:
    """The expert accepts; refused when they are booked or unavailable on overlapping dates."""
    with transaction.atomic():
        deployment, _from = _apply(
            deployment.pk, "accept", actor=actor, via_link=via_link,
            conflict_statuses=BOOKED_STATUSES,
            changes=lambda d: setattr(d, "answered_at", timezone.now()),
            data={"via_link": via_link},
        )
        _notify_staff_of_answer(deployment, "accepted")
    return deployment


def deployment_decline(*, actor, deployment, via_link=False, note="") -> Deployment:
    """The expert declines the invitation."""
    with transaction.atomic():
        deployment, _from = _apply(
            deployment.pk, "decline", actor=actor, via_link=via_link, note=note,
            changes=lambda d: setattr(d, "answered_at", timezone.now()),
            data={"via_link": via_link},
        )
        _notify_staff_of_answer(deployment, "declined")
    return deployment


def deployment_confirm(*, actor, deployment) -> Deployment:
    """Staff confirm an accepted expert; the first confirmation of overlapping dates wins."""
    with transaction.atomic():
        deployment, _from = _apply(
            deployment.pk, "confirm", actor=actor,
            conflict_statuses=(DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED),
            changes=lambda d: setattr(d, "confirmed_at", timezone.now()),
        )
        _notify_expert(deployment, kind="deployment_confirmed", template="deployment_confirmed")
    return deployment


def deployment_complete(*, actor, deployment) -> Deployment:
    """Mark a confirmed deployment done after the activity; the expert is asked for feedback."""
    with transaction.atomic():
        deployment, _from = _apply(
            deployment.pk, "complete", actor=actor, changes=lambda d: setattr(d, "completed_at", timezone.now())
        )
        _notify_expert(
            deployment, kind="deployment_completed", template="deployment_completed",
            dedupe_key=f"deployment-completed-{deployment.pk}",
        )
    return deployment


def deployment_cancel(*, actor, deployment, note="") -> Deployment:
    """Cancel a deployment before completion; an invited or booked expert is told."""
    with transaction.atomic():
        deployment, from_status = _apply(deployment.pk, "cancel", actor=actor, note=note)
        if from_status in ENGAGED:
            _notify_expert(deployment, kind="deployment_cancelled", template="deployment_cancelled", context={"note": note})
    return deployment


def deployment_repropose(*, actor, deployment) -> Deployment:
    with transaction.atomic():
        deployment, _from = _apply(deployment.pk, "repropose", actor=actor)
    return deployment


TRANSITION_SERVICES = {
    "invite": deployment_invite,
    "accept": deployment_accept,
    "decline": deployment_decline,
    "confirm": deployment_confirm,
    "complete": deployment_complete,
    "cancel": deployment_cancel,
    "repropose": deployment_repropose,
}


def deployment_give_feedback(*, actor, deployment, beneficial, satisfaction, comment="") -> Deployment:
    """The expert's answer after completion: beneficial to their career, satisfaction 1–5, comment."""
    with transaction.atomic():
        deployment = Deployment.objects.select_for_update().select_related("expert").get(pk=deployment.pk)
        if not (actor and actor.is_expert and deployment.expert.user_id == actor.pk):
            raise DeploymentError(_("You are not allowed to do this."))
        if deployment.status != DeploymentStatus.COMPLETED:
            raise DeploymentError(_("Feedback can be given once the deployment is completed."))
        if deployment.feedback_at is not None:
            raise DeploymentError(_("You have already given your feedback on this deployment."))
        if satisfaction is not None and not 1 <= int(satisfaction) <= 5:
            raise DeploymentError(_("Satisfaction is a number from 1 to 5."))
        deployment.beneficial = beneficial
        deployment.satisfaction = satisfaction
        deployment.feedback_comment = comment or ""
        deployment.feedback_at = timezone.now()
        deployment._change_reason = "feedback"
        deployment.save()
        DeploymentEvent.objects.create(
            deployment=deployment, actor=actor, transition="feedback", from_status=deployment.status,
            to_status=deployment.status, data={"beneficial": beneficial, "satisfaction": satisfaction},
        )
    return deployment


def deployment_rate(*, actor, deployment, rating, comment="") -> Deployment:
    """Staff rate the expert's work (1–5, comment); never shown to the expert or partners."""
    with transaction.atomic():
        deployment = Deployment.objects.select_for_update().get(pk=deployment.pk)
        if not (actor and actor.is_mieux_staff):
            raise DeploymentError(_("You are not allowed to do this."))
        if deployment.status not in (DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED):
            raise DeploymentError(_("Only confirmed or completed deployments can be rated."))
        if not 1 <= int(rating) <= 5:
            raise DeploymentError(_("The rating is a number from 1 to 5."))
        deployment.staff_rating = int(rating)
        deployment.staff_comment = comment or ""
        deployment._change_reason = "rating"
        deployment.save()
        DeploymentEvent.objects.create(
            deployment=deployment, actor=actor, transition="rate", from_status=deployment.status,
            to_status=deployment.status, data={"rating": int(rating)},
        )
    return deployment


def deployments_on_activity_changed(*, activity, actor, change):
    """Called by the actions app after an activity is postponed, cancelled or delivered.

    change: "postponed", "cancelled" or "delivered". Notifies the deployed experts (postponed or
    cancelled) or completes their deployments (delivered).
    """
    with transaction.atomic():
        if change == "postponed":
            for deployment in Deployment.objects.filter(activity=activity, status__in=ENGAGED).select_related(
                "expert__user", "activity"
            ):
                _notify_expert(
                    deployment, kind="activity_postponed", template="deployment_activity_postponed",
                    dedupe_key=f"activity-postponed-{activity.pk}-{activity.sequence}-{deployment.pk}",
                )
        elif change == "cancelled":
            open_ids = list(
                Deployment.objects.filter(activity=activity, status__in=TRANSITIONS["cancel"].sources).values_list(
                    "pk", flat=True
                )
            )
            for pk in open_ids:
                deployment, from_status = _apply(
                    pk, "cancel", actor=actor if actor and actor.is_mieux_staff else None,
                    note=_("The activity was cancelled."), data={"cause": "activity_cancelled"},
                )
                if from_status in ENGAGED:
                    _notify_expert(
                        deployment, kind="activity_cancelled", template="deployment_activity_cancelled",
                        dedupe_key=f"activity-cancelled-{activity.pk}-{deployment.pk}",
                    )
        elif change == "delivered":
            for pk in Deployment.objects.filter(activity=activity, status=DeploymentStatus.CONFIRMED).values_list(
                "pk", flat=True
            ):
                deployment = Deployment(pk=pk)
                deployment_complete(actor=actor if actor and actor.is_mieux_staff else None, deployment=deployment)
    return None


# --- profiles ------------------------------------------------------------------------------------


def expert_save(*, actor, expert, thematic_areas=None, regions=None, languages=None) -> Expert:
    """Create or update a profile (staff, or the expert on their own); `languages` is [(code, level)]."""
    creating = expert.pk is None
    if creating and not (actor and actor.is_mieux_staff):
        raise ExpertError(_("You are not allowed to do this."))
    if not creating and not can_edit_profile(actor, Expert.objects.get(pk=expert.pk)):
        raise ExpertError(_("You are not allowed to do this."))
    if expert.email:
        expert.email = expert.email.lower()
        if Expert.objects.filter(email__iexact=expert.email).exclude(pk=expert.pk).exists():
            raise ExpertError(_("Another expert already uses this e-mail address."))
    with transaction.atomic():
        expert._change_reason = "create" if creating else "update"
        expert.save()
        if thematic_areas is not None:
            expert.thematic_areas.set(thematic_areas)
        if regions is not None:
            expert.regions_experience.set(regions)
        if languages is not None:
            _set_languages(expert, languages)
    return expert


def _set_languages(expert, languages):
    wanted = {}
    for code, level in languages:
        code = (code or "").strip().lower()
        if code:
            wanted[code] = level
    ExpertLanguage.objects.filter(expert=expert).exclude(language__in=wanted).delete()
    existing = {lang.language: lang for lang in ExpertLanguage.objects.filter(expert=expert)}
    for code, level in wanted.items():
        if code in existing:
            if existing[code].level != level:
                existing[code].level = level
                existing[code].save(update_fields=["level"])
        else:
            ExpertLanguage.objects.create(expert=expert, language=code, level=level)


def expert_give_consent(*, actor, expert, version=None) -> Expert:
    """The expert consents to the processing of their data under the current privacy notice."""
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if not (actor and actor.is_expert and expert.user_id == actor.pk):
            raise ExpertError(_("Only the expert can give their consent."))
        expert.consent_at = timezone.now()
        expert.consent_version = version or privacy_notice_version()
        expert._change_reason = "consent"
        expert.save(update_fields=["consent_at", "consent_version", "updated_at"])
    return expert


def consent_is_current(expert) -> bool:
    return expert.has_consent and expert.consent_version == privacy_notice_version()


def expert_set_cv(*, actor, expert, uploaded) -> Expert:
    """Replace the CV; the caller has already checked it with `validate_upload(allowed=CV_DOCUMENTS)`."""
    if not can_edit_profile(actor, expert):
        raise ExpertError(_("You are not allowed to do this."))
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        old = expert.cv.name if expert.cv else ""
        expert.cv.save(uploaded.name, uploaded, save=False)
        expert._change_reason = "cv"
        expert.save(update_fields=["cv", "updated_at"])
        if old and old != expert.cv.name:
            storage = expert.cv.storage
            transaction.on_commit(lambda: storage.delete(old) if storage.exists(old) else None)
    return expert


def expert_invite_to_claim(*, actor, expert) -> Expert:
    """Staff invite the person to claim their profile: an expert account is created or linked and they
    receive a link to choose their password."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    if not (actor and actor.is_mieux_staff):
        raise ExpertError(_("You are not allowed to do this."))
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if expert.is_erased:
            raise ExpertError(_("This profile has been erased."))
        user = _ensure_account(expert)
        expert.claim_invited_at = timezone.now()
        expert._change_reason = "claim_invitation"
        expert.save(update_fields=["claim_invited_at", "updated_at"])
        claim_url = settings.SITE_URL + reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
        notify(
            recipient=user,
            kind="expert_claim_invitation",
            template="expert_claim_invitation",
            context={"expert": expert, "claim_url": claim_url, "inviter": actor},
            url=claim_url,
        )
    return expert


def unavailability_add(*, actor, expert, start_date, end_date, reason="") -> Unavailability:
    """Declare a period when the expert cannot be deployed (the expert, or staff on their behalf)."""
    if not can_edit_profile(actor, expert):
        raise ExpertError(_("You are not allowed to do this."))
    if end_date < start_date:
        raise ExpertError(_("The end of the period is before its start."))
    with transaction.atomic():
        # Lock the expert row as accepting and confirming do, so a booking and a period cannot cross.
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        clash = (
            Deployment.objects.filter(
                expert_id=expert.pk,
                status__in=BOOKED_STATUSES,
                activity__start_date__lte=end_date,
                activity__end_date__gte=start_date,
            )
            .exclude(activity__status="cancelled")
            .select_related("activity")
            .order_by("activity__start_date")
            .first()
        )
        if clash is not None:
            raise ExpertError(
                _(
                    "This period overlaps “%(title)s” (%(start)s – %(end)s), on which the expert is already "
                    "%(status)s. Choose other dates."
                )
                % {
                    "title": clash.activity.title,
                    "start": clash.activity.start_date.isoformat(),
                    "end": clash.activity.end_date.isoformat(),
                    "status": clash.get_status_display().lower(),
                }
            )
        return Unavailability.objects.create(expert=expert, start_date=start_date, end_date=end_date, reason=reason)


def unavailability_delete(*, actor, period) -> None:
    if not can_edit_profile(actor, period.expert):
        raise ExpertError(_("You are not allowed to do this."))
    period.delete()


# --- privacy ---------------------------------------------------------------------------------------


def expert_personal_data(expert) -> dict:
    """Everything the portal holds about the expert as a person (the data-export download)."""
    expert = (
        Expert.objects.select_related("employer_type", "user")
        .prefetch_related("thematic_areas", "regions_experience", "languages", "unavailabilities")
        .get(pk=expert.pk)
    )
    deployments = Deployment.objects.filter(expert=expert).select_related("activity__action").order_by("activity__start_date")
    user = expert.user
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "reference": expert.ref,
            "first_name": expert.first_name,
            "last_name": expert.last_name,
            "email": expert.email,
            "phone": expert.phone,
            "gender": expert.gender,
            "nationality": str(expert.nationality),
            "second_nationality": str(expert.second_nationality or ""),
            "residence": str(expert.residence or ""),
            "employer_type": expert.employer_type.code,
            "employer": expert.employer,
            "position": expert.position,
            "biography": expert.biography,
            "thematic_areas": [a.code for a in expert.thematic_areas.all()],
            "countries_of_experience": [str(c) for c in expert.countries_experience],
            "regions_of_experience": [r.code for r in expert.regions_experience.all()],
            "cv_file": expert.cv.name.rsplit("/", 1)[-1] if expert.cv else None,
            "status": expert.status,
            "consent_at": expert.consent_at.isoformat() if expert.consent_at else None,
            "consent_version": expert.consent_version,
            "erasure_requested_at": expert.erasure_requested_at.isoformat() if expert.erasure_requested_at else None,
            "created_at": expert.created_at.isoformat(),
            "updated_at": expert.updated_at.isoformat(),
        },
        "languages": [{"language": lang.language, "level": lang.level} for lang in expert.languages.all()],
        "unavailability": [
            {"from": p.start_date.isoformat(), "until": p.end_date.isoformat(), "reason": p.reason}
            for p in expert.unavailabilities.all()
        ],
        "deployments": [
            {
                "action": d.activity.action.code,
                "activity": d.activity.title,
                "start_date": d.activity.start_date.isoformat(),
                "end_date": d.activity.end_date.isoformat(),
                "role": d.role,
                "status": d.status,
                "invited_at": d.invited_at.isoformat() if d.invited_at else None,
                "answered_at": d.answered_at.isoformat() if d.answered_at else None,
                "beneficial": d.beneficial,
                "satisfaction": d.satisfaction,
                "feedback_comment": d.feedback_comment,
            }
            for d in deployments
        ],
        "account": (
            {
                "email": user.email,
                "full_name": user.full_name,
                "language": user.language,
                "date_joined": user.date_joined.isoformat(),
                "last_login": user.last_login.isoformat() if user.last_login else None,
            }
            if user
            else None
        ),
    }


def expert_request_erasure(*, actor, expert) -> Expert:
    """The expert asks for their personal data to be erased; staff are told and carry it out."""
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if not (actor and actor.is_expert and expert.user_id == actor.pk):
            raise ExpertError(_("You are not allowed to do this."))
        if expert.is_erased:
            raise ExpertError(_("This profile has been erased."))
        if expert.erasure_requested_at is None:
            expert.erasure_requested_at = timezone.now()
            expert._change_reason = "erasure_requested"
            expert.save(update_fields=["erasure_requested_at", "updated_at"])
        for staff in User.objects.mieux_staff():
            notify(
                recipient=staff,
                kind="expert_erasure_requested",
                template="expert_erasure_requested",
                context={"expert": expert},
                url=settings.SITE_URL + expert.get_absolute_url(),
                dedupe_key=f"expert-erasure-{expert.pk}-{staff.pk}",
            )
    return expert


def expert_erase(*, actor, expert) -> Expert:
    """Anonymise a profile: names, contact, CV and free text go; nationality, gender, employer type,
    thematic areas and deployments stay for the key facts. The e-mail is left nowhere in the
    database: the linked account, its allauth addresses, its notifications and the history rows go too."""
    from allauth.account.models import EmailAddress
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    if not (actor and actor.is_mieux_staff):
        raise ExpertError(_("You are not allowed to do this."))
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if expert.is_erased:
            raise ExpertError(_("This profile has already been erased."))
        old_names = {n for n in (expert.full_name, expert.user.full_name if expert.user else "") if len(n) > 3}
        cv_name = expert.cv.name if expert.cv else ""
        cv_storage = expert.cv.storage
        user = expert.user
        expert.first_name = _("Erased")
        expert.last_name = _("expert #%(pk)s") % {"pk": expert.pk}
        expert.email = None
        expert.phone = ""
        expert.employer = ""
        expert.position = ""
        expert.biography = ""
        expert.residence = ""
        expert.countries_experience = []
        expert.cv = ""
        expert.status = Expert.Status.INACTIVE
        expert.erased_at = timezone.now()
        expert.user = None
        expert._change_reason = "erased"
        expert.save()
        expert.unavailabilities.all().delete()
        Deployment.objects.filter(expert=expert).update(feedback_comment="", staff_comment="")
        # History rows would keep the old names and e-mail: keep only the anonymised one.
        latest = expert.history.order_by("-history_date", "-history_id").first()
        old_history = expert.history.exclude(history_id=latest.history_id)
        old_ids = list(old_history.values_list("history_id", flat=True))
        for model in apps.get_app_config("experts").get_models():
            if model.__name__.startswith("HistoricalExpert_"):
                model.objects.filter(history_id__in=old_ids).delete()
        old_history.delete()
        Deployment.history.filter(expert_id=expert.pk).update(feedback_comment="", staff_comment="")
        # Audit notes on the deployments may quote the expert (a decline reason): drop the free text.
        for event_id in DeploymentEvent.objects.filter(deployment__expert=expert).exclude(note="").values_list("pk", flat=True):
            DeploymentEvent.objects.filter(pk=event_id).update(note="")
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Expert), object_id=str(expert.pk)
        ).update(object_repr=str(expert), change_message="")
        deployment_ids = [str(pk) for pk in Deployment.objects.filter(expert=expert).values_list("pk", flat=True)]
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Deployment), object_id__in=deployment_ids
        ).update(object_repr=str(expert), change_message="")
        # E-mails sent to staff about this expert (an answer to an invitation...) quote the name.
        label = str(expert)
        for name in old_names:
            for note in Notification.objects.filter(
                Q(subject__contains=name) | Q(body__contains=name) | Q(html_body__contains=name)
            ):
                note.subject = note.subject.replace(name, label)
                note.body = note.body.replace(name, label)
                note.html_body = note.html_body.replace(name, label)
                note.save(update_fields=["subject", "body", "html_body"])
        if user is not None:
            user.notifications.all().delete()
            EmailAddress.objects.filter(user=user).delete()
            user.email = f"erased-{user.pk}@erased.invalid"
            user.full_name = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
            ).update(object_repr=user.email, change_message="")
        if cv_name:
            transaction.on_commit(lambda: cv_storage.delete(cv_name) if cv_storage.exists(cv_name) else None)
    return expert
