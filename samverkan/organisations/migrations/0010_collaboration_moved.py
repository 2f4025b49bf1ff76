
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('collaborations', '0001_initial'),
        ('organisations', '0009_fill_person_registered_in'),
    ]

    # Collaboration moved from the agreement app to collaborations; the table stays, so only the state changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='confirmationbatch',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='contactimport',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='group',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='groups', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='hostperiod',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='host_periods', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='party',
                    name='collaboration',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='collaborations.collaboration'),
                ),
                migrations.AlterField(
                    model_name='person',
                    name='registered_in',
                    field=models.ManyToManyField(blank=True, help_text='Samverkan där personen lades till eller importerades, också utan uppdrag i en grupp.', related_name='registered_people', to='collaborations.collaboration', verbose_name='registrerad i'),
                ),
            ],
        ),
    ]
