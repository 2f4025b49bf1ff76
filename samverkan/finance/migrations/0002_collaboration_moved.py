
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('collaborations', '0001_initial'),
        ('finance', '0001_initial'),
    ]

    # Collaboration moved from the agreement app to collaborations; the table stays, so only the state changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='accountmapping',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='forecast',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='invoice',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='ledgerentry',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='ledgerimport',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='statusreport',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='timeentry',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='collaborations.collaboration'),
                ),
            ],
        ),
    ]
