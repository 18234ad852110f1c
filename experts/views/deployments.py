"""Matching and deployments: the explained ranking, proposing and inviting, transitions, feedback,
rating, the signed invitation link and the expert's calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.ical import PRODID, activity_vevent
from actions.models import Activity
from experts import services
from experts.forms import (
    FeedbackForm,
    RatingForm,
)
from experts.matching import rank_experts
from experts.models import Deployment, DeploymentStatus, Expert
from experts.views.common import next_or, require_staff
from experts.workflow import TRANSITIONS
from mieux.models import User

MATCH_LIMIT = 20  # the top candidates; "Show more candidates" adds as many again


@login_required
def match(request, activity_pk):
    require_staff(request)
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
    require_staff(request)
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
    return next_or(request, reverse("experts:match", args=[activity.pk]))


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
    return next_or(request, fallback)


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
    require_staff(request)
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
    return next_or(request, deployment.activity.get_absolute_url())


def invitation(request, token):
    """Accept or decline from the e-mail's signed link, without signing in."""
    try:
        deployment = services.deployment_from_token(token)
    except services.InvitationLinkError as exc:
        return render(
            request,
            "experts/invitation_invalid.html",
            {"message": str(exc), "expired": exc.expired, "replaced": exc.replaced},
            status=400,
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
        else:
            # An answer retires this link (a new nonce), so the outcome is shown here, not on a redirect.
            deployment.refresh_from_db()
            return render(request, "experts/invitation.html", {
                "deployment": deployment, "activity": deployment.activity, "can_answer": False,
            })
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
