from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from mieux import dashboard, public_views, views
from mieux.portfolio.admin_views import import_portfolio_view

urlpatterns = [
    path("", public_views.home, name="home"),
    path("", include("mieux.public_urls")),
    path("start/", views.start, name="start"),
    path("staff/", dashboard.staff_dashboard, name="staff_dashboard"),
    path("healthz/", views.healthz, name="healthz"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/import-portfolio/", import_portfolio_view, name="admin_import_portfolio"),
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
