"""Shared fixtures: the Västerbotten collaboration loaded from its model file, and the personas.

Personas (see design.md): coordinator, chair, support-group member, member from another
municipality, municipal officer, outsider, anonymous, instance admin.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.agreement.services import load_collaboration_model
from samverkan.collaborations.models import Collaboration
from samverkan.meetings.models import Meeting
from samverkan.organisations.models import Group, Organisation, Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

MODEL = Path(django_settings.BASE_DIR) / "agreements" / "miljosamverkan-vasterbotten.toml"
SLUG = "miljosamverkan-vasterbotten"
START = datetime.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _swedish_by_default():
    """Every test starts in Swedish, whatever language an earlier test switched to."""
    from django.utils import translation

    with translation.override("sv"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (the local-memory one tests use): counts of the rate
    limits (logins, registrations) and cached charts of one test never reach the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _plain_static(settings, tmp_path_factory):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    collaboration: Collaboration
    sg: Group
    st: Group
    people: dict[str, Person]

    def municipality(self, code: str) -> Organisation:
        return Organisation.objects.get(municipality_code=code)

    def org(self, key: str) -> Organisation:
        return self.collaboration.parties.get(key=key).organisation


@pytest.fixture
def world(db) -> World:
    """Miljösamverkan Västerbotten fully staffed: every clause of SG1/ST1/CM1–CM3 holds."""
    collaboration = load_collaboration_model(path=MODEL, actor=None, today=START).collaboration
    sg = collaboration.groups.get(key="samverkansgruppen")
    st = collaboration.groups.get(key="stodgruppen")
    people: dict[str, Person] = {}
    for party in collaboration.parties.filter(organisation__kind="municipality").select_related("organisation"):
        person = PersonFactory(organisation=party.organisation, email=f"{party.key}@example.se")
        people[party.key] = person
        role = "chair" if party.key == "skelleftea" else "member"
        MembershipFactory(group=sg, person=person, role=role)
    region = collaboration.parties.get(key="region").organisation
    cab = collaboration.parties.get(key="lansstyrelsen").organisation
    people["coordinator"] = PersonFactory(organisation=region, email="samordnare@example.se")
    people["cab"] = PersonFactory(organisation=cab, email="lst@example.se")
    for group in (sg, st):
        MembershipFactory(group=group, person=people["coordinator"], role="coordinator")
        MembershipFactory(group=group, person=people["cab"], role="cab_representative")
    for key in ("umea", "lycksele", "vannas"):
        MembershipFactory(group=st, person=people[key])
    people["officer"] = PersonFactory(organisation=people["vannas"].organisation, email="inspektor@example.se")
    people["officer"].registered_in.add(collaboration)  # on the contact list, in no group
    Person.objects.update(confirmed_at=timezone.now())  # everyone confirmed: CO2 holds too
    year = timezone.localdate().year  # and this year's meetings keep SG3 and ST3
    for group, months in ((sg, (5, 10)), (st, (2, 3, 5, 8, 9, 11))):
        for month in months:
            start = datetime.datetime(year, month, 12, 9, 0, tzinfo=timezone.get_current_timezone())
            Meeting.objects.create(
                group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=3), place="Umeå"
            )
    for person in people.values():
        person.refresh_from_db()
    return World(collaboration, sg, st, people)


def _user_for(person: Person | None, username: str, **extra) -> User:
    user = UserFactory(username=username, **extra)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


@pytest.fixture
def personas(world, settings) -> dict[str, User | None]:
    """username → logged-in user for every persona; "anonymous" → None. Demo mode is on so
    coordinators and admins are not sent to set up two-factor first."""
    settings.DEMO_MODE = True
    outsider_org = OrganisationFactory(name="Konsultbolaget AB")
    return {
        "anonymous": None,
        "admin": _user_for(None, "admin", is_superuser=True, is_staff=True),
        "coordinator": _user_for(world.people["coordinator"], "samordnare"),
        "chair": _user_for(world.people["skelleftea"], "ordforande"),
        "support": _user_for(world.people["lycksele"], "stod"),
        "member": _user_for(world.people["umea"], "umea"),
        "officer": _user_for(world.people["officer"], "inspektor"),
        "outsider": _user_for(PersonFactory(organisation=outsider_org), "utomstaende"),
    }


@pytest.fixture
def client_for(client, personas):
    def login(persona: str):
        user = personas[persona]
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def sg_decision(world):
    """A decision (§) of the collaboration group appointing a working group, as AG1 requires."""
    from samverkan.meetings import minutes as minutes_service
    from samverkan.meetings.models import MeetingStatus

    start = timezone.now() - datetime.timedelta(days=1)
    meeting = Meeting.objects.create(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=MeetingStatus.HELD
    )
    minutes = minutes_service.start_minutes(meeting=meeting, actor=None)
    item = minutes_service.add_minute_item(
        minutes=minutes,
        title="Arbetsgrupp dagvatten",
        actor=None,
        decision="Samverkansgruppen tillsätter en arbetsgrupp för dagvatten.",
        decision_kind="working_group",
    )
    return item.decision


@pytest.fixture
def approved_decision(sg_decision):
    """`sg_decision` in minutes that are approved, as assignments require."""
    from samverkan.meetings.models import Minutes

    Minutes.objects.filter(pk=sg_decision.item.minutes_id).update(status="approved", approved_at=timezone.now())
    sg_decision.item.minutes.refresh_from_db()
    return sg_decision


@pytest.fixture
def give_assignment(world, approved_decision):
    """Give an assignment by `approved_decision` through the service: by default "Checklista" to
    the coordinator, due 31 January next year; `owner_person=` gives it to that person, and any
    other field of `create_assignment` may be given."""
    from samverkan.plans import services
    from samverkan.plans.models import Assignment

    def give(*, owner_person: Person | None = None, **fields) -> Assignment:
        defaults = {
            "decision": approved_decision,
            "title": "Checklista",
            "description": "",
            "owner_kind": "person" if owner_person else "coordinator",
            "owner_group": None,
            "owner_person": owner_person,
            "due_on": datetime.date(timezone.localdate().year + 1, 1, 31),
        }
        return services.create_assignment(collaboration=world.collaboration, actor=None, **{**defaults, **fields})

    return give
