"""The working group a decision appointed or closed is stored once, on the group.

`Decision.working_group` and `Group.appointed_by`/`Group.closed_by` held the same fact twice and could
disagree. The group's side is kept: the services that appoint and close a working group set it after
checking that the decision is the collaboration group's own (AG1). A decision's link moves to the
group when the group has none: it becomes the appointing decision, or, for an ended group that names
no closing decision, the closing one. Where the group already names other decisions, the group wins.
"""

from django.db import migrations


def _order(decision):
    return (decision.item.year, decision.item.number, decision.pk)


def move_links_to_groups(apps, schema_editor):
    Decision = apps.get_model("meetings", "Decision")
    Group = apps.get_model("organisations", "Group")
    linked = Decision.objects.exclude(working_group=None).select_related("item", "working_group")
    for decision in sorted(linked, key=_order):
        group = Group.objects.get(pk=decision.working_group_id)
        if decision.pk in (group.appointed_by_id, group.closed_by_id):
            continue
        if group.appointed_by_id is None:
            Group.objects.filter(pk=group.pk).update(appointed_by=decision.pk)
        elif group.closed_by_id is None and group.ended_on is not None:
            Group.objects.filter(pk=group.pk).update(closed_by=decision.pk)


def move_links_back(apps, schema_editor):
    Decision = apps.get_model("meetings", "Decision")
    Group = apps.get_model("organisations", "Group")
    for group in Group.objects.exclude(appointed_by=None, closed_by=None).order_by("-pk"):
        for decision_id in (group.closed_by_id, group.appointed_by_id):
            if decision_id is not None:
                Decision.objects.filter(pk=decision_id).update(working_group=group.pk)


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0008_item_version"),
        ("organisations", "0009_fill_person_registered_in"),
    ]

    operations = [
        migrations.RunPython(move_links_to_groups, move_links_back),
    ]
