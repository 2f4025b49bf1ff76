"""Every list page and API list answers with the same number of queries however many rows it shows.

Each page is read once with two rows of its kind added to the staffed collaboration and once with
twelve: a query per row (a relation read in a loop of the template or the endpoint) makes the
second count larger, and `django_assert_num_queries` fails with the queries listed.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.collaborations.models import Collaboration
from samverkan.finance.models import Invoice, LedgerEntry, TimeEntry
from samverkan.meetings.models import Decision, Meeting, MinuteItem, Minutes
from samverkan.organisations.models import HostPeriod, Party
from samverkan.plans.models import Activity, Assignment, PlanDocument, PlanVersion
from tests.factories import GroupFactory, MembershipFactory, OrganisationFactory, PersonFactory

SLUG = "miljosamverkan-vasterbotten"
YEAR = timezone.localdate().year
TZ = timezone.get_current_timezone()


def _approved_decision(world: Any, n: int) -> Decision:
    start = datetime.datetime(YEAR, 1, 1, 9, tzinfo=TZ) + datetime.timedelta(days=n)
    meeting = Meeting.objects.create(
        group=world.sg,
        title=f"Sammanträde {n}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        status="approved",
    )
    minutes = Minutes.objects.create(meeting=meeting)
    item = MinuteItem.objects.create(minutes=minutes, group=world.sg, year=YEAR, number=100 + n, title=f"Fråga {n}")
    decision = Decision.objects.create(item=item, text=f"Beslut {n}", kind="working_group")
    Minutes.objects.filter(pk=minutes.pk).update(status="approved", approved_at=start)
    return decision


def meetings(world: Any, n: int) -> str:
    start = datetime.datetime(YEAR, 6, 1, 9, tzinfo=TZ) + datetime.timedelta(days=n)
    group = world.st if n % 2 else world.sg
    Meeting.objects.create(
        group=group, title=f"Möte {n}", starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Umeå"
    )
    return f"Möte {n}"


def decisions(world: Any, n: int) -> str:
    decision = _approved_decision(world, n)
    GroupFactory(collaboration=world.collaboration, name=f"AG {n}", appointed_by=decision)
    Assignment.objects.create(
        collaboration=world.collaboration,
        decision=decision,
        title=f"Uppdrag {n}",
        owner_kind="coordinator",
        due_on=datetime.date(YEAR, 12, 1),
    )
    return f"Beslut {n}"


def minutes(world: Any, n: int) -> str:
    meeting_id = _approved_decision(world, n).item.minutes.meeting_id
    return reverse("minutes_detail", args=[SLUG, meeting_id])


def plan_versions(world: Any, n: int) -> str:
    """The page shows the year's documents, one per type: what grows is their versions."""
    for doc_type in ("operations_plan", "activity_plan"):
        document, _created = PlanDocument.objects.get_or_create(
            collaboration=world.collaboration, doc_type=doc_type, year=YEAR + 1, defaults={"title": doc_type}
        )
        status = "decided" if n == 0 else "draft"
        decision = _approved_decision(world, 2 * n + len(doc_type)) if n == 0 else None
        PlanVersion.objects.create(document=document, number=n + 1, status=status, decision=decision, sections=[])
    return ""


def plans(world: Any, n: int) -> str:
    decision = _approved_decision(world, n)
    document = PlanDocument.objects.create(
        collaboration=world.collaboration, doc_type="operations_plan", year=YEAR + 1 + n, title=f"Plan {n}"
    )
    PlanVersion.objects.create(document=document, number=1, status="decided", decision=decision, sections=[])
    PlanVersion.objects.create(document=document, number=2, sections=[])
    return f"Plan {n}"


def activities(world: Any, n: int, year: int = YEAR + 1) -> str:
    """Activities of the year being planned, where the activity list opens."""
    Activity.objects.create(
        collaboration=world.collaboration,
        year=year,
        title=f"Kurs {n}",
        area="kompetensutveckling",
        kind="training",
        responsible_person=world.people["umea"],
        responsible_group=world.st,
        starts_on=datetime.date(year, 3, 1) + datetime.timedelta(days=n),
        budget_ore=1000 * n,
    )
    return f"Kurs {n}"


def assignments(world: Any, n: int) -> str:
    decision = _approved_decision(world, n)
    group = GroupFactory(collaboration=world.collaboration, name=f"AG {n}", appointed_by=decision)
    Assignment.objects.create(
        collaboration=world.collaboration,
        decision=decision,
        title=f"Uppdrag {n}",
        owner_kind="working_group",
        owner_group=group,
        due_on=datetime.date(YEAR, 12, 1),
    )
    return f"Uppdrag {n}"


def people(world: Any, n: int) -> str:
    organisation = world.org("umea")
    person = PersonFactory(organisation=organisation, last_name=f"Listad {n}", email=f"lista{n}@example.se")
    person.registered_in.add(world.collaboration)
    MembershipFactory(group=world.st if n % 2 else world.sg, person=person, organisation=organisation)
    return f"Listad {n}"


def groups(world: Any, n: int) -> str:
    group = GroupFactory(collaboration=world.collaboration, name=f"AG {n}", appointed_by=_approved_decision(world, n))
    MembershipFactory(group=group, person=world.people["umea"], organisation=world.org("umea"))
    return f"AG {n}"


def organisations(world: Any, n: int) -> str:
    organisation = OrganisationFactory(name=f"Förbund {n}")
    Party.objects.create(
        collaboration=world.collaboration, organisation=organisation, key=f"forbund{n}", started_on=world.sg.started_on
    )
    PersonFactory(organisation=organisation, email=f"forbund{n}@example.se").registered_in.add(world.collaboration)
    return f"Förbund {n}"


def finance(world: Any, n: int) -> str:
    activities(world, n, YEAR)
    LedgerEntry.objects.create(
        collaboration=world.collaboration,
        day=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=n),
        line_key="cost:samordnare",
        amount_ore=100 * (n + 1),
    )
    return ""  # the overview shows totals, not the rows


def ledger(world: Any, n: int) -> str:
    LedgerEntry.objects.create(
        collaboration=world.collaboration,
        day=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=n),
        line_key="cost:samordnare",
        amount_ore=100 * (n + 1),
        text=f"Post {n}",
    )
    return f"Post {n}"


def invoices(world: Any, n: int) -> str:
    party = world.collaboration.parties.order_by("pk")[n % 5]
    Invoice.objects.create(
        collaboration=world.collaboration,
        year=YEAR,
        party=party,
        kind="extra",
        amount_ore=100 * (n + 1),
        invoiced_on=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=n),
        paid_on=datetime.date(YEAR, 2, 1) if n % 2 else None,
        note=f"Bidrag {n}",
    )
    return f"Bidrag {n}"


def time_entries(world: Any, n: int) -> str:
    activity = Activity.objects.create(
        collaboration=world.collaboration, year=YEAR, title=f"Kurs {n}", area="kompetensutveckling", kind="training"
    )
    TimeEntry.objects.create(
        collaboration=world.collaboration,
        person=world.people["coordinator"],
        kind="coordinator",
        day=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=n),
        minutes=60,
        activity=activity,
        note=f"Tid {n}",
    )
    return f"Tid {n}"


def api(path: str) -> Callable[[], str]:
    return lambda: f"/api/v1/collaborations/{SLUG}/{path}"


def page(name: str) -> Callable[[], str]:
    return lambda: reverse(name, args=[SLUG])


LISTS: dict[str, tuple[Callable[[], str], Callable[[Any, int], str]]] = {
    "meeting list": (page("meeting_list"), meetings),
    "decision register": (page("decision_register"), decisions),
    "minutes list": (page("minutes_list"), minutes),
    "plan list": (page("plan_list"), plan_versions),
    "activity list": (page("activity_list"), activities),
    "assignment list": (page("assignment_list"), assignments),
    "contact list": (page("contact_list"), people),
    "person list": (page("person_list"), people),
    "group list": (page("group_list"), groups),
    "organisation list": (page("organisation_list"), organisations),
    "finance overview": (page("finance"), finance),
    "ledger": (page("ledger"), ledger),
    "invoices": (page("invoices"), invoices),
    "time log": (page("time_log"), time_entries),
    "API meetings": (api("meetings"), meetings),
    "API decisions": (api("decisions"), decisions),
    "API plans": (api("plans"), plans),
    "API activities": (api("activities"), activities),
    "API assignments": (api("assignments"), assignments),
    "API people": (api("people"), people),
    "API contacts": (api("contacts"), people),
    "API groups": (api("groups"), groups),
    "API memberships": (api("memberships"), people),
    "API organisations": (api("organisations"), organisations),
}


@pytest.mark.parametrize("label", list(LISTS))
def test_a_list_asks_the_database_as_often_for_twelve_rows_as_for_two(
    label, world, client_for, django_assert_num_queries
):
    url_of, add = LISTS[label]
    client = client_for("coordinator")
    url = url_of()
    for n in range(2):
        add(world, n)
    client.get(url)  # sessions, caches and the like settle on the first request
    with CaptureQueriesContext(connection) as two:
        response = client.get(url)
    assert response.status_code == 200
    for n in range(2, 12):
        last = add(world, n)
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    shown = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        shown = json.dumps(response.json(), ensure_ascii=False)
    assert last in shown, "the twelfth row is not on the list: the test would prove nothing"


# --- pages whose size grows with other data than a list of one app ---------------------------


def _counts(client: Any, url: str, add: Callable[[int], object], small: int = 3, large: int = 30) -> tuple[int, int]:
    """The queries of one request to `url` with `small` rows added, then with `large`."""
    for n in range(small):
        add(n)
    assert client.get(url).status_code == 200  # sessions, caches and the like settle first
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(small, large):
        add(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    return len(few.captured_queries), len(many.captured_queries)


def test_the_api_collaboration_list_asks_as_often_for_thirty_as_for_three(world, client):
    region = world.org("region")

    def add(n: int) -> None:
        other = Collaboration.objects.create(slug=f"samverkan-{n}", name=f"Samverkan {n}", sector="miljö")
        HostPeriod.objects.create(collaboration=other, organisation=region, started_on=datetime.date(2020, 1, 1))

    few, many = _counts(client, "/api/v1/collaborations", add)
    assert few == many
    hosts = {c["slug"]: c["host"] for c in client.get("/api/v1/collaborations").json()}
    assert hosts["samverkan-29"] == region.name


def test_the_minute_item_form_asks_as_often_for_thirty_earlier_decisions_as_for_three(world, client_for):
    start = timezone.now() - datetime.timedelta(hours=3)
    meeting = Meeting.objects.create(group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    Minutes.objects.create(meeting=meeting)
    url = reverse("minute_item_add", args=[SLUG, meeting.pk])
    few, many = _counts(client_for("coordinator"), url, lambda n: _approved_decision(world, n))
    assert few == many


def _admin(client_for: Callable[[str], Any]) -> Any:
    return client_for("admin")


def test_the_admin_group_page_asks_as_often_for_thirty_members_as_for_three(world, client_for):
    group = GroupFactory(collaboration=world.collaboration, name="AG admin")
    umea = world.org("umea")

    def add(n: int) -> None:
        person = PersonFactory(organisation=umea, last_name=f"Admin {n}")
        MembershipFactory(group=group, person=person, organisation=umea)

    few, many = _counts(_admin(client_for), f"/admin/organisations/group/{group.pk}/change/", add)
    assert few == many


def test_the_admin_party_and_host_period_lists_ask_as_often_for_thirty_rows_as_for_three(world, client_for):
    client = _admin(client_for)

    def add_party(n: int) -> None:
        Party.objects.create(
            collaboration=world.collaboration,
            organisation=OrganisationFactory(name=f"Förbund {n}"),
            key=f"forbund{n}",
            started_on=world.sg.started_on,
        )

    def add_period(n: int) -> None:
        HostPeriod.objects.create(
            collaboration=world.collaboration,
            organisation=OrganisationFactory(name=f"Värd {n}"),
            started_on=datetime.date(1990 + n, 1, 1),
            ended_on=datetime.date(1990 + n, 12, 31),
        )

    few, many = _counts(client, "/admin/organisations/party/", add_party)
    assert few == many, "party list"
    few, many = _counts(client, "/admin/organisations/hostperiod/", add_period)
    assert few == many, "host-period list"
