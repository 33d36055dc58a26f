"""Rules kept as data: YAML tables next to this file, loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent

# libyaml's loader when PyYAML was built with it: the same safe constructors, a tenth of the time
# (the topic and people tables were 0.1 s of every rebuild).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_rules(name: str) -> Any:
    """Parse ``rules/<name>.yaml`` (safe loader: the tables are data, never code)."""
    with (RULES_DIR / f"{name}.yaml").open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_LOADER)  # noqa: S506 (a safe loader)
