"""Admin for budget lines and activity costs; the budget rules apply here as on the staff pages."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from actions import budgets
from actions.budget_models import ActivityCost, BudgetLine


class BudgetLineAdminForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["action", "year", "category", "planned", "actual", "version"]
        widgets = {"version": forms.HiddenInput}

    def clean(self):
        data = super().clean()
        if data.get("action") and data.get("year"):
            try:
                budgets.check_year(data["action"], data["year"])
            except budgets.BudgetError as error:
                self.add_error("year", str(error))
        if self.instance.pk:
            current = BudgetLine.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current != data.get("version"):
                raise forms.ValidationError(_("Someone else changed this budget line meanwhile; reload the page."))
        return data


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    form = BudgetLineAdminForm
    list_display = ("action", "year", "category", "planned", "actual", "version", "updated_at", "updated_by")
    list_filter = ("year", "category", "action__phase", "action__region")
    search_fields = ("action__code", "action__title")
    list_select_related = ("action", "updated_by")
    autocomplete_fields = ("action",)
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        # Through the service, so the version moves on and a concurrent edit is refused, not lost.
        saved = budgets.budget_line_save(
            actor=request.user, action=obj.action, year=obj.year, category=obj.category, planned=obj.planned,
            actual=obj.actual, version=obj.version if change else None,
        )
        obj.pk, obj.version = saved.pk, saved.version


@admin.register(ActivityCost)
class ActivityCostAdmin(admin.ModelAdmin):
    list_display = ("activity", "category", "description", "planned", "actual", "committed", "computed_key")
    list_filter = ("category", "committed", "activity__action__phase")
    search_fields = ("activity__title", "activity__action__code", "description", "computed_key")
    list_select_related = ("activity",)
    autocomplete_fields = ("activity",)

    def get_readonly_fields(self, request, obj=None):
        # Lines computed from a mission follow the mission; they are changed there.
        if obj is not None and obj.is_computed:
            return [f.name for f in ActivityCost._meta.fields]
        return ("committed", "computed_key")

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_computed
