from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("<str:code>/", views.action_detail, name="detail"),
    path("<str:code>/activities/<int:pk>/", views.activity_detail, name="activity"),
]
