
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_collaboration_moved'),
        ('plans', '0004_collaboration_moved'),
        ('organisations', '0010_collaboration_moved'),
        ('finance', '0002_collaboration_moved'),
        ('agreement', '0001_initial'),
    ]

    # Collaboration moved from the agreement app to collaborations; the table stays, so only the state changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Collaboration',
                ),
            ],
        ),
    ]
