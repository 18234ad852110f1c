"""python manage.py import_portfolio DIR — load the historical portfolio (shared/DATA-EXCHANGE.md)."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reporting.portfolio import SourceError, import_portfolio, read_directory


class Command(BaseCommand):
    help = (
        "Import the historical portfolio from a folder holding requests.csv, actions.csv, activities.csv, "
        "experts.csv, deployments.csv and indicators.csv (each optional). All or nothing: on any error nothing is written, "
        "every error is printed as FILE:LINE: column: message and the command exits non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder holding the CSV files")
        parser.add_argument("--dry-run", action="store_true", help="validate and count, then write nothing")
        parser.add_argument("--actor", metavar="EMAIL", help="user recorded as the author of the events and history")

    def handle(self, *args, directory, dry_run=False, actor=None, **options):
        user = None
        if actor:
            user = get_user_model().objects.filter(email__iexact=actor).first()
            if user is None:
                raise CommandError(f"No user with the e-mail address {actor}.")
        try:
            files, ignored = read_directory(directory)
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        started = time.monotonic()
        report = import_portfolio(files, actor=user, dry_run=dry_run, ignored=ignored)
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if not report.ok:
            for line in report.error_lines():
                self.stderr.write(line)
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported.")
        for line in report.count_lines():
            self.stdout.write(line)
        if report.institutions_created:
            self.stdout.write(f"institutions: {report.institutions_created} created")
        elapsed = time.monotonic() - started
        verdict = "Dry run: nothing was written" if dry_run else "Import complete"
        self.stdout.write(self.style.SUCCESS(f"{verdict} ({elapsed:.1f} s)."))
