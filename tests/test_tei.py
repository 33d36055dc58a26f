"""The TEI downloads against the structure the issue asks for, as a RELAX NG schema
(``tests/data/tei/archive-tei.rng``, a subset of TEI P5), with lxml: every interview of the
seeds and of the hostile corpus is valid, pointers resolve, and broken documents are
rejected (so the schema can fail)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from build_tools.export import corpus_record
from build_tools.pipeline import build_corpus
from build_tools.tei import tei_document, xml_id
from build_tools.topics import load_topics
from tests.conftest import ROOT
from tests.data_formats import TEI, XML_ID, read_tei
from tests.hostile_corpus import corpus as hostile_entries
from tests.hostile_corpus import write as write_hostile

SCHEMA = ROOT / "tests" / "data" / "tei" / "archive-tei.rng"
TOPICS = {t.id: t.name for t in load_topics()}


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def _document(record: dict[str, Any]) -> etree._Element:
    text = tei_document(record, "https://example.org/" + record["url"], archive="Archive",
                        topic_names=TOPICS)  # fmt: skip
    return read_tei(text.encode("utf-8"))


def accepts(schema: etree.RelaxNG, root: etree._Element) -> bool:
    """The schema accepts the document, and what RELAX NG (as libxml2 checks it) cannot say
    holds: xml:ids are unique, every @who names a person and every @ana a category."""
    if not schema.validate(root):
        return False
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID)]
    people = {p.get(XML_ID) for p in root.iter(f"{TEI}person")}
    roles = {c.get(XML_ID) for c in root.iter(f"{TEI}category")}
    return len(ids) == len(set(ids)) and all(
        u.get("who")[1:] in people and u.get("ana")[1:] in roles for u in root.iter(f"{TEI}u")
    )


def _valid(schema: etree.RelaxNG, root: etree._Element) -> None:
    assert accepts(schema, root), schema.error_log.filter_from_errors()


def test_every_seed_interview_is_valid(schema: etree.RelaxNG, seed_export: dict[str, Any]) -> None:
    for record in seed_export["interviews"]:
        _valid(schema, _document(record))


def test_every_hostile_interview_is_valid(
    schema: etree.RelaxNG, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.mktemp("hostile-tei")
    folder = write_hostile(base / "source_texts", hostile_entries(big=False), base / "outside")
    export = corpus_record(build_corpus(folder))
    assert len(export["interviews"]) > 15
    for record in export["interviews"]:
        _valid(schema, _document(record))


def test_header_names_every_source_with_its_sha256(seed_export: dict[str, Any]) -> None:
    record = next(r for r in seed_export["interviews"] if len(r["sources"]) > 1)
    root = _document(record)
    bibls = root.findall(f".//{TEI}sourceDesc/{TEI}listBibl/{TEI}bibl")
    assert [
        (b.get("type"), b.findtext(f"{TEI}idno[@type='path']"),
         b.findtext(f"{TEI}idno[@type='sha256']"))
        for b in bibls
    ] == [(s["role"], s["path"], s["sha256"]) for s in record["sources"]]  # fmt: skip
    when = root.find(f".//{TEI}settingDesc/{TEI}setting/{TEI}date").get("when")
    assert when == record["date"]


def test_paragraph_ids_are_the_xml_ids() -> None:
    assert xml_id("p-0a1b2c3d") == "p-0a1b2c3d" and xml_id("p-0a1b2c3d-2") == "p-0a1b2c3d-2"
    assert xml_id("1abc") == "id-1abc" and xml_id("p x:ü") == "id-p_x__"


def _drop(path: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        el = root.find(path)
        el.getparent().remove(el)

    return change


def _set(path: str, attr: str, value: str | None) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        el = root.find(path)
        if value is None:
            del el.attrib[attr]
        else:
            el.set(attr, value)

    return change


def _inject(root: etree._Element) -> None:
    u = root.find(f".//{TEI}u")
    etree.SubElement(u, "script").text = "alert(1)"


def _paragraph_in_u(root: etree._Element) -> None:
    etree.SubElement(root.find(f".//{TEI}u"), f"{TEI}p").text = "loose text"


def _duplicate_id(root: etree._Element) -> None:
    segs = list(root.iter(f"{TEI}seg"))
    segs[1].set(XML_ID, segs[0].get(XML_ID))


def _no_namespace(root: etree._Element) -> etree._Element:
    for el in root.iter():
        el.tag = etree.QName(el).localname
    etree.cleanup_namespaces(root)
    return root


BROKEN: dict[str, Callable[[etree._Element], Any]] = {
    "no teiHeader": _drop(f"{TEI}teiHeader"),
    "no sourceDesc": _drop(f".//{TEI}sourceDesc"),
    "a source without its sha256": _drop(f".//{TEI}bibl/{TEI}idno[@type='sha256']"),
    "an utterance without who": _set(f".//{TEI}u", "who", None),
    "an utterance of an unknown role": _set(f".//{TEI}u", "ana", "#monologue"),
    "a paragraph without its id": _set(f".//{TEI}seg", XML_ID, None),
    "a paragraph without its line": _set(f".//{TEI}seg", "n", None),
    "a line that is not a number": _set(f".//{TEI}seg", "n", "first"),
    "an id that is not an XML name": _set(f".//{TEI}seg", XML_ID, "1-not-a-name"),
    "two paragraphs with one id": _duplicate_id,
    "an utterance by no listed person": _set(f".//{TEI}u", "who", "#speaker-nobody"),
    "an element from outside TEI": _inject,
    "a paragraph outside a seg": _paragraph_in_u,
    "a date that is not a date": _set(f".//{TEI}setting/{TEI}date", "when", "March 2025"),
    "no namespace": _no_namespace,
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_document_is_rejected(
    name: str, schema: etree.RelaxNG, seed_export: dict[str, Any]
) -> None:
    root = copy.deepcopy(_document(seed_export["interviews"][0]))
    assert schema.validate(root)
    changed = BROKEN[name](root)
    root = changed if changed is not None else root
    assert not accepts(schema, root), name


def test_a_remark_in_a_speakers_label_is_a_note(
    schema: etree.RelaxNG, seed_export: dict[str, Any]
) -> None:
    record = copy.deepcopy(seed_export["interviews"][1])
    record["turns"][1]["note"] = "retranslated from English <b>"
    root = _document(record)
    _valid(schema, root)
    u = root.findall(f".//{TEI}u")[1]
    assert u[0].tag == f"{TEI}note" and u[0].text == "retranslated from English <b>"
    assert [s.get(XML_ID) for s in u.iter(f"{TEI}seg")] == [
        p["id"] for p in record["turns"][1]["paragraphs"]
    ]
