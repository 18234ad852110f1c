from django.urls import path

from actions import codes
from actions.views import action_pages, activities, budgets, calendars, results

codes.register()

app_name = "actions"

# Fixed prefixes first: an Action code ("MIEUX-2026-014-KE") never equals "mine", "calendar" or "from-request".
urlpatterns = [
    path("", action_pages.action_list, name="list"),
    path("mine/", action_pages.my_actions, name="mine"),
    path("calendar/", calendars.calendar_month, name="calendar"),
    path("calendar/<str:token>/programme.ics", calendars.programme_feed, name="programme_feed"),
    path("calendar/<str:token>/<action_code:code>.ics", calendars.action_feed, name="action_feed"),
    path("from-request/<int:pk>/", action_pages.action_create_from_request, name="create_from_request"),
    path("<action_code:code>/", action_pages.action_detail, name="detail"),
    path("<action_code:code>/edit/", action_pages.action_edit, name="edit"),
    path("<action_code:code>/budget/", budgets.budget_detail, name="budget"),
    path("<action_code:code>/budget/line/", budgets.budget_line_edit, name="budget_line"),
    path("<action_code:code>/budget.csv", budgets.budget_csv, name="budget_csv"),
    path("<action_code:code>/activities/<int:pk>/costs/new/", budgets.activity_cost_add, name="activity_cost_add"),
    path("<action_code:code>/costs/<int:pk>/delete/", budgets.activity_cost_delete, name="activity_cost_delete"),
    path("<action_code:code>/publish/", action_pages.action_publish, name="publish"),
    path("<action_code:code>/step/<str:name>/", action_pages.action_transition, name="transition"),
    path("<action_code:code>/documents/new/", action_pages.document_upload, name="document_upload"),
    path("<action_code:code>/documents/<int:pk>/", action_pages.document_download, name="document"),
    path("<action_code:code>/documents/<int:pk>/delete/", action_pages.document_delete, name="document_delete"),
    path("<action_code:code>/indicators/new/", results.indicator_edit, name="indicator_create"),
    path("<action_code:code>/indicators/<int:pk>/", results.indicator_edit, name="indicator_edit"),
    path("<action_code:code>/indicators/<int:pk>/delete/", results.indicator_delete, name="indicator_delete"),
    path("<action_code:code>/translations/", results.action_translations, name="translations"),
    path("<action_code:code>/evaluation/", results.evaluation_page, name="evaluation"),
    path("<action_code:code>/follow-up/", results.follow_up_page, name="follow_up"),
    path("<action_code:code>/documents/<int:pk>/library/", results.document_publication, name="document_publication"),
    path("<action_code:code>/activities/new/", activities.activity_create, name="activity_create"),
    path("<action_code:code>/activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("<action_code:code>/activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("<action_code:code>/activities/<int:pk>/step/<str:name>/", activities.activity_transition, name="activity_transition"),
    path("<action_code:code>/activities/<int:pk>/replan/", activities.activity_replan, name="activity_replan"),
    path("<action_code:code>/activities/<int:pk>/delivery/", activities.activity_delivery, name="activity_delivery"),
    path("<action_code:code>/activities/<int:pk>/report/", activities.activity_report, name="activity_report"),
]
