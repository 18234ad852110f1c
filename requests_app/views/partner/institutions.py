"""Institution pages: register or join an institution, members and their approval, verification by staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_app import permissions
from requests_app.forms import (
    InstitutionForm,
    InstitutionSearchForm,
    JoinInstitutionForm,
)
from requests_app.models import Institution, Membership
from requests_app.services import institutions
from requests_app.services.intake import IntakeError
from requests_app.views.partner.common import show_error, visible_request


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
                    institutions.institution_create(actor=request.user, **create_form.cleaned_data)
                except IntakeError as exc:
                    create_form.add_error("name", str(exc))
                else:
                    messages.success(request, _("Your institution is registered. You can now prepare a request."))
                    return redirect("requests:dashboard")
        elif "join" in request.POST:
            join_form = JoinInstitutionForm(request.POST, prefix="join")
            if join_form.is_valid():
                try:
                    institutions.membership_request(actor=request.user, institution=join_form.cleaned_data["institution"])
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
                institutions.institution_update(actor=request.user, institution=institution, data=form.cleaned_data)
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
            institutions.membership_approve(actor=request.user, membership=membership)
            messages.success(request, _("%(name)s is now a member.") % {"name": membership.user})
        else:
            institutions.membership_refuse(actor=request.user, membership=membership)
            messages.info(request, _("The request to join of %(name)s was refused.") % {"name": membership.user})
    except IntakeError as exc:
        show_error(request, exc)
    return redirect("requests:members", pk=pk)


@login_required
@require_POST
def institution_verify(request, pk):
    """Staff verify the institution of the request they are screening."""
    if not request.user.is_mieux_staff:
        raise Http404
    obj = visible_request(request.user, pk)
    try:
        institutions.institution_verify(actor=request.user, institution=obj.institution, request_obj=obj)
    except IntakeError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The institution has been verified."))
    return redirect("requests:detail", pk=pk)
