"""The events app's part of the data generator (`samverkan generate`): an event for every activity,
with a session and registrations.

`events` (order 70) reads `shared["collaborations"]` and `shared["activities"]` (plans' part) and
writes `shared["events"]` (collaboration id → list of event ids). Each activity gets one published
event in its year, with a capacity or none, a registration window and one session after it, and
22–56 registrations (at national scale about 5 400 events and 200 000 registrations): a seat while
there is one (`rules.seat_status`), then the waitlist at positions 1, 2, … in order, and about one
in twenty cancelled. Registrants come from the collaboration's parties (municipality, authority)
or from companies and the public, of every gender. Tokens are drawn from the seed like everything
else, so they are not secret: generated data is for the benchmark only.
"""

from __future__ import annotations

import datetime

from samverkan.collaborations.generation import Context
from samverkan.events import rules
from samverkan.events.models import Category, Event, EventSession, EventStatus, Registration, RegistrationGender
from samverkan.organisations.models import Party
from samverkan.plans.models import Activity

BATCH = 2000
FIRST = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Per", "Elin", "Nils", "Ida", "Ali", "Fatima",
         "Kim"]  # fmt: skip
LAST = ["Berg", "Lind", "Holm", "Nilsson", "Öberg", "Sandström", "Lundgren", "Strand", "Hassan", "Marklund"]
COMPANIES = ["Norrlands Bygg AB", "Skogsentreprenad i Norr", "Miljökonsult AB", "Åkeri Nord", "Bilskroten AB"]
CAPACITIES = [None, 15, 20, 30, 40, 60]
CATEGORIES = [Category.MUNICIPALITY] * 5 + [Category.AUTHORITY, Category.BUSINESS, Category.BUSINESS, Category.CITIZEN,
              Category.CITIZEN, Category.OTHER]  # fmt: skip
GENDERS = [RegistrationGender.WOMAN] * 5 + [RegistrationGender.MAN] * 4 + [RegistrationGender.OTHER,
           RegistrationGender.NOT_STATED]  # fmt: skip


def events(ctx: Context) -> None:
    rng = ctx.rng
    events_of: dict[int, list[int]] = {}
    pending: list[Registration] = []
    for collaboration in ctx.progress.iterate(
        "events and registrations", ctx.shared["collaborations"], len(ctx.shared["collaborations"])
    ):
        activity_ids = [a[0] for a in ctx.shared.get("activities", {}).get(collaboration.pk, [])]
        activities = Activity.objects.filter(pk__in=activity_ids).order_by("pk")
        parties = list(
            Party.objects.filter(collaboration=collaboration)
            .order_by("key")
            .values_list("organisation_id", "organisation__kind")
        )
        municipalities = [o for o, kind in parties if kind == "municipality"] or [o for o, _kind in parties]
        authorities = [o for o, kind in parties if kind != "municipality"] or municipalities

        created: list[tuple[Event, datetime.datetime]] = []
        for activity in activities:
            opens = datetime.datetime(activity.year, 1, 10, 8, 0, tzinfo=datetime.UTC) + datetime.timedelta(
                days=rng.randrange(0, 300)
            )
            closes = opens + datetime.timedelta(days=rng.choice([14, 21, 30]))
            event = Event(
                collaboration=collaboration,
                activity=activity,
                title=activity.title,
                description=activity.description,
                for_municipalities=activity.for_municipalities,
                for_business=activity.for_business,
                for_citizens=activity.for_citizens,
                capacity=rng.choice(CAPACITIES),
                registration_opens=opens,
                registration_closes=closes,
                public=rng.random() < 0.6,
                status=EventStatus.PUBLISHED,
                created_at=opens - datetime.timedelta(days=7),
            )
            created.append((event, closes))
        Event.objects.bulk_create([e for e, _closes in created], batch_size=BATCH)
        EventSession.objects.bulk_create(
            [
                EventSession(
                    event=event,
                    starts_at=closes + datetime.timedelta(days=7, hours=1),
                    ends_at=closes + datetime.timedelta(days=7, hours=4),
                    place=collaboration.county or "",
                )
                for event, closes in created
            ],
            batch_size=BATCH,
        )
        events_of[collaboration.pk] = [e.pk for e, _closes in created]

        for event, _closes in created:
            assert event.registration_opens is not None
            confirmed = position = 0
            for n in range(rng.randint(22, 56)):
                category = rng.choice(CATEGORIES)
                organisation = None
                text = ""
                if category == Category.MUNICIPALITY:
                    organisation = rng.choice(municipalities)
                elif category == Category.AUTHORITY:
                    organisation = rng.choice(authorities)
                elif category in (Category.BUSINESS, Category.OTHER):
                    text = rng.choice(COMPANIES)
                registration = Registration(
                    event=event,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email=f"deltagare{n}.e{event.pk}@example.se",
                    organisation_id=organisation,
                    organisation_text=text,
                    category=category,
                    gender=rng.choice(GENDERS),
                    token=f"{rng.getrandbits(192):048x}",
                    created_at=event.registration_opens + datetime.timedelta(hours=n, minutes=rng.randrange(60)),
                )
                if rng.random() < 0.05:
                    registration.status = "cancelled"
                    registration.cancelled_at = registration.created_at + datetime.timedelta(days=1)
                elif rules.seat_status(event.capacity, confirmed) == "confirmed":
                    registration.status = "confirmed"
                    confirmed += 1
                else:
                    position += 1
                    registration.status, registration.waitlist_position = "waitlisted", position
                pending.append(registration)
            if len(pending) >= BATCH:
                Registration.objects.bulk_create(pending, batch_size=BATCH)
                pending = []
    Registration.objects.bulk_create(pending, batch_size=BATCH)
    ctx.shared["events"] = events_of
