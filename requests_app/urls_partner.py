from django.urls import path

from requests_app.views import partner

urlpatterns = [
    path("", partner.partner_dashboard, name="dashboard"),
    path("institution/", partner.institution_start, name="institution_start"),
    path("institutions/<int:pk>/members/", partner.institution_members, name="members"),
    path(
        "institutions/<int:pk>/members/<int:membership_pk>/<str:decision>/",
        partner.membership_decide,
        name="membership_decide",
    ),
    path("new/", partner.request_new, name="new"),
    path("<int:pk>/", partner.request_detail, name="detail"),
    path("<int:pk>/edit/<int:step>/", partner.request_edit, name="edit"),
    path("<int:pk>/submit/", partner.request_submit, name="submit"),
    path("<int:pk>/discard/", partner.request_discard, name="discard"),
    path("<int:pk>/answer/", partner.request_answer, name="answer"),
    path("<int:pk>/withdraw/", partner.request_withdraw, name="withdraw"),
    path("<int:pk>/messages/", partner.message_post, name="message_post"),
    path("<int:pk>/verify-institution/", partner.institution_verify, name="verify_institution"),
    path("<int:pk>/attachments/", partner.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", partner.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", partner.attachment_delete, name="attachment_delete"),
]
