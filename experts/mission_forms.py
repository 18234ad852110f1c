from django import forms
from django.utils.translation import gettext_lazy as _

from experts.logistics_models import Mission, MissionReport


class TravelForm(forms.ModelForm):
    class Meta:
        model = Mission
        fields = ["outbound_date", "return_date", "travel_from", "travel_to", "travel_mode", "booking_status", "ticket_cost"]
        widgets = {"outbound_date": forms.DateInput(attrs={"type": "date"}), "return_date": forms.DateInput(attrs={"type": "date"})}


class AllowanceOverrideForm(forms.Form):
    amount = forms.DecimalField(label=_("Allowance (EUR)"), min_value=0, max_digits=10, decimal_places=2, required=False,
                                help_text=_("Empty: use the computed allowance."))
    reason = forms.CharField(label=_("Reason"), max_length=250, required=False)


class ReleaseLetterForm(forms.Form):
    file = forms.FileField(label=_("Employer's release letter (PDF or image)"))


class MissionReportForm(forms.ModelForm):
    class Meta:
        model = MissionReport
        fields = ["work_done", "findings", "recommendations", "follow_up"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class ReportReviewForm(forms.ModelForm):
    class Meta:
        model = MissionReport
        fields = ["share_work_done", "share_findings", "share_recommendations", "share_follow_up"]
