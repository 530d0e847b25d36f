"""Python: every .py compiles, ruff's pyflakes rules are clean, notebook sources keep their header.

pyflakes findings that fail at run time (undefined names, broken format strings, ...) are
errors; the style ones (unused imports and variables, f-strings without placeholders, star
imports, redefinitions) are warnings.  Names the Databricks runtime defines are known where it
defines them: in notebooks (`spark`, `dbutils`, `display`, ...) and in Lakeflow pipeline source
files, the files a pipeline's `libraries` reach (`spark`, `dbutils`).

Notebook detection follows the Databricks CLI (libs/notebook/detect.go): a `.py`, `.r`, `.scala`
or `.sql` file is a notebook only when its first line is exactly the language's
`Databricks notebook source` header; otherwise it is uploaded and run as a plain file, and its
`# COMMAND ----------` cells and `# MAGIC` lines are dead comments.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path, PurePosixPath

from ..problem import ERROR, WARNING, Problem, Rule
from .. import pipeline_sources

FAMILY = "python"

RULES = (
    Rule(
        "python-syntax", FAMILY,
        "Every `.py` file compiles with the Python running `bricksmith check`, and every Jupyter "
        "notebook (`.ipynb`) is valid notebook JSON whose code cells parse (ruff's reading, IPython "
        "magics allowed; the problem names the cell).",
        "src/train.py:14: python-syntax: '(' was never closed",
        "Fix the Python at that line. The check compiles with the interpreter it runs on, so "
        "run it on the Python of your Databricks runtime: another version may accept or reject "
        "different syntax.",
        mirrors="Python's compile()",
    ),
    Rule(
        "pyflakes", FAMILY,
        "ruff's pyflakes rules (`F`) report nothing. Errors: what fails at run time (undefined "
        "names, `%`/`.format` strings that do not match their arguments, `assert` on a tuple, "
        "`is` with a literal, repeated dict keys). Warnings: style (unused imports and "
        "variables, f-strings without placeholders, star imports, redefinitions). `# noqa` "
        "comments are respected, the project's own ruff configuration is not read, and the "
        "globals the Databricks runtime defines are known names where it defines them: in "
        "notebook sources (`spark`, `dbutils`, `display`, ...) and in Lakeflow pipeline source "
        "files reached through a pipeline's `libraries` (`spark`, `dbutils`). Jupyter notebooks "
        "are checked too; in a notebook that `%run`s another, an undefined name is a warning.",
        "src/train.py:7: pyflakes: F821 Undefined name `trian_model`",
        "Define the name or correct its spelling. When a name really comes from outside "
        "(a `%run` notebook, say), add `# noqa: F821` to that line.",
        mirrors="ruff (pyflakes rules F)",
    ),
    Rule(
        "notebook-header", FAMILY,
        "A source file with Databricks notebook cells (`# COMMAND ----------` separators or "
        "`# MAGIC` lines) starts with the exact header line `# Databricks notebook source` "
        "(`-- ` for SQL, `// ` for Scala); without it Databricks imports the file as a plain "
        "file, not as a notebook.",
        "src/train.py:1: notebook-header: has notebook cells (`# COMMAND ----------` at line 5) "
        "but does not start with `# Databricks notebook source`",
        "Make `# Databricks notebook source` the very first line, with nothing before it (no "
        "blank line, license comment or byte-order mark) and no trailing spaces.",
        mirrors="libs/notebook/detect.go",
    ),
)

# The comment prefix of each notebook language, by extension (as the Databricks CLI has them).
_COMMENT = {".py": "#", ".r": "#", ".scala": "//", ".sql": "--"}
_HEADER = " Databricks notebook source"

# Names Databricks defines in every Python notebook: using them there is not an undefined name.
# (The Databricks extension for VS Code declares the same set for notebooks.)
NOTEBOOK_GLOBALS = frozenset(
    {"spark", "sc", "sqlContext", "sql", "table", "udf", "dbutils", "display", "displayHTML",
     "getArgument"}
)
# `%run ./other` in a notebook defines whatever that notebook defines: an undefined name there
# is a warning, not an error.
_RUN_MAGIC = re.compile(r"^(?:# MAGIC )?%run\b", re.MULTILINE)
# Names a Lakeflow pipeline defines for its Python source files.
PIPELINE_GLOBALS = frozenset({"spark", "dbutils"})
# pyflakes codes that are style or likely mistakes, not failures: warnings.
WARNING_CODES = frozenset({"F401", "F402", "F403", "F405", "F541", "F811", "F841", "F842"})
_UNDEFINED = re.compile(r"Undefined name `([^`]+)`")


def check(project, ctx):
    python_files = [f for f in project.files if f.endswith(".py")]
    notebooks = [f for f in project.files if f.endswith(".ipynb")]
    problems = []
    for rel in python_files:
        problems.extend(_syntax(project, rel))
    problems.extend(_pyflakes(project, ctx, python_files, notebooks))
    for rel in project.files:
        if PurePosixPath(rel).suffix.lower() in _COMMENT:
            problems.extend(_notebook_header(project, rel))
    return problems


# --- python-syntax ----------------------------------------------------------------------------


def _syntax(project, rel: str):
    source = project.path(rel).read_bytes()  # bytes, so a PEP 263 coding line is honoured
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings (invalid escapes) are not errors
            compile(source, rel, "exec", dont_inherit=True)
    except SyntaxError as err:
        yield Problem(rel, err.lineno or 1, "python-syntax", err.msg)
    except ValueError as err:  # e.g. "source code string cannot contain null bytes"
        yield Problem(rel, 1, "python-syntax", str(err))


# --- pyflakes ---------------------------------------------------------------------------------


def find_ruff() -> str | None:
    """ruff next to the running interpreter (a venv's bin/), else the ruff package's, else PATH."""
    exe = "ruff.exe" if os.name == "nt" else "ruff"
    beside = Path(sys.executable).parent / exe
    if beside.is_file():
        return str(beside)
    try:
        from ruff.__main__ import find_ruff_bin

        return find_ruff_bin()  # the ruff wheel knows where it put its binary
    except (ImportError, FileNotFoundError):
        pass
    return shutil.which("ruff")


def _pyflakes(project, ctx, python_files: list[str], notebooks: list[str]):
    """ruff's F rules over the `.py` files and the Jupyter notebooks (which ruff reads itself:
    its syntax errors there are python-syntax problems, named by cell)."""
    if not python_files and not notebooks:
        return []
    ruff = find_ruff()
    if ruff is None:
        ctx.skip("pyflakes", "ruff not found next to the Python interpreter or on PATH "
                             "(it is a dependency of bricksmith: pip install ruff)")
        return []
    # One run for the whole project; --isolated so a fork's own ruff config cannot hide F rules.
    cmd = [ruff, "check", "--select", "F", "--output-format", "json", "--no-cache", "--isolated",
           "--", *python_files, *notebooks]
    try:
        run = subprocess.run(cmd, cwd=project.root, capture_output=True, text=True, timeout=120,
                             check=False)
        diagnostics = json.loads(run.stdout) if run.returncode in (0, 1) else None
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError) as err:
        ctx.skip("pyflakes", f"ruff failed: {err}")
        return []
    if diagnostics is None:
        reason = (run.stderr.strip().splitlines() or [f"exit status {run.returncode}"])[-1]
        ctx.skip("pyflakes", f"ruff failed: {reason}")
        return []
    source_notebooks = [rel for rel in python_files if _first_line(project, rel) == "#" + _HEADER]
    known = {rel: NOTEBOOK_GLOBALS for rel in [*source_notebooks, *notebooks]}
    for rel in pipeline_sources.python_sources(project):
        known[rel] = known.get(rel, frozenset()) | PIPELINE_GLOBALS
    runs_others = {rel for rel in [*source_notebooks, *notebooks] if _RUN_MAGIC.search(_cells_text(project, rel))}
    problems = []
    broken_cells = set()
    for d in diagnostics:
        code = d.get("code") or ""
        rel = Path(os.path.relpath(d["filename"], project.root)).as_posix()
        row, cell = d["location"]["row"], d.get("cell")
        where = f"cell {cell}, line {row}: " if cell else ""
        if rel.endswith(".ipynb") and not code.startswith("F"):
            if (rel, cell) not in broken_cells:  # one syntax error per cell, as compile() gives
                broken_cells.add((rel, cell))
                problems.append(Problem(rel, 0, "python-syntax", where + d["message"]))
            continue
        if not code.startswith("F"):  # .py syntax errors are compile()'s to report
            continue
        undefined = _UNDEFINED.fullmatch(d["message"])
        if undefined and undefined.group(1) in known.get(rel, ()):
            continue
        message = f"{code} {where}{d['message']}"
        severity = WARNING if code in WARNING_CODES else ERROR
        if undefined and rel in runs_others:
            severity, message = WARNING, message + " (unless a notebook it `%run`s defines it)"
        line = 0 if rel.endswith(".ipynb") else row
        problems.append(Problem(rel, line, "pyflakes", message, severity))
    return problems


def _cells_text(project, rel: str) -> str:
    """A notebook's code as text: a source notebook's own text, a Jupyter notebook's cells."""
    text = project.text(rel)
    if not rel.endswith(".ipynb"):
        return text
    try:
        cells = json.loads(text).get("cells", [])
        return "\n".join("".join(c.get("source", "")) if isinstance(c.get("source"), list)
                         else str(c.get("source", "")) for c in cells if isinstance(c, dict))
    except (ValueError, AttributeError):
        return ""


# --- notebook-header --------------------------------------------------------------------------


def _first_line(project, rel: str) -> str:
    text = project.text(rel)
    line = text.split("\n", 1)[0]
    return line.removesuffix("\r")  # the CLI reads lines as Go's bufio does


def _notebook_header(project, rel: str):
    prefix = _COMMENT[PurePosixPath(rel).suffix.lower()]
    header = prefix + _HEADER
    text = project.text(rel)
    if "\x00" in text[:8192]:
        return
    cell = _first_cell_marker(text, prefix)
    if cell is None or _first_line(project, rel) == header:
        return
    lineno, marker = cell
    first = _first_line(project, rel)
    why = f"does not start with `{header}`"
    if first.lstrip("\ufeff").rstrip() == header:
        why = f"its first line is `{header}` with a byte-order mark or trailing spaces"
    else:
        for n, line in enumerate(text.splitlines()[1:], start=2):
            if line.strip() == header:
                why = f"`{header}` is at line {n}, not line 1"
                break
    yield Problem(rel, 1, "notebook-header",
                  f"has notebook cells (`{marker}` at line {lineno}) but {why}")


def _first_cell_marker(text: str, prefix: str):
    separator = f"{prefix} COMMAND ----------"
    magic = f"{prefix} MAGIC"
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.rstrip()
        if stripped == separator:
            return n, separator
        if stripped == magic or stripped.startswith(magic + " "):
            return n, magic
    return None
