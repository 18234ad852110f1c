"""Admin for the allowance rate table (CSV/XLSX import), mission logistics, reports and document templates."""

from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from experts import logistics
from experts.logistics_models import AllowanceRate, DocumentTemplate, Mission, MissionReport


class AllowanceRateResource(resources.ModelResource):
    """Columns: country (ISO alpha-2), city (empty = whole country), daily_rate (EUR), effective_from, note."""

    class Meta:
        model = AllowanceRate
        fields = ("country", "city", "daily_rate", "effective_from", "note")
        import_id_fields = ("country", "city", "effective_from")
        clean_model_instances = True  # the model's validators refuse negative rates and unknown countries
        skip_unchanged = True
        report_skipped = False


@admin.register(AllowanceRate)
class AllowanceRateAdmin(ImportExportModelAdmin):
    resource_classes = [AllowanceRateResource]
    formats = [CSV, XLSX]
    list_display = ("country", "city", "daily_rate", "effective_from", "note")
    list_filter = ("country", "effective_from")
    search_fields = ("country", "city", "note")
    date_hierarchy = "effective_from"


@admin.register(Mission)
class MissionAdmin(SimpleHistoryAdmin):
    list_display = ("deployment", "outbound_date", "return_date", "travel_mode", "booking_status", "ticket_cost",
                    "allowance_override", "release_letter_uploaded_at")
    list_filter = ("booking_status", "travel_mode", "deployment__status")
    search_fields = ("deployment__expert__last_name", "deployment__expert__first_name", "deployment__activity__title",
                     "travel_from", "travel_to")
    list_select_related = ("deployment__expert", "deployment__activity")
    raw_id_fields = ("deployment",)
    readonly_fields = ("release_letter_uploaded_at", "release_letter_uploaded_by", "updated_at")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The mission's costs follow it into the Action's actuals whatever door changed it.
        logistics.mission_costs_sync(obj.deployment)


@admin.register(MissionReport)
class MissionReportAdmin(admin.ModelAdmin):
    list_display = ("deployment", "submitted_at", "reviewed_at", "reviewed_by", "reminders_sent")
    list_filter = ("reviewed_at", "submitted_at")
    search_fields = ("deployment__expert__last_name", "deployment__activity__title", "work_done", "findings")
    list_select_related = ("deployment__expert", "deployment__activity", "reviewed_by")
    raw_id_fields = ("deployment",)
    readonly_fields = ("submitted_at", "reviewed_at", "reviewed_by", "reminders_sent", "last_reminded_at")


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "language", "title", "updated_at")
    list_filter = ("kind", "language")
    search_fields = ("title", "body")
