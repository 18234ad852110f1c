"""The roster and expert profiles as staff see them: list, detail, create, edit, invite to claim, erase,
CV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from experts import services
from experts.filters import RosterFilter
from experts.forms import (
    ExpertForm,
    LanguageFormSet,
    UnavailabilityForm,
)
from experts.models import Deployment, Expert, ExpertLanguage
from experts.views.common import require_staff, save_expert_form, visible_expert
from mieux.downloads import private_file_response

ROSTER_PAGE_SIZE = 50


@login_required
def roster(request):
    require_staff(request)
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
    expert = visible_expert(request, pk)
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


@login_required
def expert_create(request):
    require_staff(request)
    form = ExpertForm(request.POST or None)
    formset = LanguageFormSet(request.POST or None, prefix="languages")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        expert = save_expert_form(request, form, formset)
        if expert:
            messages.success(request, _("The profile of %(name)s was created.") % {"name": expert.full_name})
            return redirect(expert.get_absolute_url())
    return render(request, "experts/form.html", {"form": form, "formset": formset, "expert": None})


@login_required
def expert_edit(request, pk):
    require_staff(request)
    expert = get_object_or_404(Expert, pk=pk, erased_at__isnull=True)
    form = ExpertForm(request.POST or None, instance=expert)
    formset = LanguageFormSet(request.POST or None, instance=expert, prefix="languages")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if save_expert_form(request, form, formset, expert):
            messages.success(request, _("The profile was saved."))
            return redirect(expert.get_absolute_url())
    return render(request, "experts/form.html", {"form": form, "formset": formset, "expert": expert})


@login_required
@require_POST
def expert_invite_claim(request, pk):
    require_staff(request)
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
    require_staff(request)
    expert = get_object_or_404(Expert, pk=pk)
    try:
        services.expert_erase(actor=request.user, expert=expert)
        messages.success(request, _("The profile was anonymised. Its personal data is gone."))
    except services.ExpertError as exc:
        messages.error(request, str(exc))
    return redirect(expert.get_absolute_url())


@login_required
def expert_cv(request, pk):
    expert = visible_expert(request, pk)
    if not expert.cv:
        raise Http404
    return private_file_response(expert.cv, content_type=expert.cv_content_type)
