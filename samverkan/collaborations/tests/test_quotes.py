"""A model file that names its agreement text may quote only the agreement's own words."""

import dataclasses
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.collaborations.model_file import ModelFileError, parse_model, read_model_file
from samverkan.collaborations.quotes import quotes_in

AGREEMENTS = Path(settings.BASE_DIR) / "agreements"

AGREEMENT = """Organisation
Samverkansgruppen består av:
· 1 miljöansvarig från varje
  kommun, varav en är ordförande
- 3–4 representanter från kommunerna
• 1 representant från Länsstyrelsen
Ordförande är sammankallande och gruppens talesman om ingen annan utses. Samordnaren är sekreterare.
Region X åtar sig att vara ”huvudman” för samverkansgruppen.
"""

MODEL = """schema = 1
agreement_text = "avtal.sv.txt"

[collaboration]
slug = "prov"
name = "Provsamverkan"
sector = "Miljö"
started_on = 2025-01-01

[[parties]]
key = "region"
name = "Region X"
kind = "region"

[host]
party = "region"
clause = "CM3"
quote = 'Region X åtar sig att vara "huvudman" för samverkansgruppen.'

[[groups]]
key = "sg"
kind = "collaboration_group"
name = "Samverkansgruppen"
roles_clause = "SG4"
roles_quote = "Ordförande är sammankallande … Samordnaren är sekreterare."

  [[groups.composition]]
  clause = "SG1"
  quote = "Samverkansgruppen består av: 1 miljöansvarig från varje kommun"
  party_kind = "municipality"
  per_party = 1

  [[groups.composition]]
  clause = "SG1"
  quote = "varav en är ordförande"
  party_kind = "municipality"
  role = "chair"
  min = 1
  max = 1
"""


def load(tmp_path: Path, model: str = MODEL, agreement: str | None = AGREEMENT):
    (tmp_path / "prov.toml").write_text(model, encoding="utf-8")
    if agreement is not None:
        (tmp_path / "avtal.sv.txt").write_text(agreement, encoding="utf-8")
    return read_model_file(tmp_path / "prov.toml")[0]


def refused(tmp_path: Path, model: str = MODEL, agreement: str | None = AGREEMENT) -> ModelFileError:
    with pytest.raises(ModelFileError) as excinfo:
        load(tmp_path, model, agreement)
    return excinfo.value


def test_quotes_in_the_text_load_across_line_breaks_bullets_dashes_and_quotation_marks(tmp_path):
    model = load(tmp_path)
    assert model.group("sg").composition[0].quote.startswith("Samverkansgruppen består av: 1")
    three_to_four = MODEL.replace(
        '"varav en är ordförande"', '"3-4 representanter från kommunerna 1 representant från Länsstyrelsen"'
    )
    assert load(tmp_path, three_to_four).group("sg").composition[1].quote.startswith("3-4")


def test_a_quote_not_in_the_text_is_refused_naming_its_key_and_the_quote(tmp_path):
    error = refused(tmp_path, MODEL.replace('"varav en är ordförande"', '"varav en är vice ordförande"'))
    assert error.key == "groups[0].composition[1].quote"
    assert "avtal.sv.txt" in error.problem and "'varav en är vice ordförande'" in error.problem
    assert str(error).startswith(f"{tmp_path / 'prov.toml'}: groups[0].composition[1].quote: ")


def test_case_counts_but_a_piece_from_mid_sentence_may_start_lower_case(tmp_path):
    assert load(tmp_path, MODEL.replace('"varav en är ordförande"', '"miljöansvarig från varje kommun"'))
    error = refused(tmp_path, MODEL.replace('"varav en är ordförande"', '"Varav en är ordförande"'))
    assert error.key == "groups[0].composition[1].quote"


def test_fragments_joined_by_an_ellipsis_are_found_in_order_and_refused_out_of_order(tmp_path):
    assert load(tmp_path).group("sg").roles_quote == "Ordförande är sammankallande … Samordnaren är sekreterare."
    three_dots = MODEL.replace("sammankallande … Samordnaren", "sammankallande ... Samordnaren")
    assert load(tmp_path, three_dots)
    backwards = MODEL.replace(
        '"Ordförande är sammankallande … Samordnaren är sekreterare."',
        '"Samordnaren är sekreterare. … Ordförande är sammankallande"',
    )
    error = refused(tmp_path, backwards)
    assert error.key == "groups[0].roles_quote" and "'Ordförande är sammankallande'" in error.problem


def test_the_clause_texts_are_quotes_too(tmp_path):
    error = refused(tmp_path, MODEL + '\n[clauses]\nSG1 = "Samverkansgruppen består av: alla kommuner."\n')
    assert error.key == "clauses.SG1"
    assert load(tmp_path, MODEL + '\n[clauses]\nSG1 = """Samverkansgruppen består av:\n· 1 miljöansvarig"""\n')


def test_a_missing_or_unreadable_agreement_text_is_refused_naming_the_key(tmp_path):
    error = refused(tmp_path, agreement=None)
    assert error.key == "agreement_text" and "avtal.sv.txt" in error.problem
    (tmp_path / "avtal.sv.txt").write_bytes(b"\xff\xfe Latin-1 \xe5")
    with pytest.raises(ModelFileError) as excinfo:
        read_model_file(tmp_path / "prov.toml")
    assert excinfo.value.key == "agreement_text"


@pytest.mark.parametrize(
    "name", ["../avtal.sv.txt", "sub/avtal.sv.txt", "/etc/passwd", "..", "avtal..txt", "a\\b.txt", ""]
)
def test_the_agreement_text_must_be_a_plain_file_name(tmp_path, name):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "avtal.sv.txt").write_text(AGREEMENT, encoding="utf-8")
    error = refused(tmp_path, MODEL.replace('"avtal.sv.txt"', f"'{name}'"))
    assert error.key == "agreement_text" and "fil" in error.problem


def test_a_model_without_the_key_loads_without_any_text(tmp_path):
    without = MODEL.replace('agreement_text = "avtal.sv.txt"\n', "").replace("varav en är ordförande", "vad som helst")
    assert load(tmp_path, without, agreement=None).group("sg").composition[1].quote == "vad som helst"


def test_a_stored_model_is_parsed_again_without_the_text(tmp_path):
    """`Collaboration.model` parses the stored source: the quotes were checked when it was loaded."""
    model = parse_model(MODEL.replace("varav en är ordförande", "vad som helst"), source="prov.toml")
    assert model.group("sg").composition[1].quote == "vad som helst"


def test_the_vasterbotten_file_quotes_only_its_agreement_text():
    path = AGREEMENTS / "miljosamverkan-vasterbotten.toml"
    assert tomllib.loads(path.read_text(encoding="utf-8"))["agreement_text"] == "miljosamverkan-vasterbotten.sv.txt"
    model, _text = read_model_file(path)
    assert model.host.quote.startswith("Region Västerbotten åtar sig att: vara huvudman")


def test_the_vasterbotten_quotes_are_checked_against_the_text_beside_it(tmp_path):
    text = (AGREEMENTS / "miljosamverkan-vasterbotten.toml").read_text(encoding="utf-8")
    agreement = (AGREEMENTS / "miljosamverkan-vasterbotten.sv.txt").read_text(encoding="utf-8")
    (tmp_path / "vb.toml").write_text(text, encoding="utf-8")
    (tmp_path / "miljosamverkan-vasterbotten.sv.txt").write_text(
        agreement.replace("ge ekonomiska lägesrapporter under året", "ge en ekonomisk rapport"), encoding="utf-8"
    )
    with pytest.raises(ModelFileError) as excinfo:
        read_model_file(tmp_path / "vb.toml")
    assert excinfo.value.key == "economy.status_reports_quote"


def _model_quotes(value: object) -> list[str]:
    """Every quote the parsed model holds: a field `quote` or `…_quote`, and the clause texts."""
    if isinstance(value, (list, tuple)):
        return [q for item in value for q in _model_quotes(item)]
    if not dataclasses.is_dataclass(value):
        return []
    found = []
    for f in dataclasses.fields(value):
        attribute = getattr(value, f.name)
        if (f.name == "quote" or f.name.endswith("_quote")) and attribute:
            found.append(attribute)
        elif f.name == "clause_texts":
            found.extend(attribute.values())
        else:
            found.extend(_model_quotes(attribute))
    return found


@pytest.mark.parametrize("name", ["miljosamverkan-vasterbotten.toml", "example-avfallssamverkan.toml"])
def test_every_quote_the_model_holds_is_one_the_check_looks_up(name):
    path = AGREEMENTS / name
    model, text = read_model_file(path)
    looked_up = [quote for _key, quote in quotes_in(tomllib.loads(text))]
    assert sorted(_model_quotes(model)) == sorted(looked_up)
