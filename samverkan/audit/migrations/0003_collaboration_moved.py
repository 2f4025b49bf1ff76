
import django.db.models.deletion
from django.db import migrations, models


def rename_object_type(apps, schema_editor):
    """The trail names an object by its model's label, which moved with the model."""
    apps.get_model("audit", "AuditEntry").objects.filter(object_type="agreement.collaboration").update(
        object_type="collaborations.collaboration"
    )


def rename_object_type_back(apps, schema_editor):
    apps.get_model("audit", "AuditEntry").objects.filter(object_type="collaborations.collaboration").update(
        object_type="agreement.collaboration"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_hide_gender_in_the_trail'),
        ('collaborations', '0001_initial'),
    ]

    # Collaboration moved from the agreement app to collaborations; the table stays, so only the state changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='auditentry',
                    name='collaboration',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='collaborations.collaboration'),
                ),
            ],
        ),
        migrations.RunPython(rename_object_type, rename_object_type_back),
    ]
