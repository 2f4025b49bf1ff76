"""What every app contributes to a person's desk (*Att göra*) and to the calendar.

Two registries, filled when the apps load (each app's `AppConfig.ready()`), read by the consumers
on top (the Att göra page, its weekly e-mail, the kalendarium and its `.ics` file). A consumer
never imports a domain app by name, so a new app adds its to-dos and its dated entries by
registering providers, without touching the pages that show them.

- A to-do provider answers "what does this person have to do now in this collaboration":
  `provider(collaboration, access, today)` yields `Todo`s. `access` is the person's access in the
  collaboration (`accounts.permissions.Access`, described here by the `Seat` protocol).
- A calendar provider answers "what is dated in this collaboration's year":
  `provider(collaboration, year)` yields `Entry`s; those marked `public` are also shown to
  visitors who may not read the kalendarium (anonymous ones too), the rest only to its readers.
- A feed provider answers "what goes in this person's own calendar feed from this collaboration":
  `provider(collaboration, access)` yields iCalendar `CalendarEvent`s (`/kalender/<token>.ics`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from django.utils import timezone

from samverkan.collaborations.ical import CalendarEvent

if TYPE_CHECKING:
    from samverkan.accounts.permissions import Action  # the permission mechanism is a layer above
    from samverkan.collaborations.models import Collaboration


class Seat(Protocol):
    """What a to-do provider may ask of the person's access in one collaboration."""

    @property
    def person_id(self) -> int | None: ...

    @property
    def group_ids(self) -> frozenset[int]: ...

    @property
    def is_coordinator(self) -> bool: ...

    @property
    def is_participant(self) -> bool: ...

    def holds(self, group_id: int, *roles: str) -> bool: ...

    def can(self, action: Action, obj: Any = None) -> bool: ...


@dataclass(frozen=True)
class Todo:
    """One thing a person has to do, with the page where it is done."""

    collaboration: Collaboration
    title: str
    link: str  # absolute path of the page where it is done
    deadline: datetime.date | None
    kind: str  # e.g. "minutes_write", "notice_send"; stable, for tests and styling
    source: str  # the app that registered it, e.g. "meetings"

    def overdue(self, today: datetime.date) -> bool:
        return self.deadline is not None and self.deadline < today


TodoProvider = Callable[["Collaboration", Seat, datetime.date], Iterable[Todo]]

EntryKind = Literal["meeting", "activity", "deadline", "event"]


@dataclass(frozen=True)
class Entry:
    """One dated thing in the kalendarium: a meeting with its times, or an all-day entry."""

    uid: str
    kind: EntryKind
    day: datetime.date
    title: str
    url: str
    last_day: datetime.date | None = None  # for activities over several days
    starts_at: datetime.datetime | None = None  # for meetings
    ends_at: datetime.datetime | None = None
    note: str = ""
    # shown to everyone, also to those who may not see the kalendarium (a public seminar); the
    # rest only to its readers (`view_calendar`)
    public: bool = False

    def covers(self, day: datetime.date) -> bool:
        return self.day <= day <= (self.last_day or self.day)

    def shown_on(self, day: datetime.date, month_start: datetime.date) -> bool:
        """Whether the month view lists the entry on `day`: an entry of several days once, on its
        first day in the month, with its span, rather than in every cell it covers."""
        return self.day == day if self.last_day is None else max(self.day, month_start) == day


CalendarProvider = Callable[["Collaboration", int], Iterable[Entry]]
FeedProvider = Callable[["Collaboration", Seat], Iterable[CalendarEvent]]

_todo_providers: list[TodoProvider] = []
_calendar_providers: list[CalendarProvider] = []
_feed_providers: list[FeedProvider] = []


def register_todos(provider: TodoProvider) -> TodoProvider:
    """Add a to-do provider (usable as a decorator); registering the same one twice adds it once."""
    if provider not in _todo_providers:
        _todo_providers.append(provider)
    return provider


def register_calendar(provider: CalendarProvider) -> CalendarProvider:
    """Add a calendar provider (usable as a decorator); registering the same one twice adds it once."""
    if provider not in _calendar_providers:
        _calendar_providers.append(provider)
    return provider


def register_feed(provider: FeedProvider) -> FeedProvider:
    """Add a personal-feed provider (usable as a decorator); registering the same one twice adds it once."""
    if provider not in _feed_providers:
        _feed_providers.append(provider)
    return provider


def todo_providers() -> tuple[TodoProvider, ...]:
    return tuple(_todo_providers)


def calendar_providers() -> tuple[CalendarProvider, ...]:
    return tuple(_calendar_providers)


def urgency(todo: Todo, today: datetime.date) -> tuple[int, datetime.date, str, str]:
    """Most urgent first: overdue (oldest deadline first), then by deadline, then those without."""
    if todo.deadline is None:
        return (2, datetime.date.max, todo.collaboration.name, todo.title)
    return (0 if todo.overdue(today) else 1, todo.deadline, todo.collaboration.name, todo.title)


def todos_for(seats: Iterable[tuple[Collaboration, Seat]], today: datetime.date) -> list[Todo]:
    """Everything the person has to do in the collaborations they sit in, most urgent first."""
    todos = [
        todo
        for collaboration, seat in seats
        for provider in _todo_providers
        for todo in provider(collaboration, seat, today)
    ]
    return sorted(todos, key=lambda todo: urgency(todo, today))


def year_entries(collaboration: Collaboration, year: int) -> list[Entry]:
    """Every app's dated entries in the year, by day (meetings by their start time)."""
    entries = [entry for provider in _calendar_providers for entry in provider(collaboration, year)]
    now = timezone.now()
    return sorted(entries, key=lambda e: (e.day, e.starts_at or now, e.title))


def feed_events(seats: Iterable[tuple[Collaboration, Seat]]) -> list[CalendarEvent]:
    """The person's own calendar feed: every app's events in every collaboration they sit in, by start."""
    events = [
        event
        for collaboration, seat in seats
        for provider in _feed_providers
        for event in provider(collaboration, seat)
    ]
    return sorted(events, key=lambda event: (event.starts_at, event.uid))
