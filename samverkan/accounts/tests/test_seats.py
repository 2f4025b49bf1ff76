"""The permission mechanism reads people's seats from the organisations app, which registers its
reader when it loads; the two agree on what the deciding body is called."""

from samverkan.accounts import permissions
from samverkan.organisations.access import seats_for
from samverkan.organisations.models import GroupKind


def test_the_mechanism_names_the_deciding_body_as_the_organisations_app_does() -> None:
    assert permissions.COLLABORATION_GROUP == GroupKind.COLLABORATION_GROUP


def test_the_organisations_app_registers_its_seat_reader_when_it_loads() -> None:
    assert seats_for in permissions._SEAT_SOURCES


def test_a_member_of_the_deciding_body_has_their_seats_and_the_coordinator_manages(world, personas) -> None:
    """Seats, roles and the deciding body come through the registered reader."""
    chair = permissions.access_for(personas["chair"], world.collaboration)
    assert chair.person_id == world.people["skelleftea"].pk
    assert chair.collaboration_group_ids == {world.sg.pk} and chair.holds(world.sg.pk, "chair")
    assert not chair.manages and not permissions.is_coordinator_anywhere(personas["chair"])
    coordinator = permissions.access_for(personas["coordinator"], None)
    assert coordinator.manages == {world.collaboration.pk}
    assert permissions.is_coordinator_anywhere(personas["coordinator"])
    assert permissions.access_for(personas["admin"], world.collaboration).person_id is None  # no person
