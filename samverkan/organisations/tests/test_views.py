"""Pages for groups, organisations and people, as each persona sees them."""

import pytest
from django.urls import reverse

from samverkan.audit.models import AuditEntry
from samverkan.organisations.models import Membership, Person

SLUG = "miljosamverkan-vasterbotten"


def test_the_group_page_shows_members_by_organisation(client_for, world):
    response = client_for("anonymous").get(reverse("group_detail", args=[SLUG, world.sg.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "17 medlemmar, efter organisation" in html
    assert world.people["umea"].full_name in html and "Region Västerbotten" in html


def test_anonymous_visitors_never_see_email_or_phone(client_for, world):
    client = client_for("anonymous")
    for url in (
        reverse("group_detail", args=[SLUG, world.sg.pk]),
        reverse("person_list", args=[SLUG]),
        reverse("person_detail", args=[SLUG, world.people["umea"].pk]),
        reverse("organisation_detail", args=[SLUG, world.municipality("2480").pk]),
    ):
        html = client.get(url).content.decode()
        assert "@example.se" not in html and "090-123" not in html, url


def test_participants_see_email_and_phone(client_for, world):
    html = client_for("officer").get(reverse("group_detail", args=[SLUG, world.sg.pk])).content.decode()
    assert "umea@example.se" in html


def test_an_outsider_sees_no_contact_details(client_for, world):
    html = client_for("outsider").get(reverse("person_list", args=[SLUG])).content.decode()
    assert "@example.se" not in html


def test_the_gender_breakdown_hides_counts_under_three(client_for, world):
    people = list(world.sg.memberships.select_related("person"))
    for m in people:
        m.person.gender = "woman"
        m.person.save()
    people[0].person.gender = "other"
    people[0].person.save()
    html = client_for("anonymous").get(reverse("group_detail", args=[SLUG, world.sg.pk])).content.decode()
    assert "&lt; 3" in html
    # 17 members, 16 women and 1 other: the 16 is hidden too, or the total would reveal the one
    assert '<td class="num">16</td>' not in html and '<td class="num">x</td>' in html


def test_the_coordinator_adds_a_member_and_the_change_is_audited(client_for, world):
    client = client_for("coordinator")
    person = world.people["dorotea"]
    response = client.post(
        reverse("membership_add", args=[SLUG, world.st.pk]),
        {"person": person.pk, "role": "member", "started_on": "2026-11-27"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(group=world.st, person=person)
    assert AuditEntry.objects.for_object(membership).get().actor.username == "samordnare"
    html = client.get(reverse("group_detail", args=[SLUG, world.st.pk])).content.decode()
    assert "Ändringshistorik" in html


def test_bad_input_gets_a_swedish_message_and_changes_nothing(client_for, world):
    client = client_for("coordinator")
    before = Membership.objects.count()
    response = client.post(
        reverse("membership_add", args=[SLUG, world.sg.pk]),
        {"person": world.people["umea"].pk, "role": "member", "started_on": "2026-11-27"},
    )
    assert response.status_code == 200
    assert "redan med i Samverkansgruppen" in response.content.decode()
    response = client.post(
        reverse("membership_add", args=[SLUG, world.sg.pk]),
        {"person": world.people["umea"].pk, "role": "kung", "started_on": "inte ett datum"},
    )
    html = response.content.decode()
    assert "Fyll i ett giltigt datum" in html and "Välj ett giltigt alternativ" in html
    assert Membership.objects.count() == before


def test_ending_a_membership_from_the_page(client_for, world):
    membership = Membership.objects.get(group=world.sg, person=world.people["vindeln"])
    response = client_for("coordinator").post(
        reverse("membership_end", args=[SLUG, membership.pk]), {"ended_on": "2026-11-26"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert str(membership.ended_on) == "2026-11-26"


def test_a_working_group_without_a_mandate_is_refused_on_the_page(client_for, world, sg_decision):
    response = client_for("coordinator").post(
        reverse("working_group_create", args=[SLUG]),
        {"name": "AG", "purpose": "Syfte", "mandate": "", "started_on": "2026-11-27"},
    )
    assert response.status_code == 200
    assert "Detta fält måste fyllas i" in response.content.decode()


def test_the_working_group_form_offers_only_the_appointing_bodys_decisions(client_for, world, sg_decision):
    from samverkan.meetings import minutes as minutes_service
    from samverkan.meetings.models import Meeting

    support_meeting = Meeting.objects.filter(group=world.st).first()
    minutes = minutes_service.start_minutes(meeting=support_meeting, actor=None)
    minutes_service.add_minute_item(
        minutes=minutes, title="Stödgruppens förslag", actor=None, decision="Stödgruppen föreslår en arbetsgrupp."
    )
    page = client_for("coordinator").get(reverse("working_group_create", args=[SLUG])).content.decode()
    assert "Beslutet av Samverkansgruppen som tillsätter" in page
    assert "Arbetsgrupp dagvatten" in page and "Stödgruppens förslag" not in page


def test_a_member_may_edit_their_own_details_but_not_others(client_for, world):
    client = client_for("member")
    own = reverse("person_edit", args=[SLUG, world.people["umea"].pk])
    other = reverse("person_edit", args=[SLUG, world.people["lycksele"].pk])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 403


def test_the_chair_cannot_change_the_host(client_for, world):
    assert client_for("chair").get(reverse("host_change", args=[SLUG])).status_code == 403


@pytest.mark.parametrize("name", ["group_list", "organisation_list", "person_list"])
def test_list_pages_use_a_fixed_number_of_queries(client_for, world, django_assert_max_num_queries, name):
    client = client_for("coordinator")
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name, args=[SLUG])).status_code == 200


def test_organisation_page_shows_population_with_swedish_grouping(client_for, world):
    from pathlib import Path

    from django.conf import settings

    from samverkan.organisations.services import import_populations

    import_populations(path=Path(settings.BASE_DIR) / "data" / "municipalities-vasterbotten.csv", actor=None)
    html = client_for("anonymous").get(reverse("organisation_list", args=[SLUG])).content.decode()
    assert "134\xa0249" in html


def test_an_ended_working_group_is_kept_under_ended_groups(client_for, world, sg_decision):
    import datetime

    from samverkan.organisations import services

    group = services.create_working_group(
        collaboration=world.collaboration,
        appointed_by=sg_decision,
        name="Arbetsgrupp vindkraft",
        purpose="Syfte",
        mandate="Uppdrag",
        started_on=datetime.date(2025, 3, 1),
        actor=None,
    )
    services.update_group(group=group, actor=None, decision=sg_decision, ended_on=datetime.date(2025, 12, 31))
    html = client_for("anonymous").get(reverse("group_list", args=[SLUG])).content.decode()
    ended = html.split("Avslutade grupper")[1]
    assert "Arbetsgrupp vindkraft" in ended and "31 december 2025" in ended


def test_a_host_change_shows_in_the_history_for_the_coordinator_only(client_for, world):
    import datetime

    from samverkan.organisations import services

    services.change_host(
        collaboration=world.collaboration,
        organisation=world.municipality("2480"),
        started_on=datetime.date(2027, 1, 1),
        actor=None,
    )
    url = reverse("collaboration", args=[SLUG])
    assert "Ändringshistorik" in client_for("coordinator").get(url).content.decode()
    assert "Ändringshistorik" not in client_for("chair").get(url).content.decode()
    org_url = reverse("organisation_detail", args=[SLUG, world.municipality("2480").pk])
    assert "Ändringshistorik" in client_for("coordinator").get(org_url).content.decode()


def test_the_coordinator_edits_an_organisation_its_unit_and_population(client_for, world):
    from samverkan.organisations.models import Population

    norsjo, mala = world.municipality("2417"), world.municipality("2418")
    client = client_for("coordinator")
    for org in (norsjo, mala):
        response = client.post(
            reverse("organisation_edit", args=[SLUG, org.pk]),
            {
                "name": org.name,
                "municipality_code": org.municipality_code,
                "supervision_unit": "Miljökontoret Malå–Norsjö",
                "population_year": "2025",
                "population": "4000",
            },
        )
        assert response.status_code == 302
    html = client.get(reverse("organisation_detail", args=[SLUG, mala.pk])).content.decode()
    assert "delas av" in html and "Norsjö" in html
    assert Population.objects.get(organisation=mala, year=2025).count == 4000
    assert AuditEntry.objects.for_object(mala).filter(action="set_supervision_unit").exists()


def test_a_bad_municipality_code_is_refused_and_nothing_changes(client_for, world):
    umea = world.municipality("2480")
    response = client_for("coordinator").post(
        reverse("organisation_edit", args=[SLUG, umea.pk]),
        {
            "name": "Umeå kommun",
            "municipality_code": "2482",
            "supervision_unit": "Ny enhet",
            "population_year": "2025",
            "population": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "används redan" in html
    response = client_for("coordinator").post(
        reverse("organisation_edit", args=[SLUG, umea.pk]),
        {"name": "Umeå kommun", "municipality_code": "2480", "population_year": "2025", "population": ""},
    )
    assert "både år och folkmängd" in response.content.decode()
    umea.refresh_from_db()
    assert umea.name == "Umeå" and not umea.supervision_units.exists()
    assert not AuditEntry.objects.for_object(umea).exclude(action="create_organisation").exists()


def test_gender_statistics_per_group_protect_small_counts(client_for, world):
    for key, gender in (
        ("umea", "woman"),
        ("lycksele", "woman"),
        ("vannas", "woman"),
        ("coordinator", "man"),
        ("cab", ""),
    ):
        Person.objects.filter(pk=world.people[key].pk).update(gender=gender)
    html = client_for("anonymous").get(reverse("gender_statistics", args=[SLUG])).content.decode()
    support_row = html.split(">Stödgruppen</a></th>")[1].split("</tr>")[0]
    # 3 women, 1 man, 0 other, 1 not stated: the two small counts are "< 3", the rest shown
    assert support_row.count('<td class="num">') == 5
    assert ">3<" in support_row and support_row.count("&lt; 3") == 2 and ">5<" in support_row
    detail = client_for("anonymous").get(reverse("group_detail", args=[SLUG, world.st.pk])).content.decode()
    shown = [cell.split("<")[0] for cell in detail.split("Sammansättning efter kön")[1].split('<td class="num">')[1:5]]
    assert shown == ["3", "&lt; 3", "0", "&lt; 3"]  # the group's page shows the very same cells


def test_no_one_s_gender_is_shown_per_organisation(client_for, world):
    # a municipality with one representative would show that person's gender
    Person.objects.filter(pk=world.people["cab"].pk).update(gender="woman")
    html = client_for("anonymous").get(reverse("gender_statistics", args=[SLUG])).content.decode()
    assert "Per organisation" not in html and "Länsstyrelsen Västerbotten</th>" not in html
    assert "ingen fördelning per organisation" in html
