"""The types of everything the API reads from a caller: ids, years and text, cleaned and bounded
like the forms' fields (`lib.forms`, `lib.text`), so a value out of range is a 422, never a 500.

Every path and query parameter of `api.py` uses these; a write schema (a `Schema` with input
fields) uses `Line` and `Text` for its text fields.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from samverkan.collaborations.model_file import SLUG_RE
from samverkan.lib.forms import EARLIEST, LATEST, LINE_LIMIT, TEXT_LIMIT
from samverkan.lib.http import ID_MAX
from samverkan.lib.text import clean_text

# an object's id: what a bigint primary key can be
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
# a year within the forms' date window
Year = Annotated[int, Field(ge=EARLIEST.year, le=LATEST.year)]
# a day within the forms' date window
Day = Annotated[datetime.date, Field(ge=EARLIEST, le=LATEST)]
# a collaboration's slug as the model file allows it
Slug = Annotated[str, Field(pattern=SLUG_RE.pattern, max_length=100)]
# one line of text (a search, a filter, a name) and a multi-line text
Line = Annotated[str, AfterValidator(lambda v: clean_text(v, multiline=False).strip()), Field(max_length=LINE_LIMIT)]
Text = Annotated[str, AfterValidator(lambda v: clean_text(v, multiline=True).strip()), Field(max_length=TEXT_LIMIT)]
