"""Migration operations for what only PostgreSQL can build (SQLite, the development default, skips
them: same model state, no index)."""

from django.db.migrations.operations import RunSQL


class RunSQLOnPostgreSQL(RunSQL):
    """SQL for PostgreSQL only, outside the model state: an index SQLite cannot build must not be in
    the model's Meta, or SQLite would try to rebuild it whenever it remakes the table."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
