from django.urls import path

from requests_app.views import review

urlpatterns = [
    path("committee/", review.committee_queue, name="committee_queue"),
]
