"""One rule decides who sees a meeting's video link (`Meeting.video_link_for`, the action
`view_video_link`): the page, the API, the .ics, the notice and agenda PDFs, the archive and the
personal calendar feed give it to participants and to no one else."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samverkan.accounts.permissions import ANONYMOUS, access_for
from samverkan.meetings import documents, notices
from samverkan.meetings.calendar import calendar_bytes
from samverkan.meetings.models import Meeting
from samverkan.meetings.tests.test_local_time import text_of

SLUG = "miljosamverkan-vasterbotten"
LINK = "https://video.example.se/samverkan/mote-med-en-lang-adress-som-viks-i-ics-filen-0123456789"
PARTICIPANTS = ["member", "officer", "coordinator", "admin"]
OTHERS = ["anonymous", "outsider"]


@pytest.fixture
def meeting(world):
    meeting = (
        Meeting.objects.filter(group=world.sg, starts_at__gte=timezone.now()).first()
        or Meeting.objects.filter(group=world.sg).first()
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        video_link=LINK, ends_at=timezone.now() + datetime.timedelta(days=30, hours=2),
        starts_at=timezone.now() + datetime.timedelta(days=30),
    )  # fmt: skip
    meeting.refresh_from_db()
    return meeting


def ics_locations(content: bytes) -> str:
    """Every event's location, unfolded (a long line is folded in the file)."""
    return "\n".join(str(e.get("location", "")) for e in Calendar.from_ical(content).walk("VEVENT"))


def outputs(client, meeting) -> dict[str, str]:
    """The text of every output that could carry the link, as this client gets it."""
    args = [SLUG, meeting.pk]
    api = f"/api/v1/collaborations/{SLUG}/meetings"
    return {
        "page": client.get(reverse("meeting_detail", args=args)).content.decode(),
        "api list": str([m["video_link"] for m in client.get(api).json()]),
        "api detail": str(client.get(f"{api}/{meeting.pk}").json()["video_link"]),
        "mote.ics": ics_locations(client.get(reverse("meeting_ics", args=args)).content),
        "kallelse.pdf": text_of(client.get(reverse("notice_pdf", args=args)).content).replace("\n", ""),
        "dagordning.pdf": text_of(client.get(reverse("agenda_pdf", args=args)).content).replace("\n", ""),
    }


@pytest.mark.parametrize("persona", OTHERS)
def test_no_output_gives_the_link_to_anyone_but_participants(persona, meeting, client_for, personas):
    for name, text in outputs(client_for(persona), meeting).items():
        assert LINK not in text and "video.example.se" not in text, name


@pytest.mark.parametrize("persona", PARTICIPANTS)
def test_every_output_that_names_the_place_gives_participants_the_link(persona, meeting, client_for, personas):
    seen = outputs(client_for(persona), meeting)
    for name in ("page", "api list", "api detail", "mote.ics", "kallelse.pdf"):
        assert LINK in seen[name], name


def test_the_rule_is_one_action_asked_of_the_meeting(meeting, personas, world):
    assert meeting.video_link_for(ANONYMOUS) == ""
    assert meeting.video_link_for(access_for(personas["outsider"], world.collaboration)) == ""
    assert meeting.video_link_for(access_for(personas["member"], world.collaboration)) == LINK
    # a participant of the collaboration is no participant of another one
    other_access = access_for(personas["member"], None)
    assert meeting.video_link_for(other_access) == ""


def test_document_builders_leave_the_link_out_unless_given_it(meeting):
    """A new caller that forgets the rule leaks nothing: the link is passed in, never assumed."""
    assert "video.example.se" not in ics_locations(calendar_bytes([notices.event_for(meeting)], method="PUBLISH"))
    assert "video.example.se" not in text_of(documents.notice_pdf(meeting, include_hidden=True))
    assert LINK in text_of(documents.notice_pdf(meeting, include_hidden=True, video_link=LINK)).replace("\n", "")


def test_the_archive_follows_the_rule_for_whoever_downloads_it(meeting, client_for, personas):
    content = client_for("coordinator").get(reverse("meeting_archive", args=[SLUG, meeting.pk])).content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        ics = archive.read(next(n for n in names if n.endswith("mote.ics")))
        notice = archive.read(next(n for n in names if n.endswith("kallelse.pdf")))
    assert LINK in ics_locations(ics) and LINK in text_of(notice).replace("\n", "")
    assert client_for("member").get(reverse("meeting_archive", args=[SLUG, meeting.pk])).status_code == 403


def test_the_personal_calendar_feed_gives_a_member_the_link_of_their_meetings(meeting, client_for, personas):
    from samverkan.meetings import services

    feed = services.reset_calendar_feed(user=personas["member"])
    content = client_for("anonymous").get(reverse("calendar_feed", args=[feed.token])).content
    assert LINK in ics_locations(content)


def test_the_personal_calendar_feed_follows_the_rule_not_the_feed(meeting, client_for, personas, monkeypatch):
    """Were the rule narrowed, the feed would follow it: it asks the same action."""
    from samverkan.accounts import permissions
    from samverkan.meetings import services

    monkeypatch.setitem(permissions.ACTIONS, "view_video_link", lambda access, obj: False)
    feed = services.reset_calendar_feed(user=personas["member"])
    content = client_for("anonymous").get(reverse("calendar_feed", args=[feed.token])).content
    assert "video.example.se" not in ics_locations(content)
    assert (
        "video.example.se"
        not in client_for("member").get(reverse("meeting_detail", args=[SLUG, meeting.pk])).content.decode()
    )
