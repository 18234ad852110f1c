"""Every state change of Actions and activities (DESIGN section 3, "Action and activities").

One function per change, keyword-only: lock the row, check the actor's right and the source state,
change it, write the event, publish the domain event (`actions/events.py`) that the deployments
follow in the same transaction; e-mails go through the outbox after commit. Views, the admin, the
demo and imports all call these; nothing else writes `Action.status` or `Activity.status`. The date
rules (delivery not before the start, actual dates from the deliveries and never in the future, no new
work on a closed Action) are in `actions/dates.py`; documents in `actions/documents.py`.
"""

import copy
import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions import evaluation
from actions.dates import (
    check_action_open,
    check_actual_dates,
    check_deliverable,
    derived_actual_end,
    derived_actual_start,
)
from actions.delivery import set_participants, set_report
from actions.errors import ActionError
from actions.events import ActivityCancelled, ActivityDatesChanged, ActivityDelivered, ActivityPostponed
from actions.models import (
    Action,
    ActionEvent,
    ActionStatus,
    Activity,
    ActivityEvent,
    ActivityFormat,
    ActivityStatus,
)
from actions.workflow import ACTION_TRANSITIONS, ACTIVITY_TRANSITIONS, COMPLETION_BLOCKING_STATUSES
from mieux.events import publish
from mieux.models import Phase, region_for_country
from mieux.notifications import notify
from requests_app.models import Request, RequestStatus
from requests_app.workflow import record_event


class SummaryMissing(ActionError):
    """Publishing needs the public summary: the page should take staff to that field."""


def require_staff(actor):
    """Refuse anyone but MIEUX+ staff."""
    if actor is None or not actor.is_mieux_staff:
        raise ActionError(_("Only MIEUX+ staff can do this."))


# --- Actions ---------------------------------------------------------------------------------------

CODE_PATTERN = re.compile(r"^MIEUX-(\d{4})-(\d{3,})-")


def next_action_code(*, year, country):
    """The next free code of `year`: `MIEUX-<year>-<seq>-<country>`, the sequence counting per year."""
    highest = 0
    for code in Action.objects.filter(code__startswith=f"MIEUX-{year}-").values_list("code", flat=True):
        match = CODE_PATTERN.match(code)
        if match:
            highest = max(highest, int(match.group(2)))
    return f"MIEUX-{year}-{highest + 1:03d}-{str(country or 'XX').upper()[:2]}"


def _partner_members(institution):
    if institution is None:
        return []
    return get_user_model().objects.members_of(institution.pk)


def action_create_from_request(*, actor, request):
    """Turn an approved request into its Action in one step; a second Action for it is refused."""
    require_staff(actor)
    with transaction.atomic():
        req = Request.objects.select_for_update(of=("self",)).select_related("institution").get(pk=request.pk)
        if req.status != RequestStatus.APPROVED:
            raise ActionError(_("Only an approved request can become an Action."))
        existing = Action.objects.filter(request=req).first()
        if existing is not None:
            raise ActionError(
                _("This request already became the Action %(code)s; a request has only one Action.")
                % {"code": existing.code}
            )
        countries = [str(c) for c in req.countries] or ([str(req.institution.country)] if req.institution else [])
        region = req.region or (region_for_country(countries[0]) if countries else None)
        if region is None:
            raise ActionError(_("The request names no region and none is known for its country; set the region first."))
        phase = req.phase or Phase.current()
        year = timezone.localdate().year
        for _attempt in range(5):
            action = Action(
                code=next_action_code(year=year, country=countries[0] if countries else "XX"),
                request=req,
                institution=req.institution,
                title=req.title or str(req),
                countries=countries,
                region=region,
                phase=phase,
                lead=actor,
                objectives=req.objectives,
                expected_results=req.expected_results,
                planned_start=req.earliest_start,
                planned_end=req.latest_end if (req.latest_end and req.earliest_start and req.latest_end >= req.earliest_start) else None,
            )
            try:
                with transaction.atomic():
                    action.save()
                break
            except IntegrityError:
                # Two staff creating Actions at once drew the same sequence number: draw again.
                if Action.objects.filter(request=req).exists():
                    raise ActionError(_("This request already has an Action.")) from None
        else:
            raise ActionError(_("No free Action code could be drawn; try again."))
        action.thematic_areas.set(req.thematic_areas.all())
        ActionEvent.objects.create(
            action=action, actor=actor, transition="created", to_status=action.status,
            data={"request": req.reference or req.pk},
        )
        record_event(req, "action_created", actor=actor, data={"action": action.code}, visible_to_partner=True)
        url = action.get_absolute_url()
        for member in _partner_members(req.institution):
            notify(
                recipient=member, kind="action_created", template="action_created",
                context={"action": action, "request_obj": req}, url=url, dedupe_key=f"action_created:{action.pk}:{member.pk}",
            )
    return action


ACTION_EDITABLE_FIELDS = (
    "title", "countries", "region", "phase", "lead", "objectives", "expected_results", "achieved_results",
    "summary", "staff_notes", "planned_start", "planned_end", "actual_start", "actual_end",
)


def action_update(*, actor, action, data, thematic_areas=None):
    """Change an Action's descriptive fields (never its status, which moves by transitions)."""
    require_staff(actor)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        for field in ACTION_EDITABLE_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        if locked.planned_start and locked.planned_end and locked.planned_end < locked.planned_start:
            raise ActionError(_("The planned end cannot be before the planned start."))
        check_actual_dates(locked.actual_start, locked.actual_end)
        locked._change_reason = "updated"
        locked.save()
        if thematic_areas is not None:
            locked.thematic_areas.set(thematic_areas)
    return locked


def _apply_action_transition(locked, name, *, actor, note="", visible_to_partner=True):
    transition = ACTION_TRANSITIONS[name]
    if locked.status not in transition.sources:
        raise ActionError(
            _("This cannot be done while the Action is “%(status)s”.") % {"status": locked.get_status_display()}
        )
    from_status = locked.status
    locked.status = transition.target
    today = timezone.localdate()
    if name == "start":
        # The first delivered activity's start date; none yet (a start by hand): set at first delivery.
        locked.actual_start = derived_actual_start(locked) or locked.actual_start
    if name == "complete":
        locked.actual_end = derived_actual_end(locked) or locked.actual_end or today
    if name == "cancel" and not locked.actual_end:
        locked.actual_end = today
    if name == "reopen":
        locked.actual_end = None
    locked._change_reason = name
    locked.save()
    return ActionEvent.objects.create(
        action=locked, actor=actor, transition=name, from_status=from_status, to_status=transition.target,
        note=note, visible_to_partner=visible_to_partner,
    )


def action_transition(*, actor, action, name, note=""):
    """Move an Action along transition `name` (start, complete, cancel, reopen)."""
    require_staff(actor)
    if name not in ACTION_TRANSITIONS:
        raise ActionError(_("Unknown step."))
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if name == "complete":
            still_open = locked.activities.filter(status__in=COMPLETION_BLOCKING_STATUSES).count()
            if still_open:
                raise ActionError(
                    _("The Action cannot be completed while %(n)s activities are still planned, confirmed or postponed: deliver, re-plan or cancel them first.")
                    % {"n": still_open}
                )
        _apply_action_transition(locked, name, actor=actor, note=note)
        if name == "complete":
            evaluation.on_action_completed(locked)
        elif name == "reopen":
            evaluation.on_action_reopened(locked)
        if name == "cancel":
            # Nothing of a cancelled Action takes place: its open activities are cancelled with it.
            cancellable = ACTIVITY_TRANSITIONS["cancel"].sources
            for activity in Activity.objects.select_for_update().filter(action=locked, status__in=cancellable):
                activity.action = locked
                _apply_activity_transition(activity, "cancel", actor=actor, note=_("The Action was cancelled."))
                publish(ActivityCancelled(activity=activity, actor=actor))
    return locked


def action_start(*, actor, action, note=""):
    return action_transition(actor=actor, action=action, name="start", note=note)


def action_complete(*, actor, action, note=""):
    return action_transition(actor=actor, action=action, name="complete", note=note)


def action_cancel(*, actor, action, note=""):
    return action_transition(actor=actor, action=action, name="cancel", note=note)


def action_publish(*, actor, action, summary=None):
    """Show the Action on the public pages, the map and the open data; `summary`, when given, is
    written as the public summary in the same step."""
    require_staff(actor)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if locked.is_public:
            return locked
        if locked.status == ActionStatus.CANCELLED:
            raise ActionError(_("A cancelled Action cannot be published."))
        if summary is not None and summary.strip():
            locked.summary = summary.strip()
        if not locked.summary.strip():
            raise SummaryMissing(_("Write the public summary before publishing: it is what visitors read."))
        locked.is_public = True
        locked.published_at = timezone.now()
        locked._change_reason = "published"
        locked.save()
        ActionEvent.objects.create(action=locked, actor=actor, transition="published", from_status=locked.status, to_status=locked.status)
    return locked


def action_unpublish(*, actor, action, note=""):
    """Remove the Action from the public pages and the open data."""
    require_staff(actor)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if not locked.is_public:
            return locked
        locked.is_public = False
        locked._change_reason = "unpublished"
        locked.save()
        ActionEvent.objects.create(
            action=locked, actor=actor, transition="unpublished", from_status=locked.status, to_status=locked.status, note=note
        )
    return locked


# --- activities ------------------------------------------------------------------------------------

ACTIVITY_EDITABLE_FIELDS = (
    "type", "title", "description", "start_date", "end_date", "format", "country", "city", "languages",
    "planned_participants", "required_languages", "experts_needed", "agenda",
)


def _check_activity(activity):
    if activity.start_date and activity.end_date and activity.end_date < activity.start_date:
        raise ActionError(_("The end date cannot be before the start date."))
    if activity.format != ActivityFormat.ONLINE and not (activity.country and activity.city.strip()):
        raise ActionError(_("Country and city are required unless the activity is online."))


def _next_activity_ref(action):
    taken = set(Activity.objects.filter(ref__startswith=f"{action.code}-A").values_list("ref", flat=True))
    n = action.activities.count() + 1
    while f"{action.code}-A{n:02d}" in taken:
        n += 1
    return f"{action.code}-A{n:02d}"


def activity_create(*, actor, action, data, required_thematic_areas=None):
    """Plan a new activity of an Action."""
    require_staff(actor)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        check_action_open(locked, doing=_("add an activity"))
        activity = Activity(action=locked, status=ActivityStatus.PLANNED)
        for field in ACTIVITY_EDITABLE_FIELDS:
            if field in data:
                setattr(activity, field, data[field])
        _check_activity(activity)
        activity.ref = _next_activity_ref(locked)
        activity._change_reason = "created"
        activity.save()
        if required_thematic_areas is not None:
            activity.required_thematic_areas.set(required_thematic_areas)
        ActivityEvent.objects.create(activity=activity, actor=actor, transition="created", to_status=activity.status)
    return activity


def activity_update(*, actor, activity, data, required_thematic_areas=None):
    """Change an activity's details; dates move through postpone/re-plan once it is postponed."""
    require_staff(actor)
    with transaction.atomic():
        locked = _lock_activity(activity)
        if locked.status in (ActivityStatus.CANCELLED,):
            raise ActionError(_("A cancelled activity can no longer be changed."))
        old_start, old_end = locked.start_date, locked.end_date
        for field in ACTIVITY_EDITABLE_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        _check_activity(locked)
        if locked.status == ActivityStatus.DELIVERED:
            # A delivered activity cannot move into the future: it has taken place.
            check_deliverable(locked)
        locked.sequence += 1
        locked._change_reason = "updated"
        locked.save()
        if required_thematic_areas is not None:
            locked.required_thematic_areas.set(required_thematic_areas)
        if (locked.start_date, locked.end_date) != (old_start, old_end):
            ActivityEvent.objects.create(
                activity=locked, actor=actor, transition="dates_changed", from_status=locked.status, to_status=locked.status,
                data={"start": locked.start_date.isoformat(), "end": locked.end_date.isoformat()},
            )
            publish(ActivityDatesChanged(activity=locked, actor=actor, old_start=old_start, old_end=old_end))
    return locked


def activity_check_new_dates(*, activity, start_date, end_date):
    """Refuse new dates for `activity` (not saved yet) that are invalid or that its accepted or
    confirmed experts cannot keep; for forms that save the activity themselves (the admin). Call it
    inside the transaction that saves, so the experts stay locked until then."""
    if start_date and end_date and end_date < start_date:
        raise ActionError(_("The end date cannot be before the start date."))
    moved = copy.copy(activity)
    moved.start_date, moved.end_date = start_date, end_date
    if activity.status == ActivityStatus.DELIVERED:
        check_deliverable(moved)
    if activity.pk and (start_date, end_date) != (activity.start_date, activity.end_date):
        with transaction.atomic():
            publish(ActivityDatesChanged(activity=moved, actor=None, old_start=activity.start_date, old_end=activity.end_date))


def _apply_activity_transition(locked, name, *, actor, note="", data=None):
    transition = ACTIVITY_TRANSITIONS[name]
    if locked.status not in transition.sources:
        raise ActionError(
            _("This cannot be done while the activity is “%(status)s”.") % {"status": locked.get_status_display()}
        )
    from_status = locked.status
    locked.status = transition.target
    locked.sequence += 1
    locked._change_reason = name
    locked.save()
    return ActivityEvent.objects.create(
        activity=locked, actor=actor, transition=name, from_status=from_status, to_status=transition.target,
        note=note, data=data or {},
    )


def _lock_activity(activity):
    """The activity, locked after its Action (always in that order, as cancelling an Action does), so a
    change of the Action's status and of one of its activities never cross."""
    action_id = Activity.objects.values_list("action_id", flat=True).get(pk=activity.pk)
    Action.objects.select_for_update().get(pk=action_id)
    return Activity.objects.select_for_update(of=("self",)).select_related("action", "action__institution").get(pk=activity.pk)


def _notify_partner_of_change(activity, change):
    url = activity.get_absolute_url()
    for member in _partner_members(activity.action.institution):
        notify(
            recipient=member, kind=f"activity_{change}", template="activity_changed",
            context={"activity": activity, "action": activity.action, "change": change}, url=url,
            dedupe_key=f"activity_{change}:{activity.pk}:{activity.sequence}:{member.pk}",
        )


def activity_confirm(*, actor, activity, note=""):
    """Confirm a planned activity (dates, venue and participants agreed with the partner)."""
    require_staff(actor)
    with transaction.atomic():
        locked = _lock_activity(activity)
        check_action_open(locked.action, doing=_("confirm an activity"))
        _apply_activity_transition(locked, "confirm", actor=actor, note=note)
    return locked


def activity_postpone(*, actor, activity, note=""):
    """Postpone an activity; it is re-planned later with new dates."""
    require_staff(actor)
    with transaction.atomic():
        locked = _lock_activity(activity)
        _apply_activity_transition(locked, "postpone", actor=actor, note=note)
        _notify_partner_of_change(locked, "postponed")
        publish(ActivityPostponed(activity=locked, actor=actor))
    return locked


def activity_replan(*, actor, activity, start_date, end_date, note=""):
    """Give a postponed activity new dates; it is planned again."""
    require_staff(actor)
    with transaction.atomic():
        locked = _lock_activity(activity)
        check_action_open(locked.action, doing=_("re-plan an activity"))
        if end_date < start_date:
            raise ActionError(_("The end date cannot be before the start date."))
        old_start, old_end = locked.start_date, locked.end_date
        old = {"old_start": old_start.isoformat(), "old_end": old_end.isoformat()}
        locked.start_date, locked.end_date = start_date, end_date
        _apply_activity_transition(
            locked, "replan", actor=actor, note=note,
            data={**old, "start": start_date.isoformat(), "end": end_date.isoformat()},
        )
        publish(ActivityDatesChanged(activity=locked, actor=actor, old_start=old_start, old_end=old_end))
        _notify_partner_of_change(locked, "replanned")
    return locked


def activity_cancel(*, actor, activity, note=""):
    """Cancel an activity for good."""
    require_staff(actor)
    with transaction.atomic():
        locked = _lock_activity(activity)
        _apply_activity_transition(locked, "cancel", actor=actor, note=note)
        _notify_partner_of_change(locked, "cancelled")
        publish(ActivityCancelled(activity=locked, actor=actor))
    return locked


def activity_deliver(*, actor, activity, participants_total=None, participants_women=None, participants_men=None, report=None, note=""):
    """Record that a confirmed activity took place (on or after its start date); the first delivery
    starts its Action, and the Action's actual start is the start date of its first delivered activity."""
    require_staff(actor)
    with transaction.atomic():
        locked = _lock_activity(activity)
        check_deliverable(locked)
        set_participants(locked, participants_total, participants_women, participants_men)
        set_report(locked, report)
        locked.delivered_at = timezone.now()
        _apply_activity_transition(locked, "deliver", actor=actor, note=note)
        action = Action.objects.get(pk=locked.action_id)  # locked by _lock_activity
        if action.status == ActionStatus.PLANNED:
            _apply_action_transition(
                action, "start", actor=actor, note=_("First activity delivered: %(title)s") % {"title": locked.title}
            )
        elif action.actual_start != derived_actual_start(action):
            # A delivery recorded late, of an activity that started before the others.
            action.actual_start = derived_actual_start(action)
            action._change_reason = "actual start from deliveries"
            action.save()
        publish(ActivityDelivered(activity=locked, actor=actor))
    return locked


def activity_record_delivery(*, actor, activity, participants_total=None, participants_women=None, participants_men=None, report=None):
    """Record (or correct) the participants and the report of a delivered activity."""
    require_staff(actor)
    with transaction.atomic():
        locked = _lock_activity(activity)
        if locked.status != ActivityStatus.DELIVERED:
            raise ActionError(_("Participants and the report are recorded once the activity is delivered."))
        set_participants(locked, participants_total, participants_women, participants_men)
        set_report(locked, report)
        locked.sequence += 1
        locked._change_reason = "delivery_recorded"
        locked.save()
        ActivityEvent.objects.create(
            activity=locked, actor=actor, transition="delivery_recorded", from_status=locked.status, to_status=locked.status,
            data={"total": participants_total, "women": participants_women, "men": participants_men, "report": bool(report)},
        )
    return locked
