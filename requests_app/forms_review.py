"""Forms of staff screening and committee review. They parse input; the services decide."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mieux.bounds import BoundedFormMixin
from mieux.facility_time import holiday_calendar_name
from requests_app.models import Opinion
from requests_app.services.review import APPROVE, REJECT, add_working_days


class AskInfoForm(BoundedFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Question for the partner"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    on_behalf_of_committee = forms.BooleanField(label=_("Asked on behalf of the Steering Committee"), required=False)


class CloseIneligibleForm(BoundedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the partner)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class ForwardForm(BoundedFormMixin, forms.Form):
    deadline = forms.DateField(
        label=_("Review deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    cover_note = forms.CharField(
        label=_("Cover note for the committee (not shown to the partner)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = add_working_days(
            timezone.localdate(), settings.REVIEW_DEADLINE_WORKING_DAYS
        )
        self.fields["deadline"].help_text = _(
            "Default: %(days)s working days from today (not counting %(calendar)s)."
        ) % {"days": settings.REVIEW_DEADLINE_WORKING_DAYS, "calendar": holiday_calendar_name()}

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The review deadline must be in the future."))
        return deadline


class ComplementarityNoteForm(BoundedFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Complementarity note (seen by the committee)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )


class DecisionForm(BoundedFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))], widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Explanation for the partner"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    justification = forms.CharField(
        label=_("Justification (required when the decision differs from the recommended outcome)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
    )


class ConflictForm(BoundedFormMixin, forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this request?"),
        choices=[("no", _("No, I have no conflict of interest")), ("yes", _("Yes, I have a conflict of interest"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Explanation (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class OpinionForm(BoundedFormMixin, forms.Form):
    value = forms.ChoiceField(label=_("Your body's opinion"), choices=Opinion.Value.choices, widget=forms.RadioSelect)
    # The version of the body's opinion this form was based on (0: none yet); a stale one is refused.
    based_on = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment (required for conditions and objections)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("value") in (Opinion.Value.CONDITIONS, Opinion.Value.OBJECT) and not (
            cleaned.get("comment") or ""
        ).strip():
            self.add_error("comment", _("A comment is required for conditions and objections."))
        return cleaned


class CommitteeQuestionForm(BoundedFormMixin, forms.Form):
    question = forms.CharField(
        label=_("Question for the partner (sent through the MIEUX+ team)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
