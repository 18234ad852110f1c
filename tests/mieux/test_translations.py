"""French, Spanish, Portuguese, Arabic and Russian are complete: every catalogue of the project exists in
the five languages, with no untranslated or fuzzy entry and the right plural forms."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", "var", "staticfiles"}


def catalogues():
    found = [p for p in ROOT.rglob("*.po") if not SKIP.intersection(p.relative_to(ROOT).parts)]
    return sorted(found)


TRANSLATED = ("fr", "es", "pt", "ar", "ru")
NPLURALS = {"fr": 2, "es": 2, "pt": 2, "ar": 6, "ru": 3}


def test_six_languages_are_offered():
    assert [code for code, _ in settings.LANGUAGES] == ["en", *TRANSLATED]


def test_every_locale_folder_has_all_five_catalogues():
    folders = {p.parent.parent.parent for p in catalogues()}
    assert len(folders) >= 4
    for folder in folders:
        languages = {p.parent.parent.name for p in catalogues() if p.parent.parent.parent == folder}
        assert set(TRANSLATED) <= languages, f"{folder.relative_to(ROOT)} lacks {set(TRANSLATED) - languages}"


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    lang = path.parent.parent.name
    assert f"nplurals={NPLURALS[lang]};" in po.metadata.get("Plural-Forms", "")
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            assert len(entry.msgstr_plural) == NPLURALS[lang], entry.msgid


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "phrase", "direction"),
    [
        ("fr", "Se connecter", "ltr"),
        ("es", "Iniciar sesión", "ltr"),
        ("pt", "Iniciar sessão", "ltr"),
        ("ar", "تسجيل الدخول", "rtl"),
        ("ru", "Войти", "ltr"),
    ],
)
def test_home_page_speaks_the_chosen_language(client, language, phrase, direction):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/").content.decode()
    assert f'lang="{language}" dir="{direction}"' in html
    assert phrase in html
    assert ("bootstrap.rtl.min.css" in html) == (direction == "rtl")
