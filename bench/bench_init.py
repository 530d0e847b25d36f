"""Benchmarks for `bricksmith init` (issue 2), printing the figures quoted in closing notes.

1. Rendering a whole project over many configurations: in-process `bricksmith.render` (parses
   each template text once per process, as tools and tests use it) against Go's text/template
   run as one process per project (the reference renderer in tests/goref), measured in the same
   run on the same machine.  Reports medians per project and their ratio, for this repository's
   template and for a larger synthetic template of typical constructs (defines, if/else, range,
   printf, a library), so the figure does not hinge on the template's current size.
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


SYNTHETIC_SCHEMA = {
    "properties": {
        "project_name": {"type": "string", "default": "proj", "description": "Project name", "order": 1},
        "root_dir": {"type": "string", "default": "{{.project_name}}", "description": "Root", "order": 2},
        "cloud": {"type": "string", "default": "azure", "enum": ["azure", "aws", "gcp"], "description": "Cloud", "order": 3},
        "include_feature_store": {"type": "string", "default": "yes", "enum": ["yes", "no"], "description": "FS", "order": 4},
        "max_workers": {"type": "integer", "default": 4, "description": "Workers", "order": 5},
    }
}
SYNTHETIC_LIBRARY = """{{define "node_type"}}{{if eq .cloud "azure"}}Standard_D4ds_v5{{else if eq .cloud "aws"}}i3.xlarge{{else}}n2-highmem-4{{end}}{{end}}
{{define "job_header"}}# Generated for {{.project_name}} ({{.cloud}}); do not edit by hand.{{end}}
"""
SYNTHETIC_FILE = """{{template "job_header" .}}
resources:
  jobs:
{{- range $i, $stage := (list_stages)}}
    {{$.project_name}}_{{$stage}}_job_NUM:
      name: {{printf "%s-%s-%d" $.project_name $stage $i}}
      job_clusters:
        - job_cluster_key: main
          new_cluster:
            node_type_id: {{template "node_type" $}}
            num_workers: {{$.max_workers}}
      tasks:
        - task_key: {{$stage}}
          notebook_task:
            notebook_path: ../src/{{$stage}}.py
            base_parameters:
              env: ${bundle.target}
              {{- if eq $.include_feature_store "yes"}}
              feature_table: {{$.project_name}}.features.{{$stage}}
              {{- end}}
{{- end}}
"""


def synthetic_template(root: Path, files: int) -> Path:
    """A template with `files` job files of typical constructs (defines, if/else, range, printf)."""
    (root / "library").mkdir(parents=True)
    (root / "databricks_template_schema.json").write_text(json.dumps(SYNTHETIC_SCHEMA))
    (root / "library" / "common.tmpl").write_text(SYNTHETIC_LIBRARY)
    resources = root / "template" / "{{.root_dir}}" / "resources"
    resources.mkdir(parents=True)
    body = SYNTHETIC_FILE.replace("(list_stages)", '(map (pair "a" "ingest") (pair "b" "train") (pair "c" "deploy"))')
    for n in range(files):
        (resources / f"job_{n:02d}.yml.tmpl").write_text(body.replace("NUM", str(n)))
    return root


def synthetic_configurations(n: int) -> list[dict]:
    clouds, fs = ["azure", "aws", "gcp"], ["yes", "no"]
    return [
        {"project_name": f"proj_{i}", "cloud": clouds[i % 3], "include_feature_store": fs[i % 2], "max_workers": 2 + i % 5}
        for i in range(n)
    ]


def time_python(configs: list[dict], work: Path, template=None) -> list[float]:
    times = []
    bricksmith.render(template, configs[0], work / "warm", **FACTS)  # first call parses: not counted
    for i, config in enumerate(configs):
        out = work / f"py{i}"
        t0 = time.perf_counter()
        bricksmith.render(template, config, out, **FACTS)
        times.append(time.perf_counter() - t0)
    return times


def time_go(configs: list[dict], work: Path, template=ROOT) -> list[float]:
    binary = goref_driver.build()
    times = []
    for i, config in enumerate(configs):
        cfg = work / f"go{i}.json"
        cfg.write_text(json.dumps(config))
        request = json.dumps(
            {
                "template_root": str(template),
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
    parser.add_argument("--synthetic-files", type=int, default=40, help="job files in the synthetic template (default 40)")
    args = parser.parse_args()

    # Both renderers write into the same directory; a RAM-backed one (when there is one) keeps
    # the virtual disk's latency spikes out of a comparison of the two renderers.
    scratch = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="bricksmith-bench-", dir=scratch) as tmp:
        work = Path(tmp)
        print(f"scratch directory: {tmp}")
        synthetic = synthetic_template(work / "synthetic", args.synthetic_files)
        runs = [
            ("this repository's template", None, ROOT, configurations(args.configs)),
            (f"synthetic template ({args.synthetic_files} job files)", synthetic, synthetic,
             synthetic_configurations(args.configs)),
        ]
        for label, template, root, configs in runs:
            sub = work / f"run-{len(label)}"
            sub.mkdir()
            py = time_python(configs, sub, template)
            go = time_go(configs, sub, root)
            files = len(bricksmith.render(template, configs[0], sub / "count", **FACTS))
            py_med, go_med = statistics.median(py), statistics.median(go)
            print(f"project: {label}, {files} files, {len(configs)} configurations")
            print(f"  bricksmith.render in-process   median {ms(py_med)} per project  (min {ms(min(py))}, max {ms(max(py))})")
            print(f"  Go text/template, process/proj median {ms(go_med)} per project  (min {ms(min(go))}, max {ms(max(go))})")
            print(f"  ratio python/go                {py_med / go_med:.2f}  ({'faster' if py_med <= go_med else 'SLOWER'} than Go)")
        cold = time_cold_init(args.cold_runs, work)
    print(f"cold `bricksmith init` (default project): median {ms(statistics.median(cold))}  "
          f"(min {ms(min(cold))}, {len(cold)} runs; target < 300 ms)")


if __name__ == "__main__":
    main()
