"""The Steering Committee's part of the review (DESIGN section 3): conflict-of-interest declarations,
one opinion per body and review round, questions to the partner through staff.

Each function locks the request row, checks the member's right, writes the event and notifies through
the outbox, like the screening and decision services of `review`.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mieux.models import CommitteeBody
from mieux.notifications import notify
from requests_app.models import ConflictDeclaration, Opinion, RequestStatus
from requests_app.services.review import (
    ReviewError,
    detail_url,
    lock_request,
    recommended_outcome,
    require_text,
)
from requests_app.workflow import record_event


def _require_committee_on(actor, request_obj):
    if actor is None or not actor.is_committee:
        raise ReviewError(_("Only members of the Steering Committee can do this."))
    if request_obj.review_round < 1 or request_obj.status == RequestStatus.DRAFT:
        raise ReviewError(_("This request has not been forwarded to the Steering Committee."))


def conflict_declare(*, actor, request_id, has_conflict: bool, explanation: str = "") -> ConflictDeclaration:
    """A member declares, once per request, whether they have a conflict of interest."""
    explanation = (explanation or "").strip()
    with transaction.atomic():
        request_obj = lock_request(request_id)
        _require_committee_on(actor, request_obj)
        if request_obj.status != RequestStatus.IN_REVIEW:
            raise ReviewError(_("The request is no longer in review."))
        if ConflictDeclaration.objects.filter(request=request_obj, member=actor).exists():
            raise ReviewError(_("You have already made your declaration on this request."))
        try:
            with transaction.atomic():
                declaration = ConflictDeclaration.objects.create(
                    request=request_obj, member=actor, has_conflict=bool(has_conflict), explanation=explanation
                )
        except IntegrityError as exc:
            raise ReviewError(_("You have already made your declaration on this request.")) from exc
        record_event(
            request_obj,
            "conflict_declared" if has_conflict else "no_conflict_declared",
            actor=actor,
            note=explanation,
            visible_to_partner=False,
            data={"body": actor.committee_body.code, "has_conflict": bool(has_conflict)},
        )
    return declaration


def _check_opinion_input(value, comment):
    if value not in Opinion.Value.values:
        raise ReviewError(_("Choose an opinion."))
    comment = (comment or "").strip()
    if value in (Opinion.Value.CONDITIONS, Opinion.Value.OBJECT) and not comment:
        raise ReviewError(_("A comment is required for conditions and objections."))
    return comment


def _lock_for_opinion(actor, request_id):
    request_obj = lock_request(request_id)
    _require_committee_on(actor, request_obj)
    if request_obj.status != RequestStatus.IN_REVIEW:
        raise ReviewError(_("Opinions can only be given while the request is in review."))
    declaration = ConflictDeclaration.objects.filter(request=request_obj, member=actor).first()
    if declaration is None:
        raise ReviewError(_("Declare first whether you have a conflict of interest."))
    if declaration.has_conflict:
        raise ReviewError(
            _("You declared a conflict of interest: another member of your body can give its opinion.")
        )
    return request_obj


def opinion_give(*, actor, request_id, value: str, comment: str = "") -> Opinion:
    """Give the actor's body's opinion for the current review round (one per body per round)."""
    comment = _check_opinion_input(value, comment)
    with transaction.atomic():
        request_obj = _lock_for_opinion(actor, request_id)
        body_id = actor.committee_body_id
        if Opinion.objects.filter(request=request_obj, review_round=request_obj.review_round, body_id=body_id).exists():
            raise ReviewError(_("Your body has already given its opinion in this review round; you can change it."))
        try:
            with transaction.atomic():
                opinion = Opinion.objects.create(
                    request=request_obj,
                    review_round=request_obj.review_round,
                    body_id=body_id,
                    member=actor,
                    value=value,
                    comment=comment,
                )
        except IntegrityError as exc:  # the database constraint backs the check above
            raise ReviewError(
                _("Your body has already given its opinion in this review round; you can change it.")
            ) from exc
        record_event(
            request_obj,
            "opinion_given",
            actor=actor,
            note=comment,
            visible_to_partner=False,
            data={"body": actor.committee_body.code, "value": value, "review_round": request_obj.review_round},
        )
        _notify_staff_when_all_opinions_in(request_obj)
    return opinion


def _notify_staff_when_all_opinions_in(request_obj):
    """Once every body has given its opinion, tell staff the decision can be taken (once per round)."""
    given = Opinion.objects.filter(request=request_obj, review_round=request_obj.review_round).count()
    if given < CommitteeBody.objects.count():
        return
    recommendation = recommended_outcome(request_obj)
    for staff in get_user_model().objects.mieux_staff().order_by("pk"):
        notify(
            recipient=staff,
            kind="review_complete",
            template="review_complete",
            context={"obj": request_obj, "recommendation": recommendation},
            url=detail_url(request_obj),
            dedupe_key=f"review-complete:{request_obj.pk}:{request_obj.review_round}:{staff.pk}",
        )


def committee_ask_question(*, actor, request_id, question: str):
    """A member asks, through staff, for more information from the partner: staff are told and decide."""
    question = require_text(question, _("Write the question for the partner."))
    with transaction.atomic():
        request_obj = _lock_for_opinion(actor, request_id)
        event = record_event(
            request_obj,
            "committee_question",
            actor=actor,
            note=question,
            visible_to_partner=False,
            data={"body": actor.committee_body.code, "review_round": request_obj.review_round},
        )
        for staff in get_user_model().objects.mieux_staff().order_by("pk"):
            notify(
                recipient=staff,
                kind="committee_question",
                template="review_committee_question",
                context={"obj": request_obj, "question": question, "member": actor},
                url=reverse("requests:staff_ask_info", args=[request_obj.pk]),
                dedupe_key=f"committee-question:{event.pk}:{staff.pk}",
            )
    return event


def opinion_change(*, actor, request_id, value: str, comment: str = "") -> Opinion:
    """Change the actor's body's opinion of the current round; possible until the decision."""
    comment = _check_opinion_input(value, comment)
    with transaction.atomic():
        request_obj = _lock_for_opinion(actor, request_id)
        opinion = (
            Opinion.objects.select_for_update()
            .filter(request=request_obj, review_round=request_obj.review_round, body_id=actor.committee_body_id)
            .first()
        )
        if opinion is None:
            raise ReviewError(_("Your body has not given an opinion yet."))
        previous = opinion.value
        previous_member = opinion.member
        opinion.value = value
        opinion.comment = comment
        opinion.member = actor
        opinion.version += 1
        opinion.save()
        others_visible = (
            Opinion.objects.filter(request=request_obj, review_round=request_obj.review_round)
            .exclude(body_id=actor.committee_body_id)
            .exists()
        )
        record_event(
            request_obj,
            "opinion_changed",
            actor=actor,
            note=comment,
            visible_to_partner=False,
            data={
                "body": actor.committee_body.code,
                "value": value,
                "previous": previous,
                "previous_member": getattr(previous_member, "email", ""),
                "version": opinion.version,
                # The body had seen the other bodies' opinions (its own lifted the seal) when it changed.
                "others_visible": others_visible,
                "review_round": request_obj.review_round,
            },
        )
    return opinion
