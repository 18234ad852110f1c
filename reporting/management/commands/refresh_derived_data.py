"""Rebuild the derived data after a bulk load (or at deploy): expert track records, which requests have
their Action, the key facts,
the staff dashboard and the open data files."""

from django.core.management.base import BaseCommand

from actions import request_links
from experts.track_record import refresh_all
from reporting import dashboard_cache, keyfacts, opendata


class Command(BaseCommand):
    help = "Rebuild expert track records, the requests’ Action flags, key facts, the staff dashboard and the open data files."

    def add_arguments(self, parser):
        parser.add_argument("--skip-files", action="store_true", help="do not rewrite the open data files")

    def handle(self, *args, skip_files=False, **options):
        self.stdout.write(f"track records: {refresh_all()}")
        self.stdout.write(f"requests with an Action, flags corrected: {request_links.refresh_all()}")
        keyfacts.refresh_key_facts(force=True)
        self.stdout.write("key facts: refreshed")
        dashboard_cache.refresh_unfiltered()
        self.stdout.write("dashboard: refreshed")
        if not skip_files:
            self.stdout.write(f"open data files: {', '.join(opendata.refresh(force=True)) or 'busy'}")
