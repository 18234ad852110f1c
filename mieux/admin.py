from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from mieux.models import (
    ActivityType,
    CommitteeBody,
    EmployerType,
    InstitutionType,
    Notification,
    Phase,
    Region,
    RegionCountry,
    ThematicArea,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "committee_body", "language", "is_active", "date_joined"]
    list_filter = ["role", "committee_body", "language", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language", "email_digest")}),
        (_("Role"), {"fields": ("role", "committee_body")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "role", "password1", "password2")}),)
    actions = ["revoke_calendar_tokens"]

    @admin.action(description=_("Revoke calendar feed links (a new secret; old feed URLs stop working)"))
    def revoke_calendar_tokens(self, request, queryset):
        for user in queryset:
            user.rotate_calendar_token()
        self.message_user(request, _("Calendar feed links revoked for %(n)d user(s).") % {"n": queryset.count()})


class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_fr", "name_es", "name_pt", "name_ar", "name_ru", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["code", "name", "name_fr", "name_es", "name_pt", "name_ar", "name_ru"]
    ordering = ["sort_order", "code"]


class RegionCountryInline(admin.TabularInline):
    model = RegionCountry
    extra = 0


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    inlines = [RegionCountryInline]


@admin.register(RegionCountry)
class RegionCountryAdmin(admin.ModelAdmin):
    list_display = ["country", "region"]
    list_filter = ["region"]
    search_fields = ["country"]


@admin.register(Phase)
class PhaseAdmin(ReferenceAdmin):
    list_display = ReferenceAdmin.list_display + ["start_date", "end_date"]


for model in (ThematicArea, ActivityType, InstitutionType, EmployerType, CommitteeBody):
    admin.site.register(model, ReferenceAdmin)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "to_email", "kind", "created_at", "sent_at", "attempts", "read_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), "email_due"]
    search_fields = ["subject", "recipient__email", "to_email", "dedupe_key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


from mieux import legal_admin  # noqa: E402,F401 (registers the legal pages' admin)
