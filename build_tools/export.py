"""The corpus as JSON: the archive's data download and the interface tests and tools rely on.

The shape is documented by ``build_tools/schema/corpus.schema.json`` (JSON Schema 2020-12),
which the tests validate every export against. ``schema_version`` changes only when a field is
removed or changes meaning; adding fields keeps it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from build_tools.model import Corpus, ExcerptLink, Interview, ParsedSource

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schema" / "corpus.schema.json"


def _source(parsed: ParsedSource, role: str) -> dict[str, Any]:
    return {
        "path": parsed.source.path,
        "sha256": parsed.source.sha256,
        "size": parsed.source.size,
        "encoding": parsed.encoding,
        "role": role,
    }


def _linked(link: ExcerptLink) -> dict[str, Any]:
    meta = link.source.metadata
    return {
        "path": link.source.source.path,
        "sha256": link.source.source.sha256,
        "role": link.role,
        "title": meta.title,
        "kind": meta.kind,
        "outlet": meta.outlet,
        "date": meta.date,
        "containment": link.containment,
        "spans": [
            {
                "text": s.text,
                "line": s.line,
                "paragraph_ids": list(s.paragraph_ids),
                "score": s.score,
                "variants": [
                    {"kind": v.kind, "excerpt": v.excerpt, "original": v.original}
                    for v in s.variants
                ],
            }
            for s in link.spans
        ],
        "unmatched": [
            {"text": u.text, "line": u.line, "best_score": u.best_score} for u in link.unmatched
        ],
    }


def interview_record(interview: Interview) -> dict[str, Any]:
    """One interview as a JSON-ready dict."""
    main = interview.main
    meta = main.metadata
    path = main.source.path
    return {
        "id": interview.id,
        "title": meta.title,
        "date": meta.date,
        "place": meta.place,
        "outlet": meta.outlet,
        "occasion": meta.occasion,
        "kind": meta.kind,
        "speaker": meta.speaker,
        "published": meta.published,
        "reading_time": meta.reading_time,
        "source_tags": list(meta.source_tags),
        "site": meta.site,
        "url": interview.url,
        "sources": [_source(main, "full")] + [_source(x.source, x.role) for x in interview.linked],
        "metadata_lines": {k: list(v) for k, v in sorted(main.metadata_lines.items())},
        "turns": [
            {
                "speaker": t.speaker,
                "role": t.role,
                "label": t.label,
                "note": t.note,
                "line": t.line,
                "paragraphs": [
                    {
                        "id": p.id,
                        "text": p.text,
                        "kind": p.kind,
                        "source": {"path": path, "line": p.line, "lines": list(p.lines)},
                    }
                    for p in t.paragraphs
                ],
            }
            for t in main.turns
        ],
        "topics": list(interview.topics),
        "people": list(interview.people),
        "related": [
            {"id": r.interview_id, "score": r.score, "reason": r.reason} for r in interview.related
        ],
        "echoes": [
            {
                "paragraph_id": e.paragraph_id,
                "interview_id": e.interview_id,
                "other_paragraph_id": e.other_paragraph_id,
                "score": e.score,
                "words": e.words,
                "passage": e.passage,
            }
            for e in interview.echoes
        ],
        "missing_full_text": interview.missing_full_text,
        "excerpts": [_linked(x) for x in interview.linked],
        "removed": [
            {"path": r.path, "line": r.line, "text": r.text, "reason": r.reason, "rule": r.rule}
            for r in (*main.removed, *(r for x in interview.linked for r in x.source.removed))
        ],
        "fixes": dict(main.fixes),
    }


def corpus_record(corpus: Corpus) -> dict[str, Any]:
    """The whole corpus as a JSON-ready dict."""
    return {
        "schema_version": SCHEMA_VERSION,
        "interviews": [interview_record(i) for i in corpus.interviews],
        "rejected": [{"path": r.path, "reason": r.reason} for r in corpus.rejected],
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "level": d.level,
                "message": d.message,
                "hint": d.hint,
                "byte_offset": d.byte_offset,
            }
            for d in corpus.diagnostics
        ],
    }


def dumps(corpus: Corpus) -> str:
    """Deterministic JSON text (sorted keys at the top level are not needed: order is fixed)."""
    return json.dumps(corpus_record(corpus), ensure_ascii=False, indent=1) + "\n"


def load_schema() -> dict[str, Any]:
    """The export's JSON Schema."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema
