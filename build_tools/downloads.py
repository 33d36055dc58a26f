"""The archive's data downloads, written into a folder that becomes part of the site.

For the archive (``data/``): the corpus JSON (the export's record, compact), its JSON Schema,
and a CSV with one row per paragraph. For each interview (``data/interviews/<id>.<ext>``):
plain text with speaker labels, Markdown, its JSON record, TEI XML, BibTeX, RIS and CSL-JSON.
Online (when the site's address is known), Atom and JSON feeds (``feeds.py``).

Every download is a view of the export record (``export.interview_record``): a paragraph's
text in the CSV, the TEI, the text and the JSON is the export's, character for character
(``tests/test_downloads.py`` checks it on every file). Records are made and written one
interview at a time, so memory does not grow with the archive. The build writes them in a
process of its own (:func:`write_beside`), sent the interviews one batch at a time.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from build_tools import bibliography, features, feeds, tei
from build_tools.background import Consumer, spare_core
from build_tools.export import SCHEMA_PATH, interview_record
from build_tools.export import corpus_record as _corpus_record
from build_tools.model import Corpus, Interview, repack_interview
from build_tools.topics import load_topics

ARCHIVE_NAME = "Transcript archive"
DATA = "data"
INTERVIEWS = "data/interviews"
CSV_COLUMNS = ("interview_id", "date", "speaker", "role", "paragraph_id", "text", "url")


@dataclass(frozen=True)
class Kind:
    """One kind of download."""

    name: str
    """Short key: ``text``, ``tei``, ``corpus``..."""
    ext: str
    """How its file name ends, without the dot (``tei.xml``)."""
    title: str
    """Its name for readers (``TEI XML``): the link text on interview pages."""
    description: str
    """One sentence for the Data page."""
    per_interview: bool
    """One file per interview (else one for the archive)."""
    media_type: str
    """Its media type (the ``type`` hint of links to it)."""


KINDS: tuple[Kind, ...] = (
    Kind("corpus", "json", "Corpus JSON", "Every interview with its metadata, sources, turns "
         "and paragraphs (each with its source file and line), excerpts, removed lines and "
         "fixes: the export of python -m build_tools export, written compactly (no "
         "indentation, one line).",
         per_interview=False, media_type="application/json"),
    Kind("schema", "schema.json", "JSON Schema", "The corpus JSON's schema (JSON Schema "
         "2020-12): every field, documented.",
         per_interview=False, media_type="application/schema+json"),
    Kind("csv", "csv", "Paragraphs CSV", "One row per paragraph: interview id, date, speaker, "
         "role, paragraph id, text and the paragraph's URL (UTF-8, a header row, RFC 4180 "
         "quoting).",
         per_interview=False, media_type="text/csv"),
    Kind("text", "txt", "Text", "Plain text: the title and facts, then each paragraph with "
         "its speaker label.",
         per_interview=True, media_type="text/plain"),
    Kind("markdown", "md", "Markdown", "The same as Markdown, with the text escaped so that "
         "nothing in it is read as markup.",
         per_interview=True, media_type="text/markdown"),
    Kind("json", "json", "JSON", "The interview's record of the corpus JSON, alone.",
         per_interview=True, media_type="application/json"),
    Kind("tei", "tei.xml", "TEI", "TEI P5 XML: a teiHeader naming every source file with its "
         "SHA-256, one <u who> per turn and one <seg xml:id> per paragraph.",
         per_interview=True, media_type="application/tei+xml"),
    Kind("bibtex", "bib", "BibTeX", "A citation for BibTeX and biblatex.",
         per_interview=True, media_type="application/x-bibtex"),
    Kind("ris", "ris", "RIS", "A citation for reference managers (Zotero, EndNote, Mendeley).",
         per_interview=True, media_type="application/x-research-info-systems"),
    Kind("csl", "csl.json", "CSL-JSON", "A citation as CSL-JSON (Zotero, Pandoc, citeproc).",
         per_interview=True, media_type="application/vnd.citationstyles.csl+json"),
)  # fmt: skip
KIND = {k.name: k for k in KINDS}
ARCHIVE_PATHS = {"corpus": "data/corpus.json", "schema": "data/corpus.schema.json",
                 "csv": "data/paragraphs.csv"}  # fmt: skip


@dataclass(frozen=True)
class DataFile:
    """One file written for the site."""

    path: str
    """Site-relative POSIX path, e.g. ``data/interviews/<id>.tei.xml``."""
    kind: str
    """A :data:`KINDS` name, or ``atom`` / ``jsonfeed`` for a feed."""
    title: str
    """What it is, for a listing (``TEI``, ``Atom feed: NATO``)."""
    size: int
    """Its size in bytes."""
    interview: str | None = None
    """The interview's id, for a per-interview file."""


def interview_path(interview_id: str, ext: str) -> str:
    """Site-relative path of one interview's download: ``data/interviews/<id>.<ext>``."""
    return f"{INTERVIEWS}/{interview_id}.{ext}"


def page_url(site_url: str | None, url: str) -> str:
    """A page's URL: absolute under ``site_url`` when it is known, else site-relative."""
    return site_url.rstrip("/") + "/" + url if site_url else url


def build_date(source_date_epoch: str | None) -> str:
    """The build's date, ISO: from ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else
    today (UTC). Citations give it as the access date."""
    if source_date_epoch:
        return datetime.fromtimestamp(int(source_date_epoch), UTC).date().isoformat()
    return datetime.now(UTC).date().isoformat()


def compact(data: object) -> str:
    """JSON with no spaces or indentation (the downloads are for programs)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# --- plain text and Markdown ---------------------------------------------------------------


def _facts(record: dict[str, Any], url: str) -> list[tuple[str, str]]:
    rows = [("Date", record.get("date") or "not stated"), ("Kind", record.get("kind")),
            ("Outlet", record.get("outlet")), ("Occasion", record.get("occasion")),
            ("Place", record.get("place")), ("Page", url)]  # fmt: skip
    return [(k, v) for k, v in rows if v]


def _speaker(turn: dict[str, Any]) -> str:
    note = f" ({turn['note']})" if turn.get("note") else ""
    return str(turn["speaker"]) + note


def plain_text(record: dict[str, Any], url: str) -> str:
    """The title, the facts, then each paragraph on a line of its own, a turn's first one after
    its speaker's label (``Question: …``), blank lines between paragraphs."""
    out = [bibliography.one_line(record["title"])]
    out += [f"{k}: {bibliography.one_line(v)}" for k, v in _facts(record, url)]
    out.append("")
    for turn in record["turns"]:
        for n, p in enumerate(turn["paragraphs"]):
            out += [f"{_speaker(turn)}: {p['text']}" if n == 0 else p["text"], ""]
    return "\n".join(out)


# Markdown reads these anywhere in a line (``!`` only before ``[``, which is covered). Each is
# written as a numeric character reference, which CommonMark and Python-Markdown alike show
# as the character and never read as markup (backslash escapes differ between them: Python-
# Markdown keeps the backslash of an escaped "<").
# Found by one pattern in C; a Python call only where there is one (rare in a transcript). A
# translation table looks every character of the text up in a dict: 1.5 s at 1,000 interviews.
_MD_INLINE = {c: f"&#{ord(c)};" for c in "\\`*_[]{}<>&#|~"}
_MD_INLINE_CHAR = re.compile("[" + re.escape("".join(_MD_INLINE)) + "]")
# And these only at the start of a line: list items, setext underlines, ordered lists.
_MD_LINE_START = re.compile(r"^([-+=]|\d+[.)])")


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match[0][-1])};"


def md_escape(text: str) -> str:
    """``text`` as Markdown that shows it literally: no markup, link, HTML or entity in it
    takes effect."""
    escaped = _MD_INLINE_CHAR.sub(lambda m: _MD_INLINE[m[0]], bibliography.one_line(text))
    # "- x" becomes "&#45; x"; "1. x" becomes "1&#46; x".
    return _MD_LINE_START.sub(lambda m: m[0][:-1] + _reference(m), escaped)


def markdown(record: dict[str, Any], url: str) -> str:
    """The same as :func:`plain_text`, as Markdown: a heading, the facts as a list, bold
    speaker labels; every piece of text escaped (:func:`md_escape`)."""
    out = [f"# {md_escape(record['title'])}", ""]
    out += [f"- {k}: {md_escape(v)}" for k, v in _facts(record, url)]
    out.append("")
    for turn in record["turns"]:
        for n, p in enumerate(turn["paragraphs"]):
            text = md_escape(p["text"])
            out += [f"**{md_escape(_speaker(turn))}:** {text}" if n == 0 else text, ""]
    return "\n".join(out)


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the downloads need besides the corpus."""

    site_url: str | None
    """The published address (``https://…/``), or None (offline bundle, local builds
    without one): URLs are then site-relative and no feeds are written."""
    accessed: str
    """ISO date of the build: the access date in citations."""
    archive: str = ARCHIVE_NAME
    """The archive's name (``site_name``)."""


def _per_interview(
    record: dict[str, Any],
    settings: Settings,
    topic_names: dict[str, str],
    lang: str,
    as_json: str | None = None,
) -> Iterator[tuple[str, str]]:
    """(kind, file text) of each per-interview download (``lang``: the text's language;
    ``as_json``: the record's compact JSON, when the caller has made it already)."""
    url = page_url(settings.site_url, record["url"])
    cite = bibliography.citation(record, url, settings.accessed, settings.archive)
    yield "text", plain_text(record, url)
    yield "markdown", markdown(record, url)
    yield "json", (as_json if as_json is not None else compact(record)) + "\n"
    yield (
        "tei",
        tei.tei_document(record, url, archive=settings.archive, topic_names=topic_names, lang=lang),
    )
    yield "bibtex", bibliography.bibtex(cite)
    yield "ris", bibliography.ris(cite)
    yield "csl", bibliography.csl_json(cite)


def _csv_rows(record: dict[str, Any], url: str) -> Iterator[list[str]]:
    for turn in record["turns"]:
        for p in turn["paragraphs"]:
            yield [record["id"], record.get("date") or "", turn["speaker"], turn["role"],
                   p["id"], p["text"], f"{url}#{p['id']}"]  # fmt: skip


def write_all(corpus: Corpus, folder: Path, settings: Settings) -> list[DataFile]:
    """Write every download into ``folder`` (as the site's root: ``folder/data/…``,
    ``folder/feeds/…``) and list them, archive files first."""
    return write_interviews(corpus.interviews, folder, settings, archive_facts(corpus))


def write_beside(corpus: Corpus, folder: Path, settings: Settings) -> Consumer[list[DataFile]]:
    """:func:`write_all` in a process of its own while the caller goes on (the build hook
    renders the pages meanwhile: at 1,000 interviews the downloads take 5 s on one core); its
    ``result()`` is the list. On one core they are written in the caller, when the list is
    asked for. (The process takes about 0.3 s to start, which a handful of interviews does
    not win back; it is used for them too, so that every build writes them the same way.)"""
    facts = archive_facts(corpus)
    return Consumer(
        write_interviews, corpus.interviews, folder, settings, facts, beside=spare_core()
    )


def archive_facts(corpus: Corpus) -> dict[str, Any]:
    """The corpus record's top level without its interviews (export.corpus_record's keys in
    its order): what the corpus download needs besides them."""
    top = _corpus_record(dataclasses.replace(corpus, interviews=()))
    del top["interviews"]
    return top


def write_interviews(
    interviews: Iterable[Interview], folder: Path, settings: Settings, facts: dict[str, Any]
) -> list[DataFile]:
    """:func:`write_all` given the interviews one at a time and :func:`archive_facts`."""
    topic_names = {t.id: t.name for t in load_topics()}
    (folder / INTERVIEWS).mkdir(parents=True, exist_ok=True)
    written: list[DataFile] = []
    entries: list[feeds.Entry] = []

    def put(path: str, text: str, kind: str, title: str, interview: str | None = None) -> None:
        data = text.encode("utf-8")
        (folder / path).write_bytes(data)
        written.append(DataFile(path, kind, title, len(data), interview))

    corpus_path = folder / ARCHIVE_PATHS["corpus"]
    csv_path = folder / ARCHIVE_PATHS["csv"]
    with (
        corpus_path.open("w", encoding="utf-8") as whole,
        csv_path.open("w", encoding="utf-8", newline="") as table,
    ):
        rows = csv.writer(table)
        rows.writerow(CSV_COLUMNS)
        # The export's top level with the interviews streamed in (export.corpus_record's
        # order of keys), so the whole corpus is never held as one record.
        top = dict(facts)
        whole.write(f'{{"schema_version":{top.pop("schema_version")},"interviews":[')
        for n, interview in enumerate(interviews):
            record = interview_record(interview)
            as_json = compact(record)  # the corpus's entry and the interview's own file
            whole.write(("," if n else "") + as_json)
            url = page_url(settings.site_url, record["url"])
            rows.writerows(_csv_rows(record, url))
            lang = features.of(interview.main).language
            for kind, text in _per_interview(record, settings, topic_names, lang, as_json):
                ext = KIND[kind].ext
                put(interview_path(record["id"], ext), text, kind, KIND[kind].title, record["id"])
            entries.append(feeds.entry(record, url))
            repack_interview(interview)  # its turns, unpickled for the record, go again
        whole.write("]," + compact(top)[1:] + "\n")
    head = [
        DataFile(ARCHIVE_PATHS["corpus"], "corpus", KIND["corpus"].title,
                 corpus_path.stat().st_size),
        DataFile(ARCHIVE_PATHS["csv"], "csv", KIND["csv"].title, csv_path.stat().st_size),
    ]  # fmt: skip
    schema = SCHEMA_PATH.read_bytes()
    (folder / ARCHIVE_PATHS["schema"]).write_bytes(schema)
    head.insert(1, DataFile(ARCHIVE_PATHS["schema"], "schema", KIND["schema"].title, len(schema)))
    if settings.site_url:
        for path, text, kind, title in feeds.all_feeds(
            entries, settings.site_url, settings.archive, topic_names
        ):
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            put(path, text, kind, title)
        feed_paths = [f.path for f in written if f.path.startswith(f"{feeds.FEEDS}/")]
        for path, text in feeds.lookup_stubs(feed_paths).items():
            (folder / path).write_text(text, encoding="utf-8")  # not a download: unlisted
    return head + written
