from django import forms

from mieux.bounds import BoundedFormMixin
from mieux.models import User


class PreferencesForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language", "email_digest"]
        widgets = {"email_digest": forms.RadioSelect}
