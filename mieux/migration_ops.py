"""Migration operations for what only PostgreSQL can build (SQLite, the development default, skips
them: same model state, no index)."""

from django.db.migrations.operations import AddIndex


class AddIndexOnPostgreSQL(AddIndex):
    """AddIndex for an index SQLite cannot create (e.g. `DESC NULLS LAST`, GIN)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
