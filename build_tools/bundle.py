"""The offline bundle: a built site packed into a zip that is the same bytes every time.

``zip -r`` is not reproducible: it stores each file's modification time, its permissions and the
order the file system lists entries in. Here every entry gets the same time (from
``SOURCE_DATE_EPOCH``, the last commit), the same permissions and compression, and entries are
sorted by path. The zip is written next to its destination and then moved into place, so a failed
run never leaves half a zip where the last good one was.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

# ZIP cannot store times before 1980-01-01.
ZIP_EPOCH = 315_532_800


def source_date_epoch() -> int:
    """``SOURCE_DATE_EPOCH`` (``make`` sets it from the last commit), or now when it is not set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return int(value) if value else int(time.time())


def bundle_name(name: str, epoch: int) -> str:
    """File name of the bundle: ``<name>-offline-<YYYY-MM-DD>.zip`` (UTC date of ``epoch``)."""
    return f"{name}-offline-{time.strftime('%Y-%m-%d', time.gmtime(epoch))}.zip"


def write_zip(site: Path, out: Path, root: str, epoch: int) -> int:
    """Pack every file under ``site`` into ``out``, inside a folder ``root``; returns the count.

    Same files and same ``epoch`` give the same bytes.
    """
    files = sorted(
        (p for p in site.rglob("*") if p.is_file() and not p.is_symlink()),
        key=lambda p: p.relative_to(site).as_posix(),
    )
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{root}/{path.relative_to(site).as_posix()}", stamp)
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(out)
    return len(files)


def write_bundle(site: Path, out_dir: Path, name: str, epoch: int | None = None) -> Path:
    """Write ``out_dir/<name>-offline-<date>.zip`` from ``site``; older bundles of ``name`` in
    ``out_dir`` are removed once the new one is in place."""
    epoch = source_date_epoch() if epoch is None else epoch
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html not found: build the offline site first")
    filename = bundle_name(name, epoch)
    out = out_dir / filename
    write_zip(site, out, filename.removesuffix(".zip"), epoch)
    for old in out_dir.glob(f"{name}-offline-*.zip"):
        if old.name != filename:
            old.unlink()
    return out
