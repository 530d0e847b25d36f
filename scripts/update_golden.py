#!/usr/bin/env python3
"""Regenerates the golden output trees of the example configurations (tests/golden/<name>/).

Each tree is exactly what `bricksmith init --config-file tests/example-project-configs/<name>.json`
writes, with fixed workspace facts, so that a template change shows up as a reviewable diff of the
generated projects (the Databricks CLI's acceptance tests keep their outputs the same way).
tests/test_example_configs.py fails while a tree is out of date.

Usage: python scripts/update_golden.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import bricksmith  # noqa: E402
from template_configs import FACTS  # noqa: E402

EXAMPLES = ROOT / "tests" / "example-project-configs"
GOLDEN = ROOT / "tests" / "golden"


def render(config_file: Path, out: Path) -> list[str]:
    return bricksmith.render(None, str(config_file), out, **FACTS)


def main() -> None:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for config_file in sorted(EXAMPLES.glob("*.json")):
        with tempfile.TemporaryDirectory() as tmp:
            render(config_file, Path(tmp))
            shutil.copytree(tmp, GOLDEN / config_file.stem)
        print(f"wrote tests/golden/{config_file.stem}/")


if __name__ == "__main__":
    main()
