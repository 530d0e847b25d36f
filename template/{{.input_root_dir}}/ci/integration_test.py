"""Integration test: deploy the `test` target, run its jobs, record the candidate model, clean up.

Usage (from the project directory, with requirements-dev.txt installed):

    python ci/integration_test.py --target test --metrics-out ci-results/candidate.json

(--target defaults to test and --metrics-out to ci-results/candidate.json, the file
ci/pr_comment.py reads.)

Steps, each a Databricks CLI command:

1. `databricks bundle validate -t test -o json`: the resolved bundle (names of the model, the
   tables and the serving endpoint as the target sets them). The `test` target's presets prefix
   the schema and the model (test_<schema>.test_<model>); references the output leaves as they
   are (`${resources.schemas.project_schema.name}`) are resolved in that same output, as
   ci/model_metrics.py does;
2. `databricks bundle deploy -t test`;
3. `databricks bundle run -t test write_features_job` when the bundle has that job, then
   `databricks bundle run -t test model_training_job` (train, validate, deploy);
4. the latest version of the model and its validation results, written to --metrics-out (the
   same record as ci/model_metrics.py writes, plus `integration_test`: the steps and how they
   went);
5. always, whatever failed before (also when the job is cancelled, as far as the CI gives it
   time): delete the tables the jobs write (the inference table and its monitor's
   `<table>_profile_metrics` and `<table>_drift_metrics`, and the feature table when there is
   one: `databricks tables delete`), delete the serving endpoint when the bundle has a
   `serving_endpoint` variable (`databricks serving-endpoints delete`), then
   `databricks bundle destroy -t test --auto-approve`. Objects that do not exist are fine.
   Only tables in the project's own catalog and schema (the model's: the jobs write their
   tables there) are deleted.

It deletes what it deployed, so it refuses any target but `test` unless --allow-target is given.
Run one at a time per project: two runs share the test target's names.

Exit status: 0 when every step, the model lookup and the cleanup succeeded; 1 when any of them
failed (after cleaning up; the summary says which); 2 for bad arguments or a refused target.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import re
import signal
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

FEATURE_JOB = "write_features_job"
TRAINING_JOB = "model_training_job"
MONITOR_TABLE_SUFFIXES = ("_profile_metrics", "_drift_metrics")
# What the CLI says about a table or endpoint that is not there.
ABSENT = re.compile(r"does not exist|not found|NOT_FOUND|RESOURCE_DOES_NOT_EXIST", re.IGNORECASE)
SAFE_TARGET = "test"
DEFAULT_METRICS_OUT = Path("ci-results") / "candidate.json"


@functools.cache
def load_sibling(name: str):
    """The script ci/<name>.py, next to this file, as a module (ci/ is not a package)."""
    path = Path(__file__).resolve().with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"ci_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def load_model_metrics():
    return load_sibling("model_metrics")


@dataclass
class Step:
    """One command of the test or of its cleanup, and how it went."""

    name: str
    ok: bool
    exit_code: int | None = None
    note: str = ""


class Interrupted(Exception):
    """The CI cancelled the job (SIGTERM)."""


def _on_sigterm(signum, _frame):
    raise Interrupted(f"received signal {signum}")


def run(command: list[str]) -> tuple[int, str]:
    """Run `command`, echo its output and return (status, output); 127 when it cannot start.
    ci/bundle_plan.py's: a cancelled run stops the command, then goes on to the cleanup."""
    return load_sibling("bundle_plan").run(command)


# --- what the test target deploys and the jobs write ---------------------------------------------


def job_keys(bundle: dict) -> set[str]:
    return set(((bundle.get("resources") or {}).get("jobs") or {}).keys())


def _job_parameter(bundle: dict, job: str, name: str, mm) -> str | None:
    """The default of job parameter `name` of `job`, its references resolved (None if it cannot be)."""
    spec = ((bundle.get("resources") or {}).get("jobs") or {}).get(job) or {}
    for parameter in spec.get("parameters") or []:
        if isinstance(parameter, dict) and parameter.get("name") == name:
            return mm.resolve(bundle, parameter.get("default"))
    return None


def _task_argument(bundle: dict, job: str, flag: str, mm) -> str | None:
    """The value after `flag` in the wheel-task parameters of `job`, its references resolved."""
    spec = ((bundle.get("resources") or {}).get("jobs") or {}).get(job) or {}
    for task in spec.get("tasks") or []:
        parameters = ((task or {}).get("python_wheel_task") or {}).get("parameters") or []
        for index, value in enumerate(parameters[:-1]):
            if value == flag:
                return mm.resolve(bundle, parameters[index + 1])
    return None


def _in_schema(name: str | None, project_schema: str) -> str | None:
    """A table name as a full name: a bare table name is taken to be in the project's schema."""
    if not name:
        return None
    return name if "." in name else f"{project_schema}.{name}"


def tables_to_delete(bundle: dict, project_schema: str, mm) -> tuple[list[str], list[str]]:
    """(tables to delete, notes about tables left alone) for the resolved bundle.

    project_schema is `catalog.schema` of the model (as the target names it: in the `test` target
    the schema and the model carry the test_ prefix): the jobs write their tables there, and only
    tables there are deleted. Table names come from the jobs' parameters with their references
    (`${resources.schemas.project_schema.name}`) resolved in the bundle; a bare table name from a
    variable is taken to be in project_schema.
    """
    notes: list[str] = []
    candidates: list[str] = []
    inference = _job_parameter(bundle, "batch_inference_job", "inference_table", mm)
    if inference is None:
        inference = _in_schema(mm.variable(bundle, "inference_table"), project_schema)
    if inference:
        candidates.append(inference)
        table = inference.rsplit(".", 1)[-1]
        candidates.extend(f"{project_schema}.{table}{suffix}" for suffix in MONITOR_TABLE_SUFFIXES)
    feature = _task_argument(bundle, FEATURE_JOB, "--feature-table", mm)
    if feature is None and FEATURE_JOB in job_keys(bundle):
        feature = _in_schema(mm.variable(bundle, "feature_table"), project_schema)
    if feature:
        candidates.append(feature)
    tables = []
    for table in candidates:
        if table.rsplit(".", 1)[0] != project_schema:
            notes.append(f"left {table} alone: it is outside the project's schema {project_schema}")
        elif table not in tables:
            tables.append(table)
    return tables, notes


# --- the test ------------------------------------------------------------------------------------


class IntegrationTest:
    def __init__(self, target: str, databricks: str, registry_uri: str | None, metrics_out: Path):
        self.target = target
        self.databricks = databricks
        self.registry_uri = registry_uri
        self.metrics_out = metrics_out
        self.steps: list[Step] = []
        self.cleanup: list[Step] = []
        self.notes: list[str] = []
        self.record: dict = {"target": target, "model": None, "alias": None, "version": None}

    def command(self, *args: str) -> list[str]:
        return [self.databricks, *args]

    def step(self, name: str, command: list[str]) -> bool:
        code, _ = run(command)
        self.steps.append(Step(name, code == 0, code))
        return code == 0

    def clean(self, name: str, command: list[str], absent_ok: bool) -> None:
        code, output = run(command)
        if code == 0:
            self.cleanup.append(Step(name, True, code, "done"))
        elif absent_ok and code != 127 and ABSENT.search(output):
            self.cleanup.append(Step(name, True, code, "not there"))
        else:
            self.cleanup.append(Step(name, False, code, "failed"))

    def write_record(self) -> None:
        self.record["target"] = self.target
        self.record["integration_test"] = {
            "ok": self.ok,
            "steps": [asdict(step) for step in self.steps],
            "cleanup": [asdict(step) for step in self.cleanup],
            "notes": self.notes,
        }
        try:
            self.metrics_out.parent.mkdir(parents=True, exist_ok=True)
            self.metrics_out.write_text(json.dumps(self.record, indent=2) + "\n", encoding="utf-8")
        except OSError as err:
            self.notes.append(f"cannot write {self.metrics_out}: {err.strerror or err}")
            print(f"error: cannot write {self.metrics_out}: {err.strerror or err}", file=sys.stderr)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps + self.cleanup)

    def run(self) -> int:
        mm = load_model_metrics()
        try:
            bundle = mm.resolved_bundle(self.target, self.databricks)
            model = mm.model_full_name(bundle)
        except mm.ScriptError as err:
            self.steps.append(Step("read the bundle", False, None, str(err)))
            print(f"error: {err}", file=sys.stderr)
            self.write_record()
            self.summary()
            return 1
        self.steps.append(Step("read the bundle", True, 0))
        if (self.registry_uri or mm.DEFAULT_REGISTRY).startswith("databricks"):
            mm.use_bundle_host(bundle)
        self.record["model"] = model
        jobs = job_keys(bundle)
        runs = [key for key in (FEATURE_JOB, TRAINING_JOB) if key in jobs]
        project_schema = model.rsplit(".", 1)[0]
        tables, table_notes = tables_to_delete(bundle, project_schema, mm)
        self.notes.extend(table_notes)
        endpoint = mm.variable(bundle, "serving_endpoint")

        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            try:
                if TRAINING_JOB not in jobs:
                    self.steps.append(Step(f"find {TRAINING_JOB}", False, None, "the bundle has no such job"))
                elif self.step("deploy", self.command("bundle", "deploy", "-t", self.target)):
                    for key in runs:
                        if not self.step(f"run {key}", self.command("bundle", "run", "-t", self.target, key)):
                            break
                    self.read_candidate(mm, model)
            except (Interrupted, KeyboardInterrupt) as err:
                self.steps.append(Step("interrupted", False, None, str(err) or "interrupted"))
            finally:
                # Nothing may stop the cleanup: the CI's cancel signals wait until it is done.
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
                try:
                    self.clean_up(tables, endpoint)
                finally:
                    signal.signal(signal.SIGINT, interrupt)
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.write_record()
        self.summary()
        return 0 if self.ok else 1

    def read_candidate(self, mm, model: str) -> None:
        """The latest version of the model: what this run trained (the test target starts empty)."""
        try:
            self.record.update(mm.describe(model, None, self.registry_uri))
            self.steps.append(Step("read the candidate model", True))
        except Exception as err:  # the registry: authentication, permissions, network
            message = f"reading the model registry failed: {type(err).__name__}: {err}"
            self.record["error"] = message
            self.steps.append(Step("read the candidate model", False, None, message))
        self.write_record()  # now, in case the cleanup is cut short

    def clean_up(self, tables: list[str], endpoint: str | None) -> None:
        print("\ncleaning up", flush=True)
        for table in tables:
            self.clean(f"delete table {table}", self.command("tables", "delete", table), absent_ok=True)
        if endpoint:
            self.clean(
                f"delete serving endpoint {endpoint}",
                self.command("serving-endpoints", "delete", endpoint),
                absent_ok=True,
            )
        self.clean(
            f"bundle destroy -t {self.target}",
            self.command("bundle", "destroy", "-t", self.target, "--auto-approve"),
            absent_ok=False,
        )

    def summary(self) -> None:
        def line(step: Step) -> str:
            state = "ok" if step.ok else "FAILED"
            if step.note:
                state += f" ({step.note})"
            elif not step.ok and step.exit_code is not None:
                state += f" (exit {step.exit_code})"
            return f"  {step.name:<58} {state}"

        print(f"\nintegration test of target {self.target!r}:")
        for step in self.steps:
            print(line(step))
        if self.record.get("version"):
            status = self.record.get("status") or "not recorded"
            print(f"  candidate: {self.record['model']} version {self.record['version']}, validation {status}")
        elif self.record.get("note"):
            print(f"  candidate: none ({self.record['note']})")
        if self.cleanup:
            print("cleanup:")
            for step in self.cleanup:
                print(line(step))
        for note in self.notes:
            print(f"note: {note}")
        print("result: " + ("passed" if self.ok else "FAILED"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="integration_test.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--target", default=SAFE_TARGET, help="bundle target to test (default: test)")
    parser.add_argument(
        "--metrics-out", type=Path, default=DEFAULT_METRICS_OUT,
        help=f"JSON file for the candidate model's record (default: {DEFAULT_METRICS_OUT.as_posix()})",
    )
    parser.add_argument("--databricks", default="databricks", help="Databricks CLI executable (default: databricks)")
    parser.add_argument("--registry-uri", help="MLflow model registry (default: databricks-uc)")
    parser.add_argument(
        "--allow-target", action="store_true",
        help="test a target other than `test` (it is destroyed afterwards: never staging or prod)",
    )
    args = parser.parse_args(argv)
    if args.target != SAFE_TARGET and not args.allow_target:
        parser.error(
            f"--target {args.target!r}: the integration test destroys the target it deploys, so it runs on "
            f"{SAFE_TARGET!r} only. Pass --allow-target to test another throwaway target."
        )
    return IntegrationTest(args.target, args.databricks, args.registry_uri, args.metrics_out).run()


if __name__ == "__main__":
    sys.exit(main())
