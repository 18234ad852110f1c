"""Fill French and Spanish catalogues from a JSON file of translations.

Usage: .venv/bin/python scripts/apply_translations.py CATALOGUE_DIR TRANSLATIONS.json
  CATALOGUE_DIR: a `locale` folder (e.g. locale, requests_app/locale)
  TRANSLATIONS.json: {"msgid": {"fr": "...", "es": "..."}}; for plural entries the values are lists
  [singular, plural]. Prints the msgids still untranslated afterwards.
"""

import json
import sys
from pathlib import Path

import polib


def main(locale_dir, translations_file):
    translations = json.loads(Path(translations_file).read_text(encoding="utf-8"))
    missing = 0
    for lang in ("fr", "es"):
        path = Path(locale_dir) / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path))
        for entry in po:
            if entry.obsolete:
                continue
            value = translations.get(entry.msgid, {}).get(lang)
            if value:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: value[0], 1: value[1]}
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.metadata["Language"] = lang
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);" if lang == "fr" else "nplurals=2; plural=(n != 1);"
        po.save()
        left = po.untranslated_entries() + po.fuzzy_entries()
        missing += len(left)
        for entry in left:
            print(f"{path}: untranslated: {entry.msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
