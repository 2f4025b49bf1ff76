"""What a reader may see of meetings, agendas, minutes and decisions: the one policy that pages,
PDFs, Word, `.ics`, the ZIP archive and the API all ask.

- Meetings: every meeting of the collaboration is public (title, time, place); the video link only
  for participants (`Meeting.video_link_for`).
- Agenda items, minute items (§§), their decisions and attached documents: a public item is shown
  to everyone, a closed one (not public) only to whoever may `VIEW_CLOSED_ITEMS` (participants).
  A closed item keeps its place and number, with its text withheld (`shows_item`).
- Minutes: approved minutes are public; a draft is for the meeting's organisers (`MANAGE_MEETINGS`
  on its group) and for its signatories, the chair and the adjusters who may sign
  (`minutes.signatory_for`). `minutes_readable` answers it for one set of minutes.
- Decisions: those of approved minutes, closed ones for participants (`Decision.objects.visible_to`).
"""

from __future__ import annotations

from samverkan.accounts.permissions import Access
from samverkan.collaborations.models import Collaboration
from samverkan.meetings import minutes as minutes_service
from samverkan.meetings.models import AgendaDocument, Decision, DecisionQuerySet, Minutes, MinutesStatus
from samverkan.meetings.permissions import MANAGE_MEETINGS, VIEW_CLOSED_ITEMS
from samverkan.organisations.models import Person


def shows_closed_items(access: Access) -> bool:
    """Whether the reader sees what is not public: closed agenda items, §§, decisions, documents."""
    return access.can(VIEW_CLOSED_ITEMS)


def shows_item(public: bool, access: Access) -> bool:
    """Whether an agenda item or § (public or not) is shown with its text to the reader."""
    return public or shows_closed_items(access)


def document_readable(document: AgendaDocument, access: Access) -> bool:
    """An agenda item's attachment follows its item."""
    return shows_item(document.item.public, access)


def minutes_readable(minutes: Minutes | None, access: Access) -> bool:
    """Approved minutes for everyone; a draft for its organisers and for its signatories."""
    if minutes is None:
        return False
    if minutes.status == MinutesStatus.APPROVED:
        return True
    if access.can(MANAGE_MEETINGS, minutes.meeting.group):
        return True
    person = Person.objects.filter(pk=access.person_id).first() if access.person_id is not None else None
    return minutes_service.signatory_for(minutes, person) is not None


def visible_decisions(collaboration: Collaboration, access: Access) -> DecisionQuerySet:
    """The collaboration's decisions the reader may see (the register, the API)."""
    return Decision.objects.filter(item__group__collaboration=collaboration).visible_to(access)
