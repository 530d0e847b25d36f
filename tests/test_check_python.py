"""`bricksmith check`, Python rules: python-syntax, pyflakes, notebook-header."""

from __future__ import annotations

import json
import sys

import pytest
from checkkit import CLEAN, check, replace, rule_ids, seeded
from checkkit import bundle_schema as checker_schema

from bricksmith.check import Checker, Options, Problem
from bricksmith.check.problem import ERROR, WARNING
from bricksmith.check.rules import python_code

RULES = {"python-syntax", "pyflakes", "notebook-header"}


def mine(report) -> list[Problem]:
    return [p for p in report.problems if p.rule in RULES]


def test_clean_fixture_has_no_python_problems():
    report = check(CLEAN)
    assert mine(report) == []
    assert not any(n.rule in RULES for n in report.not_run)


# --- python-syntax ----------------------------------------------------------------------------


def test_missing_colon_is_a_syntax_error_at_its_line(tmp_path):
    root = seeded(tmp_path, {"src/lib.py": replace("-> str:", "-> str")})
    assert mine(check(root)) == [Problem("src/lib.py", 4, "python-syntax", "expected ':'")]


def test_unclosed_parenthesis_in_a_notebook(tmp_path):
    root = seeded(tmp_path, {"src/train.py": replace("print(fit(catalog), file=sys.stderr)",
                                                     "print(fit(catalog), file=sys.stderr")})
    problems = mine(check(root))
    assert [(p.path, p.line, p.rule) for p in problems] == [("src/train.py", 14, "python-syntax")]
    assert "never closed" in problems[0].message


def test_null_byte_is_reported_not_raised(tmp_path):
    root = seeded(tmp_path, {"src/blob.py": b"x = 1\x00\n"})
    assert [(p.path, p.rule) for p in mine(check(root))] == [("src/blob.py", "python-syntax")]


# --- pyflakes ---------------------------------------------------------------------------------


def test_unused_import_and_undefined_name(tmp_path):
    root = seeded(tmp_path, {
        "src/lib.py": replace('"""Plain library code the notebook imports."""',
                              '"""Plain library code the notebook imports."""\nimport os'),
        "src/evaluate.py": replace("print(args.run_id, args.job_id)",
                                   "print(args.run_id, args.job_id, undefined_thing)"),
    })
    assert mine(check(root)) == [
        Problem("src/evaluate.py", 9, "pyflakes", "F821 Undefined name `undefined_thing`"),
        Problem("src/lib.py", 2, "pyflakes", "F401 `os` imported but unused"),
    ]


def test_style_findings_are_warnings_and_run_time_failures_errors(tmp_path):
    root = seeded(tmp_path, {"src/style.py": "\n".join([
        "import os",  # F401
        'x = f"no placeholders"',  # F541
        "def f():",
        "    unused = 1",  # F841
        "    return '%s %s' % (1,)",  # F507: fails at run time
        "assert (x, 'message')",  # F631: always true
        "print(nme)",  # F821
        "",
    ]), "src/star.py": "from json import *\n"})
    found = {p.message.split()[0]: p.severity for p in mine(check(root)) if p.path.startswith("src/s")}
    assert found == {"F401": WARNING, "F403": WARNING, "F541": WARNING, "F841": WARNING,
                     "F507": ERROR, "F631": ERROR, "F821": ERROR}
    report = check(root)
    assert report.exit_status == 1  # the errors fail it
    only_style = seeded(tmp_path / "style", {"src/style.py": "import os\nx = f'plain'\n"})
    report = check(only_style)
    assert {p.severity for p in mine(report)} == {WARNING} and report.exit_status == 0
    strict = Checker(options=Options(strict=True, bundle_schema=checker_schema())).check(only_style)
    assert strict.exit_status == 1


def test_pipeline_source_files_know_the_runtime_globals(tmp_path):
    pipeline = "\n".join([
        "resources:",
        "  pipelines:",
        "    orders:",
        "      name: orders",
        "      serverless: true",
        "      catalog: main",
        "      schema: sales",
        "      libraries:",
        "        - glob:",
        "            include: ../src/orders/transformations/**",
        "        - file:",
        "            path: ../src/orders/extra.py",
        "",
    ])
    body = "from pyspark import pipelines as dp\n\n@dp.table\ndef orders():\n    return spark.read.table('x')\n"
    root = seeded(tmp_path, {
        "resources/orders.pipeline.yml": pipeline,
        "src/orders/transformations/bronze/orders.py": body,
        "src/orders/extra.py": body.replace("spark.read", "dbutils.x or spark.read"),
        # A module the pipeline does not run directly: nothing defines spark there.
        "src/orders/helpers.py": "def rows():\n    return spark.range(3)\n",
    })
    assert [(p.path, p.message) for p in mine(check(root))] == [
        ("src/orders/helpers.py", "F821 Undefined name `spark`")]


def test_noqa_is_respected(tmp_path):
    root = seeded(tmp_path, {"src/lib.py": replace('"""Plain library code the notebook imports."""',
                                                   '"""Doc."""\nimport os  # noqa: F401')})
    assert mine(check(root)) == []


def test_notebook_globals_are_known_in_notebooks_only(tmp_path):
    root = seeded(tmp_path, {
        # the clean notebook without its noqa comment: dbutils is a Databricks notebook global
        "src/train.py": replace("  # noqa: F821 (a Databricks notebook global)", ""),
        "src/plain.py": "print(dbutils)\n",  # not a notebook: nothing defines dbutils here
    })
    assert mine(check(root)) == [
        Problem("src/plain.py", 1, "pyflakes", "F821 Undefined name `dbutils`"),
    ]


def test_ruff_missing_is_reported_as_not_run(tmp_path, monkeypatch):
    monkeypatch.setattr(python_code, "find_ruff", lambda: None)
    root = seeded(tmp_path, {"src/lib.py": replace('"""Plain library code the notebook imports."""',
                                                   '"""Doc."""\nimport os')})
    report = Checker(families=[python_code]).check(root)
    assert report.problems == []
    assert [n.rule for n in report.not_run] == ["pyflakes"]
    assert "not run: pyflakes: ruff not found" in report.as_text()
    assert report.summary() == (
        "0 errors, 0 warnings in 12 files; 1 rule not run (pyflakes): the check is incomplete")
    assert report.exit_status == 0 and not report.complete
    strict = Checker(families=[python_code], options=Options(require_all_rules=True)).check(root)
    assert strict.exit_status == 2 and not strict.ok


def test_ruff_failing_is_reported_as_not_run(tmp_path, monkeypatch):
    fake = tmp_path / "fake-ruff"
    fake.write_text("#!/bin/sh\necho 'ruff: crashed' >&2\nexit 2\n")
    fake.chmod(0o755)
    monkeypatch.setattr(python_code, "find_ruff", lambda: str(fake))
    report = Checker(families=[python_code]).check(CLEAN)
    assert [(n.rule, n.reason) for n in report.not_run] == [
        ("pyflakes", "ruff failed: ruff: crashed")]


def test_ruff_is_found_next_to_the_interpreter():
    found = python_code.find_ruff()
    assert found is not None and "ruff" in found
    assert sys.executable  # the venv's ruff sits next to it in this repository's setup


# --- notebook-header --------------------------------------------------------------------------


def test_notebook_without_header(tmp_path):
    root = seeded(tmp_path, {"src/train.py": replace("# Databricks notebook source\n", "")})
    assert mine(check(root)) == [Problem(
        "src/train.py", 1, "notebook-header",
        "has notebook cells (`# MAGIC` at line 1) but does not start with "
        "`# Databricks notebook source`",
    )]


def test_header_after_a_license_comment(tmp_path):
    root = seeded(tmp_path, {"src/train.py": lambda text: "# Copyright 2025 ACME\n" + text})
    assert mine(check(root)) == [Problem(
        "src/train.py", 1, "notebook-header",
        "has notebook cells (`# MAGIC` at line 3) but `# Databricks notebook source` is at "
        "line 2, not line 1",
    )]


def test_header_with_trailing_space(tmp_path):
    root = seeded(tmp_path, {"src/train.py": replace("# Databricks notebook source\n",
                                                     "# Databricks notebook source \n")})
    [problem] = mine(check(root))
    assert (problem.path, problem.line, problem.rule) == ("src/train.py", 1, "notebook-header")
    assert "trailing spaces" in problem.message


def test_sql_notebook_without_header(tmp_path):
    root = seeded(tmp_path, {"src/report.sql": "SELECT 1;\n\n-- COMMAND ----------\n\nSELECT 2;\n"})
    assert mine(check(root)) == [Problem(
        "src/report.sql", 1, "notebook-header",
        "has notebook cells (`-- COMMAND ----------` at line 3) but does not start with "
        "`-- Databricks notebook source`",
    )]


@pytest.mark.parametrize("text", [
    "# Databricks notebook source\r\nx = 1\r\n\r\n# COMMAND ----------\r\n\r\ny = 2\r\n",  # CRLF
    "x = 1  # a plain file without cells needs no header\n",
    "# MAGICAL thinking is not a magic line\nx = 1\n",
])
def test_valid_or_plain_sources(tmp_path, text):
    root = seeded(tmp_path, {"src/extra.py": text})
    assert "notebook-header" not in rule_ids(check(root))


def test_rule_examples_are_problem_lines():
    for rule in python_code.RULES:
        _path, line, rule_id, message = rule.example.split(":", 3)
        assert (rule_id.strip(), int(line) >= 0, message.startswith(" ")) == (rule.id, True, True)


# --- notebooks: Jupyter files, more runtime names, %run --------------------------------------


def _ipynb(*cells: str) -> str:
    return json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                   "source": cell.splitlines(keepends=True)} for cell in cells],
        "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5,
    })


def test_jupyter_notebooks_are_checked_with_the_runtime_names_known(tmp_path):
    root = seeded(tmp_path, {
        "notebooks/explore.ipynb": _ipynb("%pip install x", "display(spark.range(3))\nprint(undefined_x)"),
        "notebooks/broken.ipynb": _ipynb("x = 1", "def f(:\n    pass"),
        "notebooks/truncated.ipynb": '{"cells": [',
    })
    found = {(p.path, p.line, p.rule, p.message.split(":")[0]) for p in mine(check(root))}
    assert found == {
        ("notebooks/explore.ipynb", 0, "pyflakes", "F821 cell 2, line 2"),
        ("notebooks/broken.ipynb", 0, "python-syntax", "cell 2, line 1"),
        ("notebooks/truncated.ipynb", 0, "python-syntax",
         "Expected a Jupyter Notebook, which must be internally stored as JSON, but this file isn't valid JSON"),
    }


def test_sql_table_and_udf_are_notebook_names_and_run_magic_softens_undefined_names(tmp_path):
    header = "# Databricks notebook source\n"
    root = seeded(tmp_path, {
        "src/queries.py": header + "df = sql('select 1')\nt = table('x')\nf = udf(lambda v: v)\n",
        "src/uses_helpers.py": header + "# MAGIC %run ./helpers\n\n# COMMAND ----------\n\nprint(helper_value)\n",
        "src/plain.py": "print(helper_value)\n",
    })
    problems = {p.path: p for p in mine(check(root))}
    assert "src/queries.py" not in problems
    softened = problems["src/uses_helpers.py"]
    assert softened.severity == WARNING and "unless a notebook it `%run`s defines it" in softened.message
    assert problems["src/plain.py"].severity == ERROR
