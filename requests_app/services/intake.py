"""The partner side of a request's life: institutions, membership, drafting, submission, answers.

One function per state change, keyword-only, `actor` first. Each runs in one transaction, locks the
row it changes, checks the actor's right and the source state, writes the change (and, for requests,
an immutable event through `workflow`), and records notifications that the outbox sends after
commit. Refusals raise `IntakeError` (or `IncompleteRequest`) with a message safe to show.
"""

import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from mieux.models import ActivityType, Phase, ThematicArea, region_for_country
from mieux.notifications import notify
from mieux.storage import validate_upload
from requests_app import permissions
from requests_app.models import Attachment, Message, Request, RequestStatus
from requests_app.workflow import WorkflowError, apply_transition, record_event


class IntakeError(WorkflowError):
    """A refused partner action; the message is safe to show to the user."""


@dataclass(frozen=True)
class MissingItem:
    step: int
    field: str
    label: str


class IncompleteRequest(IntakeError):
    """Submission refused because required items are missing; `items` lists them with their step."""

    def __init__(self, items):
        self.items = items
        super().__init__(_("The request is not complete yet: please fill in the items listed below."))


# The request's content by step of the form; the order is the order in which missing items are listed.
STEPS = {
    1: (_("Subject"), ["title", "thematic_areas", "countries", "follow_up_of"]),
    2: (_("Context"), ["background", "problem", "other_projects"]),
    3: (_("Objectives and results"), [
        "objectives", "expected_results", "target_groups", "estimated_participants", "activity_types",
    ]),
    4: (_("Practicalities"), [
        "earliest_start", "latest_end", "working_languages", "commitment", "contact_name", "contact_email",
        "contact_phone",
    ]),
    5: (_("Documents"), []),
}
REQUIRED_FIELDS = {
    "title": _("Title"),
    "thematic_areas": _("Thematic areas"),
    "countries": _("Country or countries concerned"),
    "background": _("Background and context"),
    "problem": _("The problem your institution wants to address"),
    "other_projects": _("Other projects on the same subject in the country, past and ongoing"),
    "objectives": _("Objectives"),
    "expected_results": _("Expected results"),
    "target_groups": _("Target groups"),
    "estimated_participants": _("Estimated number of participants"),
    "activity_types": _("Proposed activity types"),
    "earliest_start": _("Earliest start"),
    "latest_end": _("Latest end"),
    "working_languages": _("Working languages"),
    "commitment": _("Your institution's commitment (staff time, venues)"),
    "contact_name": _("Contact person"),
    "contact_email": _("Contact e-mail"),
}
M2M_FIELDS = ("thematic_areas", "activity_types")


def step_of(field_name):
    for step, (_label, fields) in STEPS.items():
        if field_name in fields:
            return step
    return 1


def _require_member(actor, institution_id):
    if not (actor.is_authenticated and actor.is_partner and institution_id in permissions.active_institution_ids(actor)):
        raise IntakeError(_("You are not allowed to do this."))


# --- drafting --------------------------------------------------------------------------------------


def request_create(*, actor, institution) -> Request:
    """Start a draft, prefilled from the institution's profile and the author's account."""
    _require_member(actor, institution.pk)
    with transaction.atomic():
        previous = Request.objects.filter(institution=institution).exclude(contact_phone="").order_by("-created_at").first()
        obj = Request(
            institution=institution,
            created_by=actor,
            countries=[institution.country.code] if institution.country else [],
            contact_name=actor.full_name,
            contact_email=actor.email,
            contact_phone=previous.contact_phone if previous and previous.contact_name == actor.full_name else "",
            working_languages=[actor.language] if actor.language else [],
        )
        obj._change_reason = "created"
        obj.save()
        record_event(obj, "created", actor=actor, note="")
    return obj


def _lock_editable(actor, request_obj):
    obj = Request.objects.select_for_update().get(pk=request_obj.pk)
    _require_member(actor, obj.institution_id)
    if obj.status not in permissions.EDITABLE_STATUSES:
        raise IntakeError(_("This request has been submitted and can no longer be changed."))
    return obj


def request_save_step(*, actor, request_obj, step, data) -> Request:
    """Save one step of the form (whatever is filled in, complete or not)."""
    if step not in STEPS:
        raise IntakeError(_("Unknown step."))
    with transaction.atomic():
        obj = _lock_editable(actor, request_obj)
        m2m = {}
        for name in STEPS[step][1]:
            if name not in data:
                continue
            if name in M2M_FIELDS:
                m2m[name] = data[name]
            else:
                setattr(obj, name, data[name])
        obj.wizard_step = step
        obj._change_reason = f"step {step}"
        obj.save()
        for name, values in m2m.items():
            current = set(getattr(obj, name).values_list("pk", flat=True))
            wanted = {v.pk for v in values}
            if current != wanted:
                getattr(obj, name).set(values)
    return obj


def attachment_add(*, actor, request_obj, uploaded, kind=Attachment.Kind.OTHER) -> Attachment:
    """Store a checked document (type by content, size, count) privately with the request."""
    with transaction.atomic():
        obj = _lock_editable(actor, request_obj)
        if obj.attachments.count() >= settings.MAX_ATTACHMENTS_PER_REQUEST:
            raise IntakeError(
                _("A request can have at most %(max)d attachments: remove one before adding another.")
                % {"max": settings.MAX_ATTACHMENTS_PER_REQUEST}
            )
        try:
            content_type = validate_upload(uploaded)
        except ValidationError as exc:
            raise IntakeError(" ".join(exc.messages)) from exc
        original = os.path.basename(uploaded.name or "document")[:200]
        attachment = Attachment(
            request=obj, kind=kind, original_name=original, content_type=content_type, size=uploaded.size,
            uploaded_by=actor,
        )
        attachment.file.save(get_valid_filename(original) or "document", uploaded, save=False)
        attachment.save()
    return attachment


def attachment_remove(*, actor, attachment) -> None:
    """Remove a document from a request that can still be changed; the file goes too."""
    with transaction.atomic():
        _lock_editable(actor, attachment.request)
        name = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def missing_items(request_obj) -> list[MissingItem]:
    """What must still be filled in before the request can be submitted, in form order."""
    items = []
    thematic = list(request_obj.thematic_areas.all())
    activity = list(request_obj.activity_types.all())
    for name, label in REQUIRED_FIELDS.items():
        if name == "thematic_areas":
            value = thematic
        elif name == "activity_types":
            value = activity
        else:
            value = getattr(request_obj, name)
        if value in (None, "", [], ()) or (isinstance(value, str) and not value.strip()):
            items.append(MissingItem(step_of(name), name, str(label)))
    if request_obj.earliest_start and request_obj.latest_end and request_obj.latest_end < request_obj.earliest_start:
        items.append(MissingItem(4, "latest_end", str(_("The latest end must come after the earliest start"))))
    items.sort(key=lambda item: item.step)
    return items


# --- submission and after --------------------------------------------------------------------------


def _next_reference(year):
    prefix = f"REQ-{year}-"
    last = Request.objects.filter(reference__startswith=prefix).aggregate(m=Max("reference"))["m"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _acknowledge(obj, template, event):
    url = reverse("requests:detail", args=[obj.pk])
    for member in get_user_model().objects.members_of(obj.institution_id):
        notify(
            recipient=member, kind=template, template=template, context={"obj": obj, "event": event}, url=url,
            dedupe_key=f"{template}-{event.pk}-{member.pk}",
        )
    for staff in get_user_model().objects.mieux_staff():
        notify(
            recipient=staff, kind=f"{template}_staff", template=f"{template}_staff",
            context={"obj": obj, "event": event}, url=url, dedupe_key=f"{template}-staff-{event.pk}-{staff.pk}",
        )


def request_submit(*, actor, request_obj) -> Request:
    """Submit a complete draft: reference, dates, region and phase, event, acknowledgement e-mails."""
    _require_member(actor, request_obj.institution_id)
    current = Request.objects.get(pk=request_obj.pk)
    if current.status != RequestStatus.DRAFT:
        raise IntakeError(_("This request has already been submitted."))
    missing = missing_items(current)
    if missing:
        raise IncompleteRequest(missing)

    def stamp(obj):
        now = timezone.now()
        obj.submitted_at = obj.submitted_at or now
        obj.last_submitted_at = now
        if not obj.reference:
            obj.reference = _next_reference(timezone.localdate().year)
        if obj.countries and obj.region_id is None:
            obj.region = region_for_country(obj.countries[0])
        obj.phase = obj.phase or Phase.current()

    # Two submissions at the same moment may pick the same number: the unique index refuses the
    # second, which then takes the next one.
    for attempt in range(8):
        try:
            with transaction.atomic():
                obj, event = apply_transition(request_obj.pk, "submit", actor=actor, changes=stamp)
                _acknowledge(obj, "request_submitted", event)
            return obj
        except IntegrityError:
            if attempt == 7:
                raise
    raise AssertionError("unreachable")


def request_resubmit(*, actor, request_obj, answer) -> Request:
    """Answer an information request: the answer goes to staff and the request back to `submitted`."""
    answer = (answer or "").strip()
    if not answer:
        raise IntakeError(_("Please write your answer to the MIEUX+ team."))
    _require_member(actor, request_obj.institution_id)
    missing = missing_items(Request.objects.get(pk=request_obj.pk))
    if missing:
        raise IncompleteRequest(missing)

    def stamp(obj):
        obj.last_submitted_at = timezone.now()

    with transaction.atomic():
        obj, event = apply_transition(request_obj.pk, "resubmit", actor=actor, note=answer, changes=stamp)
        Message.objects.create(request=obj, author=actor, body=answer)
        _acknowledge(obj, "request_resubmitted", event)
    return obj


def request_withdraw(*, actor, request_obj, reason) -> Request:
    """The partner withdraws a request, with a reason, while no decision has been taken."""
    reason = (reason or "").strip()
    if not reason:
        raise IntakeError(_("Please give a reason for withdrawing the request."))
    _require_member(actor, request_obj.institution_id)

    def stamp(obj):
        obj.closing_reason = reason

    with transaction.atomic():
        obj, event = apply_transition(request_obj.pk, "withdraw", actor=actor, note=reason, changes=stamp)
        if event.from_status != RequestStatus.DRAFT:
            url = reverse("requests:detail", args=[obj.pk])
            for staff in get_user_model().objects.mieux_staff():
                notify(
                    recipient=staff, kind="request_withdrawn", template="request_withdrawn",
                    context={"obj": obj, "event": event}, url=url, dedupe_key=f"request-withdrawn-{event.pk}-{staff.pk}",
                )
    return obj


def message_post(*, actor, request_obj, body) -> Message:
    """A message in the request's thread between the institution and the MIEUX+ team."""
    body = (body or "").strip()
    if not body:
        raise IntakeError(_("The message is empty."))
    with transaction.atomic():
        obj = Request.objects.select_for_update().get(pk=request_obj.pk)
        if not permissions.can_post_message(actor, obj):
            raise IntakeError(_("You are not allowed to do this."))
        message = Message.objects.create(request=obj, author=actor, body=body)
        url = reverse("requests:detail", args=[obj.pk]) + "#messages"
        recipients = get_user_model().objects.mieux_staff() if not actor.is_mieux_staff else get_user_model().objects.members_of(obj.institution_id)
        for recipient in recipients.exclude(pk=actor.pk):
            notify(
                recipient=recipient, kind="request_message", template="request_message",
                context={"obj": obj, "message": message, "author": actor}, url=url,
                dedupe_key=f"request-message-{message.pk}-{recipient.pk}",
            )
    return message


def request_discard(*, actor, request_obj) -> None:
    """Delete a draft that was never submitted (nothing of it has reached the MIEUX+ team)."""
    with transaction.atomic():
        obj = Request.objects.select_for_update().get(pk=request_obj.pk)
        _require_member(actor, obj.institution_id)
        if obj.status != RequestStatus.DRAFT or obj.reference:
            raise IntakeError(_("Only a draft that was never submitted can be deleted."))
        names = [(a.file.storage, a.file.name) for a in obj.attachments.all()]
        obj.delete()
        for storage, name in names:
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))


# --- reads -------------------------------------------------------------------------------------------


def resubmission_changes(request_obj):
    """What changed between the version at the last information request and the latest version.

    Returns (rows, old_record, new_record) with rows of (label, old, new) as display strings, or None
    when the request was never sent back for information and resubmitted.
    """
    history = request_obj.history.all().order_by("-history_date", "-history_id")
    old = history.filter(history_change_reason="request_info").first()
    if old is None:
        return None
    new = history.filter(history_date__gt=old.history_date, history_change_reason="resubmit").first()
    if new is None:
        new = history.first()
        if new is None or new.history_id == old.history_id:
            return None
    delta = new.diff_against(old, excluded_fields=IGNORED_IN_DIFF)
    rows = []
    for change in delta.changes:
        field = Request._meta.get_field(change.field)
        rows.append((str(field.verbose_name), _display(change.field, change.old), _display(change.field, change.new)))
    return rows, old, new


IGNORED_IN_DIFF = [
    "status", "updated_at", "wizard_step", "last_submitted_at", "info_requested_at", "submitted_at", "forwarded_at",
    "review_round", "review_deadline", "decided_at", "reference", "region", "phase", "cover_note",
    "complementarity_note", "decision_explanation", "decision_justification", "closing_reason",
]


def _display(name, value):
    from django_countries import countries as all_countries

    if name in M2M_FIELDS:
        model = ThematicArea if name == "thematic_areas" else ActivityType
        key = "thematicarea" if name == "thematic_areas" else "activitytype"
        ids = [row.get(key) for row in value or []]
        return ", ".join(obj.localized_name for obj in model.objects.filter(pk__in=ids))
    if name == "countries":
        codes = value if isinstance(value, list | tuple) else str(value or "").split(",")
        return ", ".join(str(dict(all_countries).get(str(c), c)) for c in codes if c)
    if value in (None, ""):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
