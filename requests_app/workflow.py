"""The request's state machine, declared once as data (DESIGN section 3, "Request").

Every status change goes through `apply_transition`: it locks the request row, checks the actor's
right and the source state, changes the status, writes an immutable event. Service functions in
`services/` call it and enqueue their side effects on commit. Nothing else writes `Request.status`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.models import Membership, Request, RequestEvent
from requests_app.models import RequestStatus as S

PARTNER = "partner"  # an active member of the requesting institution
STAFF = "staff"  # MIEUX+ staff (and administrators)
SYSTEM = "system"  # imports and scheduled jobs, never a person in a browser


class WorkflowError(Exception):
    """A refused transition; the message is safe to show to the user."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    actors: tuple
    label: str


BEFORE_DECISION = (S.DRAFT, S.SUBMITTED, S.INFO_REQUESTED, S.IN_REVIEW)

TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", (S.DRAFT,), S.SUBMITTED, (PARTNER,), _("Submitted")),
        Transition("request_info", (S.SUBMITTED, S.IN_REVIEW), S.INFO_REQUESTED, (STAFF,), _("More information requested")),
        Transition("resubmit", (S.INFO_REQUESTED,), S.SUBMITTED, (PARTNER,), _("Answered and resubmitted")),
        Transition("close_ineligible", (S.SUBMITTED, S.INFO_REQUESTED), S.INELIGIBLE, (STAFF,), _("Closed as ineligible")),
        Transition("forward", (S.SUBMITTED,), S.IN_REVIEW, (STAFF,), _("Forwarded to the Steering Committee")),
        Transition("approve", (S.IN_REVIEW,), S.APPROVED, (STAFF,), _("Approved")),
        Transition("reject", (S.IN_REVIEW,), S.REJECTED, (STAFF,), _("Rejected")),
        Transition("withdraw", BEFORE_DECISION, S.WITHDRAWN, (PARTNER,), _("Withdrawn")),
    )
}


def actor_roles(actor, request_obj) -> set:
    """The workflow roles `actor` holds on `request_obj`."""
    roles = set()
    if actor is None:
        return {SYSTEM}
    if actor.is_mieux_staff:
        roles.add(STAFF)
    if actor.is_partner and Membership.objects.filter(
        user=actor, institution_id=request_obj.institution_id, status=Membership.Status.ACTIVE
    ).exists():
        roles.add(PARTNER)
    return roles


def can_transition(actor, request_obj, name) -> tuple[bool, str]:
    """(allowed, reason): whether `actor` may apply transition `name` to the request now."""
    transition = TRANSITIONS[name]
    roles = actor_roles(actor, request_obj)
    if SYSTEM not in roles and not roles.intersection(transition.actors):
        return False, str(_("You are not allowed to do this."))
    if request_obj.status not in transition.sources:
        return False, str(
            _("This cannot be done while the request is “%(status)s”.") % {"status": request_obj.get_status_display()}
        )
    return True, ""


def apply_transition(
    request_id,
    name,
    *,
    actor,
    note="",
    visible_to_partner=True,
    data=None,
    changes: Callable[[Request], None] | None = None,
) -> tuple[Request, RequestEvent]:
    """Move a request along transition `name`, atomically, and record the event.

    `changes` sets any other fields on the locked row before it is saved. Raises WorkflowError.
    """
    transition = TRANSITIONS[name]
    with transaction.atomic():
        request_obj = Request.objects.select_for_update().get(pk=request_id)
        allowed, reason = can_transition(actor, request_obj, name)
        if not allowed:
            raise WorkflowError(reason)
        from_status = request_obj.status
        request_obj.status = transition.target
        if changes is not None:
            changes(request_obj)
        request_obj._change_reason = name
        request_obj.save()
        event = RequestEvent.objects.create(
            request=request_obj,
            actor=actor,
            transition=name,
            from_status=from_status,
            to_status=transition.target,
            note=note,
            data=data or {},
            visible_to_partner=visible_to_partner,
            created_at=timezone.now(),
        )
    return request_obj, event


def record_event(request_obj, name, *, actor, note="", visible_to_partner=True, data=None) -> RequestEvent:
    """An event that changes no status (a message, a conflict declaration, an opinion, an Action created)."""
    return RequestEvent.objects.create(
        request=request_obj,
        actor=actor,
        transition=name,
        from_status=request_obj.status,
        to_status=request_obj.status,
        note=note,
        data=data or {},
        visible_to_partner=visible_to_partner,
    )
