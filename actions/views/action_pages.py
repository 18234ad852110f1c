"""The Actions list, the partner's and expert's own Actions, creating an Action from a request, the
Action page, its steps, publication and documents."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions import documents as document_services
from actions import listing, request_links, services
from actions.filters import ActionFilter
from actions.forms import ActionForm, DocumentForm, NoteForm
from actions.models import (
    Action,
    ActionDocument,
    ActionEvent,
    ActionStatus,
    Activity,
    ActivityEvent,
    ActivityStatus,
)
from actions.permissions import action_flags, is_staff
from actions.views.common import staff_action, staff_view, visible_action, workspace_view
from actions.workflow import (
    ACTION_TRANSITIONS,
    OPEN_ACTIVITY_STATUSES,
    available_transitions,
)
from mieux.downloads import private_file_response
from requests_app.models import Request


def _annotated_actions():
    today = timezone.localdate()
    return (
        Action.objects.select_related("region", "phase", "lead", "institution")
        .prefetch_related("thematic_areas")
        .annotate(
            n_activities=Count("activities", distinct=True),
            n_delivered=Count("activities", filter=Q(activities__status=ActivityStatus.DELIVERED), distinct=True),
            next_activity=Min(
                "activities__start_date",
                filter=Q(activities__status__in=OPEN_ACTIVITY_STATUSES, activities__start_date__gte=today),
            ),
        )
    )


@staff_view
def action_list(request):
    plain = Action.objects.select_related("region", "phase", "lead", "institution").prefetch_related("thematic_areas")
    action_filter = ActionFilter(request.GET or None, queryset=plain)
    actions = action_filter.qs if action_filter.is_bound else action_filter.queryset
    page = Paginator(actions.order_by("-planned_start", "code"), 25).get_page(request.GET.get("page"))
    page.object_list = listing.annotate_page(page.object_list)  # figures for the shown rows only
    querystring = request.GET.copy()
    querystring.pop("page", None)
    pending, pending_total = listing.pending_requests(
        request_links.awaiting_action().select_related("institution")
    )
    context = {
        "filter": action_filter,
        "page": page,
        "querystring": querystring.urlencode(),
        "pending_requests": pending,
        "pending_total": pending_total,
        "publish_suggestions": Action.objects.filter(status=ActionStatus.ONGOING, is_public=False).count(),
    }
    if request.htmx and request.htmx.target == "action-results":
        return render(request, "actions/_action_table.html", context)
    return render(request, "actions/action_list.html", context)


@workspace_view
def my_actions(request):
    """The Actions a partner or an expert follows, with what comes next; staff go to the full list."""
    if is_staff(request.user):
        return redirect("actions:list")
    actions = _annotated_actions().filter(pk__in=Action.objects.visible_to(request.user).values("pk"))
    today = timezone.localdate()
    upcoming = (
        Activity.objects.filter(action__in=actions.values("pk"), end_date__gte=today)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("action", "type")
        .order_by("start_date", "id")[:10]
    )
    context = {
        "actions": actions.order_by("-planned_start", "code"),
        "upcoming": upcoming,
        "programme_feed_url": request.build_absolute_uri(
            reverse("actions:programme_feed", args=[request.user.calendar_token])
        ),
    }
    return render(request, "actions/my_actions.html", context)


@staff_view
def action_create_from_request(request, pk):
    req = get_object_or_404(Request.objects.select_related("institution", "region", "phase"), pk=pk)
    existing = Action.objects.filter(request=req).first()
    if request.method == "POST":
        try:
            action = services.action_create_from_request(actor=request.user, request=req)
        except services.ActionError as exc:
            messages.error(request, str(exc))
            if existing is not None:
                return redirect(existing)
            return redirect("actions:create_from_request", pk=req.pk)
        messages.success(request, _("Action %(code)s created from the request. Plan its activities next.") % {"code": action.code})
        return redirect(action)
    return render(request, "actions/create_from_request.html", {"req": req, "existing": existing})


# --- Action page ---------------------------------------------------------------------------------------


def _timeline(action, activities, staff):
    action_events = ActionEvent.objects.filter(action=action).select_related("actor")
    activity_events = ActivityEvent.objects.filter(activity__action=action).select_related("actor")
    if not staff:
        action_events = action_events.filter(visible_to_partner=True)
        activity_events = activity_events.filter(visible_to_partner=True)
    by_id = {a.pk: a for a in activities}
    events = list(action_events)
    for event in activity_events:
        event.activity_obj = by_id.get(event.activity_id)
        events.append(event)
    events.sort(key=lambda e: (e.created_at, e.pk), reverse=True)
    return events


@workspace_view
def action_detail(request, code):
    action = visible_action(request, code)
    flags = action_flags(request.user, action)
    activities = list(action.activities.select_related("type").order_by("start_date", "end_date", "id"))
    for activity in activities:
        activity.action = action  # `outside_action_dates` reads the Action; no query per row
    documents = action.documents.select_related("uploaded_by")
    if not flags["can_manage"]:
        documents = documents.filter(visible_to_partner=True)
    delivered = [a for a in activities if a.status == ActivityStatus.DELIVERED]
    context = {
        "action": action,
        "activities": activities,
        "documents": list(documents),
        "events": _timeline(action, activities, flags["can_manage"]),
        "thematic_areas": list(action.thematic_areas.all()),
        "transitions": available_transitions(ACTION_TRANSITIONS, action.status) if flags["can_manage"] else [],
        "suggest_publish": flags["can_manage"] and action.status == ActionStatus.ONGOING and not action.is_public,
        "participants_total": sum(a.participants_total or 0 for a in delivered),
        "n_delivered": len(delivered),
        "n_outside": sum(1 for a in activities if a.outside_action_dates),
        "feed_url": request.build_absolute_uri(
            reverse("actions:action_feed", args=[request.user.calendar_token, action.code])
        ),
        **flags,
    }
    return render(request, "actions/detail.html", context)


@staff_view
def action_edit(request, code):
    action = staff_action(code)
    form = ActionForm(request.POST or None, instance=Action.objects.get(pk=action.pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "thematic_areas"}
        try:
            services.action_update(actor=request.user, action=action, data=data, thematic_areas=form.cleaned_data["thematic_areas"])
        except services.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Action updated."))
            return redirect(action)
    return render(request, "actions/action_form.html", {"action": action, "form": form})


@staff_view
@require_POST
def action_transition(request, code, name):
    action = staff_action(code)
    if name not in ACTION_TRANSITIONS:
        raise Http404
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.action_transition(actor=request.user, action=action, name=name, note=note)
    except services.ActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Action: %(step)s.") % {"step": ACTION_TRANSITIONS[name].label})
    return redirect(action)


@staff_view
@require_POST
def action_publish(request, code):
    action = staff_action(code)
    try:
        if request.POST.get("publish") == "0":
            services.action_unpublish(actor=request.user, action=action)
            messages.success(request, _("The Action is no longer public."))
        else:
            services.action_publish(actor=request.user, action=action, summary=request.POST.get("summary"))
            messages.success(request, _("The Action is now public."))
    except services.SummaryMissing as exc:
        messages.error(request, str(exc))
        return redirect(reverse("actions:edit", args=[action.code]) + "#id_summary")
    except services.ActionError as exc:
        messages.error(request, str(exc))
    return redirect(action)


@staff_view
def document_upload(request, code):
    action = staff_action(code)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_services.document_upload(
                actor=request.user, action=action, title=form.cleaned_data["title"], file=form.cleaned_data["file"],
                visible_to_partner=form.cleaned_data["visible_to_partner"],
            )
        except services.ActionError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Document added."))
            return redirect(action)
    return render(request, "actions/document_form.html", {"action": action, "form": form})


@staff_view
@require_POST
def document_delete(request, code, pk):
    action = staff_action(code)
    document = get_object_or_404(ActionDocument.objects.filter(action=action), pk=pk)
    document_services.document_delete(actor=request.user, document=document)
    messages.success(request, _("Document removed."))
    return redirect(action)


@workspace_view
def document_download(request, code, pk):
    action = visible_action(request, code)
    documents = ActionDocument.objects.filter(action=action)
    if not is_staff(request.user):
        documents = documents.filter(visible_to_partner=True)
    document = get_object_or_404(documents, pk=pk)
    return private_file_response(document.file, content_type=document.content_type)
