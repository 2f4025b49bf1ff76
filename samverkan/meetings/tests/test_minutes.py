"""Minutes: § numbering per body and year, approval (justering), locking, publication, register."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samverkan.agreement.services import check_collaboration
from samverkan.collaborations.findings import Link
from samverkan.lib.errors import DomainError
from samverkan.meetings import minutes as service
from samverkan.meetings.models import (
    AttendanceStatus,
    Decision,
    LockedMinutesError,
    Meeting,
    MeetingStatus,
    MinuteItem,
    Minutes,
)
from samverkan.organisations.personal_data import erase_person

SLUG = "miljosamverkan-vasterbotten"
TZ = timezone.get_current_timezone()


def held(group, day: datetime.date) -> Meeting:
    start = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=TZ)
    return Meeting.objects.create(
        group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=MeetingStatus.HELD
    )


@pytest.fixture
def past(world):
    return held(world.sg, timezone.localdate() - datetime.timedelta(days=3))


def numbers(minutes):
    return list(minutes.items.order_by("number").values_list("number", flat=True))


def test_paragraphs_run_per_body_and_calendar_year(world):
    year = timezone.localdate().year
    first = service.start_minutes(meeting=held(world.sg, datetime.date(year, 1, 20)), actor=None)
    second = service.start_minutes(meeting=held(world.sg, datetime.date(year, 2, 10)), actor=None)
    support = service.start_minutes(meeting=held(world.st, datetime.date(year, 2, 11)), actor=None)
    last_year = service.start_minutes(meeting=held(world.sg, datetime.date(year - 1, 12, 1)), actor=None)
    for minutes, count in ((first, 3), (second, 2), (support, 2), (last_year, 1)):
        for i in range(count):
            service.add_minute_item(minutes=minutes, title=f"Punkt {i}", actor=None)
    assert numbers(first) == [1, 2, 3] and numbers(second) == [4, 5]
    assert numbers(support) == [1, 2] and numbers(last_year) == [1]


def test_only_the_latest_paragraph_can_be_removed_and_its_number_is_reused(past):
    minutes = service.start_minutes(meeting=past, actor=None)
    items = [service.add_minute_item(minutes=minutes, title=t, actor=None) for t in ("A", "B", "C")]
    with pytest.raises(DomainError, match="Bara den senaste paragrafen"):
        service.remove_minute_item(item=items[0], actor=None)
    service.remove_minute_item(item=items[2], actor=None)
    again = service.add_minute_item(minutes=minutes, title="C igen", actor=None)
    assert numbers(minutes) == [1, 2, 3] and again.number == 3


@pytest.mark.django_db(transaction=True)
def test_numbers_have_no_gaps_or_duplicates_when_added_at_the_same_moment(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database; this runs in make test-pg")
    year = timezone.localdate().year
    minutes = [service.start_minutes(meeting=held(world.sg, datetime.date(year, 3, d)), actor=None) for d in (3, 4)]
    barrier = threading.Barrier(4)
    errors = []

    def write(target):
        try:
            barrier.wait()
            for i in range(10):
                service.add_minute_item(minutes=target, title=f"P{i}", actor=None)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(minutes[i % 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    got = sorted(MinuteItem.objects.filter(group=world.sg, year=year).values_list("number", flat=True))
    assert got == list(range(1, 41))


@pytest.fixture
def written(past, world):
    """Minutes of a held collaboration-group meeting: attendance, two §§, adjusters chosen."""
    minutes = service.start_minutes(meeting=past, actor=None)
    statuses = {p.pk: (AttendanceStatus.PRESENT, "") for p in world.people.values() if p.pk}
    members = {m.person_id for m in world.sg.memberships.all()}
    service.record_attendance(
        minutes=minutes,
        statuses={k: v for k, v in statuses.items() if k in members},
        guests=["Gäst Gästsson"],
        actor=None,
    )
    service.add_minute_item(
        minutes=minutes, title="Budget 2027", actor=None, decision="Budgeten fastställs.", decision_kind="budget"
    )
    service.add_minute_item(
        minutes=minutes, title="Personalärende", actor=None, public=False, decision="Hemligt beslut."
    )
    service.set_adjusters(minutes=minutes, people=[world.people["umea"]], actor=None)
    return minutes


def test_the_chair_and_the_adjuster_approve_each_in_their_own_step(written, world):
    assert [s.role for s in written.signatories.all()] == ["adjuster", "chair"]
    service.approve_minutes(minutes=written, person=world.people["skelleftea"], actor=None)
    written.refresh_from_db()
    assert not written.locked
    with pytest.raises(DomainError, match="redan justerat"):
        service.approve_minutes(minutes=written, person=world.people["skelleftea"], actor=None)
    with pytest.raises(DomainError, match="inte ordförande eller justerare"):
        service.approve_minutes(minutes=written, person=world.people["dorotea"], actor=None)
    service.approve_minutes(minutes=written, person=world.people["umea"], actor=None)
    written.refresh_from_db()
    assert written.locked and written.approved_at is not None
    assert Meeting.objects.get(pk=written.meeting_id).status == MeetingStatus.APPROVED


@pytest.fixture
def approved(written, world):
    for key in ("skelleftea", "umea"):
        service.approve_minutes(minutes=written, person=world.people[key], actor=None)
    written.refresh_from_db()
    return written


def test_approved_minutes_cannot_be_changed_by_any_path(approved, world):
    item = approved.items.first()
    with pytest.raises(DomainError, match="justerat"):
        service.update_minute_item(item=item, actor=None, title="Ändrad")
    with pytest.raises(DomainError, match="justerat"):
        service.add_minute_item(minutes=approved, title="Sen punkt", actor=None)
    with pytest.raises(DomainError, match="justerat"):
        service.record_attendance(minutes=approved, statuses={}, guests=[], actor=None)
    item.title = "Ändrad i skalet"
    with pytest.raises(LockedMinutesError):
        item.save()
    with pytest.raises(LockedMinutesError):
        Decision.objects.get(item=item).delete()
    assert MinuteItem.objects.get(pk=item.pk).title == "Budget 2027"


def test_the_api_has_no_way_to_write_minutes(client, approved):
    spec = client.get("/api/v1/openapi.json").json()
    writes = {path for path, operations in spec["paths"].items() if set(operations) - {"get"}}
    # the API's only writes are registering for an event and cancelling that (issue 15)
    assert writes == {
        "/api/v1/collaborations/{slug}/events/{event_id}/registrations",
        "/api/v1/registrations/{token}/cancel",
    }


def test_a_mistake_is_corrected_by_a_new_decision_that_names_the_old_one(approved, world, client):
    later = service.start_minutes(meeting=held(world.sg, timezone.localdate() - datetime.timedelta(days=1)), actor=None)
    old = Decision.objects.get(item__title="Budget 2027")
    correction = service.add_minute_item(
        minutes=later,
        title="Rättelse av budgetbeslutet",
        actor=None,
        decision="Beloppet ska vara 450 000 kr.",
        corrects=old,
    )
    assert correction.decision.kind == "correction" and correction.decision.corrects == old
    service.set_adjusters(minutes=later, people=[world.people["umea"]], actor=None)
    service.record_attendance(minutes=later, statuses={}, guests=["X"], actor=None)
    for key in ("skelleftea", "umea"):
        service.approve_minutes(minutes=later, person=world.people[key], actor=None)
    html = client.get(reverse("decision_register", args=[SLUG])).content.decode()
    assert f"Rättat genom § {correction.number}/{correction.year}" in html
    assert f"Rättar § {old.item.number}/{old.item.year}" in html


def test_published_minutes_show_public_items_to_everyone_and_hide_the_rest(approved, client_for, world):
    url = reverse("minutes_detail", args=[SLUG, approved.meeting_id])
    public = client_for("anonymous").get(url).content.decode()
    assert "Budget 2027" in public and "Budgeten fastställs." in public and "Justerat" in public
    assert "Personalärende" not in public and "Hemligt beslut." not in public and "Ej offentlig paragraf" in public
    assert "Gäst Gästsson" in public
    assert "Hemligt beslut." in client_for("officer").get(url).content.decode()
    register = client_for("anonymous").get(reverse("decision_register", args=[SLUG]), {"kind": "budget"})
    assert "Budgeten fastställs." in register.content.decode() and "1 beslut" in register.content.decode()


def test_draft_minutes_are_not_public(written, client_for):
    url = reverse("minutes_detail", args=[SLUG, written.meeting_id])
    assert client_for("anonymous").get(url).status_code == 404
    assert client_for("member").get(url).status_code == 200  # Umeå is an adjuster
    assert client_for("chair").get(url).status_code == 200


def test_names_in_approved_minutes_survive_the_erasure_of_the_person(approved, client_for, world):
    name = world.people["dorotea"].full_name
    erase_person(person=world.people["dorotea"], actor=None)
    html = client_for("anonymous").get(reverse("minutes_detail", args=[SLUG, approved.meeting_id])).content.decode()
    assert name in html


def test_minutes_not_approved_within_14_days_are_a_warning(world):
    late = held(world.sg, timezone.localdate() - datetime.timedelta(days=20))
    findings = [f for f in check_collaboration(world.collaboration) if f.rule == "SG4" and "Protokollet" in f.message]
    assert len(findings) == 1 and findings[0].status == "warning" and "20 dagar" in findings[0].message
    assert findings[0].link == Link("minutes_edit", (late.pk,))


def test_the_whole_chain_in_the_pages(client_for, world, past):
    chair = client_for("chair")
    edit = reverse("minutes_edit", args=[SLUG, past.pk])
    chair.post(edit, {"action": "starta"})
    minutes = Minutes.objects.get(meeting=past)
    members = list(world.sg.memberships.values_list("person_id", flat=True))
    chair.post(edit, {"action": "narvaro", **{f"narvaro-{pk}": "present" for pk in members}})
    chair.post(
        reverse("minute_item_add", args=[SLUG, past.pk]),
        {
            "title": "Verksamhetsplan",
            "decision": "Planen fastställs.",
            "decision_kind": "operations_plan",
            "public": "on",
        },
    )
    chair.post(edit, {"action": "justerare", "justerare": [world.people["umea"].pk]})
    detail = reverse("minutes_detail", args=[SLUG, past.pk])
    approve = reverse("minutes_approve", args=[SLUG, past.pk])
    assert "Justera som ordförande" in chair.get(detail).content.decode()
    chair.post(approve)
    assert client_for("outsider").post(approve).status_code == 403
    client_for("member").post(approve)
    minutes.refresh_from_db()
    assert minutes.locked
    assert "Planen fastställs." in client_for("anonymous").get(detail).content.decode()


def test_the_api_publishes_decisions_and_minutes_with_the_same_privacy_as_the_pages(approved, client, world, personas):
    from samverkan.accounts.services import create_api_token

    base = f"/api/v1/collaborations/{SLUG}"
    public = client.get(f"{base}/decisions").json()
    assert [d["text"] for d in public] == ["Budgeten fastställs."]
    _token, plain = create_api_token(user=personas["officer"], name="t", actor=None)
    auth = {"Authorization": f"Bearer {plain}"}
    assert {d["text"] for d in client.get(f"{base}/decisions", headers=auth).json()} == {
        "Budgeten fastställs.",
        "Hemligt beslut.",
    }
    body = client.get(f"{base}/minutes/{approved.meeting_id}").json()
    assert body["status"] == "approved" and [i["title"] for i in body["items"]] == ["Budget 2027", ""]
    assert {s["role"] for s in body["signatories"]} == {"chair", "adjuster"}
    assert client.get(f"{base}/decisions", {"kind": "budget", "q": "budgeten"}).json()[0]["number"] == 1


def test_draft_minutes_are_not_in_the_api_for_the_public(written, client):
    assert client.get(f"/api/v1/collaborations/{SLUG}/minutes/{written.meeting_id}").status_code == 404


def _consequences_cell(html: str, decision) -> str:
    """The register's last cell ("Följder") of the row of `decision`."""
    row = html[html.index(f"§ {decision.item.number}/{decision.item.year}</a>") :]
    row = row[: row.index("</tr>")]
    return row[row.rindex("<td>") :]


def test_the_register_shows_a_decisions_assignments_only_to_who_may_see_them(
    client_for, approved_decision, give_assignment
):
    give_assignment(title="Checklista för skrotbilar")
    url = reverse("decision_register", args=[SLUG])
    anonymous = _consequences_cell(client_for("anonymous").get(url).content.decode(), approved_decision)
    assert "Checklista" not in anonymous and "–" in anonymous  # not an empty cell: nothing it may see
    member = _consequences_cell(client_for("member").get(url).content.decode(), approved_decision)
    assert "Uppdrag: Checklista för skrotbilar" in member and "Ge ett uppdrag" not in member
    coordinator = _consequences_cell(client_for("coordinator").get(url).content.decode(), approved_decision)
    assert "Uppdrag: Checklista för skrotbilar" in coordinator and "Ge ett uppdrag" in coordinator
