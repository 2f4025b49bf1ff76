"""Importing the existing contact list: preview per row, then one all-or-nothing commit."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from samverkan.audit.models import AuditEntry
from samverkan.lib.errors import DomainError
from samverkan.organisations import services
from samverkan.organisations.models import ContactImport, Organisation, Person

SLUG = "miljosamverkan-vasterbotten"
MUNICIPALITIES = [
    "Nordmaling",
    "Bjurholm",
    "Vindeln",
    "Robertsfors",
    "Norsjö",
    "Malå",
    "Storuman",
    "Sorsele",
    "Dorotea",
    "Vännäs",
    "Vilhelmina",
    "Åsele",
    "Umeå",
    "Lycksele",
    "Skellefteå",
]


def swedish_excel_csv(rows: int = 100) -> bytes:
    """What Swedish Excel writes with "CSV (semikolonavgränsad)": Windows-1252, ';', CRLF."""
    lines = ["Förnamn;Efternamn;Titel;Organisation;E-post;Telefon;Anteckning"]
    for i in range(rows):
        town = MUNICIPALITIES[i % 15]
        lines.append(f"Åsa{i};Öberg-Ärlig;Miljöinspektör;{town};asa.{i}@kommun.se;090-{i:03d} 00;fri text")
    return "\r\n".join(lines).encode("cp1252")


def run_preview(world, data: bytes, filename: str = "kontakter.csv"):
    return services.preview_contact_import(collaboration=world.collaboration, data=data, filename=filename, actor=None)


def test_a_swedish_excel_csv_with_100_rows_imports_correctly(world, personas):
    before = Person.objects.count()
    pending, preview = run_preview(world, swedish_excel_csv(100))
    assert preview.count("create") == 100 and preview.refused == []
    assert preview.ignored_columns == ["Anteckning"]
    assert Person.objects.count() == before  # the preview writes nobody
    services.commit_contact_import(pending=pending, actor=personas["coordinator"])
    assert Person.objects.count() == before + 100
    person = Person.objects.get(email="asa.14@kommun.se")
    assert (person.first_name, person.last_name, person.organisation.name) == ("Åsa14", "Öberg-Ärlig", "Skellefteå")
    assert AuditEntry.objects.filter(action="create_person", actor=personas["coordinator"]).count() == 100


def test_utf8_with_bom_and_commas_and_english_headers(world):
    data = "\ufeffFirst name,Last name,Organization,E-mail,Phone\nÅke,Ström,Umeå,ake@umea.se,+46 90 16 10 00\n"
    _pending, preview = run_preview(world, data.encode("utf-8"))
    assert preview.count("create") == 1 and preview.rows[0].values["phone"] == "+46 90 16 10 00"


def test_a_known_email_updates_that_person_and_shows_what_changes(world):
    data = "Förnamn;Efternamn;Organisation;E-post;Telefon\nNy;Namn;Umeå;UMEA@example.se;070-1\n".encode()
    pending, preview = run_preview(world, data)
    assert preview.rows[0].action == "update"
    assert {"first_name", "last_name", "phone"} <= set(preview.rows[0].changes)
    services.commit_contact_import(pending=pending, actor=None)
    person = world.people["umea"]
    person.refresh_from_db()
    assert (person.first_name, person.phone) == ("Ny", "070-1")


def test_xlsx_imports_too(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Förnamn", "Efternamn", "Kommun", "E-post"])
    sheet.append(["Karl", "Åkesson", "2480", "karl@umea.se"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _pending, preview = run_preview(world, buffer.getvalue(), "lista.xlsx")
    assert preview.count("create") == 1


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "k.csv", "tom"),
        (b"   \r\n ", "k.csv", "tom"),
        (b"\x00" * (5 * 1024 * 1024), "k.csv", "för stor"),
        (b"PK\x03\x04 not really", "k.xlsx", "inte en Excel-fil"),
        (b"%PDF-1.7", "k.pdf", "Filtypen stöds inte"),
        (b"Namn;Telefon\nA;1\n", "k.csv", "saknar kolumnerna"),
        (b"F\xf6rnamn;Efternamn;Organisation;E-post\n\x81\x8d\x8f;x;Ume\xe5;a@b.se\n", "k.csv", "teckenkodning"),
        (b"F\xc3\xb6rnamn;Efternamn;Organisation;E-post\n", "k.csv", "ingen rad under rubrikraden"),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message_and_nothing_is_written(world, data, filename, message):
    before = (Person.objects.count(), ContactImport.objects.count())
    with pytest.raises(DomainError, match=message):
        run_preview(world, data, filename)
    assert (Person.objects.count(), ContactImport.objects.count()) == before


def test_bad_rows_are_refused_with_a_reason_each(world):
    data = "\n".join(
        [
            "Förnamn;Efternamn;Organisation;E-post;Telefon",
            '=HYPERLINK("http://x";"klicka");Ond;Umeå;ond@x.se;1',
            "Dubbel;Ett;Umeå;dubbel@x.se;",
            "Dubbel;Två;Umeå;DUBBEL@x.se;",
            "Okänd;Org;Stockholm;okand@x.se;",
            "Utan;Epost;Umeå;;",
            "Fel;Epost;Umeå;inte-en-adress;",
            "Bra;Rad;Umeå;bra@x.se;+46 90 12 34 56",
        ]
    ).encode()
    pending, preview = run_preview(world, data)
    reasons = {row.values["first_name"] or row.line: " ".join(row.errors) for row in preview.rows}
    assert "ser ut som en formel" in reasons['=HYPERLINK("http://x"']
    assert "finns på flera rader" in reasons["Dubbel"]
    assert "inte part i samverkan" in reasons["Okänd"]
    assert "e-post saknas" in reasons["Utan"]
    assert "inte giltig" in reasons["Fel"]
    assert reasons["Bra"] == ""  # a phone number starting with + is not a formula
    before = Person.objects.count()
    with pytest.raises(DomainError, match="6 rader kan inte importeras"):
        services.commit_contact_import(pending=pending, actor=None)
    assert Person.objects.count() == before  # not even the good row


def test_the_commit_is_all_or_nothing_when_the_data_changed_after_the_preview(world):
    data = "Förnamn;Efternamn;Organisation;E-post\nA;A;Umeå;a@x.se\nB;B;Umeå;b@x.se\n".encode()
    pending, preview = run_preview(world, data)
    assert preview.refused == []
    party = world.collaboration.parties.get(key="umea")
    party.ended_on = party.started_on  # Umeå leaves the collaboration before the commit
    party.save()
    with pytest.raises(DomainError, match="2 rader"):
        services.commit_contact_import(pending=pending, actor=None)
    assert not Person.objects.filter(email__in=["a@x.se", "b@x.se"]).exists()


def test_an_import_cannot_be_committed_twice(world):
    pending, _preview = run_preview(world, "Förnamn;Efternamn;Organisation;E-post\nA;A;Umeå;a@x.se\n".encode())
    services.commit_contact_import(pending=pending, actor=None)
    with pytest.raises(DomainError, match="redan"):
        services.commit_contact_import(pending=pending, actor=None)


def test_the_pages_upload_preview_and_commit(client_for, world):
    client = client_for("coordinator")
    upload = SimpleUploadedFile("kontakter.csv", swedish_excel_csv(3), content_type="text/csv")
    response = client.post(reverse("contact_import", args=[SLUG]), {"file": upload})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "3 nya, 0 uppdateras, 0 oförändrade, 0 kan inte importeras." in html and "Åsa0" in html
    response = client.post(response["Location"], {"action": "genomfor"})
    assert response.status_code == 302
    assert Person.objects.filter(email__endswith="@kommun.se").count() == 3


def test_the_upload_page_shows_a_file_error_in_swedish(client_for, world):
    upload = SimpleUploadedFile("bild.png", b"\x89PNG....", content_type="image/png")
    html = client_for("coordinator").post(reverse("contact_import", args=[SLUG]), {"file": upload}).content.decode()
    assert "Filtypen stöds inte" in html and 'role="alert"' in html


def test_organisations_are_known_by_code_name_official_name_and_alias_in_any_case(world):
    lines = ["Förnamn;Efternamn;Organisation;E-post"]
    for i, organisation in enumerate(
        [
            "Vindelns kommun",  # the official names (SCB spelling)
            "Storumans kommun",
            "STORUMANS KOMMUN",
            "  vindelns   kommun ",
            "Nordmalings kommun",
            "Umeå kommun",
            "Robertsfors kommun",
            "2404",  # the municipality code
            "storuman",  # the name
            "Länsstyrelsen i Västerbottens län",  # the official name of the county administrative board
            "Länsstyrelsen Västerbotten",
            "Region Västerbotten",
        ]
    ):
        lines.append(f"Test;Person{i};{organisation};test{i}@example.se")
    _pending, preview = run_preview(world, "\n".join(lines).encode())
    assert [r.errors for r in preview.rows if r.errors] == []
    names = [Organisation.objects.get(pk=r.organisation_id).name for r in preview.rows]
    expected = ["Vindeln", "Storuman", "Storuman", "Vindeln", "Nordmaling", "Umeå", "Robertsfors", "Vindeln"]
    assert names[:9] == [*expected, "Storuman"]
    assert names[9:] == ["Länsstyrelsen Västerbotten", "Länsstyrelsen Västerbotten", "Region Västerbotten"]


def test_a_name_that_is_no_party_is_still_refused(world):
    _pending, preview = run_preview(world, "Förnamn;Efternamn;Organisation;E-post\nA;B;Vindelns stad;a@b.se\n".encode())
    assert preview.rows[0].errors == ["Organisationen Vindelns stad är inte part i samverkan."]
