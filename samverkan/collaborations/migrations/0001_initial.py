
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="agreement", model="collaboration").update(
        app_label="collaborations"
    )


def move_content_type_back(apps, schema_editor):
    apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="collaborations", model="collaboration"
    ).update(app_label="agreement")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('agreement', '0001_initial'),
    ]

    # The table agreement_collaboration exists already: take it over in the state, and its content type (so permissions keep it); 0002 renames it.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Collaboration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(unique=True, verbose_name='kortnamn')),
                        ('name', models.CharField(max_length=200, verbose_name='namn')),
                        ('name_en', models.CharField(blank=True, max_length=200, verbose_name='namn på engelska')),
                        ('sector', models.CharField(max_length=100, verbose_name='sektor')),
                        ('county', models.CharField(blank=True, max_length=100, verbose_name='län')),
                        ('agreement_title', models.CharField(blank=True, max_length=300, verbose_name='avtal')),
                        ('model_source', models.TextField(verbose_name='modellfil')),
                        ('model_path', models.CharField(blank=True, max_length=500, verbose_name='modellfilens namn')),
                        ('model_sha256', models.CharField(max_length=64)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'db_table': 'agreement_collaboration',
                        'verbose_name': 'samverkan',
                        'verbose_name_plural': 'samverkansområden',
                        'ordering': ['name'],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
