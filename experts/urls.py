from django.urls import path

from experts import views

app_name = "experts"

urlpatterns = [
    path("me/", views.expert_dashboard, name="dashboard"),
    path("<int:pk>/", views.expert_detail, name="detail"),
]
