"""Benchmark for `bricksmith check` (issue 3): the figures quoted in closing notes.

1. `bricksmith check` of one generated project from the shell (a fresh process: schemas and
   validators loaded from scratch) — the target is under 5 s on 2 cores.
2. In-process checks with one Checker reused (schemas loaded once), per project.

Projects: every configuration of the repository's template, and the clean fixture of the tests.
Usage: python bench/bench_check.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import checkkit  # noqa: E402
import template_configs  # noqa: E402

import bricksmith  # noqa: E402
from bricksmith.check import Checker  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="shell runs per project (default 3)")
    args = parser.parse_args()
    schema = checkkit.bundle_schema()
    if schema is None:
        raise SystemExit("set DATABRICKS_BUNDLE_SCHEMA to the bundle schema (see docs/check.md)")
    exe = shutil.which("bricksmith", path=str(Path(sys.executable).parent)) or "bricksmith"

    with tempfile.TemporaryDirectory(prefix="bricksmith-bench-check-") as tmp:
        projects = {"clean fixture": checkkit.CLEAN}
        for name, config in template_configs.configurations().items():
            out = Path(tmp) / name
            bricksmith.render(None, config, out, **template_configs.FACTS)
            projects[f"template/{name}"] = out

        print(f"bundle schema: {schema}")
        for label, path in projects.items():
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                proc = subprocess.run(
                    [exe, "check", str(path), "--bundle-schema", schema], capture_output=True, text=True,
                    env={**os.environ},
                )
                times.append(time.perf_counter() - t0)
            summary = proc.stdout.strip().splitlines()[-1] if proc.stdout else proc.stderr.strip()
            print(f"shell  {label:<28} median {statistics.median(times):6.2f} s  ({summary})")

        checker = Checker(bundle_schema=schema)
        t0 = time.perf_counter()
        checker.check(checkkit.CLEAN)
        first = time.perf_counter() - t0
        warm = []
        for path in projects.values():
            t0 = time.perf_counter()
            checker.check(path)
            warm.append(time.perf_counter() - t0)
        print(f"in-process: first check {first:.2f} s (loads schemas), "
              f"then median {statistics.median(warm) * 1000:.1f} ms per project (max {max(warm) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
