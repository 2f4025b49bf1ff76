from django.db import migrations


class Migration(migrations.Migration):
    """The column goes in a migration of its own: PostgreSQL refuses to change a table in the
    transaction that has just written rows with deferred foreign keys (0009)."""

    dependencies = [
        ("meetings", "0009_working_group_link_on_group"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="decision",
            name="working_group",
        ),
    ]
