"""The build hook splits each generated page into its front matter (what MkDocs reads) and its
body (kept aside until the page is written). Pages read back from the cache come as UTF-8
bytes (``render.Markdown``) and only their front matter is decoded: the split must be the one
MkDocs' own reader makes of the text, whatever the page holds."""

from __future__ import annotations

import pytest

from build_tools.mkdocs_hook import _split_page
from build_tools.render import front_matter

PAGES = {
    "ours": front_matter({"title": "Лавров — «НАТО» 𝄞", "description": "a &amp; b"})
    + '<h1 class="ta-title">Лавров</h1>\n\n<p>Body</p>\n',
    # A "---" inside a value must not end the block (a speaker label like "Ivan Petrov---").
    "dashes in a value": front_matter({"title": "Ivan Petrov---", "x": "---"}) + "<p>b</p>",
    "blank lines before the body": "---\ntitle: T\n---\n\n\n\n<p>b</p>\n",
    "dots end the block": "---\ntitle: T\n...\nbody\n",
    "no front matter": "<p>Only a body</p>\n",
    "MultiMarkdown meta": "Title: Old style\nAuthor: X\n\nBody text\n",
    "not a mapping": "---\n- a list\n---\nbody\n",
    "broken YAML": "---\ntitle: [unclosed\n---\nbody\n",
    "empty": "",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_bytes_split_as_the_text_does(name: str) -> None:
    text = PAGES[name]
    head, body, meta = _split_page(text.encode("utf-8"))
    assert isinstance(head, str)
    body_text = body.decode("utf-8") if isinstance(body, bytes) else body
    assert (head, body_text, meta) == _split_page(text)
    assert head + body_text == text


def test_our_front_matter_is_split_off_and_read() -> None:
    head, body, meta = _split_page(PAGES["ours"].encode("utf-8"))
    assert meta["title"] == "Лавров — «НАТО» 𝄞"
    assert body == '<h1 class="ta-title">Лавров</h1>\n\n<p>Body</p>\n'.encode()
    assert head.startswith("---\n") and head.endswith("---\n\n")
