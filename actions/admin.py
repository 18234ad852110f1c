"""Admin for Actions, activities, their events, survey answers and documents."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from actions.dates import check_action_open, check_actual_dates
from actions.errors import ActionError
from actions.models import Action, ActionDocument, ActionEvent, Activity, ActivityEvent, SurveyResponse
from actions.services import activity_check_new_dates
from mieux.admin_files import PrivateFileAdminMixin
from mieux.bounds import BoundedModelForm


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit rows and anonymous answers are written by services only: the admin can read them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ("ref", "title", "type", "start_date", "end_date", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class ActionAdminForm(BoundedModelForm):
    """The domain's rules on the fields the admin can edit: actual dates are never in the future."""

    def clean(self):
        cleaned = super().clean()
        try:
            check_actual_dates(cleaned.get("actual_start"), cleaned.get("actual_end"))
        except ActionError as exc:
            raise forms.ValidationError(str(exc)) from None
        return cleaned


class ActivityAdminForm(BoundedModelForm):
    """The domain's rules on the fields the admin can edit: no activity added to a closed Action, and new
    dates are checked against the booked experts' other deployments and unavailability. The admin saves
    in the same transaction as this check, so the experts stay locked until the change is saved."""

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        try:
            if self.instance.pk is None and action is not None:
                check_action_open(action, doing=_("add an activity"))
            if self.instance.pk is not None and cleaned.get("start_date") and cleaned.get("end_date"):
                activity_check_new_dates(
                    activity=Activity.objects.get(pk=self.instance.pk),
                    start_date=cleaned["start_date"], end_date=cleaned["end_date"],
                )
        except ActionError as exc:
            raise forms.ValidationError(str(exc)) from None
        return cleaned


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    form = ActionAdminForm
    list_display = ("code", "title", "status", "phase", "region", "lead", "is_public", "planned_start", "planned_end")
    list_filter = ("status", "is_public", "phase", "region", "thematic_areas", "imported")
    search_fields = ("code", "title", "institution__name", "objectives")
    list_select_related = ("phase", "region", "lead")
    autocomplete_fields = ("lead",)
    raw_id_fields = ("request", "institution")
    filter_horizontal = ("thematic_areas",)
    # Status and publication move through the services, which write the events.
    readonly_fields = ("status", "is_public", "published_at", "created_at", "updated_at")
    inlines = [ActivityInline]
    date_hierarchy = "planned_start"

    def get_readonly_fields(self, request, obj=None):
        # The code is the stable (IATI) identifier: set once, at creation.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "code") if obj is not None and obj.pk else fields


@admin.register(Activity)
class ActivityAdmin(PrivateFileAdminMixin, SimpleHistoryAdmin):
    form = ActivityAdminForm
    private_files = {"report": lambda a: reverse("actions:activity_report", args=[a.action.code, a.pk])}
    list_display = ("ref", "title", "action", "type", "start_date", "end_date", "format", "status", "participants_total")
    list_filter = ("status", "type", "format", "imported")
    search_fields = ("ref", "title", "action__code", "city")
    list_select_related = ("action", "type")
    raw_id_fields = ("action",)
    filter_horizontal = ("required_thematic_areas",)
    readonly_fields = ("status", "delivered_at", "sequence", "survey_token", "created_at", "updated_at")
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        if change:
            # Subscribed calendars only take an edited event if its SEQUENCE grew (RFC 5545).
            obj.sequence += 1
        super().save_model(request, obj, form, change)


@admin.register(ActionEvent)
class ActionEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "transition", "from_status", "to_status", "actor", "visible_to_partner")
    list_filter = ("transition", "visible_to_partner")
    search_fields = ("action__code", "note")
    list_select_related = ("action", "actor")


@admin.register(ActivityEvent)
class ActivityEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "activity", "transition", "from_status", "to_status", "actor", "visible_to_partner")
    list_filter = ("transition", "visible_to_partner")
    search_fields = ("activity__title", "activity__action__code", "note")
    list_select_related = ("activity", "actor")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "activity", "satisfaction", "relevance", "made_difference", "would_recommend", "language")
    list_filter = ("made_difference", "would_recommend", "satisfaction", "language")
    search_fields = ("activity__title", "activity__action__code", "comment")
    list_select_related = ("activity",)


@admin.register(ActionDocument)
class ActionDocumentAdmin(PrivateFileAdminMixin, admin.ModelAdmin):
    private_files = {"file": lambda d: reverse("actions:document", args=[d.action.code, d.pk])}
    list_display = ("title", "action", "content_type", "visible_to_partner", "is_public", "document_type", "language", "uploaded_at")
    list_filter = ("visible_to_partner", "is_public", "document_type", "language", "content_type")
    search_fields = ("title", "action__code")
    list_select_related = ("action", "uploaded_by")
    raw_id_fields = ("action", "uploaded_by")

# Budget, indicator, partner evaluation, follow-up and translation admins live in their own modules;
# importing them registers them.
from actions import budget_admin, results_admin  # noqa: E402, F401
