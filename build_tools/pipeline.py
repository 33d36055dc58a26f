"""Run the whole pipeline: read every source, parse each on its own, then link the corpus.

As in ``mkdocs/commands/build.py`` and Pelican: everything is read first, one file at a time
and in isolation (a broken file is reported and skipped, the rest still build), then the corpus
is linked as a whole, and only then does anything get written (by the callers).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_tools.accounting import check_links_lossless, check_nothing_lost
from build_tools.decode import decode
from build_tools.link import link
from build_tools.model import Corpus, Diagnostic, ParsedSource, Rejected, SourceRef
from build_tools.parse import parse
from build_tools.relations import annotate

MANIFEST = "manifest.yaml"
TEXT_SUFFIXES = {".txt"}
IGNORED_NAMES = {MANIFEST, "README.md", ".gitattributes", ".gitkeep"}
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ReadResult:
    """What reading one file gave: a parsed source, or a rejection, plus diagnostics."""

    parsed: ParsedSource | None
    """The parsed source when the file is usable."""
    rejected: Rejected | None
    """Why the file was not used."""
    diagnostics: tuple[Diagnostic, ...]
    """Everything said about the file."""


def display_path(path: Path) -> str:
    """The path as shown to people: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_manifest(source_dir: Path) -> dict[str, dict[str, Any]]:
    """``manifest.yaml``'s ``files`` table (empty when there is no manifest)."""
    path = source_dir / MANIFEST
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    files = data.get("files") or {}
    return {str(k): dict(v or {}) for k, v in files.items()}


def discover(source_dir: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Transcript files under ``source_dir``, sorted; other files are reported, not read."""
    found: list[Path] = []
    notes: list[Diagnostic] = []
    root = source_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(source_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            shown = display_path(path)
            if name in IGNORED_NAMES or name.startswith("."):
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                notes.append(
                    Diagnostic(
                        shown,
                        None,
                        "error",
                        "symbolic link pointing outside the source folder; it was not followed.",
                        "Copy the file into source_texts/ instead of linking to it.",
                    )
                )
                continue
            if path.suffix.lower() not in TEXT_SUFFIXES:
                kind = path.suffix or "no extension"
                notes.append(
                    Diagnostic(
                        shown,
                        None,
                        "warning",
                        f"not a .txt file ({kind}); it was not read.",
                        "Save transcripts as UTF-8 .txt files, or move this file "
                        "out of source_texts/.",
                    )
                )
                continue
            found.append(path)
    return found, notes


def read_source(path: Path, facts: Mapping[str, str] | None = None) -> ReadResult:
    """Read, decode and parse one file; never raises (a crash becomes a diagnostic)."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            d = Diagnostic(
                shown,
                None,
                "error",
                f"file is {size} bytes, over the limit of {MAX_BYTES}.",
                "Split the file into one transcript per file.",
            )
            return ReadResult(None, Rejected(shown, d.message), (d,))
        data = path.read_bytes()
        ref = SourceRef(shown, hashlib.sha256(data).hexdigest(), len(data))
        decoded = decode(shown, data)
        if not decoded.text.strip():
            diags = decoded.diagnostics or (
                Diagnostic(shown, None, "error", "no text in file.", "Remove the file."),
            )
            reason = "; ".join(f"{d.message} {d.hint}".strip() for d in diags if d.level == "error")
            return ReadResult(None, Rejected(shown, reason or diags[0].message), tuple(diags))
        parsed = parse(ref, decoded, facts)
    except Exception as exc:  # one bad file must not stop the build
        d = Diagnostic(
            shown,
            None,
            "error",
            f"internal error while reading: {exc!r}.",
            "This is a bug in build_tools; please report it with the file.",
        )
        return ReadResult(None, Rejected(shown, d.message), (d,))
    lost = check_nothing_lost(parsed)
    diags = parsed.diagnostics + tuple(lost)
    if not parsed.turns:
        errors = [d for d in diags if d.level == "error"]
        reason = errors[0].message if errors else "no transcript text"
        return ReadResult(None, Rejected(shown, reason), diags)
    return ReadResult(parsed, None, diags)


def _manifest_checks(
    paths: list[Path], manifest: Mapping[str, Mapping[str, Any]], source_dir: Path
) -> list[Diagnostic]:
    """Files missing from the manifest, and files whose bytes no longer match it."""
    if not manifest:
        return []  # a folder without a manifest (a scratch corpus) is not checked
    notes = []
    for path in paths:
        key = path.relative_to(source_dir).as_posix()
        entry = manifest.get(key)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if entry is None:
            notes.append(
                Diagnostic(
                    display_path(path),
                    None,
                    "warning",
                    "file is not in the manifest.",
                    f"Add to {MANIFEST} under files: '{key}: {{original_name: {path.name}, "
                    f"sha256: {digest}}}'.",
                )
            )
        elif entry.get("sha256") != digest:
            notes.append(
                Diagnostic(
                    display_path(path),
                    None,
                    "warning",
                    "the file's bytes differ from the SHA-256 recorded in the manifest.",
                    f"Restore the original file; if the new bytes are the evidence, record "
                    f"sha256: {digest} in {MANIFEST}.",
                )
            )
    return notes


def build_corpus(source_dir: Path | str = "source_texts") -> Corpus:
    """Read every source under ``source_dir`` and link them into a corpus."""
    source_dir = Path(source_dir)
    paths, notes = discover(source_dir)
    manifest = load_manifest(source_dir)
    diagnostics: list[Diagnostic] = list(notes)
    diagnostics += _manifest_checks(paths, manifest, source_dir)
    parsed: list[ParsedSource] = []
    rejected: list[Rejected] = []
    for path in paths:
        facts = manifest.get(path.relative_to(source_dir).as_posix(), {}).get("facts") or {}
        result = read_source(path, {str(k): str(v) for k, v in facts.items()})
        diagnostics.extend(result.diagnostics)
        if result.parsed is not None:
            parsed.append(result.parsed)
        if result.rejected is not None:
            rejected.append(result.rejected)
    for d in notes:
        if d.level == "error":
            rejected.append(Rejected(d.path, d.message))
    interviews = link(parsed)
    diagnostics += check_links_lossless(interviews)
    diagnostics.sort(key=lambda d: (d.path, d.line or 0))
    annotated, topics, people, speakers = annotate(interviews)
    return Corpus(
        tuple(annotated),
        tuple(sorted(rejected, key=lambda r: r.path)),
        tuple(diagnostics),
        topic_locators=topics,
        person_locators=people,
        speakers=speakers,
    )
