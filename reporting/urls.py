"""Public pages, open data, the staff dashboard and the historical import (DESIGN section 5: these URLs
must stay stable)."""

from django.urls import path

from actions import codes, survey
from reporting import dashboard, public_views, results_api
from reporting.portfolio.admin_views import import_portfolio_view
from reporting.public_views import library

codes.register()

urlpatterns = [
    path("", public_views.home, name="home"),
    path("staff/", dashboard.staff_dashboard, name="staff_dashboard"),
    path("admin/import-portfolio/", import_portfolio_view, name="admin_import_portfolio"),
    path("actions/", public_views.action_list, name="public_actions"),
    path("actions/<action_code:code>/", public_views.action_page, name="public_action"),
    path("map/", public_views.map_page, name="public_map"),
    path("open-data/", public_views.open_data_page, name="public_open_data"),
    path("library/", library.library, name="public_library"),
    path("library/<int:pk>/", library.library_document, name="public_library_document"),
    path("staff/api/results/", results_api.results_json, name="api_results"),
    path("api/key-facts/", public_views.key_facts_json, name="api_key_facts"),
    path("api/key-facts/basis/", public_views.key_facts_basis_json, name="api_key_facts_basis"),
    path("api/actions.geojson", public_views.actions_geojson, name="api_actions_geojson"),
    path("api/actions.csv", public_views.actions_csv, name="api_actions_csv"),
    path("iati/activities.xml", public_views.iati_activities, name="iati_activities"),
    # Participant surveys: no account, an unguessable token per activity.
    path("survey/<str:token>/", survey.survey_form, name="survey"),
    path("survey/<str:token>/thanks/", survey.survey_thanks, name="survey_thanks"),
    path("staff/activities/<int:pk>/survey/", survey.survey_sheet, name="survey_sheet"),
    path("staff/activities/<int:pk>/survey/qr.svg", survey.survey_qr_svg, name="survey_qr"),
]
