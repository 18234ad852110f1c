"""Admin of the legal pages (staff publish a new version by adding rows) and of accessibility feedback."""

from django.contrib import admin

from mieux.models import AccessibilityFeedback, LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "language", "title", "published_on"]
    list_filter = ["kind", "language", "version"]
    search_fields = ["title", "body", "version"]
    date_hierarchy = "published_on"
    save_as = True  # "Save as new" turns an edited version into the next one


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "email", "user"]
    search_fields = ["message", "page", "email"]
    list_filter = ["created_at"]
    readonly_fields = ["message", "email", "page", "user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
