"""Compile every .po catalogue of the project to .mo without needing GNU gettext installed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP_DIRS = {".venv", "node_modules", "staticfiles", "var", ".git"}


class Command(BaseCommand):
    help = "Compile the project's .po translation catalogues to .mo (pure Python, no gettext needed)."

    def handle(self, *args, **options):
        count = 0
        for po_path in Path(settings.BASE_DIR).rglob("*.po"):
            if SKIP_DIRS.intersection(po_path.relative_to(settings.BASE_DIR).parts):
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        self.stdout.write(f"compiled {count} translation catalogue(s)")
