"""The benchmark of issue "Scale": build synthetic archives and measure every part of the build.

For each size (100 and 1,000 transcripts; 5,000 too with ``BENCH_FULL=1``):

1. generate the archive into ``build/bench/<n>/source_texts`` (``generate.py``, fixed seed);
2. run the pipeline stage by stage in a process of its own (``stages.py``): time and peak
   memory per stage, and the rebuild after editing one transcript;
3. ``mkdocs build`` of that archive (``SOURCE_TEXTS=...``), timed, with its peak memory, and
   the hook's ``transcripts:`` summary line; then the site: size, HTML bytes per interview page,
   search index bytes;
4. the baseline: MkDocs with the same theme and plugins, without our hook, building as many
   plain Markdown pages of the same texts, so the pipeline's cost is a ratio from one run;
5. the offline build (``OFFLINE=true``);
6. Chromium: from navigation start to the first search result, and the bytes fetched until
   then, for the site served over HTTP and for the offline bundle opened from ``file://``.

Writes ``build/bench/report.json`` and ``build/bench/report.md``. Targets are reported as met or
not, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.generate import DEFAULT_SEED, Entry, generate, summary

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
SIZES = (100, 1000)
FULL_SIZES = (100, 1000, 5000)
CHROMIUM = Path("/usr/bin/chromium")
# DESIGN.md, "Browser": Debian's Chromium, never Playwright's own download.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SEARCH_BOX = 'input[data-md-component="search-query"]'
RESULT = "li.md-search-result__item"
SEARCH_TIMEOUT_S = 600
MB = 2**20

# The targets: what each measure is (label, unit), then its limit at each size.
MEASURES: dict[str, tuple[str, str]] = {
    "ratio": ("pipeline time / baseline MkDocs build time", "x"),
    "growth": ("pipeline time growth 1,000 -> 5,000", "x"),
    "full_build_s": ("full build (mkdocs build, pipeline included, cold)", "s"),
    "peak_mb": ("peak memory of the build (all its processes at once, sampled)", "MB"),
    "html_median_kb": ("median interview page HTML", "KB"),
    "online_search_s": ("online: page load to first search result", "s"),
    "online_bytes_mb": ("bytes fetched for one search (online)", "MB"),
    "offline_search_s": ("offline bundle: page load to first search result", "s"),
    "rebuild_s": ("rebuild after editing one transcript (pipeline part)", "s"),
}
LIMITS: dict[int, dict[str, float]] = {
    1000: {"ratio": 0.10, "full_build_s": 60, "peak_mb": 1024, "html_median_kb": 120,
           "online_search_s": 1, "online_bytes_mb": 1, "offline_search_s": 3, "rebuild_s": 2},
    5000: {"ratio": 0.10, "growth": 5.5, "full_build_s": 300, "peak_mb": 2048,
           "html_median_kb": 120, "online_search_s": 1, "online_bytes_mb": 1, "rebuild_s": 5},
}  # fmt: skip
TARGETS: dict[int, list[tuple[str, str, float, str]]] = {
    n: [(key, MEASURES[key][0], limit, MEASURES[key][1]) for key, limit in limits.items()]
    for n, limits in LIMITS.items()
}
"""Per size: (measure key, label, target, unit), in the order the report lists them."""


def say(message: str) -> None:
    """A progress line (the benchmark takes minutes)."""
    stamp = time.strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", flush=True)


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    env.setdefault("SOURCE_DATE_EPOCH", "1742515200")
    env.setdefault("PYTHONHASHSEED", "0")
    return {**env, **extra}


def _measured(args: list[str], record: Path, cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    """Run ``python -m bench.measure record MODULE ARGS``; wall time, its record, its log."""
    record.unlink(missing_ok=True)
    start = time.perf_counter()
    run = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "bench.measure", str(record), *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - start
    data: dict[str, Any] = {"exit_code": run.returncode, "peak_mb": None}
    if record.is_file():
        data.update(json.loads(record.read_text(encoding="utf-8")))
    if run.returncode != 0:
        say(f"{' '.join(args)} failed ({run.returncode}): {run.stderr.strip()[-600:]}")
        data["error"] = run.stderr.strip()[-4000:]
    data["wall_seconds"] = wall
    data["log"] = run.stderr
    return data


# --- the pipeline, by stage ----------------------------------------------------------------------


def run_stages(source: Path, record: Path, *options: str) -> dict[str, Any]:
    """``python -m bench.stages [options] source record`` in a process of its own."""
    record.unlink(missing_ok=True)
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.stages", *options, str(source), str(record)],
        cwd=ROOT, env=_env(), check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
    return result


def fresh_cache(folder: Path) -> Path:
    """An empty cache for this archive's builds (the hook and the rebuild read
    ``TRANSCRIPTS_CACHE``): the first build is cold in every stage (parse, alignments, pages),
    and the project's own ``build/cache`` never holds the benchmark's archives."""
    cache = folder / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["TRANSCRIPTS_CACHE"] = str(cache)
    return cache


# --- MkDocs ------------------------------------------------------------------------------------

_SUMMARY = re.compile(
    r"transcripts: (?P<interviews>\d+) interviews, (?P<rejected>\d+) rejected, (?P<errors>\d+) "
    r"errors, (?P<warnings>\d+) warnings; pipeline (?P<pipeline>[\d.]+) s, MkDocs "
    r"(?P<mkdocs>[\d.]+) s, peak memory (?P<peak>\d+) MB"
)


# The hook's line after Pagefind indexed an online build (its own process: time, peak memory).
_PAGEFIND = re.compile(
    r"pagefind: (?P<pages>\d+) pages indexed in (?P<seconds>[\d.]+) s, peak memory "
    r"(?P<peak_mb>\d+) MB(?: \((?P<runs>\d+) runs of up to (?P<slice>\d+) pages, "
    r"(?P<index_seconds>[\d.]+) s; merged in (?P<merge_seconds>[\d.]+) s\))?"
    r"(?:; (?P<fragments>\d+) fragments slimmed from (?P<fragments_mb_before>[\d.]+) to "
    r"(?P<fragments_mb>[\d.]+) MB in (?P<slim_seconds>[\d.]+) s)?"
)


# The pipeline's own progress lines in a log (build_tools/progress.py): "read: 100 file(s) in
# 6.8 s, 15 files/s".
_PROGRESS = re.compile(
    r"(?m)^(?P<stage>[a-z][\w ]*): (?P<items>\d+) \w+\(s\) in (?P<seconds>[\d.]+) s"
)


def mkdocs_build(source: Path, site: Path, offline: bool = False) -> dict[str, Any]:
    """``mkdocs build`` of the project with ``SOURCE_TEXTS=source`` into ``site``."""
    shutil.rmtree(site, ignore_errors=True)
    env = _env(SOURCE_TEXTS=str(source), **({"OFFLINE": "true"} if offline else {}))
    record = site.parent / f"{site.name}.measure.json"
    data = _measured(["mkdocs", "build", "--site-dir", str(site)], record, ROOT, env)
    m = _SUMMARY.search(data["log"])
    data["progress"] = [
        {"stage": p["stage"], "items": int(p["items"]), "seconds": float(p["seconds"])}
        for p in _PROGRESS.finditer(data["log"])
    ]
    data["summary"] = m.group(0) if m else None
    data["summary_fields"] = {k: float(x) for k, x in m.groupdict().items()} if m else {}
    pf = _PAGEFIND.search(data["log"])
    data["pagefind"] = (
        {k: float(x) for k, x in pf.groupdict().items() if x is not None} if pf else {}
    )
    (site.parent / f"{site.name}.log").write_text(data.pop("log"), encoding="utf-8")
    return data


def site_facts(site: Path) -> dict[str, Any]:
    """Size of the site, HTML bytes per interview page, search index bytes."""
    files = [p for p in site.rglob("*") if p.is_file()]
    everything = site / "interviews" / "index.html"  # "All interviews": lists every one
    pages = [p.stat().st_size for p in (site / "interviews").rglob("*.html") if p != everything]
    listings = [
        p.stat().st_size
        for folder in ("topics", "people", "chronology", "outlets")
        for p in (site / folder).rglob("*.html")
    ]
    index = site / "search" / "search_index.json"
    index_bytes = index.stat().st_size if index.is_file() else 0
    gz = len(gzip.compress(index.read_bytes(), 6, mtime=0)) if index_bytes else 0
    return {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "interview_pages": len(pages),
        "html_median_bytes": statistics.median(pages) if pages else 0,
        "html_max_bytes": max(pages, default=0),
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
        "listing_pages": len(listings),
        "listing_median_bytes": statistics.median(listings) if listings else 0,
        "listing_max_bytes": max(listings, default=0),
        "all_interviews_bytes": everything.stat().st_size if everything.is_file() else 0,
        "search_index_bytes": index_bytes,
        "search_index_gzip_bytes": gz,
    }


def _baseline_config() -> str:
    """``mkdocs.yml`` without our hook (and what only the hook's project needs)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^hooks:\n(?:[ \t]+-.*\n|[ \t]*#.*\n)*", "", text)
    text = re.sub(r"(?m)^watch:\n(?:[ \t]+-.*\n)*", "", text)
    text = re.sub(r"(?m)^strict: true\n", "", text)
    text = re.sub(r"(?m)^(site_name:).*$", r"\1 Baseline", text)
    return text


_MARKUP = re.compile(r"[*#_`<>\[\]{}|\\]")


def baseline_build(entries: list[Entry], source: Path, project: Path, pages: int) -> dict[str, Any]:
    """MkDocs alone: the same theme and plugins, ``pages`` plain Markdown pages made of the
    generated transcripts' own text (the full ones), no hook."""
    shutil.rmtree(project, ignore_errors=True)
    docs = project / "docs"
    (docs / "interviews").mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    (project / "mkdocs.yml").write_text(_baseline_config(), encoding="utf-8")
    (docs / "index.md").write_text("# Baseline\n\nPlain pages, no pipeline.\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    full = [e for e in entries if e.role == "full"] or entries
    for k in range(pages):
        e = full[k % len(full)]
        text = (source / e.name).read_bytes().decode("utf-8", errors="replace")
        paras = [" ".join(_MARKUP.sub(" ", p).split()) for p in re.split(r"\n\s*\n|\n", text)]
        body = "\n\n".join(p for p in paras if p)
        title = _MARKUP.sub(" ", e.title).replace('"', "'")
        page = f'---\ntitle: "{title}"\n---\n\n# {title}\n\n{body}\n'
        (docs / "interviews" / f"page-{k:05d}.md").write_text(page, encoding="utf-8")
    site = project / "site"
    record = project / "measure.json"
    data = _measured(["mkdocs", "build", "--site-dir", str(site)], record, project, _env())
    data.pop("log")
    data["pages"] = pages
    data["site_bytes"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    shutil.rmtree(docs)  # the copies of the texts go; the site goes after the run (--keep)
    return data


# --- Chromium ----------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) as a static host does, no compression."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def search_query(entries: list[Entry]) -> str:
    """A word a reader would search for that is in a few titles: the first word of the outlet
    of the first interview that has one of five letters or more."""
    for e in entries:
        if e.role == "full" and e.language == "en" and e.outlet:
            word = e.outlet.split()[0]
            if len(word) >= 5 and word.isalpha():
                return word
    return "Primakov"


SEARCH_RUNS = 5
"""Fresh browsers timed per search measure: one run moved by a third between two reports on
the same site (0.77 and 1.10 s); the report gives the median and every run."""

REBUILD_RUNS = 3
"""Fresh processes timed per rebuild measure (the median is reported, with every run)."""


def median_run(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """The run whose ``key`` is the median (the lower middle one of an even number), with every
    run's ``key`` as ``runs``."""
    chosen = sorted(runs, key=lambda r: r[key])[(len(runs) - 1) // 2]
    return {**chosen, "runs": [r[key] for r in runs]}


def first_results(url: str, query: str, count_bytes: bool) -> dict[str, Any]:
    """:func:`first_result` in :data:`SEARCH_RUNS` fresh browsers: the median run, with the
    median of each part (box ready, the search itself) over all runs."""
    runs = [first_result(url, query, count_bytes) for _ in range(SEARCH_RUNS)]
    parts = {
        key: statistics.median(r[key] for r in runs)
        for key in ("ready_seconds", "search_seconds")
        if all(r.get(key) is not None for r in runs)
    }
    return {**median_run(runs, "seconds"), **{f"median_{k}": v for k, v in parts.items()}}


def rebuilds(source: Path, folder: Path) -> dict[str, Any]:
    """The rebuild after an edit in :data:`REBUILD_RUNS` fresh processes (each edit new to the
    cache): the median run, with the median and every run of the serve-style rebuild too."""
    runs = [run_stages(source, folder / f"rebuild-{k}.json", "--rebuild", f"--run={k}")
            for k in range(1, REBUILD_RUNS + 1)]  # fmt: skip
    serve = median_run(runs, "serve_rebuild_seconds")
    return {**median_run(runs, "rebuild_seconds"), "serve_rebuild_seconds":
            serve["serve_rebuild_seconds"], "serve_runs": serve["runs"]}  # fmt: skip


_PARTS_SCRIPT = (
    f"(() => {{ const box = {json.dumps(SEARCH_BOX)};\n"
    "addEventListener('focusin', (e) => {\n"
    "  if (e.target.matches(box)) window.__benchReady ??= performance.now();\n"
    "}, true);\n"
    "addEventListener('input', (e) => {\n"
    "  if (e.target.matches(box)) window.__benchTyped = performance.now();\n"
    "}, true); })();\n"
)
"""Notes in the page when the search box first took the focus and when text last went in."""


def first_result(url: str, query: str, count_bytes: bool) -> dict[str, Any]:
    """Open ``url`` in a fresh Chromium, type ``query`` in the search box as soon as it is
    there, and wait for the first result: seconds from navigation start, bytes fetched."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            # Every finished request of the context, the search worker's included (Pagefind
            # fetches its index from the worker, which a CDP session on the page does not see).
            finished: list[Any] = []
            if count_bytes:
                context.on("requestfinished", lambda request: finished.append(request))
            # When the box took the focus and when the last key went in, noted by the page
            # itself: asking for them between the steps would delay the steps.
            context.add_init_script(_PARTS_SCRIPT)
            page.goto(url, wait_until="commit")
            box = page.locator(SEARCH_BOX)
            box.click(timeout=SEARCH_TIMEOUT_S * 1000)
            box.fill(query[:-1])
            box.press_sequentially(query[-1])
            page.locator(RESULT).first.wait_for(state="visible", timeout=SEARCH_TIMEOUT_S * 1000)
            seconds = float(page.evaluate("performance.now()")) / 1000
            parts = page.evaluate("[window.__benchReady, window.__benchTyped]")
            ready, typed = (float(x) / 1000 if x is not None else None for x in parts)
            page.wait_for_timeout(200)  # let the last requestfinished events arrive
            results = page.locator(RESULT).count()
            by_url: dict[str, int] = {}
            for request in finished:  # bytes on the wire: headers and (encoded) body
                size = request.sizes()
                total = size["responseHeadersSize"] + size["responseBodySize"]
                by_url[request.url] = by_url.get(request.url, 0) + total
            return {
                "seconds": seconds,
                "ready_seconds": ready,
                "search_seconds": seconds - typed if typed is not None else None,
                "query": query,
                "results_shown": results,
                "bytes": sum(by_url.values()) if count_bytes else None,
                "requests": len(by_url) if count_bytes else None,
                "largest": sorted(by_url.items(), key=lambda kv: -kv[1])[:3],
                "chromium": browser.version,
            }
        finally:
            browser.close()


# --- one size ----------------------------------------------------------------------------------


def run_size(
    out: Path, n: int, seed: int, browser: bool, offline: bool, keep: bool = False
) -> dict[str, Any]:
    folder = out / str(n)
    source = folder / "source_texts"
    result: dict[str, Any] = {"n": n}
    say(f"{n}: generating the archive into {source}")
    start = time.perf_counter()
    entries = generate(source, n, seed=seed)
    result["generated"] = {**summary(entries), "seconds": time.perf_counter() - start}
    (folder / "generated.json").write_text(
        json.dumps([asdict(e) for e in entries], indent=1, ensure_ascii=False), encoding="utf-8"
    )
    say(f"{n}: pipeline stage by stage, in one process")
    result["pipeline"] = run_stages(source, folder / "stages.json")
    p, c = result["pipeline"], result["pipeline"]["corpus"]
    say(f"{n}: stages {p['pipeline_seconds']:.1f} s (CPU {p['pipeline_cpu_seconds']:.1f} s), "
        f"peak {p['peak_mb']:.0f} MB; {c['interviews']} interviews")  # fmt: skip
    cache = fresh_cache(folder)
    say(f"{n}: mkdocs build (cold: an empty cache, {cache})")
    result["mkdocs"] = mkdocs_build(source, folder / "site")
    result["site"] = site_facts(folder / "site")
    say(f"{n}: mkdocs build {result['mkdocs']['wall_seconds']:.1f} s, peak "
        f"{result['mkdocs']['peak_mb']:.0f} MB; {result['mkdocs']['summary']}")  # fmt: skip
    say(f"{n}: rebuild after editing one transcript (as the hook calls the pipeline), "
        f"{REBUILD_RUNS} fresh processes")  # fmt: skip
    result["rebuild"] = rebuilds(source, folder)
    say(f"{n}: rebuild {result['rebuild']['rebuild_seconds']:.1f} s (median)")
    pages = result["site"]["interview_pages"] or n
    say(f"{n}: baseline: MkDocs alone, {pages} plain pages")
    result["baseline"] = baseline_build(entries, source, folder / "baseline", pages)
    say(f"{n}: baseline {result['baseline']['wall_seconds']:.1f} s")
    if offline:
        say(f"{n}: offline build")
        result["offline"] = mkdocs_build(source, folder / "offline-site", offline=True)
        index = folder / "offline-site" / "search" / "search_index.json"
        result["offline"]["search_index_bytes"] = index.stat().st_size if index.is_file() else 0
        say(f"{n}: offline build {result['offline']['wall_seconds']:.1f} s")
    if browser:
        query = search_query(entries)
        say(f"{n}: Chromium, online: first result for {query!r}")
        with serve(folder / "site") as base:
            result["online_search"] = first_results(base, query, count_bytes=True)
        s = result["online_search"]
        say(f"{n}: online first result after {s['seconds']:.1f} s, {s['bytes'] / MB:.1f} MB")
        if offline:
            say(f"{n}: Chromium, offline bundle from file://")
            home = (folder / "offline-site" / "index.html").as_uri()
            result["offline_search"] = first_results(home, query, count_bytes=False)
            say(f"{n}: offline first result after {result['offline_search']['seconds']:.1f} s")
    result["measures"] = measures(result)
    if not keep:  # hundreds of MB each; the site itself stays for a look
        shutil.rmtree(folder / "baseline" / "site", ignore_errors=True)
        shutil.rmtree(folder / "offline-site", ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    return result


def measures(r: dict[str, Any]) -> dict[str, float | None]:
    """The figures the targets are about, from one size's results."""
    build = r["mkdocs"]
    hook_pipeline = build["summary_fields"].get("pipeline")
    stages_s = r["pipeline"]["pipeline_seconds"]
    render_s = next((x["seconds"] for x in r["pipeline"]["stages"] if x["stage"] == "render"), 0)
    # The pipeline's time in the real build: the hook's build_corpus, plus rendering the pages
    # (which the hook's summary counts as MkDocs time), as measured in the staged run.
    pipeline_s = hook_pipeline + render_s if hook_pipeline is not None else stages_s
    baseline_s = r["baseline"]["wall_seconds"]
    online = r.get("online_search") or {}
    offline = r.get("offline_search") or {}
    pipeline_cpu = r["pipeline"]["pipeline_cpu_seconds"]
    baseline_cpu = r["baseline"].get("cpu_seconds")
    workers = os.cpu_count() or 1
    child_peak = build.get("largest_child_peak_mb") or 0
    return {
        "pipeline_s": pipeline_s,
        "pipeline_stages_s": stages_s,
        "pipeline_cpu_s": pipeline_cpu,
        "baseline_s": baseline_s,
        "baseline_cpu_s": baseline_cpu,
        "ratio": pipeline_s / baseline_s if baseline_s else None,
        "ratio_stages": stages_s / baseline_s if baseline_s else None,
        "ratio_cpu": pipeline_cpu / baseline_cpu if baseline_cpu else None,
        "full_build_s": build["wall_seconds"],
        "full_build_cpu_s": (build.get("cpu_seconds") or 0)
        + (build.get("children_cpu_seconds") or 0),
        # What measuring memory took from the build (part of its CPU time above).
        "sampler_cpu_s": build.get("sampler_cpu_seconds"),
        "peak_main_mb": build["peak_mb"],
        "peak_worker_mb": child_peak,
        # The whole process tree at its fullest, sampled while the build ran; where it could not
        # be sampled, an upper bound: the main process's peak plus every worker at the largest
        # one's peak.
        "peak_mb": build.get("tree_peak_mb") or (build["peak_mb"] or 0) + workers * child_peak,
        "peak_tree_sampled": build.get("tree_peak_mb") is not None,
        "peak_pss_mb": build.get("tree_peak_pss_mb"),
        "html_median_kb": r["site"]["html_median_bytes"] / 1024,
        "html_max_kb": r["site"]["html_max_bytes"] / 1024,
        "html_pages": r["site"].get("html_pages"),
        "listing_pages": r["site"].get("listing_pages"),
        "listing_median_kb": r["site"].get("listing_median_bytes", 0) / 1024,
        "listing_max_kb": r["site"].get("listing_max_bytes", 0) / 1024,
        "all_interviews_kb": r["site"].get("all_interviews_bytes", 0) / 1024,
        "site_mb": r["site"]["bytes"] / MB,
        "downloads_s": (r["pipeline"].get("downloads") or {}).get("seconds"),
        "downloads_mb": ((r["pipeline"].get("downloads") or {}).get("bytes") or 0) / MB or None,
        "search_index_mb": r["site"]["search_index_bytes"] / MB,
        "search_index_gzip_mb": r["site"]["search_index_gzip_bytes"] / MB,
        "online_search_s": online.get("seconds"),
        "online_ready_s": online.get("median_ready_seconds"),
        "online_query_s": online.get("median_search_seconds"),
        "offline_ready_s": offline.get("median_ready_seconds"),
        "offline_query_s": offline.get("median_search_seconds"),
        "online_bytes_mb": online["bytes"] / MB if online.get("bytes") is not None else None,
        "offline_search_s": offline.get("seconds"),
        "offline_build_s": (r.get("offline") or {}).get("wall_seconds"),
        "offline_search_index_mb": (r.get("offline") or {}).get("search_index_bytes", 0) / MB,
        "pagefind_s": build.get("pagefind", {}).get("seconds"),
        "pagefind_peak_mb": build.get("pagefind", {}).get("peak_mb"),
        "pagefind_runs": build.get("pagefind", {}).get("runs", 1.0),
        "pagefind_merge_s": build.get("pagefind", {}).get("merge_seconds"),
        "pagefind_slim_s": build.get("pagefind", {}).get("slim_seconds"),
        "fragments_mb_before": build.get("pagefind", {}).get("fragments_mb_before"),
        "fragments_mb": build.get("pagefind", {}).get("fragments_mb"),
        "rebuild_s": r["rebuild"]["rebuild_seconds"],
        "rebuild_cpu_s": r["rebuild"]["rebuild_cpu_seconds"],
        "serve_rebuild_s": r["rebuild"].get("serve_rebuild_seconds"),
    }


# --- the report --------------------------------------------------------------------------------


def _runs(measured: dict[str, Any] | None, key: str = "runs") -> str:
    """Every run of a repeated measure, in seconds, as run (``one run`` in older results)."""
    runs = (measured or {}).get(key)
    return ", ".join(f"{x:.2f}" for x in runs) + " s" if runs else "one run"


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("mkdocs", "mkdocs-material", "playwright", "rapidfuzz"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit == "x":
        return f"{value:.2f}"
    return f"{value:,.2f}" if value < 10 else f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _unit(unit: str) -> str:
    return "" if unit in {"x", ""} else f" {unit}"


def _targets(n: int, m: dict[str, float | None]) -> list[dict[str, Any]]:
    rows = []
    for key, label, target, unit in TARGETS.get(n, []):
        value = m.get(key)
        met = None if value is None else value <= target
        rows.append({"measure": label, "key": key, "value": value, "target": target,
                     "unit": unit, "met": met})  # fmt: skip
    return rows


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Benchmark: synthetic archives (issue \"Scale\")",
        "",
        f"Run {report['date']} on {report['machine']['cpu_count']} CPUs "
        f"(load average at start {report['machine']['load_average_start']}), "
        + ", ".join(f"{k} {v}" for k, v in report["versions"].items())
        + f". Generator seed {report['seed']}. `python -m bench`"
        + (" with BENCH_FULL=1" if report["full"] else "") + ".",
        "",
    ]  # fmt: skip
    for key, r in report["sizes"].items():
        n = int(key)
        m = r["measures"]
        g, c = r["generated"], r["pipeline"]["corpus"]
        lines += [
            f"## {n:,} transcripts",
            "",
            f"Generated: {g['role'].get('full', 0)} full texts, {g['role'].get('excerpt', 0)} "
            f"excerpts, {g['role'].get('repost', 0)} reposts; formats "
            + ", ".join(f"{k} {v}" for k, v in g["format"].items())
            + f"; {g['bytes'] / MB:.1f} MB. Read as {c['interviews']} interviews, "
            f"{c['merged_sources']} sources merged into them ({c['links']}), {c['rejected']} "
            f"rejected, {c['errors']} errors, {c['warnings']} warnings; "
            f"{c['with_date']} with a date, {c['with_outlet_or_occasion']} with an outlet or "
            f"occasion, {c['with_place']} with a place.",
            "",
        ]  # fmt: skip
        for what in ("mkdocs", "baseline", "offline"):
            if (r.get(what) or {}).get("exit_code"):
                lines += [f"**The {what} build failed** (exit {r[what]['exit_code']}): "
                          f"`{r[what].get('error', '')[-300:]}`", ""]  # fmt: skip
        rows = _targets(n, m)
        if rows:
            lines += ["| target | value | target | met? |", "|---|---:|---:|:---:|"]
            for row in rows:
                met = "–" if row["met"] is None else "yes" if row["met"] else "**no**"
                value, target = _fmt(row["value"], row["unit"]), _fmt(row["target"], row["unit"])
                unit = _unit(row["unit"])
                value += unit if row["value"] is not None else ""
                lines.append(f"| {row['measure']} | {value} | <= {target}{unit} | {met} |")
            lines.append("")
        lines += ["| measure | value |", "|---|---:|"]
        summary = r["mkdocs"]["summary_fields"]
        rebuild = r["rebuild"]
        info = [
            ("pipeline in the real build: build_corpus (hook) + render", m["pipeline_s"], "s"),
            ("pipeline, every stage in one process (table below)", m["pipeline_stages_s"], "s"),
            ("(its CPU time)", m["pipeline_cpu_s"], "s"),
            ("baseline: MkDocs alone, same number of plain pages", m["baseline_s"], "s"),
            ("(its CPU time)", m["baseline_cpu_s"], "s"),
            ("pipeline / baseline", m["ratio"], "x"),
            ("(every stage in one process / baseline)", m["ratio_stages"], "x"),
            ("(by CPU time, one process / baseline)", m["ratio_cpu"], "x"),
            ("mkdocs build with the pipeline, cold (wall)", m["full_build_s"], "s"),
            ("(its CPU time, workers included)", m["full_build_cpu_s"], "s"),
            ("(of which sampling its memory, below)", m.get("sampler_cpu_s"), "s"),
            ("(of which build_corpus, from the hook's summary line)", summary.get("pipeline"), "s"),
            ("(of which MkDocs, from the hook's summary line)", summary.get("mkdocs"), "s"),
            ("peak memory of the build, all its processes at once (sampled every 0.05 s)",
             m["peak_mb"] if m.get("peak_tree_sampled") else None, "MB"),
            ("(the same by proportional size: a page a forked process shares counted once)",
             m.get("peak_pss_mb"), "MB"),
            ("peak memory of the build, main process", m["peak_main_mb"], "MB"),
            ("peak memory of the largest worker process (Linux counts a child's peak from "
             "before its exec: a child started late reports at least the main process's peak)",
             m["peak_worker_mb"], "MB"),
            ("peak memory of the pipeline in one process", r["pipeline"]["peak_mb"], "MB"),
            ("peak memory of the baseline build", r["baseline"]["peak_mb"], "MB"),
            ("site size", m["site_mb"], "MB"),
            ("baseline site size", r["baseline"]["site_bytes"] / MB, "MB"),
            ("data downloads and feeds: time to write them (one process)", m["downloads_s"], "s"),
            ("data downloads and feeds: size (part of the site size)", m["downloads_mb"], "MB"),
            ("interview page HTML, median", m["html_median_kb"], "KB"),
            ("interview page HTML, max", m["html_max_kb"], "KB"),
            ("HTML pages in the site", m["html_pages"], ""),
            ("listing pages (topics, people, chronology, outlets, with their parts)",
             m["listing_pages"], ""),
            ("listing page HTML, median", m["listing_median_kb"], "KB"),
            ("listing page HTML, max", m["listing_max_kb"], "KB"),
            ('"All interviews" page HTML (lists every interview, for its filters)',
             m["all_interviews_kb"], "KB"),
            ("search index (search_index.json)", m["search_index_mb"], "MB"),
            ("search index, gzipped", m["search_index_gzip_mb"], "MB"),
            ("Pagefind indexing, online build (part of its wall time)", m.get("pagefind_s"), "s"),
            ("Pagefind runs (slices of the indexed pages, two at a time, merged into one index)",
             m.get("pagefind_runs"), ""),
            ("(of which merging them)", m.get("pagefind_merge_s"), "s"),
            ("(of which slimming the page fragments a search fetches)", m.get("pagefind_slim_s"),
             "s"),
            ("page fragments, as Pagefind wrote them", m.get("fragments_mb_before"), "MB"),
            ("page fragments, slimmed (paragraph anchors without their text)",
             m.get("fragments_mb"), "MB"),
            ("Pagefind peak memory (the largest run, sampled from its own memory)",
             m.get("pagefind_peak_mb"), "MB"),
            (f"online: page load to first search result (median of {SEARCH_RUNS} fresh "
             f"browsers: {_runs(r.get('online_search'))})", m["online_search_s"], "s"),
            ("(its parts, medians: the box took the focus, after page load and Playwright's "
             "checks)", m.get("online_ready_s"), "s"),
            ("(its parts, medians: last keystroke to first result, the search itself)",
             m.get("online_query_s"), "s"),
            ("online: bytes fetched until then (no compression)", m["online_bytes_mb"], "MB"),
            ("offline build (wall; parse cache warm from the build above)",
             m["offline_build_s"], "s"),
            ("offline search index (search_index.js)", m.get("offline_search_index_mb"), "MB"),
            (f"offline: page load to first search result (median of {SEARCH_RUNS}: "
             f"{_runs(r.get('offline_search'))})", m["offline_search_s"], "s"),
            ("(its parts, medians: the box took the focus)", m.get("offline_ready_s"), "s"),
            ("(its parts, medians: last keystroke to first result)", m.get("offline_query_s"), "s"),
            (f"rebuild after editing one transcript (build_corpus + render; median of "
             f"{REBUILD_RUNS} fresh processes: {_runs(r['rebuild'])})", m["rebuild_s"], "s"),
            ("(its CPU time, this process)", m["rebuild_cpu_s"], "s"),
            (f"rebuild after a second edit in the same process (as mkdocs serve rebuilds; "
             f"median: {_runs(r['rebuild'], 'serve_runs')})", m.get("serve_rebuild_s"), "s"),
        ]  # fmt: skip
        if "growth" in m:
            info.append(("pipeline growth from 1,000", m["growth"], "x"))
        for label, value, unit in info:
            shown = _fmt(value, unit) + (_unit(unit) if value is not None else "")
            lines.append(f"| {label} | {shown} |")
        lines += ["", f"The rebuild edited {rebuild['edited']} and called build_corpus with "
                  f"{rebuild['arguments'] or 'its defaults'}.", ""]  # fmt: skip
        progress = r["mkdocs"].get("progress") or []
        if progress:
            lines.append("The pipeline's own stages in the cold build (its progress lines): "
                         + "; ".join(f"{p['stage']} {p['items']} in {p['seconds']:.1f} s"
                                     for p in progress) + ".")  # fmt: skip
        lines += ["", "| pipeline stage (one process) | seconds | CPU seconds | peak MB after "
                  "| RSS MB after |", "|---|---:|---:|---:|---:|"]  # fmt: skip
        for s in r["pipeline"]["stages"]:
            lines.append(f"| {s['stage']} | {s['seconds']:.2f} | {s['cpu_seconds']:.2f} | "
                         f"{s['peak_mb']:.0f} | {s['rss_mb']:.0f} |")  # fmt: skip
        lines.append(f"| (normalising alone, also inside parse) | "
                     f"{r['pipeline']['normalise_alone_seconds']:.2f} | | | |")  # fmt: skip
        lines.append("")
        if r.get("online_search"):
            s = r["online_search"]
            big = ", ".join(f"{u.rsplit('/', 2)[-1] or u} {b / MB:.1f} MB" for u, b in s["largest"])
            lines += [f"Search for {s['query']!r}: {s['results_shown']} results shown, "
                      f"{s['requests']} requests; largest: {big}.", ""]  # fmt: skip
    lines += [
        "Notes: times are wall-clock on a shared machine (see the load average). \"pipeline\" "
        "is every stage from reading the files to rendering the Markdown pages; the full "
        "build is `mkdocs build` with our hook (strict, as mkdocs.yml says), as `make site` "
        "runs it. "
        "The \"pipeline time\" of the ratio is the hook's build_corpus time in that build "
        "(files read on every core) plus the render stage. Peak memory of the build is the "
        "largest sum of the resident memory of the build's processes (main, reading workers, "
        "Pagefind), sampled every 0.05 s while it ran (shared library pages are counted once "
        "per process, so it errs high); the proportional sizes are read less often, on 1% of "
        "a core, as reading them walks every page table. The local server does not "
        "compress; GitHub Pages would send the gzipped sizes.",
        "",
    ]  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", help="comma-separated sizes (default 100,1000; "
                        "BENCH_FULL=1 adds 5000)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline build")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (build/bench)")
    parser.add_argument(
        "--keep", action="store_true", help="keep the baseline and offline sites too"
    )
    args = parser.parse_args(argv)
    full = os.environ.get("BENCH_FULL") == "1"
    sizes = (
        [int(x) for x in args.sizes.split(",")]
        if args.sizes
        else list(FULL_SIZES if full else SIZES)
    )
    browser = not args.no_browser and CHROMIUM.is_file()
    if not browser and not args.no_browser:
        say("Chromium (/usr/bin/chromium) is missing: no search timings (make system-deps)")
    offline = not args.no_offline
    if offline and not (ROOT / "node_modules" / "iframe-worker").is_dir():
        say("node_modules/iframe-worker is missing: no offline build (make node-deps)")
        offline = False
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seed": args.seed,
        "full": full,
        "machine": {
            "cpu_count": os.cpu_count(),
            "load_average_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
            "platform": platform.platform(),
        },
        "versions": _versions(),
        "sizes": {},
    }
    for n in sizes:
        result = run_size(out, n, args.seed, browser, offline, args.keep)
        report["sizes"][str(n)] = result
        if str(1000) in report["sizes"] and n == 5000:
            small = report["sizes"]["1000"]["measures"]["pipeline_s"]
            result["measures"]["growth"] = result["measures"]["pipeline_s"] / small
        result["targets"] = _targets(n, result["measures"])
        if "online_search" in result:
            report["versions"]["chromium"] = result["online_search"]["chromium"]
        _write(out, report)
    report["machine"]["load_average_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    _write(out, report)
    say(f"report: {out / 'report.md'} and report.json")
    return 0


def _write(out: Path, report: dict[str, Any]) -> None:
    (out / "report.json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    (out / "report.md").write_text(markdown(report), encoding="utf-8")
