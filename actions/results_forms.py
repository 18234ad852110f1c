"""Forms of the results framework, the partner's evaluation and follow-up, and the public library."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import DocumentType
from actions.results import INDICATOR_FIELDS
from actions.results_models import CONTENT_LANGUAGES, Answer3, Indicator

SCORES = [(n, str(n)) for n in range(1, 6)]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        widgets = {
            "means_of_verification": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "achieved": forms.NullBooleanSelect(),
        }
        help_texts = {
            "baseline": _("A number for unit and percentage measures (0–100 for a percentage); words for qualitative ones."),
            "actual": _("Fill in at completion: the value reached."),
            "achieved": _("Qualitative indicators only: was the target reached?"),
        }


class EvaluationForm(forms.Form):
    satisfaction = forms.TypedChoiceField(label=_("Overall, how satisfied is your institution with the Action?"), choices=SCORES, coerce=int, widget=forms.RadioSelect, help_text=_("1 = not at all, 5 = very"))
    relevance = forms.TypedChoiceField(label=_("How relevant was it to your institution's needs?"), choices=SCORES, coerce=int, widget=forms.RadioSelect, help_text=_("1 = not at all, 5 = very"))
    experts_quality = forms.TypedChoiceField(label=_("How good were the experts?"), choices=SCORES, coerce=int, widget=forms.RadioSelect, help_text=_("1 = poor, 5 = excellent"))
    objectives_met = forms.ChoiceField(label=_("Were the Action's objectives met?"), choices=Answer3.choices, widget=forms.RadioSelect)
    next_steps = forms.CharField(label=_("What should follow?"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(forms.Form):
    results_used = forms.ChoiceField(label=_("Have you used the results of the Action?"), choices=Answer3.choices, widget=forms.RadioSelect)
    examples = forms.CharField(label=_("How? Give an example or two."), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class DocumentPublicationForm(forms.Form):
    is_public = forms.BooleanField(label=_("Show in the public library of deliverables"), required=False)
    title = forms.CharField(label=_("Public title"), max_length=250)
    document_type = forms.ChoiceField(label=_("Type"), choices=DocumentType.choices)
    language = forms.ChoiceField(label=_("Language"), choices=CONTENT_LANGUAGES)


class TranslationsForm(forms.Form):
    """Title and public summary per language; an empty title removes the language."""

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        for code, name in self.languages:
            self.fields[f"title_{code}"] = forms.CharField(label=_("Title (%(language)s)") % {"language": name}, required=False, max_length=250)
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Public summary (%(language)s)") % {"language": name}, required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def translations(self):
        return {code: (self.cleaned_data[f"title_{code}"], self.cleaned_data[f"summary_{code}"]) for code, _name in self.languages}
