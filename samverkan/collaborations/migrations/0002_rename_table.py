from django.db import migrations


class Migration(migrations.Migration):
    """The table takes the app's name now that the agreement app no longer holds it."""

    dependencies = [
        ("collaborations", "0001_initial"),
        ("agreement", "0002_delete_collaboration"),
    ]

    operations = [
        migrations.AlterModelTable(name="collaboration", table=None),
    ]
