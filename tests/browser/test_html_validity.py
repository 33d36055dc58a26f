"""The Nu HTML checker (vnu.jar from the npm package ``vnu-jar``) over the whole built site.

Every error is placed on the element it is about (vnu gives line and column; the element is the
last start tag at or before that point). An error in the project's own markup (an element with
a ``ta-*`` class, or anything inside ``article``) always fails. Outside it, in the theme's
chrome, only the errors in THEME_EXCEPTIONS are tolerated, each matched by message AND element.
"""

from __future__ import annotations

import bisect
import json
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from tests.browser.support import VNU_JAR, missing_tool

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class ThemeException:
    """A known error of the theme's own markup: the message and the element it sits on."""

    message: re.Pattern[str]
    element: str  # a CSS selector the element must match
    why: str


THEME_EXCEPTIONS = [
    ThemeException(
        re.compile(r"^Attribute “autocomplete” is only allowed when the input type is "),
        "input.md-toggle[type=checkbox]#__drawer, input.md-toggle[type=checkbox]#__search",
        "Material's base.html puts autocomplete=off on its two hidden drawer/search toggle "
        "checkboxes so that Firefox does not restore them checked (menu or search left open) "
        "on reload; harmless, and the theme's template.",
    ),
]


@dataclass(frozen=True)
class Finding:
    page: str
    line: int
    message: str
    element: Tag | None

    @property
    def ours(self) -> bool:
        """True when the element is project markup: ``ta-*`` class, or inside ``article``."""
        for node in [self.element, *(self.element.parents if self.element else [])]:
            if not isinstance(node, Tag):
                continue
            classes: list[str] = list(node.get_attribute_list("class"))
            if node.name == "article" or any(str(c).startswith("ta-") for c in classes if c):
                return True
        return False

    def tolerated(self) -> ThemeException | None:
        if self.ours or self.element is None:
            return None
        for known in THEME_EXCEPTIONS:
            if known.message.search(self.message) and self.element.css.match(known.element):
                return known
        return None

    def __str__(self) -> str:
        where = "project markup" if self.ours else "theme markup"
        tag = str(self.element)[:160].replace("\n", " ") if self.element else "?"
        return f"{self.page}:{self.line} ({where}) {self.message}\n    at {tag}"


class _Locator:
    """Finds the element a vnu message is about: the last start tag at or before its position."""

    def __init__(self, soup: BeautifulSoup) -> None:
        tags = [t for t in soup.find_all(True) if t.sourceline is not None]
        self._tags = tags
        self._starts = [(int(t.sourceline or 0), int(t.sourcepos or 0) + 1) for t in tags]

    def at(self, line: int, column: int) -> Tag | None:
        """The element for a 1-based (line, column)."""
        index = bisect.bisect_right(self._starts, (line, column)) - 1
        return self._tags[index] if index >= 0 else None


@pytest.fixture(scope="module")
def vnu_messages(built_site: Path) -> list[dict[str, object]]:
    """vnu's JSON messages for every HTML file of the site (one JVM for the whole site)."""
    if not VNU_JAR.is_file():
        missing_tool(f"the Nu HTML checker ({VNU_JAR})")
    java = shutil.which("java")
    if java is None:
        missing_tool("java")
        raise AssertionError  # unreachable: missing_tool skips or fails
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--skip-non-html",
         str(built_site)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr  # 1 means "found errors"
    messages: list[dict[str, object]] = json.loads(run.stdout)["messages"]
    return messages


def findings(site: Path, messages: list[dict[str, object]], kind: str) -> list[Finding]:
    """vnu messages of one ``type`` ("error", "info", "non-document-error"), placed on elements."""
    locators: dict[Path, _Locator] = {}
    result = []
    for m in messages:
        if m.get("type") != kind:
            continue
        path = Path(unquote(urlsplit(str(m["url"])).path))
        if path not in locators:
            html = path.read_text(encoding="utf-8")
            locators[path] = _Locator(BeautifulSoup(html, "html.parser"))
        line = int(str(m.get("lastLine", 0)))
        # Placed by where the message's extent ends (the ``>`` of the start tag it is about):
        # its start may lie before the tag, at the end of the previous line (vnu did so after
        # a long <head> line), which placed an error on the element before.
        column = int(str(m.get("lastColumn", 1)))
        element = locators[path].at(line, column)
        page = path.relative_to(site).as_posix() if path.is_relative_to(site) else str(path)
        result.append(Finding(page, line, str(m["message"]), element))
    return result


def test_vnu_checked_every_page(built_site: Path, vnu_messages: list[dict[str, object]]) -> None:
    """vnu ran over the site and reported no file it could not read (non-document-error)."""
    assert not [m for m in vnu_messages if m.get("type") == "non-document-error"]
    assert list(built_site.rglob("*.html"))


def test_no_html_error_in_project_markup(
    built_site: Path, vnu_messages: list[dict[str, object]]
) -> None:
    """No HTML error of the Nu checker is located in markup the project generates (``ta-*``
    elements, the article): no theme exception applies there."""
    ours = [f for f in findings(built_site, vnu_messages, "error") if f.ours]
    warnings = Counter(f.message for f in findings(built_site, vnu_messages, "info") if f.ours)
    print("vnu warnings in project markup (not failures):", dict(warnings))
    assert not ours, "\n".join(map(str, ours))


def test_theme_html_errors_are_only_the_known_ones(
    built_site: Path, vnu_messages: list[dict[str, object]]
) -> None:
    """Outside the project's markup, each HTML error is one of THEME_EXCEPTIONS (message and
    element both match), and every listed exception still occurs (no stale entries)."""
    errors = [f for f in findings(built_site, vnu_messages, "error") if not f.ours]
    unknown = [f for f in errors if f.tolerated() is None]
    assert not unknown, "\n".join(map(str, unknown))
    used = {id(f.tolerated()) for f in errors}
    stale = [known.why for known in THEME_EXCEPTIONS if id(known) not in used]
    assert not stale, f"exceptions that no page needs any more: {stale}"


def test_findings_are_placed_on_the_right_element(built_site: Path, tmp_path: Path) -> None:
    """The check can fail: vnu errors planted in an interview's article (a duplicate id, a
    ``p`` inside a ``span``... ) are located in project markup, and the theme exceptions do not
    absorb an autocomplete error moved onto a ``ta-*`` element."""
    if not VNU_JAR.is_file():
        missing_tool(f"the Nu HTML checker ({VNU_JAR})")
    source = next(built_site.glob("interviews/*/index.html"))
    html = source.read_text(encoding="utf-8").replace(
        '<h1 class="ta-title">',
        '<input class="ta-x" type="checkbox" autocomplete="off"><h1 class="ta-title">',
        1,
    )
    html = html.replace('<section class="ta-turn', '<section id="dup" class="ta-turn', 2)
    copy = tmp_path / "interviews" / "x" / "index.html"
    copy.parent.mkdir(parents=True)
    copy.write_text(html, encoding="utf-8")
    java = shutil.which("java") or "java"
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", str(copy)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    errors = findings(tmp_path, json.loads(run.stdout)["messages"], "error")
    ours = [f for f in errors if f.ours]
    assert any("autocomplete" in f.message and f.element is not None
               and f.element.get("class") == ["ta-x"] for f in ours), errors  # fmt: skip
    assert any("Duplicate ID “dup”" in f.message for f in ours), errors
    assert all(f.tolerated() is None for f in ours)
    assert any(f.tolerated() is not None for f in errors if not f.ours)
