"""After submission: the request page with its timeline, answers to questions, withdrawal and messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_app import followup, permissions
from requests_app.forms import (
    AnswerForm,
    MessageForm,
    WithdrawForm,
)
from requests_app.models import Request, RequestStatus
from requests_app.services import intake
from requests_app.services.intake import IncompleteRequest, IntakeError
from requests_app.views.partner.common import (
    NEXT_FOR_PARTNER,
    STATUS_BADGES,
    event_label,
    member_request,
    sections_of,
    show_error,
    steps_of,
    visible_request,
)
from requests_app.workflow import WorkflowError


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
    obj = visible_request(user, pk)
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
        "sections": sections_of(obj),
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
    obj = member_request(request.user, pk)
    if obj.status != RequestStatus.INFO_REQUESTED:
        messages.info(request, _("No information is being asked of you on this request."))
        return redirect("requests:detail", pk=pk)
    form = AnswerForm(request.POST or None)
    missing = intake.missing_items(obj)
    if request.method == "POST" and form.is_valid():
        try:
            intake.request_resubmit(actor=request.user, request_obj=obj, answer=form.cleaned_data["answer"])
        except IncompleteRequest as exc:
            show_error(request, exc)
            missing = exc.items
        except WorkflowError as exc:
            show_error(request, exc)
            return redirect("requests:detail", pk=pk)
        else:
            messages.success(request, _("Your answer has been sent and the request resubmitted."))
            return redirect("requests:detail", pk=pk)
    question = obj.events.filter(transition="request_info").order_by("-created_at", "-id").first()
    return render(
        request, "requests_app/request_answer.html",
        {"obj": obj, "form": form, "question": question, "missing": missing, "steps": steps_of(obj, 0)},
    )


@login_required
def request_withdraw(request, pk):
    obj = member_request(request.user, pk)
    if not permissions.can_withdraw_request(request.user, obj):
        messages.info(request, _("This request can no longer be withdrawn."))
        return redirect("requests:detail", pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intake.request_withdraw(actor=request.user, request_obj=obj, reason=form.cleaned_data["reason"])
        except WorkflowError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The request has been withdrawn."))
        return redirect("requests:detail", pk=pk)
    return render(request, "requests_app/request_withdraw.html", {"obj": obj, "form": form})


@login_required
@require_POST
def message_post(request, pk):
    obj = visible_request(request.user, pk)
    if not permissions.can_post_message(request.user, obj):
        raise Http404
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            intake.message_post(actor=request.user, request_obj=obj, body=form.cleaned_data["body"])
        except IntakeError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Your message has been sent."))
    else:
        messages.error(request, _("The message is empty."))
    return redirect(reverse("requests:detail", args=[pk]) + "#messages")
