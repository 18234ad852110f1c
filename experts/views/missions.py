"""Mission pages of a deployment: staff and the deployed expert only (everyone else gets a 404).

Money shows here and nowhere a partner can reach: the expert sees their own allowance, fee and tickets.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from experts import logistics, mission_reports
from experts.documents import DocumentError, mission_document_pdf
from experts.logistics_models import DocumentKind, MissionReport
from experts.mission_forms import (
    AllowanceOverrideForm,
    MissionReportForm,
    ReleaseLetterForm,
    ReportReviewForm,
    TravelForm,
)
from experts.models import Deployment, DeploymentStatus

EXPERT_VISIBLE = (DeploymentStatus.INVITED, DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED)


def _deployment(request, pk):
    """The deployment if `request.user` is staff or its expert (and it concerns them), else 404."""
    deployment = get_object_or_404(
        Deployment.objects.select_related("activity__action", "expert__user", "expert__employer_type"), pk=pk
    )
    user = request.user
    if user.is_mieux_staff:
        return deployment
    if user.is_expert and deployment.expert.user_id == user.pk and deployment.status in EXPERT_VISIBLE:
        return deployment
    raise Http404


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_mieux_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _history(mission):
    """The mission's last changes, each with a readable label of what changed."""
    labels = {"travel": _("Travel"), "allowance override": _("Allowance set by hand"),
              "release letter": _("Employer's release letter")}
    rows = list(mission.history.select_related("history_user").order_by("-history_date")[:20])
    for row in rows:
        row.label = labels.get(row.history_change_reason or "", _("Created"))
    return rows


def _context(request, deployment, **extra):
    mission = logistics.mission_for(deployment)
    report = MissionReport.objects.filter(deployment=deployment).first()
    staff = request.user.is_mieux_staff
    return {
        "deployment": deployment, "activity": deployment.activity, "action": deployment.activity.action,
        "expert": deployment.expert, "mission": mission, "report": report,
        "allowance": logistics.allowance_compute(deployment, mission), "fee": logistics.fee_compute(deployment),
        "release_letter_required": logistics.release_letter_required(deployment),
        "missing": logistics.missing_items(deployment), "report_due": mission_reports.report_is_due(deployment),
        "document_kinds": DocumentKind.choices, "is_staff": staff,
        "history": _history(mission) if staff and mission.pk else [],
        "travel_form": TravelForm(instance=mission) if staff else None,
        "override_form": AllowanceOverrideForm(initial={"amount": mission.allowance_override, "reason": mission.allowance_override_reason}) if staff else None,
        "letter_form": ReleaseLetterForm(),
        **extra,
    }


@login_required
def mission_detail(request, pk):
    deployment = _deployment(request, pk)
    return render(request, "experts/mission.html", _context(request, deployment))


@staff_only
@require_POST
def mission_travel(request, pk):
    deployment = _deployment(request, pk)
    form = TravelForm(request.POST, instance=logistics.mission_for(deployment))
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            logistics.travel_save(actor=request.user, deployment=deployment, **values)
        except logistics.LogisticsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Travel saved."))
            return redirect("experts:mission", deployment.pk)
    deployment._mission_cache = None
    return render(request, "experts/mission.html", _context(request, deployment, travel_form=form), status=400)


@staff_only
@require_POST
def mission_allowance(request, pk):
    deployment = _deployment(request, pk)
    form = AllowanceOverrideForm(request.POST)
    if form.is_valid():
        try:
            logistics.allowance_override_set(actor=request.user, deployment=deployment,
                                             amount=form.cleaned_data["amount"], reason=form.cleaned_data["reason"])
        except logistics.LogisticsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Allowance saved."))
            return redirect("experts:mission", deployment.pk)
    return render(request, "experts/mission.html", _context(request, deployment, override_form=form), status=400)


@login_required
@require_POST
def mission_release_letter_upload(request, pk):
    deployment = _deployment(request, pk)
    form = ReleaseLetterForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            logistics.release_letter_upload(actor=request.user, deployment=deployment, uploaded=form.cleaned_data["file"])
        except logistics.LogisticsError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Release letter uploaded."))
            return redirect("experts:mission", deployment.pk)
    return render(request, "experts/mission.html", _context(request, deployment, letter_form=form), status=400)


@login_required
def mission_release_letter(request, pk):
    deployment = _deployment(request, pk)
    mission = logistics.mission_for(deployment)
    if not mission.release_letter:
        raise Http404
    try:
        handle = mission.release_letter.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=mission.release_letter.name.rsplit("/", 1)[-1])


@login_required
def mission_document(request, pk, kind):
    deployment = _deployment(request, pk)
    try:
        filename, data = mission_document_pdf(deployment, kind)
    except DocumentError as exc:
        raise Http404 from exc
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def mission_report(request, pk):
    deployment = _deployment(request, pk)
    report = MissionReport.objects.filter(deployment=deployment).first()
    is_expert = request.user.is_expert and deployment.expert.user_id == request.user.pk
    form = MissionReportForm(request.POST or None, instance=report) if is_expert else None
    if request.method == "POST" and is_expert and form.is_valid():
        try:
            mission_reports.mission_report_save(actor=request.user, deployment=deployment,
                                                submit="submit" in request.POST, **form.cleaned_data)
        except mission_reports.MissionReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Mission report filed.") if "submit" in request.POST else _("Draft saved."))
            return redirect("experts:mission", deployment.pk)
    review_form = ReportReviewForm(instance=report) if request.user.is_mieux_staff and report else None
    return render(request, "experts/mission_report.html", {
        "deployment": deployment, "activity": deployment.activity, "report": report, "form": form,
        "review_form": review_form, "report_due": mission_reports.report_is_due(deployment),
    }, status=400 if form is not None and form.errors else 200)


@staff_only
@require_POST
def mission_report_review(request, pk):
    deployment = _deployment(request, pk)
    report = get_object_or_404(MissionReport, deployment=deployment)
    form = ReportReviewForm(request.POST, instance=report)
    if form.is_valid():
        try:
            mission_reports.mission_report_review(actor=request.user, report=report, shares=form.cleaned_data)
        except mission_reports.MissionReportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Report marked reviewed."))
    return redirect("experts:mission_report", deployment.pk)
