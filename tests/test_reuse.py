"""Repeated statements (``build_tools/reuse.py``): what is linked, what is not, and what the
seeds hold.

Synthetic interviews are written to a folder and built with the real pipeline; each shares (or
does not share) one passage, embedded in filler text that no two interviews share.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup

from build_tools import reuse
from build_tools.model import Corpus
from build_tools.pipeline import build_corpus
from tests.conftest import EPOCH, ROOT

Write = Callable[[dict[str, str | bytes]], Path]

_FILLER = (
    "river garden window morning table letter summer bridge candle pocket mountain silver "
    "orange thunder pencil blanket harbour lantern meadow violin basket feather castle "
    "island jacket kettle ladder mirror needle orchard pepper quilt ribbon saddle tunnel "
    "umbrella valley wagon yellow zebra anchor button carpet dragon engine forest glacier "
    "hammer insect jungle kitchen lemon marble napkin ocean parrot rabbit shadow tiger"
)
FILLER_WORDS = _FILLER.split()

# Twenty words the speaker says in two interviews.
STATEMENT = (
    "We have said that security in Europe must be indivisible and no country may strengthen "
    "its security at others’ expense."
)
assert len(reuse.words(STATEMENT)) == 20


def filler(seed: int, n: int = 40) -> str:
    """A sentence-like run of words no other seed's filler shares five of in a row."""
    rng = random.Random(seed)
    return " ".join(rng.choice(FILLER_WORDS) for _ in range(n)).capitalize() + "."


def transcript(outlet: str, date: str, seed: int, answer: str = "", question: str = "") -> str:
    """An interview of four questions and answers; ``answer`` is put inside the second answer
    (between filler), ``question`` inside the third question."""
    lines = [f"Foreign Minister Sergey Lavrov’s interview with {outlet}, Moscow, {date}"]
    for n in range(4):
        asked = filler(seed * 100 + n, 12)
        said = filler(seed * 100 + 50 + n)
        if n == 1 and answer:
            said = f"{filler(seed * 100 + 70, 10)} {answer} {filler(seed * 100 + 71, 10)}"
        if n == 2 and question:
            asked = f"{asked} {question}"
        lines += [f"Question: {asked}?", f"Sergey Lavrov: {said}"]
    return "\n".join(lines) + "\n"


def build(write: Write, files: dict[str, str]) -> Corpus:
    return build_corpus(write(dict(files)))


def pairs(corpus: Corpus) -> set[tuple[str, str]]:
    """(interview, other interview) for every echo."""
    return {(i.id, e.interview_id) for i in corpus.interviews for e in i.echoes}


A = ("Rossiya 24", "November 1, 2021")
B = ("Izvestia", "March 28, 2024")


def two(answer_a: str, answer_b: str = "", question_b: str = "") -> dict[str, str]:
    return {
        "a.txt": transcript(*A, seed=1, answer=answer_a),
        "b.txt": transcript(*B, seed=2, answer=answer_b, question=question_b),
    }


def test_a_shared_statement_is_linked_both_ways(write_sources: Write) -> None:
    corpus = build(write_sources, two(STATEMENT, STATEMENT))
    a, b = corpus.interviews
    assert pairs(corpus) == {(a.id, b.id), (b.id, a.id)}
    (ea,), (eb,) = a.echoes, b.echoes
    assert ea.other_paragraph_id == eb.paragraph_id and eb.other_paragraph_id == ea.paragraph_id
    assert ea.words == eb.words == 20 and ea.score == 1.0
    assert ea.passage == eb.passage == STATEMENT.rstrip(".")
    held = {p.id: p.text for p in a.main.paragraphs}
    assert STATEMENT.rstrip(".") in held[ea.paragraph_id]


# Near repetitions that are the same statement: punctuation, quotes and dashes, case, an
# editorial insertion, one changed word, one added word.
SAME = [
    STATEMENT.replace("’", "'").replace(",", "").upper(),
    STATEMENT.replace("Europe", "Europe [on the continent]"),
    STATEMENT.replace("may strengthen", "can strengthen"),
    STATEMENT.replace("security in Europe", "security in Europe – as we know –"),
]


@pytest.mark.parametrize("variant", SAME)
def test_near_repetitions_are_found(write_sources: Write, variant: str) -> None:
    corpus = build(write_sources, two(STATEMENT, variant))
    a, b = corpus.interviews
    assert pairs(corpus) == {(a.id, b.id), (b.id, a.id)}
    assert a.echoes[0].score >= reuse.load().min_score
    assert a.echoes[0].words >= reuse.load().min_words


def first_words(n: int) -> str:
    return " ".join(STATEMENT.split()[:n])


# Not the same statement: too short, formulas only, a paraphrase.
NOT_REUSE = {
    "12-word overlap": (first_words(12), first_words(12)),
    "14-word overlap": (first_words(14), first_words(14)),
    "formulas only": (
        "Good afternoon, ladies and gentlemen. Thank you for the invitation. Thank you for the "
        "question. Minister of Foreign Affairs of the Russian Federation.",
        "Good afternoon, ladies and gentlemen. Thank you for the invitation. Thank you for the "
        "question. Minister of Foreign Affairs of the Russian Federation.",
    ),
    "official title and ten words": (
        "The High Representative of the European Union for Foreign Affairs and Security Policy "
        "said that security in Europe must be indivisible",
        "The High Representative of the European Union for Foreign Affairs and Security Policy "
        "said that security in Europe must be indivisible",
    ),
    "paraphrase": (
        STATEMENT,
        "We said that safety in Europe should be indivisible and no state can reinforce its "
        "safety at the cost of others.",
    ),
}


@pytest.mark.parametrize("case", list(NOT_REUSE))
def test_what_is_not_reuse(write_sources: Write, case: str) -> None:
    one, other = NOT_REUSE[case]
    corpus = build(write_sources, two(one, other))
    assert len(corpus.interviews) == 2
    assert pairs(corpus) == set()


def test_the_interviewer_quoting_him_is_not_reuse(write_sources: Write) -> None:
    corpus = build(write_sources, two(STATEMENT, question_b=STATEMENT))
    assert len(corpus.interviews) == 2
    assert pairs(corpus) == set()


def test_a_repost_of_the_same_interview_is_not_reuse(write_sources: Write) -> None:
    # The same interview twice (a duplicate), and an excerpt quoting it: one page, no echo.
    text = transcript(*A, seed=1, answer=STATEMENT)
    quoted = [line.split(": ", 1)[1] for line in text.splitlines() if "Lavrov:" in line][:2]
    post = "Key points from the interview (November 1, 2021)\n\n" + "\n\n".join(quoted) + "\n"
    corpus = build(write_sources, {"a.txt": text, "a-repost.txt": text.replace("’s", "'s"),
                                   "post.txt": post})  # fmt: skip
    (interview,) = corpus.interviews
    assert {x.role for x in interview.linked} == {"duplicate", "excerpt"}
    assert interview.echoes == ()


def test_two_texts_of_one_event_are_not_reuse(write_sources: Write) -> None:
    # Same date and outlet (a partial repost, too different to be a duplicate): one event.
    corpus = build(write_sources, {
        "a.txt": transcript(*A, seed=1, answer=STATEMENT),
        "a-part.txt": transcript(*A, seed=3, answer=STATEMENT),
    })  # fmt: skip
    assert len(corpus.interviews) == 2
    assert pairs(corpus) == set()


def test_an_excerpt_page_is_not_compared(write_sources: Write) -> None:
    # A post quoting an interview the archive does not hold: its words are a quotation.
    post = (
        "🎙 Excerpt from Sergey Lavrov's interview with Kommersant (May 5, 2022)\n\n"
        f"💬 {filler(9)} {STATEMENT} {filler(10)}\n\nRead in full\n"
    )
    corpus = build(write_sources, {"a.txt": transcript(*A, seed=1, answer=STATEMENT),
                                   "post.txt": post})  # fmt: skip
    assert any(i.missing_full_text for i in corpus.interviews)
    assert pairs(corpus) == set()


def test_echoes_are_deterministic(write_sources: Write, tmp_path: Path) -> None:
    files = {
        "a.txt": transcript(*A, seed=1, answer=STATEMENT),
        "b.txt": transcript(*B, seed=2, answer=STATEMENT),
        "c.txt": transcript("TASS", "May 5, 2022", seed=3, answer=SAME[2]),
    }
    first = build(write_sources, files)
    other = tmp_path / "renamed"
    other.mkdir()
    for n, (name, text) in enumerate(reversed(files.items())):
        (other / f"{n}-{name}").write_text(text, encoding="utf-8")
    second = build_corpus(other)
    echoes = {i.id: i.echoes for i in first.interviews}
    assert echoes == {i.id: i.echoes for i in second.interviews}
    assert sum(len(e) for e in echoes.values()) == 6  # three interviews, each linked to two


def test_a_paragraph_keeps_at_most_the_limit(write_sources: Write) -> None:
    limit = reuse.load().max_echoes
    files = {
        f"{n}.txt": transcript(f"Outlet {n}", f"May {n + 1}, 2022", seed=n + 1, answer=STATEMENT)
        for n in range(limit + 2)
    }
    corpus = build(write_sources, files)
    # Each of the seven paragraphs could link six: each keeps four or five (7 x 5 is odd).
    counts = [len(i.echoes) for i in corpus.interviews]
    assert max(counts) == limit and min(counts) >= limit - 1
    assert all((b, a) in pairs(corpus) for a, b in pairs(corpus))


def test_a_run_in_many_interviews_pairs_each_place_with_its_nearest_only(
    write_sources: Write,
) -> None:
    # The statement in ten interviews (not a formula: the limit is 10), with pair_all at 3 and
    # nearest at 2: each of its 16 runs pairs every place with the 2 places after it only, not
    # with all 9 others, so the candidate pairs grow with the places, not with their square.
    n = 10
    files = {
        f"{k}.txt": transcript(f"Outlet {k}", f"May {k + 1}, 2022", seed=k + 1, answer=STATEMENT)
        for k in range(n)
    }
    corpus = build(write_sources, files)
    rules = replace(reuse.load(), pair_all=3, nearest=2)
    interviews = corpus.interviews
    said = [reuse._hash(w) for w in reuse.words(STATEMENT)]
    runs = reuse._runs(np.array(said, dtype=np.uint32), rules.shingle_words)[: len(said) - 4]
    arrays = reuse._arrays(interviews, rules)

    def pairs_of_the_statement(rules: reuse.Rules) -> int:
        _, p, _, _ = reuse._shared_runs(arrays, rules, n)
        return int(np.isin(arrays.runs[p], runs).sum())  # a filler word may follow it too

    assert pairs_of_the_statement(rules) == len(runs) * (2 * n - 3)  # 17 a run
    assert pairs_of_the_statement(reuse.load()) == len(runs) * n * (n - 1) // 2  # 45 a run
    # Each still links its nearest (in the archive's order, by date), and through them every
    # other: the page of repeated statements lists the ten as one statement.
    found = reuse.echoes(interviews, rules)
    order = {i.id: k for k, i in enumerate(interviews)}
    links = {(i.id, e.interview_id) for i in interviews for e in found.get(i.id, ())}
    assert all(abs(order[a] - order[b]) <= rules.nearest for a, b in links)
    assert min(len(found[i.id]) for i in interviews) == rules.nearest
    reached, todo = set(), [interviews[0].id]
    while todo:
        here = todo.pop()
        reached.add(here)
        todo += [b for a, b in links if a == here and b not in reached]
    assert reached == set(order)


@pytest.mark.parametrize("block", [8, 12, 64])
def test_pairs_made_a_block_of_runs_at_a_time_are_the_same_pairs(
    write_sources: Write, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """``_pairs`` goes through the runs a block of places at a time (memory): any block size
    gives the same pairs, whichever runs are picked, and the same diagonals once sorted."""
    files = {
        f"{k}.txt": transcript(f"Outlet {k}", f"May {k + 1}, 2022", seed=k + 1, answer=STATEMENT)
        for k in range(6)
    }
    interviews = build(write_sources, files).interviews
    rules = replace(reuse.load(), pair_all=3, nearest=2)
    arrays = reuse._arrays(interviews, rules)
    groups = reuse._groups(arrays, reuse._usable(arrays, rules))
    _, every, near = reuse._kinds(groups.spread, groups.counts, rules, len(interviews))
    some = np.arange(len(every)) % 3 != 1  # runs left out between the picked ones

    def made(every: np.ndarray, near: np.ndarray) -> tuple[set[tuple[int, int]], list[bytes]]:
        p, q = reuse._pairs(arrays, groups, every, near, rules.nearest)
        diagonals = reuse._diagonals(arrays, p, q, rules)
        return set(zip(p.tolist(), q.tolist(), strict=True)), [d.tobytes() for d in diagonals]

    picks = [(every, near), (every & some, near & some), (every & ~some, near)]
    whole = [made(*pick) for pick in picks]
    monkeypatch.setattr(reuse, "_BLOCK", block)
    assert all(len(w[0]) > 50 for w in whole) and [made(*pick) for pick in picks] == whole


@pytest.mark.parametrize("block", [1 << 22, 7, 64])
@pytest.mark.parametrize("share", [0.0, 0.01, 0.1, 0.2, 0.9, 1.0])
def test_run_places_are_each_chosen_word_with_its_run_in_word_order(
    monkeypatch: pytest.MonkeyPatch, block: int, share: float
) -> None:
    """``_run_places`` by the words' indexes (a few chosen, after an edit) and a block at a
    time (most): both give each chosen word number with its run's hash above it."""
    rng = np.random.default_rng(int(share * 100) + block)
    runs = rng.integers(0, 2**32, 1000, dtype=np.uint64).astype(np.uint32)
    where = rng.random(len(runs)) < share
    monkeypatch.setattr(reuse, "_BLOCK", block)
    found = reuse._run_places(_only_runs(runs), where)
    at = np.flatnonzero(where)
    assert found.dtype == np.uint64
    assert (found >> np.uint64(32)).tolist() == runs[at].tolist()
    assert (found & np.uint64(0xFFFFFFFF)).tolist() == at.tolist()


def test_a_value_per_paragraph_is_the_value_of_each_of_its_words(seed_corpus: Corpus) -> None:
    # Every word takes its own paragraph's value, whichever paragraphs are picked.
    arrays = reuse._arrays(seed_corpus.interviews, reuse.load())
    rng = np.random.default_rng(3)
    for share in (0.0, 0.05, 0.5, 1.0):
        flags = rng.random(len(arrays.units)) < share
        assert arrays.per_word(flags).tolist() == flags[arrays.unit_of].tolist()
    numbers = rng.integers(0, 100, len(arrays.units))
    assert len(arrays.unit_of) > 1000
    assert arrays.per_word(numbers).tolist() == numbers[arrays.unit_of].tolist()


def _only_runs(runs: np.ndarray) -> reuse._Arrays:
    """Arrays holding only ``runs`` (all ``_run_places`` reads)."""
    empty = np.zeros(0, dtype=np.int32)
    fields = {name: empty for name in reuse._Arrays.__dataclass_fields__}
    return reuse._Arrays(**{**fields, "units": [], "hashes": [], "runs": runs})


def test_formula_phrases_shorter_than_a_run_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = dict(reuse.load_rules("reuse"))
    data["formulas"] = ["Thank you"]
    monkeypatch.setattr(reuse, "load_rules", lambda name: data)
    reuse.load.cache_clear()
    try:
        with pytest.raises(reuse.RulesError, match="'Thank you' has 2 word"):
            reuse.load()
    finally:
        monkeypatch.undo()
        reuse.load.cache_clear()


def test_the_seeds_hold_no_repeated_statement_above_the_thresholds(seed_corpus: Corpus) -> None:
    # The seeds' closest passages across different interviews are below the thresholds (the
    # Method page says so): 9 shared words ("on the basis of equality, mutual respect for each
    # other", 2020 and 2024), and an official title of 11 words that the formula list filters.
    assert [e for i in seed_corpus.interviews for e in i.echoes] == []
    rules = reuse.load()
    loose = replace(rules, candidate_words=5, min_words=5, min_score=0.5)
    found = reuse.passages(seed_corpus.interviews, loose)
    assert found and max(p.words for p in found) == 9
    assert all(p.a.interview != p.b.interview for p in found)
    no_formulas = replace(loose, formulas=())
    longest = reuse.passages(seed_corpus.interviews, no_formulas)[0]
    assert longest.words == 11 < rules.min_words


HOSTILE = STATEMENT.replace(
    "Europe", "Europe <script>alert('echo')</script> [x](javascript:alert(1))"
)


@pytest.mark.slow
def test_a_repeated_statement_links_both_pages_in_the_built_site(
    write_sources: Write, tmp_path: Path
) -> None:
    """A real MkDocs build of three interviews, two sharing a statement (with markup in it):
    each page links the other's paragraph, the link resolves to that paragraph in the built
    site, the statements page lists both, and the markup stays text."""
    folder = write_sources({
        "a.txt": transcript(*A, seed=1, answer=HOSTILE),
        "b.txt": transcript(*B, seed=2, answer=HOSTILE),
        "c.txt": transcript("TASS", "May 5, 2022", seed=3),
    })  # fmt: skip
    out = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_TEXTS": str(folder),
           "TRANSCRIPTS_CACHE": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": EPOCH}  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr

    def page(path: Path) -> BeautifulSoup:
        return BeautifulSoup(path.read_text("utf-8"), "html.parser")

    def target(source: Path, link: str) -> tuple[Path, str]:
        where, _, anchor = link.partition("#")
        return (source.parent / where / "index.html").resolve(), anchor

    pages = {p.parent.name: p for p in (out / "interviews").glob("*/index.html")}
    assert set(pages) == {"2021-11-01-rossiya-24", "2024-03-28-izvestia", "2022-05-05-tass"}
    linked = {}
    for name, path in pages.items():
        soup = page(path)
        assert not soup.find("script", string=re.compile("echo"))  # the markup stays text
        links = [a["href"] for p in soup.select("p.ta-echo") for a in p.select("a")]
        linked[name] = links
        for link in links:
            other, anchor = target(path, link)
            held = page(other).find(id=anchor)
            assert held is not None and "ta-p" in held["class"], link
            assert "<script>alert(" in held.get_text()  # shown as text
            # The paragraph it points to points back here.
            back = held.find_next_sibling("p", class_="ta-echo")
            assert back is not None
            assert any(target(other, a["href"])[0] == path.resolve() for a in back.select("a"))
    assert len(linked["2021-11-01-rossiya-24"]) == len(linked["2024-03-28-izvestia"]) == 1
    assert linked["2022-05-05-tass"] == []
    echo = page(pages["2021-11-01-rossiya-24"]).select_one("p.ta-echo")
    assert echo.get_text() == "Said in similar words on 2024-03-28, Izvestia."

    listing = out / "statements" / "index.html"
    soup = page(listing)
    assert soup.select_one("blockquote.ta-repeated").get_text().startswith("We have said")
    occurrences = soup.select("ul.ta-occurrences a")
    assert [a.get_text() for a in occurrences] == ["2021-11-01, Rossiya 24", "2024-03-28, Izvestia"]
    for a in occurrences:
        other, anchor = target(listing, a["href"])
        assert page(other).find(id=anchor) is not None
    assert not soup.find("script", string=re.compile("echo"))
    home = page(out / "index.html")
    assert home.select_one('a[href="statements/"]') is not None


def test_a_rebuild_after_an_edit_updates_the_links_on_unchanged_pages(
    write_sources: Write, tmp_path: Path
) -> None:
    # The page of a.txt is kept in the cache; when b.txt stops saying the statement, a's page
    # (its source unchanged) must lose its link, as a cold build shows.
    from build_tools.render import render_site

    folder = write_sources(two(STATEMENT, STATEMENT))
    cache = tmp_path / "cache"
    before = build_corpus(folder, cache_dir=cache)
    assert pairs(before)
    render_site(before)
    assert build_corpus(folder, cache_dir=cache) == before  # the echoes kept whole
    (folder / "b.txt").write_text(transcript(*B, seed=2, answer=first_words(12)), "utf-8")
    warm = build_corpus(folder, cache_dir=cache)
    cold = build_corpus(folder)
    assert warm == cold and not pairs(warm)
    pages = render_site(warm)
    assert pages == render_site(cold)
    assert not any("ta-echo" in text for text in pages.values())


def test_the_seeds_statements_page_says_there_are_none_and_why(seed_corpus: Corpus) -> None:
    from build_tools.render_statements import statement_pages

    (page,) = statement_pages(seed_corpus).values()
    soup = BeautifulSoup(page.split("---\n", 2)[2], "html.parser")
    assert soup.select_one("p.ta-none") is not None
    assert "at least 15 words in common" in soup.get_text()
    assert "at least 0.85" in soup.get_text()
    assert soup.select_one('a[href="../method/#repeated-statements"]') is not None


def test_a_long_statements_page_is_split_into_parts(
    write_sources: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    from build_tools import render_parts
    from build_tools.render_statements import statement_pages

    second = (
        "The expansion of the alliance to the east has brought security to nobody and has only "
        "drawn new dividing lines across the continent."
    )
    files = {
        f"{n}.txt": transcript(f"Outlet {n}", f"May {n + 1}, 2022", seed=n + 1, answer=STATEMENT)
        + f"Question: {filler(900 + n, 8)}?\nSergey Lavrov: {filler(n, 10)} {second}\n"
        for n in range(2)
    }
    corpus = build(write_sources, files)
    assert len({(i.id, e.paragraph_id) for i in corpus.interviews for e in i.echoes}) == 4
    monkeypatch.setattr(render_parts, "PART_BUDGET", 200)
    pages = statement_pages(corpus)
    assert sorted(pages) == ["statements.md", "statements/2.md"]
    assert "Part 1 of 2" in pages["statements.md"]


def test_statement_groups_are_ordered_by_paragraph_places_from_the_features(
    write_sources: Write,
) -> None:
    """``clusters`` numbers the paragraphs holding echoes from the features' compared
    paragraphs; the groups and their order are those the paragraphs themselves give."""
    from dataclasses import replace

    from build_tools.render_statements import _numbers, clusters

    second = (
        "The expansion of the alliance to the east has brought security to nobody and has only "
        "drawn new dividing lines across the continent."
    )
    files = {
        f"{n}.txt": transcript(
            f"Outlet {n}", f"May {n + 1}, 2022", seed=n + 1, answer=STATEMENT if n != 1 else second
        )
        + f"Question: {filler(900 + n, 8)}?\nSergey Lavrov: {filler(n, 10)} "
        + (second if n != 1 else STATEMENT)
        + "\n"
        for n in range(3)
    }
    corpus = build(write_sources, files)
    held = {(i.id, e.paragraph_id) for i in corpus.interviews for e in i.echoes}
    assert len(held) == 6
    for i in corpus.interviews:
        wanted = {pid for iid, pid in held if iid == i.id}
        assert i.main.features is not None
        assert _numbers(i, wanted) == {
            p.id: n for n, p in enumerate(i.main.paragraphs) if p.id in wanted
        }
    bare = replace(corpus, interviews=tuple(
        replace(i, main=replace(i.main, features=None)) for i in corpus.interviews
    ))  # fmt: skip

    def shown(c: Corpus) -> list[list[tuple[str, str, str]]]:
        return [[(o.interview.id, o.paragraph_id, o.passage) for o in g] for g in clusters(c)]

    assert shown(corpus) == shown(bare)
    assert len(shown(corpus)) == 2


def test_the_runs_kept_in_the_features_are_those_made_from_the_words(
    seed_corpus: Corpus,
) -> None:
    """Each source's runs and formula places are kept in its features (``reuse.source_runs``);
    the stage's arrays from them equal the arrays made from the words, and under other formula
    rules the kept ones are not used."""
    interviews = seed_corpus.interviews
    rules = reuse.load()
    made = [
        replace(i, main=replace(i.main, features=replace(i.main.features, echo_runs=b"")))
        for i in interviews
        if i.main.features is not None
    ]
    assert len(made) == len(interviews)
    kept, fresh = reuse._arrays(interviews, rules), reuse._arrays(made, rules)
    assert kept.runs.tolist() == fresh.runs.tolist() and kept.runs.any()
    assert kept.formula.tolist() == fresh.formula.tolist() and kept.formula.any()
    # One more formula phrase (words of a compared paragraph): its runs are formulas now,
    # whatever the features say.
    first = interviews[0].main.features
    assert first is not None and first.echo_units
    paragraph = next(p for p in interviews[0].main.paragraphs if p.id == first.echo_units[0][0])
    other = replace(rules, formulas=(*rules.formulas, tuple(reuse.words(paragraph.text))[:8]))
    changed = reuse._arrays(interviews, other).formula
    assert changed.tolist() == reuse._arrays(made, other).formula.tolist()
    assert changed.tolist() != kept.formula.tolist()
