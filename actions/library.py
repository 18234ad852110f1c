"""The public library of deliverables: staff choose which Action documents are public."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.errors import ActionError
from actions.models import Action, ActionDocument, ActionEvent, DocumentType
from actions.results_models import CONTENT_LANGUAGES


def document_set_publication(*, actor, document, is_public, title, language, document_type):
    """Put a document in the public library (or take it out) with its public title, language and type."""
    if actor is None or not actor.is_mieux_staff:
        raise ActionError(_("Only MIEUX+ staff can do this."))
    title = (title or "").strip()
    if not title:
        raise ActionError(_("A public document needs a title."))
    if language not in dict(CONTENT_LANGUAGES):
        raise ActionError(_("Choose the document's language."))
    if document_type not in DocumentType.values:
        raise ActionError(_("Choose the document's type."))
    with transaction.atomic():
        locked = ActionDocument.objects.select_for_update().select_related("action").get(pk=document.pk)
        if is_public and not locked.visible_to_partner:
            raise ActionError(_("A staff-only document cannot be public: make it visible to the partner first."))
        was_public = locked.is_public
        locked.title, locked.language, locked.document_type, locked.is_public = title, language, document_type, is_public
        if is_public and not was_public:
            locked.published_at = timezone.now()
        locked.save()
        if is_public != was_public:
            action = locked.action
            Action.objects.filter(pk=action.pk).update(updated_at=timezone.now())
            ActionEvent.objects.create(
                action=action, actor=actor, transition="document_published" if is_public else "document_unpublished",
                from_status=action.status, to_status=action.status, data={"document": title},
            )
    return locked
