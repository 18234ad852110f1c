"""Admin of institutions, requests and their review. Statuses change only through the services."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from mieux.admin_files import PrivateFileAdminMixin
from mieux.bounds import BoundedModelForm
from requests_app.models import (
    Attachment,
    ConflictDeclaration,
    Institution,
    Membership,
    Message,
    Opinion,
    Request,
    RequestEvent,
)
from requests_app.services import institutions


class ReadOnlyAdmin(admin.ModelAdmin):
    """Immutable audit rows: visible, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "status", "approved_by", "created_at"]
    readonly_fields = ["status", "approved_by", "created_at"]
    autocomplete_fields = ["user"]


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    form = BoundedModelForm
    list_display = ["name", "type", "country", "city", "verified_at", "imported", "created_at"]
    list_filter = ["type", "imported", ("verified_at", admin.EmptyFieldListFilter), "country"]
    search_fields = ["name", "city", "website"]
    readonly_fields = ["verified_at", "verified_by", "created_at"]
    inlines = [MembershipInline]
    actions = ["verify"]

    @admin.action(description=_("Verify the selected institutions"))
    def verify(self, request, queryset):
        done = 0
        for institution in queryset.filter(verified_at__isnull=True):
            institutions.institution_verify(actor=request.user, institution=institution)
            done += 1
        self.message_user(request, _("%(count)d institutions verified.") % {"count": done}, messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "status", "approved_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__full_name", "institution__name"]
    readonly_fields = ["status", "approved_by"]
    autocomplete_fields = ["user", "institution"]
    actions = ["approve", "refuse"]

    def _decide(self, request, queryset, service):
        done = 0
        for membership in queryset.filter(status=Membership.Status.PENDING):
            service(actor=request.user, membership=membership)
            done += 1
        self.message_user(request, _("%(count)d requests to join answered.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected requests to join"))
    def approve(self, request, queryset):
        self._decide(request, queryset, institutions.membership_approve)

    @admin.action(description=_("Refuse the selected requests to join"))
    def refuse(self, request, queryset):
        self._decide(request, queryset, institutions.membership_refuse)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "kind", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    fields = ["created_at", "transition", "from_status", "to_status", "actor", "note", "visible_to_partner"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Request)
class RequestAdmin(SimpleHistoryAdmin):
    form = BoundedModelForm
    list_display = ["reference", "title", "institution", "status", "region", "phase", "submitted_at", "decided_at"]
    list_filter = ["status", "region", "phase", "thematic_areas", "imported"]
    search_fields = ["reference", "title", "institution__name", "contact_name", "contact_email"]
    date_hierarchy = "submitted_at"
    list_select_related = ["institution", "region", "phase"]
    autocomplete_fields = ["institution"]
    filter_horizontal = ["thematic_areas", "activity_types"]
    readonly_fields = [
        "reference", "status", "created_at", "updated_at", "submitted_at", "last_submitted_at", "info_requested_at",
        "forwarded_at", "review_round", "decided_at", "created_by",
    ]
    inlines = [AttachmentInline, RequestEventInline]


@admin.register(RequestEvent)
class RequestEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "request", "transition", "from_status", "to_status", "actor", "visible_to_partner"]
    list_filter = ["transition", "to_status", "visible_to_partner"]
    search_fields = ["request__reference", "request__title", "note", "actor__email"]
    list_select_related = ["request", "actor"]


@admin.register(Attachment)
class AttachmentAdmin(PrivateFileAdminMixin, admin.ModelAdmin):
    private_files = {"file": lambda a: reverse("requests:attachment", args=[a.request_id, a.pk])}
    list_display = ["original_name", "request", "kind", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "request__reference", "request__title"]
    readonly_fields = ["request", "file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["request", "uploaded_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "request", "author", "body"]
    search_fields = ["body", "request__reference", "author__email"]
    list_filter = [("created_at", admin.DateFieldListFilter)]
    readonly_fields = ["request", "author", "created_at"]
    list_select_related = ["request", "author"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["request", "member", "has_conflict", "declared_at"]
    list_filter = ["has_conflict", "member__committee_body"]
    search_fields = ["request__reference", "request__title", "member__email", "explanation"]
    list_select_related = ["request", "member"]


@admin.register(Opinion)
class OpinionAdmin(SimpleHistoryAdmin):
    list_display = ["request", "review_round", "body", "value", "member", "created_at", "updated_at"]
    list_filter = ["value", "body", "review_round"]
    search_fields = ["request__reference", "request__title", "comment", "member__email"]
    list_select_related = ["request", "body", "member"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
