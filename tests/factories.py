"""factory_boy factories shared by the test suites."""

import datetime

import factory

from samverkan.accounts.models import User
from samverkan.organisations.models import Group, Membership, Organisation, Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    password = factory.django.Password("ett-langt-testlosenord")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "other"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    title = "Miljöinspektör"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.se")
    phone = "090-123 45 67"


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Arbetsgrupp {n}")
    kind = "working_group"
    purpose = "Syfte"
    mandate = "Uppdrag"
    started_on = datetime.date(2025, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda m: m.person.organisation)
    role = "member"
    started_on = datetime.date(2025, 1, 1)
