"""Fill every translation catalogue of the project from the JSON files in locale/pending/.

Usage: .venv/bin/python scripts/apply_translations.py [TRANSLATIONS.json ...]
  Without arguments every `locale/pending/*.json` file is read. Each file maps a msgid to its
  translations: {"msgid": {"fr": "...", "es": "...", "pt": "...", "ar": "...", "ru": "..."}}. For
  plural entries (keyed by the singular msgid) each value is a list with one string per plural form of
  that language (fr, es, pt: 2; ru: 3; ar: 6). Later files win over earlier ones (files are read in
  name order).
  Every catalogue is filled: the project's `locale/` and each app's `<app>/locale/`, for the five
  languages. A msgid still empty that another catalogue of the same language already translates (a
  string moved from one app to another) takes that translation. Prints every msgid still untranslated afterwards and exits 1 if there is any.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PENDING = ROOT / "locale" / "pending"
LANGUAGES = ("fr", "es", "pt", "ar", "ru")
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "var", ".git"}
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "pt": "nplurals=2; plural=(n != 1);",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    ),
}
# In right-to-left text the "+" of "MIEUX+" would move to the start of the name: a left-to-right mark
# after it keeps "MIEUX+" whole.
LRM = "\u200e"
BIDI_NAMES = ("MIEUX+",)
NPLURALS = {lang: int(forms.split(";")[0].split("=")[1]) for lang, forms in PLURAL_FORMS.items()}


def load_translations(files):
    merged = {}
    for path in files:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for msgid, by_language in data.items():
            merged.setdefault(msgid, {}).update({k: v for k, v in by_language.items() if v})
    return merged


def catalogue_dirs():
    """Every `locale` folder of the project holding at least one catalogue."""
    found = set()
    for po_path in ROOT.rglob("LC_MESSAGES/django.po"):
        if SKIP_DIRS.intersection(po_path.relative_to(ROOT).parts):
            continue
        found.add(po_path.parent.parent.parent)
    return sorted(found)


def fill_entry(entry, value, lang):
    """Put one translation into an entry; returns an error text when the value has the wrong shape."""
    if entry.msgid_plural:
        if isinstance(value, str):
            value = [value]
        if len(value) != NPLURALS[lang]:
            return f"{lang}: {entry.msgid!r} needs {NPLURALS[lang]} plural forms, got {len(value)}"
        entry.msgstr_plural = dict(enumerate(value))
    else:
        if not isinstance(value, str):
            return f"{lang}: {entry.msgid!r} is not a plural entry, got a list"
        entry.msgstr = value
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    return None


def keep_names_whole(text, lang):
    if lang != "ar" or not text:
        return text
    for name in BIDI_NAMES:
        text = text.replace(name + LRM, name).replace(name, name + LRM)
    return text


def ensure_plural_slots(entry, lang):
    """An untranslated plural entry gets as many (empty) forms as its language has."""
    if entry.msgid_plural and len(entry.msgstr_plural) != NPLURALS[lang]:
        old = entry.msgstr_plural
        entry.msgstr_plural = {i: old.get(i, "") for i in range(NPLURALS[lang])}


def translation_memory(lang):
    """{msgid: msgstr or list of plural forms} of every translated entry of the language's catalogues."""
    memory = {}
    for locale_dir in catalogue_dirs():
        path = locale_dir / lang / "LC_MESSAGES" / "django.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.translated() or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural:
                memory[entry.msgid] = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            else:
                memory[entry.msgid] = entry.msgstr
    return memory


def apply(translations, out=sys.stdout):
    missing = 0
    errors = []
    memories = {lang: translation_memory(lang) for lang in LANGUAGES}
    for locale_dir in catalogue_dirs():
        for lang in LANGUAGES:
            path = locale_dir / lang / "LC_MESSAGES" / "django.po"
            if not path.exists():
                print(f"{path.relative_to(ROOT)}: missing catalogue (run scripts/makemessages.sh)", file=out)
                missing += 1
                continue
            po = polib.pofile(str(path))
            for entry in po:
                if entry.obsolete:
                    continue
                value = translations.get(entry.msgid, {}).get(lang)
                if not value and not entry.translated():
                    value = memories[lang].get(entry.msgid)
                if value:
                    error = fill_entry(entry, value, lang)
                    if error:
                        errors.append(f"{path.relative_to(ROOT)}: {error}")
                ensure_plural_slots(entry, lang)
                if entry.msgid_plural:
                    entry.msgstr_plural = {i: keep_names_whole(v, lang) for i, v in entry.msgstr_plural.items()}
                else:
                    entry.msgstr = keep_names_whole(entry.msgstr, lang)
            po.metadata["Language"] = lang
            po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
            po.metadata["Plural-Forms"] = PLURAL_FORMS[lang]
            po.save()
            left = [e for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
            missing += len(left)
            for entry in left:
                print(f"{path.relative_to(ROOT)}: untranslated: {entry.msgid!r}", file=out)
    for error in errors:
        print(f"wrong shape: {error}", file=out)
    return missing, errors


def main(argv):
    files = argv or sorted(str(p) for p in PENDING.glob("*.json"))
    missing, errors = apply(load_translations(files))
    print(f"{len(files)} translation file(s) applied; {missing} entr{'y' if missing == 1 else 'ies'} untranslated")
    return 1 if missing or errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
