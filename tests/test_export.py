"""The export: valid against its JSON Schema, complete, and proven lossless."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from build_tools.accounting import check_nothing_lost, lost_words
from build_tools.export import load_schema
from build_tools.model import Corpus
from tests.conftest import ROOT


def test_export_validates_against_schema(seed_export: dict) -> None:  # type: ignore[type-arg]
    jsonschema.Draft202012Validator.check_schema(load_schema())
    jsonschema.validate(seed_export, load_schema(), cls=jsonschema.Draft202012Validator)


def test_schema_rejects_a_broken_export(seed_export: dict) -> None:  # type: ignore[type-arg]
    broken = json.loads(json.dumps(seed_export))
    broken["interviews"][0]["turns"][0]["role"] = "monologue"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, load_schema(), cls=jsonschema.Draft202012Validator)


def test_cli_export_writes_the_corpus(tmp_path: Path) -> None:
    out = tmp_path / "corpus.json"
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "export", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    assert len(data["interviews"]) == 4
    first = data["interviews"][0]
    para = first["turns"][0]["paragraphs"][0]
    assert para["source"]["path"].startswith("source_texts/")
    assert para["source"]["line"] >= 1
    assert all(len(s["sha256"]) == 64 for i in data["interviews"] for s in i["sources"])


def test_zero_lost_lines_in_seeds(seed_corpus: Corpus) -> None:
    for interview in seed_corpus.interviews:
        assert lost_words(interview.main) == {}, interview.main.source.path


def test_every_removed_line_is_logged_with_reason(seed_export: dict) -> None:  # type: ignore[type-arg]
    for interview in seed_export["interviews"]:
        for r in interview["removed"]:
            assert r["reason"] and r["text"] and r["line"] >= 1
            assert r["path"] in {s["path"] for s in interview["sources"]}


def test_accounting_catches_a_dropped_paragraph(seed_corpus: Corpus) -> None:
    """The lossless proof can fail: drop one paragraph and it names the line."""
    from dataclasses import replace

    main = seed_corpus.interviews[0].main
    first_turn = main.turns[0]
    dropped = first_turn.paragraphs[-1]
    damaged = replace(
        main, turns=(replace(first_turn, paragraphs=first_turn.paragraphs[:-1]), *main.turns[1:])
    )
    problems = check_nothing_lost(damaged)
    assert [d.line for d in problems] == list(dropped.lines)
    assert problems[0].path == main.source.path
    assert problems[0].level == "error"


def test_accounting_catches_a_changed_word(seed_corpus: Corpus) -> None:
    from dataclasses import replace

    main = seed_corpus.interviews[-1].main
    t, turn = next((n, t) for n, t in enumerate(main.turns) if " the " in t.paragraphs[0].text)
    para = turn.paragraphs[0]
    changed = replace(para, text=para.text.replace(" the ", " a ", 1))
    turns = list(main.turns)
    turns[t] = replace(turn, paragraphs=(changed, *turn.paragraphs[1:]))
    damaged = replace(main, turns=tuple(turns))
    problems = {d.line: d.message for d in check_nothing_lost(damaged)}
    assert list(problems) == [para.line]
    assert (
        "the" in problems[para.line]
        and "appear that the line does not have: a" in (problems[para.line])
    )


def test_merge_accounting_catches_a_dropped_span(seed_corpus: Corpus) -> None:
    from dataclasses import replace

    from build_tools.accounting import check_links_lossless

    assert check_links_lossless(seed_corpus.interviews) == []
    interview = next(i for i in seed_corpus.interviews if i.linked)
    link = interview.linked[0]
    damaged = replace(interview, linked=(replace(link, spans=link.spans[1:]),))
    (problem,) = check_links_lossless([damaged])
    assert problem.path == link.source.source.path and "lost" in problem.message


class _Store:
    """A build cache in memory (``cache.ParseCache``'s get and put)."""

    def __init__(self) -> None:
        self.entries: dict[str, object] = {}

    def get(self, key: str) -> object | None:
        return self.entries.get(key)

    def put(self, key: str, value: object) -> None:
        self.entries[key] = value


def test_merge_accounting_is_kept_by_the_source_and_the_interviews_it_was_merged_into(
    seed_corpus: Corpus,
) -> None:
    """With a cache a source's result is reused while the source and its interviews are the
    same ones, and counted again when either changes (a stale result would hide a loss)."""
    from dataclasses import replace

    from build_tools.accounting import LOSSLESS_KEY, check_links_lossless

    store = _Store()
    assert check_links_lossless(seed_corpus.interviews, store) == []
    interview = next(i for i in seed_corpus.interviews if i.linked)
    link = interview.linked[0]
    damaged = replace(interview, linked=(replace(link, spans=link.spans[1:]),))
    # Kept by identity: the same source and interview give the kept (clean) result, even with a
    # span dropped in memory, which no build from the same files can do.
    assert check_links_lossless([damaged], store) == []
    # Another interview (an edit of its text) is another key: counted again, the loss found.
    assert interview.main.features is not None
    edited = replace(interview.main.features, digest="edited")
    moved = replace(damaged, main=replace(damaged.main, features=edited))
    (problem,) = check_links_lossless([moved], store)
    assert problem.path == link.source.source.path and "lost" in problem.message
    assert list(store.entries) == [LOSSLESS_KEY]
    # An edited source, likewise.
    assert link.source.features is not None
    source = replace(link.source, features=replace(link.source.features, digest="other"))
    again = replace(interview, linked=(replace(link, source=source, spans=link.spans[1:]),))
    assert len(check_links_lossless([again], store)) == 1
