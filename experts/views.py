"""Views of the roster, profiles, matching and deployments: parse input, call one service, render."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.models import Activity
from experts import services
from experts.filters import RosterFilter
from experts.forms import (
    CVForm,
    ExpertForm,
    FeedbackForm,
    LanguageFormSet,
    OwnProfileForm,
    RatingForm,
    UnavailabilityForm,
    languages_from_formset,
)
from experts.matching import rank_experts
from experts.models import Deployment, DeploymentStatus, Expert, ExpertLanguage, Unavailability
from experts.permissions import can_view_expert
from experts.workflow import TRANSITIONS
from mieux.legal import privacy_notice_version
from mieux.models import User

ROSTER_PAGE_SIZE = 50
MATCH_LIMIT = 20  # the top candidates; "Show more candidates" adds as many again


def _require_staff(request):
    if not request.user.is_mieux_staff:
        raise Http404


def _own_profile(request):
    if not request.user.is_expert:
        raise Http404
    return get_object_or_404(Expert, user=request.user, erased_at__isnull=True)


def _visible_expert(request, pk):
    """Staff see every profile; an expert sees only their own; everyone else nothing (404)."""
    expert = get_object_or_404(Expert.objects.select_related("employer_type", "user"), pk=pk)
    if not can_view_expert(request.user, expert):
        raise Http404
    return expert


def _next_or(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


# --- roster and profiles (staff) -----------------------------------------------------------------


@login_required
def roster(request):
    _require_staff(request)
    queryset = Expert.objects.select_related("employer_type").prefetch_related(
        "thematic_areas", Prefetch("languages", queryset=ExpertLanguage.objects.order_by("language"))
    )
    filterset = RosterFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs.order_by("last_name", "first_name", "pk"), ROSTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "experts/roster.html", {"filter": filterset, "page": page, "query": query.urlencode(), "can_create": True}
    )


@login_required
def expert_detail(request, pk):
    expert = _visible_expert(request, pk)
    is_staff = request.user.is_mieux_staff
    deployments = Deployment.objects.filter(expert=expert).select_related("activity__action").order_by(
        "-activity__start_date"
    )
    return render(
        request,
        "experts/detail.html",
        {
            "expert": expert,
            "expert_languages": expert.languages.all(),
            "unavailabilities": expert.unavailabilities.all(),
            "deployments": deployments,
            "is_staff": is_staff,
            "can_edit": services.can_edit_profile(request.user, expert) and is_staff,
            "can_edit_own": services.can_edit_profile(request.user, expert) and not is_staff,
            "can_manage_unavailability": services.can_edit_profile(request.user, expert),
            "unavailability_form": UnavailabilityForm(prefix="unavailability"),
            "can_invite_claim": is_staff and not expert.is_erased and bool(expert.email),
            "can_erase": is_staff and not expert.is_erased,
            "consent_current": services.consent_is_current(expert),
        },
    )


def _save_expert_form(request, form, formset, expert=None):
    try:
        return services.expert_save(
            actor=request.user,
            expert=form.save(commit=False),
            thematic_areas=form.cleaned_data.get("thematic_areas"),
            regions=form.cleaned_data.get("regions_experience"),
            languages=languages_from_formset(formset),
        )
    except services.ExpertError as exc:
        form.add_error(None, str(exc))
        return None


@login_required
def expert_create(request):
    _require_staff(request)
    form = ExpertForm(request.POST or None)
    formset = LanguageFormSet(request.POST or None, prefix="languages")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        expert = _save_expert_form(request, form, formset)
        if expert:
            messages.success(request, _("The profile of %(name)s was created.") % {"name": expert.full_name})
            return redirect(expert.get_absolute_url())
    return render(request, "experts/form.html", {"form": form, "formset": formset, "expert": None})


@login_required
def expert_edit(request, pk):
    _require_staff(request)
    expert = get_object_or_404(Expert, pk=pk, erased_at__isnull=True)
    form = ExpertForm(request.POST or None, instance=expert)
    formset = LanguageFormSet(request.POST or None, instance=expert, prefix="languages")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if _save_expert_form(request, form, formset, expert):
            messages.success(request, _("The profile was saved."))
            return redirect(expert.get_absolute_url())
    return render(request, "experts/form.html", {"form": form, "formset": formset, "expert": expert})


@login_required
@require_POST
def expert_invite_claim(request, pk):
    _require_staff(request)
    expert = get_object_or_404(Expert, pk=pk)
    try:
        services.expert_invite_to_claim(actor=request.user, expert=expert)
        messages.success(request, _("An invitation to claim the profile was sent to %(email)s.") % {"email": expert.email})
    except services.ExpertError as exc:
        messages.error(request, str(exc))
    return redirect(expert.get_absolute_url())


@login_required
@require_POST
def expert_erase(request, pk):
    _require_staff(request)
    expert = get_object_or_404(Expert, pk=pk)
    try:
        services.expert_erase(actor=request.user, expert=expert)
        messages.success(request, _("The profile was anonymised. Its personal data is gone."))
    except services.ExpertError as exc:
        messages.error(request, str(exc))
    return redirect(expert.get_absolute_url())


@login_required
def expert_cv(request, pk):
    expert = _visible_expert(request, pk)
    if not expert.cv:
        raise Http404
    try:
        handle = expert.cv.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=expert.cv.name.rsplit("/", 1)[-1])


# --- the expert's own pages ------------------------------------------------------------------------


@login_required
def profile_edit(request):
    expert = _own_profile(request)
    consent_current = services.consent_is_current(expert)
    form = OwnProfileForm(request.POST or None, instance=expert, consent_current=consent_current)
    formset = LanguageFormSet(request.POST or None, instance=expert, prefix="languages")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if _save_expert_form(request, form, formset, expert):
            if not consent_current:
                services.expert_give_consent(actor=request.user, expert=expert)
            messages.success(request, _("Your profile was saved."))
            return redirect("experts:dashboard")
    return render(
        request,
        "experts/profile_edit.html",
        {
            "form": form,
            "formset": formset,
            "expert": expert,
            "cv_form": CVForm(),
            "unavailability_form": UnavailabilityForm(),
            "unavailabilities": expert.unavailabilities.all(),
            "consent_current": consent_current,
            "notice_version": privacy_notice_version(),
        },
    )


@login_required
@require_POST
def profile_cv(request):
    expert = _own_profile(request)
    form = CVForm(request.POST, request.FILES)
    if form.is_valid():
        services.expert_set_cv(actor=request.user, expert=expert, uploaded=form.cleaned_data["cv"])
        messages.success(request, _("Your CV was uploaded."))
    else:
        for error in form.errors.get("cv", []):
            messages.error(request, error)
    return redirect("experts:profile_edit")


@login_required
@require_POST
def unavailability_add(request):
    _add_unavailability(request, _own_profile(request), UnavailabilityForm(request.POST))
    return redirect("experts:profile_edit")


@login_required
@require_POST
def unavailability_delete(request, pk):
    period = get_object_or_404(Unavailability, pk=pk, expert=_own_profile(request))
    _delete_unavailability(request, period)
    return redirect("experts:profile_edit")


def _add_unavailability(request, expert, form):
    """Add a period through the service and say how it went (shared by the expert's and staff's pages)."""
    if form.is_valid():
        try:
            services.unavailability_add(actor=request.user, expert=expert, **form.cleaned_data)
            messages.success(request, _("The unavailability period was added."))
        except services.ExpertError as exc:
            messages.error(request, str(exc))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)


def _delete_unavailability(request, period):
    try:
        services.unavailability_delete(actor=request.user, period=period)
        messages.success(request, _("The unavailability period was removed."))
    except services.ExpertError as exc:
        messages.error(request, str(exc))


# --- unavailability managed from the profile page (staff, or the expert themself) ----------------


@login_required
@require_POST
def expert_unavailability_add(request, pk):
    expert = _visible_expert(request, pk)
    _add_unavailability(request, expert, UnavailabilityForm(request.POST, prefix="unavailability"))
    return redirect("experts:detail", pk=expert.pk)


@login_required
@require_POST
def expert_unavailability_delete(request, pk, period_pk):
    expert = _visible_expert(request, pk)
    period = get_object_or_404(Unavailability.objects.select_related("expert"), pk=period_pk, expert=expert)
    _delete_unavailability(request, period)
    return redirect("experts:detail", pk=expert.pk)


@login_required
def my_data(request):
    expert = _own_profile(request)
    payload = json.dumps(services.expert_personal_data(expert), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mieux-personal-data-{timezone.localdate().isoformat()}.json"'
    return response


@login_required
@require_POST
def erasure_request(request):
    expert = _own_profile(request)
    try:
        services.expert_request_erasure(actor=request.user, expert=expert)
        messages.success(request, _("Your request was sent. The MIEUX+ team will erase your personal data and confirm."))
    except services.ExpertError as exc:
        messages.error(request, str(exc))
    return redirect("experts:dashboard")


@login_required
def expert_dashboard(request):
    if not request.user.is_expert:
        raise Http404
    profile = Expert.objects.filter(user=request.user, erased_at__isnull=True).first()
    context = {"profile": profile, "invitations": [], "upcoming": [], "past": []}
    if profile is not None:
        today = timezone.localdate()
        deployments = list(
            Deployment.objects.filter(expert=profile)
            .exclude(status=DeploymentStatus.PROPOSED)
            .select_related("activity__action", "activity__type")
            .order_by("activity__start_date")
        )
        context["invitations"] = [d for d in deployments if d.status == DeploymentStatus.INVITED]
        context["upcoming"] = [
            d for d in deployments
            if d.status in (DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED) and d.activity.end_date >= today
        ]
        context["past"] = [
            d for d in reversed(deployments)
            if d.status == DeploymentStatus.COMPLETED
            or (d.status in (DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED) and d.activity.end_date < today)
        ]
        context["closed"] = [d for d in deployments if d.status in (DeploymentStatus.DECLINED, DeploymentStatus.CANCELLED)]
        context["feedback_form"] = FeedbackForm()
        context["calendar_url"] = request.build_absolute_uri(
            reverse("experts:calendar", args=[request.user.calendar_token])
        )
        context["consent_current"] = services.consent_is_current(profile)
    return render(request, "experts/dashboard.html", context)


# --- matching and deployments ----------------------------------------------------------------------


@login_required
def match(request, activity_pk):
    _require_staff(request)
    activity = get_object_or_404(Activity.objects.select_related("action__region", "type"), pk=activity_pk)
    show_unavailable = request.GET.get("show_unavailable") == "1"
    try:
        limit = max(10, min(int(request.GET.get("limit", MATCH_LIMIT)), 500))
    except ValueError:
        limit = MATCH_LIMIT
    ranking = rank_experts(activity, include_unavailable=show_unavailable)
    return render(
        request,
        "experts/match.html",
        {
            "activity": activity,
            "action": activity.action,
            "ranking": ranking,
            "candidates": ranking.candidates[:limit],
            "unavailable": ranking.unavailable[:limit],
            "total": len(ranking.candidates),
            "limit": limit,
            "more_limit": limit + MATCH_LIMIT if len(ranking.candidates) > limit else None,
            "show_unavailable": show_unavailable,
            "can_propose": activity.status not in ("cancelled", "delivered"),
        },
    )


@login_required
@require_POST
def match_propose(request, activity_pk):
    _require_staff(request)
    activity = get_object_or_404(Activity, pk=activity_pk)
    expert = get_object_or_404(Expert, pk=request.POST.get("expert"))
    error = None
    try:
        if request.POST.get("do") == "invite":
            services.deployment_propose_and_invite(actor=request.user, activity=activity, expert=expert)
            done = _("%(name)s was invited by e-mail.") % {"name": expert.full_name}
        else:
            services.deployment_propose(actor=request.user, activity=activity, expert=expert)
            done = _("%(name)s was proposed.") % {"name": expert.full_name}
    except (services.DeploymentError, services.ExpertError) as exc:
        error = str(exc)
    if request.htmx:
        # Only the candidate's button cell changes: no need to rank the roster again.
        deployment = Deployment.objects.filter(activity=activity, expert=expert).first()
        return render(
            request,
            "experts/_match_actions.html",
            {
                "activity": activity, "expert_id": expert.pk, "name": expert.full_name, "available": True,
                "can_propose": True, "error": error,
                "status": deployment.status if deployment else "",
                "status_label": deployment.get_status_display() if deployment else "",
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return _next_or(request, reverse("experts:match", args=[activity.pk]))


@login_required
@require_POST
def deployment_transition(request, pk, name):
    deployment = get_object_or_404(Deployment.objects.select_related("expert", "activity__action"), pk=pk)
    user = request.user
    if not (user.is_mieux_staff or (user.is_expert and deployment.expert.user_id == user.pk)):
        raise Http404
    if name not in services.TRANSITION_SERVICES:
        raise Http404
    service = services.TRANSITION_SERVICES[name]
    kwargs = {"actor": user, "deployment": deployment}
    if name in ("cancel", "decline"):
        kwargs["note"] = request.POST.get("note", "")[:2000]
    try:
        service(**kwargs)
        messages.success(
            request, _("%(name)s: %(label)s.") % {"name": deployment.expert.full_name, "label": TRANSITIONS[name].label}
        )
    except (services.DeploymentError, services.ExpertError) as exc:
        messages.error(request, str(exc))
    fallback = deployment.activity.get_absolute_url() if user.is_mieux_staff else "experts:dashboard"
    return _next_or(request, fallback)


@login_required
@require_POST
def deployment_feedback(request, pk):
    deployment = get_object_or_404(Deployment, pk=pk, expert__user=request.user)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.deployment_give_feedback(actor=request.user, deployment=deployment, **form.cleaned_data)
            messages.success(request, _("Thank you for your feedback."))
        except services.DeploymentError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Please answer both questions."))
    return redirect("experts:dashboard")


@login_required
@require_POST
def deployment_rate(request, pk):
    _require_staff(request)
    deployment = get_object_or_404(Deployment.objects.select_related("activity__action"), pk=pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.deployment_rate(actor=request.user, deployment=deployment, **form.cleaned_data)
            messages.success(request, _("The rating was saved."))
        except services.DeploymentError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return _next_or(request, deployment.activity.get_absolute_url())


def invitation(request, token):
    """Accept or decline from the e-mail's signed link, without signing in."""
    try:
        deployment = services.deployment_from_token(token)
    except services.InvitationLinkError as exc:
        return render(
            request, "experts/invitation_invalid.html", {"message": str(exc), "expired": exc.expired}, status=400
        )
    if request.method == "POST":
        answer = request.POST.get("answer")
        # The signed link speaks for the invited expert, whoever's browser it is opened in (staff excepted).
        staff = request.user.is_authenticated and request.user.is_mieux_staff
        actor = request.user if staff else deployment.expert.user
        try:
            if answer == "accept":
                services.deployment_accept(actor=actor, deployment=deployment, via_link=True)
                messages.success(request, _("Thank you: you accepted the invitation. The MIEUX+ team will confirm."))
            elif answer == "decline":
                services.deployment_decline(
                    actor=actor, deployment=deployment, via_link=True, note=request.POST.get("note", "")[:2000]
                )
                messages.success(request, _("You declined the invitation. Thank you for letting us know."))
            else:
                raise Http404
        except services.DeploymentError as exc:
            messages.error(request, str(exc))
        return redirect("experts:invitation", token=token)
    deployment.refresh_from_db()
    return render(
        request,
        "experts/invitation.html",
        {"deployment": deployment, "activity": deployment.activity, "can_answer": deployment.status == DeploymentStatus.INVITED},
    )


def calendar_feed(request, token):
    """The expert's iCalendar feed of their accepted, confirmed and completed deployments."""
    from icalendar import Calendar

    from actions.ical import PRODID, activity_vevent

    user = get_object_or_404(User, calendar_token=token, is_active=True, role="expert")
    deployments = (
        Deployment.objects.filter(
            expert__user=user,
            status__in=(DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED),
        )
        .select_related("activity__action", "activity__type")
        .order_by("activity__start_date")
    )
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("MIEUX+ deployments"))
    for deployment in deployments:
        prefix = "" if deployment.status != DeploymentStatus.ACCEPTED else f"[{deployment.get_status_display()}] "
        cal.add_component(
            activity_vevent(
                deployment.activity,
                summary_prefix=prefix,
                extra_description=_("Your role: %(role)s") % {"role": deployment.get_role_display()},
            )
        )
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mieux-deployments.ics"'
    return response

