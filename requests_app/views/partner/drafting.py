"""The partner's dashboard and drafting a request step by step (saved at every step), submitting or discarding it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_app import followup, permissions
from requests_app.forms import (
    ATTACHMENT_STEP,
    LAST_STEP,
    STEP_FORMS,
    AttachmentForm,
)
from requests_app.models import Membership, Request, RequestStatus
from requests_app.services import intake
from requests_app.services.intake import IncompleteRequest, IntakeError
from requests_app.views.partner.common import (
    ACTION_NEEDED,
    NEXT_FOR_PARTNER,
    STATUS_BADGES,
    member_request,
    sections_of,
    show_error,
    steps_of,
)
from requests_app.workflow import WorkflowError


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


@login_required
def request_edit(request, pk, step):
    """One step of the request form; every POST saves what is there, complete or not."""
    obj = member_request(request.user, pk)
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
                    show_error(request, exc)
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
        "steps": steps_of(obj, step),
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
    obj = member_request(request.user, pk)
    if request.method == "POST":
        try:
            intake.request_submit(actor=request.user, request_obj=obj)
        except IncompleteRequest as exc:
            show_error(request, exc)
        except WorkflowError as exc:
            current = Request.objects.get(pk=pk)
            if current.status != RequestStatus.DRAFT:
                messages.info(request, _("This request has already been submitted."))
                return redirect("requests:detail", pk=pk)
            show_error(request, exc)
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
            "steps": steps_of(obj, 6),
            "attachments": obj.attachments.all(),
            "sections": sections_of(obj),
        },
    )


@login_required
@require_POST
def request_discard(request, pk):
    obj = member_request(request.user, pk)
    try:
        intake.request_discard(actor=request.user, request_obj=obj)
    except IntakeError as exc:
        show_error(request, exc)
        return redirect("requests:detail", pk=pk)
    messages.success(request, _("The draft has been deleted."))
    return redirect("requests:dashboard")
