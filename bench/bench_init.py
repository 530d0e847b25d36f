"""Benchmarks for `bricksmith init` (issue 2), printing the figures quoted in closing notes.

1. Rendering a whole project over many configurations: in-process `bricksmith.render` (parses
   each template text once per process, as tools and tests use it) against Go's text/template
   run as one process per project (the reference renderer in tests/goref), measured in the same
   run on the same machine.  Reports medians per project and their ratio.
2. Cold `bricksmith init` of the default project from the shell: a fresh interpreter each time.

Usage: python bench/bench_init.py [--configs N] [--cold-runs N]
"""

from __future__ import annotations

import argparse
import json
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

import goref_driver  # noqa: E402  (tests/ on sys.path)
import template_configs  # noqa: E402
from template_configs import FACTS  # noqa: E402

import bricksmith  # noqa: E402

def configurations(n: int) -> list[dict]:
    """n valid configurations of the repository's template, from its example configs outward."""
    examples = list(template_configs.configurations().values())
    out = []
    for i in range(n):
        config = dict(examples[i % len(examples)])
        config["project_name"] = f"{config.get('project_name', 'project')}_{i}"
        config.setdefault("root_dir", config["project_name"])
        config["root_dir"] = f"{config['root_dir']}_{i}"
        out.append(config)
    return out


def time_python(configs: list[dict], work: Path) -> list[float]:
    times = []
    bricksmith.render(None, configs[0], work / "warm", **FACTS)  # first call parses: not counted
    for i, config in enumerate(configs):
        out = work / f"py{i}"
        t0 = time.perf_counter()
        bricksmith.render(None, config, out, **FACTS)
        times.append(time.perf_counter() - t0)
    return times


def time_go(configs: list[dict], work: Path) -> list[float]:
    binary = goref_driver.build()
    times = []
    for i, config in enumerate(configs):
        cfg = work / f"go{i}.json"
        cfg.write_text(json.dumps(config))
        request = json.dumps(
            {
                "template_root": str(ROOT),
                "output_dir": str(work / f"go{i}"),
                "config_file": str(cfg),
                "libraries": [],
                "facts": goref_driver.encode_facts(FACTS),
            }
        )
        t0 = time.perf_counter()
        proc = subprocess.run([str(binary), "init"], input=request, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        result = json.loads(proc.stdout)
        if "error" in result:
            raise SystemExit(f"goref failed on config {i}: {result['error']}")
    return times


def time_cold_init(runs: int, work: Path) -> list[float]:
    exe = shutil.which("bricksmith", path=str(Path(sys.executable).parent)) or "bricksmith"
    times = []
    for i in range(runs):
        out = work / f"cold{i}"
        t0 = time.perf_counter()
        proc = subprocess.run(
            [exe, "init", "--output-dir", str(out), "--bundle-uuid", FACTS["bundle_uuid"]],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"bricksmith init failed: {proc.stderr}")
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", type=int, default=60, help="configurations to render (default 60)")
    parser.add_argument("--cold-runs", type=int, default=15, help="cold `bricksmith init` runs (default 15)")
    args = parser.parse_args()

    configs = configurations(args.configs)
    with tempfile.TemporaryDirectory(prefix="bricksmith-bench-") as tmp:
        work = Path(tmp)
        py = time_python(configs, work)
        go = time_go(configs, work)
        cold = time_cold_init(args.cold_runs, work)

    files = len(bricksmith.render(None, configs[0], Path(tempfile.mkdtemp()) / "count", **FACTS))
    py_med, go_med = statistics.median(py), statistics.median(go)
    print(f"project: this repository's template, {files} files, {len(configs)} configurations")
    print(f"bricksmith.render in-process   median {ms(py_med)} per project  (min {ms(min(py))}, max {ms(max(py))})")
    print(f"Go text/template, process/proj median {ms(go_med)} per project  (min {ms(min(go))}, max {ms(max(go))})")
    print(f"ratio python/go                {py_med / go_med:.2f}  ({'faster' if py_med <= go_med else 'SLOWER'} than Go)")
    print(f"cold `bricksmith init`         median {ms(statistics.median(cold))}  (min {ms(min(cold))}, {len(cold)} runs; target < 300 ms)")


if __name__ == "__main__":
    main()
