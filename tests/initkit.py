"""Small helpers for the `bricksmith init` tests: build template roots, run the command, read trees."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import bricksmith
from bricksmith.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "templates"
UUID = "11111111-2222-4333-8444-555555555555"


def make_template(
    root: Path,
    schema: dict | str | None = None,
    files: dict[str, str | bytes] | None = None,
    library: dict[str, str] | None = None,
) -> Path:
    """Write a template root: the schema (a dict or raw JSON text), template/ files and library/."""
    root.mkdir(parents=True, exist_ok=True)
    if schema is not None:
        text = schema if isinstance(schema, str) else json.dumps(schema)
        (root / "databricks_template_schema.json").write_text(text, encoding="utf-8")
    if files is not None:
        (root / "template").mkdir(exist_ok=True)
        for rel, content in files.items():
            target = root / "template" / rel
            if rel.endswith("/"):
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
    if library is not None:
        (root / "library").mkdir(exist_ok=True)
        for rel, content in library.items():
            (root / "library" / rel).write_text(content, encoding="utf-8")
    return root


def prop(type_: str = "string", description: str = "d", **fields) -> dict:
    return {"type": type_, "description": description, **fields}


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def error(self) -> str:
        """The message after `Error: ` (the whole stderr line)."""
        lines = [line for line in self.stderr.splitlines() if line.startswith("Error: ")]
        assert lines, f"no error in stderr: {self.stderr!r}"
        return lines[-1][len("Error: "):]


def init(*args: str, cwd: Path | None = None) -> Run:
    """Run `bricksmith init ARGS` in this process (stdin is not a terminal: no prompts)."""
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["init", *args, "--bundle-uuid", UUID])
    finally:
        os.chdir(old)
    return Run(code, out.getvalue(), err.getvalue())


def init_error(*args: str, cwd: Path | None = None) -> str:
    result = init(*args, cwd=cwd)
    assert result.code == 1, result
    return result.error


def render_error(template: Path, config: dict | None = None, out: Path | None = None, **facts) -> str:
    """The InitError message of a failing `bricksmith.render`."""
    try:
        bricksmith.render(template, config or {}, out or template.parent / "out", bundle_uuid=UUID, **facts)
    except bricksmith.InitError as err:
        return str(err)
    raise AssertionError("render did not fail")


def render(template: Path, config: dict | None = None, out: Path | None = None, **facts) -> list[str]:
    return bricksmith.render(template, config or {}, out or template.parent / "out", bundle_uuid=UUID, **facts)


def read_tree(root: Path) -> dict[str, str]:
    """Every file under root (relative slash path -> text) and every directory (path + '/' -> '')."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        for d in dirnames:
            result[(f"{rel_dir}/{d}" if rel_dir != "." else d) + "/"] = ""
        for f in filenames:
            rel = f"{rel_dir}/{f}" if rel_dir != "." else f
            result[rel] = (Path(dirpath) / f).read_text(encoding="utf-8", errors="surrogateescape")
    return result


def run_subprocess(*args: str, cwd: Path | None = None, env: dict | None = None, input: str = "") -> subprocess.CompletedProcess:
    """Run `python -m bricksmith ARGS` as a separate process (for exit codes and streams)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bricksmith", *args],
        cwd=cwd, env=full_env, input=input, capture_output=True, text=True,
    )
