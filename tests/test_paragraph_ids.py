"""Paragraph ids are what researchers cite (``interviews/<id>/#p-…``): they must survive a
source being re-normalised or re-exported with another typography, and change only where the
wording changes.

Each seed source is copied with the form of every paragraph line changed the ways reposting
sites and editors change it (quote styles, dashes, spacing, no-break spaces, spaces before
punctuation, line ends), and one paragraph's wording changed; the copy's paragraph ids are
compared with the original's, paragraph by paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.decode import decode
from build_tools.model import ParsedSource, SourceRef
from build_tools.parse import parse
from tests.conftest import SOURCE

SEEDS = sorted(SOURCE.glob("*.txt"))

# Changes of form only: the words (letters and digits) stay the same.
FORM_EDITS: list[tuple[str, Callable[[str], str]]] = [
    ("curly quotes to straight", lambda s: re.sub("[“”„«»]", '"', s).replace("’", "'")),
    ("straight quotes to curly", lambda s: re.sub(r'"(\w)', r"“\1", s).replace("'", "’")),
    ("em dash to hyphen", lambda s: s.replace(" — ", " - ").replace(" – ", " - ")),
    ("hyphen to em dash", lambda s: s.replace(" - ", " — ")),
    ("double spaces", lambda s: s.replace(" ", "  ")),
    ("no-break spaces", lambda s: s.replace(" ", "\u00a0", 3)),
    ("space before punctuation", lambda s: re.sub(r"(\w)([,;:])", r"\1 \2", s)),
    ("trailing spaces", lambda s: s + "   "),
]


def parse_bytes(name: str, data: bytes) -> ParsedSource:
    return parse(SourceRef(f"source_texts/{name}", "0" * 64, len(data)), decode(name, data))


def paragraph_lines(parsed: ParsedSource) -> set[int]:
    """Source lines that hold paragraph text and nothing else (labels, titles and metadata
    lines are structure: their form decides the parse, which is not what is tested here)."""
    return {
        n for p in parsed.paragraphs for n in p.lines if not parsed.structure.get(n)
    }  # fmt: skip


def edited(text: str, lines: set[int], edit: Callable[[str], str]) -> str:
    out = text.split("\n")
    for n in lines:
        out[n - 1] = edit(out[n - 1])
    return "\n".join(out)


@pytest.mark.parametrize("source", SEEDS, ids=lambda p: p.name[:30])
@pytest.mark.parametrize(("what", "edit"), FORM_EDITS, ids=[w for w, _ in FORM_EDITS])
def test_a_change_of_form_keeps_every_paragraph_id(
    source: Path, what: str, edit: Callable[[str], str]
) -> None:
    text = source.read_text(encoding="utf-8")
    before = parse_bytes(source.name, text.encode("utf-8"))
    lines = paragraph_lines(before)
    assert lines, f"{source.name}: no paragraph lines"
    copy = edited(text, lines, edit)
    if copy == text:
        pytest.skip(f"{source.name} has nothing for {what!r} to change")
    after = parse_bytes(source.name, copy.encode("utf-8"))
    assert [p.id for p in after.paragraphs] == [p.id for p in before.paragraphs], what


@pytest.mark.parametrize("source", SEEDS, ids=lambda p: p.name[:30])
def test_all_changes_of_form_at_once_and_crlf_keep_every_id(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    before = parse_bytes(source.name, text.encode("utf-8"))
    copy = text
    for _, edit in FORM_EDITS:
        copy = edited(copy, paragraph_lines(before), edit)
    after = parse_bytes(source.name, copy.replace("\n", "\r\n").encode("utf-8"))
    assert [p.id for p in after.paragraphs] == [p.id for p in before.paragraphs]


@pytest.mark.parametrize("source", SEEDS, ids=lambda p: p.name[:30])
def test_a_change_of_wording_changes_that_paragraphs_id_only(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    before = parse_bytes(source.name, text.encode("utf-8"))
    # A paragraph from the middle on (one with a line of text only), a word replaced.
    middle = before.paragraphs[len(before.paragraphs) // 2 :]
    target, line = next(
        (p, n) for p in middle for n in p.lines if not before.structure.get(n)
    )  # fmt: skip
    lines = text.split("\n")
    word = re.search(r"\b[A-Za-z]{4,}\b", lines[line - 1])
    assert word, f"{source.name}:{line}: no word to change"
    lines[line - 1] = lines[line - 1][: word.start()] + "Zanzibar" + lines[line - 1][word.end() :]
    after = parse_bytes(source.name, "\n".join(lines).encode("utf-8"))
    old = [p.id for p in before.paragraphs]
    new = [p.id for p in after.paragraphs]
    assert len(new) == len(old)
    changed = [n for n, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert changed == [before.paragraphs.index(target)]
