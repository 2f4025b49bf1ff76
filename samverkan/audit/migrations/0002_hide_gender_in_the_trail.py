"""The trail keeps that a person's gender changed, never its value (P5): hide the values written
before that rule, as audit.services.record now does (copied here so the migration stays as it is)."""

from django.db import migrations


def hide_gender(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for entry in AuditEntry.objects.filter(object_type="organisations.person").iterator():
        before, after = dict(entry.before), dict(entry.after)
        if "gender" not in before and "gender" not in after:
            continue
        changed = "gender" in before and "gender" in after and before["gender"] != after["gender"]
        if "gender" in before:
            before["gender"] = "(dolt)"
        if "gender" in after:
            after["gender"] = "(dolt, ändrat)" if changed else "(dolt)"
        entry.before, entry.after = before, after
        entry.save(update_fields=["before", "after"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(hide_gender, migrations.RunPython.noop)]
