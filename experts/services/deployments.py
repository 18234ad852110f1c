"""Every status change of a deployment (DESIGN section 3, "Expert deployment"), staff feedback and rating.

Each function locks what it changes, checks the actor's right and the source state, writes the
DeploymentEvent and writes e-mail through `mieux.notifications.notify` inside the transaction (the
outbox sends it on commit). Accepting and confirming lock the EXPERT row first, so two staff members
confirming the same expert on overlapping activities at the same moment are serialised and the second
one sees the first booking.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import ActivityStatus
from experts import logistics
from experts.models import BOOKED_STATUSES, Deployment, DeploymentEvent, DeploymentStatus, Expert
from experts.services.availability import booking_conflict
from experts.services.common import DeploymentError, ensure_account, notify_expert
from experts.services.invitations import NONCE_RENEWING_TRANSITIONS, invitation_url, new_invitation_nonce
from experts.workflow import ENGAGED, EXPERT, STAFF, SYSTEM, TRANSITIONS
from mieux.notifications import notify


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


# --- transitions ----------------------------------------------------------------------------------


def apply_transition(
    deployment_id, name, *, actor, via_link=False, note="", data=None, changes=None, conflict_statuses=None, check=None
):
    """Move a deployment along `name` inside the caller's transaction; returns (deployment, from_status).

    With `conflict_statuses` the expert row is locked before the deployment row (always in that order,
    so concurrent bookings of one expert queue up instead of deadlocking) and overlapping bookings or
    unavailability refuse the change. `check(deployment)` may refuse it too, by raising.
    """
    transition = TRANSITIONS[name]
    expert_id = Deployment.objects.values_list("expert_id", flat=True).get(pk=deployment_id)
    expert = Expert.objects.select_for_update().get(pk=expert_id)
    deployment = Deployment.objects.select_for_update().get(pk=deployment_id)
    deployment.expert = expert
    allowed, reason = can_transition(actor, deployment, name, via_link=via_link)
    if not allowed:
        raise DeploymentError(reason)
    if name == "confirm" and (blocker := logistics.confirm_blocker(deployment)):
        raise DeploymentError(blocker)
    if check is not None:
        check(deployment)
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
    if name in NONCE_RENEWING_TRANSITIONS:
        deployment.invitation_nonce = new_invitation_nonce()
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
    logistics.mission_costs_sync(deployment)
    return deployment, from_status


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
            deployment, _from = apply_transition(existing.pk, "repropose", actor=actor, changes=lambda d: setattr(d, "role", role))
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
        ensure_account(expert)
        deployment, _from = apply_transition(
            deployment.pk, "invite", actor=actor, changes=lambda d: setattr(d, "invited_at", timezone.now())
        )
        notify_expert(
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
        deployment, _from = apply_transition(
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
        deployment, _from = apply_transition(
            deployment.pk, "decline", actor=actor, via_link=via_link, note=note,
            changes=lambda d: setattr(d, "answered_at", timezone.now()),
            data={"via_link": via_link},
        )
        _notify_staff_of_answer(deployment, "declined")
    return deployment


def deployment_confirm(*, actor, deployment) -> Deployment:
    """Staff confirm an accepted expert; the first confirmation of overlapping dates wins."""
    with transaction.atomic():
        deployment, _from = apply_transition(
            deployment.pk, "confirm", actor=actor,
            conflict_statuses=(DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED),
            changes=lambda d: setattr(d, "confirmed_at", timezone.now()),
        )
        notify_expert(deployment, kind="deployment_confirmed", template="deployment_confirmed",
                      url=settings.SITE_URL + reverse("experts:mission", args=[deployment.pk]))
    return deployment


def check_activity_took_place(deployment):
    """Refuse to complete a deployment whose activity has not taken place (is not recorded as delivered)."""
    activity = deployment.activity
    if activity.status != ActivityStatus.DELIVERED:
        raise DeploymentError(
            _(
                "%(expert)s's deployment can be completed once “%(title)s” has taken place and is recorded as "
                "delivered; it is %(status)s (%(start)s – %(end)s)."
            )
            % {
                "expert": deployment.expert.full_name,
                "title": activity.title,
                "status": activity.get_status_display().lower(),
                "start": activity.start_date.isoformat(),
                "end": activity.end_date.isoformat(),
            }
        )


def deployment_complete(*, actor, deployment) -> Deployment:
    """Mark a confirmed deployment done once its activity took place; the expert is asked for feedback."""
    with transaction.atomic():
        deployment, _from = apply_transition(
            deployment.pk, "complete", actor=actor, check=check_activity_took_place,
            changes=lambda d: setattr(d, "completed_at", timezone.now()),
        )
        notify_expert(
            deployment, kind="deployment_completed", template="deployment_completed",
            dedupe_key=f"deployment-completed-{deployment.pk}",
        )
    return deployment


def deployment_cancel(*, actor, deployment, note="") -> Deployment:
    """Cancel a deployment before completion; an invited or booked expert is told."""
    with transaction.atomic():
        deployment, from_status = apply_transition(deployment.pk, "cancel", actor=actor, note=note)
        if from_status in ENGAGED:
            notify_expert(deployment, kind="deployment_cancelled", template="deployment_cancelled", context={"note": note})
    return deployment


def deployment_repropose(*, actor, deployment) -> Deployment:
    with transaction.atomic():
        deployment, _from = apply_transition(deployment.pk, "repropose", actor=actor)
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
