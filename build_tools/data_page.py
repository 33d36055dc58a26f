"""The "Data" page: every archive-level download, the per-interview pattern, the feeds, with
sizes, formats and the licence note. Rendered from the list ``downloads.write_all`` returns,
so it lists exactly the files the site holds, at their real sizes.
"""

from __future__ import annotations

from collections import defaultdict

from build_tools.downloads import INTERVIEWS, KINDS, DataFile
from build_tools.feeds import LIMIT
from build_tools.render import esc, front_matter, href

URL = "data/"
PATH = "data.md"
LICENCE = (
    "The transcripts are official texts, reproduced as published; the terms of their "
    "publishers apply to them. The archive's own structure and markup (the paragraph ids, "
    "speaker turns and roles, metadata fields, the TEI encoding, the schema) are under the "
    "MIT licence, like the code that makes them (<code>pyproject.toml</code>)."
)


def human_size(size: int) -> str:
    """Bytes in human units (decimal): ``950 B``, ``12.3 KB``, ``4.1 MB``."""
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1000:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def _link(path: str, text: str) -> str:
    return f'<a href="{esc(href(URL, path))}">{esc(text)}</a>'


def data_page(files: list[DataFile]) -> str:
    """The Markdown source (front matter and an HTML body) of the Data page."""
    feeds = [f for f in files if f.kind in {"atom", "jsonfeed"}]
    archive = {f.kind: f for f in files if f.interview is None and f not in feeds}
    per: dict[str, list[DataFile]] = defaultdict(list)
    for f in files:
        if f.interview is not None:
            per[f.kind].append(f)
    count = len({f.interview for f in files if f.interview})
    rows = [
        f"<tr><td>{_link(archive[k.name].path, k.title)}</td>"
        f"<td><code>{esc(archive[k.name].path)}</code></td>"
        f"<td>{esc(human_size(archive[k.name].size))}</td><td>{esc(k.description)}</td></tr>"
        for k in KINDS
        if not k.per_interview and k.name in archive
    ]
    per_rows = [
        f"<tr><td>{esc(k.title)}</td><td><code>{esc(INTERVIEWS)}/&lt;id&gt;.{esc(k.ext)}</code>"
        f"</td><td>{esc(human_size(sum(f.size for f in per[k.name])))} in "
        f"{len(per[k.name])} files</td><td>{esc(k.description)}</td></tr>"
        for k in KINDS
        if k.per_interview
    ]
    body = [
        '<h1 class="ta-title">Data</h1>',
        "",
        "<p>Everything this site shows is also here as data, for reading elsewhere, quoting, "
        "citing and analysis. Every paragraph has the same id (its <code>#p-…</code> anchor on "
        "the interview page) and the same text in every file.</p>",
        "",
        '<h2 id="archive">The whole archive</h2>',
        "",
        '<table class="ta-data"><thead><tr><th>File</th><th>Path</th><th>Size</th>'
        "<th>What it holds</th></tr></thead><tbody>",
        *rows,
        "</tbody></table>",
        "",
        "<p>The corpus JSON and each interview's JSON record are compact (no indentation or "
        "spaces: one line each); any JSON tool reads them and can indent them. The CSV's cells "
        "are the text as published: a cell that starts with <code>=</code>, <code>+</code>, "
        "<code>-</code> or <code>@</code> is not altered, so open the file in a spreadsheet "
        "as text (an import, not a double click), where such a cell could otherwise be "
        "taken for a formula.</p>",
        "",
        '<h2 id="per-interview">Each interview</h2>',
        "",
        f"<p>For each of the {count} interviews, where <code>&lt;id&gt;</code> is the last part "
        "of its page's address; every interview page links its own files under "
        "<em>Downloads</em>.</p>",
        "",
        '<table class="ta-data"><thead><tr><th>Format</th><th>Path</th><th>Size</th>'
        "<th>What it holds</th></tr></thead><tbody>",
        *per_rows,
        "</tbody></table>",
        "",
    ]
    if feeds:
        main = [f for f in feeds if f.path.startswith("feeds/interviews.")]
        topics = sum(1 for f in feeds if f.kind == "atom") - 1
        body += [
            '<h2 id="feeds">Feeds</h2>',
            "",
            f"<p>The {LIMIT} newest interviews (undated ones are in no feed), as Atom and as "
            f"JSON Feed: {' · '.join(_link(f.path, f.title) for f in main)}. Each topic has its "
            f"own pair at <code>feeds/topics/&lt;topic-id&gt;.xml</code> and <code>.json</code> "
            f"({topics} topics), linked from here as well:</p>",
            "",
            '<ul class="ta-feeds">',
            *(f"<li>{_link(f.path, f.title)}</li>" for f in feeds if f not in main),
            "</ul>",
            "",
        ]
    body += ['<h2 id="licence">Licence</h2>', "", f"<p>{LICENCE}</p>", ""]
    fm = {"title": "Data", "description": "The archive as data: the corpus JSON and its schema, "
          "a CSV of every paragraph, and each interview as text, Markdown, JSON, TEI XML, "
          "BibTeX, RIS and CSL-JSON."}  # fmt: skip
    return front_matter(fm) + "\n".join(body)
