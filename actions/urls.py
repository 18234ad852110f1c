from django.urls import path

from actions.views import action_pages, activities, calendars

app_name = "actions"

# Fixed prefixes first: an Action code ("MIEUX-2026-014-KE") never equals "mine", "calendar" or "from-request".
urlpatterns = [
    path("", action_pages.action_list, name="list"),
    path("mine/", action_pages.my_actions, name="mine"),
    path("calendar/", calendars.calendar_month, name="calendar"),
    path("calendar/<str:token>/programme.ics", calendars.programme_feed, name="programme_feed"),
    path("calendar/<str:token>/<str:code>.ics", calendars.action_feed, name="action_feed"),
    path("from-request/<int:pk>/", action_pages.action_create_from_request, name="create_from_request"),
    path("<str:code>/", action_pages.action_detail, name="detail"),
    path("<str:code>/edit/", action_pages.action_edit, name="edit"),
    path("<str:code>/publish/", action_pages.action_publish, name="publish"),
    path("<str:code>/step/<str:name>/", action_pages.action_transition, name="transition"),
    path("<str:code>/documents/new/", action_pages.document_upload, name="document_upload"),
    path("<str:code>/documents/<int:pk>/", action_pages.document_download, name="document"),
    path("<str:code>/documents/<int:pk>/delete/", action_pages.document_delete, name="document_delete"),
    path("<str:code>/activities/new/", activities.activity_create, name="activity_create"),
    path("<str:code>/activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("<str:code>/activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("<str:code>/activities/<int:pk>/step/<str:name>/", activities.activity_transition, name="activity_transition"),
    path("<str:code>/activities/<int:pk>/replan/", activities.activity_replan, name="activity_replan"),
    path("<str:code>/activities/<int:pk>/delivery/", activities.activity_delivery, name="activity_delivery"),
    path("<str:code>/activities/<int:pk>/report/", activities.activity_report, name="activity_report"),
]
