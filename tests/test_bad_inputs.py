"""Broken files are reported with their name (and line or byte), and the rest still export."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from build_tools.pipeline import build_corpus
from tests.conftest import ROOT

WriteSources = Callable[[dict[str, str | bytes]], Path]

GOOD = (
    "Sergey Lavrov’s interview with TASS, Moscow, March 21, 2025\n"
    "Question: How are you?\n"
    "Sergey Lavrov: Fine, thank you.\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def test_bad_bytes_empty_and_binary_files(write_sources: WriteSources) -> None:
    bad_bytes = GOOD.replace("Fine", "Fi\udcffne").encode("utf-8", "surrogateescape")
    folder = write_sources(
        {
            "good.txt": GOOD,
            "bad-bytes.txt": bad_bytes,
            "empty.txt": b"",
            "blank.txt": b"  \n\n \t\n",
            "image.txt": PNG * 20,
        }
    )
    corpus = build_corpus(folder)
    paths = {i.main.source.path.rsplit("/", 1)[-1] for i in corpus.interviews}
    assert paths == {"good.txt", "bad-bytes.txt"}
    rejected = {r.path.rsplit("/", 1)[-1]: r.reason for r in corpus.rejected}
    assert set(rejected) == {"empty.txt", "blank.txt", "image.txt"}
    assert "empty" in rejected["empty.txt"]
    assert "binary" in rejected["image.txt"]

    by_file: dict[str, list] = {}  # type: ignore[type-arg]
    for d in corpus.diagnostics:
        by_file.setdefault(d.path.rsplit("/", 1)[-1], []).append(d)
    (bad,) = by_file["bad-bytes.txt"]
    assert bad.byte_offset == bad_bytes.index(b"\xff")
    assert bad.line == 3
    assert bad.hint
    # The damaged file is still used: the replacement character shows where the byte was.
    damaged = next(i for i in corpus.interviews if i.main.source.path.endswith("bad-bytes.txt"))
    assert damaged.main.turns[1].paragraphs[0].text == "Fi\ufffdne, thank you."
    for name in ("empty.txt", "blank.txt", "image.txt"):
        assert by_file[name][0].level == "error"
        assert by_file[name][0].path.endswith(name)


def test_check_command_names_the_bad_file_and_fails(write_sources: WriteSources) -> None:
    folder = write_sources({"good.txt": GOOD, "image.txt": PNG * 20})
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "check", "--source", str(folder)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1
    assert "image.txt" in run.stdout and "binary" in run.stdout
    assert "good.txt" in run.stdout and "1 questions, 1 answers" in run.stdout


def test_export_still_writes_the_good_files(write_sources: WriteSources, tmp_path: Path) -> None:
    folder = write_sources({"good.txt": GOOD, "empty.txt": b""})
    out = tmp_path / "c.json"
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "export", "--source", str(folder), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1  # an error was reported ...
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [i["title"][:21] for i in data["interviews"]] == ["Sergey Lavrov’s inter"]  # ... but
    assert data["rejected"][0]["path"].endswith("empty.txt")
    assert "empty.txt" in run.stderr


def test_check_passes_on_the_seeds() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "check", "--strict"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout
    assert "4 interviews, 0 rejected, 0 errors, 0 warnings" in run.stdout
    assert "16 questions, 16 answers" in run.stdout
    assert "line 6: 'de-DE1 en-GB1 es-ES1 ru-RU1 fr-FR1' (language switcher" in run.stdout


def test_legacy_encoding_is_detected(write_sources: WriteSources) -> None:
    text = (
        "Интервью Министра иностранных дел России С.В.Лаврова газете «Известия», Москва, "
        "21 марта 2025 года\r\nВопрос: Как вы оцениваете ситуацию?\r\n"
        "С.В. Лавров: Ситуация сложная, но мы работаем.\r\n"
    )
    corpus = build_corpus(write_sources({"cp.txt": text.encode("cp1251")}))
    (interview,) = corpus.interviews
    assert interview.main.encoding == "cp1251"
    assert interview.main.turns[0].paragraphs[0].text == "Как вы оцениваете ситуацию?"
    assert any("cp1251" in d.message for d in corpus.diagnostics)


def test_check_suggests_terms_no_topic_covers() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "check", "--suggest", "5"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "no topic or person covers" in run.stdout
    line = run.stdout.split("people.yaml):\n", 1)[1].splitlines()[0]
    assert line.count("(") == 5
