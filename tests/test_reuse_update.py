"""Repeated statements after an edit (``build_tools/reuse_update.py``): comparing again only
what an edit can change gives what comparing the whole archive gives, whatever the edit does
to the echoes and to the formula limit."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools import reuse
from build_tools.pipeline import build_corpus
from tests.test_reuse import STATEMENT, filler, pairs, transcript

# Sixteen interviews: the formula limit is 10 (a run in 11 interviews is a formula).
OUTLETS = [
    "Rossiya 24", "Izvestia", "RIA Novosti", "TASS", "Kommersant", "RT", "Sputnik", "Zvezda",
    "Channel One", "NTV", "Interfax", "Argumenty i Fakty", "Vesti", "Ren TV", "Al Jazeera", "CGTN",
]  # fmt: skip
OTHER = (
    "The settlement must take into account the legitimate interests of every people who live "
    "in the region and the guarantees they were given."
)


def _text(n: int, *said: str) -> str:
    return transcript(OUTLETS[n], f"March {n + 1}, 2024", seed=10 + n, answer=" ".join(said))


def _archive(folder: Path, saying: dict[int, tuple[str, ...]]) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(len(OUTLETS)):
        (folder / f"{n:02d}.txt").write_text(_text(n, *saying.get(n, ())), "utf-8")


# Who says STATEMENT and OTHER before the edit, and the edit.
TEN = {n: (STATEMENT,) for n in range(10)}
ELEVEN = {n: (STATEMENT,) for n in range(11)}
Edit = Callable[[Path], None]


def _say(n: int, *said: str) -> Edit:
    return lambda folder: (folder / f"{n:02d}.txt").write_text(_text(n, *said), "utf-8")


def _delete(n: int) -> Edit:
    return lambda folder: (folder / f"{n:02d}.txt").unlink()


def _add(n: int, *said: str) -> Edit:
    def edit(folder: Path) -> None:
        (folder / "new.txt").write_text(
            transcript("Xinhua", "April 2, 2024", seed=99, answer=" ".join(said)), "utf-8"
        )

    return edit


CASES: dict[str, tuple[dict[int, tuple[str, ...]], Edit]] = {
    # The statement, said in ten interviews, is said in an eleventh: it becomes a formula and
    # every echo goes (on unchanged pages too).
    "crosses the formula limit": (TEN, _say(12, STATEMENT)),
    # And back: said in ten again, it links them all.
    "falls below the formula limit": (ELEVEN, _say(3)),
    "makes an echo": ({14: (OTHER,)}, _say(15, filler(5, 8), OTHER)),
    "removes an echo": ({14: (OTHER,), 15: (OTHER,)}, _say(15, filler(5, 8))),
    "changes an echo": ({14: (OTHER,), 15: (OTHER,)}, _say(15, OTHER.replace("every", "all"))),
    "an echo and the limit": ({**TEN, 14: (OTHER,)}, _say(15, STATEMENT, OTHER)),
    "deletes a text": ({**TEN, 14: (OTHER,), 15: (OTHER,)}, _delete(15)),
    "adds a text": ({**TEN, 14: (OTHER,)}, _add(16, OTHER, STATEMENT)),
    "edits elsewhere": ({**TEN, 14: (OTHER,)}, _say(15, filler(6, 30))),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_update_equals_comparing_everything(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saying, edit = CASES[case]
    folder, cache = _updated(tmp_path, monkeypatch, saying, edit, changes=case != "edits elsewhere")
    # And the next edit starts from the state the update left.
    _say(2, STATEMENT, OTHER)(folder)
    assert build_corpus(folder, cache_dir=cache) == build_corpus(folder)


def _updated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saying: dict[int, tuple[str, ...]],
    edit: Edit, changes: bool = True,
) -> tuple[Path, Path]:  # fmt: skip
    """Build the archive, edit it, and check that the rebuild with the cache (the update, not
    the whole comparison) equals a cold build, and (``changes``) that the edit changed echoes.
    The archive's folder and cache."""
    folder, cache = tmp_path / "source_texts", tmp_path / "cache"
    _archive(folder, saying)
    before = build_corpus(folder, cache_dir=cache)
    edit(folder)
    full = reuse._all_passages
    calls: list[int] = []

    def spy(*args: object) -> object:
        calls.append(1)
        return full(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(reuse, "_all_passages", spy)
    warm = build_corpus(folder, cache_dir=cache)
    assert calls == []  # the update, not the whole comparison
    cold = build_corpus(folder)
    assert calls == [1]
    assert warm == cold
    if changes:
        echoes = {i.id: i.echoes for i in warm.interviews}
        assert echoes != {i.id: i.echoes for i in before.interviews}, "the edit changes echoes"
    return folder, cache


# With candidate.pair_all at 3 and candidate.nearest at 1, a run in more than three interviews
# pairs each place with the one before and the one after it only: an edit that adds or removes
# a place changes the pairs of places it leaves alone (the statement said in 0, 3, 6: 0 and 6
# are paired; said in 9 too, they are still linked through 3, but not paired).
SPREAD = {n: (STATEMENT,) for n in (0, 2, 4, 6, 8, 10, 12, 14)}
NEAREST_CASES: dict[str, tuple[dict[int, tuple[str, ...]], Edit]] = {
    "pushes a run over pair_all": ({n: (STATEMENT,) for n in (0, 3, 6)}, _say(9, STATEMENT)),
    "brings a run back to pair_all": ({n: (STATEMENT,) for n in (0, 3, 5, 6)}, _say(5)),
    "adds a place between two": (SPREAD, _say(7, STATEMENT)),
    "removes a place between two": (SPREAD, _say(6)),
    "deletes a text between two": (SPREAD, _delete(6)),
    "adds a text after the last": (SPREAD, _add(16, STATEMENT)),
}


@pytest.mark.parametrize("case", list(NEAREST_CASES))
def test_an_update_equals_comparing_everything_with_nearest_pairs(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = replace(reuse.load(), pair_all=3, nearest=1)
    monkeypatch.setattr(reuse, "load", lambda: rules)
    saying, edit = NEAREST_CASES[case]
    _updated(tmp_path, monkeypatch, saying, edit)


def test_the_cases_do_what_they_say(tmp_path: Path) -> None:
    ten, eleven = tmp_path / "ten", tmp_path / "eleven"
    _archive(ten, TEN)
    _archive(eleven, ELEVEN)
    # Each of the ten linked (to at most five others: max_echoes_per_paragraph).
    assert len({a for a, _ in pairs(build_corpus(ten))}) == 10
    assert pairs(build_corpus(eleven)) == set()  # a formula: no echo


# Random archives where statements are said in more interviews than pair_all (their runs pair
# each place with its nearest), and a random edit: what an update keeps and compares again
# must still be what comparing everything finds.
POOL = [filler(500 + k, 24) for k in range(6)]


def _random_case(seed: int) -> tuple[dict[int, tuple[str, ...]], Edit]:
    rng = random.Random(seed)
    saying = {n: tuple(s for s in POOL if rng.random() < 0.45) for n in range(len(OUTLETS))}
    n = rng.randrange(len(OUTLETS))
    kind = rng.choice(["say", "say", "delete", "add"])
    said = tuple(rng.sample(POOL, rng.randrange(len(POOL))))
    if kind == "delete":
        return saying, _delete(n)
    if kind == "add":
        return saying, _add(16, *said)
    return saying, _say(n, *said)


@pytest.mark.parametrize("nearest", [1, 2])
@pytest.mark.parametrize("seed", range(6))
def test_a_random_edit_updates_as_comparing_everything_does(
    seed: int, nearest: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = replace(reuse.load(), pair_all=2, nearest=nearest)
    monkeypatch.setattr(reuse, "load", lambda: rules)
    saying, edit = _random_case(seed * 10 + nearest)
    _updated(tmp_path, monkeypatch, saying, edit, changes=False)
