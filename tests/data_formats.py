"""Readers for the download formats, written for the tests from the formats' grammars (not
from the writers' code), so a writer that breaks its format fails them."""

from __future__ import annotations

import re

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# LaTeX as the BibTeX writer may emit it, back to text (the inverse of its escaping).
_LATEX = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
          r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\%": "%", r"\&": "&",
          r"\$": "$", r"\#": "#", r"\_": "_"}  # fmt: skip
_LATEX_RE = re.compile("|".join(re.escape(k) for k in sorted(_LATEX, key=len, reverse=True)))


def unlatex(value: str) -> str:
    return _LATEX_RE.sub(lambda m: _LATEX[m[0]], value)


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(type, key, fields) of every entry, by BibTeX's own rule: a braced value ends at the
    brace that balances its opening one, whatever backslashes precede braces. Raises on an
    unbalanced value or text outside entries."""
    entries = []
    pos = 0
    head = re.compile(r"\s*@(\w+)\{([^,\s{}]+),")
    field = re.compile(r"\s*(\w+)\s*=\s*\{")
    while pos < len(text.rstrip()):
        m = head.match(text, pos)
        if not m:
            raise ValueError(f"no entry at {pos}: {text[pos : pos + 40]!r}")
        kind, key, pos = m[1], m[2], m.end()
        fields: dict[str, str] = {}
        while True:
            f = field.match(text, pos)
            if not f:
                break
            depth, i = 1, f.end()
            while depth:
                if i >= len(text):
                    raise ValueError(f"unbalanced braces in {key}.{f[1]}")
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            if f[1] in fields:
                raise ValueError(f"field {f[1]} twice in {key}")
            fields[f[1]] = text[f.end() : i - 1]
            pos = i
            m2 = re.compile(r"\s*,").match(text, pos)
            if m2:
                pos = m2.end()
        end = re.compile(r"\s*\}").match(text, pos)
        if not end:
            raise ValueError(f"entry {key} not closed at {pos}: {text[pos : pos + 40]!r}")
        pos = end.end()
        entries.append((kind, key, fields))
    return entries


RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")


def parse_ris(text: str) -> list[list[tuple[str, str]]]:
    """Records of (tag, value) by the RIS grammar: every line ``XX  - value``, a record from
    ``TY`` to ``ER``. Raises on any other line."""
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for n, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        m = RIS_LINE.match(line) or (re.match(r"^(ER)  -$", line))
        if not m:
            raise ValueError(f"line {n} is not a RIS line: {line!r}")
        tag, value = m[1], (m[2] if m.re is RIS_LINE else "")
        if tag == "TY":
            assert current is None, f"line {n}: TY inside a record"
            current = []
        assert current is not None, f"line {n}: {tag} outside a record"
        current.append((tag, value))
        if tag == "ER":
            records.append(current)
            current = None
    assert current is None, "record not closed by ER"
    return records


def read_tei(data: bytes) -> etree._Element:
    """The TEI document parsed by lxml (no entities resolved, no network)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def tei_paragraphs(root: etree._Element) -> list[tuple[str, str, str, str]]:
    """(xml:id, text, who, ana) of every seg, in order."""
    out = []
    for u in root.iter(f"{TEI}u"):
        for seg in u.iter(f"{TEI}seg"):
            out.append((seg.get(XML_ID), seg.text or "", u.get("who"), u.get("ana")))
    return out
