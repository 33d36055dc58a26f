"""Citations of one interview as BibTeX, RIS and CSL-JSON, for reference managers.

Each is made from the interview's export record (``export.interview_record``), so a citation
says what the export says: the speaker as author, the title as published, the outlet or the
occasion as container, the place, the date, the page's URL and the access date.

Transcript text is untrusted here too. BibTeX has no escape for a brace (BibTeX counts every
``{`` and ``}``, escaped or not), so braces, the backslash and LaTeX's specials become
commands with balanced braces of their own (``\\textbraceleft{}``, ``\\&``): the only braces
left in a value are the ones the writer puts there. RIS is one tag per line, so every line
break (including Unicode's) in a value becomes a space: a value cannot start a tag of its own.
CSL-JSON goes through ``json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from build_tools.citation import main_speaker

# LaTeX specials and what they become inside a BibTeX value. Braces and the backslash are
# spelled as commands, so the value's braces stay balanced whatever the text holds.
BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(BIBTEX_SPECIALS)) + "]")


def one_line(text: str) -> str:
    """``text`` with every run of spacing or line breaks (``\\n``, ``\\r``, U+2028, ...) as one
    space, trimmed."""
    # str.split() splits on exactly the characters re's \s matches (str.isspace), and in C:
    # a pattern matched at every space between two words took a second at 1,000 interviews.
    return " ".join(text.split())


def bibtex_escape(text: str) -> str:
    """``text`` as the content of a braced BibTeX value: one line, LaTeX specials escaped."""
    return _BIBTEX_SPECIAL.sub(lambda m: BIBTEX_SPECIALS[m[0]], one_line(text))


@dataclass(frozen=True)
class Citation:
    """What every citation format says about one interview."""

    key: str
    """Citation key: the interview's id (ASCII letters, digits and hyphens)."""
    author: str | None
    """The speaker, as written (``Sergey Lavrov``), or None when no one is named."""
    title: str
    """The title as published."""
    container: str | None
    """The outlet the interview was given to, or the occasion it belongs to."""
    place: str | None
    """Where it took place."""
    date: str | None
    """ISO ``YYYY-MM-DD``, or None when undated."""
    url: str
    """The interview's page: absolute when the site's address is known, else site-relative."""
    accessed: str
    """ISO date the citation was made (the build's date)."""
    archive: str
    """The archive's name (``site_name``)."""
    kind: str
    """``interview``, ``remarks and answers to questions``, ..."""


def citation(record: dict[str, Any], url: str, accessed: str, archive: str) -> Citation:
    """The citation of one interview's export record."""
    return Citation(
        key=record["id"],
        author=main_speaker(
            record.get("speaker"),
            ((t["speaker"], t["role"], len(t["paragraphs"])) for t in record["turns"]),
        ),
        title=record["title"],
        container=record.get("outlet") or record.get("occasion"),
        place=record.get("place"),
        date=record.get("date"),
        url=url,
        accessed=accessed,
        archive=archive,
        kind=record.get("kind") or "interview",
    )


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a personal name written given names first: the last word is the
    family name (``Sergey Lavrov`` -> ``Sergey``, ``Lavrov``); one word is a family name."""
    given, _, family = one_line(name).rpartition(" ")
    return given, family


def _date_parts(iso: str) -> list[int]:
    return [int(x) for x in iso.split("-")]


def _bibtex_url(url: str) -> str:
    """A URL for biblatex's verbatim ``url`` field: braces, backslashes and spaces (never in
    the site's own addresses) percent-encoded, so the value stays balanced."""
    return re.sub(r"[{}\\\s]", lambda m: f"%{ord(m[0]):02X}", url)


def bibtex(c: Citation) -> str:
    """One ``@misc`` entry (BibTeX and biblatex fields both: ``year``/``month`` and ``date``,
    ``note`` and ``urldate``)."""
    fields: list[tuple[str, str]] = []
    if c.author:
        given, family = (bibtex_escape(x) for x in split_name(c.author))
        fields.append(("author", f"{family}, {given}" if given else family))
    # The title in a second pair of braces keeps its capitals (names, acronyms).
    fields.append(("title", "{" + bibtex_escape(c.title) + "}"))
    if c.container:
        fields.append(("howpublished", bibtex_escape(c.container)))
    if c.place:
        fields.append(("address", bibtex_escape(c.place)))
    if c.date:
        year, month, _ = c.date.split("-")
        fields += [("date", c.date), ("year", year), ("month", str(int(month)))]
    fields += [
        ("type", bibtex_escape(c.kind)),
        ("organization", bibtex_escape(c.archive)),
        ("url", _bibtex_url(c.url)),
        ("urldate", c.accessed),
        ("note", bibtex_escape(f"{c.archive}; accessed {c.accessed}")),
    ]
    # Every value from the text went through bibtex_escape, so its braces are balanced; the
    # dates are ISO and the URL is left as is (biblatex's url field is read verbatim).
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{c.key},\n{body}\n}}\n"


# RIS: one ``TAG  - value`` per line, ``TY`` first and ``ER`` last (the RIS format
# specification). GEN (generic) is the type reference managers read for an interview
# published as a web transcript.
RIS_TYPE = "GEN"


def ris(c: Citation) -> str:
    """One RIS record (CRLF line ends are what the format specifies; LF is read by all
    managers, and is used here like every other text download)."""
    lines = [("TY", RIS_TYPE)]
    if c.author:
        given, family = split_name(c.author)
        lines.append(("AU", f"{family}, {given}" if given else family))
    lines.append(("TI", c.title))
    if c.container:
        lines.append(("T2", c.container))
    if c.place:
        lines.append(("CY", c.place))
    if c.date:
        year, month, day = c.date.split("-")
        lines += [("PY", year), ("DA", f"{year}/{month}/{day}/")]
    lines += [
        ("M3", c.kind),
        ("DB", c.archive),
        ("UR", c.url),
        ("Y2", c.accessed.replace("-", "/")),
        ("ID", c.key),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {one_line(value)}".rstrip() + "\n" for tag, value in lines)


def csl_item(c: Citation) -> dict[str, Any]:
    """One CSL-JSON item (type ``interview``; dates as ``date-parts``)."""
    item: dict[str, Any] = {"id": c.key, "type": "interview", "title": c.title}
    if c.author:
        given, family = split_name(c.author)
        item["author"] = [{"family": family, "given": given} if given else {"literal": family}]
    if c.container:
        item["container-title"] = c.container
    if c.place:
        item["event-place"] = c.place
    if c.date:
        item["issued"] = {"date-parts": [_date_parts(c.date)]}
    item["genre"] = c.kind
    item["archive"] = c.archive
    item["URL"] = c.url
    item["accessed"] = {"date-parts": [_date_parts(c.accessed)]}
    return item


def csl_json(c: Citation) -> str:
    """A CSL-JSON file: an array holding the one item."""
    return json.dumps([csl_item(c)], ensure_ascii=False, indent=1) + "\n"
