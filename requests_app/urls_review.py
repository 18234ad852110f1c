from django.urls import path

from requests_app.views import review

urlpatterns = [
    path("staff/", review.staff_queue, name="staff_queue"),
    path("committee/", review.committee_queue, name="committee_queue"),
    path("<int:pk>/review/", review.review, name="review"),
    path("<int:pk>/review/declare/", review.review_declare, name="review_declare"),
    path("<int:pk>/review/opinion/", review.review_opinion, name="review_opinion"),
    path("<int:pk>/review/question/", review.review_question, name="review_question"),
    path("<int:pk>/staff/ask-info/", review.staff_ask_info, name="staff_ask_info"),
    path("<int:pk>/staff/close/", review.staff_close_ineligible, name="staff_close_ineligible"),
    path("<int:pk>/staff/forward/", review.staff_forward, name="staff_forward"),
    path("<int:pk>/staff/complementarity/", review.staff_complementarity_note, name="staff_complementarity_note"),
    path("<int:pk>/staff/decide/", review.staff_decide, name="staff_decide"),
]
