"""Which decision appointed and which closed a working group is stored once, on the group."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from samverkan.meetings import minutes as minutes_service
from samverkan.meetings.models import Decision, Minutes
from samverkan.organisations import services
from tests.factories import GroupFactory

BEFORE = [("meetings", "0008_item_version")]
AFTER = [("meetings", "0010_remove_decision_working_group")]


def _decision(minutes: Minutes, title: str) -> Decision:
    item = minutes_service.add_minute_item(
        minutes=minutes, title=title, actor=None, decision=f"Beslut om {title}", decision_kind="working_group"
    )
    return item.decision


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_link_and_prefers_the_groups_own_where_they_disagree(world, sg_decision):
    minutes = sg_decision.item.minutes
    appointed_elsewhere = _decision(minutes, "dagvatten igen")
    unlinked_appointment = _decision(minutes, "avlopp")
    closing = _decision(minutes, "avslut")
    disagreeing = services.create_working_group(
        collaboration=world.collaboration,
        name="AG dagvatten",
        purpose="S",
        mandate="U",
        started_on=datetime.date(2026, 1, 1),
        actor=None,
        appointed_by=sg_decision,
    )
    only_on_decision = GroupFactory(collaboration=world.collaboration, name="AG avlopp")
    ended = services.create_working_group(
        collaboration=world.collaboration,
        name="AG buller",
        purpose="S",
        mandate="U",
        started_on=datetime.date(2025, 1, 1),
        ended_on=datetime.date(2025, 12, 31),
        actor=None,
        appointed_by=sg_decision,
    )
    try:
        old = _migrate(BEFORE)
        old_decision = old.get_model("meetings", "Decision")
        # Before the migration the decision's own link could name another group than the group's.
        old_decision.objects.filter(pk=appointed_elsewhere.pk).update(working_group=disagreeing.pk)
        old_decision.objects.filter(pk=unlinked_appointment.pk).update(working_group=only_on_decision.pk)
        old_decision.objects.filter(pk=closing.pk).update(working_group=ended.pk)

        _migrate(AFTER)
    finally:
        _migrate(_latest())

    disagreeing.refresh_from_db()
    only_on_decision.refresh_from_db()
    ended.refresh_from_db()
    assert disagreeing.appointed_by_id == sg_decision.pk  # set by the service: it wins
    assert only_on_decision.appointed_by_id == unlinked_appointment.pk  # kept, now on the group
    assert (ended.appointed_by_id, ended.closed_by_id) == (sg_decision.pk, closing.pk)
    assert Decision.objects.get(pk=closing.pk).working_group == ended


@pytest.mark.django_db(transaction=True)
def test_migrating_back_puts_the_link_on_the_decision_again(world, sg_decision):
    group = services.create_working_group(
        collaboration=world.collaboration,
        name="AG dagvatten",
        purpose="S",
        mandate="U",
        started_on=datetime.date(2026, 1, 1),
        actor=None,
        appointed_by=sg_decision,
    )
    try:
        old = _migrate(BEFORE)
        assert old.get_model("meetings", "Decision").objects.get(pk=sg_decision.pk).working_group_id == group.pk
    finally:
        _migrate(_latest())


def test_the_group_page_and_the_decision_register_name_the_same_decisions(client_for, world, sg_decision):
    closing = _decision(sg_decision.item.minutes, "avslut")
    other = _decision(sg_decision.item.minutes, "annat")
    group = services.create_working_group(
        collaboration=world.collaboration,
        name="AG dagvatten",
        purpose="S",
        mandate="U",
        started_on=datetime.date(2026, 1, 1),
        actor=None,
        appointed_by=sg_decision,
    )
    services.update_group(group=group, actor=None, decision=closing, ended_on=datetime.date(2026, 12, 31))
    Minutes.objects.filter(pk=sg_decision.item.minutes_id).update(status="approved", approved_at=timezone.now())
    client = client_for("coordinator")
    slug = world.collaboration.slug

    page = client.get(reverse("group_detail", args=[slug, group.pk])).content.decode()
    for decision in (sg_decision, closing):
        assert f"§ {decision.item.number}/{decision.item.year}" in page

    register = client.get(reverse("decision_register", args=[slug])).content.decode()
    link = f'<a href="{reverse("group_detail", args=[slug, group.pk])}">AG dagvatten</a>'
    rows = {d: _row(register, d) for d in (sg_decision, closing, other)}
    assert link in rows[sg_decision]
    assert link in rows[closing]
    assert "AG dagvatten" not in rows[other]


def test_the_admin_shows_the_appointing_decision_but_only_the_services_set_it(client_for, world, sg_decision):
    group = services.create_working_group(
        collaboration=world.collaboration,
        name="AG dagvatten",
        purpose="S",
        mandate="U",
        started_on=datetime.date(2026, 1, 1),
        actor=None,
        appointed_by=sg_decision,
    )
    page = client_for("admin").get(reverse("admin:organisations_group_change", args=[group.pk])).content.decode()
    assert str(sg_decision) in page
    assert 'name="appointed_by"' not in page and 'name="closed_by"' not in page


def _row(html: str, decision: Decision) -> str:
    start = html.index(f"#p{decision.item_id}")
    return html[start : html.index("</tr>", start)]
