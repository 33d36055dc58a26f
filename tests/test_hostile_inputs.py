"""The hostile corpus (``tests/hostile_corpus.py``) through the real pipeline.

- One file at a time next to the seeds: the four seed interviews keep every turn and paragraph,
  and the file gives a page or a clear message (file, line or byte, what, fix).
- All of them together: each behaves as its entry says, nothing of a usable file is lost, a
  slug collision is resolved by content and reported, no link is followed out of the folder,
  and a flood of identical problems is reported in a few lines.
- The 5 MB line and the 50 MB transcript complete (the latter's time and peak memory are in
  the check report).
What a browser does with the built pages is in ``tests/browser/test_hostile_site.py``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from build_tools.accounting import account, pieces_by_line
from build_tools.export import corpus_record
from build_tools.model import Corpus, ParsedSource
from build_tools.pipeline import build_corpus
from tests.conftest import ROOT, SOURCE, make
from tests.hostile_corpus import Hostile, big_transcript, corpus, write

pytestmark = pytest.mark.slow

SMALL = corpus(big=False)


def seed_shape(c: Corpus) -> dict[str, list[dict[str, Any]]]:
    """Per seed file: the turns of its interview as the export has them (speaker, role, and
    every paragraph's id, text and source line)."""
    shape = {}
    for i in corpus_record(c)["interviews"]:
        name = Path(i["sources"][0]["path"]).name
        if (SOURCE / name).is_file():
            for turn in i["turns"]:  # the folder differs between runs; the file name does not
                for p in turn["paragraphs"]:
                    p["source"]["path"] = Path(p["source"]["path"]).name
            shape[name] = i["turns"]
    return shape


@pytest.fixture(scope="module")
def seed_baseline(seed_corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    shape = seed_shape(seed_corpus)
    assert len(shape) == 4
    return shape


def _messages(c: Corpus, name: str) -> list[str]:
    return [d.format() for d in c.diagnostics if Path(d.path).name == name]


def assert_behaves(c: Corpus, entry: Hostile) -> None:
    """The entry gives a page (and no error), or a clear message and no page."""
    name = entry.name
    pages = [i for i in c.interviews if Path(i.main.source.path).name == name]
    said = [d for d in c.diagnostics if Path(d.path).name == name]
    errors = [d for d in said if d.level == "error"]
    if entry.expect == "page":
        assert len(pages) == 1 and not errors, (name, [d.format() for d in said])
        return
    assert not pages, f"{name}: should not give a page ({entry.why})"
    assert said, f"{name}: not given a page, and nothing said about it"
    for d in said:
        assert d.message and d.hint, f"{name}: a message needs what is wrong and the fix: {d}"
    if entry.expect == "rejected":
        assert errors and any(Path(r.path).name == name for r in c.rejected), _messages(c, name)


@pytest.mark.parametrize("entry", SMALL, ids=[e.name for e in SMALL])
def test_one_hostile_file_next_to_the_seeds(
    entry: Hostile, seed_baseline: dict[str, object], tmp_path: Path
) -> None:
    folder = tmp_path / "source_texts"
    shutil.copytree(SOURCE, folder)
    write(folder, [entry], tmp_path / "outside")
    c = build_corpus(folder)
    assert seed_shape(c) == seed_baseline, f"{entry.name} changed a seed interview"
    assert_behaves(c, entry)


@pytest.fixture(scope="module")
def together(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, list[Hostile]]:
    base = tmp_path_factory.mktemp("hostile")
    entries = corpus(big=True)
    folder = write(base / "source_texts", entries, base / "outside")
    return build_corpus(folder), entries


def test_every_hostile_file_behaves_in_one_build(together: tuple[Corpus, list[Hostile]]) -> None:
    c, entries = together
    for entry in entries:
        assert_behaves(c, entry)


def _parsed(c: Corpus) -> list[ParsedSource]:
    return [i.main for i in c.interviews] + [x.source for i in c.interviews for x in i.linked]


def test_nothing_of_a_usable_hostile_file_is_lost(together: tuple[Corpus, list[Hostile]]) -> None:
    """Every non-blank source line has somewhere to be (a paragraph, the metadata and labels,
    or the removal log with a reason), and every word of it is there."""
    c, _ = together
    checked = 0
    for parsed in _parsed(c):
        placed = set(pieces_by_line(parsed))
        unplaced = [s.number for s in parsed.lines if s.raw.strip() and s.number not in placed]
        assert not unplaced, f"{parsed.source.path}: lines {unplaced[:10]} are nowhere"
        assert not account(parsed), f"{parsed.source.path}: {account(parsed)}"
        assert all(r.reason for r in parsed.removed)
        checked += 1
    assert checked >= 25


def test_a_slug_collision_is_resolved_by_content_and_reported(
    together: tuple[Corpus, list[Hostile]],
) -> None:
    c, _ = together
    clash = sorted((i.id, Path(i.main.source.path).name) for i in c.interviews if "clash" in i.id)
    assert [slug for slug, _ in clash] == ["2019-05-22-clash", "2019-05-22-clash-2"]
    second = clash[1][1]
    (note,) = [d for d in c.diagnostics if Path(d.path).name == second and "address" in d.message]
    assert note.level == "warning" and "interviews/2019-05-22-clash-2/" in note.message
    assert clash[0][1] in note.message and note.hint


def test_slugs_do_not_depend_on_file_names(write_sources: Callable[..., Path]) -> None:
    entries = [e for e in SMALL if e.name.startswith("slug-")]
    one = build_corpus(write_sources({e.name: e.data for e in entries}))
    renamed = {f"zz-{e.name}" if e.name == "slug-a.txt" else f"aa-{e.name}": e.data
               for e in entries}  # fmt: skip
    shutil.rmtree(one.interviews[0].main.source.path.rsplit("/", 1)[0])
    two = build_corpus(write_sources(renamed))
    assert [(i.id, i.main.source.sha256) for i in one.interviews] == [
        (i.id, i.main.source.sha256) for i in two.interviews
    ]


def test_no_symbolic_link_is_followed_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("Sergey Lavrov’s interview with Secret, Moscow, May 1, 2019\n\n"
                      "Question: q?\n\nSergey Lavrov: SECRET-WORD.\n")  # fmt: skip
    folder = tmp_path / "source_texts"
    folder.mkdir()
    (folder / "link.txt").symlink_to(secret)
    (folder / "dir-link").symlink_to(outside, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    c = build_corpus(folder)
    assert not c.interviews
    said = {Path(d.path).name: d for d in c.diagnostics}
    assert set(said) == {"link.txt", "dir-link", "loop"}, [d.format() for d in c.diagnostics]
    assert all(d.hint and "link" in d.message for d in said.values())


def test_a_flood_of_one_problem_is_said_in_a_few_lines(
    together: tuple[Corpus, list[Hostile]],
) -> None:
    c, _ = together
    said = _messages(c, "questions-only.txt")
    assert len(said) <= 10, said[:12]
    assert any("more times" in m and "9997" in m for m in said), said


def test_a_file_of_one_5_mb_line_gives_a_page(together: tuple[Corpus, list[Hostile]]) -> None:
    c, _ = together
    (page,) = [i for i in c.interviews if i.main.source.path.endswith("one-long-line.txt")]
    text = "".join(p.text for t in page.main.turns for p in t.paragraphs)
    assert len(text) > 4_000_000


def test_a_50_mb_transcript_builds_and_the_report_gives_time_and_memory(tmp_path: Path) -> None:
    """The real `make site` from a folder holding one 50 MB transcript completes; the build's
    summary line (and ``build/hostile/report.md``) states the time and peak memory."""
    folder = tmp_path / "source_texts"
    folder.mkdir()
    (folder / "fifty-megabytes.txt").write_bytes(big_transcript(50))
    run = make("site", {"SOURCE_TEXTS": str(folder)}, SITE_DIR=tmp_path / "site")
    (summary,) = [line for line in run.stderr.splitlines() if "transcripts:" in line]
    assert "1 interviews, 0 rejected, 0 errors" in summary, summary
    assert re.search(r"pipeline [\d.]+ s, MkDocs [\d.]+ s, peak memory \d+ MB", summary), summary
    page = next((tmp_path / "site" / "interviews").glob("*/index.html"))
    assert page.stat().st_size > 50_000_000
    out = ROOT / "build" / "hostile"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(
        "# A 50 MB transcript through `make site`\n\n"
        f"{summary.split('transcripts:', 1)[1].strip()}\n",
        encoding="utf-8",
    )
