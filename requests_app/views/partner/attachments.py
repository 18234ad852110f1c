"""A request's attachments: add, delete, download (only through a view that checks the right to the request)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mieux.downloads import private_file_response
from requests_app import permissions
from requests_app.forms import (
    ATTACHMENT_STEP,
    AttachmentForm,
)
from requests_app.models import Attachment, Request
from requests_app.services import intake
from requests_app.services.intake import IntakeError
from requests_app.views.partner.common import member_request, show_error


@login_required
@require_POST
def attachment_add(request, pk):
    obj = member_request(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            attachment = intake.attachment_add(
                actor=request.user, request_obj=obj, uploaded=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            )
        except IntakeError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("“%(name)s” has been attached.") % {"name": attachment.original_name})
    if obj.status not in permissions.EDITABLE_STATUSES:
        return redirect("requests:detail", pk=pk)
    return redirect(reverse("requests:edit", args=[pk, ATTACHMENT_STEP]) + "#attachments")


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    obj = member_request(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, request=obj)
    try:
        intake.attachment_remove(actor=request.user, attachment=attachment)
    except IntakeError as exc:
        show_error(request, exc)
        return redirect("requests:detail", pk=pk)
    messages.success(request, _("“%(name)s” has been removed.") % {"name": attachment.original_name})
    return redirect(reverse("requests:edit", args=[pk, ATTACHMENT_STEP]) + "#attachments")


@login_required
def attachment_download(request, pk, attachment_pk):
    """Serve a private attachment to someone allowed to see its request, always as a download."""
    obj = get_object_or_404(Request.objects.visible_to(request.user), pk=pk)
    if request.user.is_committee and not request.user.is_mieux_staff:
        from requests_app import committee_permissions

        if not committee_permissions.can_see_content(request.user, obj):
            raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_pk, request=obj)
    return private_file_response(attachment.file, content_type=attachment.content_type, filename=attachment.original_name)
