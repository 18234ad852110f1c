from django import forms
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from experts.models import Deployment, DeploymentEvent, Expert, ExpertLanguage, Unavailability
from experts.resources import ExpertResource
from experts.services import unavailability_refusal
from experts.track_record import TrackRecord
from mieux.admin_files import PrivateFileAdminMixin
from mieux.bounds import BoundedModelForm
from mieux.spreadsheets import FormulaSafeExportMixin


class ExpertLanguageInline(admin.TabularInline):
    model = ExpertLanguage
    extra = 0


class UnavailabilityAdminForm(BoundedModelForm):
    """A period may not cover an activity the expert is already booked on (accepted, confirmed or
    completed), whichever door it comes through; the admin saves in this check's transaction."""

    def clean(self):
        cleaned = super().clean()
        expert = cleaned.get("expert") or getattr(self.instance, "expert", None)
        refusal = unavailability_refusal(
            expert_id=getattr(expert, "pk", None) or self.instance.expert_id,
            start_date=cleaned.get("start_date"), end_date=cleaned.get("end_date"),
        )
        if refusal:
            raise forms.ValidationError(refusal)
        return cleaned


class UnavailabilityInline(admin.TabularInline):
    model = Unavailability
    form = UnavailabilityAdminForm
    extra = 0


class SafeCSV(FormulaSafeExportMixin, CSV):
    pass


class SafeXLSX(FormulaSafeExportMixin, XLSX):
    pass


@admin.register(Expert)
class ExpertAdmin(PrivateFileAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    form = BoundedModelForm
    private_files = {"cv": lambda e: reverse("experts:cv", args=[e.pk])}
    resource_classes = [ExpertResource]
    formats = [SafeCSV, SafeXLSX]
    list_display = ("ref", "last_name", "first_name", "nationality", "employer_type", "status", "consent_at", "erased_at")
    list_filter = ("status", "employer_type", "gender", "thematic_areas", "imported", "erased_at")
    search_fields = ("ref", "first_name", "last_name", "email", "employer")
    list_select_related = ("employer_type",)
    autocomplete_fields = ("user",)
    filter_horizontal = ("thematic_areas", "regions_experience")
    readonly_fields = ("consent_at", "consent_version", "erasure_requested_at", "erased_at", "created_at", "updated_at")
    inlines = [ExpertLanguageInline, UnavailabilityInline]


@admin.register(ExpertLanguage)
class ExpertLanguageAdmin(admin.ModelAdmin):
    list_display = ("expert", "language", "level")
    list_filter = ("language", "level")
    search_fields = ("expert__first_name", "expert__last_name", "language")
    list_select_related = ("expert",)


@admin.register(Unavailability)
class UnavailabilityAdmin(admin.ModelAdmin):
    form = UnavailabilityAdminForm
    list_display = ("expert", "start_date", "end_date", "reason")
    list_filter = ("start_date",)
    search_fields = ("expert__first_name", "expert__last_name", "reason")
    list_select_related = ("expert",)


class DeploymentEventInline(admin.TabularInline):
    model = DeploymentEvent
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "actor", "transition", "from_status", "to_status", "note", "data")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deployment)
class DeploymentAdmin(SimpleHistoryAdmin):
    form = BoundedModelForm
    list_display = ("expert", "activity", "role", "status", "satisfaction", "staff_rating")
    list_filter = ("status", "role", "beneficial", "imported")
    search_fields = ("expert__first_name", "expert__last_name", "expert__ref", "activity__title", "activity__ref")
    list_select_related = ("expert", "activity")
    raw_id_fields = ("activity", "expert", "proposed_by")
    # The status only moves through experts.services: the admin shows it, never writes it.
    readonly_fields = (
        "status", "invited_at", "answered_at", "confirmed_at", "completed_at", "feedback_at", "created_at",
    )
    inlines = [DeploymentEventInline]


@admin.register(DeploymentEvent)
class DeploymentEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "deployment", "transition", "from_status", "to_status", "actor")
    list_filter = ("transition", "to_status")
    search_fields = ("deployment__expert__last_name", "deployment__activity__title", "note")
    list_select_related = ("deployment__expert", "deployment__activity", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrackRecord)
class TrackRecordAdmin(admin.ModelAdmin):
    """Derived from the deployments: read only."""

    list_display = ("expert", "completed", "rating_count", "satisfaction_count", "updated_at")
    list_filter = ("updated_at",)
    search_fields = ("expert__first_name", "expert__last_name", "expert__email")
    readonly_fields = [f.name for f in TrackRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
# Mission logistics admin lives in its own module; importing it registers it.
from experts import logistics_admin  # noqa: E402, F401
