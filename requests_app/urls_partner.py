from django.urls import path

from requests_app.views.partner import attachments, drafting, following, institutions

urlpatterns = [
    path("", drafting.partner_dashboard, name="dashboard"),
    path("institution/", institutions.institution_start, name="institution_start"),
    path("institutions/<int:pk>/members/", institutions.institution_members, name="members"),
    path(
        "institutions/<int:pk>/members/<int:membership_pk>/<str:decision>/",
        institutions.membership_decide,
        name="membership_decide",
    ),
    path("new/", drafting.request_new, name="new"),
    path("<int:pk>/", following.request_detail, name="detail"),
    path("<int:pk>/edit/<int:step>/", drafting.request_edit, name="edit"),
    path("<int:pk>/submit/", drafting.request_submit, name="submit"),
    path("<int:pk>/discard/", drafting.request_discard, name="discard"),
    path("<int:pk>/answer/", following.request_answer, name="answer"),
    path("<int:pk>/withdraw/", following.request_withdraw, name="withdraw"),
    path("<int:pk>/messages/", following.message_post, name="message_post"),
    path("<int:pk>/verify-institution/", institutions.institution_verify, name="verify_institution"),
    path("<int:pk>/attachments/", attachments.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", attachments.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", attachments.attachment_delete, name="attachment_delete"),
]
