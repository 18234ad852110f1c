"""Partner-facing views: institutions, drafting, submitting, following a request.

Each view parses input, calls one service of `services.intake`, and renders. What a user may not see
answers 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from requests_app import followup, permissions
from requests_app.forms import (
    ATTACHMENT_STEP,
    LAST_STEP,
    STEP_FORMS,
    WORKING_LANGUAGES,
    AnswerForm,
    AttachmentForm,
    InstitutionForm,
    InstitutionSearchForm,
    JoinInstitutionForm,
    MessageForm,
    WithdrawForm,
)
from requests_app.models import Attachment, Institution, Membership, Request, RequestStatus
from requests_app.services import intake
from requests_app.services.intake import IncompleteRequest, IntakeError
from requests_app.workflow import TRANSITIONS, WorkflowError

NEXT_FOR_PARTNER = {
    RequestStatus.DRAFT: gettext_lazy("Complete the draft and submit it."),
    RequestStatus.SUBMITTED: gettext_lazy("Nothing for now: the MIEUX+ team is screening your request."),
    RequestStatus.INFO_REQUESTED: gettext_lazy("Answer the MIEUX+ team's questions and resubmit."),
    RequestStatus.IN_REVIEW: gettext_lazy("Nothing for now: the Steering Committee is reviewing your request."),
    RequestStatus.APPROVED: gettext_lazy("The MIEUX+ team will contact you to plan the Action."),
    RequestStatus.REJECTED: gettext_lazy("Nothing: the request is closed. You may send a new request."),
    RequestStatus.INELIGIBLE: gettext_lazy("Nothing: the request is closed. You may send a new request."),
    RequestStatus.WITHDRAWN: gettext_lazy("Nothing: the request was withdrawn."),
}
ACTION_NEEDED = (RequestStatus.DRAFT, RequestStatus.INFO_REQUESTED)
STATUS_BADGES = {
    RequestStatus.DRAFT: "text-bg-secondary",
    RequestStatus.SUBMITTED: "text-bg-primary",
    RequestStatus.INFO_REQUESTED: "text-bg-warning",
    RequestStatus.IN_REVIEW: "text-bg-info",
    RequestStatus.APPROVED: "text-bg-success",
    RequestStatus.REJECTED: "text-bg-danger",
    RequestStatus.INELIGIBLE: "text-bg-dark",
    RequestStatus.WITHDRAWN: "text-bg-light border",
}
EVENT_LABELS = {
    "created": gettext_lazy("Draft started"),
    "institution_verified": gettext_lazy("Institution verified"),
    "message": gettext_lazy("Message"),
    "action_created": gettext_lazy("Action created"),
    "imported": gettext_lazy("Imported"),
}


def event_label(name):
    if name in TRANSITIONS:
        return TRANSITIONS[name].label
    return EVENT_LABELS.get(name, name.replace("_", " ").capitalize())


def _visible_request(user, pk):
    return get_object_or_404(
        permissions.visible_requests(user).select_related("institution", "institution__type", "region", "phase"), pk=pk
    )


def _member_request(user, pk):
    """A request of the user's own institution (staff included only if they are members)."""
    obj = _visible_request(user, pk)
    if not permissions.is_member_of_request_institution(user, obj):
        raise Http404
    return obj


def _show_error(request, exc):
    messages.error(request, str(exc))


# --- institutions --------------------------------------------------------------------------------


@login_required
def institution_start(request):
    """After sign-up: create a new institution or ask to join an existing one."""
    if not request.user.is_partner:
        raise Http404
    if permissions.active_institution_ids(request.user):
        return redirect("requests:dashboard")
    pending = permissions.pending_membership(request.user)
    create_form = InstitutionForm(prefix="create")
    join_form = JoinInstitutionForm(prefix="join")
    if request.method == "POST" and not pending:
        if "create" in request.POST:
            create_form = InstitutionForm(request.POST, prefix="create")
            if create_form.is_valid():
                try:
                    intake.institution_create(actor=request.user, **create_form.cleaned_data)
                except IntakeError as exc:
                    create_form.add_error("name", str(exc))
                else:
                    messages.success(request, _("Your institution is registered. You can now prepare a request."))
                    return redirect("requests:dashboard")
        elif "join" in request.POST:
            join_form = JoinInstitutionForm(request.POST, prefix="join")
            if join_form.is_valid():
                try:
                    intake.membership_request(actor=request.user, institution=join_form.cleaned_data["institution"])
                except IntakeError as exc:
                    join_form.add_error("institution", str(exc))
                else:
                    messages.success(request, _("Your request to join has been sent to the institution's members."))
                    return redirect("requests:institution_start")
    context = {"create_form": create_form, "join_form": join_form, "pending": pending}
    if not pending:
        search_form = InstitutionSearchForm(request.GET or None)
        limit = InstitutionSearchForm.RESULT_LIMIT
        found = list(search_form.institutions()[: limit + 1])
        context.update(
            search_form=search_form,
            institutions=found[:limit],
            more_institutions=len(found) > limit,
            search_filtered=search_form.is_filtered,
        )
    return render(request, "requests_app/institution_start.html", context)


@login_required
def institution_members(request, pk):
    """Members of an institution, requests to join to answer, and the institution's profile."""
    institution = get_object_or_404(Institution.objects.select_related("type"), pk=pk)
    if not permissions.can_manage_members(request.user, institution):
        raise Http404
    form = InstitutionForm(instance=institution, prefix="profile")
    if request.method == "POST":
        form = InstitutionForm(request.POST, instance=Institution.objects.get(pk=pk), prefix="profile")
        if form.is_valid():
            try:
                intake.institution_update(actor=request.user, institution=institution, data=form.cleaned_data)
            except IntakeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The institution's profile has been saved."))
                return redirect("requests:members", pk=pk)
    memberships = institution.memberships.select_related("user", "approved_by").order_by("status", "created_at")
    return render(
        request, "requests_app/institution_members.html",
        {
            "institution": institution,
            "memberships": memberships,
            "pending": [m for m in memberships if m.status == Membership.Status.PENDING],
            "form": form,
        },
    )


@login_required
@require_POST
def membership_decide(request, pk, membership_pk, decision):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_pk, institution_id=pk)
    if not permissions.can_manage_members(request.user, membership.institution):
        raise Http404
    try:
        if decision == "approve":
            intake.membership_approve(actor=request.user, membership=membership)
            messages.success(request, _("%(name)s is now a member.") % {"name": membership.user})
        else:
            intake.membership_refuse(actor=request.user, membership=membership)
            messages.info(request, _("The request to join of %(name)s was refused.") % {"name": membership.user})
    except IntakeError as exc:
        _show_error(request, exc)
    return redirect("requests:members", pk=pk)


@login_required
@require_POST
def institution_verify(request, pk):
    """Staff verify the institution of the request they are screening."""
    if not request.user.is_mieux_staff:
        raise Http404
    obj = _visible_request(request.user, pk)
    try:
        intake.institution_verify(actor=request.user, institution=obj.institution, request_obj=obj)
    except IntakeError as exc:
        _show_error(request, exc)
    else:
        messages.success(request, _("The institution has been verified."))
    return redirect("requests:detail", pk=pk)


# --- dashboard -------------------------------------------------------------------------------------


@login_required
def partner_dashboard(request):
    user = request.user
    if not user.is_partner:
        raise Http404
    institution = permissions.current_institution(user)
    if institution is None:
        return redirect("requests:institution_start")
    institution_ids = permissions.active_institution_ids(user)
    rows = list(
        Request.objects.filter(institution_id__in=institution_ids)
        .select_related("institution")
        .annotate(attachment_count=Count("attachments", distinct=True))
        .order_by("-updated_at")
    )
    follow = followup.followups(user, rows)
    for row in rows:
        row.followup = follow.get(row.pk)
        row.next_step = row.followup.next_step if row.followup else NEXT_FOR_PARTNER.get(row.status, "")
        row.action_needed = row.status in ACTION_NEEDED
        row.badge = STATUS_BADGES.get(row.status, "text-bg-secondary")
    pending_count = Membership.objects.filter(
        institution_id__in=institution_ids, status=Membership.Status.PENDING
    ).count()
    return render(
        request, "requests_app/partner_dashboard.html",
        {
            "institution": institution,
            "rows": rows,
            "action_count": sum(1 for r in rows if r.action_needed),
            "pending_count": pending_count,
            "can_create": permissions.can_create_request(user),
        },
    )


# --- drafting --------------------------------------------------------------------------------------


@login_required
@require_POST
def request_new(request):
    institution = permissions.current_institution(request.user)
    if institution is None or not permissions.can_create_request(request.user):
        raise Http404
    obj = intake.request_create(actor=request.user, institution=institution)
    messages.success(request, _("A new draft has been started. It is saved at every step."))
    return redirect("requests:edit", pk=obj.pk, step=1)


def _steps(obj, current):
    return [
        {"number": number, "label": label, "current": number == current}
        for number, (label, _fields) in intake.STEPS.items()
    ]


@login_required
def request_edit(request, pk, step):
    """One step of the request form; every POST saves what is there, complete or not."""
    obj = _member_request(request.user, pk)
    if step < 1 or step > LAST_STEP:
        raise Http404
    if not permissions.can_edit_request(request.user, obj):
        messages.warning(request, _("This request has been submitted and can no longer be changed."))
        return redirect("requests:detail", pk=pk)
    form = None
    form_class = STEP_FORMS.get(step)
    if form_class is not None:
        form = form_class(instance=obj, institution=obj.institution)
        if request.method == "POST":
            form = form_class(request.POST, instance=Request.objects.get(pk=pk), institution=obj.institution)
            if form.is_valid():
                try:
                    obj = intake.request_save_step(actor=request.user, request_obj=obj, step=step, data=form.cleaned_data)
                except IntakeError as exc:
                    if request.htmx:
                        return _autosave_status(request, error=str(exc))
                    _show_error(request, exc)
                    return redirect("requests:detail", pk=pk)
                if request.htmx:
                    return _autosave_status(request)
                return _after_step(request, obj, step)
            if request.htmx:
                return _autosave_status(request, error=_("Some answers could not be saved: check the marked fields."))
    elif request.method == "POST":
        return _after_step(request, obj, step)
    context = {
        "obj": obj,
        "form": form,
        "step": step,
        "steps": _steps(obj, step),
        "step_label": intake.STEPS[step][0],
        "last_step": LAST_STEP,
        "is_answering": obj.status == RequestStatus.INFO_REQUESTED,
    }
    if step == ATTACHMENT_STEP:
        context["attachment_form"] = AttachmentForm()
        context["attachments"] = obj.attachments.all()
        context["max_attachments"] = _max_attachments()
    return render(request, "requests_app/request_step.html", context)


def _max_attachments():
    return settings.MAX_ATTACHMENTS_PER_REQUEST


def _autosave_status(request, error=None):
    return render(
        request, "requests_app/_autosave_status.html", {"error": error, "saved_at": timezone.localtime()},
    )


def _after_step(request, obj, step):
    go = request.POST.get("go", "next")
    if go == "previous" and step > 1:
        return redirect("requests:edit", pk=obj.pk, step=step - 1)
    if go == "stay":
        messages.success(request, _("Saved."))
        return redirect("requests:edit", pk=obj.pk, step=step)
    if go == "leave":
        messages.success(request, _("Your draft is saved. You can come back to it at any time."))
        return redirect("requests:dashboard")
    if go.isdigit() and 1 <= int(go) <= LAST_STEP:
        return redirect("requests:edit", pk=obj.pk, step=int(go))
    if step < LAST_STEP:
        return redirect("requests:edit", pk=obj.pk, step=step + 1)
    if obj.status == RequestStatus.INFO_REQUESTED:
        return redirect("requests:answer", pk=obj.pk)
    return redirect("requests:submit", pk=obj.pk)


@login_required
def request_submit(request, pk):
    """Check the draft, list what is missing (linked to its step), and submit it once."""
    obj = _member_request(request.user, pk)
    if request.method == "POST":
        try:
            intake.request_submit(actor=request.user, request_obj=obj)
        except IncompleteRequest as exc:
            _show_error(request, exc)
        except WorkflowError as exc:
            current = Request.objects.get(pk=pk)
            if current.status != RequestStatus.DRAFT:
                messages.info(request, _("This request has already been submitted."))
                return redirect("requests:detail", pk=pk)
            _show_error(request, exc)
        else:
            obj.refresh_from_db()
            messages.success(
                request,
                _("Your request has been submitted with the reference %(reference)s. An acknowledgement has been sent by e-mail.")
                % {"reference": obj.reference},
            )
            return redirect("requests:detail", pk=pk)
    if obj.status != RequestStatus.DRAFT:
        messages.info(request, _("This request has already been submitted."))
        return redirect("requests:detail", pk=pk)
    return render(
        request, "requests_app/request_submit.html",
        {
            "obj": obj,
            "missing": intake.missing_items(obj),
            "steps": _steps(obj, 6),
            "attachments": obj.attachments.all(),
            "sections": _sections(obj),
        },
    )


@login_required
@require_POST
def request_discard(request, pk):
    obj = _member_request(request.user, pk)
    try:
        intake.request_discard(actor=request.user, request_obj=obj)
    except IntakeError as exc:
        _show_error(request, exc)
        return redirect("requests:detail", pk=pk)
    messages.success(request, _("The draft has been deleted."))
    return redirect("requests:dashboard")


# --- attachments -----------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request, pk):
    obj = _member_request(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            attachment = intake.attachment_add(
                actor=request.user, request_obj=obj, uploaded=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            )
        except IntakeError as exc:
            _show_error(request, exc)
        else:
            messages.success(request, _("“%(name)s” has been attached.") % {"name": attachment.original_name})
    if obj.status not in permissions.EDITABLE_STATUSES:
        return redirect("requests:detail", pk=pk)
    return redirect(reverse("requests:edit", args=[pk, ATTACHMENT_STEP]) + "#attachments")


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    obj = _member_request(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, request=obj)
    try:
        intake.attachment_remove(actor=request.user, attachment=attachment)
    except IntakeError as exc:
        _show_error(request, exc)
        return redirect("requests:detail", pk=pk)
    messages.success(request, _("“%(name)s” has been removed.") % {"name": attachment.original_name})
    return redirect(reverse("requests:edit", args=[pk, ATTACHMENT_STEP]) + "#attachments")


@login_required
def attachment_download(request, pk, attachment_pk):
    """Serve a private attachment to someone allowed to see its request, always as a download."""
    obj = get_object_or_404(Request.objects.visible_to(request.user), pk=pk)
    if request.user.is_committee and not request.user.is_mieux_staff:
        from requests_app import committee_permissions

        if not committee_permissions.can_see_content(request.user, obj):
            raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_pk, request=obj)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- after submission ------------------------------------------------------------------------------


def _sections(obj):
    """The request's content for display, grouped like the form's steps."""
    countries = ", ".join(c.name for c in obj.countries)
    languages = {code: str(name) for code, name in WORKING_LANGUAGES}

    def label(name):
        return Request._meta.get_field(name).verbose_name

    return [
        (intake.STEPS[1][0], 1, [
            (label("title"), obj.title),
            (label("thematic_areas"), ", ".join(a.localized_name for a in obj.thematic_areas.all())),
            (label("countries"), countries),
            (label("follow_up_of"), str(obj.follow_up_of) if obj.follow_up_of_id else ""),
        ]),
        (intake.STEPS[2][0], 2, [
            (label("background"), obj.background),
            (label("problem"), obj.problem),
            (label("other_projects"), obj.other_projects),
        ]),
        (intake.STEPS[3][0], 3, [
            (label("objectives"), obj.objectives),
            (label("expected_results"), obj.expected_results),
            (label("target_groups"), obj.target_groups),
            (label("estimated_participants"), obj.estimated_participants),
            (label("activity_types"), ", ".join(a.localized_name for a in obj.activity_types.all())),
        ]),
        (intake.STEPS[4][0], 4, [
            (_("Preferred timeframe"), _timeframe(obj)),
            (label("working_languages"), ", ".join(languages.get(c, c) for c in obj.working_languages or [])),
            (label("commitment"), obj.commitment),
            (label("contact_name"), obj.contact_name),
            (label("contact_email"), obj.contact_email),
            (label("contact_phone"), obj.contact_phone),
        ]),
    ]


def _timeframe(obj):
    from django.utils.formats import date_format

    if not (obj.earliest_start or obj.latest_end):
        return ""
    start = date_format(obj.earliest_start) if obj.earliest_start else "…"
    end = date_format(obj.latest_end) if obj.latest_end else "…"
    return f"{start} – {end}"


@login_required
def request_detail(request, pk):
    user = request.user
    if user.is_committee and not user.is_mieux_staff:
        try:
            url = reverse("requests:review", args=[pk])
        except NoReverseMatch as exc:
            raise Http404 from exc
        get_object_or_404(Request.objects.visible_to(user), pk=pk)
        return redirect(url)
    obj = _visible_request(user, pk)
    is_staff = user.is_mieux_staff
    events = obj.events.select_related("actor").order_by("created_at", "id")
    if not is_staff:
        events = events.filter(visible_to_partner=True)
    events = list(events)
    for event in events:
        event.label = event_label(event.transition)
    info_request = None
    if obj.status == RequestStatus.INFO_REQUESTED:
        info_request = next((e for e in reversed(events) if e.transition == "request_info"), None)
    context = {
        "obj": obj,
        "badge": STATUS_BADGES.get(obj.status, "text-bg-secondary"),
        "next_step": NEXT_FOR_PARTNER.get(obj.status, "") if not is_staff else "",
        "events": events,
        "info_request": info_request,
        "sections": _sections(obj),
        "attachments": list(obj.attachments.select_related("uploaded_by")),
        "thread": list(obj.messages.select_related("author")),
        "message_form": MessageForm(),
        "can_edit": permissions.can_edit_request(user, obj),
        "can_submit": permissions.can_submit_request(user, obj),
        "can_answer": permissions.can_answer_request(user, obj),
        "can_withdraw": permissions.can_withdraw_request(user, obj) and obj.status != RequestStatus.DRAFT,
        "can_discard": permissions.can_submit_request(user, obj) and not obj.reference,
        "can_post_message": permissions.can_post_message(user, obj),
        "can_verify_institution": permissions.can_verify_institution(user, obj.institution),
        "is_staff_view": is_staff,
        "show_review_panels": is_staff or user.is_committee,
        "changes": intake.resubmission_changes(obj) if is_staff else None,
        "followup": followup.followups(user, [obj]).get(obj.pk),
    }
    if context["followup"] and not is_staff:
        context["next_step"] = context["followup"].next_step
    return render(request, "requests_app/detail.html", context)


@login_required
def request_answer(request, pk):
    """Answer an information request and resubmit."""
    obj = _member_request(request.user, pk)
    if obj.status != RequestStatus.INFO_REQUESTED:
        messages.info(request, _("No information is being asked of you on this request."))
        return redirect("requests:detail", pk=pk)
    form = AnswerForm(request.POST or None)
    missing = intake.missing_items(obj)
    if request.method == "POST" and form.is_valid():
        try:
            intake.request_resubmit(actor=request.user, request_obj=obj, answer=form.cleaned_data["answer"])
        except IncompleteRequest as exc:
            _show_error(request, exc)
            missing = exc.items
        except WorkflowError as exc:
            _show_error(request, exc)
            return redirect("requests:detail", pk=pk)
        else:
            messages.success(request, _("Your answer has been sent and the request resubmitted."))
            return redirect("requests:detail", pk=pk)
    question = obj.events.filter(transition="request_info").order_by("-created_at", "-id").first()
    return render(
        request, "requests_app/request_answer.html",
        {"obj": obj, "form": form, "question": question, "missing": missing, "steps": _steps(obj, 0)},
    )


@login_required
def request_withdraw(request, pk):
    obj = _member_request(request.user, pk)
    if not permissions.can_withdraw_request(request.user, obj):
        messages.info(request, _("This request can no longer be withdrawn."))
        return redirect("requests:detail", pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intake.request_withdraw(actor=request.user, request_obj=obj, reason=form.cleaned_data["reason"])
        except WorkflowError as exc:
            _show_error(request, exc)
        else:
            messages.success(request, _("The request has been withdrawn."))
        return redirect("requests:detail", pk=pk)
    return render(request, "requests_app/request_withdraw.html", {"obj": obj, "form": form})


@login_required
@require_POST
def message_post(request, pk):
    obj = _visible_request(request.user, pk)
    if not permissions.can_post_message(request.user, obj):
        raise Http404
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            intake.message_post(actor=request.user, request_obj=obj, body=form.cleaned_data["body"])
        except IntakeError as exc:
            _show_error(request, exc)
        else:
            messages.success(request, _("Your message has been sent."))
    else:
        messages.error(request, _("The message is empty."))
    return redirect(reverse("requests:detail", args=[pk]) + "#messages")
