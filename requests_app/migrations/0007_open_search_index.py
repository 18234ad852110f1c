from django.db import migrations

from mieux.migration_ops import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    """PostgreSQL only: the text search of the staff queue's open requests. The whole-table index
    (request_search_gin) finds a common word in most requests, then the open ones are picked out of
    them; this one holds the open requests alone (the queue's default), a third of the work."""

    dependencies = [
        ("requests_app", "0006_open_queue_index"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            'CREATE INDEX "request_open_search_gin" ON "requests_app_request" USING gin (((((setweight(to_tsvector(\'simple\'::regconfig, COALESCE("title", \'\')), \'A\') || setweight(to_tsvector(\'simple\'::regconfig, COALESCE("reference", \'\')), \'A\')) || setweight(to_tsvector(\'english\'::regconfig, COALESCE("objectives", \'\')), \'B\')) || setweight(to_tsvector(\'english\'::regconfig, COALESCE("problem", \'\')), \'C\')))) '
            "WHERE \"status\" IN ('submitted', 'info_requested', 'in_review') AND \"submitted_at\" IS NOT NULL;",
            'DROP INDEX IF EXISTS "request_open_search_gin"',
        ),
    ]
