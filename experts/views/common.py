"""What the expert pages share: staff-only access, the user's own profile, a profile the user may see, a
safe `next`."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from experts import services
from experts.forms import languages_from_formset
from experts.models import Expert
from experts.permissions import can_view_expert


def require_staff(request):
    if not request.user.is_mieux_staff:
        raise Http404


def own_profile(request):
    if not request.user.is_expert:
        raise Http404
    return get_object_or_404(Expert, user=request.user, erased_at__isnull=True)


def visible_expert(request, pk):
    """Staff see every profile; an expert sees only their own; everyone else nothing (404)."""
    expert = get_object_or_404(Expert.objects.select_related("employer_type", "user"), pk=pk)
    if not can_view_expert(request.user, expert):
        raise Http404
    return expert


def next_or(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def save_expert_form(request, form, formset, expert=None):
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
