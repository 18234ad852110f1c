"""Documents attached to an Action (agendas, reports, terms of reference): upload and removal by staff.

Files are type-checked by content and stored privately; each change writes an ActionEvent.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.errors import ActionError
from actions.models import Action, ActionDocument, ActionEvent
from actions.services import require_staff
from mieux.storage import validate_upload


def document_upload(*, actor, action, title, file, visible_to_partner=True):
    """Attach a document to an Action; its real type is checked by content."""
    require_staff(actor)
    try:
        content_type = validate_upload(file)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages)) from None
    with transaction.atomic():
        document = ActionDocument.objects.create(
            action=action, title=title, file=file, content_type=content_type,
            visible_to_partner=visible_to_partner, uploaded_by=actor,
        )
        ActionEvent.objects.create(
            action=action, actor=actor, transition="document_added", from_status=action.status, to_status=action.status,
            data={"document": title}, visible_to_partner=visible_to_partner,
        )
    return document


def document_delete(*, actor, document):
    """Remove a document from an Action; the stored file goes once the change is committed."""
    require_staff(actor)
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=document.action_id)
        ActionEvent.objects.create(
            action=action, actor=actor, transition="document_removed", from_status=action.status, to_status=action.status,
            data={"document": document.title}, visible_to_partner=document.visible_to_partner,
        )
        storage, name = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
