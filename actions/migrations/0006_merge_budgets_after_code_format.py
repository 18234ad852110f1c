from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0005_merge_20261126_1754"),
        ("actions", "0004_budget_lines_and_activity_costs"),
    ]

    operations = []
