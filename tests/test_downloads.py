"""The data downloads (build_tools/downloads.py), written for real and read back by parsers of
each format: every interview has every file, every file parses, and the text and id of every
paragraph in the CSV, the TEI, the JSON and the plain text are the export's."""

from __future__ import annotations

import csv
import html
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import markdown as python_markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from build_tools.downloads import (
    CSV_COLUMNS,
    KINDS,
    DataFile,
    Settings,
    interview_path,
    md_escape,
    write_all,
    write_beside,
)
from build_tools.export import corpus_record, load_schema
from build_tools.model import Corpus
from build_tools.pipeline import build_corpus
from tests.conftest import ROOT, SOURCE
from tests.data_formats import (
    TEI,
    parse_bibtex,
    parse_ris,
    read_tei,
    tei_paragraphs,
    unlatex,
)
from tests.hostile_corpus import corpus as hostile_entries
from tests.hostile_corpus import write as write_hostile

SITE = "https://archive.example.org/lavrov/"
SETTINGS = Settings(SITE, "2025-03-21")
PER_INTERVIEW = [k for k in KINDS if k.per_interview]


def _write(corpus: Corpus, folder: Path) -> list[DataFile]:
    return write_all(corpus, folder, SETTINGS)


@pytest.fixture(scope="module")
def seeds(seed_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("downloads")
    _write(seed_corpus, folder)
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    base = tmp_path_factory.mktemp("hostile-downloads")
    folder = write_hostile(base / "source_texts", hostile_entries(big=False), base / "outside")
    corpus = build_corpus(folder)
    out = base / "site"
    _write(corpus, out)
    return corpus_record(corpus), out


def _paragraphs(record: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(id, text, speaker, role) of every paragraph of an export record, in order."""
    return [(p["id"], p["text"], t["speaker"], t["role"])
            for t in record["turns"] for p in t["paragraphs"]]  # fmt: skip


def test_every_interview_has_every_file(seeds: Path, seed_export: dict[str, Any]) -> None:
    assert len(PER_INTERVIEW) == 7
    for record in seed_export["interviews"]:
        for kind in PER_INTERVIEW:
            path = seeds / interview_path(record["id"], kind.ext)
            assert path.is_file() and path.stat().st_size > 0, path
    expected = {interview_path(r["id"], k.ext).rsplit("/", 1)[1]
                for r in seed_export["interviews"] for k in PER_INTERVIEW}  # fmt: skip
    assert {p.name for p in (seeds / "data" / "interviews").iterdir()} == expected


def test_write_all_lists_what_it_wrote_with_sizes(seed_corpus: Corpus, tmp_path: Path) -> None:
    files = _write(seed_corpus, tmp_path)
    # The feed folders' sitemap.xml stubs answer the theme (feeds.LOOKUP_STUB): no download.
    on_disk = {p.relative_to(tmp_path).as_posix(): p.stat().st_size
               for p in tmp_path.rglob("*") if p.is_file() and p.name != "sitemap.xml"}  # fmt: skip
    assert {f.path: f.size for f in files} == on_disk
    assert [f.path for f in files[:3]] == [
        "data/corpus.json", "data/corpus.schema.json", "data/paragraphs.csv",
    ]  # fmt: skip


def test_written_beside_they_are_the_same_files(seed_corpus: Corpus, tmp_path: Path) -> None:
    """write_beside (the build's way: a process of its own, sent the interviews) writes what
    write_all writes, byte for byte, and lists it the same."""
    here = write_all(seed_corpus, tmp_path / "here", SETTINGS)
    writing = write_beside(seed_corpus, tmp_path / "beside", SETTINGS)
    assert writing.result() == here

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip

    assert files(tmp_path / "beside") == files(tmp_path / "here")
    assert seed_corpus.interviews[0].main.turns  # the caller's corpus is still whole


def test_corpus_json_is_the_export_compact_and_valid(
    seeds: Path, seed_export: dict[str, Any]
) -> None:
    text = (seeds / "data" / "corpus.json").read_text("utf-8")
    assert text.count("\n") == 1 and ", " not in text[:200]  # compact: one line
    data = json.loads(text)
    assert data == json.loads(json.dumps(seed_export))
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    schema = json.loads((seeds / "data" / "corpus.schema.json").read_text("utf-8"))
    assert schema == load_schema()


def test_the_export_command_and_the_download_hold_the_same_data(
    seeds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "corpus.json"
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "export", "--source", str(SOURCE), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text("utf-8")) == json.loads(
        (seeds / "data" / "corpus.json").read_text("utf-8")
    )


def _check_round_trip(record: dict[str, Any], folder: Path, csv_rows: list[dict[str, str]]) -> None:
    paragraphs = _paragraphs(record)
    ident = record["id"]
    url = SITE + record["url"]
    # JSON: the record itself.
    own = json.loads((folder / interview_path(ident, "json")).read_text("utf-8"))
    assert own == json.loads(json.dumps(record))
    # CSV: one row per paragraph, in order.
    rows = [r for r in csv_rows if r["interview_id"] == ident]
    assert [(r["paragraph_id"], r["text"], r["speaker"], r["role"]) for r in rows] == paragraphs
    assert all(r["date"] == (record["date"] or "") for r in rows)
    assert [r["url"] for r in rows] == [f"{url}#{p[0]}" for p in paragraphs]
    # TEI: one seg per paragraph, same id and text; u/@who names a person, @ana the role.
    root = read_tei((folder / interview_path(ident, "tei.xml")).read_bytes())
    segs = tei_paragraphs(root)
    assert [(s[0], s[1]) for s in segs] == [(p[0], p[1]) for p in paragraphs]
    assert [s[3] for s in segs] == ["#" + p[3] for p in paragraphs]
    names = {
        "#" + person.get("{http://www.w3.org/XML/1998/namespace}id"): person.findtext(
            f"{TEI}persName"
        )
        for person in root.iter(f"{TEI}person")
    }
    assert [names[s[2]] for s in segs] == [p[2] for p in paragraphs]
    # Plain text: every paragraph's text on a line of its own (after a label for a turn's first).
    lines = (folder / interview_path(ident, "txt")).read_text("utf-8").split("\n")
    for pid, text, speaker, _ in paragraphs:
        assert text in lines or any(
            line.startswith(speaker) and line.endswith(": " + text) for line in lines
        ), pid


def test_every_paragraph_round_trips_through_csv_tei_json_and_text(
    seeds: Path, seed_export: dict[str, Any]
) -> None:
    with (seeds / "data" / "paragraphs.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        rows = list(reader)
    assert len(rows) == sum(len(_paragraphs(r)) for r in seed_export["interviews"])
    for record in seed_export["interviews"]:
        _check_round_trip(record, seeds, rows)


def test_citations_parse_and_say_who_what_where_when(
    seeds: Path, seed_export: dict[str, Any]
) -> None:
    for record in seed_export["interviews"]:
        ident = record["id"]
        ((kind, key, fields),) = parse_bibtex(
            (seeds / interview_path(ident, "bib")).read_text("utf-8")
        )
        assert (kind, key) == ("misc", ident)
        assert fields["author"] == "Lavrov, Sergey"
        assert unlatex(fields["title"].removeprefix("{").removesuffix("}")) == record["title"]
        assert fields["date"] == record["date"] and fields["url"] == SITE + record["url"]
        assert fields["urldate"] == "2025-03-21"
        assert unlatex(fields["howpublished"]) == (record["outlet"] or record["occasion"])
        ((ris),) = parse_ris((seeds / interview_path(ident, "ris")).read_text("utf-8"))
        tags = dict(ris)
        assert ris[0] == ("TY", "GEN") and ris[-1] == ("ER", "")
        assert tags["TI"] == record["title"] and tags["AU"] == "Lavrov, Sergey"
        assert tags["DA"] == record["date"].replace("-", "/") + "/"
        assert tags["UR"] == SITE + record["url"] and tags["Y2"] == "2025/03/21"
        (item,) = json.loads((seeds / interview_path(ident, "csl.json")).read_text("utf-8"))
        assert item["type"] == "interview" and item["title"] == record["title"]
        assert item["author"] == [{"family": "Lavrov", "given": "Sergey"}]
        year, month, day = (int(x) for x in record["date"].split("-"))
        assert item["issued"] == {"date-parts": [[year, month, day]]}
        assert item["accessed"] == {"date-parts": [[2025, 3, 21]]}
        assert item["URL"] == SITE + record["url"]


def test_without_a_site_address_urls_are_site_relative_and_no_feeds(
    seed_corpus: Corpus, tmp_path: Path
) -> None:
    files = write_all(seed_corpus, tmp_path, Settings(None, "2025-03-21"))
    assert not (tmp_path / "feeds").exists()
    assert not [f for f in files if f.kind in {"atom", "jsonfeed"}]
    text = (tmp_path / "data" / "paragraphs.csv").read_text("utf-8")
    assert "\ninterview" not in text and ",interviews/" in text and "https://" not in text


# --- hostile text stays inert -------------------------------------------------------------


def test_hostile_text_round_trips_and_stays_text(hostile: tuple[dict[str, Any], Path]) -> None:
    export, folder = hostile
    assert len(export["interviews"]) > 15
    with (folder / "data" / "paragraphs.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    tei_tags = set()
    for record in export["interviews"]:
        _check_round_trip(record, folder, rows)
        root = read_tei((folder / interview_path(record["id"], "tei.xml")).read_bytes())
        tei_tags |= {el.tag.removeprefix(TEI) for el in root.iter()}
        # No markup of a transcript became an element, anywhere in the document.
        assert not {"script", "b", "img", "iframe", "svg"} & {
            el.tag.rsplit("}", 1)[-1] for el in root.iter()
        }
        parsed = parse_bibtex((folder / interview_path(record["id"], "bib")).read_text("utf-8"))
        assert len(parsed) == 1
        (_, _, fields) = parsed[0]
        assert unlatex(fields["title"][1:-1]) == " ".join(record["title"].split())
        (ris,) = parse_ris((folder / interview_path(record["id"], "ris")).read_text("utf-8"))
        assert dict(ris)["TI"] == " ".join(record["title"].split())
        md = (folder / interview_path(record["id"], "md")).read_text("utf-8")
        soup = BeautifulSoup(python_markdown.markdown(md), "html.parser")
        assert not soup.find_all(["script", "img", "a", "iframe", "svg", "style", "b"])
    assert tei_tags <= {
        "TEI", "teiHeader", "fileDesc", "titleStmt", "title", "author", "publicationStmt",
        "publisher", "idno", "availability", "licence", "sourceDesc", "listBibl", "bibl",
        "encodingDesc", "classDecl", "taxonomy", "category", "catDesc", "profileDesc",
        "settingDesc", "setting", "name", "date", "particDesc", "listPerson", "person",
        "persName", "textClass", "keywords", "term", "text", "body", "u", "note", "seg",
    }  # fmt: skip
    # The hostile titles (markup, templates, a 2,000-character one) are all in the CSV's
    # neighbour, the corpus JSON, unchanged.
    whole = json.loads((folder / "data" / "corpus.json").read_text("utf-8"))
    assert whole == json.loads(json.dumps(export))


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", "# heading", "- item",
     "1. first", "**bold** _it_ `code`", "&amp; &lt;b&gt;", "![i](x.png)", "| a | b |",
     "+ plus", "= under", "<b onclick=x>t</b>", "\\*escaped\\*"],
)  # fmt: skip
def test_markdown_escaping_shows_the_text_itself(text: str) -> None:
    html = python_markdown.markdown(md_escape(text))
    soup = BeautifulSoup(html, "html.parser")
    assert [t.name for t in soup.find_all(True)] == ["p"], html
    assert soup.get_text() == text


@given(st.text(alphabet=st.sampled_from("\\`*_[]{}<>&#|~-=+.)1 aЯ\n"), max_size=40))
def test_markdown_escaping_references_every_special_character(text: str) -> None:
    """Each character Markdown could read as markup is a numeric reference wherever it is; the
    rest of the text is left as it was (spacing joined, as one_line does)."""
    escaped = md_escape(text)
    assert not set(escaped) & set("\\`*_[]{}<>|~")
    assert html.unescape(escaped) == " ".join(text.split())


def test_csv_quotes_commas_quotes_and_line_breaks() -> None:
    """The csv module's quoting, as the downloads use it, read back by csv."""
    from build_tools.downloads import _csv_rows

    record = {"id": "x", "date": None, "url": "interviews/x/", "turns": [
        {"speaker": "Question", "role": "question", "paragraphs": [
            {"id": "p-1", "text": 'a, "b"\nc =1+1'}]}]}  # fmt: skip
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_csv_rows(record, "interviews/x/"))
    (row,) = csv.reader(io.StringIO(buffer.getvalue()))
    assert row == ["x", "", "Question", "question", "p-1", 'a, "b"\nc =1+1', "interviews/x/#p-1"]


def test_the_data_command_writes_the_downloads(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "data", "--source", str(SOURCE), "--out",
         str(tmp_path), "--site-url", SITE],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "wrote " in run.stdout
    assert (tmp_path / "data" / "corpus.json").is_file()
    assert (tmp_path / "feeds" / "interviews.xml").is_file()
    assert len(list((tmp_path / "data" / "interviews").iterdir())) == 4 * 7


def test_tei_says_the_language_of_the_text(
    hostile: tuple[dict[str, Any], Path], seeds: Path, seed_export: dict[str, Any]
) -> None:
    export, folder = hostile
    (russian,) = [r for r in export["interviews"] if r["sources"][0]["path"].endswith("cp1251.txt")]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    root = read_tei((folder / interview_path(russian["id"], "tei.xml")).read_bytes())
    assert root.get(lang) == "ru"
    record = seed_export["interviews"][0]
    assert (
        read_tei((seeds / interview_path(record["id"], "tei.xml")).read_bytes()).get(lang) == "en"
    )
