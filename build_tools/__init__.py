"""Transcript archive build tools: a pure pipeline from raw transcripts to pages and data.

Stages (each a module): decode -> normalise -> parse -> link -> render. Only
``build_tools.mkdocs_hook`` imports MkDocs.
"""

__version__ = "0.1.0"
