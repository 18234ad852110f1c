"""The expert's own pages: profile, CV, unavailability (also managed by staff from the profile page),
data export, erasure request, dashboard."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from experts import services
from experts.forms import (
    CVForm,
    FeedbackForm,
    LanguageFormSet,
    OwnProfileForm,
    UnavailabilityForm,
)
from experts.models import Deployment, DeploymentStatus, Expert, Unavailability
from experts.views.common import own_profile, save_expert_form, visible_expert
from mieux.legal import privacy_notice_version


@login_required
def profile_edit(request):
    expert = own_profile(request)
    consent_current = services.consent_is_current(expert)
    form = OwnProfileForm(request.POST or None, instance=expert, consent_current=consent_current)
    formset = LanguageFormSet(request.POST or None, instance=expert, prefix="languages")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if save_expert_form(request, form, formset, expert):
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
    expert = own_profile(request)
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
    _add_unavailability(request, own_profile(request), UnavailabilityForm(request.POST))
    return redirect("experts:profile_edit")


@login_required
@require_POST
def unavailability_delete(request, pk):
    period = get_object_or_404(Unavailability, pk=pk, expert=own_profile(request))
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
    expert = visible_expert(request, pk)
    _add_unavailability(request, expert, UnavailabilityForm(request.POST, prefix="unavailability"))
    return redirect("experts:detail", pk=expert.pk)


@login_required
@require_POST
def expert_unavailability_delete(request, pk, period_pk):
    expert = visible_expert(request, pk)
    period = get_object_or_404(Unavailability.objects.select_related("expert"), pk=period_pk, expert=expert)
    _delete_unavailability(request, period)
    return redirect("experts:detail", pk=expert.pk)


@login_required
def my_data(request):
    expert = own_profile(request)
    payload = json.dumps(services.expert_personal_data(expert), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mieux-personal-data-{timezone.localdate().isoformat()}.json"'
    return response


@login_required
@require_POST
def erasure_request(request):
    expert = own_profile(request)
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
