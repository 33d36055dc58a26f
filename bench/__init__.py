"""The benchmark of issue "Scale": synthetic archives of 100, 1,000 and 5,000 transcripts.

``generate.py`` writes an archive that looks like ``source_texts/`` (all five seed formats,
excerpts and reposts); ``run.py`` builds it, stage by stage and with MkDocs, measures the site and
its search in Chromium, and writes ``build/bench/report.md`` and ``report.json``.
Run with ``python -m bench`` (``BENCH_FULL=1`` adds the 5,000-transcript archive).
"""
