"""The URL map. Each app owns its URLs; the root only mounts them (strings, so `mieux` imports no app)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from mieux import legal_views, views

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("start/", views.start, name="start"),
    path("healthz/", views.healthz, name="healthz"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/calendar-link/", views.calendar_token_rotate, name="calendar_token_rotate"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("legal/accessibility/feedback/", legal_views.accessibility_feedback, name="accessibility_feedback"),
    path("legal/<slug:kind>/", legal_views.legal_page, name="legal_page"),
    path("legal/<slug:kind>/<str:version>/", legal_views.legal_page, name="legal_page_version"),
    path("accounts/", include("allauth.urls")),
    # Public pages, open data, the staff dashboard and the admin's import page (the top floor).
    path("", include("reporting.urls")),
    # Before the admin's own URLs: its sign-in is the portal's (rate limits, second factor).
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("requests/", include("requests_app.urls")),
    path("workspace/actions/", include("actions.urls")),
    path("experts/", include("experts.urls")),
]

handler404 = "mieux.views.error_404"
handler403 = "mieux.views.error_403"
handler500 = "mieux.views.error_500"

admin.site.site_header = "MIEUX+ administration"
admin.site.site_title = "MIEUX+"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
