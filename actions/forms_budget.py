from django import forms
from django.utils.translation import gettext_lazy as _

from actions.budget_models import CostCategory
from actions.budgets import action_years


class BudgetLineForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    category = forms.ChoiceField(label=_("Cost category"), choices=CostCategory.choices)
    planned = forms.DecimalField(label=_("Planned (EUR)"), min_value=0, max_digits=12, decimal_places=2)
    actual = forms.DecimalField(label=_("Other actual spending (EUR)"), min_value=0, max_digits=12, decimal_places=2,
                                required=False, help_text=_("Spending not recorded on an activity; empty when not yet known."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        years = action_years(action) or range(action.created_at.year - 1, action.created_at.year + 4)
        self.fields["year"].choices = [(y, y) for y in years]


class ActivityCostForm(forms.Form):
    category = forms.ChoiceField(label=_("Cost category"), choices=CostCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=250, required=False)
    planned = forms.DecimalField(label=_("Planned (EUR)"), min_value=0, max_digits=12, decimal_places=2)
    actual = forms.DecimalField(label=_("Actual (EUR)"), min_value=0, max_digits=12, decimal_places=2, required=False)
