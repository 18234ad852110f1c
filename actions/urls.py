from django.urls import path

from actions import codes, views

codes.register()

app_name = "actions"

# Fixed prefixes first: an Action code ("MIEUX-2026-014-KE") never equals "mine", "calendar" or "from-request".
urlpatterns = [
    path("", views.action_list, name="list"),
    path("mine/", views.my_actions, name="mine"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/<str:token>/programme.ics", views.programme_feed, name="programme_feed"),
    path("calendar/<str:token>/<action_code:code>.ics", views.action_feed, name="action_feed"),
    path("from-request/<int:pk>/", views.action_create_from_request, name="create_from_request"),
    path("<action_code:code>/", views.action_detail, name="detail"),
    path("<action_code:code>/edit/", views.action_edit, name="edit"),
    path("<action_code:code>/publish/", views.action_publish, name="publish"),
    path("<action_code:code>/step/<str:name>/", views.action_transition, name="transition"),
    path("<action_code:code>/documents/new/", views.document_upload, name="document_upload"),
    path("<action_code:code>/documents/<int:pk>/", views.document_download, name="document"),
    path("<action_code:code>/documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("<action_code:code>/activities/new/", views.activity_create, name="activity_create"),
    path("<action_code:code>/activities/<int:pk>/", views.activity_detail, name="activity"),
    path("<action_code:code>/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<action_code:code>/activities/<int:pk>/step/<str:name>/", views.activity_transition, name="activity_transition"),
    path("<action_code:code>/activities/<int:pk>/replan/", views.activity_replan, name="activity_replan"),
    path("<action_code:code>/activities/<int:pk>/delivery/", views.activity_delivery, name="activity_delivery"),
    path("<action_code:code>/activities/<int:pk>/report/", views.activity_report, name="activity_report"),
]
