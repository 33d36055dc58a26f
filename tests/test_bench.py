"""The benchmark's archive generator (bench/generate.py): reproducible, shaped like the seeds,
and read by the pipeline as a maintainer would expect; and its memory measure (bench/measure.py).
No timings are asserted here: the benchmark reports them (``make bench``), a test cannot judge
them on a shared machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench.generate import FORMATS, Entry, generate
from build_tools.model import Corpus
from build_tools.pipeline import build_corpus

N = 20
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Entry]]:
    folder = tmp_path_factory.mktemp("bench") / "source_texts"
    return folder, generate(folder, N, seed=7)


@pytest.fixture(scope="module")
def corpus(archive: tuple[Path, list[Entry]]) -> Corpus:
    return build_corpus(archive[0])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(archive: tuple[Path, list[Entry]], tmp_path: Path) -> None:
    folder, entries = archive
    again = generate(tmp_path / "again", N, seed=7)
    assert again == entries
    assert _files(tmp_path / "again") == _files(folder)
    other = generate(tmp_path / "other", N, seed=8)
    assert _files(tmp_path / "other") != _files(folder)
    assert [e.name for e in other] != [e.name for e in entries]


def test_writes_what_it_says_and_a_manifest(archive: tuple[Path, list[Entry]]) -> None:
    folder, entries = archive
    assert len(entries) == N
    assert sorted(p.name for p in folder.glob("*.txt")) == sorted(e.name for e in entries)
    for e in entries:
        assert (folder / e.name).stat().st_size == e.bytes
    manifest = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {e.name for e in entries}


def test_regenerating_replaces_the_old_files(tmp_path: Path) -> None:
    generate(tmp_path, 12, seed=1)
    entries = generate(tmp_path, 10, seed=2)
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == sorted(e.name for e in entries)


def test_all_five_formats_and_a_tenth_derived(archive: tuple[Path, list[Entry]]) -> None:
    _, entries = archive
    assert {e.format for e in entries} == set(FORMATS)
    roles = Counter(e.role for e in entries)
    assert roles["excerpt"] + roles["repost"] == round(N * 0.1)
    assert roles["excerpt"] >= 1 and roles["repost"] >= 1
    assert all(e.format == "telegram" for e in entries if e.role == "excerpt")
    names = {e.name: e for e in entries}
    for e in entries:
        if e.role != "full":
            origin = names[e.of or ""]
            assert origin.role == "full" and origin.date == e.date
            if e.role == "repost":
                assert e.format != origin.format


def test_sizes_come_from_the_seeds(archive: tuple[Path, list[Entry]]) -> None:
    _, entries = archive
    full = [e.bytes for e in entries if e.role == "full"]
    posts = [e.bytes for e in entries if e.role == "excerpt"]
    # The seeds' full texts are 30 to 60 KB, the seed post 4 KB.
    assert min(full) >= 25_000 and max(full) <= 70_000
    assert all(1_500 <= b <= 8_000 for b in posts)


def test_files_look_like_their_seed(archive: tuple[Path, list[Entry]]) -> None:
    folder, entries = archive
    marks = {
        "plain": ("Lavrov",),
        "telegram": ("💬 Sergey Lavrov: ", "❗️"),
        "reposted": ("Lavrov", "\n\n"),
        "portal": ("\n\n\n  • ", "en-GB1 ", "Additional materials", "Web Content Display"),
        "clipper": ("\n\n[", "\n\n## ", " minutes\n\n---\n\n"),
    }
    for e in entries:
        text = (folder / e.name).read_bytes().decode("utf-8").replace("\r\n", "\n")
        first = text.strip().split("\n", 1)[0]
        if e.language == "en":
            for mark in marks[e.format]:
                assert mark in text, (e.name, e.format, mark)
        if e.format == "plain":
            assert first == e.title and "\n\n" not in text.strip()
        if e.format == "reposted":
            assert first == e.title
        if e.format == "clipper":
            assert f"## {e.title}" in text


def test_the_pipeline_reads_it_as_a_maintainer_expects(
    archive: tuple[Path, list[Entry]], corpus: Corpus
) -> None:
    _, entries = archive
    assert not corpus.rejected
    assert not [d for d in corpus.diagnostics if d.level == "error"], corpus.diagnostics[:5]
    full = [e for e in entries if e.role == "full"]
    # One interview per full text (a repost is merged with its original, an excerpt too).
    assert len(corpus.interviews) == len(full)
    by_name: dict[str, tuple[str, str]] = {}  # file -> (its role in the corpus, interview id)
    for i in corpus.interviews:
        by_name[Path(i.main.source.path).name] = ("main", i.id)
        for link in i.linked:
            by_name[Path(link.source.source.path).name] = (link.role, i.id)
    meta = {Path(i.main.source.path).name: i.main.metadata for i in corpus.interviews}
    mains = [e for e in full if e.name in meta]
    assert len(mains) >= len(full) - 2
    assert sum(meta[e.name].date == e.date for e in mains) == len(mains)
    assert sum(meta[e.name].kind == e.kind for e in mains) >= 0.9 * len(mains)
    assert sum(bool(meta[e.name].outlet or meta[e.name].occasion) for e in mains) >= 0.8 * len(
        mains
    )
    assert all(len(i.main.turns) >= 1 for i in corpus.interviews)
    for e in entries:
        if e.role == "excerpt":
            assert by_name[e.name][0] == "excerpt"
            assert by_name[e.name][1] == by_name[e.of or ""][1], e.name
        if e.role == "repost":
            # A repost and its original are one interview: whichever is longer is the main text.
            assert by_name[e.name][1] == by_name[e.of or ""][1], e.name
            assert "duplicate" in (by_name[e.name][0], by_name[e.of or ""][0])


def _measure(tmp_path: Path, name: str, program: str) -> dict[str, float]:
    """``bench.measure``'s record of a module made of ``program``."""
    (tmp_path / f"{name}.py").write_text(program, encoding="utf-8")
    record = tmp_path / "record.json"
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    subprocess.run(
        [sys.executable, "-m", "bench.measure", str(record), name],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    measured: dict[str, float] = json.loads(record.read_text(encoding="utf-8"))
    return measured


HOLD_150_MB = "held = bytearray(150 * 2**20)\nheld[::4096] = b'x' * len(held[::4096])\n"


def test_measure_counts_processes_that_run_at_once(tmp_path: Path) -> None:
    """The build's peak memory is the sum of the processes alive together (a child's peak on
    top of its parent's), not only the largest process's own peak."""
    child = (
        'b = bytearray(250 * 2**20); b[::4096] = b"x" * len(b[::4096]); '
        "import time; time.sleep(0.5)"
    )
    measured = _measure(
        tmp_path,
        "holds_memory",
        f"import subprocess, sys\n{HOLD_150_MB}"
        f"subprocess.run([sys.executable, '-c', {child!r}], check=True)\n",
    )
    assert measured["largest_child_peak_mb"] >= 250
    assert measured["peak_mb"] >= 150
    # Both at once: more than either alone.
    assert measured["tree_peak_mb"] >= 150 + 250


def test_measure_counts_memory_a_forked_child_shares_once(tmp_path: Path) -> None:
    """A forked child that only reads its parent's memory holds no copy of it: the resident
    sum counts the shared pages twice, the proportional sum once."""
    measured = _measure(
        tmp_path,
        "shares_memory",
        f"import os, time\n{HOLD_150_MB}"
        "pid = os.fork()\nif pid == 0:\n    time.sleep(0.6)\n    os._exit(0)\nos.waitpid(pid, 0)\n",
    )
    assert measured["tree_peak_mb"] >= 2 * 150
    assert 150 <= measured["tree_peak_pss_mb"] < 150 + 60


def test_measuring_takes_little_from_what_it_measures(tmp_path: Path) -> None:
    """The sampler reads proportional sizes (a walk of every page table) on a small budget:
    read every 0.05 s, they took 11% of a core beside a process of 800 MB, and 13-20 s of CPU
    from the reading of 5,000 files on 2 cores, which then ran slower for being measured."""
    hold = HOLD_150_MB.replace("150", "800")
    measured = _measure(tmp_path, "holds_a_lot", f"import time\n{hold}time.sleep(2.5)\n")
    assert measured["tree_peak_mb"] >= 800
    assert 800 <= measured["tree_peak_pss_mb"] < 800 + 60
    assert measured["samples"] >= 20  # the resident sum is still read every 0.05 s
    assert measured["sampler_cpu_seconds"] < 0.05 * measured["seconds"]
