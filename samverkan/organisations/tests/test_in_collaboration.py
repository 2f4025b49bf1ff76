"""`Person.objects.in_collaboration`: the people who hold a seat there or were registered there,
each once, answered by primary key from one UNION of their ids rather than by joins sorted through
DISTINCT or an EXISTS per person."""

from samverkan.collaborations.models import Collaboration
from samverkan.organisations.models import Person
from tests.factories import GroupFactory, MembershipFactory, OrganisationFactory, PersonFactory


def test_people_of_a_collaboration_are_its_members_and_registered_people_each_once(world):
    umea = world.org("umea")
    both = PersonFactory(organisation=umea, last_name="Båda")
    both.registered_in.add(world.collaboration)
    MembershipFactory(group=world.st, person=both, organisation=umea)
    MembershipFactory(group=world.sg, person=both, organisation=umea)
    only_registered = PersonFactory(organisation=umea, last_name="Registrerad")
    only_registered.registered_in.add(world.collaboration)
    another = Collaboration.objects.create(slug="annan", name="Annan samverkan", sector="miljö", model_source="")
    other = GroupFactory(collaboration=another, name="Annan grupp")
    elsewhere = PersonFactory(organisation=OrganisationFactory(name="Annan kommun"), last_name="Annanstans")
    MembershipFactory(group=other, person=elsewhere, organisation=elsewhere.organisation)
    elsewhere.registered_in.add(another)

    people = list(Person.objects.in_collaboration(world.collaboration))

    assert people.count(both) == 1
    assert only_registered in people
    assert elsewhere not in people
    assert set(people) == set(world.people.values()) | {both, only_registered}
    assert list(Person.objects.in_collaboration(another)) == [elsewhere]


def test_the_query_reads_people_by_the_ids_of_one_union_not_every_person(world):
    """The plan is what grows: a DISTINCT sorts every seat, an EXISTS per person reads every
    person of every collaboration. The query asks for the ids of the collaboration's seats and
    registrations in one UNION, and people by those ids."""
    sql = str(Person.objects.in_collaboration(world.collaboration).query).upper()
    assert "UNION" in sql and '"ID" IN (' in sql
    assert "DISTINCT" not in sql and "EXISTS" not in sql
