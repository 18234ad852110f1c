"""The partner institution's end-of-Action evaluation and six-month follow-up.

When an Action is completed, each active member of its partner institution is invited (through the
outbox, in their language) to evaluate it, and the follow-up is scheduled six months later. Periodic
tasks remind once and send the due follow-ups. Every send is claimed by a conditional UPDATE and
carries a dedupe key, so a job run twice (or by two workers at once) sends nothing twice.
"""

import calendar
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.results_models import (
    Answer3,
    FollowUpSchedule,
    PartnerEvaluation,
    PartnerFollowUp,
    PartnerSurveyStatus,
)
from mieux.notifications import notify


class SurveyAnswerError(Exception):
    """A refused answer; `errors` maps field names to messages safe to show."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def add_months(day, months):
    """`day` plus whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _members(action):
    if action.institution_id is None:
        return []
    return list(get_user_model().objects.members_of(action.institution_id))


def evaluation_url(action):
    return reverse("actions:evaluation", args=[action.code])


def follow_up_url(action):
    return reverse("actions:follow_up", args=[action.code])


def _send(survey, *, kind, reminder):
    action = survey.action
    url = evaluation_url(action) if kind == "evaluation" else follow_up_url(action)
    step = "reminder" if reminder else "invitation"
    return notify(
        recipient=survey.member, kind=f"partner_{kind}_{step}", template=f"partner_{kind}",
        context={"action": action, "reminder": reminder, "survey": survey}, url=url,
        dedupe_key=f"partner_{kind}_{step}:{action.pk}:{survey.member_id}",
    )


def on_action_completed(action, *, completed_on=None):
    """Inside the completion's transaction: invite the partner's members and schedule the follow-up."""
    completed_on = completed_on or action.actual_end or timezone.localdate()
    for member in _members(action):
        evaluation, created = PartnerEvaluation.objects.get_or_create(
            action=action, member=member, defaults={"language": member.language},
        )
        if created:
            _send(evaluation, kind="evaluation", reminder=False)
    due_on = add_months(completed_on, settings.FOLLOW_UP_MONTHS_AFTER_COMPLETION)
    schedule, created = FollowUpSchedule.objects.get_or_create(
        action=action, defaults={"completed_on": completed_on, "due_on": due_on}
    )
    if not created and schedule.sent_at is None and schedule.due_on != due_on:
        # Completed again after a reopening: the six months count from the last completion.
        FollowUpSchedule.objects.filter(pk=schedule.pk, sent_at__isnull=True).update(completed_on=completed_on, due_on=due_on)


def on_action_reopened(action):
    """An Action reopened is not finished: unanswered invitations are withdrawn."""
    for model in (PartnerEvaluation, PartnerFollowUp):
        model.objects.filter(action=action, status=PartnerSurveyStatus.INVITED).update(status=PartnerSurveyStatus.WITHDRAWN)


def send_due_follow_ups(today=None):
    """Send every follow-up whose day has come, exactly once per Action and member; returns how many."""
    today = today or timezone.localdate()
    sent = 0
    for schedule_id in FollowUpSchedule.objects.filter(due_on__lte=today, sent_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            # Claim the schedule: a second run, or a second worker, finds it already sent.
            claimed = FollowUpSchedule.objects.filter(pk=schedule_id, sent_at__isnull=True).update(sent_at=timezone.now())
            if not claimed:
                continue
            schedule = FollowUpSchedule.objects.select_related("action").get(pk=schedule_id)
            if schedule.action.status != "completed":
                continue
            for member in _members(schedule.action):
                follow_up, created = PartnerFollowUp.objects.get_or_create(
                    action=schedule.action, member=member, defaults={"language": member.language},
                )
                if created:
                    sent += _send(follow_up, kind="follow_up", reminder=False) is not None
    return sent


def send_partner_survey_reminders(now=None):
    """Remind once each member who has not answered an evaluation or follow-up after a while."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.PARTNER_SURVEY_REMINDER_DAYS)
    sent = 0
    for model, kind in ((PartnerEvaluation, "evaluation"), (PartnerFollowUp, "follow_up")):
        due = model.objects.filter(status=PartnerSurveyStatus.INVITED, reminded_at__isnull=True, invited_at__lte=limit)
        for survey_id in due.values_list("pk", flat=True):
            with transaction.atomic():
                claimed = model.objects.filter(
                    pk=survey_id, status=PartnerSurveyStatus.INVITED, reminded_at__isnull=True
                ).update(reminded_at=now)
                if claimed:
                    survey = model.objects.select_related("action", "member").get(pk=survey_id)
                    sent += _send(survey, kind=kind, reminder=True) is not None
    return sent


# --- answers -------------------------------------------------------------------------------------------


def open_survey_for(model, *, action, user):
    """The member's invitation for this Action (open or answered), or None."""
    if not (user and user.is_authenticated):
        return None
    return model.objects.filter(action=action, member=user).exclude(status=PartnerSurveyStatus.WITHDRAWN).first()


def _score(errors, data, field):
    value = data.get(field)
    if value in (None, ""):
        errors[field] = _("Choose a score from 1 to 5.")
        return None
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        errors[field] = _("Choose a score from 1 to 5.")
        return None
    return value


def _lock_open(model, survey, member):
    locked = model.objects.select_for_update().select_related("action").get(pk=survey.pk)
    if locked.member_id != member.pk:
        raise SurveyAnswerError({"__all__": _("This invitation is addressed to someone else.")})
    if locked.status == PartnerSurveyStatus.ANSWERED:
        raise SurveyAnswerError({"__all__": _("You have already answered; thank you.")})
    if locked.status == PartnerSurveyStatus.WITHDRAWN:
        raise SurveyAnswerError({"__all__": _("This invitation was withdrawn.")})
    return locked


def evaluation_answer(*, member, evaluation, data):
    """Record a partner member's end-of-Action evaluation (once)."""
    errors = {}
    scores = {field: _score(errors, data, field) for field in ("satisfaction", "relevance", "experts_quality")}
    objectives_met = data.get("objectives_met") or ""
    if objectives_met not in Answer3.values:
        errors["objectives_met"] = _("Answer yes, partly or no.")
    if errors:
        raise SurveyAnswerError(errors)
    with transaction.atomic():
        locked = _lock_open(PartnerEvaluation, evaluation, member)
        for field, value in scores.items():
            setattr(locked, field, value)
        locked.objectives_met = objectives_met
        locked.next_steps = (data.get("next_steps") or "").strip()
        locked.status, locked.answered_at = PartnerSurveyStatus.ANSWERED, timezone.now()
        locked.save()
    return locked


def follow_up_answer(*, member, follow_up, data):
    """Record a partner member's six-month follow-up answer (once)."""
    used = data.get("results_used") or ""
    if used not in Answer3.values:
        raise SurveyAnswerError({"results_used": _("Answer yes, partly or no.")})
    with transaction.atomic():
        locked = _lock_open(PartnerFollowUp, follow_up, member)
        locked.results_used = used
        locked.examples = (data.get("examples") or "").strip()
        locked.status, locked.answered_at = PartnerSurveyStatus.ANSWERED, timezone.now()
        locked.save()
    return locked


def partner_survey_withdraw(*, actor, survey):
    """Staff take an invitation or answer out of the figures (sent by mistake, wrong person)."""
    if actor is None or not actor.is_mieux_staff:
        raise SurveyAnswerError({"__all__": _("Only MIEUX+ staff can do this.")})
    type(survey).objects.filter(pk=survey.pk).update(status=PartnerSurveyStatus.WITHDRAWN)
