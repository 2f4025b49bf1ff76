"""Every URL pattern of the project, requested by every persona, with the status each must get.

A new page without a row here fails `test_every_url_pattern_has_a_row`. Django's admin and
allauth's own account pages are third-party and excluded by module (allauth's login page has a
row of its own below); everything else is ours and listed.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from samverkan.organisations.models import Membership

PERSONAS = ["anonymous", "outsider", "officer", "member", "support", "chair", "coordinator", "admin"]
EXCLUDED_MODULES = ("allauth.", "django.contrib.admin", "django.contrib.contenttypes")

ALL_200 = (200,) * 8
LOGIN_THEN_200 = (302,) + (200,) * 7
MANAGERS_ONLY = (302, 403, 403, 403, 403, 403, 200, 200)
PARTICIPANTS = (302, 403, 200, 200, 200, 200, 200, 200)
API_PARTICIPANTS = (403, 403, 200, 200, 200, 200, 200, 200)
ORGANISERS = (302, 403, 403, 403, 403, 200, 200, 200)
DRAFTERS = (302, 403, 403, 200, 200, 403, 200, 200)  # the support group (umea and lycksele sit in it) drafts
POST_ONLY = (405,) * 8  # the chair organises the collaboration group's meetings
MEMBERS = (302, 403, 403, 200, 200, 200, 200, 200)  # members of the groups see the economy
API_MEMBERS = (403, 403, 403, 200, 200, 200, 200, 200)

#                route                                                   anon outs offi memb supp chai coor admi
MATRIX: dict[str, tuple[int, ...]] = {
    "": ALL_200,
    "healthz": ALL_200,
    "tillganglighet/": ALL_200,
    "integritet/": ALL_200,
    "i18n/setlang/": (302,) * 8,
    "konto/api-nycklar/": LOGIN_THEN_200,
    "konto/api-nycklar/<int:pk>/aterkalla/": (302,) + (405,) * 7,
    "konto/mina-uppgifter.json": LOGIN_THEN_200,
    "api/v1/": (404,) * 8,
    "api/v1/openapi.json": ALL_200,
    "api/v1/docs": ALL_200,
    "api/v1/me": ALL_200,
    "api/v1/collaborations": ALL_200,
    "api/v1/collaborations/<slug>/organisations": ALL_200,
    "api/v1/collaborations/<slug>/people": ALL_200,
    "api/v1/collaborations/<slug>/people/<person_id>": ALL_200,
    "api/v1/collaborations/<slug>/groups": ALL_200,
    "api/v1/collaborations/<slug>/memberships": ALL_200,
    "api/v1/collaborations/<slug>/agreement-check": API_PARTICIPANTS,
    "api/v1/collaborations/<slug>/contacts": API_PARTICIPANTS,
    "api/v1/collaborations/<slug>/meetings": ALL_200,
    "api/v1/collaborations/<slug>/meetings/<meeting_id>": ALL_200,
    "api/v1/collaborations/<slug>/meetings/<meeting_id>/agenda": ALL_200,
    "api/v1/collaborations/<slug>/decisions": ALL_200,
    "api/v1/collaborations/<slug>/minutes/<meeting_id>": ALL_200,
    "api/v1/collaborations/<slug>/contacts/export/<fmt>": API_PARTICIPANTS,
    "<slug:slug>/kontaktlista/": PARTICIPANTS,
    "<slug:slug>/kontaktlista/export.<str:fmt>": PARTICIPANTS,
    "<slug:slug>/kontaktlista/import/": MANAGERS_ONLY,
    "<slug:slug>/kontaktlista/bekraftelser/": MANAGERS_ONLY,
    "<slug:slug>/kontaktlista/bekraftelser/<int:pk>/": MANAGERS_ONLY,
    # a link that is not a valid signed token explains itself to anyone
    "bekrafta/<str:token>/": (400,) * 8,
    "<slug:slug>/kontaktlista/import/<int:pk>/": MANAGERS_ONLY,
    "<slug:slug>/personer/<int:pk>/vcard/": PARTICIPANTS,
    "<slug:slug>/personer/<int:pk>/uppgifter.json": MANAGERS_ONLY,
    "<slug:slug>/personer/<int:pk>/ta-bort/": MANAGERS_ONLY,
    "<slug:slug>/": ALL_200,
    "<slug:slug>/huvudman/": MANAGERS_ONLY,
    "<slug:slug>/avtalsuppfoljning/": PARTICIPANTS,
    "<slug:slug>/organisationer/": ALL_200,
    "<slug:slug>/organisationer/<int:pk>/": ALL_200,
    "<slug:slug>/organisationer/<int:pk>/andra/": MANAGERS_ONLY,
    "<slug:slug>/grupper/": ALL_200,
    "<slug:slug>/grupper/ny-arbetsgrupp/": MANAGERS_ONLY,
    "<slug:slug>/grupper/<int:pk>/": ALL_200,
    "<slug:slug>/grupper/<int:pk>/andra/": MANAGERS_ONLY,
    "<slug:slug>/grupper/<int:pk>/ny-medlem/": MANAGERS_ONLY,
    "<slug:slug>/medlemskap/<int:pk>/avsluta/": MANAGERS_ONLY,
    "<slug:slug>/personer/": ALL_200,
    "<slug:slug>/statistik/kon/": ALL_200,
    "<slug:slug>/moten/": ALL_200,
    "<slug:slug>/moten/nytt/": ORGANISERS,
    "<slug:slug>/moten/datumforfragan/ny/": ORGANISERS,
    "<slug:slug>/moten/datumforfragan/<int:pk>/": ORGANISERS,
    "datum/<str:token>/": (400,) * 8,
    # a signatory's approval link; an invalid one explains itself to anyone, and a GET never approves
    "justera/<str:token>/": (400,) * 8,
    "<slug:slug>/moten/<int:pk>/": ALL_200,
    "<slug:slug>/moten/<int:pk>/andra/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/stall-in/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/kalla/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/protokoll/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/kallelse.pdf": ALL_200,
    "<slug:slug>/moten/<int:pk>/dagordning.pdf": ALL_200,
    "<slug:slug>/moten/<int:pk>/arkiv.zip": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/protokoll/ny-paragraf/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/protokoll/paragraf/<int:item_pk>/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/protokoll/justera/": (405,) * 8,  # POST only
    "<slug:slug>/protokoll/": ALL_200,
    # the minutes of the matrix meeting are approved, so they are public
    "<slug:slug>/protokoll/<int:pk>/": ALL_200,
    "<slug:slug>/protokoll/<int:pk>/protokoll.<str:fmt>": ALL_200,
    "<slug:slug>/beslut/": ALL_200,
    "<slug:slug>/moten/<int:pk>/mote.ics": ALL_200,
    # group members (member, support, chair) may suggest items; organisers add them
    "<slug:slug>/moten/<int:pk>/dagordning/ny/": (302, 403, 403, 200, 200, 200, 200, 200),
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/andra/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/ny-handling/": ORGANISERS,
    # the matrix document belongs to a public item
    "<slug:slug>/moten/<int:pk>/handling/<int:doc_pk>/": ALL_200,
    "<slug:slug>/moten/<int:pk>/handling/<int:doc_pk>/ta-bort/": (405,) * 8,  # POST only
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/atgard/": (405,) * 8,  # POST only
    # asks before removing, saying what else changes; removes on POST
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/ta-bort/": ORGANISERS,
    "konto/kalender/": LOGIN_THEN_200,
    "att-gora/": LOGIN_THEN_200,  # everyone's own to-dos; the anonymous are asked to log in
    "att-gora/avsluta/<str:token>/": (400,) * 8,  # the weekly mail's link, signed
    "kalender/<str:token>.ics": (404,) * 8,
    "<slug:slug>/personer/ny/": MANAGERS_ONLY,
    "<slug:slug>/personer/<int:pk>/": ALL_200,
    # the person is the support-group member's own record: they may edit it
    "<slug:slug>/personer/<int:pk>/andra/": (302, 403, 403, 403, 200, 403, 200, 200),
}
MATRIX |= {
    "<slug:slug>/planer/": ALL_200,
    "<slug:slug>/planer/ny/": POST_ONLY,
    "<slug:slug>/planer/<int:pk>/": ALL_200,  # the public reads the decided version
    "<slug:slug>/planer/<int:pk>/andra/": DRAFTERS,
    "<slug:slug>/planer/<int:pk>/atgard/": POST_ONLY,
    "<slug:slug>/planer/<int:pk>/historik/": ALL_200,
    "<slug:slug>/planer/<int:pk>/dokument.<str:fmt>": ALL_200,
    "<slug:slug>/aktiviteter/": PARTICIPANTS,
    "<slug:slug>/aktiviteter/ny/": DRAFTERS,
    "<slug:slug>/aktiviteter/<int:pk>/": PARTICIPANTS,
    "<slug:slug>/aktiviteter/<int:pk>/andra/": DRAFTERS,
    "<slug:slug>/aktiviteter/<int:pk>/uppfoljning/": DRAFTERS,
    "<slug:slug>/uppfoljning/": PARTICIPANTS,
    "<slug:slug>/uppdrag/": PARTICIPANTS,
    "<slug:slug>/uppdrag/nytt/": MANAGERS_ONLY,
    "<slug:slug>/uppdrag/<int:pk>/": PARTICIPANTS,
    "<slug:slug>/uppdrag/<int:pk>/andra/": MANAGERS_ONLY,
    # everyone: the participants see every entry, everyone else the public ones (a public seminar)
    "<slug:slug>/kalendarium/": ALL_200,
    "<slug:slug>/kalendarium/<int:year>.<str:fmt>": ALL_200,
    "<slug:slug>/arshjul/": MANAGERS_ONLY,
    "api/v1/collaborations/<slug>/plans": ALL_200,
    "api/v1/collaborations/<slug>/activities": API_PARTICIPANTS,
    "api/v1/collaborations/<slug>/assignments": API_PARTICIPANTS,
}
MATRIX |= {
    "<slug:slug>/planer/<int:pk>/budget/": DRAFTERS,
    "<slug:slug>/aktiviteter/<int:pk>/avgifter/": MANAGERS_ONLY,
    "<slug:slug>/ekonomi/": MEMBERS,
    "<slug:slug>/ekonomi/<int:year>/medfinansiering/": MEMBERS,
    "<slug:slug>/ekonomi/<int:year>/medfinansiering.xlsx": MEMBERS,
    # the collaboration group (member, support and chair sit in it) sees every party's (CM3)
    "<slug:slug>/ekonomi/<int:year>/fakturaunderlag/<str:party>/": MEMBERS,
    "<slug:slug>/ekonomi/<int:year>/fakturaunderlag/<str:party>.<str:fmt>": MEMBERS,
    "<slug:slug>/ekonomi/utfall/": MEMBERS,
    "<slug:slug>/ekonomi/utfall/<int:pk>/ta-bort/": POST_ONLY,
    "<slug:slug>/ekonomi/utfall/import/": MANAGERS_ONLY,
    "<slug:slug>/ekonomi/utfall/import/<int:pk>/": MANAGERS_ONLY,
    "<slug:slug>/ekonomi/konton/": MEMBERS,
    "<slug:slug>/ekonomi/konton/<int:pk>/ta-bort/": POST_ONLY,
    "<slug:slug>/ekonomi/lagesrapport/": MEMBERS,
    "<slug:slug>/ekonomi/lagesrapport.<str:fmt>": MEMBERS,
    "<slug:slug>/ekonomi/fakturor/": MEMBERS,
    "<slug:slug>/ekonomi/fakturor/<int:pk>/betald/": POST_ONLY,
    "<slug:slug>/ekonomi/tid/": MEMBERS,
    "<slug:slug>/ekonomi/tid/<int:pk>/ta-bort/": POST_ONLY,
    "api/v1/collaborations/<slug>/budget/<year>": API_MEMBERS,
    "api/v1/collaborations/<slug>/finance/status": API_MEMBERS,
}

MATRIX |= {
    "<slug:slug>/evenemang/": ALL_200,
    "<slug:slug>/evenemang/<int:pk>/": ALL_200,  # a published public event
    "<slug:slug>/evenemang/<int:pk>/evenemang.ics": ALL_200,
    # the id is a meeting document's here, not one of the event's: not found for anyone
    # the document of a published public event (tests/test_authorization_matrix.py::_event_document)
    "<slug:slug>/evenemang/<int:pk>/handling/<int:doc_pk>/": ALL_200,
    "anmalan/<str:token>/": (404,) * 8,  # an unknown personal link
    "anmalan/<str:token>/avboka/": (405,) * 8,
    "anmalan/<str:token>/evenemang.ics": (404,) * 8,
    # after the event: the organiser's results and certificates (the event has one attended registration)
    "<slug:slug>/evenemang/<int:pk>/utvardering/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/intyg.pdf": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/intyg/<int:registration_pk>.pdf": MANAGERS_ONLY,
    "utvardering/<str:token>/": (400,) * 8,  # a link that is not one of ours explains itself
    "anmalan/<str:token>/intyg.pdf": (404,) * 8,  # an unknown personal link
    # the public events for other sites and programs: the same for everyone
    "<slug:slug>/evenemang/flode.atom": ALL_200,
    "<slug:slug>/evenemang/kalender.ics": ALL_200,
    "<slug:slug>/evenemang/inbaddning/": ALL_200,
    "<slug:slug>/evenemang/badda-in/": ALL_200,
    "api/v1/collaborations/<slug>/events": ALL_200,
    "api/v1/collaborations/<slug>/events/<event_id>": ALL_200,  # a published public event
    # the writes (registering, cancelling by the personal link's token) answer POST only
    "api/v1/collaborations/<slug>/events/<event_id>/registrations": POST_ONLY,
    "api/v1/registrations/<token>/cancel": POST_ONLY,
    # the reach: aggregates the collaboration group reports, for its participants
    "<slug:slug>/evenemang/<int:pk>/rackvidd/": PARTICIPANTS,
    "<slug:slug>/evenemang/<int:pk>/rackvidd/fyll-i-uppfoljningen/": POST_ONLY,
    "<slug:slug>/evenemang/rackvidd/<int:year>/": PARTICIPANTS,
    "<slug:slug>/evenemang/rackvidd/<int:year>/export.<str:fmt>": PARTICIPANTS,
    # a registrant's own data and its deletion, by the personal link: an unknown link says so
    "anmalan/<str:token>/uppgifter.json": (404,) * 8,
    "anmalan/<str:token>/ta-bort/": (404,) * 8,
}

# the organiser's pages (events/organiser_views.py): the coordinator and the admin
MATRIX |= {
    "<slug:slug>/evenemang/hantera/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/nytt/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/hantera/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/andra/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/publicera/": POST_ONLY,
    "<slug:slug>/evenemang/<int:pk>/stall-in/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/tillfallen/nytt/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/tillfallen/<int:session_pk>/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/tillfallen/<int:session_pk>/ta-bort/": POST_ONLY,
    "<slug:slug>/evenemang/<int:pk>/fragor/ny/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/fragor/<int:question_pk>/ta-bort/": POST_ONLY,
    "<slug:slug>/evenemang/<int:pk>/handlingar/ny/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/handlingar/<int:doc_pk>/ta-bort/": POST_ONLY,
    "<slug:slug>/evenemang/<int:pk>/anmalningar/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/anmalningar/<int:registration_pk>/": POST_ONLY,
    "<slug:slug>/evenemang/<int:pk>/deltagarlista.pdf": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/namnbrickor.pdf": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/narvaro/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/fakturaunderlag/": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/fakturaunderlag.<str:fmt>": MANAGERS_ONLY,
    "<slug:slug>/evenemang/<int:pk>/fakturaunderlag/bokfor/": POST_ONLY,
}

EXTRA = {"accounts/login/": (200, 302, 302, 302, 302, 302, 302, 302)}


def project_routes() -> list[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if not route.startswith("admin/") and not p.callback.__module__.startswith(EXCLUDED_MODULES):
                    yield route

    return list(walk(get_resolver().url_patterns))


def test_every_url_pattern_has_a_row():
    routes = project_routes()
    assert sorted(set(routes) - set(MATRIX)) == [], "add these pages to the authorization matrix"
    assert sorted(set(MATRIX) - set(routes)) == [], "these rows name pages that no longer exist"


def _pending_import(world):
    from samverkan.organisations.models import ContactImport

    return ContactImport.objects.get_or_create(collaboration=world.collaboration, filename="k.csv")[0]


def _meeting(world):
    from samverkan.meetings.models import Meeting

    return Meeting.objects.filter(group=world.sg).first()


def _item(world):
    from samverkan.meetings.models import AgendaItem

    return AgendaItem.objects.get_or_create(meeting=_meeting(world), title="Punkt")[0]


def _minute_item(world):
    """Approved minutes with one §, so the public pages have something to show."""
    from samverkan.meetings.models import MinuteItem, Minutes

    meeting = _meeting(world)
    item = MinuteItem.objects.filter(minutes__meeting=meeting).first()
    if item is None:
        minutes = Minutes.objects.create(meeting=meeting)
        item = MinuteItem.objects.create(minutes=minutes, group=meeting.group, year=2026, number=1, title="Budget")
        Minutes.objects.filter(pk=minutes.pk).update(status="approved", approved_at=meeting.ends_at)
    return item


def _plan(world):
    """An operations plan with a decided version 1 (public) and a draft version 2 (participants)."""
    from samverkan.plans.models import PlanDocument, PlanVersion

    document, created = PlanDocument.objects.get_or_create(
        collaboration=world.collaboration,
        doc_type="operations_plan",
        year=2027,
        defaults={"title": "Verksamhetsplan 2027"},
    )
    if created:
        decision = _decision(world)
        sections = [{"title": "Inledning", "text": "Text"}]
        PlanVersion.objects.create(document=document, number=1, status="decided", decision=decision, sections=sections)
        PlanVersion.objects.create(document=document, number=2, sections=sections)
    return document


def _decision(world):
    from samverkan.meetings.models import Decision

    item = _minute_item(world)
    return Decision.objects.get_or_create(item=item, defaults={"text": "Fastställs."})[0]


def _activity(world):
    from samverkan.plans.models import Activity

    return Activity.objects.get_or_create(
        collaboration=world.collaboration,
        year=2027,
        title="Kurs",
        defaults={"area": "kompetensutveckling", "kind": "training"},
    )[0]


def _assignment(world):
    import datetime

    from samverkan.plans.models import Assignment

    return Assignment.objects.get_or_create(
        collaboration=world.collaboration,
        title="Checklista",
        defaults={"decision": _decision(world), "owner_kind": "coordinator", "due_on": datetime.date(2027, 3, 1)},
    )[0]


def _budget(world):
    """A budget with a draft version (the support group drafts it)."""
    from samverkan.plans.models import PlanDocument, PlanVersion

    document, created = PlanDocument.objects.get_or_create(
        collaboration=world.collaboration, doc_type="budget", year=2026, defaults={"title": "Budget 2026"}
    )
    if created:
        PlanVersion.objects.create(document=document, number=1, budget={"lines": {"cost:samordnare": 100}})
    return document


def _ledger_import(world):
    from samverkan.finance.models import LedgerImport

    return LedgerImport.objects.get_or_create(collaboration=world.collaboration, year=2026, filename="h.csv")[0]


def _poll(world):
    from samverkan.meetings.models import DatePoll

    return DatePoll.objects.get_or_create(group=world.sg, title="Våren")[0]


def _document(world):
    from django.core.files.base import ContentFile

    from samverkan.meetings.models import AgendaDocument

    document = AgendaDocument.objects.filter(item=_item(world)).first()
    if document is None:
        document = AgendaDocument(item=_item(world), title="Underlag", size=5)
        document.file.save("underlag.txt", ContentFile(b"hej\n"), save=True)
    return document


def _event(world):
    """A published public event with one session next year, for everyone."""
    import datetime

    from django.utils import timezone

    from samverkan.events.models import Event, EventSession

    # by its title: a test may have added others (the organiser's pages create events)
    event = Event.objects.filter(collaboration=world.collaboration, title="Seminarium").first()
    if event is None:
        event = Event.objects.create(
            collaboration=world.collaboration,
            activity=_activity(world),
            title="Seminarium",
            public=True,
            status="published",
        )
        starts = timezone.now() + datetime.timedelta(days=60)
        EventSession.objects.create(event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    return event


def _event_session(world):
    return _event(world).sessions.first()


def _event_question(world):
    from samverkan.events.models import Question

    event = _event(world)
    return event.questions.first() or Question.objects.create(event=event, text="Kost")


def _event_document(world):
    from django.core.files.base import ContentFile

    from samverkan.events.models import EventDocument

    document = EventDocument.objects.filter(event=_event(world)).first()
    if document is None:
        document = EventDocument(event=_event(world), title="Program")
        document.file.save("program.txt", ContentFile(b"program\n"), save=True)
    return document


def _event_registration(world):
    from samverkan.events.models import Registration

    registration = Registration.objects.filter(event=_event(world)).first()
    if registration is None:
        registration = Registration.objects.create(
            event=_event(world), name="Anna Anmäld", email="anmald@example.se", category="citizen", status="confirmed"
        )
    return registration


def _attended(world):
    """A registration of the matrix event marked as attended, for its certificates."""
    from samverkan.events.models import Registration

    event = _event(world)
    registration = event.registrations.filter(attended=True).first()
    if registration is None:
        registration = Registration.objects.create(
            event=event, name="Anna Ek", email="anna@example.se", category="citizen", status="confirmed", attended=True
        )
    return registration


def _batch(world):
    from samverkan.organisations.models import ConfirmationBatch

    return ConfirmationBatch.objects.get_or_create(collaboration=world.collaboration, description="t")[0]


def concrete(route: str, world) -> str:
    person = world.people["lycksele"]
    membership = Membership.objects.filter(group=world.sg).first()
    pk = {
        "organisationer": world.municipality("2480").pk,
        "grupper": world.sg.pk,
        "medlemskap": membership.pk,
        "personer": person.pk,
        "api-nycklar": 1,
        "import": _pending_import(world).pk,
        "bekraftelser": _batch(world).pk,
        "moten": _meeting(world).pk,
        "protokoll": _minute_item(world).minutes.meeting_id,
        "datumforfragan": _poll(world).pk,
        "planer": _plan(world).pk,
        "aktiviteter": _activity(world).pk,
        "uppdrag": _assignment(world).pk,
        "evenemang": _event(world).pk if "evenemang/<int:pk>" in route else 0,
        # POST-only removals: the view is never reached
        "utfall": 1,
        "konton": 1,
        "fakturor": 1,
        "tid": 1,
    }
    if "budget" in route:
        pk["planer"] = _budget(world).pk
    if "utfall/import" in route:
        pk["import"] = _ledger_import(world).pk
    url = route.replace("<slug:slug>", world.collaboration.slug).replace("<slug>", world.collaboration.slug)
    if route.startswith("<slug:slug>/evenemang/<int:pk>/anmalningar/"):
        url = url.replace("<int:registration_pk>", str(_event_registration(world).pk))
    if route.startswith("<slug:slug>/evenemang/<int:pk>/"):
        url = (
            url.replace("<int:session_pk>", str(_event_session(world).pk))
            .replace("<int:question_pk>", str(_event_question(world).pk))
            .replace("<int:doc_pk>", str(_event_document(world).pk))
        )
    url = (
        url.replace("<person_id>", str(person.pk))
        .replace("<int:year>", "2026")
        .replace(
            "<str:fmt>",
            "pdf"
            if any(word in route for word in ("protokoll", "dokument", "fakturaunderlag", "lagesrapport"))
            else "ics"
            if "kalendarium" in route
            else "csv",
        )
        .replace("<fmt>", "csv")
        .replace("<str:party>", "umea")
        .replace("<year>", "2026")
        .replace("<str:token>", "inte-en-giltig-lank")
        .replace("<meeting_id>", str(_minute_item(world).minutes.meeting_id))
        .replace("<event_id>", str(_event(world).pk) if "<event_id>" in route else "")
        .replace("<token>", "inte-en-giltig-lank")
        .replace("<int:doc_pk>", str(_document(world).pk))
        .replace("<int:registration_pk>", str(_attended(world).pk) if "intyg" in route else "0")
        .replace("<int:item_pk>", str(_minute_item(world).pk if "paragraf" in route else _item(world).pk))
    )
    if "<int:pk>" in url:
        parts = url.split("/")
        section = parts[parts.index("<int:pk>") - 1]  # the collection the pk belongs to
        url = url.replace("<int:pk>", str(pk[section]))
    return "/" + url


@pytest.mark.parametrize("route", sorted({**MATRIX, **EXTRA}))
def test_each_persona_gets_the_expected_status(route, world, client_for, settings):
    expected = {**MATRIX, **EXTRA}[route]
    url = concrete(route, world)
    got = []
    for persona in PERSONAS:
        got.append(client_for(persona).get(url).status_code)
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True)), url
