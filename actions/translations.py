"""The Action's title and public summary in other languages (public page and IATI narratives)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.errors import ActionError
from actions.models import Action, ActionEvent
from actions.results_models import CONTENT_LANGUAGES, ActionTranslation

# English is the Action's own language; the others may be given here.
TRANSLATION_LANGUAGES = [(code, name) for code, name in CONTENT_LANGUAGES if code != "en"]


def action_set_translations(*, actor, action, translations):
    """Save {language: (title, summary)}; an empty title removes that language's translation."""
    if actor is None or not actor.is_mieux_staff:
        raise ActionError(_("Only MIEUX+ staff can do this."))
    allowed = dict(TRANSLATION_LANGUAGES)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        changed = []
        for language, (title, summary) in translations.items():
            if language not in allowed:
                raise ActionError(_("Unknown language “%(value)s”.") % {"value": language})
            title, summary = (title or "").strip(), (summary or "").strip()
            if not title:
                if summary:
                    raise ActionError(_("Give the title in %(language)s as well as the summary.") % {"language": allowed[language]})
                if ActionTranslation.objects.filter(action=locked, language=language).delete()[0]:
                    changed.append(language)
                continue
            ActionTranslation.objects.update_or_create(
                action=locked, language=language, defaults={"title": title[:250], "summary": summary},
            )
            changed.append(language)
        if changed:
            Action.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
            ActionEvent.objects.create(
                action=locked, actor=actor, transition="translations_updated", from_status=locked.status,
                to_status=locked.status, data={"languages": sorted(changed)}, visible_to_partner=False,
            )
    return locked
