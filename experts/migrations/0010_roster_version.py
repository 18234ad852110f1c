from django.db import migrations

from mieux.migration_ops import RunSQLOnPostgreSQL

ROSTER_TABLES = ("experts_expert", "experts_expertlanguage", "experts_expert_thematic_areas",
                 "experts_expert_regions_experience")

CREATE = [
    "CREATE TABLE experts_roster_version (n bigint NOT NULL);",
    "INSERT INTO experts_roster_version (n) VALUES (0);",
    """CREATE FUNCTION experts_roster_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE experts_roster_version SET n = n + 1;
    RETURN NULL;
END
$$;""",
    *(f"CREATE TRIGGER experts_roster_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
      "FOR EACH STATEMENT EXECUTE FUNCTION experts_roster_changed();" for table in ROSTER_TABLES),
]
DROP = [
    *(f"DROP TRIGGER IF EXISTS experts_roster_changed ON {table};" for table in ROSTER_TABLES),
    "DROP FUNCTION IF EXISTS experts_roster_changed();",
    "DROP TABLE IF EXISTS experts_roster_version;",
]


class Migration(migrations.Migration):
    """PostgreSQL only: a version of the roster that every write to it changes, whatever the door
    (experts/roster_snapshot.py keeps the roster per process while the version holds)."""

    dependencies = [
        ("experts", "0009_document_template_six_languages"),
    ]

    operations = [RunSQLOnPostgreSQL(CREATE, DROP)]
