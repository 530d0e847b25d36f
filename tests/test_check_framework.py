"""The parts of `bricksmith check` every rule family relies on: files, YAML lines, the report, the CLI."""

from __future__ import annotations

import json
import re

from checkkit import CLEAN, bundle_schema, seeded

from bricksmith.check import Problem, Report
from bricksmith.check.problem import WARNING, NotRun
from bricksmith.check.project import Project
from bricksmith.check.yamlfile import load
from bricksmith.cli import main


def test_yaml_lines_follow_keys_items_and_merge_keys():
    text = "base: &b\n  x: 1\njobs:\n  a:\n    <<: *b\n    tasks:\n      - k: 1\n      - k: 2\n"
    doc = load("f.yml", text)
    assert doc.error is None
    assert doc.line_of(("jobs", "a", "tasks", 1)) == 8
    assert doc.line_of(("jobs", "a", "tasks", 1, "k")) == 8
    assert doc.line_of(("jobs", "a", "x")) == 2  # through the merge key
    assert doc.line_of(("jobs", "nope", "deeper")) == 3  # deepest known prefix


def test_yaml_errors_are_reported_not_raised():
    doc = load("f.yml", "a: [1, 2\nb: 3\n")
    assert doc.error and doc.error_line >= 1 and doc.data is None
    # A scalar PyYAML resolves but cannot build (an impossible date) is an error, not a crash.
    doc = load("g.yml", "released: 2024-13-45\n")
    assert doc.error and doc.data is None


def test_project_files_skip_tool_directories(tmp_path):
    root = seeded(tmp_path, {".venv/lib/x.py": "x = (", "node_modules/a/b.md": "[x](missing.md)"})
    files = Project(root).files
    assert "src/train.py" in files
    assert not any(f.startswith((".venv/", "node_modules/")) for f in files)
    assert Project(root).bundle_roots == [""]


def test_report_text_and_json():
    report = Report(root="/p", files_checked=3)
    report.problems = [Problem("b.yml", 2, "rule-b", "second"), Problem("a.yml", 9, "rule-a", "first")]
    report.not_run = [NotRun("bundle-schema", "no schema")]
    report.problems[0] = Problem("b.yml", 2, "rule-b", "second", WARNING)
    assert report.as_text().splitlines() == [
        "a.yml:9: rule-a: first",
        "b.yml:2: rule-b: warning: second",
        "not run: bundle-schema: no schema",
        "1 error, 1 warning in 3 files; 1 rule not run (bundle-schema): the check is incomplete",
    ]
    doc = json.loads(report.as_json())
    assert doc["problems"][0] == {"path": "a.yml", "line": 9, "rule": "rule-a", "message": "first",
                                  "severity": None}
    assert doc["not_run"] == [{"rule": "bundle-schema", "reason": "no schema"}]
    assert (doc["ok"], doc["exit_status"], doc["complete"], doc["errors"], doc["warnings"]) == (
        False, 1, False, 1, 1)


def test_cli_exit_status_and_output(tmp_path, capsys):
    schema = ["--bundle-schema", bundle_schema()] if bundle_schema() else []
    assert main(["check", str(CLEAN), *schema]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 errors, 0 warnings in ")

    broken = seeded(tmp_path, {"src/lib.py": "print(undefined_name)\n"})
    assert main(["check", str(broken), "-o", "json", *schema]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {"path": "src/lib.py", "line": 1, "rule": "pyflakes", "severity": "error"}.items() <= doc["problems"][0].items()


def test_colour_only_marks_up_the_same_text():
    report = Report(root="/p", files_checked=1)
    report.problems = [Problem("a.yml", 3, "rule-a", "bad")]
    coloured = report.as_text(color=True)
    assert "\033[" in coloured
    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == report.as_text()
