from django.urls import path

from requests_app.views import partner

urlpatterns = [
    path("", partner.partner_dashboard, name="dashboard"),
    path("<int:pk>/", partner.request_detail, name="detail"),
]
