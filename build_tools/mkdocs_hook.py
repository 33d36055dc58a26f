"""The only module that imports MkDocs: it puts the pipeline's pages into the build.

Pages exist only inside the build (``File.generated``), so they cannot go stale and are never
edited by hand; ``watch: [source_texts]`` in mkdocs.yml makes ``mkdocs serve`` rebuild when a
transcript changes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from build_tools.pipeline import build_corpus
from build_tools.render import render_site

log = logging.getLogger("mkdocs.hooks.transcripts")


# on_files: the pipeline runs once per build, before MkDocs reads any page, so generated pages
# take part in navigation, search and link validation like hand-written ones.
def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    source = Path(config.config_file_path).parent / "source_texts"
    corpus = build_corpus(source)
    # Source errors are warnings to MkDocs: the build goes on without the bad file, and
    # `mkdocs build --strict` turns them into a failure. Source warnings are advice (info).
    for d in corpus.diagnostics:
        (log.warning if d.level == "error" else log.info)(d.format())
    for path, markdown in render_site(corpus).items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=markdown))
    return files
