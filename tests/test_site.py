"""A real MkDocs build of the seeds' site (the pages come from the pipeline through the hook)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return out


def test_site_has_a_page_per_interview(site: Path) -> None:
    pages = sorted(p.parent.name for p in (site / "interviews").glob("*/index.html"))
    assert pages == [
        "2020-08-23-territory-of-meanings-on-the-klyazma",
        "2021-11-01-rossiya-24",
        "2024-03-28-izvestia-international-research-center",
        "2025-03-21-krasnaya-zvezda",
    ]


def test_interview_page_shows_turns_and_anchored_paragraphs(site: Path) -> None:
    html = (site / "interviews" / "2021-11-01-rossiya-24" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    turns = soup.select("section.ta-turn")
    assert len(turns) == 18
    assert turns[0].select_one(".ta-speaker").get_text() == "Question"
    assert "ta-question" in turns[0]["class"] and "ta-answer" in turns[1]["class"]
    para = turns[1].select_one("p.ta-p")
    assert para["id"].startswith("p-")
    assert para.get_text().startswith("It’s simple. Ideally, any society")


def test_home_page_lists_the_interviews(site: Path) -> None:
    soup = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    links = {a["href"] for a in soup.select("ul.ta-list a")}
    assert "interviews/2021-11-01-rossiya-24/" in links
    assert len(links) == 4


def test_markup_in_a_transcript_stays_text(tmp_path: Path) -> None:
    """A minimal proof for the hook's escaping (the hostile-input issue goes much further)."""
    project = tmp_path / "p"
    (project / "source_texts").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "source_texts" / "x.txt").write_text(
        "Interview with Sergey Lavrov <b>bold</b>, Moscow, 1 May 2024\n"
        "Question: <script>alert(1)</script> [x](javascript:alert(1))\n"
        "Sergey Lavrov: <img src=x onerror=alert(1)>\n",
        encoding="utf-8",
    )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("build_tools/mkdocs_hook.py", str(ROOT / "build_tools/mkdocs_hook.py"))
    config = config.replace("extra_css:\n  - assets/archive.css\n", "")
    config = config.replace("  - build_tools\n", "")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    (page,) = (project / "site" / "interviews").glob("*/index.html")
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article.find("script") is None and article.find("img") is None
    assert article.find("b") is None
    assert not soup.select('a[href^="javascript"]')
    text = article.get_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
