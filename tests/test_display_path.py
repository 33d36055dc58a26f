"""``pipeline.display_path`` names a file relative to the working directory when it is inside it,
as ``Path.relative_to`` on the resolved folder does."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import pipeline


def _by_pathlib(path: Path) -> str:
    try:
        return (path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def test_display_path_agrees_with_pathlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "work" / "source_texts" / "sub").mkdir(parents=True)
    (tmp_path / "workshop").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "work" / "source_texts")
    (tmp_path / "work" / "source_texts" / "a.txt").write_text("x")
    (tmp_path / "work" / "source_texts" / "link.txt").symlink_to(tmp_path / "workshop")
    paths = [
        "source_texts/a.txt", "./source_texts/a.txt", "source_texts/sub/../a.txt",
        "source_texts/sub/b.txt", "a.txt", "../workshop/c.txt", "../work/d.txt",
        str(tmp_path / "work" / "source_texts" / "a.txt"), str(tmp_path / "linked" / "a.txt"),
        "../linked/a.txt", "source_texts/link.txt", "/e.txt",
    ]  # fmt: skip
    for cwd in [tmp_path / "work", tmp_path / "linked", Path("/")]:
        monkeypatch.chdir(cwd)
        pipeline._RESOLVED.clear()
        for name in paths:
            assert pipeline.display_path(Path(name)) == _by_pathlib(Path(name)), (cwd, name)
