
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('collaborations', '0001_initial'),
        ('plans', '0003_planversion_version'),
    ]

    # Collaboration moved from the agreement app to collaborations; the table stays, so only the state changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='activity',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='assignment',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='plandocument',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plan_documents', to='collaborations.collaboration'),
                ),
            ],
        ),
    ]
