"""Public legal pages and the accessibility feedback form."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mieux.legal import page_for, send_accessibility_feedback, versions
from mieux.models import LegalPage


class AccessibilityFeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("What did not work for you?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Name the page and what you tried to do. Staff read every message."),
    )
    page = forms.CharField(label=_("Page concerned (optional)"), max_length=500, required=False)
    email = forms.EmailField(label=_("Your e-mail address, if you would like an answer (optional)"), required=False)


def legal_page(request, kind, version=None):
    if kind not in LegalPage.Kind.values:
        raise Http404
    page = page_for(kind, version)
    if page is None:
        raise Http404
    context = {
        "page": page,
        "kind_label": LegalPage.Kind(kind).label,
        "versions": versions(kind),
        "paragraphs": [p.strip() for p in page.body.replace("\r\n", "\n").split("\n\n") if p.strip()],
        "feedback_form": AccessibilityFeedbackForm() if kind == LegalPage.Kind.ACCESSIBILITY else None,
    }
    return render(request, "legal/page.html", context)


@require_POST
def accessibility_feedback(request):
    form = AccessibilityFeedbackForm(request.POST)
    if form.is_valid():
        send_accessibility_feedback(user=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you: your message has reached the MIEUX+ team."))
        return redirect("legal_page", kind=LegalPage.Kind.ACCESSIBILITY)
    page = page_for(LegalPage.Kind.ACCESSIBILITY)
    if page is None:
        raise Http404
    context = {
        "page": page,
        "kind_label": LegalPage.Kind.ACCESSIBILITY.label,
        "versions": versions(LegalPage.Kind.ACCESSIBILITY),
        "paragraphs": [p.strip() for p in page.body.replace("\r\n", "\n").split("\n\n") if p.strip()],
        "feedback_form": form,
    }
    return render(request, "legal/page.html", context, status=400)
