"""Staff forms for Actions and activities; the services re-check every rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.filters import staff_users
from actions.models import Action, Activity, ActivityFormat
from actions.services import ACTION_EDITABLE_FIELDS, ACTIVITY_EDITABLE_FIELDS
from mieux.bounds import BoundedFormMixin

# Working languages offered for activities: the portal's three plus those most asked for by partners.
WORKING_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ActionForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = [*ACTION_EDITABLE_FIELDS, "thematic_areas"]
        widgets = {
            "planned_start": DateInput(), "planned_end": DateInput(), "actual_start": DateInput(), "actual_end": DateInput(),
            "thematic_areas": forms.CheckboxSelectMultiple(),
            "objectives": forms.Textarea(attrs={"rows": 3}), "expected_results": forms.Textarea(attrs={"rows": 3}),
            "achieved_results": forms.Textarea(attrs={"rows": 3}), "summary": forms.Textarea(attrs={"rows": 3}),
            "staff_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("Shown on the public page once the Action is published. No personal data."),
            "staff_notes": _("Only MIEUX+ staff see these notes; never the partner, experts or the public."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = staff_users()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end cannot be before the planned start."))
        start, end = cleaned.get("actual_start"), cleaned.get("actual_end")
        if start and end and end < start:
            self.add_error("actual_end", _("The actual end cannot be before the actual start."))
        return cleaned


class ActivityForm(BoundedFormMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Working languages"), choices=WORKING_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    required_languages = forms.MultipleChoiceField(
        label=_("Languages the experts must speak"), choices=WORKING_LANGUAGES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = [*ACTIVITY_EDITABLE_FIELDS, "required_thematic_areas"]
        widgets = {
            "start_date": DateInput(), "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}), "agenda": forms.Textarea(attrs={"rows": 4}),
            "required_thematic_areas": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "city": _("Required unless the activity is online."),
            "agenda": _("Visible to the partner institution and the deployed experts."),
        }

    def __init__(self, *args, postponed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if postponed:
            # A postponed activity gets its new dates through "re-plan", which records the move.
            for name in ("start_date", "end_date"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        if cleaned.get("format") != ActivityFormat.ONLINE:
            if not cleaned.get("country"):
                self.add_error("country", _("Country and city are required unless the activity is online."))
            if not (cleaned.get("city") or "").strip():
                self.add_error("city", _("Country and city are required unless the activity is online."))
        return cleaned


class NoteForm(BoundedFormMixin, forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReplanForm(BoundedFormMixin, forms.Form):
    start_date = forms.DateField(label=_("New start date"), widget=DateInput())
    end_date = forms.DateField(label=_("New end date"), widget=DateInput())
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class DeliveryForm(BoundedFormMixin, forms.Form):
    participants_total = forms.IntegerField(label=_("Participants (total)"), min_value=0, required=False)
    participants_women = forms.IntegerField(label=_("of whom women"), min_value=0, required=False)
    participants_men = forms.IntegerField(label=_("of whom men"), min_value=0, required=False)
    report = forms.FileField(
        label=_("Report"), required=False, help_text=_("PDF, DOCX, XLSX, ODT, PNG or JPEG; the type is checked by content.")
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("participants_total")
        women, men = cleaned.get("participants_women"), cleaned.get("participants_men")
        if total is None and (women is not None or men is not None):
            self.add_error("participants_total", _("Give the total number of participants."))
        elif total is not None and (women or 0) + (men or 0) > total:
            self.add_error(None, _("Women and men together cannot be more than the total number of participants."))
        return cleaned


class DocumentForm(BoundedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, ODT, PNG or JPEG; the type is checked by content."))
    visible_to_partner = forms.BooleanField(label=_("Visible to the partner institution and the experts"), required=False, initial=True)
