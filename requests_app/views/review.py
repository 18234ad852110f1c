"""Staff screening and Steering Committee views: parse input, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from requests_app import committee_permissions as perms
from requests_app import forms_review as forms
from requests_app import selectors
from requests_app.filters import StaffQueueFilter
from requests_app.models import Request
from requests_app.services import committee
from requests_app.services import review as services
from requests_app.services.opinion_versions import StaleOpinionError, current_version, opinion_submit
from requests_app.services.review import ReviewError


def _staff_only(user):
    if not perms.can_screen(user):
        raise Http404


# --- queues --------------------------------------------------------------------------------------


@login_required
def staff_queue(request):
    _staff_only(request.user)
    filterset = StaffQueueFilter(request.GET, queryset=selectors.staff_queue())
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    page.object_list = selectors.with_opinion_counts(page.object_list)  # for the shown rows only
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requests_app/staff/queue.html",
        {
            "filter": filterset,
            "page": page,
            "requests": page.object_list,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@login_required
def committee_queue(request):
    if not request.user.is_committee:
        raise Http404
    return render(
        request,
        "requests_app/committee/queue.html",
        {
            "requests": list(selectors.in_review_for(request.user)),
            "history": list(selectors.committee_history_for(request.user)),
            "today": timezone.localdate(),
        },
    )


# --- the committee's review page -----------------------------------------------------------------


def _reviewable(request, pk):
    obj = get_object_or_404(Request.objects.select_related("institution", "region", "phase"), pk=pk)
    if not perms.can_open_review(request.user, obj):
        raise Http404
    return obj


@login_required
def review(request, pk):
    """The COI gate, then the full request with the body's opinion form."""
    obj = _reviewable(request, pk)
    if request.user.is_mieux_staff and not request.user.is_committee:
        return redirect(obj.get_absolute_url())
    return render(request, "requests_app/review/review.html", _review_context(request, obj))


def _review_context(request, obj, *, conflict_form=None, opinion_form=None, question_form=None):
    user = request.user
    declaration = perms.declaration_of(user, obj)
    can_see = perms.can_see_content(user, obj, declaration)
    own_opinion = perms.body_opinion(user, obj)
    can_opinion, opinion_reason = perms.can_give_opinion(user, obj, declaration)
    can_declare, _reason = perms.can_declare(user, obj, declaration)
    if opinion_form is None and can_opinion:
        initial = {"value": own_opinion.value, "comment": own_opinion.comment} if own_opinion else {}
        opinion_form = forms.OpinionForm(initial={**initial, "based_on": current_version(own_opinion)})
    context = {
        "obj": obj,
        "declaration": declaration,
        "can_see_content": can_see,
        "can_declare": can_declare,
        "can_give_opinion": can_opinion,
        "opinion_reason": opinion_reason,
        "own_opinion": own_opinion,
        "conflict_form": conflict_form or (forms.ConflictForm() if can_declare else None),
        "opinion_form": opinion_form,
        "question_form": question_form or (forms.CommitteeQuestionForm() if can_opinion else None),
    }
    if can_see:
        opinions = services.current_opinions(obj)
        see_others = perms.can_see_other_opinions(user, obj, own_opinion)
        context.update(
            {
                "can_see_other_opinions": see_others,
                "opinions": opinions,
                "recommendation": services.recommended_outcome(obj, opinions),
                "bodies": services.bodies(),
                "events": _timeline(obj, user, see_others),
                "attachments": obj.attachments.all(),
            }
        )
    return context


OPINION_EVENTS = ("opinion_given", "opinion_changed")


def _timeline(obj, user, see_others):
    """All events; until the member's body has given its opinion, other bodies' opinions stay sealed."""
    events = list(obj.events.select_related("actor").order_by("created_at", "pk"))
    own_body = getattr(user.committee_body, "code", None) if user.is_committee else None
    for event in events:
        event.sealed = (
            not see_others and event.transition in OPINION_EVENTS and event.data.get("body") != own_body
        )
    return events


@login_required
@require_POST
def review_declare(request, pk):
    obj = _reviewable(request, pk)
    if not request.user.is_committee:
        raise Http404
    form = forms.ConflictForm(request.POST)
    if form.is_valid():
        try:
            committee.conflict_declare(
                actor=request.user,
                request_id=obj.pk,
                has_conflict=form.cleaned_data["has_conflict"],
                explanation=form.cleaned_data["explanation"],
            )
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            if form.cleaned_data["has_conflict"]:
                messages.info(request, _("Your conflict of interest is recorded. Another member of your body can give its opinion."))
            else:
                messages.success(request, _("Thank you. The full request is now open to you."))
        return redirect("requests:review", pk=obj.pk)
    return render(request, "requests_app/review/review.html", _review_context(request, obj, conflict_form=form))


@login_required
@require_POST
def review_opinion(request, pk):
    obj = _reviewable(request, pk)
    if not request.user.is_committee:
        raise Http404
    allowed, reason = perms.can_give_opinion(request.user, obj, perms.declaration_of(request.user, obj))
    if not allowed:
        messages.error(request, reason)
        return redirect("requests:review", pk=obj.pk)
    form = forms.OpinionForm(request.POST)
    if form.is_valid():
        try:
            opinion_submit(
                actor=request.user,
                request_id=obj.pk,
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
                based_on_version=form.cleaned_data["based_on"] or 0,
            )
        except StaleOpinionError as exc:
            # Nothing was recorded: show the body's current opinion, the member's text kept, to decide.
            messages.warning(request, str(exc))
            form = forms.OpinionForm(initial={
                "value": form.cleaned_data["value"], "comment": form.cleaned_data["comment"],
                "based_on": exc.opinion.version,
            })
            return render(request, "requests_app/review/review.html", _review_context(request, obj, opinion_form=form))
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your body's opinion is recorded."))
        return redirect("requests:review", pk=obj.pk)
    return render(request, "requests_app/review/review.html", _review_context(request, obj, opinion_form=form))


@login_required
@require_POST
def review_question(request, pk):
    obj = _reviewable(request, pk)
    if not request.user.is_committee:
        raise Http404
    allowed, reason = perms.can_give_opinion(request.user, obj, perms.declaration_of(request.user, obj))
    if not allowed:
        messages.error(request, reason)
        return redirect("requests:review", pk=obj.pk)
    form = forms.CommitteeQuestionForm(request.POST)
    if form.is_valid():
        try:
            committee.committee_ask_question(actor=request.user, request_id=obj.pk, question=form.cleaned_data["question"])
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your question was sent to the MIEUX+ team, who will ask the partner."))
        return redirect("requests:review", pk=obj.pk)
    return render(request, "requests_app/review/review.html", _review_context(request, obj, question_form=form))


# --- staff actions -------------------------------------------------------------------------------


def _staff_action(request, pk, *, form_class, title, call, success, form_kwargs=None):
    """GET shows the form on its own page; POST calls the service and returns to the request."""
    _staff_only(request.user)
    obj = get_object_or_404(Request.objects.received(), pk=pk)
    form = form_class(request.POST or None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            call(obj, form.cleaned_data)
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect(obj.get_absolute_url())
    context = {"obj": obj, "form": form, "title": title}
    if form_class is forms.DecisionForm:
        context["recommendation"] = services.recommended_outcome(obj)
    return render(request, "requests_app/staff/action_form.html", context, status=400 if form.errors else 200)


@login_required
def staff_ask_info(request, pk):
    _staff_only(request.user)
    obj = get_object_or_404(Request.objects.received(), pk=pk)
    # Prefill with the committee's latest question of this round, if a member asked one.
    question = (
        obj.events.filter(transition="committee_question", data__review_round=obj.review_round)
        .order_by("-created_at", "-pk")
        .first()
    )
    initial = {"message": question.note, "on_behalf_of_committee": True} if question else None
    return _staff_action(
        request, pk, form_class=forms.AskInfoForm, title=_("Ask the partner for more information"),
        form_kwargs={"initial": initial},
        success=_("The request was sent back to the partner with your question."),
        call=lambda obj, data: services.request_ask_info(
            actor=request.user, request_id=obj.pk, message=data["message"],
            on_behalf_of_committee=data["on_behalf_of_committee"],
        ),
    )


@login_required
def staff_close_ineligible(request, pk):
    return _staff_action(
        request, pk, form_class=forms.CloseIneligibleForm, title=_("Close as ineligible"),
        success=_("The request is closed as ineligible; the partner has been told why."),
        call=lambda obj, data: services.request_close_ineligible(
            actor=request.user, request_id=obj.pk, reason=data["reason"]
        ),
    )


@login_required
def staff_forward(request, pk):
    return _staff_action(
        request, pk, form_class=forms.ForwardForm, title=_("Forward to the Steering Committee"),
        success=_("The request was forwarded to the Steering Committee."),
        call=lambda obj, data: services.request_forward(
            actor=request.user, request_id=obj.pk, cover_note=data["cover_note"], deadline=data["deadline"]
        ),
    )


@login_required
def staff_complementarity_note(request, pk):
    _staff_only(request.user)
    obj = get_object_or_404(Request.objects.received(), pk=pk)
    return _staff_action(
        request, pk, form_class=forms.ComplementarityNoteForm, title=_("Complementarity note"),
        success=_("The complementarity note is saved."),
        form_kwargs={"initial": {"note": obj.complementarity_note}},
        call=lambda obj, data: services.request_set_complementarity_note(
            actor=request.user, request_id=obj.pk, note=data["note"]
        ),
    )


@login_required
def staff_decide(request, pk):
    return _staff_action(
        request, pk, form_class=forms.DecisionForm, title=_("Record the decision"),
        success=_("The decision is recorded and the partner notified."),
        call=lambda obj, data: services.request_decide(
            actor=request.user, request_id=obj.pk, outcome=data["outcome"],
            explanation=data["explanation"], justification=data["justification"],
        ),
    )
