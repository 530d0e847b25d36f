"""Validate the bundle for one target, plan its deployment, and record both for the PR comment.

Usage (from the project directory, where databricks.yml is):

    python ci/bundle_plan.py --target staging --out ci-results/plan-staging.json

(--out defaults to ci-results/plan-TARGET.json, the file ci/pr_comment.py reads.)

It runs `databricks bundle validate -t TARGET` and, when that succeeds, `databricks bundle plan
-t TARGET` (which lists what a deploy would create, update or delete, then a line
`Plan: N to add, N to change, N to delete, N unchanged`). Their output is printed as it comes and
recorded in the JSON file, which ci/pr_comment.py reads:

    {"target": "staging", "ok": true,
     "validate": {"command": [...], "exit_code": 0, "output": "..."},
     "plan": {"command": [...], "exit_code": 0, "output": "...",
              "summary": {"add": 1, "change": 0, "delete": 0, "unchanged": 7},
              "actions": ["create jobs.model_training_job", ...]}}

`plan` is null when validation failed (the plan is not attempted); `summary` is null when the
plan printed no `Plan:` line. The CLI authenticates as usual (environment variables, or a
profile); the workspace host comes from the bundle target.

Exit status: 0 when both commands succeeded; 1 when either failed or the CLI could not be
started (the file is written first in every case); 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

PLAN_LINE = re.compile(
    r"^Plan: (?P<add>\d+) to add, (?P<change>\d+) to change, (?P<delete>\d+) to delete, (?P<unchanged>\d+) unchanged",
    re.MULTILINE,
)
# One line per planned action, e.g. `create jobs.model_training_job`.
ACTION_LINE = re.compile(r"^(?:create|update|delete|recreate|update_id|resize)\s+\S+\.\S+$", re.MULTILINE)
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
TARGET = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def run(command: list[str]) -> tuple[int, str]:
    """Run `command`, echo its output (stdout and stderr, interleaved) and return (status, output).

    A command that cannot be started gives status 127 and says why in its output. Interrupted
    (KeyboardInterrupt, or an exception a signal handler raises), it stops the command first.
    Also used by ci/integration_test.py.
    """
    print(f"$ {' '.join(command)}", flush=True)
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
        )
    except OSError as err:
        message = (
            f"cannot run {command[0]!r}: {err.strerror or err}. Install the Databricks CLI "
            "(https://docs.databricks.com/dev-tools/cli/install.html) or pass its path with --databricks."
        )
        print(message, file=sys.stderr, flush=True)
        return 127, message
    lines = []
    assert process.stdout is not None
    try:
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line)
    except BaseException:  # cancelled: stop the command too (the caller may go on to clean up)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        raise
    status = process.wait()
    return status, ANSI_ESCAPE.sub("", "".join(lines))


def plan_summary(output: str) -> dict[str, int] | None:
    """The counts of the last `Plan: ...` line of `output`, or None when there is none."""
    matches = list(PLAN_LINE.finditer(output))
    if not matches:
        return None
    return {key: int(value) for key, value in matches[-1].groupdict().items()}


def plan_actions(output: str) -> list[str]:
    """The planned actions (`create jobs.x`, ...) that `databricks bundle plan` listed."""
    return [match.group(0).strip() for match in ACTION_LINE.finditer(output)]


def plan_target(target: str, databricks: str = "databricks") -> dict:
    """Validate, then (if valid) plan `target`; the record that --out receives."""
    validate_command = [databricks, "bundle", "validate", "-t", target]
    code, output = run(validate_command)
    record: dict = {
        "target": target,
        "ok": False,
        "validate": {"command": validate_command, "exit_code": code, "output": output},
        "plan": None,
    }
    if code != 0:
        return record
    plan_command = [databricks, "bundle", "plan", "-t", target]
    code, output = run(plan_command)
    record["plan"] = {
        "command": plan_command,
        "exit_code": code,
        "output": output,
        "summary": plan_summary(output),
        "actions": plan_actions(output),
    }
    record["ok"] = code == 0
    return record


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bundle_plan.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--target", required=True, help="bundle target to validate and plan (staging, prod, ...)")
    parser.add_argument(
        "--out", type=Path, help="JSON file to write the record to (default: ci-results/plan-TARGET.json)"
    )
    parser.add_argument("--databricks", default="databricks", help="Databricks CLI executable (default: databricks)")
    args = parser.parse_args(argv)
    if not TARGET.match(args.target):
        parser.error(f"--target {args.target!r} is not a bundle target name: use letters, digits, '_', '-' or '.'")
    if args.out is None:
        args.out = Path("ci-results") / f"plan-{args.target}.json"

    record = plan_target(args.target, args.databricks)
    try:
        write_json(args.out, record)
    except OSError as err:
        print(f"error: cannot write {args.out}: {err.strerror or err}", file=sys.stderr)
        return 1
    if record["validate"]["exit_code"] != 0:
        print(f"\nbundle_plan: validation of target {args.target!r} failed "
              f"(exit {record['validate']['exit_code']}); no plan made. Record: {args.out}", file=sys.stderr)
        return 1
    plan = record["plan"]
    if plan["exit_code"] != 0:
        print(f"\nbundle_plan: plan of target {args.target!r} failed (exit {plan['exit_code']}). "
              f"Record: {args.out}", file=sys.stderr)
        return 1
    counts = plan["summary"]
    described = (
        f"{counts['add']} to add, {counts['change']} to change, {counts['delete']} to delete, "
        f"{counts['unchanged']} unchanged" if counts else "no Plan: line found in the output"
    )
    print(f"\nbundle_plan: target {args.target!r} is valid; plan: {described}. Record: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
