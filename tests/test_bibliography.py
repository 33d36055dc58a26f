"""Citations (build_tools/bibliography.py): BibTeX escaping, RIS tags, CSL-JSON dates."""

from __future__ import annotations

import json
import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.bibliography import (
    Citation,
    bibtex,
    bibtex_escape,
    csl_item,
    csl_json,
    one_line,
    ris,
    split_name,
)
from tests.data_formats import parse_bibtex, parse_ris, unlatex

HOSTILE_TITLE = "Braces {x} } {, 100% & $5 #1 snake_case C:\\path ~ ^ @misc{evil, title={x}}"


def _citation(**changes: object) -> Citation:
    base = {"key": "2024-03-28-izvestia", "author": "Sergey Lavrov", "title": "An interview",
            "container": "Izvestia", "place": "Moscow", "date": "2024-03-28",
            "url": "https://example.org/interviews/x/", "accessed": "2025-03-21",
            "archive": "Transcript archive", "kind": "interview"}  # fmt: skip
    return Citation(**{**base, **changes})  # type: ignore[arg-type]


# Every character Python counts as spacing (str.isspace, which is also what re's \s matches).
SPACING = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())


def test_one_line_joins_every_kind_of_spacing_and_line_break() -> None:
    assert len(SPACING) > 20  # \t \n \x0b \x0c \r \x1c-\x1f \x85 \xa0 U+2028 U+3000 ...
    assert one_line(f"{SPACING}a{SPACING}b c{SPACING}") == "a b c"
    assert one_line(SPACING) == ""
    assert one_line("no\u200bbreak") == "no\u200bbreak"  # a zero-width space is not spacing


@given(st.text(alphabet=st.sampled_from([*SPACING, "a", "b", "\u200b", "-"]), max_size=30))
def test_one_line_is_runs_of_spacing_as_one_space_trimmed(text: str) -> None:
    assert one_line(text) == re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    ("text", "latex"),
    [("{", r"\textbraceleft{}"), ("}", r"\textbraceright{}"), ("%", r"\%"), ("&", r"\&"),
     ("$", r"\$"), ("#", r"\#"), ("_", r"\_"), ("\\", r"\textbackslash{}"),
     ("~", r"\textasciitilde{}"), ("^", r"\textasciicircum{}"), ("a\nb\u2028c", "a b c"),
     ("Лавров “quoted”", "Лавров “quoted”")],
)  # fmt: skip
def test_bibtex_escapes_each_special(text: str, latex: str) -> None:
    assert bibtex_escape(text) == latex


def test_a_hostile_title_stays_one_balanced_field() -> None:
    entry = bibtex(_citation(title=HOSTILE_TITLE, container="A}B", place="{"))
    ((kind, key, fields),) = parse_bibtex(entry)
    assert (kind, key) == ("misc", "2024-03-28-izvestia")
    assert unlatex(fields["title"][1:-1]) == HOSTILE_TITLE
    assert unlatex(fields["howpublished"]) == "A}B" and unlatex(fields["address"]) == "{"
    assert fields["author"] == "Lavrov, Sergey" and fields["date"] == "2024-03-28"
    assert (fields["year"], fields["month"]) == ("2024", "3")
    assert fields["url"] == "https://example.org/interviews/x/"
    assert fields["urldate"] == "2025-03-21"


def test_the_parser_used_above_rejects_an_unbalanced_value() -> None:
    with pytest.raises(ValueError, match=r"unbalanced|not closed"):
        parse_bibtex("@misc{k,\n  title = {a \\{ b},\n}\n")


def test_ris_tags_one_per_line_and_no_injected_record() -> None:
    record = ris(_citation(title="First line\nER  - \nTY  - JOUR", place=None))
    (tags,) = parse_ris(record)
    assert [t for t, _ in tags] == ["TY", "AU", "TI", "T2", "PY", "DA", "M3", "DB", "UR", "Y2",
                                    "ID", "ER"]  # fmt: skip
    values = dict(tags)
    assert values["TY"] == "GEN" and values["TI"] == "First line ER - TY - JOUR"
    assert values["AU"] == "Lavrov, Sergey" and values["DA"] == "2024/03/28/"
    assert values["PY"] == "2024" and values["Y2"] == "2025/03/21"


def test_csl_json_dates_are_date_parts() -> None:
    item = csl_item(_citation())
    assert item["issued"] == {"date-parts": [[2024, 3, 28]]}
    assert item["accessed"] == {"date-parts": [[2025, 3, 21]]}
    assert item["author"] == [{"family": "Lavrov", "given": "Sergey"}]
    assert item["container-title"] == "Izvestia" and item["event-place"] == "Moscow"
    assert json.loads(csl_json(_citation())) == [item]


def test_undated_and_anonymous_citations_leave_the_fields_out() -> None:
    c = _citation(date=None, author=None, container=None, place=None)
    item = csl_item(c)
    assert "issued" not in item and "author" not in item and "container-title" not in item
    ((_, _, fields),) = parse_bibtex(bibtex(c))
    assert "year" not in fields and "author" not in fields
    (tags,) = parse_ris(ris(c))
    assert {t for t, _ in tags}.isdisjoint({"AU", "PY", "DA", "T2", "CY"})


def test_names_split_at_the_last_word() -> None:
    assert split_name("Sergey Lavrov") == ("Sergey", "Lavrov")
    assert split_name("Maria  Vladimirovna Zakharova") == ("Maria Vladimirovna", "Zakharova")
    assert split_name("Question") == ("", "Question")
    assert csl_item(_citation(author="Question"))["author"] == [{"literal": "Question"}]
