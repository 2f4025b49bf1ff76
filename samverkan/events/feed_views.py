"""A collaboration's coming public events for other sites and programs: an Atom feed, an `.ics`
feed to subscribe to, and a small HTML list the host organisation puts in an `<iframe>` on its
own web site (with a page that shows how).

All of them show the same events to everyone: published, public, with a session that has not
ended (`selectors.coming_public_events`), whoever asks, so a feed reader or a cache never gets a
members-only event. A session's video link is left out (those registered get it in their
invitation), as is the contact person's address.
"""

from __future__ import annotations

import dataclasses

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.csp import CSP  # type: ignore[attr-defined]
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from samverkan.accounts.permissions import collaboration_for
from samverkan.collaborations.ical import CalendarEvent, calendar_bytes
from samverkan.collaborations.models import Collaboration
from samverkan.events import notices, selectors
from samverkan.events.models import Event, EventSession
from samverkan.lib import dates

# how many events the embedded list shows unless ?antal= says otherwise (1–MAX_EMBED)
DEFAULT_EMBED = 10
MAX_EMBED = 50
# the feeds' length: a year of a busy collaboration's events
MAX_FEED = 200

# The embedded list is the one page another site may frame. It has no form and no script, and
# every link leaves the frame (target=_top), so framing it lets nobody trick a click into an
# action; its own styles come with a nonce, nothing else may load.
EMBED_CSP: dict[str, list[str]] = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.NONCE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
    "frame-ancestors": ["*"],
}


def _where(session: EventSession) -> str:
    """The place as the public sees it: the address, or that it is held online."""
    if session.place:
        return session.place
    return _("Digitalt") if session.video_link else ""


def _when_and_where(event: Event) -> list[str]:
    lines = []
    for session in event.sessions.all():
        where = _where(session)
        when = dates.meeting_when(session.starts_at, session.ends_at)
        lines.append(f"{when}, {where}" if where else when)
    return lines


def event_feed_atom(request: HttpRequest, slug: str) -> HttpResponse:
    """The coming public events as an Atom 1.0 feed, soonest first."""
    collaboration, _access = collaboration_for(request, slug)
    events = list(selectors.coming_public_events(collaboration)[:MAX_FEED])
    list_url = notices.absolute(reverse("event_list", args=[slug]))
    feed = Atom1Feed(
        title=_("%(name)s – evenemang") % {"name": collaboration.name},
        link=list_url,
        description=_("Kommande evenemang som är öppna för alla."),
        language=get_language() or "sv",
        feed_url=notices.absolute(reverse("event_feed_atom", args=[slug])),
        author_name=collaboration.name,
        feed_guid=list_url,
    )
    for event in events:
        summary = "".join(f"<p>{escape(line)}</p>" for line in _when_and_where(event))
        if event.description:
            summary += "".join(f"<p>{escape(part)}</p>" for part in event.description.split("\n\n") if part.strip())
        url = notices.event_url(event)
        feed.add_item(
            title=event.title,
            link=url,
            description=summary,
            unique_id=url,
            # the feed's "updated": the event has no change time of its own, so its creation
            pubdate=event.created_at,
            updateddate=event.created_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def _public_entry(event: CalendarEvent, session: EventSession) -> CalendarEvent:
    return dataclasses.replace(event, location=_where(session), organizer=None)


def public_calendar_events(collaboration: Collaboration) -> list[CalendarEvent]:
    """Every session of the coming public events, with the UIDs of the registrants' invitations
    (`notices.session_uid`), so a registrant who also subscribes sees each session once."""
    events = selectors.coming_public_events(collaboration).select_related("contact_person")[:MAX_FEED]
    return [
        _public_entry(entry, session)
        for event in events
        for entry, session in zip(notices.calendar_events(event), event.sessions.all(), strict=True)
    ]


def event_feed_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The coming public events' sessions as a calendar to subscribe to (Outlook: Lägg till
    kalender → Från Internet)."""
    collaboration, _access = collaboration_for(request, slug)
    content = calendar_bytes(
        public_calendar_events(collaboration),
        method="PUBLISH",
        name=_("%(name)s – evenemang") % {"name": collaboration.name},
    )
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


def embed_count(value: str | None) -> int:
    """?antal=: 1–MAX_EMBED; anything else is the default."""
    try:
        count = int(value or "")
    except ValueError:
        return DEFAULT_EMBED
    return count if 1 <= count <= MAX_EMBED else DEFAULT_EMBED


@xframe_options_exempt
@csp_override(EMBED_CSP)
def event_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The coming public events as a small page of its own for an <iframe> on another site."""
    collaboration, _access = collaboration_for(request, slug)
    events = list(selectors.coming_public_events(collaboration)[: embed_count(request.GET.get("antal"))])
    return render(
        request,
        "events/embed.html",
        {
            "collaboration": collaboration,
            "events": [(event, notices.event_url(event), _when_and_where(event)) for event in events],
            "list_url": notices.absolute(reverse("event_list", args=[slug])),
        },
    )


def event_embed_help(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Bädda in på er webbplats": the code for the host's web editor, and the feeds' addresses."""
    collaboration, access = collaboration_for(request, slug)
    embed_url = notices.absolute(reverse("event_embed", args=[slug]))
    return render(
        request,
        "events/embed_help.html",
        {
            "collaboration": collaboration,
            "access": access,
            "embed_url": embed_url,
            "snippet": (
                f'<iframe src="{embed_url}?antal=5" title="{escape(_("Kommande evenemang"))}" '
                'style="width:100%;height:24rem;border:0"></iframe>'
            ),
            "atom_url": notices.absolute(reverse("event_feed_atom", args=[slug])),
            "ics_url": notices.absolute(reverse("event_feed_ics", args=[slug])),
            "default_count": DEFAULT_EMBED,
            "max_count": MAX_EMBED,
        },
    )


patterns = [
    path("evenemang/flode.atom", event_feed_atom, name="event_feed_atom"),
    path("evenemang/kalender.ics", event_feed_ics, name="event_feed_ics"),
    path("evenemang/inbaddning/", event_embed, name="event_embed"),
    path("evenemang/badda-in/", event_embed_help, name="event_embed_help"),
]
