from django.urls import path

from requests_app import views

app_name = "requests"

urlpatterns = [
    path("", views.partner_dashboard, name="dashboard"),
    path("committee/", views.committee_queue, name="committee_queue"),
    path("<int:pk>/", views.request_detail, name="detail"),
]
