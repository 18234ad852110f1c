from django.urls import path

from experts.views import deployments, own_pages, roster

app_name = "experts"

urlpatterns = [
    path("", roster.roster, name="roster"),
    path("new/", roster.expert_create, name="create"),
    path("me/", own_pages.expert_dashboard, name="dashboard"),
    path("me/profile/", own_pages.profile_edit, name="profile_edit"),
    path("me/cv/", own_pages.profile_cv, name="profile_cv"),
    path("me/unavailability/", own_pages.unavailability_add, name="unavailability_add"),
    path("me/unavailability/<int:pk>/delete/", own_pages.unavailability_delete, name="unavailability_delete"),
    path("me/data.json", own_pages.my_data, name="my_data"),
    path("me/erasure/", own_pages.erasure_request, name="erasure_request"),
    path("<int:pk>/", roster.expert_detail, name="detail"),
    path("<int:pk>/edit/", roster.expert_edit, name="edit"),
    path("<int:pk>/cv/", roster.expert_cv, name="cv"),
    path("<int:pk>/unavailability/", own_pages.expert_unavailability_add, name="expert_unavailability_add"),
    path(
        "<int:pk>/unavailability/<int:period_pk>/delete/",
        own_pages.expert_unavailability_delete,
        name="expert_unavailability_delete",
    ),
    path("<int:pk>/invite-to-claim/", roster.expert_invite_claim, name="invite_claim"),
    path("<int:pk>/erase/", roster.expert_erase, name="erase"),
    path("match/<int:activity_pk>/", deployments.match, name="match"),
    path("match/<int:activity_pk>/propose/", deployments.match_propose, name="propose"),
    path("deployments/<int:pk>/feedback/", deployments.deployment_feedback, name="feedback"),
    path("deployments/<int:pk>/rating/", deployments.deployment_rate, name="rate"),
    path("deployments/<int:pk>/<slug:name>/", deployments.deployment_transition, name="transition"),
    path("invitation/<str:token>/", deployments.invitation, name="invitation"),
    path("calendar/<str:token>.ics", deployments.calendar_feed, name="calendar"),
]
