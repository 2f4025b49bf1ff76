"""The public side as a visitor lives it: the list of coming events with its filters, an event's
page, registering without an account, the confirmation e-mail with the personal link and the
.ics, changing and cancelling by that link, and the first on the waitlist moving up and told."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.events import services
from samverkan.events.models import Event, Registration, RegistrationStatus
from samverkan.plans import services as plans

SLUG = "miljosamverkan-vasterbotten"
FORM = {"name": "Karin Berg", "email": "karin.berg@example.se", "category": "citizen", "gender": "woman"}


def _page(event) -> str:
    return f"/{SLUG}/evenemang/{event.pk}/"


def _register(client, event, **fields):
    return client.post(_page(event), {**FORM, **fields})


def _token(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return re.fullmatch(r"/anmalan/([\w-]+)/", response["Location"]).group(1)


def test_the_list_shows_coming_public_events_and_filters_them(client, make_event, world):
    seminar = make_event(title="Seminarium om PFAS")
    members_only = make_event(title="Internt nätverksmöte", public=False)
    campaign_activity = plans.create_activity(
        collaboration=world.collaboration,
        actor=None,
        year=timezone.localdate().year + 1,
        title="Kampanj",
        area="kompetensutveckling",
        kind="campaign",
        for_municipalities=False,
        for_citizens=True,
    )
    campaign = services.create_event(activity=campaign_activity, actor=None, title="Kampanj om avlopp", public=True)
    start = timezone.now() + datetime.timedelta(days=10)
    services.add_session(event=campaign, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    services.publish_event(event=campaign, actor=None)

    page = client.get(f"/{SLUG}/evenemang/").content.decode()
    assert seminar.title in page and campaign.title in page
    assert members_only.title not in page  # for the participants only
    assert page.index(campaign.title) < page.index(seminar.title)  # soonest first

    for_citizens = client.get(f"/{SLUG}/evenemang/?malgrupp=allmanheten").content.decode()
    assert campaign.title in for_citizens and seminar.title not in for_citizens
    seminars = client.get(f"/{SLUG}/evenemang/?slag=seminar").content.decode()
    assert seminar.title in seminars and campaign.title not in seminars
    # unknown filter values are ignored, never an error
    assert client.get(f"/{SLUG}/evenemang/?malgrupp=<script>&slag=x&omrade=%00&sida=zz").status_code == 200


def _card(page: str, title: str) -> str:
    """The text of one card of the list, its tags included, without the markup."""
    start = page.index(f">{title}</a>")
    card = page[start : page.index("</li>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def test_each_card_says_when_where_how_many_sessions_the_kind_and_the_seats(client, make_event, world, client_for):
    one_seat = make_event(title="Kurs med en plats", capacity=1)
    full = make_event(title="Fullsatt kurs", capacity=1)
    services.register(full, name="Anna", email="anna@example.se", category="municipality")
    cancelled = make_event(title="Inställd kurs", capacity=5)
    services.cancel_event(event=cancelled, actor=None)
    internal = make_event(title="Intern kurs", public=False)
    # two sessions, the first one online only: said "digitalt", and "2 tillfällen"
    online = make_event(title="Webbinarium i två delar")
    first = online.sessions.get()
    first.place, first.video_link = "", "https://video.example.se/rum"
    first.save()
    later = first.starts_at + datetime.timedelta(days=7)
    services.add_session(event=online, actor=None, starts_at=later, ends_at=later + datetime.timedelta(hours=1))

    page = client.get(f"/{SLUG}/evenemang/").content.decode()
    assert _card(page, one_seat.title).endswith(", Umeå Seminarium · Kompetensutveckling 1 plats kvar")
    assert _card(page, full.title).endswith("Fullt – väntelista")
    assert _card(page, cancelled.title).endswith("Kompetensutveckling Inställt")  # and no seats
    assert ", digitalt 2 tillfällen" in _card(page, online.title)
    assert internal.title not in page
    assert "För medlemmar" in _card(client_for("member").get(f"/{SLUG}/evenemang/").content.decode(), internal.title)

    client.cookies["django_language"] = "en"
    english = client.get(f"/{SLUG}/evenemang/").content.decode()
    assert _card(english, one_seat.title).endswith("1 seat left")
    assert _card(english, full.title).endswith("Full – waitlist")
    assert ", online 2 sessions" in _card(english, online.title)


def test_a_past_or_draft_event_is_not_listed(client, make_event, activity):
    past = make_event(title="Förra årets kurs")
    past.sessions.update(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    draft = services.create_event(activity=activity, actor=None, title="Hemligt utkast", public=True)
    page = client.get(f"/{SLUG}/evenemang/").content.decode()
    assert past.title not in page and draft.title not in page
    assert client.get(_page(draft)).status_code == 404


def test_the_list_reads_the_same_number_of_queries_for_2_and_12_events(client, make_event):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/{SLUG}/evenemang/").status_code == 200
        return len(queries)

    for n in range(2):
        make_event(title=f"Kurs {n}")
    few = count()
    for n in range(2, 12):
        make_event(title=f"Kurs {n}")
    assert count() == few


def test_an_anonymous_visitor_registers_and_gets_the_confirmation_with_link_and_ics(
    client, make_event, run_worker, settings
):
    settings.SITE_URL = "https://samverkan.example"
    event = make_event(capacity=10)
    page = client.get(_page(event)).content.decode()
    assert "10 platser kvar" in page and "Ingen kortbetalning" in page

    response = _register(client, event)
    token = _token(response)
    registration = Registration.objects.get(token=token)
    assert registration.status == RegistrationStatus.CONFIRMED and registration.person is None
    assert registration.gender == "woman" and registration.category == "citizen"
    shown = client.get(response["Location"]).content.decode()
    assert "Du är anmäld" in shown and "Du har en plats" in shown and "karin.berg@example.se" in shown

    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin.berg@example.se"]
    assert message.subject == f"Anmälan bekräftad: {event.title}"
    assert f"https://samverkan.example/anmalan/{token}/" in message.body
    assert "Avgift: 1\xa0500,00\xa0kr" in message.body  # a citizen pays the others' fee, invoiced
    ics = dict((name, content) for name, content, _type in message.attachments)["evenemang.ics"]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "METHOD:REQUEST" in ics and "SUMMARY:Förorenade områden i praktiken" in ics
    assert "mailto:karin.berg@example.se" in ics


def test_the_same_address_twice_is_caught_with_a_message(client, make_event):
    event = make_event()
    _token(_register(client, event))
    again = _register(client, event, email="KARIN.BERG@example.se", name="Karin igen")
    assert again.status_code == 200
    assert "Den här e-postadressen är redan anmäld till evenemanget." in again.content.decode()
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Detta fält måste fyllas i."),
        ({"name": "x" * 201}, "högst 200 tecken"),
        ({"email": "inte-en-adress"}, "giltig e-postadress"),
        ({"category": "kung"}, "Välj ett giltigt alternativ"),
        ({"gender": "robot"}, "Välj ett giltigt alternativ"),
        ({"organisation": "999999"}, "Välj ett giltigt alternativ"),
    ],
)
def test_bad_input_gets_a_message_and_writes_nothing(client, make_event, fields, message):
    event = make_event()
    response = _register(client, event, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_control_characters_are_taken_out_of_a_name(client, make_event):
    event = make_event()
    _token(_register(client, event, name="Karin\x00 Berg\x1b"))
    assert Registration.objects.get(event=event).name == "Karin Berg"


def test_the_consent_is_required_when_the_event_asks_for_it(client, make_event):
    event = make_event(consent_text="Jag godkänner att bilder från dagen publiceras.")
    refused = _register(client, event)
    assert "Jag godkänner att bilder" in refused.content.decode()
    assert not Registration.objects.exists()
    _token(_register(client, event, consent="on"))
    assert Registration.objects.get().consented_at is not None


def test_a_full_event_puts_the_visitor_on_the_waitlist_and_cancelling_moves_them_up(client, make_event, run_worker):
    event = make_event(capacity=1)
    first = _token(_register(client, event))
    page = client.get(_page(event)).content.decode()
    assert "Fullt." in page and "Ställ mig på väntelistan" in page
    second = _register(client, event, email="per@example.se", name="Per Ek")
    waiting_token = _token(second)
    assert "väntelistan, plats 1" in client.get(second["Location"]).content.decode()
    run_worker()
    assert [m.subject for m in mail.outbox] == [
        f"Anmälan bekräftad: {event.title}",
        f"Väntelista: {event.title}",
    ]
    assert not [a for a in mail.outbox[1].attachments]  # no seat, no calendar invitation
    mail.outbox.clear()

    done = client.post(f"/anmalan/{first}/avboka/")
    assert done.status_code == 302
    assert "Din anmälan är avbokad" in client.get(done["Location"]).content.decode()
    assert Registration.objects.get(token=waiting_token).status == RegistrationStatus.CONFIRMED
    run_worker()
    by_subject = {m.subject: m for m in mail.outbox}
    assert set(by_subject) == {f"Avbokad: {event.title}", f"Du har fått en plats: {event.title}"}
    assert by_subject[f"Du har fått en plats: {event.title}"].to == ["per@example.se"]
    cancelled_ics = by_subject[f"Avbokad: {event.title}"].attachments[0][1]
    assert b"METHOD:CANCEL" in (cancelled_ics if isinstance(cancelled_ics, bytes) else cancelled_ics.encode())
    # cancelling twice is told, not an error
    again = client.post(f"/anmalan/{first}/avboka/", follow=True)
    assert "Anmälan är redan avbokad." in again.content.decode()


def test_a_registrant_changes_their_details_by_the_link_but_not_the_address(client, make_event):
    event = make_event()
    services.add_question(event=event, actor=None, text="Kost", kind="choice", choices=["Vegetarisk", "Vegansk"])
    token = _token(_register(client, event))
    form = client.get(f"/anmalan/{token}/?andra=1").content.decode()
    assert 'value="Karin Berg"' in form and 'name="email"' not in form
    question = event.questions.get()
    saved = client.post(
        f"/anmalan/{token}/",
        {
            "name": "Karin Berg-Lund",
            "category": "business",
            "organisation_text": "Bergs Åkeri AB",
            f"fraga_{question.pk}": "Vegansk",
            "email": "annan@example.se",
        },
    )
    assert saved.status_code == 302
    registration = Registration.objects.get(token=token)
    assert (registration.name, registration.category, registration.organisation_text) == (
        "Karin Berg-Lund",
        "business",
        "Bergs Åkeri AB",
    )
    assert registration.email == "karin.berg@example.se"
    assert registration.answers.get().value == "Vegansk"


def test_a_member_registers_with_one_click(client_for, personas, make_event, world):
    event = make_event(public=False)
    client = client_for("member")
    page = client.get(_page(event)).content.decode()
    assert "Anmäl mig" in page
    response = client.post(_page(event), {"snabb": "1"})
    token = _token(response)
    registration = Registration.objects.get(token=token)
    assert registration.person == world.people["umea"]
    assert registration.organisation == world.people["umea"].organisation
    assert registration.category == "municipality"
    assert "Du är redan anmäld" in client.get(_page(event)).content.decode()


def test_members_only_events_are_not_found_by_outsiders(client_for, make_event):
    event = make_event(public=False)
    assert client_for("anonymous").get(_page(event)).status_code == 404
    assert client_for("outsider").get(_page(event)).status_code == 404
    # a forged one-click post by someone who may not see it changes nothing
    assert client_for("outsider").post(_page(event), {"snabb": "1"}).status_code == 404
    assert not Registration.objects.exists()


def test_an_unknown_link_is_not_found(client, make_event):
    # an event's id under the other collaboration's address: test_other_collaboration.py
    make_event()
    assert client.get("/anmalan/inte-en-giltig-lank/").status_code == 404
    assert client.post("/anmalan/inte-en-giltig-lank/avboka/").status_code == 404


def test_cancelling_the_event_tells_everyone_with_a_cancelled_invitation(client, make_event, run_worker):
    event = make_event(capacity=1)
    _token(_register(client, event))
    _token(_register(client, event, email="per@example.se", name="Per Ek"))
    run_worker()
    mail.outbox.clear()
    services.cancel_event(event=event, actor=None)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["karin.berg@example.se", "per@example.se"]
    assert all(m.subject == f"Inställt: {event.title}" for m in mail.outbox)
    assert Event.objects.get(pk=event.pk).sequence == 1
    assert "Evenemanget är inställt." in client.get(_page(event)).content.decode()


def test_the_event_and_the_registrant_get_an_ics(client, make_event):
    event = make_event()
    ics = client.get(f"/{SLUG}/evenemang/{event.pk}/evenemang.ics")
    assert ics.status_code == 200 and b"METHOD:PUBLISH" in ics.content and b"ATTENDEE" not in ics.content
    token = _token(_register(client, event))
    own = client.get(f"/anmalan/{token}/evenemang.ics")
    assert b"METHOD:REQUEST" in own.content and b"karin.berg@example.se" in own.content


def test_a_member_registering_someone_else_does_not_make_it_theirs(client_for, make_event):
    event = make_event()
    client = client_for("member")
    _token(client.post(_page(event), {**FORM, "email": "kollega@example.se", "name": "En Kollega"}))
    assert Registration.objects.get().person is None


def test_the_personal_link_offers_the_certificate_and_a_pending_evaluation(client, make_event):
    event = make_event()
    token = _token(_register(client, event))
    page = client.get(f"/anmalan/{token}/").content.decode()
    assert "intyg.pdf" not in page and "/utvardering/" not in page
    Registration.objects.filter(token=token).update(attended=True, evaluation_sent_at=timezone.now())
    page = client.get(f"/anmalan/{token}/").content.decode()
    assert f"/anmalan/{token}/intyg.pdf" in page and "Svara på utvärderingen" in page
    Registration.objects.filter(token=token).update(evaluated_at=timezone.now())
    assert "Svara på utvärderingen" not in client.get(f"/anmalan/{token}/").content.decode()


def test_the_personal_link_leads_to_one_s_own_data_and_its_erasure(client, make_event):
    event = make_event()
    token = _token(_register(client, event))
    page = client.get(f"/anmalan/{token}/").content.decode()
    assert f"/anmalan/{token}/uppgifter.json" in page and f"/anmalan/{token}/ta-bort/" in page


def test_a_yes_or_no_question_is_answered_on_the_form_and_shown_as_said(client, make_event):
    event = make_event()
    services.add_question(event=event, actor=None, text="Behöver du hörslinga?", kind="yes_no", required=True)
    question = event.questions.get()
    token = _token(_register(client, event, **{f"fraga_{question.pk}": "yes"}))
    assert Registration.objects.get(token=token).answers.get().value == "yes"
    page = client.get(f"/anmalan/{token}/").content.decode()
    assert "Behöver du hörslinga?</dt><dd>Ja</dd>" in page


def _held(event) -> None:
    """The event's session moved to yesterday: it is over."""
    yesterday = timezone.now() - datetime.timedelta(days=1)
    event.sessions.update(starts_at=yesterday - datetime.timedelta(hours=2), ends_at=yesterday)


def test_after_the_event_nobody_registers_or_cancels_and_nobody_moves_up(client, make_event, personas):
    event = make_event(capacity=1)
    seated = _token(_register(client, event))
    waiting = _token(_register(client, event, email="per@example.se", name="Per Ek"))
    _held(event)
    late = _register(client, event, email="sen@example.se", name="Sen Anmälan")
    assert late.status_code == 200 and "Evenemanget har redan ägt rum." in late.content.decode()
    refused = client.post(f"/anmalan/{seated}/avboka/", follow=True)
    assert "Evenemanget har redan ägt rum, så anmälan kan inte avbokas." in refused.content.decode()
    assert "Avboka min plats" not in client.get(f"/anmalan/{seated}/").content.decode()
    # the organiser may still correct the list, but the seat goes to nobody afterwards
    services.cancel(Registration.objects.get(token=seated), actor=personas["coordinator"])
    assert Registration.objects.get(token=waiting).status == RegistrationStatus.WAITLISTED
    assert Registration.objects.filter(event=event).count() == 2


def test_the_waitlist_confirmation_has_no_video_link(client, make_event, run_worker):
    event = make_event(capacity=1)
    event.sessions.update(video_link="https://meet.example/hemlig")
    _token(_register(client, event))
    _token(_register(client, event, email="per@example.se", name="Per Ek"))
    run_worker()
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "https://meet.example/hemlig" in by_to["karin.berg@example.se"].body
    assert "https://meet.example/hemlig" not in by_to["per@example.se"].body


def test_changing_one_s_details_keeps_an_organisation_that_is_no_longer_a_party(client, make_event, world):
    from samverkan.organisations.models import OrganisationKind
    from tests.factories import OrganisationFactory

    event = make_event()
    former = OrganisationFactory(name="Före detta partner", kind=OrganisationKind.OTHER)
    registration = services.register(
        event, name="Karin Berg", email="karin.berg@example.se", category="other", organisation=former
    )
    client.post(
        f"/anmalan/{registration.token}/", {"name": "Karin B", "category": "other", "organisation": str(former.pk)}
    )
    registration.refresh_from_db()
    assert (registration.name, registration.organisation) == ("Karin B", former)
