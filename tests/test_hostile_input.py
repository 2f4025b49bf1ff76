"""The hostile-input corpus, put through every form and every write of the project.

One parametrised test per route (one database set-up each): the route's baseline data is
posted with one field at a time replaced by each value of the corpus. For every request:

- the answer is 2xx, 3xx or a clear 4xx, never 5xx;
- a refused request (4xx, a form shown again with errors, or an error message) changes nothing
  in the database (every table but the sessions, compared row by row before and after);
- after an accepted request, no document or export of the affected object answers 5xx.

`test_every_post_route_has_a_corpus_entry` fails when a route appears that is neither in
WRITES nor in READ_ONLY, and `test_every_api_write_has_a_corpus_entry` when the API gains an
operation other than GET: coverage cannot drop silently. See docs/security.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from tests.test_authorization_matrix import _event, _event_registration, concrete, project_routes

# --- the corpus -----------------------------------------------------------------------------------

TEXT: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "escape": "Anna\x1b[31m Röd",
    "bell": "§ 3\x07",
    "vertical-tab": "Inledning\x0bmer",
    "nul": "Nul\x00l",
    "crlf": "Rad ett\r\nFN:Falsk\r\nEND:VCARD",
    "rtl": "faktura\u202egpj.exe",
    "zero-width": "An\u200bna",
    "traversal": "../../../../tmp/x",
    "formula": '=HYPERLINK("http://example.com","klicka")',
    "plus": "+1+1",
    "at": "@SUM(A1:A2)",
    "quote": 'a"b\'c; filename="x.exe"',
    "blank": "   ",
    "megabyte": "x" * 1_000_000,
}
NUMBERS: dict[str, str] = {
    "huge": str(10**23),
    "negative": "-1",
    "beyond-64-bits": str(2**63),
    "below-64-bits": str(-(2**63) - 1),
    "fraction": "1.5",
    "nan": "NaN",
    "text": "abc",
    "nul": "1\x00",
}
DATES: dict[str, str] = {
    "year-1": "0001-01-01",
    "year-9999": "9999-12-31",
    "year-1899": "1899-01-01",
    "year-10000": "10000-01-01",
    "impossible": "2026-02-30",
    "nul": "2026\x00-01-01",
}
TIMES: dict[str, str] = {"half-past-midnight": "00:30", "end-of-day": "23:59", "impossible": "25:61", "nul": "\x00"}
FILENAMES: dict[str, str] = {
    "traversal": "../../../../tmp/x.csv",
    "attribute": '"><img src=x onerror=alert(1)>.csv',
    "crlf": "a\r\nb.csv",
    "rtl": "faktura\u202evsc.exe",
    "formula": "=HYPERLINK(1).csv",
}
# values that break documents are also sent together, once per field, and then every document is read
COCKTAIL = "".join(TEXT[k] for k in ("script", "attribute", "escape", "bell", "vertical-tab", "crlf", "rtl", "quote"))
COCKTAIL += TEXT["zero-width"] + TEXT["traversal"] + " " + TEXT["formula"]


def corpus_for(kind: str) -> dict[str, Any]:
    if kind == "text":
        return {**TEXT, "cocktail": COCKTAIL}
    if kind == "number":
        return {**NUMBERS, "script": TEXT["script"]}
    if kind == "choice":
        return {**NUMBERS, "script": TEXT["script"], "traversal": TEXT["traversal"]}
    if kind == "date":
        return DATES
    if kind == "time":
        return TIMES
    if kind == "file":
        return {name: ("file", filename) for name, filename in FILENAMES.items()}
    if kind == "bool":
        return {"script": TEXT["script"], "nul": "\x00"}
    raise AssertionError(kind)


def kind_of(form_field: forms.Field) -> str | None:
    if isinstance(form_field, forms.FileField):
        return "file"
    if isinstance(form_field, forms.BooleanField):
        return "bool"
    if isinstance(form_field, forms.DateField):
        return "date"
    if isinstance(form_field, forms.TimeField):
        return "time"
    if isinstance(form_field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return "number"
    if isinstance(form_field, (forms.ChoiceField, forms.ModelChoiceField)):
        return "choice"
    if isinstance(form_field, forms.CharField):  # MoneyField and HoursField are CharFields that parse numbers
        return "number" if type(form_field).__name__ in ("MoneyField", "HoursField") else "text"
    return "text"


# --- what each route takes ----------------------------------------------------------------------

Data = dict[str, Any]


@dataclass
class Write:
    """One write of the project: who posts, what valid data looks like, and which documents to read after.

    form: the context name of the form whose fields are varied (their kinds are read from the form,
    so a new field is covered without a change here); None for views without one.
    data: the baseline, on top of the form's own initial values: a dict or a function of the world.
    fields: fields to vary besides the form's, name → kind (text, number, choice, date, time, file, bool).
    downloads: documents and exports read after an accepted request: routes as in the authorization
    matrix, or "{loc}…" relative to where the accepted request redirected.
    """

    persona: str = "coordinator"
    form: str | None = "form"
    data: Data | Callable[[Any], Data] = field(default_factory=dict)
    fields: dict[str, str] | Callable[[Any], dict[str, str]] = field(default_factory=dict)
    skip: tuple[str, ...] = ()
    pick: tuple[str, ...] = ()  # choice fields the baseline sets to their first choice
    downloads: tuple[str, ...] = ()
    setup: Callable[[Any], None] | None = None
    url: Callable[[Any], str] | None = None
    method: str = "post"
    baseline_accepted: bool = True  # the baseline itself is accepted (3xx); it is sent last
    marks: tuple[Any, ...] = ()


def xfail(reason: str) -> Any:
    return pytest.mark.xfail(strict=True, reason=reason)


MEETING_DOCS = (
    "{loc}mote.ics",
    "{loc}kallelse.pdf",
    "{loc}dagordning.pdf",
    "{loc}arkiv.zip",
)
FIXTURE_MEETING_DOCS = (
    "<slug:slug>/moten/<int:pk>/mote.ics",
    "<slug:slug>/moten/<int:pk>/kallelse.pdf",
    "<slug:slug>/moten/<int:pk>/dagordning.pdf",
    "<slug:slug>/moten/<int:pk>/arkiv.zip",
)
CONTACT_DOCS = (
    "<slug:slug>/kontaktlista/export.csv",
    "<slug:slug>/kontaktlista/export.xlsx",
    "<slug:slug>/kontaktlista/export.vcf",
)
PLAN_DOCS = ("{loc}dokument.pdf", "{loc}dokument.docx")
MINUTES_DOCS = (
    "<slug:slug>/protokoll/<int:pk>/protokoll.pdf",
    "<slug:slug>/protokoll/<int:pk>/protokoll.docx",
    "<slug:slug>/moten/<int:pk>/arkiv.zip",
)
FINANCE_DOCS = (
    "<slug:slug>/ekonomi/lagesrapport.xlsx",
    "<slug:slug>/ekonomi/lagesrapport.pdf",
    "<slug:slug>/ekonomi/<int:year>/medfinansiering.xlsx",
    "<slug:slug>/ekonomi/<int:year>/fakturaunderlag/<str:party>.pdf",
)
ACTIVITY_DOCS = ("<slug:slug>/kalendarium/<int:year>.ics", "<slug:slug>/kalendarium/<int:year>.xlsx")


def _year_docs(year: int) -> tuple[str, ...]:
    return tuple(f"/{{slug}}/kalendarium/{year}.{fmt}" for fmt in ("ics", "xlsx", "csv"))


# --- objects the writes work on -----------------------------------------------------------------

NEXT_YEAR = timezone.localdate().year + 1
SOON = datetime.date(NEXT_YEAR, 3, 10).isoformat()  # a Tuesday in March, no holiday


def held_meeting(world: Any) -> Any:
    """A collaboration-group meeting held yesterday, with draft minutes and one §."""
    from samverkan.meetings import minutes as minutes_service
    from samverkan.meetings.models import Meeting, MeetingStatus, MinuteItem, Minutes

    existing = Minutes.objects.filter(meeting__group=world.sg, meeting__place="Corpus").first()
    if existing:
        return existing.meeting
    start = timezone.now() - datetime.timedelta(days=1)
    meeting = Meeting.objects.create(
        group=world.sg,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        status=MeetingStatus.HELD,
        place="Corpus",
    )
    minutes = minutes_service.start_minutes(meeting=meeting, actor=None)
    minutes_service.add_minute_item(minutes=minutes, title="Budget", actor=None, decision="Godkänns.")
    assert MinuteItem.objects.filter(minutes=minutes).exists()
    return meeting


def _held_url(suffix: str) -> Callable[[Any], str]:
    def url(world: Any) -> str:
        meeting = held_meeting(world)
        text = f"/{world.collaboration.slug}/moten/{meeting.pk}/{suffix}"
        if "{item}" in text:
            text = text.replace("{item}", str(meeting.minutes.items.first().pk))
        return text

    return url


def _held_downloads(world: Any) -> list[str]:
    meeting = held_meeting(world)
    base = f"/{world.collaboration.slug}"
    return [
        f"{base}/protokoll/{meeting.pk}/protokoll.pdf",
        f"{base}/protokoll/{meeting.pk}/protokoll.docx",
        f"{base}/moten/{meeting.pk}/arkiv.zip",
        f"{base}/moten/{meeting.pk}/kallelse.pdf",
    ]


def poll_with_options(world: Any) -> Any:
    from samverkan.meetings import polls
    from samverkan.meetings.models import DatePoll

    poll = DatePoll.objects.filter(group=world.sg, title="Corpus").first()
    if poll is None:
        tz = timezone.get_current_timezone()
        start = datetime.datetime(NEXT_YEAR, 3, 10, 9, 0, tzinfo=tz)
        options = [(start, start + datetime.timedelta(hours=3)), (start + datetime.timedelta(days=1),) * 2]
        options[1] = (options[1][0], options[1][0] + datetime.timedelta(hours=3))
        poll = polls.create_poll(group=world.sg, title="Corpus", options=options, actor=None)
    return poll


def poll_token(world: Any) -> str:
    from samverkan.meetings import polls
    from samverkan.meetings.models import PollInvitation

    poll = poll_with_options(world)
    person = world.people["umea"]
    invitation, _ = PollInvitation.objects.get_or_create(poll=poll, person=person, defaults={"name": str(person)})
    return polls.token_for(invitation)


def confirmation_token(world: Any) -> str:
    from samverkan.organisations import confirmations
    from samverkan.organisations.models import ConfirmationBatch, ConfirmationRequest

    batch = ConfirmationBatch.objects.create(collaboration=world.collaboration, description="corpus")
    request = ConfirmationRequest.objects.create(
        batch=batch, person=world.people["umea"], expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    return confirmations.token_for(request)


def registration_token(world: Any) -> str:
    """The personal link of a registration for the matrix's public event."""
    from samverkan.events import services as events
    from samverkan.events.models import Registration

    concrete("<slug:slug>/evenemang/<int:pk>/", world)  # makes the matrix event
    event = _event_of(world)
    existing = Registration.objects.filter(event=event, email="korpus@example.se").first()
    if existing is None:
        existing = events.register(event, name="Korpus Test", email="korpus@example.se", category="citizen")
    return existing.token


def _event_of(world: Any) -> Any:
    from samverkan.events.models import Event

    return Event.objects.filter(collaboration=world.collaboration).first()


def approval_token(world: Any) -> str:
    from samverkan.meetings import minutes as minutes_service
    from samverkan.meetings.models import ApprovalLink, Signatory

    meeting = held_meeting(world)
    signatory = Signatory.objects.create(
        minutes=meeting.minutes, person=world.people["umea"], name="Umeå", role=Signatory.Role.ADJUSTER
    )
    link = ApprovalLink.objects.create(
        signatory=signatory, nonce="corpus-nonce", expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    return minutes_service.token_for(link)


def unsubscribe_token(world: Any) -> str:
    from samverkan.accounts.models import User
    from samverkan.desk.services import unsubscribe_token as token_for

    return token_for(User.objects.get(username="samordnare"))


EVALUATION_BASELINE = {"overall": "4", "usefulness": "5"}


def evaluation_token(world: Any) -> str:
    """The evaluation link of a registrant of an event held yesterday, with a question of each kind."""
    from samverkan.events import evaluation
    from samverkan.events.models import Event, EventSession, Question, Registration
    from samverkan.plans.models import Activity

    event = Event.objects.filter(collaboration=world.collaboration, title="Corpus-seminariet").first()
    if event is None:
        concrete("<slug:slug>/aktiviteter/<int:pk>/", world)  # makes the matrix activity
        activity = Activity.objects.filter(collaboration=world.collaboration).order_by("pk").first()
        event = Event.objects.create(
            collaboration=world.collaboration, activity=activity, title="Corpus-seminariet", status="published"
        )
        start = timezone.now() - datetime.timedelta(days=1)
        EventSession.objects.create(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
        for kind, choices in (("text", []), ("choice", ["Bra", "Dålig"]), ("yes_no", [])):
            Question.objects.create(event=event, text=f"Fråga {kind}", kind=kind, choices=choices, purpose="evaluation")
        Registration.objects.create(
            event=event, name="Anna Ek", email="anna@example.se", category="citizen", status="confirmed"
        )
    return evaluation.token_for(event.registrations.get())


def api_token_pk(world: Any) -> int:
    from samverkan.accounts.models import ApiToken, User
    from samverkan.accounts.services import create_api_token

    user = User.objects.get(username="samordnare")
    token = ApiToken.objects.filter(user=user).first()
    return (token or create_api_token(user=user, name="corpus", actor=user)[0]).pk


def _with_fees(world: Any) -> None:
    from samverkan.plans.models import Activity

    concrete("<slug:slug>/aktiviteter/<int:pk>/", world)  # makes the matrix activity
    Activity.objects.filter(collaboration=world.collaboration).update(fee_member_ore=50_000, fee_other_ore=80_000)


def _ledger_entry(world: Any) -> int:
    from samverkan.finance.models import LedgerEntry

    entry = LedgerEntry.objects.create(
        collaboration=world.collaboration, day=datetime.date(2026, 3, 1), amount_ore=100, line_key="cost:samordnare"
    )
    return entry.pk


def _mapping(world: Any) -> int:
    from samverkan.finance.models import AccountMapping

    return AccountMapping.objects.create(collaboration=world.collaboration, account="5410", line_key="cost:oh.lokal").pk


def _time_entry(world: Any) -> int:
    from samverkan.finance.models import TimeEntry

    return TimeEntry.objects.create(
        collaboration=world.collaboration,
        person=world.people["coordinator"],
        kind="assignment",
        day=datetime.date(2026, 3, 1),
        minutes=60,
    ).pk


def _invoice(world: Any) -> int:
    from samverkan.finance.models import Invoice

    party = world.collaboration.parties.get(key="umea")
    return Invoice.objects.create(
        collaboration=world.collaboration, year=2026, party=party, amount_ore=100, invoiced_on=datetime.date(2026, 3, 1)
    ).pk


EVENT_DOCS = (
    "<slug:slug>/evenemang/<int:pk>/hantera/",
    "<slug:slug>/evenemang/<int:pk>/",
    "<slug:slug>/evenemang/<int:pk>/anmalningar/",
    "<slug:slug>/evenemang/<int:pk>/deltagarlista.pdf",
    "<slug:slug>/evenemang/<int:pk>/namnbrickor.pdf",
    "<slug:slug>/evenemang/<int:pk>/fakturaunderlag.<str:fmt>",
)


def _attended(world: Any) -> None:
    """Someone marked as attending the matrix's event, so its activity's follow-up can be filled."""
    from samverkan.events.models import Registration

    event = _event(world)
    Registration.objects.get_or_create(
        event=event,
        email="deltog@example.se",
        defaults={"name": "Deltog", "category": "municipality", "status": "confirmed", "attended": True},
    )


def _slug(world: Any, path: str) -> str:
    return f"/{world.collaboration.slug}/{path}"


def _matrix_url(route: str) -> Callable[[Any], str]:
    return lambda world: concrete(route, world)


# --- every write ----------------------------------------------------------------------------------

WRITES: dict[str, Write] = {
    "i18n/setlang/": Write(
        form=None, data={"language": "en", "next": "/"}, fields={"language": "text", "next": "text"}
    ),
    "konto/api-nycklar/": Write(data={"name": "Rapportverktyg"}),
    "konto/api-nycklar/<int:pk>/aterkalla/": Write(
        form=None, url=lambda w: f"/konto/api-nycklar/{api_token_pk(w)}/aterkalla/", fields={"x": "text"}
    ),
    "konto/kalender/": Write(form=None, fields={"x": "text"}),
    "att-gora/": Write(form=None, data={"weekly_todo_mail": "on"}, fields={"weekly_todo_mail": "text"}),
    "att-gora/avsluta/<str:token>/": Write(
        persona="anonymous", form=None, url=lambda w: f"/att-gora/avsluta/{unsubscribe_token(w)}/", fields={"x": "text"}
    ),
    "bekrafta/<str:token>/": Write(
        persona="anonymous", url=lambda w: f"/bekrafta/{confirmation_token(w)}/", baseline_accepted=False
    ),
    "datum/<str:token>/": Write(
        persona="anonymous",
        form=None,
        url=lambda w: f"/datum/{poll_token(w)}/",
        data=lambda w: {f"tid-{o.pk}": "yes" for o in poll_with_options(w).options.all()},
        fields=lambda w: {f"tid-{poll_with_options(w).options.first().pk}": "text"},
        baseline_accepted=False,
    ),
    "justera/<str:token>/": Write(
        persona="anonymous",
        form=None,
        url=lambda w: f"/justera/{approval_token(w)}/",
        fields={"version": "text"},
        baseline_accepted=False,
    ),
    # a public event's registration form: anyone, without an account
    "<slug:slug>/evenemang/<int:pk>/": Write(
        persona="anonymous", data={"name": "Karin Berg", "email": "karin.berg@example.se", "category": "citizen"}
    ),
    "anmalan/<str:token>/": Write(
        persona="anonymous",
        url=lambda w: f"/anmalan/{registration_token(w)}/?andra=1",
        data={"name": "Korpus Test", "category": "business"},
    ),
    "anmalan/<str:token>/avboka/": Write(
        persona="anonymous", form=None, url=lambda w: f"/anmalan/{registration_token(w)}/avboka/", fields={"x": "text"}
    ),
    "<slug:slug>/evenemang/<int:pk>/rackvidd/fyll-i-uppfoljningen/": Write(
        form=None,
        fields={"x": "text"},
        setup=lambda w: _attended(w),
        downloads=("{loc}", "<slug:slug>/evenemang/rackvidd/<int:year>/export.<str:fmt>"),
    ),
    # a registrant deletes their own data by the personal link: one button, nothing else is read
    "anmalan/<str:token>/ta-bort/": Write(
        persona="anonymous",
        form=None,
        url=lambda w: f"/anmalan/{registration_token(w)}/ta-bort/",
        fields={"x": "text"},
        downloads=("anmalan/<str:token>/uppgifter.json",),
    ),
    "<slug:slug>/huvudman/": Write(data=lambda w: {"organisation": w.org("umea").pk, "started_on": SOON}),
    "<slug:slug>/moten/nytt/": Write(
        data=lambda w: {"group": w.sg.pk, "title": "Extramöte", "day": SOON, "start": "09:00", "end": "12:00"},
        downloads=MEETING_DOCS,
    ),
    "<slug:slug>/moten/datumforfragan/ny/": Write(
        data=lambda w: {
            "group": w.sg.pk,
            "title": "Våren",
            **{f"day_{i}": datetime.date(NEXT_YEAR, 3, 9 + i).isoformat() for i in (1, 2)},
            **{f"start_{i}": "09:00" for i in (1, 2)},
            **{f"end_{i}": "12:00" for i in (1, 2)},
        },
    ),
    "<slug:slug>/moten/datumforfragan/<int:pk>/": Write(
        form=None,
        url=lambda w: _slug(w, f"moten/datumforfragan/{poll_with_options(w).pk}/"),
        data=lambda w: {"action": "valj", "tid": poll_with_options(w).options.first().pk, "plats": "Umeå"},
        fields={"action": "text", "tid": "choice", "plats": "text", "helgdag": "text"},
        downloads=MEETING_DOCS,
    ),
    "<slug:slug>/moten/<int:pk>/andra/": Write(downloads=FIXTURE_MEETING_DOCS),
    "<slug:slug>/moten/<int:pk>/stall-in/": Write(form=None, fields={"x": "text"}, downloads=FIXTURE_MEETING_DOCS),
    # the fixture meeting has no agenda yet, so the notice is refused; the corpus still may not break it
    "<slug:slug>/moten/<int:pk>/kalla/": Write(
        form=None, fields={"x": "text"}, downloads=FIXTURE_MEETING_DOCS, baseline_accepted=False
    ),
    "<slug:slug>/moten/<int:pk>/protokoll/": Write(
        form=None,
        url=_held_url("protokoll/"),
        data={"action": "narvaro", "adjungerade": "Gäst Gästsson"},
        fields={"action": "text", "adjungerade": "text", "justerare": "choice", "paragraf": "choice"},
    ),
    "<slug:slug>/moten/<int:pk>/protokoll/ny-paragraf/": Write(
        url=_held_url("protokoll/ny-paragraf/"), data={"title": "Övrigt", "text": "Text"}
    ),
    "<slug:slug>/moten/<int:pk>/protokoll/paragraf/<int:item_pk>/": Write(url=_held_url("protokoll/paragraf/{item}/")),
    "<slug:slug>/moten/<int:pk>/protokoll/justera/": Write(
        persona="member",
        form=None,
        url=_held_url("protokoll/justera/"),
        fields={"version": "text"},
        baseline_accepted=False,
    ),
    "<slug:slug>/moten/<int:pk>/dagordning/ny/": Write(data={"title": "Ny punkt"}, downloads=FIXTURE_MEETING_DOCS),
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/andra/": Write(downloads=FIXTURE_MEETING_DOCS),
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/ny-handling/": Write(
        data={"title": "Underlag", "file": ("file", "underlag.txt")}, downloads=FIXTURE_MEETING_DOCS
    ),
    "<slug:slug>/moten/<int:pk>/handling/<int:doc_pk>/ta-bort/": Write(form=None, fields={"x": "text"}),
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/atgard/": Write(
        form=None, data={"action": "upp"}, fields={"action": "text"}
    ),
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/ta-bort/": Write(form=None, fields={"x": "text"}),
    "<slug:slug>/planer/ny/": Write(
        form=None,
        data={"doc_type": "operations_plan", "year": str(NEXT_YEAR + 1)},
        fields={"doc_type": "text", "year": "number"},
        downloads=PLAN_DOCS,
    ),
    "<slug:slug>/planer/<int:pk>/andra/": Write(
        data={"section_0": "Text"},
        pick=("areas",),
        downloads=PLAN_DOCS,
    ),
    "<slug:slug>/planer/<int:pk>/atgard/": Write(
        form=None,
        data={"action": "new_version"},
        fields={"action": "text", "comment": "text", "meeting": "choice"},
        baseline_accepted=False,
    ),
    "<slug:slug>/aktiviteter/ny/": Write(
        data={"title": "Kurs i tillsyn", "kind": "training"}, pick=("area",), downloads=ACTIVITY_DOCS
    ),
    "<slug:slug>/aktiviteter/<int:pk>/andra/": Write(downloads=ACTIVITY_DOCS),
    "<slug:slug>/aktiviteter/<int:pk>/uppfoljning/": Write(downloads=ACTIVITY_DOCS),
    "<slug:slug>/uppdrag/nytt/": Write(data={"title": "Checklista 2", "owner_kind": "coordinator", "due_on": SOON}),
    "<slug:slug>/uppdrag/<int:pk>/": Write(data={"text": "Halvvägs", "percent_done": "50"}),
    "<slug:slug>/uppdrag/<int:pk>/andra/": Write(),
    "<slug:slug>/arshjul/": Write(baseline_accepted=False),
    "<slug:slug>/planer/<int:pk>/budget/": Write(
        data={"amount:cost:samordnare": "100", "method": "equal"}, downloads=FINANCE_DOCS
    ),
    "<slug:slug>/aktiviteter/<int:pk>/avgifter/": Write(
        setup=lambda w: _with_fees(w), data={"members": "3", "others": "1"}, downloads=FINANCE_DOCS
    ),
    "<slug:slug>/ekonomi/utfall/": Write(
        data={"day": "2026-03-01", "line_key": "cost:samordnare", "amount": "100"}, downloads=FINANCE_DOCS
    ),
    "<slug:slug>/ekonomi/utfall/<int:pk>/ta-bort/": Write(
        form=None, url=lambda w: _slug(w, f"ekonomi/utfall/{_ledger_entry(w)}/ta-bort/"), fields={"x": "text"}
    ),
    "<slug:slug>/ekonomi/utfall/import/": Write(
        data={"year": "2026", "file": ("file", "huvudbok.csv")}, baseline_accepted=False
    ),
    "<slug:slug>/ekonomi/utfall/import/<int:pk>/": Write(
        form=None, data={"action": "avbryt"}, fields={"action": "text"}
    ),
    "<slug:slug>/ekonomi/konton/": Write(data={"account": "5410", "line_key": "cost:oh.lokal"}),
    "<slug:slug>/ekonomi/konton/<int:pk>/ta-bort/": Write(
        form=None, url=lambda w: _slug(w, f"ekonomi/konton/{_mapping(w)}/ta-bort/"), fields={"x": "text"}
    ),
    "<slug:slug>/ekonomi/lagesrapport/": Write(
        data={"line_key": "cost:samordnare", "amount": "100", "comment": "Prognos"}, downloads=FINANCE_DOCS
    ),
    "<slug:slug>/ekonomi/fakturor/": Write(
        form="extra_form",
        data=lambda w: {"action": "extra", "party": w.collaboration.parties.get(key="umea").pk, "amount": "100"},
        fields={"action": "text"},
        downloads=FINANCE_DOCS,
    ),
    "<slug:slug>/ekonomi/fakturor/<int:pk>/betald/": Write(
        form=None,
        url=lambda w: _slug(w, f"ekonomi/fakturor/{_invoice(w)}/betald/"),
        data={"paid_on": "2026-03-15"},
        fields={"paid_on": "date"},
        downloads=FINANCE_DOCS,
    ),
    "<slug:slug>/ekonomi/tid/": Write(data={"day": "2026-03-01", "hours": "1,5"}),
    "<slug:slug>/ekonomi/tid/<int:pk>/ta-bort/": Write(
        form=None, url=lambda w: _slug(w, f"ekonomi/tid/{_time_entry(w)}/ta-bort/"), fields={"x": "text"}
    ),
    "<slug:slug>/organisationer/<int:pk>/andra/": Write(
        persona="admin", downloads=("<slug:slug>/organisationer/<int:pk>/", *CONTACT_DOCS, *FINANCE_DOCS)
    ),
    "<slug:slug>/grupper/ny-arbetsgrupp/": Write(
        setup=lambda w: _matrix_url("<slug:slug>/protokoll/")(w),
        data=lambda w: {"name": "Dagvatten", "purpose": "Syfte", "mandate": "Uppdrag", "started_on": SOON},
        downloads=CONTACT_DOCS,
    ),
    "<slug:slug>/grupper/<int:pk>/andra/": Write(downloads=CONTACT_DOCS),
    "<slug:slug>/grupper/<int:pk>/ny-medlem/": Write(
        data=lambda w: {"person": w.people["officer"].pk, "role": "member", "started_on": "2026-01-01"},
        downloads=CONTACT_DOCS,
    ),
    "<slug:slug>/medlemskap/<int:pk>/avsluta/": Write(downloads=CONTACT_DOCS),
    "<slug:slug>/kontaktlista/import/": Write(data={"file": ("file", "kontakter.csv")}, baseline_accepted=False),
    "<slug:slug>/kontaktlista/import/<int:pk>/": Write(form=None, data={"action": "avbryt"}, fields={"action": "text"}),
    "<slug:slug>/kontaktlista/bekraftelser/": Write(data=lambda w: {"scope": "person", "person": w.people["umea"].pk}),
    "<slug:slug>/personer/<int:pk>/ta-bort/": Write(
        form=None, data={"bekrafta": "ja"}, fields={"bekrafta": "text"}, downloads=CONTACT_DOCS
    ),
    "<slug:slug>/personer/ny/": Write(
        data=lambda w: {"first_name": "Ny", "last_name": "Person", "organisation": w.org("umea").pk},
        downloads=("{loc}vcard/", *CONTACT_DOCS),
    ),
    "<slug:slug>/personer/<int:pk>/andra/": Write(
        downloads=(
            "<slug:slug>/personer/<int:pk>/vcard/",
            "<slug:slug>/personer/<int:pk>/uppgifter.json",
            *CONTACT_DOCS,
        ),
    ),
    # the organiser's pages of events (events/organiser_views.py)
    "<slug:slug>/evenemang/nytt/": Write(
        setup=lambda w: _matrix_url("<slug:slug>/aktiviteter/<int:pk>/")(w),  # an activity to choose
        data={"title": "Kurs i tillsyn", "for_municipalities": "on"},
        downloads=("{loc}", *EVENT_DOCS),
    ),
    "<slug:slug>/evenemang/<int:pk>/andra/": Write(downloads=EVENT_DOCS),
    # the matrix event is published already: the workflow refuses it again
    "<slug:slug>/evenemang/<int:pk>/publicera/": Write(form=None, fields={"x": "text"}, baseline_accepted=False),
    "<slug:slug>/evenemang/<int:pk>/stall-in/": Write(form=None, fields={"x": "text"}, downloads=EVENT_DOCS),
    "<slug:slug>/evenemang/<int:pk>/tillfallen/nytt/": Write(data={"day": SOON}, downloads=EVENT_DOCS),
    "<slug:slug>/evenemang/<int:pk>/tillfallen/<int:session_pk>/": Write(downloads=EVENT_DOCS),
    # its only session: a published event keeps one
    "<slug:slug>/evenemang/<int:pk>/tillfallen/<int:session_pk>/ta-bort/": Write(
        form=None, fields={"x": "text"}, baseline_accepted=False
    ),
    "<slug:slug>/evenemang/<int:pk>/fragor/ny/": Write(data={"text": "Allergier"}, downloads=EVENT_DOCS),
    "<slug:slug>/evenemang/<int:pk>/fragor/<int:question_pk>/ta-bort/": Write(form=None, fields={"x": "text"}),
    "<slug:slug>/evenemang/<int:pk>/handlingar/ny/": Write(
        data={"title": "Program", "file": ("file", "program.txt")},
        downloads=("<slug:slug>/evenemang/<int:pk>/handling/<int:doc_pk>/", *EVENT_DOCS),
    ),
    "<slug:slug>/evenemang/<int:pk>/handlingar/<int:doc_pk>/ta-bort/": Write(form=None, fields={"x": "text"}),
    "<slug:slug>/evenemang/<int:pk>/anmalningar/<int:registration_pk>/": Write(
        form=None, data={"action": "avboka"}, fields={"action": "text"}, downloads=EVENT_DOCS
    ),
    "<slug:slug>/evenemang/<int:pk>/narvaro/": Write(
        form=None,
        data=lambda w: {"registration": _event_registration(w).pk, "attended": "kom"},
        fields={"registration": "choice", "attended": "text"},
        downloads=("<slug:slug>/evenemang/<int:pk>/narvaro/", *EVENT_DOCS),
    ),
    "<slug:slug>/evenemang/<int:pk>/fakturaunderlag/bokfor/": Write(
        setup=lambda w: (_with_fees(w), _event_registration(w)),  # a fee, and someone who pays it
        form=None,
        fields={"x": "text"},
        downloads=(*EVENT_DOCS, *FINANCE_DOCS),
    ),
    # the anonymous evaluation after an event, by its link (anyone who holds it)
    "utvardering/<str:token>/": Write(
        persona="anonymous", url=lambda w: f"/utvardering/{evaluation_token(w)}/", data=EVALUATION_BASELINE
    ),
    # forms sent with GET: search and filters
    "<slug:slug>/kontaktlista/": Write(method="get", downloads=CONTACT_DOCS),
    "<slug:slug>/beslut/": Write(method="get"),
    "<slug:slug>/ekonomi/<int:year>/medfinansiering/": Write(
        method="get", form="compare_form", baseline_accepted=False
    ),
}


# Routes whose views write nothing and take no form: a new route must be added here or to WRITES.
READ_ONLY = {
    "<slug:slug>/evenemang/<int:pk>/utvardering/",
    "<slug:slug>/evenemang/<int:pk>/intyg.pdf",
    "<slug:slug>/evenemang/<int:pk>/intyg/<int:registration_pk>.pdf",
    "anmalan/<str:token>/intyg.pdf",
    "",
    "<slug:slug>/evenemang/",
    "<slug:slug>/evenemang/<int:pk>/evenemang.ics",
    "<slug:slug>/evenemang/<int:pk>/handling/<int:doc_pk>/",
    "anmalan/<str:token>/evenemang.ics",
    "<slug:slug>/",
    "<slug:slug>/aktiviteter/",
    "<slug:slug>/aktiviteter/<int:pk>/",
    "<slug:slug>/avtalsuppfoljning/",
    "<slug:slug>/ekonomi/",
    "<slug:slug>/ekonomi/<int:year>/fakturaunderlag/<str:party>.<str:fmt>",
    "<slug:slug>/ekonomi/<int:year>/fakturaunderlag/<str:party>/",
    "<slug:slug>/ekonomi/<int:year>/medfinansiering.xlsx",
    "<slug:slug>/ekonomi/lagesrapport.<str:fmt>",
    "<slug:slug>/evenemang/hantera/",
    "<slug:slug>/evenemang/<int:pk>/hantera/",
    "<slug:slug>/evenemang/<int:pk>/anmalningar/",
    "<slug:slug>/evenemang/<int:pk>/deltagarlista.pdf",
    "<slug:slug>/evenemang/<int:pk>/namnbrickor.pdf",
    "<slug:slug>/evenemang/<int:pk>/fakturaunderlag/",
    "<slug:slug>/evenemang/<int:pk>/fakturaunderlag.<str:fmt>",
    "<slug:slug>/evenemang/badda-in/",
    "<slug:slug>/evenemang/flode.atom",
    "<slug:slug>/evenemang/inbaddning/",  # ?antal= only: tested in events/tests/test_feed_views.py
    "<slug:slug>/evenemang/kalender.ics",
    "<slug:slug>/evenemang/<int:pk>/rackvidd/",
    "<slug:slug>/evenemang/rackvidd/<int:year>/",
    "<slug:slug>/evenemang/rackvidd/<int:year>/export.<str:fmt>",
    "<slug:slug>/grupper/",
    "<slug:slug>/grupper/<int:pk>/",
    "<slug:slug>/kalendarium/",
    "<slug:slug>/kalendarium/<int:year>.<str:fmt>",
    "<slug:slug>/kontaktlista/bekraftelser/<int:pk>/",
    "<slug:slug>/kontaktlista/export.<str:fmt>",
    "<slug:slug>/moten/",
    "<slug:slug>/moten/<int:pk>/",
    "<slug:slug>/moten/<int:pk>/arkiv.zip",
    "<slug:slug>/moten/<int:pk>/dagordning.pdf",
    "<slug:slug>/moten/<int:pk>/handling/<int:doc_pk>/",
    "<slug:slug>/moten/<int:pk>/kallelse.pdf",
    "<slug:slug>/moten/<int:pk>/mote.ics",
    "<slug:slug>/organisationer/",
    "<slug:slug>/organisationer/<int:pk>/",
    "<slug:slug>/personer/",
    "<slug:slug>/personer/<int:pk>/",
    "<slug:slug>/personer/<int:pk>/uppgifter.json",
    "<slug:slug>/personer/<int:pk>/vcard/",
    "<slug:slug>/planer/",
    "<slug:slug>/planer/<int:pk>/",
    "<slug:slug>/planer/<int:pk>/dokument.<str:fmt>",
    "<slug:slug>/planer/<int:pk>/historik/",
    "<slug:slug>/protokoll/",
    "<slug:slug>/protokoll/<int:pk>/",
    "<slug:slug>/protokoll/<int:pk>/protokoll.<str:fmt>",
    "<slug:slug>/statistik/kon/",
    "<slug:slug>/uppdrag/",
    "<slug:slug>/uppfoljning/",
    "anmalan/<str:token>/uppgifter.json",
    "healthz",
    "integritet/",
    "kalender/<str:token>.ics",
    "konto/mina-uppgifter.json",
    "tillganglighet/",
}
# the API's operations other than GET, "METHOD path" → Write. They take JSON, not a form: the
# corpus is sent through them field by field in samverkan/events/tests/test_api.py
# (test_hostile_payloads_are_refused_or_harmless), which reads it from here.
API_WRITES: dict[str, Write] = {
    "POST /collaborations/{slug}/events/{event_id}/registrations": Write(
        persona="anonymous",
        form=None,
        fields={
            "name": "text",
            "email": "text",
            "organisation_text": "text",
            "category": "choice",
            "gender": "choice",
            "organisation_id": "number",
            "consent": "bool",
        },
    ),
    "POST /registrations/{token}/cancel": Write(persona="anonymous", form=None),
}


def test_every_post_route_has_a_corpus_entry():
    routes = {r for r in project_routes() if not r.startswith("api/")}
    assert sorted(routes - set(WRITES) - READ_ONLY) == [], (
        "add these routes to WRITES (or READ_ONLY if they take no input)"
    )
    assert sorted((set(WRITES) | READ_ONLY) - routes) == [], "these entries name routes that no longer exist"
    assert set(WRITES) & READ_ONLY == set()


def test_every_api_write_has_a_corpus_entry():
    from samverkan.api.api import api

    operations = set()
    routers = [("", api.default_router), *api._routers]
    for router_prefix, router in routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    operations.add(f"{method} {router_prefix}{path}")
    assert operations, "no API operations found"
    writes = {op for op in operations if not op.startswith(("GET ", "HEAD ", "OPTIONS "))}
    assert sorted(writes - set(API_WRITES)) == [], "add these API writes to API_WRITES"


# --- the test -------------------------------------------------------------------------------------

SKIPPED_TABLES = {"django_session"}


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy or not meta.managed or meta.db_table in SKIPPED_TABLES:
                continue
            table = connection.ops.quote_name(meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            tables[meta.db_table] = cursor.fetchall()
    return tables


def difference(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> list[str]:
    return [table for table in before if before[table] != after[table]]


def forms_in(response: Any) -> dict[str, forms.BaseForm]:
    found: dict[str, forms.BaseForm] = {}
    contexts = response.context
    if contexts is None:
        return found
    for context in contexts if isinstance(contexts, list) else [contexts]:
        for layer in context.dicts:
            for name, value in layer.items():
                if isinstance(value, forms.BaseForm) and name not in found:
                    found[name] = value
    return found


def refused(response: Any) -> bool:
    """A 4xx, a form shown again with errors, or a page or message that says why not."""
    if response.status_code >= 400:
        return True
    storage = getattr(response.wsgi_request, "_messages", None)
    if any(m.level >= message_levels.WARNING for m in getattr(storage, "_queued_messages", [])):
        return True
    if response.status_code == 200 and response.context is not None:
        if any(f.is_bound and f.errors for f in forms_in(response).values()):
            return True
        if response.context.get("error") or response.context.get("message"):
            return True
    return False


def baseline_of(form: forms.BaseForm) -> tuple[Data, dict[str, str]]:
    """The form's own initial values as POST data, and the kind of each field."""
    data: Data = {}
    kinds: dict[str, str] = {}
    for bound in form:
        kind = kind_of(bound.field)
        assert kind is not None
        kinds[bound.html_name] = kind
        value = bound.value()
        if kind == "bool":
            if value:
                data[bound.html_name] = "on"
            continue
        if kind == "file":
            continue
        if isinstance(bound.field, forms.MultipleChoiceField):
            data[bound.html_name] = [str(v) for v in (value or [])]
            continue
        prepared = bound.field.prepare_value(value)
        shown = bound.field.widget.format_value(prepared)
        if isinstance(shown, list):
            shown = shown[0] if shown else ""
        if shown in (None, "") and kind == "choice" and bound.field.required:
            shown = next((str(c) for c, _ in bound.field.choices if c not in ("", None)), "")
        data[bound.html_name] = "" if shown is None else str(shown)
    return data, kinds


def upload(value: Any) -> Any:
    if isinstance(value, tuple) and value and value[0] == "file":
        name = value[1]
        body = b'Namn;Belopp\n=HYPERLINK("http://example.com");1\n'
        return SimpleUploadedFile(name, body, content_type="text/plain")
    return value


def _resolve(world: Any, value: Any) -> Any:
    return value(world) if callable(value) else value


def _download_urls(write: Write, world: Any, location: str) -> list[str]:
    urls = []
    for spec in write.downloads:
        if spec.startswith("{loc}"):
            if not location.startswith("/"):
                continue
            base = location.split("#")[0].split("?")[0]
            urls.append(base + spec.removeprefix("{loc}"))
        elif spec.startswith("/"):
            urls.append(spec.replace("{slug}", world.collaboration.slug))
        else:
            urls.append(concrete(spec, world))
    return urls


def _writes() -> list[Any]:
    return [pytest.param(route, marks=WRITES[route].marks, id=route) for route in sorted(WRITES)]


@pytest.fixture(scope="module")
def corpus_world(django_db_setup, django_db_blocker):
    """The staffed collaboration and its personas, built once for the module in a transaction that is
    rolled back at the end; each test runs in a savepoint inside it (pytest-django's own)."""
    from django.utils import translation

    import conftest

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), translation.override("sv"), fast, transaction.atomic():
        world = conftest.world._get_wrapped_function()(None)
        personas = conftest.personas._get_wrapped_function()(world, SimpleNamespace())
        yield world, personas
        transaction.set_rollback(True)


# values after which every document of the write is read (the others are checked for status and state)
DOCUMENT_LABELS = {"cocktail", "crlf", "quote", "traversal", "escape"}


@pytest.mark.parametrize("route", _writes())
def test_hostile_input_is_refused_or_harmless(route, corpus_world, db, client, settings, mailoutbox):
    world, personas = corpus_world
    settings.DEMO_MODE = True
    write = WRITES[route]
    if write.setup:
        write.setup(world)
    client.raise_request_exception = False
    user = personas[write.persona]
    if user is not None:
        client.force_login(user)
    url = write.url(world) if write.url else concrete(route, world)
    baseline: Data = {}
    kinds: dict[str, str] = {}
    if write.form:
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        found = forms_in(page)
        assert write.form in found, f"{url}: no form {write.form!r} among {sorted(found)}"
        baseline, kinds = baseline_of(found[write.form])
        for name in write.pick:
            choices = [str(c) for c, _ in found[write.form].fields[name].choices if c not in ("", None)]
            multiple = isinstance(found[write.form].fields[name], forms.MultipleChoiceField)
            baseline[name] = choices[:1] if multiple else choices[0]
    baseline |= _resolve(world, write.data)
    kinds |= _resolve(world, write.fields)
    for name in write.skip:
        kinds.pop(name, None)

    failures: list[str] = []
    before = snapshot()
    send = client.get if write.method == "get" else client.post

    def attempt(payload: Data, label: str, kind: str) -> Any:
        """One request in a savepoint that is rolled back afterwards: each value meets the same state."""
        savepoint = transaction.savepoint_create()
        try:
            response = send(url, {k: upload(v) for k, v in payload.items()})
            if response.status_code >= 500:
                error = getattr(response, "exc_info", None)
                failures.append(f"{label}: {response.status_code} {error[1]!r}" if error else f"{label}: 500")
            elif refused(response) or write.method == "get":
                changed = difference(before, snapshot())
                if changed:
                    failures.append(f"{label}: refused ({response.status_code}) but changed {changed}")
            elif kind != "text" or label.split("=")[-1] in DOCUMENT_LABELS:
                for download in _download_urls(write, world, response.get("Location", "")):
                    got = client.get(download)
                    if got.status_code >= 500:
                        error = getattr(got, "exc_info", None)
                        detail = repr(error[1]) if error else ""
                        failures.append(f"{label}: then {download} answered {got.status_code} {detail}")
            return response
        finally:
            transaction.savepoint_rollback(savepoint)

    for name, kind in kinds.items():
        for label, value in corpus_for(kind).items():
            attempt({**baseline, name: value}, f"{name}={label}", kind)
    for label, overrides in _combinations(kinds).items():
        attempt({**baseline, **overrides}, label, "date")
    last = attempt(baseline, "baseline", "baseline")
    if write.baseline_accepted and not failures:
        why = [dict(f.errors) for f in forms_in(last).values() if f.is_bound and f.errors]
        why += [m.message for m in getattr(getattr(last.wsgi_request, "_messages", None), "_queued_messages", [])]
        assert not refused(last) and last.status_code < 400, f"the baseline of {route} is refused: {why}"
    assert not failures, f"{url}\n" + "\n".join(failures)


def _combinations(kinds: dict[str, str]) -> dict[str, Data]:
    """Values that only break things together: a far date with a time near midnight."""
    combos: dict[str, Data] = {}
    dates = [n for n, k in kinds.items() if k == "date"]
    times = [n for n, k in kinds.items() if k == "time"]
    if dates and times:
        combos["year-1 at 00:30"] = {dates[0]: "0001-01-01", times[0]: "00:30"}
        combos["year-9999 at 23:59"] = {dates[0]: "9999-12-31", **{t: "23:59" for t in times}}
    return combos
