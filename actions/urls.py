from django.urls import path

from actions import results_views, views

app_name = "actions"

# Fixed prefixes first: an Action code ("MIEUX-2026-014-KE") never equals "mine", "calendar" or "from-request".
urlpatterns = [
    path("", views.action_list, name="list"),
    path("mine/", views.my_actions, name="mine"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/<str:token>/programme.ics", views.programme_feed, name="programme_feed"),
    path("calendar/<str:token>/<str:code>.ics", views.action_feed, name="action_feed"),
    path("from-request/<int:pk>/", views.action_create_from_request, name="create_from_request"),
    path("<str:code>/", views.action_detail, name="detail"),
    path("<str:code>/edit/", views.action_edit, name="edit"),
    path("<str:code>/publish/", views.action_publish, name="publish"),
    path("<str:code>/step/<str:name>/", views.action_transition, name="transition"),
    path("<str:code>/documents/new/", views.document_upload, name="document_upload"),
    path("<str:code>/documents/<int:pk>/", views.document_download, name="document"),
    path("<str:code>/documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("<str:code>/indicators/new/", results_views.indicator_edit, name="indicator_create"),
    path("<str:code>/indicators/<int:pk>/", results_views.indicator_edit, name="indicator_edit"),
    path("<str:code>/indicators/<int:pk>/delete/", results_views.indicator_delete, name="indicator_delete"),
    path("<str:code>/translations/", results_views.action_translations, name="translations"),
    path("<str:code>/evaluation/", results_views.evaluation_page, name="evaluation"),
    path("<str:code>/follow-up/", results_views.follow_up_page, name="follow_up"),
    path("<str:code>/documents/<int:pk>/library/", results_views.document_publication, name="document_publication"),
    path("<str:code>/activities/new/", views.activity_create, name="activity_create"),
    path("<str:code>/activities/<int:pk>/", views.activity_detail, name="activity"),
    path("<str:code>/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<str:code>/activities/<int:pk>/step/<str:name>/", views.activity_transition, name="activity_transition"),
    path("<str:code>/activities/<int:pk>/replan/", views.activity_replan, name="activity_replan"),
    path("<str:code>/activities/<int:pk>/delivery/", views.activity_delivery, name="activity_delivery"),
    path("<str:code>/activities/<int:pk>/report/", views.activity_report, name="activity_report"),
]
