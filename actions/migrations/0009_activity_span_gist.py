from django.db import migrations

from mieux.migration_ops import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    """PostgreSQL only: activities overlapping a period, as an index scan (actions/periods.py)."""

    dependencies = [
        ("actions", "0008_merge_money_with_results_and_scale"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            'CREATE INDEX "activity_span_gist" ON "actions_activity" USING gist '
            "((daterange(\"start_date\", \"end_date\", '[]')));",
            'DROP INDEX IF EXISTS "activity_span_gist"',
        ),
    ]
