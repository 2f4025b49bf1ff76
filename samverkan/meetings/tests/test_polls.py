"""Date polls: propose times, members answer through links without logging in, the convener picks."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samverkan.audit.models import AuditEntry
from samverkan.lib.errors import DomainError
from samverkan.meetings import polls
from samverkan.meetings.models import DatePollStatus, Meeting, PollAnswer
from samverkan.meetings.rules import holiday_name

SLUG = "miljosamverkan-vasterbotten"
TZ = timezone.get_current_timezone()


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=TZ)


@pytest.fixture
def poll(world):
    year = timezone.localdate().year + 1
    spring = [datetime.date(year, 4, 1) + datetime.timedelta(days=d) for d in range(70)]
    ascension = next(day for day in spring if holiday_name(day) == "Kristi himmelsfärdsdag")
    options = [
        (at(datetime.date(year, 4, 20), 9), at(datetime.date(year, 4, 20), 12)),
        (at(ascension, 9), at(ascension, 12)),
        (at(datetime.date(year, 5, 26), 13), at(datetime.date(year, 5, 26), 16)),
    ]
    return polls.create_poll(group=world.sg, title="Samverkansgruppen våren", options=options, actor=None)


def links(poll) -> dict[str, str]:
    polls.invite(poll=poll, actor=None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    return {m.to[0]: re.search(r"/datum/\S+/", m.body).group(0) for m in mail.outbox}


def test_every_member_gets_a_link_and_answers_without_logging_in(client, poll, world):
    urls = links(poll)
    assert len(urls) == 17
    options = list(poll.options.all())
    url = urls["umea@example.se"]
    page = client.get(url).content.decode()
    assert "Samverkansgruppen våren" in page
    response = client.post(
        url, {f"tid-{options[0].pk}": "yes", f"tid-{options[1].pk}": "maybe", f"tid-{options[2].pk}": "no"}
    )
    assert response.status_code == 200 and "sparade" in response.content.decode()
    answers = PollAnswer.objects.filter(invitation__person=world.people["umea"])
    assert sorted(answers.values_list("answer", flat=True)) == ["maybe", "no", "yes"]
    client.post(url, {f"tid-{o.pk}": "yes" for o in options})  # answers can change while open
    assert set(answers.values_list("answer", flat=True)) == {"yes"}
    entries = AuditEntry.objects.for_object(poll).filter(action="answer_date_poll").order_by("pk")
    invited = world.people["umea"].full_name
    second = timezone.localtime(options[1].starts_at).strftime("%Y-%m-%d %H:%M")
    assert [(e.actor_label, e.after[second]) for e in entries] == [(invited, "maybe"), (invited, "yes")]


def test_a_partial_answer_is_refused_and_nothing_is_saved(client, poll):
    url = links(poll)["umea@example.se"]
    first = poll.options.first()
    html = client.post(url, {f"tid-{first.pk}": "yes"}).content.decode()
    assert "Svara för varje föreslagen tid" in html and not PollAnswer.objects.exists()


def test_a_tampered_link_is_refused(client, poll):
    assert client.get("/datum/fel/").status_code == 400


def test_the_table_flags_holidays_and_the_convener_picks_a_time(client_for, client, poll, world):
    urls = links(poll)
    options = list(poll.options.all())
    for email, answers in (("umea@example.se", ("yes", "no", "maybe")), ("lycksele@example.se", ("yes", "yes", "no"))):
        client.post(urls[email], {f"tid-{o.pk}": a for o, a in zip(options, answers, strict=True)})
    chair = client_for("chair")
    detail = reverse("poll_detail", args=[SLUG, poll.pk])
    html = chair.get(detail).content.decode()
    assert "Kristi himmelsfärdsdag" in html  # the proposal on Ascension Day is flagged
    assert "2 / 0 / 0" in html
    response = chair.post(detail, {"action": "valj", "tid": options[0].pk, "plats": "Umeå"})
    meeting = Meeting.objects.get(starts_at=options[0].starts_at)
    assert response["Location"] == reverse("meeting_detail", args=[SLUG, meeting.pk])
    poll.refresh_from_db()
    assert poll.status == DatePollStatus.DECIDED and poll.meeting == meeting and meeting.place == "Umeå"
    assert "stängd" in client.get(urls["umea@example.se"]).content.decode()


def test_picking_a_holiday_needs_the_confirmation(world):
    year = timezone.localdate().year + 1
    christmas_eve = datetime.date(year, 12, 24)
    poll = polls.create_poll(
        group=world.st,
        title="Jul",
        actor=None,
        options=[
            (at(christmas_eve, 9), at(christmas_eve, 10)),
            (at(datetime.date(year, 12, 17), 9), at(datetime.date(year, 12, 17), 10)),
        ],
    )
    holiday = poll.options.get(starts_at__date=christmas_eve)
    with pytest.raises(DomainError, match="Julafton"):
        polls.decide(poll=poll, option=holiday, actor=None)
    meeting = polls.decide(poll=poll, option=holiday, actor=None, holiday_confirmed=True)
    assert meeting.holiday_confirmed


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "minst två"),
        ([(1, 9, 12), (1, 9, 12)], "två gånger"),
        ([(1, 12, 9), (2, 9, 12)], "sluta efter"),
    ],
)
def test_bad_proposals_are_refused(world, options, message):
    base = timezone.localdate() + datetime.timedelta(days=30)
    proposals = [
        (at(base + datetime.timedelta(days=d), s), at(base + datetime.timedelta(days=d), e)) for d, s, e in options
    ]
    with pytest.raises(DomainError, match=message):
        polls.create_poll(group=world.sg, title="X", options=proposals, actor=None)


def test_the_form_creates_a_poll_from_the_filled_rows(client_for, world):
    year = timezone.localdate().year + 1
    response = client_for("coordinator").post(
        reverse("poll_create", args=[SLUG]),
        {
            "group": world.st.pk,
            "title": "Stödgruppen hösten",
            "day_1": f"{year}-09-08",
            "start_1": "09:00",
            "end_1": "11:00",
            "day_2": f"{year}-09-15",
            "start_2": "09:00",
            "end_2": "11:00",
        },
    )
    assert response.status_code == 302
    assert world.st.date_polls.get().options.count() == 2


def test_a_proposal_outside_the_years_a_meeting_may_have_is_refused(world):
    far = datetime.date(9999, 12, 30)
    soon = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(DomainError, match="mellan"):
        polls.create_poll(
            group=world.sg, title="X", options=[(at(soon, 9), at(soon, 10)), (at(far, 9), at(far, 10))], actor=None
        )


def test_the_poll_form_says_on_the_date_which_years_a_proposal_may_have(client_for, world):
    soon = timezone.localdate() + datetime.timedelta(days=30)
    response = client_for("coordinator").post(
        reverse("poll_create", args=[SLUG]),
        {
            "group": world.st.pk,
            "title": "Stödgruppen",
            "day_1": soon.isoformat(),
            "start_1": "09:00",
            "end_1": "11:00",
            "day_2": "9999-12-31",
            "start_2": "09:00",
            "end_2": "11:00",
        },
    )
    assert response.status_code == 200 and not world.st.date_polls.exists()
    assert "mellan" in response.context["form"].errors["day_2"][0]
