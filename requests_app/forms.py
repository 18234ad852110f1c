"""Forms of the partner side: institution, the request's steps, attachments, answers, messages.

Step forms accept incomplete content (every field optional) so a draft can be saved at any point;
what a submission needs is checked by `services.intake.missing_items`.
"""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from mieux.bounds import BoundedFormMixin
from mieux.models import ActivityType, InstitutionType, RegionCountry, ThematicArea
from requests_app.models import Attachment, Institution, Request

WORKING_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
]


class LocalizedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.localized_name


class LocalizedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.localized_name


class InstitutionForm(BoundedFormMixin, forms.ModelForm):
    type = LocalizedChoiceField(queryset=InstitutionType.objects.all(), label=_("Type of institution"))
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", help_text=_("For example https://www.labour.go.ke")
    )

    class Meta:
        model = Institution
        fields = ["name", "type", "country", "city", "website", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _("The full official name, in its original language."),
        }


class JoinInstitutionForm(BoundedFormMixin, forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.order_by("name"),
        label=_("Institution"),
        help_text=_("One of its members or the MIEUX+ team will approve your request to join."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].label_from_instance = lambda obj: f"{obj.name} ({obj.country.name})"


class InstitutionSearchForm(BoundedFormMixin, forms.Form):
    """GET filters narrowing the institutions a newcomer may ask to join: words in the name or city, a country."""

    RESULT_LIMIT = 50

    q = forms.CharField(
        label=_("Search the institutions"), required=False, max_length=100,
        help_text=_("Words from the name or the city, in any order."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Institution.objects.order_by().values_list("country", flat=True).distinct()
        names = dict(all_countries)
        choices = sorted(((code, names.get(code, code)) for code in codes), key=lambda c: str(c[1]))
        self.fields["country"].choices = [("", _("All countries")), *choices]

    def institutions(self):
        """The matching institutions (type joined in), ordered by name; all of them when the form is empty."""
        queryset = Institution.objects.select_related("type").order_by("name", "pk")
        if not self.is_bound or not self.is_valid():
            return queryset
        for word in self.cleaned_data["q"].split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(city__icontains=word))
        if self.cleaned_data["country"]:
            queryset = queryset.filter(country=self.cleaned_data["country"])
        return queryset

    @property
    def is_filtered(self):
        return self.is_bound and self.is_valid() and bool(self.cleaned_data["q"].strip() or self.cleaned_data["country"])


# --- the request, step by step -------------------------------------------------------------------


def partner_country_choices(keep=()):
    """MIEUX+ partner countries by name in the reader's language; codes in `keep` (already chosen on an
    older request) stay choosable so that saving the step loses nothing."""
    names = dict(all_countries)
    codes = set(RegionCountry.objects.values_list("country", flat=True)) | set(keep)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda c: str(c[1]))


class StepForm(BoundedFormMixin, forms.ModelForm):
    """A step of the request form; nothing is required before submission."""

    def __init__(self, *args, institution=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class StepSubjectForm(StepForm):
    thematic_areas = LocalizedMultipleChoiceField(
        queryset=ThematicArea.objects.all(), widget=forms.CheckboxSelectMultiple, label=_("Thematic areas"),
        help_text=_("Choose one or more."),
    )
    countries = forms.MultipleChoiceField(
        choices=[], label=_("Country or countries concerned"),
        help_text=_("A regional request names several countries: type to find a partner country."),
        widget=forms.SelectMultiple(attrs={"size": 8, "data-country-select": "",
                                           "data-placeholder": _("Type a country name"),
                                           "data-no-results": _("No partner country of that name"),
                                           "data-remove-label": _("Remove")}),
    )

    class Meta:
        model = Request
        fields = ["title", "thematic_areas", "countries", "follow_up_of"]
        labels = {"follow_up_of": _("Follow-up of an earlier MIEUX Action (optional)")}
        help_texts = {"title": _("A short title saying what the assistance is about.")}

    def __init__(self, *args, institution=None, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        # The field's own queryset is the Actions (the relation the model declares): no import upwards.
        actions = self.fields["follow_up_of"].queryset
        self.fields["follow_up_of"].queryset = (
            actions.filter(institution=institution).order_by("-id") if institution else actions.none()
        )
        self.fields["follow_up_of"].empty_label = _("— not a follow-up —")
        if not self.is_bound:
            self.initial["countries"] = [country.code for country in self.instance.countries or []]
        chosen = [str(country) for country in self.instance.countries or []]
        self.fields["countries"].choices = partner_country_choices(keep=chosen)

    def clean_countries(self):
        return list(self.cleaned_data.get("countries") or [])


class StepContextForm(StepForm):
    class Meta:
        model = Request
        fields = ["background", "problem", "other_projects"]
        labels = {
            "background": _("Background and context"),
            "problem": _("The problem your institution wants to address"),
            "other_projects": _("Other projects on the same subject in the country, past and ongoing"),
        }
        help_texts = {
            "other_projects": _(
                "MIEUX+ assistance must complement other work: name the projects, who runs them and when. "
                "Write “none known” if you know of none."
            ),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class StepObjectivesForm(StepForm):
    activity_types = LocalizedMultipleChoiceField(
        queryset=ActivityType.objects.all(), widget=forms.CheckboxSelectMultiple, label=_("Proposed activity types"),
    )

    class Meta:
        model = Request
        fields = ["objectives", "expected_results", "target_groups", "estimated_participants", "activity_types"]
        labels = {
            "objectives": _("Objectives"),
            "expected_results": _("Expected results"),
            "target_groups": _("Target groups"),
            "estimated_participants": _("Estimated number of participants"),
        }
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 4}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
        }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StepPracticalForm(StepForm):
    working_languages = forms.MultipleChoiceField(
        choices=WORKING_LANGUAGES, widget=forms.CheckboxSelectMultiple, label=_("Working languages"),
    )

    class Meta:
        model = Request
        fields = [
            "earliest_start", "latest_end", "working_languages", "commitment",
            "contact_name", "contact_email", "contact_phone",
        ]
        labels = {
            "earliest_start": _("Earliest start"),
            "latest_end": _("Latest end"),
            "commitment": _("Your institution's commitment (staff time, venues)"),
            "contact_name": _("Contact person"),
            "contact_email": _("Contact e-mail"),
            "contact_phone": _("Contact telephone (optional)"),
        }
        widgets = {
            "earliest_start": DateInput(),
            "latest_end": DateInput(),
            "commitment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("working_languages", list(self.instance.working_languages or []))

    def clean_working_languages(self):
        return list(self.cleaned_data.get("working_languages") or [])


class AttachmentForm(BoundedFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=Attachment.Kind.choices, label=_("Kind of document"))
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, DOCX, XLSX, ODT, PNG or JPEG; at most %(size)s per file and %(count)d files per request."
        ) % {"size": filesizeformat(settings.MAX_ATTACHMENT_BYTES), "count": settings.MAX_ATTACHMENTS_PER_REQUEST}


STEP_FORMS = {
    1: StepSubjectForm,
    2: StepContextForm,
    3: StepObjectivesForm,
    4: StepPracticalForm,
}
ATTACHMENT_STEP = 5
LAST_STEP = 5


class AnswerForm(BoundedFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the MIEUX+ team"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Explain what you have added or changed in the request."),
    )


class WithdrawForm(BoundedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The MIEUX+ team will see this reason."),
    )


class MessageForm(BoundedFormMixin, forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
