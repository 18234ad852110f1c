"""Activity pages: plan, edit, confirm/postpone/cancel, re-plan, record delivery, download the report."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions import services
from actions.forms import ActivityForm, DeliveryForm, NoteForm, ReplanForm
from actions.models import (
    Activity,
    ActivityEvent,
    ActivityStatus,
)
from actions.permissions import action_flags
from actions.views.common import staff_action, staff_activity, staff_view, visible_action, workspace_view
from actions.workflow import (
    ACTIVITY_TRANSITIONS,
    available_transitions,
)
from mieux.downloads import private_file_response


@staff_view
def activity_create(request, code):
    action = staff_action(code)
    initial = {"country": action.countries[0] if action.countries else "", "languages": ["en"], "required_languages": ["en"]}
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "required_thematic_areas"}
        try:
            activity = services.activity_create(
                actor=request.user, action=action, data=data,
                required_thematic_areas=form.cleaned_data["required_thematic_areas"],
            )
        except services.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Activity “%(title)s” planned.") % {"title": activity.title})
            return redirect(action)
    return render(request, "actions/activity_form.html", {"action": action, "form": form})


@staff_view
def activity_edit(request, code, pk):
    activity = staff_activity(code, pk)
    form = ActivityForm(request.POST or None, instance=Activity.objects.get(pk=activity.pk),
                        postponed=activity.status == ActivityStatus.POSTPONED)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "required_thematic_areas"}
        try:
            services.activity_update(
                actor=request.user, activity=activity, data=data,
                required_thematic_areas=form.cleaned_data["required_thematic_areas"],
            )
        except services.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Activity updated."))
            return redirect(activity)
    return render(request, "actions/activity_form.html", {"action": activity.action, "activity": activity, "form": form})


@workspace_view
def activity_detail(request, code, pk):
    action = visible_action(request, code)
    activity = get_object_or_404(action.activities.select_related("type"), pk=pk)
    activity.action = action
    flags = action_flags(request.user, action)
    events = ActivityEvent.objects.filter(activity=activity).select_related("actor").order_by("-created_at", "-id")
    if not flags["can_manage"]:
        events = events.filter(visible_to_partner=True)
    confirmed = flags["can_manage"] and activity.status == ActivityStatus.CONFIRMED
    today = timezone.localdate()
    context = {
        "action": action,
        "activity": activity,
        "events": list(events),
        "transitions": available_transitions(ACTIVITY_TRANSITIONS, activity.status) if flags["can_manage"] else [],
        "can_deliver": confirmed and activity.start_date <= today,
        # A confirmed activity still ahead: its delivery can be recorded from its start date on.
        "deliverable_from": activity.start_date if confirmed and activity.start_date > today else None,
        "can_record_delivery": flags["can_manage"] and activity.status == ActivityStatus.DELIVERED,
        "can_replan": flags["can_manage"] and activity.status == ActivityStatus.POSTPONED,
        "can_edit": flags["can_manage"] and activity.status != ActivityStatus.CANCELLED,
        "required_thematic_areas": list(activity.required_thematic_areas.all()),
        "note_form": NoteForm(),
        **flags,
    }
    return render(request, "actions/activity_detail.html", context)


@staff_view
@require_POST
def activity_transition(request, code, pk, name):
    activity = staff_activity(code, pk)
    service = {
        "confirm": services.activity_confirm,
        "postpone": services.activity_postpone,
        "cancel": services.activity_cancel,
    }.get(name)
    if service is None:
        raise Http404
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        service(actor=request.user, activity=activity, note=note)
    except services.ActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Activity: %(step)s.") % {"step": ACTIVITY_TRANSITIONS[name].label})
    return redirect(activity)


@staff_view
def activity_replan(request, code, pk):
    activity = staff_activity(code, pk)
    if activity.status != ActivityStatus.POSTPONED:
        messages.error(request, _("Only a postponed activity can be re-planned."))
        return redirect(activity)
    form = ReplanForm(request.POST or None, initial={"start_date": activity.start_date, "end_date": activity.end_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_replan(actor=request.user, activity=activity, **form.cleaned_data)
        except services.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Activity re-planned with new dates."))
            return redirect(activity)
    return render(request, "actions/activity_replan.html", {"action": activity.action, "activity": activity, "form": form})


@staff_view
def activity_delivery(request, code, pk):
    activity = staff_activity(code, pk)
    already = activity.status == ActivityStatus.DELIVERED
    if activity.status not in (ActivityStatus.CONFIRMED, ActivityStatus.DELIVERED):
        messages.error(request, _("Confirm the activity before recording its delivery."))
        return redirect(activity)
    initial = {
        "participants_total": activity.participants_total,
        "participants_women": activity.participants_women,
        "participants_men": activity.participants_men,
    }
    form = DeliveryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("participants_total", "participants_women", "participants_men", "report")}
        try:
            if already:
                services.activity_record_delivery(actor=request.user, activity=activity, **data)
            else:
                services.activity_deliver(actor=request.user, activity=activity, note=form.cleaned_data["note"], **data)
        except services.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Delivery recorded."))
            return redirect(activity)
    return render(
        request, "actions/activity_delivery.html",
        {"action": activity.action, "activity": activity, "form": form, "already": already},
    )


@workspace_view
def activity_report(request, code, pk):
    action = visible_action(request, code)
    activity = get_object_or_404(Activity.objects.filter(action=action), pk=pk)
    if not activity.report:
        raise Http404
    return private_file_response(activity.report, content_type=activity.report_content_type)
