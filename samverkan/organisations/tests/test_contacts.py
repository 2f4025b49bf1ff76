"""The contact list (CO2): search, filters, sorting, htmx partial, and exports that Excel opens safely."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samverkan.accounts.services import create_api_token
from samverkan.organisations.models import Person

SLUG = "miljosamverkan-vasterbotten"


@pytest.fixture
def listing(client_for, world):
    return client_for("officer"), reverse("contact_list", args=[SLUG])


def names(html: str, world) -> set[str]:
    return {key for key, p in world.people.items() if f"{p.last_name}, {p.first_name}" in html}


def test_the_list_shows_everyone_with_groups_roles_and_contacts(listing, world):
    client, url = listing
    Person.objects.filter(pk=world.people["dorotea"].pk).update(confirmed_at=None)
    html = client.get(url).content.decode()
    assert names(html, world) == set(world.people)
    assert "Samverkansgruppen: ordförande" in html and "skelleftea@example.se" in html
    assert html.count(">aldrig<") == 1  # Dorotea's representative has never confirmed


def test_search_and_filters_narrow_the_list(listing, world):
    client, url = listing
    assert names(client.get(url, {"q": "lycksele@"}).content.decode(), world) == {"lycksele"}
    support = names(client.get(url, {"group": world.st.pk}).content.decode(), world)
    assert support == {"umea", "lycksele", "vannas", "coordinator", "cab"}
    chairs = names(client.get(url, {"role": "chair"}).content.decode(), world)
    assert chairs == {"skelleftea"}
    vannas = world.municipality("2460")
    assert names(client.get(url, {"organisation": vannas.pk}).content.decode(), world) == {"vannas", "officer"}


def test_columns_sort_both_ways(listing, world):
    client, url = listing
    up = client.get(url, {"sort": "organisation"}).content.decode().split("<tbody>")[1]
    down = client.get(url, {"sort": "organisation", "riktning": "fallande"}).content.decode()
    assert 'aria-sort="descending"' in down
    down = down.split("<tbody>")[1]
    # Swedish order: … Vännäs, Åsele, Örnsköldsvik would follow Z
    assert up.index("Bjurholm") < up.index("Vännäs") < up.index("Åsele")
    assert down.index("Åsele") < down.index("Vännäs") < down.index("Bjurholm")


def test_htmx_gets_only_the_results(listing, world):
    client, url = listing
    partial = client.get(url, {"q": "umea@"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "1 person." in partial


def test_nonsense_filters_are_ignored_not_an_error(listing, world):
    client, url = listing
    response = client.get(url, {"group": "x", "role": "kung", "sort": "hacka"})
    assert response.status_code == 200 and names(response.content.decode(), world) == set(world.people)


def test_the_list_uses_a_fixed_number_of_queries(listing, django_assert_max_num_queries):
    client, url = listing
    with django_assert_max_num_queries(10):
        client.get(url)


def test_csv_export_is_for_swedish_excel_and_respects_the_filter(listing, world):
    client, _url = listing
    person = world.people["umea"]
    person.first_name, person.last_name = "Åsa", '=HYPERLINK("http://x")'
    person.save()
    response = client.get(reverse("contact_export", args=[SLUG, "csv"]), {"group": world.st.pk})
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Förnamn", "Efternamn"]
    assert len(rows) == 1 + 5
    assert ["Åsa", '\'=HYPERLINK("http://x")'] in [r[:2] for r in rows]


def test_xlsx_export_has_a_frozen_bold_header_and_text_cells(listing, world):
    client, _url = listing
    person = world.people["umea"]
    person.last_name = "=1+1"
    person.save()
    response = client.get(reverse("contact_export", args=[SLUG, "xlsx"]), {"q": "umea@"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet["B2"].value == "=1+1" and sheet["B2"].data_type == "s"  # text, not a formula
    assert sheet.column_dimensions["F"].width > 10


def test_vcard_export_one_or_all(listing, world):
    client, _url = listing
    all_cards = client.get(reverse("contact_export", args=[SLUG, "vcf"])).content.decode()
    assert all_cards.count("BEGIN:VCARD") == len(world.people)
    one = client.get(reverse("person_vcard", args=[SLUG, world.people["umea"].pk])).content.decode()
    assert one.count("BEGIN:VCARD") == 1 and "EMAIL;TYPE=INTERNET,WORK:umea@example.se" in one


def test_the_api_lists_and_exports_with_the_same_filters(client, world, personas):
    _token, plain = create_api_token(user=personas["officer"], name="t", actor=None)
    auth = {"Authorization": f"Bearer {plain}"}
    base = f"/api/v1/collaborations/{SLUG}/contacts"
    rows = client.get(base, {"role": "chair"}, headers=auth).json()
    assert [r["email"] for r in rows] == ["skelleftea@example.se"]
    export = client.get(f"{base}/export/csv", {"role": "chair"}, headers=auth)
    assert export.content.startswith(b"\xef\xbb\xbf") and b"skelleftea@example.se" in export.content
    assert client.get(base).status_code == 403
