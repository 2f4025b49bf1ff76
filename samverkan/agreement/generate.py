"""The agreement app's part of the data generator: the collaborations, from model files.

`collaborations` (order 20) reads `shared["counties"]` (organisations' part) and writes
`shared["collaborations"]`: one county collaboration per county from
agreements/miljosamverkan-vasterbotten.toml (Västerbotten itself verbatim, the others with their
own slug, name, county and municipalities) and the sector collaborations from
agreements/example-avfallssamverkan.toml, each a few municipalities of one county. Every text is
loaded through `apply_model`, the loader `collaboration-create` uses, so it is a valid model file.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from samverkan.agreement.services import apply_model
from samverkan.collaborations.generation import Context
from samverkan.collaborations.model_file import parse_model

AGREEMENTS = Path(settings.BASE_DIR) / "agreements"
COUNTY_TEMPLATE = AGREEMENTS / "miljosamverkan-vasterbotten.toml"
SECTOR_TEMPLATE = AGREEMENTS / "example-avfallssamverkan.toml"
# (slug prefix, name prefix, sector) of the sector collaborations, in turn
SECTORS = [
    ("avfallssamverkan", "Avfallssamverkan", "Avfall"),
    ("va-samverkan", "VA-samverkan", "Vatten och avlopp"),
    ("livsmedelssamverkan", "Livsmedelssamverkan", "Livsmedelskontroll"),
    ("tobakssamverkan", "Alkohol- och tobakssamverkan", "Alkohol och tobak"),
]


def short_name(county_name: str) -> str:
    """ "Stockholms län" → "Stockholm", "Skåne län" → "Skåne"."""
    name = county_name.removesuffix(" län")
    return name.removesuffix("s") if name.endswith(("ds", "ms", "gs", "ns", "as")) else name


def _parties(municipalities: list[tuple[str, str, dict[int, int]]]) -> str:
    return "".join(
        f'[[parties]]\nkey = "k{code}"\nname = "{name}"\nkind = "municipality"\nmunicipality_code = "{code}"\n\n'
        for code, name, _pop in municipalities
    )


def _replace_parties(text: str, parties: str) -> str:
    start = text.index("\n[[parties]]") + 1
    end = text.index("\n[host]") + 1
    return text[:start] + parties + text[end:]


def county_text(template: str, county: object, first_year: int) -> str:
    code, name = county.code, county.name  # type: ignore[attr-defined]
    short = short_name(name)
    text = re.sub(r"(?m)^agreement_text = .*\n", "", template)
    text = text.replace('slug = "miljosamverkan-vasterbotten"', f'slug = "miljosamverkan-lan-{code}"')
    text = re.sub(r"(?m)^started_on = .*$", f"started_on = {first_year}-01-01", text)
    extra = (
        f'[[parties]]\nkey = "region"\nname = "Region {short}"\nkind = "region"\n\n'
        f'[[parties]]\nkey = "lansstyrelsen"\nname = "Länsstyrelsen {short}"\n'
        f'kind = "county_administrative_board"\nofficial_name = "Länsstyrelsen i {name}"\n\n'
    )
    text = _replace_parties(text, _parties(county.municipalities) + extra)  # type: ignore[attr-defined]
    return text.replace("Västerbottens län", name).replace("Västerbottens", f"{short}s").replace("Västerbotten", short)


def sector_text(template: str, county: object, index: int, first_year: int) -> str:
    slug, label, sector = SECTORS[index % len(SECTORS)]
    short = short_name(county.name)  # type: ignore[attr-defined]
    members = county.municipalities[:6]  # type: ignore[attr-defined]
    text = template.replace('slug = "avfallssamverkan-sodra-lappland"', f'slug = "{slug}-lan-{county.code}"')  # type: ignore[attr-defined]
    text = text.replace('name = "Avfallssamverkan Södra Lappland"', f'name = "{label} {short}"')
    text = text.replace('name_en = "Waste Collaboration Southern Lapland"', f'name_en = "Sector collaboration {short}"')
    text = text.replace('sector = "Avfall"', f'sector = "{sector}"')
    text = text.replace('county = "Västerbottens län"', f'county = "{county.name}"')  # type: ignore[attr-defined]
    text = re.sub(r"(?m)^started_on = .*$", f"started_on = {first_year}-01-01", text)
    company = f'[[parties]]\nkey = "avfallsbolaget"\nname = "{label}sbolaget {short} AB"\nkind = "other"\n\n'
    text = _replace_parties(text, _parties(members) + company)
    text = text.replace('[host]\nparty = "lycksele"', f'[host]\nparty = "k{members[0][0]}"')
    return text.replace("Lycksele kommun är värdkommun", f"{members[0][1]} är värdkommun")


def collaborations(ctx: Context) -> None:
    counties = ctx.shared["counties"]
    county_template = COUNTY_TEMPLATE.read_text(encoding="utf-8")
    sector_template = SECTOR_TEMPLATE.read_text(encoding="utf-8")
    texts: list[tuple[str, str]] = []
    for county in counties[: ctx.scale.counties]:
        if county.code == "24":
            text = re.sub(r"(?m)^started_on = .*$", f"started_on = {ctx.first_year}-01-01", county_template)
            texts.append((COUNTY_TEMPLATE.name, text))
        else:
            texts.append(
                (f"miljosamverkan-lan-{county.code}.toml", county_text(county_template, county, ctx.first_year))
            )
    for i in range(ctx.scale.sector_collaborations):
        county = counties[i % len(counties)]
        texts.append((f"sektor-{i}.toml", sector_text(sector_template, county, i, ctx.first_year)))
    result = []
    for source, text in ctx.progress.iterate("collaborations", texts, len(texts)):
        # Västerbotten keeps its agreement_text: its quotes are checked against the agreement
        model = parse_model(text, source=source, directory=AGREEMENTS)
        result.append(apply_model(model=model, text=text, source=source, actor=None, today=ctx.base_date).collaboration)
    ctx.shared["collaborations"] = result
