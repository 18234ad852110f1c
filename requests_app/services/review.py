"""Staff screening, the recommendation and the decision (DESIGN section 3, "Request"); the
Steering Committee's declarations and opinions are in `committee`.

One function per state change, keyword-only, `actor` first. Each runs in one transaction that locks the
request row, checks the actor's right and the source state, writes the change and an immutable event,
and records its notifications (sent after commit by the outbox). Errors are `ReviewError`s whose
message is safe to show.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from mieux import facility_time
from mieux.models import CommitteeBody
from mieux.notifications import notify
from requests_app.models import Opinion, Request, RequestStatus
from requests_app.workflow import WorkflowError, apply_transition, record_event


class ReviewError(WorkflowError):
    """A refused review action; the message is safe to show to the user."""

APPROVE = "approve"
REJECT = "reject"
PENDING = "pending"

SCREENING_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED, RequestStatus.IN_REVIEW)


# --- helpers -------------------------------------------------------------------------------------


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the facility's holiday calendar)."""
    return facility_time.add_working_days(start, days)


def committee_members(body_ids=None):
    User = get_user_model()
    qs = User.objects.filter(role="committee", committee_body__isnull=False, is_active=True)
    if body_ids is not None:
        qs = qs.filter(committee_body_id__in=body_ids)
    return qs.order_by("pk")


def _notify_partners(request_obj, event, *, kind, template, context, key):
    """Tell every active member of the requesting institution, once per event."""
    for recipient in get_user_model().objects.members_of(request_obj.institution_id):
        notify(
            recipient=recipient,
            kind=kind,
            template=template,
            context=context,
            url=detail_url(request_obj),
            dedupe_key=f"{key}:{event.pk}:{recipient.pk}",
        )


def detail_url(request_obj):
    """The request page, shared by partners, staff and committee."""
    return reverse("requests:detail", args=[request_obj.pk])


def _review_url(request_obj):
    return reverse("requests:review", args=[request_obj.pk])


def _require_staff(actor):
    if actor is None or not actor.is_mieux_staff:
        raise ReviewError(_("Only MIEUX+ staff can do this."))


def require_text(value, message):
    """`value` stripped; a ReviewError with `message` if it is empty."""
    value = (value or "").strip()
    if not value:
        raise ReviewError(message)
    return value


def _transition(request_id, name, **kwargs):
    """apply_transition, with its refusals as ReviewErrors."""
    try:
        return apply_transition(request_id, name, **kwargs)
    except ReviewError:
        raise
    except WorkflowError as exc:
        raise ReviewError(str(exc)) from exc


def lock_request(request_id):
    """The request row, locked for the rest of the transaction."""
    return Request.objects.select_for_update().get(pk=request_id)


# --- staff screening -----------------------------------------------------------------------------


def request_ask_info(*, actor, request_id, message: str, on_behalf_of_committee: bool = False) -> Request:
    """Send the request back to the partner with a question (from staff, or from the committee via staff)."""
    _require_staff(actor)
    message = require_text(message, _("Write the question for the partner."))
    with transaction.atomic():
        now = timezone.now()

        def changes(obj):
            obj.info_requested_at = now

        request_obj, event = _transition(
            request_id,
            "request_info",
            actor=actor,
            note=message,
            visible_to_partner=True,
            data={"on_behalf_of_committee": bool(on_behalf_of_committee)},
            changes=changes,
        )
        _notify_partners(
            request_obj,
            event,
            kind="request_info_requested",
            template="review_info_requested",
            context={"obj": request_obj, "message": message},
            key="info-requested",
        )
    return request_obj


def request_close_ineligible(*, actor, request_id, reason: str) -> Request:
    """Close a request as ineligible; the reason is shown to the partner and counts as a decision."""
    _require_staff(actor)
    reason = require_text(reason, _("Give the reason, it is shown to the partner."))
    with transaction.atomic():
        now = timezone.now()

        def changes(obj):
            obj.closing_reason = reason
            obj.decided_at = now

        request_obj, event = _transition(
            request_id, "close_ineligible", actor=actor, note=reason, visible_to_partner=True, changes=changes
        )
        _notify_partners(
            request_obj,
            event,
            kind="request_ineligible",
            template="decision_ineligible",
            context={"obj": request_obj, "reason": reason},
            key="decision",
        )
    return request_obj


def request_forward(*, actor, request_id, cover_note: str = "", deadline: date | None = None) -> Request:
    """Forward a screened request to the Steering Committee: a new review round with its deadline."""
    _require_staff(actor)
    cover_note = (cover_note or "").strip()
    today = timezone.localdate()
    if deadline is None:
        deadline = add_working_days(today, settings.REVIEW_DEADLINE_WORKING_DAYS)
    elif deadline <= today:
        raise ReviewError(_("The review deadline must be in the future."))
    with transaction.atomic():
        now = timezone.now()

        def changes(obj):
            obj.review_round += 1
            obj.forwarded_at = now
            obj.review_deadline = deadline
            obj.cover_note = cover_note

        request_obj, event = _transition(
            request_id,
            "forward",
            actor=actor,
            visible_to_partner=True,
            data={"review_deadline": deadline.isoformat()},
            changes=changes,
        )
        # The cover note is for the committee only: its own event, hidden from the partner.
        if cover_note:
            record_event(
                request_obj, "cover_note", actor=actor, note=cover_note, visible_to_partner=False,
                data={"review_round": request_obj.review_round},
            )
        _notify_partners(
            request_obj,
            event,
            kind="request_forwarded",
            template="review_forwarded_partner",
            context={"obj": request_obj},
            key="forwarded",
        )
        for member in committee_members():
            notify(
                recipient=member,
                kind="review_requested",
                template="review_requested",
                context={"obj": request_obj, "deadline": deadline, "cover_note": cover_note},
                url=_review_url(request_obj),
                dedupe_key=f"review-requested:{request_obj.pk}:{request_obj.review_round}:{member.pk}",
            )
    return request_obj


def request_set_complementarity_note(*, actor, request_id, note: str) -> Request:
    """Record the staff's complementarity note (seen by the committee, not by the partner)."""
    _require_staff(actor)
    note = (note or "").strip()
    with transaction.atomic():
        request_obj = lock_request(request_id)
        if request_obj.status not in SCREENING_STATUSES:
            raise ReviewError(_("The complementarity note can only be changed during screening or review."))
        request_obj.complementarity_note = note
        request_obj._change_reason = "complementarity_note"
        request_obj.save(update_fields=["complementarity_note", "updated_at"])
        record_event(request_obj, "complementarity_note", actor=actor, note=note, visible_to_partner=False)
    return request_obj


# --- recommendation and decision -----------------------------------------------------------------


@dataclass
class Recommendation:
    outcome: str  # APPROVE, REJECT or PENDING
    reason: str
    counts: dict = field(default_factory=dict)
    given: int = 0

    @property
    def label(self):
        return {APPROVE: _("Approve"), REJECT: _("Reject"), PENDING: _("No recommendation yet")}[self.outcome]


def default_recommendation_rule(opinions) -> Recommendation:
    """Approve with a quorum of bodies and no objection; an objection recommends rejection (settings)."""
    counts = {value: 0 for value in Opinion.Value.values}
    for opinion in opinions:
        counts[opinion.value] += 1
    given = len(opinions)
    quorum = settings.RECOMMENDATION_QUORUM
    if counts[Opinion.Value.OBJECT] and settings.RECOMMENDATION_REJECT_ON_OBJECTION:
        return Recommendation(REJECT, str(_("At least one body objects.")), counts, given)
    if given >= quorum and not counts[Opinion.Value.OBJECT]:
        return Recommendation(
            APPROVE, str(_("%(given)s bodies gave an opinion and none objects.") % {"given": given}), counts, given
        )
    if given >= quorum:  # objections do not reject under this configuration: majority of those voting
        supports = counts[Opinion.Value.SUPPORT] + counts[Opinion.Value.CONDITIONS]
        outcome = APPROVE if supports > counts[Opinion.Value.OBJECT] else REJECT
        return Recommendation(outcome, str(_("Majority of the opinions given.")), counts, given)
    return Recommendation(
        PENDING,
        str(_("%(given)s of %(quorum)s opinions needed so far.") % {"given": given, "quorum": quorum}),
        counts,
        given,
    )


def current_opinions(request_obj):
    """The opinions of the request's current review round, with their bodies."""
    return list(
        Opinion.objects.filter(request=request_obj, review_round=request_obj.review_round).select_related(
            "body", "member"
        )
    )


def recommended_outcome(request_obj, opinions=None) -> Recommendation:
    """The live recommendation from the current round's opinions, by the rule named in the settings."""
    if opinions is None:
        opinions = current_opinions(request_obj)
    rule = import_string(
        getattr(settings, "RECOMMENDATION_RULE", "requests_app.services.review.default_recommendation_rule")
    )
    return rule(opinions)


def request_decide(*, actor, request_id, outcome: str, explanation: str, justification: str = "") -> Request:
    """Record the decision (approve or reject) once; against the recommendation it needs a justification."""
    _require_staff(actor)
    if outcome not in (APPROVE, REJECT):
        raise ReviewError(_("Choose approve or reject."))
    explanation = require_text(explanation, _("Write the explanation of the decision for the partner."))
    justification = (justification or "").strip()
    with transaction.atomic():
        locked = lock_request(request_id)
        if locked.status != RequestStatus.IN_REVIEW:
            raise ReviewError(_("A decision can only be recorded once, on a request in review."))
        recommendation = recommended_outcome(locked)
        against = recommendation.outcome != outcome
        if against and not justification:
            raise ReviewError(
                _("This decision differs from the recommended outcome (%(recommendation)s): write a justification.")
                % {"recommendation": recommendation.label}
            )
        now = timezone.now()

        def changes(obj):
            obj.decided_at = now
            obj.decision_explanation = explanation
            obj.decision_justification = justification if against else ""

        request_obj, event = _transition(
            request_id,
            outcome,
            actor=actor,
            note=explanation,
            visible_to_partner=True,
            data={"review_round": locked.review_round},
            changes=changes,
        )
        record_event(
            request_obj,
            "decision_basis",
            actor=actor,
            note=justification if against else "",
            visible_to_partner=False,
            data={
                "decision": outcome,
                "recommendation": recommendation.outcome,
                "against_recommendation": against,
                "opinions": recommendation.counts,
            },
        )
        template = "decision_approved" if outcome == APPROVE else "decision_rejected"
        _notify_partners(
            request_obj,
            event,
            kind="request_approved" if outcome == APPROVE else "request_rejected",
            template=template,
            context={"obj": request_obj, "explanation": explanation},
            key="decision",
        )
    return request_obj


def bodies():
    return list(CommitteeBody.objects.order_by("sort_order", "code"))
