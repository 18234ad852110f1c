"""Admin of the results framework, the partner's evaluations and follow-ups, and translations."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.admin import ActionAdmin
from actions.results_models import (
    ActionTranslation,
    FollowUpSchedule,
    Indicator,
    PartnerEvaluation,
    PartnerFollowUp,
)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("title", "action", "result_type", "measure", "baseline", "target", "actual", "achieved", "updated_at")
    list_filter = ("result_type", "measure", "imported")
    search_fields = ("title", "ref", "action__code", "action__title")
    list_select_related = ("action",)
    raw_id_fields = ("action",)


class PartnerAnswerAdmin(admin.ModelAdmin):
    """Answers are the partner's words: the admin reads them; only the status may be withdrawn here."""

    list_filter = ("status", "language")
    search_fields = ("action__code", "member__email", "member__full_name")
    list_select_related = ("action", "member")
    raw_id_fields = ("action", "member")
    date_hierarchy = "invited_at"

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "status"]


@admin.register(PartnerEvaluation)
class PartnerEvaluationAdmin(PartnerAnswerAdmin):
    list_display = ("action", "member", "status", "satisfaction", "relevance", "experts_quality", "objectives_met", "invited_at", "reminded_at", "answered_at")
    list_filter = ("status", "objectives_met", "language")


@admin.register(PartnerFollowUp)
class PartnerFollowUpAdmin(PartnerAnswerAdmin):
    list_display = ("action", "member", "status", "results_used", "invited_at", "reminded_at", "answered_at")
    list_filter = ("status", "results_used", "language")


@admin.register(FollowUpSchedule)
class FollowUpScheduleAdmin(admin.ModelAdmin):
    list_display = ("action", "completed_on", "due_on", "sent_at")
    list_filter = ("sent_at",)
    search_fields = ("action__code",)
    list_select_related = ("action",)
    readonly_fields = ("action", "completed_on", "sent_at")
    raw_id_fields = ("action",)


@admin.register(ActionTranslation)
class ActionTranslationAdmin(admin.ModelAdmin):
    list_display = ("action", "language", "title")
    list_filter = ("language",)
    search_fields = ("action__code", "title", "summary")
    list_select_related = ("action",)
    raw_id_fields = ("action",)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ("title", "result_type", "measure", "baseline", "baseline_year", "target", "actual", "achieved")
    extra = 0


class ActionTranslationInline(admin.TabularInline):
    model = ActionTranslation
    fields = ("language", "title", "summary")
    extra = 0


# The Action's admin page also holds its results framework and its translations.
ActionAdmin.inlines = [*ActionAdmin.inlines, IndicatorInline, ActionTranslationInline]
