"""Pages of the results framework, the partner's evaluation and follow-up, and document publication."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions import evaluation, library, results, translations
from actions.errors import ActionError
from actions.models import Action, ActionDocument
from actions.results_forms import (
    DocumentPublicationForm,
    EvaluationForm,
    FollowUpForm,
    IndicatorForm,
    TranslationsForm,
)
from actions.results_models import Indicator, PartnerEvaluation, PartnerFollowUp
from actions.translations import TRANSLATION_LANGUAGES
from actions.views.common import staff_view, workspace_view


def _add_errors(form, errors):
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


@staff_view
def indicator_edit(request, code, pk=None):
    action = get_object_or_404(Action, code=code)
    indicator = get_object_or_404(Indicator, action=action, pk=pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in form.fields}
        try:
            if indicator is None:
                results.indicator_create(actor=request.user, action=action, data=data)
            else:
                results.indicator_update(actor=request.user, indicator=indicator, data=data)
        except results.IndicatorError as exc:
            _add_errors(form, exc.errors)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect(action)
    return render(request, "actions/indicator_form.html", {"action": action, "indicator": indicator, "form": form})


@staff_view
@require_POST
def indicator_delete(request, code, pk):
    indicator = get_object_or_404(Indicator, action__code=code, pk=pk)
    results.indicator_delete(actor=request.user, indicator=indicator)
    messages.success(request, _("Indicator removed."))
    return redirect(indicator.action)


def _partner_survey_page(request, code, model, form_class, answer, template):
    action = get_object_or_404(Action, code=code)
    survey = evaluation.open_survey_for(model, action=action, user=request.user)
    if survey is None:
        raise Http404
    form = form_class(request.POST or None)
    if request.method == "POST" and survey.is_open and form.is_valid():
        try:
            answer(request.user, survey, form.cleaned_data)
        except evaluation.SurveyAnswerError as exc:
            _add_errors(form, exc.errors)
        else:
            messages.success(request, _("Thank you: your answer has been recorded."))
            return redirect(action)
    return render(request, template, {"action": action, "survey": survey, "form": form})


@workspace_view
def evaluation_page(request, code):
    return _partner_survey_page(
        request, code, PartnerEvaluation, EvaluationForm,
        lambda user, survey, data: evaluation.evaluation_answer(member=user, evaluation=survey, data=data),
        "actions/partner_evaluation.html",
    )


@workspace_view
def follow_up_page(request, code):
    return _partner_survey_page(
        request, code, PartnerFollowUp, FollowUpForm,
        lambda user, survey, data: evaluation.follow_up_answer(member=user, follow_up=survey, data=data),
        "actions/partner_follow_up.html",
    )


@staff_view
def document_publication(request, code, pk):
    document = get_object_or_404(ActionDocument.objects.select_related("action"), action__code=code, pk=pk)
    initial = {"is_public": True, "title": document.title, "language": document.language,
               "document_type": document.document_type}
    form = DocumentPublicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            library.document_set_publication(actor=request.user, document=document, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Library settings saved."))
            return redirect(document.action)
    return render(request, "actions/document_publication.html", {"action": document.action, "document": document, "form": form})


@staff_view
def action_translations(request, code):
    action = get_object_or_404(Action, code=code)
    initial = {}
    for t in action.translations.all():
        initial[f"title_{t.language}"], initial[f"summary_{t.language}"] = t.title, t.summary
    form = TranslationsForm(request.POST or None, initial=initial, languages=TRANSLATION_LANGUAGES)
    if request.method == "POST" and form.is_valid():
        try:
            translations.action_set_translations(actor=request.user, action=action, translations=form.translations())
        except ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Translations saved."))
            return redirect(action)
    return render(request, "actions/action_translations.html", {"action": action, "form": form})
