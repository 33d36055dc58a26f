"""Command line: a thin layer over the library (as sqlite-utils does it).

    python -m build_tools check  [--source DIR] [--strict]
    python -m build_tools export [--source DIR] --out FILE [--strict]
    python -m build_tools emit   [--source DIR] --out DIR [--strict]
    python -m build_tools bundle --site DIR --out DIR [--name NAME]
    python -m build_tools data   [--source DIR] --out DIR [--site-url URL] [--strict]

``check`` prints a report per file and exits 1 when any file has an error (with ``--strict``,
also on warnings). ``export`` writes the corpus JSON and ``emit`` the generated Markdown pages
(for inspection: the site build makes them in memory); both exit the same way. ``bundle``
packs a built offline site into a reproducible ``<name>-offline-<date>.zip``. ``data`` writes
the site's data downloads (``data/``, and ``feeds/`` when ``--site-url`` is given) into a folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from build_tools.bundle import write_bundle
from build_tools.downloads import Settings, build_date, write_all
from build_tools.export import dumps
from build_tools.model import Corpus, Interview
from build_tools.pipeline import build_corpus
from build_tools.progress import for_stream
from build_tools.render import render_site
from build_tools.topics import uncovered_terms


def _corpus(args: argparse.Namespace) -> Corpus:
    cache = None if args.no_cache else Path("build") / "cache"
    return build_corpus(args.source, jobs=args.jobs, cache_dir=cache, progress=for_stream())


def _status(corpus: Corpus, strict: bool) -> int:
    levels = {d.level for d in corpus.diagnostics}
    if "error" in levels or (strict and "warning" in levels):
        return 1
    return 0


def _summary(interview: Interview) -> list[str]:
    main = interview.main
    meta = main.metadata
    roles = Counter(t.role for t in main.turns)
    paras = len(main.paragraphs)
    lines = [
        f"{main.source.path}  ->  {interview.url}",
        f"  title:     {meta.title}",
        f"  kind:      {meta.kind}",
        f"  date:      {meta.date or '-'}"
        + (f"  (published {meta.published})" if meta.published else ""),
        f"  place:     {meta.place or '-'}",
        f"  outlet:    {meta.outlet or '-'}",
        f"  occasion:  {meta.occasion or '-'}",
        f"  speaker:   {meta.speaker or '-'}",
    ]
    if meta.reading_time:
        lines.append(f"  reading:   {meta.reading_time}")
    if meta.source_tags:
        lines.append(f"  tags:      {'; '.join(meta.source_tags)}")
    lines.append(
        f"  turns:     {roles['question']} questions, {roles['answer']} answers, "
        f"{roles['statement']} statements; {paras} paragraphs"
    )
    if main.fixes:
        lines.append("  fixes:     " + ", ".join(f"{k} {v}" for k, v in main.fixes.items()))
    for link in interview.linked:
        other = link.source
        lines.append(
            f"  {link.role}: {other.source.path} is {'an' if link.role == 'excerpt' else 'a'} "
            f"{link.role} of {main.source.path} (containment {link.containment:.2f}, "
            f"{len(link.spans)} spans, {len(link.unmatched)} unmatched)"
        )
        for span in link.spans:
            text = span.text if len(span.text) <= 50 else span.text[:47] + "..."
            lines.append(
                f"    line {span.line} -> {', '.join(span.paragraph_ids)} "
                f"(score {span.score:.2f}) {text!r}"
            )
            for v in span.variants:
                lines.append(f"      {v.kind}: {v.excerpt!r} / {v.original!r}")
        for u in link.unmatched:
            lines.append(f"    line {u.line}: UNMATCHED (best {u.best_score:.2f}) {u.text[:60]!r}")
    if interview.missing_full_text:
        lines.append("  excerpt of an interview the archive does not hold yet")
    if main.removed:
        lines.append(f"  removed:   {len(main.removed)}")
        for r in main.removed:
            text = r.text if len(r.text) <= 60 else r.text[:57] + "..."
            lines.append(f"    line {r.line}: {text!r} ({r.reason})")
    return lines


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    corpus = _corpus(args)
    out: list[str] = []
    for interview in corpus.interviews:
        out += _summary(interview)
        out.append("")
    suggestions = uncovered_terms(corpus.interviews, limit=args.suggest) if args.suggest else []
    if suggestions:
        out.append("Frequent names and phrases that no topic or person covers (candidates for")
        out.append("build_tools/rules/topics.yaml or people.yaml):")
        out.append("  " + ", ".join(f"{term} ({n})" for term, n in suggestions))
        out.append("")
    for r in corpus.rejected:
        out.append(f"{r.path}: REJECTED: {r.reason}")
    if corpus.diagnostics:
        out.append("")
        out.append("Diagnostics:")
        out += [f"  {d.format()}" for d in corpus.diagnostics]
    levels = Counter(d.level for d in corpus.diagnostics)
    out.append("")
    out.append(
        f"{len(corpus.interviews)} interviews, {len(corpus.rejected)} rejected, "
        f"{levels['error']} errors, {levels['warning']} warnings; "
        f"{time.perf_counter() - started:.1f} s, peak memory {peak_memory_mb():.0f} MB"
    )
    print("\n".join(out))
    return _status(corpus, args.strict)


def cmd_export(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(dumps(corpus), encoding="utf-8")
    tmp.replace(out)
    for d in corpus.diagnostics:
        print(d.format(), file=sys.stderr)
    print(f"wrote {out}: {len(corpus.interviews)} interviews, {len(corpus.rejected)} rejected")
    return _status(corpus, args.strict)


def cmd_emit(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    out = Path(args.out)
    pages = render_site(corpus)
    for path, markdown in sorted(pages.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    for d in corpus.diagnostics:
        print(d.format(), file=sys.stderr)
    print(f"wrote {len(pages)} pages under {out}")
    return _status(corpus, args.strict)


def cmd_bundle(args: argparse.Namespace) -> int:
    try:
        out = write_bundle(Path(args.site), Path(args.out), args.name)
    except FileNotFoundError as e:
        print(f"{e}. Fix: run `make offline`.", file=sys.stderr)
        return 1
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


def cmd_data(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    out = Path(args.out)
    settings = Settings(args.site_url, build_date(os.environ.get("SOURCE_DATE_EPOCH")))
    files = write_all(corpus, out, settings)
    for d in corpus.diagnostics:
        print(d.format(), file=sys.stderr)
    size = sum(f.size for f in files) / 1e6
    print(f"wrote {len(files)} files ({size:.1f} MB) under {out}")
    return _status(corpus, args.strict)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m build_tools",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--source", default="source_texts", help="folder of raw transcripts (default: source_texts)"
    )
    common.add_argument("--strict", action="store_true", help="fail on warnings too")
    common.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes reading files (default: all cores)",
    )
    common.add_argument(
        "--no-cache", action="store_true", help="read every file anew (no build/cache)"
    )
    check = sub.add_parser("check", parents=[common], help="report on every source file")
    check.add_argument(
        "--suggest",
        type=int,
        default=20,
        metavar="N",
        help="list N frequent terms no topic covers (default 20; 0 for none)",
    )
    check.set_defaults(func=cmd_check)
    export = sub.add_parser("export", parents=[common], help="write the corpus as JSON")
    export.add_argument("--out", required=True, help="output file, e.g. corpus.json")
    export.set_defaults(func=cmd_export)
    emit = sub.add_parser("emit", parents=[common], help="write the generated Markdown pages")
    emit.add_argument("--out", required=True, help="output folder, e.g. build/pages")
    emit.set_defaults(func=cmd_emit)
    bundle = sub.add_parser("bundle", help="zip a built offline site, reproducibly")
    bundle.add_argument("--site", required=True, help="the built offline site, e.g. build/offline")
    bundle.add_argument("--out", required=True, help="output folder, e.g. dist")
    bundle.add_argument("--name", default="transcript-archive", help="file name prefix")
    bundle.set_defaults(func=cmd_bundle)
    data = sub.add_parser("data", parents=[common], help="write the data downloads and feeds")
    data.add_argument(
        "--out", required=True, help="output folder (the site's root), e.g. build/data"
    )
    data.add_argument(
        "--site-url", default=None, help="the published address; feeds are written only with it"
    )
    data.set_defaults(func=cmd_data)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code
