"""Reference data (see mieux/reference.py), editable in the admin afterwards."""

from django.db import migrations


def load(apps, schema_editor):
    from mieux.reference import load_reference_data

    load_reference_data(lambda name: apps.get_model("mieux", name))


class Migration(migrations.Migration):
    dependencies = [("mieux", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
