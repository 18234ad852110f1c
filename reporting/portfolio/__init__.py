"""The historical portfolio import (shared/DATA-EXCHANGE.md): five CSV files, all or nothing.

    report = import_portfolio(files, actor=None, dry_run=False)

`files` maps file names (requests.csv, actions.csv, ...) to their bytes; `read_directory` and
`read_zip` build it from a folder or an uploaded archive. Every row of every file is validated first;
on any error nothing is written and `report.errors` lists them all as `FILE:LINE: column: message`.
Otherwise everything is written in one transaction and `report.counts` says, per file, how many rows
were created, updated and left unchanged. No e-mail, reminder or notification is sent.
"""

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from actions import request_links
from reporting.portfolio.reader import FILE, SourceError, read_directory, read_zip
from reporting.portfolio.report import FileCounts, ImportReport, Issue
from reporting.portfolio.spec import FILE_ORDER

__all__ = ["FILE_ORDER", "ImportReport", "Issue", "FileCounts", "SourceError", "import_portfolio",
           "read_directory", "read_zip"]

LOCK_ID = 0x4D49_4555  # "MIEU": one import at a time on PostgreSQL


class _DryRun(Exception):
    pass


def _refresh_key_facts():
    """Bulk writes send no signal: drop the cached key facts so imported figures show at once."""
    from reporting import keyfacts

    invalidate = getattr(keyfacts, "invalidate", None)
    if invalidate is not None:
        invalidate()


def import_portfolio(files, *, actor=None, dry_run=False, ignored=()):
    """Validate then write `files` ({name: bytes}); returns an ImportReport. Nothing is written on error."""
    from reporting.portfolio.indicators import write_indicators
    from reporting.portfolio.validation import validate
    from reporting.portfolio.writer import Writer

    report = ImportReport(files=[name for name in FILE_ORDER if name in files], dry_run=dry_run)
    for name in ignored:
        report.warnings.append(Issue(name, 1, FILE, _("not one of the five files of the format; ignored")))
    if not report.files:
        report.errors.append(Issue("-", 0, FILE, _("none of the files %(names)s was found") % {
            "names": ", ".join(FILE_ORDER)}))
        return report
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
            validated, issues = validate(files)
            if issues:
                report.errors.extend(issues)
                return report
            writer = Writer(validated, report, actor=actor)
            writer.run()
            write_indicators(writer)
            request_links.refresh_all()  # Actions were bulk-inserted: no save() set their requests' flag
            if dry_run:
                raise _DryRun
            if report.written:
                transaction.on_commit(_refresh_key_facts)
    except _DryRun:
        pass
    except DatabaseError as exc:
        report.counts.clear()
        report.errors.append(Issue("-", 0, FILE, _("the database refused the import: %(error)s") % {"error": exc}))
    return report
