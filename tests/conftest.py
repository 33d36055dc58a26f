"""Shared fixtures: the seed corpus, built once per test session, and helpers to build small
corpora from transcripts written by the tests themselves."""

from __future__ import annotations

import os
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from build_tools.export import corpus_record
from build_tools.model import Corpus, Interview, ParsedSource
from build_tools.pipeline import build_corpus

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source_texts"
EPOCH = "1742515200"  # SOURCE_DATE_EPOCH of the test builds: 2025-03-21


class MemoryStore(dict[str, Any]):
    """A build cache in memory: ``cache.ParseCache``'s ``get`` (the dict's) and ``put``."""

    def put(self, key: str, value: Any) -> None:
        self[key] = value


def make(
    target: str, env: dict[str, str] | None = None, *, ok: bool = True, **variables: Path | str
) -> subprocess.CompletedProcess[str]:
    """Run the project's own ``make <target>``, with its output places (``SITE_DIR``,
    ``OFFLINE_SITE``, ``DIST``) overridden; fail the test with its output unless it ends as
    ``ok`` says."""
    args = ["make", "--no-print-directory", target, *(f"{k}={v}" for k, v in variables.items())]
    run = subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})},
    )  # fmt: skip
    assert (run.returncode == 0) == ok, (
        f"{' '.join(args)}: exit {run.returncode}:\n{run.stdout}\n{run.stderr}"
    )
    return run


@pytest.fixture(scope="session")
def offline_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip ``make offline`` writes (built once per session)."""
    base = tmp_path_factory.mktemp("offline")
    make("offline", OFFLINE_SITE=base / "site", DIST=base / "dist")
    (zip_path,) = (base / "dist").iterdir()
    return zip_path


@pytest.fixture(scope="session")
def offline_site(offline_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline bundle unzipped, as a reader does: the folder holding ``index.html``."""
    out = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(offline_bundle) as zf:
        zf.extractall(out)
    (root,) = out.iterdir()
    return root


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    return build_corpus(SOURCE)


@pytest.fixture(scope="session")
def seed_export(seed_corpus: Corpus) -> dict:  # type: ignore[type-arg]
    return corpus_record(seed_corpus)


def by_source(corpus: Corpus, name: str) -> Interview:
    """The interview whose main source file name contains ``name``."""
    found = [i for i in corpus.interviews if name in i.main.source.path]
    assert len(found) == 1, f"{name}: {[i.main.source.path for i in corpus.interviews]}"
    return found[0]


def parsed_source(corpus: Corpus, name: str) -> ParsedSource:
    """The parsed source whose file name contains ``name``, a page's main text or not."""
    every = [i.main for i in corpus.interviews] + [
        x.source for i in corpus.interviews for x in i.linked
    ]
    found = [p for p in every if name in p.source.path]
    assert len(found) == 1, f"{name}: {[p.source.path for p in every]}"
    return found[0]


@pytest.fixture
def write_sources(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write files into a fresh source folder and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "source_texts"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (folder / name).write_bytes(data)
        return folder

    return write
