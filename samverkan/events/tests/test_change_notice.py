"""When a published event's session moves, changes place, or a session is added or removed,
everyone registered is told by e-mail (with a seat: the new calendar invitation, its version
raised; on the waitlist: their place), once the organiser has stopped changing: several changes
within `EVENT_CHANGE_NOTICE_MINUTES` make one e-mail. A draft, an unchanged save, a cancelled
event or one that is over tells nobody."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverkan.audit.models import AuditEntry
from samverkan.events import services
from samverkan.events.models import Registration

NEXT_YEAR = timezone.localdate().year + 1


def _url(world, tail: str) -> str:
    return f"/{world.collaboration.slug}/evenemang/{tail}"


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator")


@pytest.fixture
def full_event(make_event, run_worker):
    """One seat, taken by Anna; Bo waits. Their confirmations are sent and cleared."""
    event = make_event(capacity=1)
    session = event.sessions.get()
    session.video_link = "https://video.example.se/rum-1"
    session.save()
    services.register(event, name="Anna Ek", email="anna@example.se", category="municipality")
    services.register(event, name="Bo Lind", email="bo@example.se", category="citizen")
    run_worker()
    mail.outbox.clear()
    return event


def _move(coordinator, world, event, day="04-01", place="Skellefteå", **more):
    session = event.sessions.order_by("starts_at").first()
    form = {"day": f"{NEXT_YEAR}-{day}", "start": "13:00", "end": "16:00", "place": place, **more}
    return coordinator.post(_url(world, f"{event.pk}/tillfallen/{session.pk}/"), form, follow=True)


def _due_now(run_worker) -> None:
    """The deferred notices come due (as ten minutes later), and the worker runs them."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    run_worker()
    run_worker()  # the notice queues one e-mail per registrant


def test_a_moved_session_tells_both_once_the_organiser_has_stopped(world, coordinator, full_event, run_worker):
    response = _move(coordinator, world, full_event, video_link="https://video.example.se/rum-1")
    assert "Tillfället är ändrat. De anmälda får besked med e-post om 10 minuter" in _messages(response)
    run_worker()
    assert mail.outbox == []  # not yet: the organiser may change more

    _due_now(run_worker)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["anna@example.se", "bo@example.se"]
    anna, bo = by_address["anna@example.se"], by_address["bo@example.se"]
    assert anna.subject == bo.subject == f"Ändrat: {full_event.title}"
    assert f"1 april {NEXT_YEAR}, 13:00–16:00, Skellefteå" in anna.body and "Skellefteå" in bo.body
    assert "https://video.example.se/rum-1" in anna.body and "video.example.se" not in bo.body
    assert "Du står kvar på väntelistan, plats 1." in bo.body
    ics = dict((name, content) for name, content, _type in anna.attachments)["evenemang.ics"]
    text = ics.decode() if isinstance(ics, bytes) else ics
    full_event.refresh_from_db()
    assert f"SEQUENCE:{full_event.sequence}" in text and "METHOD:REQUEST" in text
    assert not bo.attachments  # no seat, no invitation


def test_three_changes_in_a_row_make_one_e_mail_each(world, coordinator, full_event, run_worker):
    _move(coordinator, world, full_event, day="04-01")
    _move(coordinator, world, full_event, day="04-02")
    start = timezone.now() + datetime.timedelta(days=60)
    services.add_session(event=full_event, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    _due_now(run_worker)
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.se", "bo@example.se"]
    assert f"2 april {NEXT_YEAR}" in mail.outbox[0].body and f"1 april {NEXT_YEAR}" not in mail.outbox[0].body


def test_at_once_when_the_delay_is_zero_and_a_removed_session_is_told_too(
    world, coordinator, full_event, run_worker, settings
):
    settings.EVENT_CHANGE_NOTICE_MINUTES = 0
    start = timezone.now() + datetime.timedelta(days=60)
    second = services.add_session(
        event=full_event, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Lycksele"
    )
    run_worker()
    run_worker()
    assert len(mail.outbox) == 2 and all("Lycksele" in m.body for m in mail.outbox)
    mail.outbox.clear()
    response = coordinator.post(_url(world, f"{full_event.pk}/tillfallen/{second.pk}/ta-bort/"), follow=True)
    assert "Tillfället är borttaget. De anmälda får besked med e-post." in _messages(response)
    run_worker()
    run_worker()
    changed = [m for m in mail.outbox if m.subject.startswith("Ändrat")]
    assert len(changed) == 2 and not any("Lycksele" in m.body for m in changed)
    # Anna's calendar has the removed session from her invitation: it is cancelled by its UID
    (removal,) = [m for m in mail.outbox if m.subject.startswith("Borttaget")]
    assert removal.to == ["anna@example.se"] and removal.subject == f"Borttaget tillfälle: {full_event.title}"
    assert "Ett tillfälle av" in removal.body and "Lycksele" in removal.body
    full_event.refresh_from_db()
    ics = _ics(removal, "borttaget-tillfalle.ics")
    assert "METHOD:CANCEL" in ics and f"UID:event-{full_event.pk}-session-{second.pk}" in ics
    assert f"SEQUENCE:{full_event.sequence}" in ics and "STATUS:CANCELLED" in ics
    assert f"session-{full_event.sessions.get().pk}" not in ics  # the session that is left stays


def _ics(message, name: str) -> str:
    content = dict((n, c) for n, c, _type in message.attachments)[name]
    return content.decode() if isinstance(content, bytes) else content


def _second_session(event, place="Lycksele"):
    start = timezone.now() + datetime.timedelta(days=60)
    return services.add_session(
        event=event, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=2), place=place
    )


def test_a_removed_session_is_cancelled_in_the_calendars_once_and_only_for_who_had_it(
    world, coordinator, full_event, run_worker
):
    second = _second_session(full_event)
    _due_now(run_worker)
    mail.outbox.clear()
    services.remove_session(session=second, actor=None)
    _move(coordinator, world, full_event, day="04-03")  # a second change before the notice goes
    services.register(full_event, name="Cilla Berg", email="cilla@example.se", category="citizen")
    for waiting in Registration.objects.filter(status="waitlisted"):  # Bo and Cilla given seats by hand
        services.move_up(waiting, actor=None)
    _due_now(run_worker)
    removals = [m for m in mail.outbox if m.subject.startswith("Borttaget")]
    # Bo had no seat when the invitation went out, but a cancellation of an unknown entry is
    # harmless and he is confirmed now; Cilla registered after the removal: nothing for her
    assert sorted(m.to[0] for m in removals) == ["anna@example.se", "bo@example.se"]
    mail.outbox.clear()
    _move(coordinator, world, full_event, day="04-04")  # a later change: the removal is not told again
    _due_now(run_worker)
    assert mail.outbox and not any(m.subject.startswith("Borttaget") for m in mail.outbox)


def test_a_cancelled_event_also_cancels_a_removed_session_nobody_was_told_of_yet(world, full_event, run_worker):
    second = _second_session(full_event)
    _due_now(run_worker)
    mail.outbox.clear()
    second_pk = second.pk
    services.remove_session(session=second, actor=None)
    services.cancel_event(event=full_event, actor=None)
    _due_now(run_worker)
    anna = next(m for m in mail.outbox if m.to == ["anna@example.se"])
    assert anna.subject == f"Inställt: {full_event.title}"
    ics = _ics(anna, "installt.ics")
    assert f"UID:event-{full_event.pk}-session-{second_pk}" in ics
    assert f"UID:event-{full_event.pk}-session-{full_event.sessions.get().pk}" in ics


def test_an_unchanged_save_a_draft_or_nobody_registered_promises_and_sends_nothing(
    world, coordinator, full_event, make_event, activity, run_worker
):
    session = full_event.sessions.get()
    start = timezone.localtime(session.starts_at).replace(hour=9, minute=0, second=0, microsecond=0)
    full_event.sessions.update(starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    # the form as the browser sends it back, nothing changed
    same = {"day": start.date().isoformat(), "start": "09:00", "end": "12:00", "end_day": ""}
    same |= {"place": "Umeå", "video_link": "https://video.example.se/rum-1"}
    response = coordinator.post(_url(world, f"{full_event.pk}/tillfallen/{session.pk}/"), same, follow=True)
    assert not AuditEntry.objects.filter(action="update_event_session").exists()  # nothing changed
    assert _messages(response) == "Tillfället är ändrat."
    empty = make_event(title="Ingen anmäld än")
    assert _messages(_move(coordinator, world, empty)) == "Tillfället är ändrat."
    draft = services.create_event(activity=activity, actor=None, title="Utkastet")
    start = timezone.now() + datetime.timedelta(days=20)
    services.add_session(event=draft, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    _due_now(run_worker)
    assert mail.outbox == []


def test_nobody_is_told_of_a_change_once_the_event_is_cancelled_or_a_registration_erased(
    world, coordinator, full_event, run_worker
):
    _move(coordinator, world, full_event)
    Registration.objects.filter(email="bo@example.se").update(anonymised_at=timezone.now(), email="")
    _due_now(run_worker)
    assert [m.to[0] for m in mail.outbox] == ["anna@example.se"]
    mail.outbox.clear()
    _move(coordinator, world, full_event, day="05-05")
    services.cancel_event(event=full_event, actor=None)
    _due_now(run_worker)
    assert [m.subject for m in mail.outbox] == [f"Inställt: {full_event.title}"]  # the cancellation only


def test_who_registers_after_the_change_is_not_told_of_it(world, coordinator, make_event, run_worker):
    event = make_event()
    services.register(event, name="Anna Ek", email="anna@example.se", category="municipality")
    _move(coordinator, world, event)
    services.register(event, name="Cilla Berg", email="cilla@example.se", category="citizen")
    run_worker()
    mail.outbox.clear()  # the confirmations, Cilla's with the new time
    _due_now(run_worker)
    assert [m.to[0] for m in mail.outbox] == ["anna@example.se"]


def test_a_notice_run_twice_tells_once_and_a_removal_queued_before_a_cancellation_is_not_sent(
    world, coordinator, full_event, run_worker
):
    from samverkan.events import mail as event_mail

    _move(coordinator, world, full_event)
    _due_now(run_worker)
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    full_event.refresh_from_db()
    event_mail.tell_changed.call(full_event.pk, full_event.sequence, "")  # a second worker, the same task
    run_worker()
    assert mail.outbox == []

    second = _second_session(full_event)
    _due_now(run_worker)
    mail.outbox.clear()
    services.remove_session(session=second, actor=None)
    full_event.refresh_from_db()
    # the notice runs and queues the e-mails; before a worker sends them, the event is called off
    event_mail.tell_changed.call(full_event.pk, full_event.sequence, timezone.now().isoformat())
    services.cancel_event(event=full_event, actor=None)
    run_worker()
    run_worker()
    subjects = [m.subject for m in mail.outbox]
    assert not any(s.startswith("Borttaget") for s in subjects), subjects
    assert f"Inställt: {full_event.title}" in subjects
