"""Benchmark of the generated project's local ML loop (issue 7), printing the figures quoted in
closing notes: for the default project, the wall time of

1. its own test suite (`python -m pytest`), budget 60 s;
2. `python local_run.py` into a fresh work directory (Spark start-up, sample data, MLflow store
   creation, train, validate, deploy, batch inference), budget 90 s;
3. a second `python local_run.py` into the same directory (a new version, validated against the
   champion; predictions appended).

The project's environment is the cached one the tests use (tests/mlenv.py); building it, when it
is not cached yet, is timed separately and not part of the figures. Machine: run it on the target
(2 cores).

Usage: python bench/bench_local_run.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from mlenv import ensure_env, project_env  # noqa: E402  (tests/ on sys.path)
from template_configs import FACTS  # noqa: E402

import bricksmith  # noqa: E402


def timed(args: list, cwd: Path, env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="measurements of each figure (median shown)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "project"
        bricksmith.render(None, {}, out, **FACTS)
        (root,) = out.iterdir()
        started = time.perf_counter()
        python = ensure_env(root)
        print(f"environment          {time.perf_counter() - started:6.1f} s  ({python.parent.parent})")
        env = project_env(root)

        figures: dict[str, list[float]] = {"pytest": [], "local_run (fresh)": [], "local_run (again)": []}
        for n in range(args.repeat):
            figures["pytest"].append(timed([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root, env))
            workdir = Path(tmp) / f"workdir-{n}"
            figures["local_run (fresh)"].append(timed([python, "local_run.py", "--workdir", workdir], root, env))
            figures["local_run (again)"].append(timed([python, "local_run.py", "--workdir", workdir], root, env))

    budgets = {"pytest": 60.0, "local_run (fresh)": 90.0, "local_run (again)": 90.0}
    print(f"cores                {os.cpu_count()}")
    for name, values in figures.items():
        median = statistics.median(values)
        verdict = "ok" if median <= budgets[name] else "OVER BUDGET"
        shown = ", ".join(f"{v:.1f}" for v in values)
        print(f"{name:20} {median:6.1f} s  (budget {budgets[name]:.0f} s, {verdict}; runs: {shown})")


if __name__ == "__main__":
    main()
