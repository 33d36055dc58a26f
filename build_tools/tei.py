"""One interview as TEI P5 XML, in the shape parliamentary and oral-history corpora use.

Made from the interview's export record (``export.interview_record``):

- ``teiHeader``: ``fileDesc`` (``titleStmt``; ``publicationStmt`` with the archive, the
  interview's id and URL and the licence; ``sourceDesc`` with one ``bibl`` per source file: its
  path, SHA-256 and role), ``encodingDesc`` (the taxonomy of turn roles that ``ana`` points
  to), ``profileDesc`` (the setting: date and place, outlet or occasion; ``particDesc``: every
  speaker as a ``person``; the topics as keywords).
- ``text/body``: one ``<u who="#speaker-…" ana="#question|#answer|#statement">`` per turn,
  and one ``<seg xml:id="p-…" n="<source line>">`` per paragraph, holding its text exactly; a
  remark in the speaker's label is a ``<note type="speaker">`` before them.

The ``xml:id`` of a ``seg`` is the paragraph's id itself (its page anchor), because paragraph
ids are already XML names: ``p-`` and eight hex digits, ``-2``, ``-3`` for repeats
(``ids.paragraph_ids``). Should an id ever not be a name, it is prefixed ``id-`` and every
character a name cannot hold becomes ``_`` (:func:`xml_id`). Speakers get ``speaker-`` and
the slug of their name.

Serialised by ``xml.etree.ElementTree`` (escaping is the serialiser's); characters XML 1.0
cannot hold at all (C0 controls; normalisation removes them before this) become U+FFFD.
``tests/test_tei.py`` validates every file against ``tests/data/tei/archive-tei.rng``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from build_tools.ids import slugify

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ROLES = {
    "question": "A question put to the speaker.",
    "answer": "An answer to a question.",
    "statement": "Speech that answers no question (an opening statement, remarks).",
}
LICENCE = (
    "The transcript is an official text, reproduced as published. The archive's own "
    "structure and markup (ids, turns, this encoding) are under the MIT licence."
)

# XML 1.0's Char production: everything else cannot appear in a document, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# An NCName: a letter or underscore, then letters, digits, ``.``, ``-``, ``_``.
_NCNAME = re.compile(r"[^\W\d][\w.-]*")


def xml_text(text: str) -> str:
    """``text`` with characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def xml_id(paragraph_id: str) -> str:
    """The TEI ``xml:id`` of a paragraph: its id unchanged when it is an XML name (always, for
    ids made by ``ids.paragraph_ids``), else ``id-`` and the id with non-name characters as
    ``_``."""
    if _NCNAME.fullmatch(paragraph_id) and paragraph_id.isascii():
        return paragraph_id
    return "id-" + re.sub(r"[^\w.-]", "_", paragraph_id, flags=re.ASCII)


def speaker_ids(names: list[str]) -> dict[str, str]:
    """``xml:id`` per speaker name: ``speaker-`` and the name's slug, numbered when two
    names give the same slug or a name gives none."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = "speaker-" + (slugify(name, max_words=8) or str(len(out) + 1))
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        out[name] = candidate
    return out


def sub_element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element whose text and attribute values are made XML-safe (xml_text); the
    TEI and Atom writers (feeds.py) build with it."""
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def tei_document(
    record: dict[str, Any], url: str, *, archive: str, topic_names: dict[str, str], lang: str = "en"
) -> str:
    """The TEI XML text of one interview's export record (``url``: its page)."""
    # The namespace is written as a plain xmlns attribute on the root, with unprefixed names
    # below it: ElementTree's default_namespace option refuses unprefixed attributes.
    root = ET.Element("TEI", {"xmlns": TEI_NS, XML_LANG: lang})
    header = sub_element(root, "teiHeader")
    file_desc = sub_element(header, "fileDesc")
    title_stmt = sub_element(file_desc, "titleStmt")
    sub_element(title_stmt, "title", record["title"])
    if record.get("speaker"):
        sub_element(title_stmt, "author", record["speaker"])
    publication = sub_element(file_desc, "publicationStmt")
    sub_element(publication, "publisher", archive)
    sub_element(publication, "idno", record["id"], type="interview")
    sub_element(publication, "idno", url, type="URL")
    availability = sub_element(publication, "availability")
    sub_element(availability, "licence", LICENCE)
    source_desc = sub_element(file_desc, "sourceDesc")
    listing = sub_element(source_desc, "listBibl")
    for source in record["sources"]:
        bibl = sub_element(listing, "bibl", type=source["role"])
        sub_element(bibl, "idno", source["path"], type="path")
        sub_element(bibl, "idno", source["sha256"], type="sha256")
    encoding = sub_element(header, "encodingDesc")
    taxonomy = sub_element(sub_element(encoding, "classDecl"), "taxonomy", **{XML_ID: "roles"})
    for role, description in ROLES.items():
        sub_element(sub_element(taxonomy, "category", **{XML_ID: role}), "catDesc", description)
    profile = sub_element(header, "profileDesc")
    setting = sub_element(sub_element(profile, "settingDesc"), "setting")
    for kind in ("outlet", "occasion", "place"):
        if record.get(kind):
            sub_element(setting, "name", record[kind], type=kind)
    if record.get("date"):
        sub_element(setting, "date", record["date"], when=record["date"])
    speakers = list(dict.fromkeys(t["speaker"] for t in record["turns"]))
    ids = speaker_ids(speakers)
    people = sub_element(sub_element(profile, "particDesc"), "listPerson")
    for name in speakers:
        person = sub_element(people, "person", **{XML_ID: ids[name]})
        sub_element(person, "persName", name)
    if record.get("topics"):
        keywords = sub_element(sub_element(profile, "textClass"), "keywords")
        for topic in record["topics"]:
            sub_element(keywords, "term", topic_names.get(topic, topic), key=topic)
    body = sub_element(sub_element(root, "text"), "body")
    for turn in record["turns"]:
        u = sub_element(body, "u", who="#" + ids[turn["speaker"]], ana="#" + turn["role"])
        if turn.get("note"):
            # A remark in the speaker's label (``retranslated from English``).
            sub_element(u, "note", turn["note"], type="speaker")
        for paragraph in turn["paragraphs"]:
            sub_element(
                u, "seg", paragraph["text"],
                **{XML_ID: xml_id(paragraph["id"]), "n": str(paragraph["source"]["line"])},
            )  # fmt: skip
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
