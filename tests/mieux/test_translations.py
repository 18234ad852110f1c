"""French and Spanish are complete: no untranslated or fuzzy entry in any catalogue of the project."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", "var", "staticfiles"}


def catalogues():
    found = [p for p in ROOT.rglob("*.po") if not SKIP.intersection(p.relative_to(ROOT).parts)]
    return sorted(found)


def test_french_and_spanish_catalogues_exist():
    languages = {p.parent.parent.name for p in catalogues()}
    assert {"fr", "es"} <= languages


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "phrase"), [("fr", "Se connecter"), ("es", "Iniciar sesión")])
def test_home_page_speaks_the_chosen_language(client, language, phrase):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert f'lang="{language}"' in response.content.decode()
    assert phrase in response.content.decode()
