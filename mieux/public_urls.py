"""Public pages and open data (DESIGN section 5): these URLs must stay stable."""

from django.urls import path

from mieux import public_views

urlpatterns = [
    path("actions/", public_views.action_list, name="public_actions"),
    path("actions/<str:code>/", public_views.action_page, name="public_action"),
]
