from django.db import migrations

from mieux.migration_ops import RunSQLOnPostgreSQL

ROSTER_TABLES = ("experts_expert", "experts_expertlanguage", "experts_expert_thematic_areas",
                 "experts_expert_regions_experience")

CREATE = [
    # One row per statement that wrote to the roster: inserting never waits on another transaction
    # (a shared counter row would: a long import and an expert saving a profile could deadlock).
    "CREATE TABLE experts_roster_change (id bigserial PRIMARY KEY);",
    """CREATE FUNCTION experts_roster_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO experts_roster_change DEFAULT VALUES;
    RETURN NULL;
END
$$;""",
    *(f"CREATE TRIGGER experts_roster_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
      "FOR EACH STATEMENT EXECUTE FUNCTION experts_roster_changed();" for table in ROSTER_TABLES),
]
DROP = [
    *(f"DROP TRIGGER IF EXISTS experts_roster_changed ON {table};" for table in ROSTER_TABLES),
    "DROP FUNCTION IF EXISTS experts_roster_changed();",
    "DROP TABLE IF EXISTS experts_roster_change;",
]


class Migration(migrations.Migration):
    """PostgreSQL only: a record of every statement that writes to the roster, whatever the door
    (experts/roster_snapshot.py keeps the roster per process while no new one is visible)."""

    dependencies = [
        ("experts", "0009_document_template_six_languages"),
    ]

    operations = [RunSQLOnPostgreSQL(CREATE, DROP)]
