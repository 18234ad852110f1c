"""Workspace pages of Actions and activities: parse input, call one service, render."""

import calendar as pycalendar
import datetime
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions import listing, services
from actions.filters import ActionFilter
from actions.forms import ActionForm, ActivityForm, DeliveryForm, DocumentForm, NoteForm, ReplanForm
from actions.ical import build_calendar
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
from actions.workflow import (
    ACTION_TRANSITIONS,
    ACTIVITY_TRANSITIONS,
    OPEN_ACTIVITY_STATUSES,
    available_transitions,
)
from mieux.models import User

# Programme feeds reach back one year: older activities no longer help anyone plan.
PROGRAMME_FEED_DAYS_BACK = 365


def _not_found_or_sign_in(request):
    """Anonymous visitors get a 404 like everyone who may not see the page, with a way to sign in."""
    login_url = f"{reverse('account_login')}?next={request.get_full_path()}"
    return render(request, "actions/not_found.html", {"login_url": login_url}, status=404)


def workspace_view(view):
    """Signed-in users only; anyone else gets the same 404 as an object they may not see."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _not_found_or_sign_in(request)
        return view(request, *args, **kwargs)

    return wrapper


def staff_view(view):
    """MIEUX+ staff only; everyone else gets a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _not_found_or_sign_in(request)
        if not is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _visible_action(request, code):
    return get_object_or_404(
        Action.objects.visible_to(request.user).select_related("region", "phase", "lead", "institution", "request"),
        code=code,
    )


def _staff_action(code):
    return get_object_or_404(Action.objects.select_related("region", "phase", "lead", "institution"), code=code)


def _staff_activity(code, pk):
    return get_object_or_404(Activity.objects.select_related("action", "type"), action__code=code, pk=pk)


# --- list and creation -------------------------------------------------------------------------------


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
    from requests_app.models import Request, RequestStatus

    plain = Action.objects.select_related("region", "phase", "lead", "institution").prefetch_related("thematic_areas")
    action_filter = ActionFilter(request.GET or None, queryset=plain)
    actions = action_filter.qs if action_filter.is_bound else action_filter.queryset
    page = Paginator(actions.order_by("-planned_start", "code"), 25).get_page(request.GET.get("page"))
    page.object_list = listing.annotate_page(page.object_list)  # figures for the shown rows only
    querystring = request.GET.copy()
    querystring.pop("page", None)
    pending, pending_total = listing.pending_requests(
        Request.objects.filter(status=RequestStatus.APPROVED, action__isnull=True)
        .select_related("institution").order_by("decided_at")
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
    from requests_app.models import Request

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
    action = _visible_action(request, code)
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
    action = _staff_action(code)
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
    action = _staff_action(code)
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
    action = _staff_action(code)
    try:
        if request.POST.get("publish") == "0":
            services.action_unpublish(actor=request.user, action=action)
            messages.success(request, _("The Action is no longer public."))
        else:
            services.action_publish(actor=request.user, action=action)
            messages.success(request, _("The Action is now public."))
    except services.ActionError as exc:
        messages.error(request, str(exc))
    return redirect(action)


@staff_view
def document_upload(request, code):
    action = _staff_action(code)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
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
    action = _staff_action(code)
    document = get_object_or_404(ActionDocument.objects.filter(action=action), pk=pk)
    services.document_delete(actor=request.user, document=document)
    messages.success(request, _("Document removed."))
    return redirect(action)


@workspace_view
def document_download(request, code, pk):
    action = _visible_action(request, code)
    documents = ActionDocument.objects.filter(action=action)
    if not is_staff(request.user):
        documents = documents.filter(visible_to_partner=True)
    document = get_object_or_404(documents, pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


# --- activities ---------------------------------------------------------------------------------------


@staff_view
def activity_create(request, code):
    action = _staff_action(code)
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
    activity = _staff_activity(code, pk)
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
    action = _visible_action(request, code)
    activity = get_object_or_404(action.activities.select_related("type"), pk=pk)
    activity.action = action
    flags = action_flags(request.user, action)
    events = ActivityEvent.objects.filter(activity=activity).select_related("actor").order_by("-created_at", "-id")
    if not flags["can_manage"]:
        events = events.filter(visible_to_partner=True)
    context = {
        "action": action,
        "activity": activity,
        "events": list(events),
        "transitions": available_transitions(ACTIVITY_TRANSITIONS, activity.status) if flags["can_manage"] else [],
        "can_deliver": flags["can_manage"] and activity.status == ActivityStatus.CONFIRMED,
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
    activity = _staff_activity(code, pk)
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
    activity = _staff_activity(code, pk)
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
    activity = _staff_activity(code, pk)
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
    action = _visible_action(request, code)
    activity = get_object_or_404(Activity.objects.filter(action=action), pk=pk)
    if not activity.report:
        raise Http404
    return FileResponse(activity.report.open("rb"), as_attachment=True, filename=activity.report.name.rsplit("/", 1)[-1])


# --- calendars ------------------------------------------------------------------------------------------


def _month_from(value):
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


@staff_view
def calendar_month(request):
    first = _month_from(request.GET.get("month"))
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    params = request.GET.copy()
    params.pop("month", None)
    params.pop("day", None)
    params.pop("page", None)
    action_filter = ActionFilter(params or None, queryset=Action.objects.all())
    actions = action_filter.qs if action_filter.is_bound else Action.objects.all()
    day = parse_date(request.GET.get("day") or "") if (request.GET.get("day") or "")[:7] == f"{first:%Y-%m}" else None
    weeks, activities = listing.month_calendar(
        Activity.objects.filter(action__in=actions.order_by().values("pk")), first, last,
        day=day, page=request.GET.get("page"),
    )
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = last + datetime.timedelta(days=1)
    filter_query = params.urlencode()
    context = {
        "filter": action_filter,
        "month": first,
        "weeks": weeks,
        "activities": activities,
        "day": day,
        "weekdays": [datetime.date(2024, 1, 1) + datetime.timedelta(days=i) for i in range(7)],  # a Monday
        "previous_month": previous_month,
        "next_month": next_month,
        "filter_query": filter_query,
        "today": timezone.localdate(),
        "programme_feed_url": request.build_absolute_uri(
            reverse("actions:programme_feed", args=[request.user.calendar_token])
        ),
    }
    return render(request, "actions/calendar.html", context)


def _feed_user(token):
    return get_object_or_404(User.objects.filter(is_active=True), calendar_token=token)


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def programme_feed(request, token):
    """Every activity the token's owner may see (staff: the whole programme), as iCalendar."""
    user = _feed_user(token)
    since = timezone.localdate() - datetime.timedelta(days=PROGRAMME_FEED_DAYS_BACK)
    activities = (
        Activity.objects.filter(action__in=Action.objects.visible_to(user).values("pk"), end_date__gte=since)
        .select_related("action", "type")
        .order_by("start_date", "id")
    )
    content = build_calendar(activities, name=_("MIEUX+ programme"), description=_("Activities of MIEUX+ Actions"))
    return _ics_response(content, "mieux-programme.ics")


def action_feed(request, token, code):
    """The activities of one Action, as iCalendar, for a user who may see it."""
    user = _feed_user(token)
    action = get_object_or_404(Action.objects.visible_to(user), code=code)
    activities = action.activities.select_related("action", "type").order_by("start_date", "id")
    content = build_calendar(activities, name=f"{action.code} – {action.title}", description=action.title)
    return _ics_response(content, f"{action.code}.ics")
