from django.urls import path

from experts import mission_views, views

app_name = "experts"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("new/", views.expert_create, name="create"),
    path("me/", views.expert_dashboard, name="dashboard"),
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("me/cv/", views.profile_cv, name="profile_cv"),
    path("me/unavailability/", views.unavailability_add, name="unavailability_add"),
    path("me/unavailability/<int:pk>/delete/", views.unavailability_delete, name="unavailability_delete"),
    path("me/data.json", views.my_data, name="my_data"),
    path("me/erasure/", views.erasure_request, name="erasure_request"),
    path("<int:pk>/", views.expert_detail, name="detail"),
    path("<int:pk>/edit/", views.expert_edit, name="edit"),
    path("<int:pk>/cv/", views.expert_cv, name="cv"),
    path("<int:pk>/unavailability/", views.expert_unavailability_add, name="expert_unavailability_add"),
    path(
        "<int:pk>/unavailability/<int:period_pk>/delete/",
        views.expert_unavailability_delete,
        name="expert_unavailability_delete",
    ),
    path("<int:pk>/invite-to-claim/", views.expert_invite_claim, name="invite_claim"),
    path("<int:pk>/erase/", views.expert_erase, name="erase"),
    path("match/<int:activity_pk>/", views.match, name="match"),
    path("match/<int:activity_pk>/propose/", views.match_propose, name="propose"),
    path("deployments/<int:pk>/mission/", mission_views.mission_detail, name="mission"),
    path("deployments/<int:pk>/mission/travel/", mission_views.mission_travel, name="mission_travel"),
    path("deployments/<int:pk>/mission/allowance/", mission_views.mission_allowance, name="mission_allowance"),
    path("deployments/<int:pk>/mission/release-letter/", mission_views.mission_release_letter, name="mission_release_letter"),
    path("deployments/<int:pk>/mission/release-letter/upload/", mission_views.mission_release_letter_upload,
         name="mission_release_letter_upload"),
    path("deployments/<int:pk>/mission/<slug:kind>.pdf", mission_views.mission_document, name="mission_document"),
    path("deployments/<int:pk>/mission/report/", mission_views.mission_report, name="mission_report"),
    path("deployments/<int:pk>/mission/report/review/", mission_views.mission_report_review, name="mission_report_review"),
    path("deployments/<int:pk>/feedback/", views.deployment_feedback, name="feedback"),
    path("deployments/<int:pk>/rating/", views.deployment_rate, name="rate"),
    path("deployments/<int:pk>/<slug:name>/", views.deployment_transition, name="transition"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
]
