from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from experts.filters import LANGUAGE_CHOICES
from experts.models import Expert, ExpertLanguage, LanguageLevel, Unavailability
from mieux.bounds import BoundedFormMixin
from mieux.legal import privacy_notice_version
from mieux.storage import CV_DOCUMENTS, validate_upload

PROFILE_FIELDS = [
    "first_name", "last_name", "email", "phone", "gender", "nationality", "second_nationality", "residence",
    "employer_type", "employer", "position", "biography", "thematic_areas", "countries_experience",
    "regions_experience",
]


class ExpertForm(BoundedFormMixin, forms.ModelForm):
    """Staff create and edit any profile."""

    class Meta:
        model = Expert
        fields = ["ref", *PROFILE_FIELDS, "status"]
        widgets = {
            "thematic_areas": forms.CheckboxSelectMultiple,
            "regions_experience": forms.CheckboxSelectMultiple,
            "biography": forms.Textarea(attrs={"rows": 5}),
            "countries_experience": forms.SelectMultiple(attrs={"size": 10}),
        }


class OwnProfileForm(BoundedFormMixin, forms.ModelForm):
    """The expert keeps their own profile; consent to the current privacy notice is required."""

    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that MIEUX+ processes my data to consider me for deployments."),
        required=True,
    )

    class Meta:
        model = Expert
        fields = PROFILE_FIELDS
        widgets = ExpertForm.Meta.widgets

    def __init__(self, *args, consent_current=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = _("Privacy notice version %(version)s.") % {
            "version": privacy_notice_version()
        }
        if consent_current:
            del self.fields["consent"]


class LanguageForm(BoundedFormMixin, forms.ModelForm):
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Choose a language")), *LANGUAGE_CHOICES])

    class Meta:
        model = ExpertLanguage
        fields = ["language", "level"]


LanguageFormSet = inlineformset_factory(
    Expert, ExpertLanguage, form=LanguageForm, extra=2, can_delete=True, max_num=12
)


def languages_from_formset(formset):
    return [
        (f.cleaned_data["language"], f.cleaned_data["level"])
        for f in formset.forms
        if f.cleaned_data and f.cleaned_data.get("language") and not f.cleaned_data.get("DELETE")
    ]


class CVForm(BoundedFormMixin, forms.Form):
    cv = forms.FileField(label=_("CV (PDF or DOCX)"))

    def clean_cv(self):
        uploaded = self.cleaned_data["cv"]
        validate_upload(uploaded, allowed=CV_DOCUMENTS)
        return uploaded


class UnavailabilityForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Unavailability
        fields = ["start_date", "end_date", "reason"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            raise ValidationError(_("The end of the period is before its start."))
        return data


class FeedbackForm(BoundedFormMixin, forms.Form):
    beneficial = forms.TypedChoiceField(
        label=_("Was this deployment beneficial to your career?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you with this deployment? (1 = not at all, 5 = very)"),
        choices=[(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RatingForm(BoundedFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Staff rating of the expert (1–5)"),
        choices=[(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
    )
    comment = forms.CharField(label=_("Staff comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


__all__ = [
    "ExpertForm", "OwnProfileForm", "LanguageFormSet", "CVForm", "UnavailabilityForm", "FeedbackForm", "RatingForm",
    "LanguageLevel",
]
