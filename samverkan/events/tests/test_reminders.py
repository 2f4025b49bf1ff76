"""The reminder before an event and the evaluation link after it: who gets them, what they say,
and that each goes out once however often the task runs (issue 15, part 6)."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection

from samverkan.events import notices, reminders, services
from samverkan.events.evaluation import evaluation_url
from samverkan.events.models import Event, Registration, RegistrationStatus

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _register(event, n: int, **fields):
    return services.register(
        event, name=f"Deltagare {n}", email=f"deltagare{n}@example.se", category="municipality", **fields
    )


@pytest.fixture
def make_event(make_event):
    """The app's published event, with `reminder_days` set (the default is 2)."""

    def make(*, reminder_days: int = 2, **fields):
        event = make_event(**fields)
        Event.objects.filter(pk=event.pk).update(reminder_days=reminder_days)
        event.refresh_from_db()
        return event

    return make


def _start(event) -> datetime.datetime:
    return event.sessions.first().starts_at


def _end(event) -> datetime.datetime:
    return event.sessions.last().ends_at


@pytest.mark.django_db
def test_the_confirmed_get_one_reminder_however_often_it_runs(make_event):
    event = make_event(capacity=2, reminder_days=2)
    confirmed = [_register(event, n) for n in range(2)]
    waiting = _register(event, 2)
    assert waiting.status == RegistrationStatus.WAITLISTED
    late = services.register(event, name="Avbokad", email="avbokad@example.se", category="citizen")
    services.cancel(late)
    with time_machine.travel(_start(event) - datetime.timedelta(days=2, hours=1), tick=False):
        assert reminders.send_reminders() == 0  # not due yet
    with time_machine.travel(_start(event) - datetime.timedelta(days=1, hours=23), tick=False):
        assert reminders.send_reminders() == 2
        assert reminders.send_reminders() == 0
    with time_machine.travel(_start(event) - datetime.timedelta(hours=1), tick=False):
        assert reminders.send_reminders() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["deltagare0@example.se", "deltagare1@example.se"]
    assert Registration.objects.filter(reminded_at__isnull=False).count() == 2
    message = mail.outbox[0]
    registration = next(r for r in confirmed if r.email == message.to[0])
    assert message.subject.startswith("Påminnelse: Förorenade områden i praktiken ")
    assert ", Umeå" in message.body  # each session's day, time and place
    assert notices.manage_url(registration) in message.body
    assert notices.event_url(event) in message.body
    (name, ics, kind) = message.attachments[0]
    assert name == "evenemang.ics" and kind == "text/calendar"
    assert "METHOD:REQUEST" in ics and "deltagare" in ics


@pytest.mark.django_db
def test_a_cancelled_event_or_one_without_reminder_days_sends_none(make_event):
    cancelled = make_event(reminder_days=2)
    _register(cancelled, 1)
    services.cancel_event(event=cancelled, actor=None)
    silent = make_event(reminder_days=0, title="Utan påminnelse")
    _register(silent, 2)
    with time_machine.travel(_start(silent) - datetime.timedelta(hours=12), tick=False):
        assert reminders.send_reminders() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_someone_who_registered_after_the_reminder_was_due_gets_only_the_confirmation(make_event):
    event = make_event(reminder_days=2)
    _register(event, 1)
    with time_machine.travel(_start(event) - datetime.timedelta(days=1), tick=False):
        _register(event, 2)
        assert reminders.send_reminders() == 1
    assert [m.to for m in mail.outbox] == [["deltagare1@example.se"]]


@pytest.mark.django_db
def test_a_failed_sending_is_tried_again_on_the_next_run(make_event, monkeypatch):
    event = make_event(reminder_days=2)
    _register(event, 1)
    real_send = EmailMultiAlternatives.send

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("the mail server is down")

    with time_machine.travel(_start(event) - datetime.timedelta(days=1), tick=False):
        monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
        assert reminders.send_reminders() == 0
        assert Registration.objects.get().reminded_at is None  # the claim was given back
        monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
        assert reminders.send_reminders() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_command_queues_both_for_the_worker_and_running_it_twice_sends_each_once(make_event, monkeypatch):
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    soon = make_event(reminder_days=3)
    _register(soon, 1)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)  # the confirmation
    mail.outbox.clear()
    with time_machine.travel(_start(soon) - datetime.timedelta(days=1), tick=False):
        out = StringIO()
        call_command("events-mail", stdout=out)
        assert "Queued" in out.getvalue() and mail.outbox == []  # nothing before the worker runs
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        assert len(mail.outbox) == 1
        call_command("events-mail", stdout=out)
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        call_command("events-mail", "--now", stdout=out)
        assert "Sent 0 reminders and 0 evaluation links." in out.getvalue()
    assert len(mail.outbox) == 1


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs PostgreSQL: SQLite has one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(make_event, monkeypatch):
    event = make_event(reminder_days=2)
    for n in range(30):
        _register(event, n)
    real_send = EmailMultiAlternatives.send

    def slow_send(self, fail_silently=False):
        threading.Event().wait(0.002)  # let the two runs interleave
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", slow_send)
    start = threading.Barrier(2)

    def run(_n: int) -> int:
        try:
            start.wait()
            return reminders.send_reminders(now=_start(event) - datetime.timedelta(days=1))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(run, range(2)))
    assert sum(counts) == 30
    addresses = [m.to[0] for m in mail.outbox]
    assert len(addresses) == 30 and len(set(addresses)) == 30  # nobody twice


# --- the evaluation link afterwards ---------------------------------------------------------------


@pytest.mark.django_db
def test_without_attendance_marked_the_confirmed_get_the_evaluation_link_once(make_event):
    event = make_event(capacity=2)
    confirmed = [_register(event, n) for n in range(2)]
    _register(event, 2)  # on the waitlist: never came
    with time_machine.travel(_end(event) + datetime.timedelta(minutes=30), tick=False):
        assert reminders.send_evaluation_links() == 0  # a moment to mark attendance first
    with time_machine.travel(_end(event) + datetime.timedelta(hours=2), tick=False):
        assert reminders.send_evaluation_links() == 2
        assert reminders.send_evaluation_links() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in confirmed)
    message = mail.outbox[0]
    registration = next(r for r in confirmed if r.email == message.to[0])
    assert message.subject == "Vad tyckte du om Förorenade områden i praktiken?"
    assert evaluation_url(registration) in message.body
    assert registration.token not in message.body  # not the personal link
    assert "anonyma" in message.body


@pytest.mark.django_db
def test_with_attendance_marked_only_those_who_came_get_the_link(make_event):
    event = make_event()
    came, stayed_away, unmarked = (_register(event, n) for n in range(3))
    Registration.objects.filter(pk=came.pk).update(attended=True)
    Registration.objects.filter(pk=stayed_away.pk).update(attended=False)
    with time_machine.travel(_end(event) + datetime.timedelta(days=1), tick=False):
        assert reminders.send_evaluation_links() == 1
    assert [m.to for m in mail.outbox] == [[came.email]]
    assert unmarked.email not in {m.to[0] for m in mail.outbox}


@pytest.mark.django_db
def test_no_evaluation_for_a_cancelled_event_or_one_that_ended_long_ago(make_event):
    cancelled = make_event()
    _register(cancelled, 1)
    services.cancel_event(event=cancelled, actor=None)
    held = make_event(title="Ett seminarium som hölls")
    _register(held, 2)
    with time_machine.travel(_end(held) + datetime.timedelta(days=31), tick=False):
        assert reminders.send_evaluation_links() == 0  # a month late: nobody is asked any more
    with time_machine.travel(_end(held) + datetime.timedelta(days=1), tick=False):
        assert reminders.send_evaluation_links() == 1  # the held one only
    assert [m.to for m in mail.outbox] == [["deltagare2@example.se"]]


@pytest.mark.django_db
def test_the_reminder_goes_out_with_line_breaks_stored_in_the_title_and_the_name(make_event):
    event = make_event(reminder_days=2)
    registration = _register(event, 1)
    Event.objects.filter(pk=event.pk).update(title="Kurs\r\nBcc: alla@example.se")
    Registration.objects.filter(pk=registration.pk).update(name="Anna\r\nEk")
    with time_machine.travel(_start(event) - datetime.timedelta(days=1), tick=False):
        assert reminders.send_reminders() == 1
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.message()["Bcc"] is None and message.to == ["deltagare1@example.se"]
    assert "Hej Anna Ek!" in message.body
