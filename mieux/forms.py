from django import forms
from django.utils.translation import gettext_lazy as _

from mieux.bounds import BoundedFormMixin
from mieux.models import User


class PreferencesForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language", "email_digest"]
        widgets = {"email_digest": forms.RadioSelect}


class SignupNameForm(forms.Form):
    """The extra field of the sign-up form (allauth's ACCOUNT_SIGNUP_FORM_CLASS): the person's name,
    used in the menu, timelines and e-mails instead of the e-mail address."""

    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        help_text=_("As colleagues should see it, e.g. Amina Diallo."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name"]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please give your name."))
        return name

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])
