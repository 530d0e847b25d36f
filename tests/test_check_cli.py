"""`bricksmith check` as users meet it: exit statuses, settings, what is skipped, robust reading.

Exit status: 0 clean (warnings allowed), 1 errors (or warnings with --strict), 2 the check could
not run (no directory, no bundle, unreadable schema or settings; rules not run under
--require-all-rules).  Never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv

import pytest
from checkkit import CLEAN, bundle_schema, replace, seeded

from bricksmith.check import Checker, Options
from bricksmith.check.project import MAX_FILE_BYTES, Project
from bricksmith.cli import main

SCHEMA = ["--bundle-schema", bundle_schema()] if bundle_schema() else []
needs_schema = pytest.mark.skipif(not SCHEMA, reason="the bundle schema is not at hand")


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- exit statuses ----------------------------------------------------------------------------


def test_missing_directory_exits_2(tmp_path, capsys):
    status, out, err = run(capsys, str(tmp_path / "nope"))
    assert status == 2 and out == ""
    assert err == f"Error: {tmp_path / 'nope'}: no such directory\n"


def test_a_file_instead_of_a_directory_exits_2(tmp_path, capsys):
    (tmp_path / "f.txt").write_text("x")
    status, _, err = run(capsys, str(tmp_path / "f.txt"))
    assert status == 2 and "not a directory" in err


@pytest.mark.parametrize("layout", ["empty", "no-bundle"])
def test_a_directory_without_a_bundle_exits_2(tmp_path, capsys, layout):
    if layout == "no-bundle":
        (tmp_path / "README.md").write_text("# Not a bundle\n")
        (tmp_path / "main.py").write_text("print(1)\n")
    status, out, err = run(capsys, str(tmp_path))
    assert status == 2 and out == ""
    assert "no databricks.yml found here or below" in err


def test_an_unreadable_schema_exits_2(tmp_path, capsys):
    bad = tmp_path / "schema.json"
    bad.write_text("[]")
    status, _, err = run(capsys, str(CLEAN), "--bundle-schema", str(bad))
    assert status == 2 and "--bundle-schema: " in err and "not a JSON schema object" in err


def test_without_a_schema_the_check_is_incomplete_and_can_be_made_to_fail(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DATABRICKS_BUNDLE_SCHEMA", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no `databricks` to ask
    status, out, _ = run(capsys, str(CLEAN))
    assert status == 0
    assert "bundle-schema" in out.splitlines()[-1] and "the check is incomplete" in out
    status, out, _ = run(capsys, str(CLEAN), "--require-all-rules", "-o", "json")
    doc = json.loads(out)
    assert status == 2 and doc["exit_status"] == 2 and doc["ok"] is False and doc["complete"] is False
    assert "bundle-schema" in {n["rule"] for n in doc["not_run"]}


@needs_schema
def test_warnings_pass_unless_strict(tmp_path, capsys):
    root = seeded(tmp_path, {"src/lib.py": replace('"""Plain library code the notebook imports."""',
                                                   '"""Doc."""\nimport os')})
    status, out, _ = run(capsys, str(root), *SCHEMA)
    assert status == 0
    assert "src/lib.py:2: pyflakes: warning: F401 `os` imported but unused" in out
    assert out.splitlines()[-1].startswith("0 errors, 1 warning in ")
    status, out, _ = run(capsys, str(root), *SCHEMA, "--strict")
    assert status == 1 and "warnings fail under --strict" in out


def test_the_command_never_shows_a_traceback(tmp_path):
    # The whole CLI in a subprocess, on the nastiest directory of this file: exit 1, no traceback.
    root = _hostile_project(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "bricksmith", "check", str(root), *SCHEMA],
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode == 1, proc.stdout + proc.stderr


def test_list_rules_names_every_rule_with_its_severity(capsys):
    status, out, _ = run(capsys, "--list-rules")
    from bricksmith.check.rules import ALL_RULES

    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == [r.id for r in ALL_RULES]
    assert {line.split()[1] for line in out.splitlines()} <= {"error", "warning"}


# --- settings: flags and [tool.bricksmith.check] -------------------------------------------------


def _with_problems(tmp_path):
    return seeded(tmp_path, {
        "src/lib.py": replace('"""Plain library code the notebook imports."""', '"""Doc."""\nprint(nme)'),
        "legacy/old.py": "print(also_undefined)\n",
    })


def test_exclude_and_ignore_flags(tmp_path, capsys):
    root = _with_problems(tmp_path)
    status, out, _ = run(capsys, str(root), *SCHEMA)
    assert status == 1 and "legacy/old.py" in out and "src/lib.py" in out
    status, out, _ = run(capsys, str(root), *SCHEMA, "--exclude", "legacy/")
    assert status == 1 and "legacy/old.py" not in out and "src/lib.py" in out
    status, out, _ = run(capsys, str(root), *SCHEMA, "--ignore", "pyflakes,yaml-float-version")
    assert status == 0 and "pyflakes" not in out


def test_settings_in_pyproject(tmp_path, capsys):
    root = _with_problems(tmp_path)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.bricksmith.check]\nexclude = ["legacy/"]\n'
        'per-file-ignores = { "src/lib.py" = ["pyflakes"] }\nstrict = true\n')
    status, out, _ = run(capsys, str(root), *SCHEMA)
    assert status == 0, out
    assert "pyflakes" not in out


@pytest.mark.parametrize("table, message", [
    ('ignore = ["pyflake"]', "unknown rule to ignore: 'pyflake' in "),
    ('exclud = ["x"]', "unknown setting 'exclud' (did you mean 'exclude'?)"),
    ("strict = 1", "tool.bricksmith.check.strict: 1 is not of type 'boolean'"),
])
def test_bad_settings_exit_2_naming_the_setting(tmp_path, capsys, table, message):
    root = seeded(tmp_path, {"pyproject.toml": f"[tool.bricksmith.check]\n{table}\n"})
    status, out, err = run(capsys, str(root))
    assert status == 2 and out == "" and message in err


def test_unknown_rule_on_the_command_line_exits_2(capsys):
    status, _, err = run(capsys, str(CLEAN), "--ignore", "template-residu,actionlnt")
    assert status == 2
    assert err == ("Error: unknown rules to ignore: 'template-residu' (did you mean 'template-residue'?), "
                   "'actionlnt' (did you mean 'actionlint'?); `bricksmith check --list-rules` lists them\n")


def test_settings_name_their_file_and_unknown_tables(tmp_path, capsys):
    root = seeded(tmp_path, {"pyproject.toml": '[tool.bricksmith.check]\nignore = ["pyflake"]\n'})
    status, _, err = run(capsys, str(root))
    assert status == 2 and f"'pyflake' in {root / 'pyproject.toml'} (did you mean 'pyflakes'?)" in err
    (root / "pyproject.toml").write_text("[tool.bricksmith.chek]\nstrict = true\n")
    status, _, err = run(capsys, str(root))
    assert status == 2 and "unknown table [tool.bricksmith.chek] (did you mean [tool.bricksmith.check]?)" in err


def test_flags_override_boolean_settings_either_way(tmp_path, capsys):
    root = seeded(tmp_path, {
        "pyproject.toml": "[tool.bricksmith.check]\nstrict = true\n",
        "src/lib.py": replace('"""Plain library code the notebook imports."""', '"""Doc."""\nimport os'),
    })
    assert run(capsys, str(root), *SCHEMA)[0] == 1  # the setting: the warning fails
    assert run(capsys, str(root), *SCHEMA, "--no-strict")[0] == 0


def test_exit_2_in_json_mode_still_prints_a_document(tmp_path, capsys):
    status, out, err = run(capsys, str(tmp_path / "nope"), "-o", "json")
    assert status == 2 and err.startswith("Error: ")
    assert json.loads(out) == {"ok": False, "exit_status": 2, "error": f"{tmp_path / 'nope'}: no such directory"}


def test_project_dir_defaults_to_the_enclosing_bundle(tmp_path, capsys, monkeypatch):
    root = seeded(tmp_path, {})
    monkeypatch.chdir(root / "resources")
    status, out, _ = run(capsys, *SCHEMA, "-o", "json")
    assert json.loads(out)["root"] == str(root.resolve())


def test_explain_prints_a_rules_documentation(capsys):
    status, out, _ = run(capsys, "--explain", "task-compute-missing")
    assert status == 0 and out.startswith("task-compute-missing (error, bundle)")
    assert "Mirrors: bundle/config/validate/" in out and "Example:" in out and "Fix:" in out
    status, _, err = run(capsys, "--explain", "pyflake")
    assert status == 2 and "did you mean 'pyflakes'" in err


def test_an_internal_error_is_one_line_not_a_traceback(capsys, monkeypatch):
    from bricksmith.check.rules import python_code

    def explode(project):
        raise RuntimeError("boom")

    monkeypatch.setattr(Checker, "check", lambda self, path: explode(path))
    status, _, err = run(capsys, str(CLEAN))
    assert status == 2 and err.startswith("Error: internal error (RuntimeError: boom); please report it")
    assert python_code  # the families are untouched


def test_non_utf8_file_names_and_alias_bombs(tmp_path):
    root = seeded(tmp_path, {})
    (root / os.fsdecode(b"notes-caf\xe9.py")).write_text("print(nope)\n")
    lines = ["x-a: &a [l, o, l, o, l, o, l, o, l]"]
    for prev, name in zip("abcdefghi", "bcdefghij"):
        lines.append(f"x-{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    (root / "databricks.yml").write_text((root / "databricks.yml").read_text() + "\n".join(lines) + "\n")
    report = Checker(options=Options(bundle_schema=bundle_schema(), exclude=("*.log",))).check(root)
    texts = [p.text() for p in report.problems]
    assert "notes-caf\udce9.py:1: pyflakes: F821 Undefined name `nope`" in texts or any(
        t.startswith("notes-caf") and "F821" in t for t in texts)
    assert any(p.rule == "bundle-yaml-syntax" and "excessive aliasing" in p.message for p in report.problems)


def test_excluded_files_still_configure_the_bundle(tmp_path, capsys):
    root = seeded(tmp_path, {"resources/training-job.yml": replace("name: clean-project-training",
                                                                   "name: clean-project-training\n      bogus_field: 1")})
    status, out, _ = run(capsys, str(root), *SCHEMA)
    assert status == 1 and "resources/training-job.yml" in out
    status, out, _ = run(capsys, str(root), *SCHEMA, "--exclude", "resources/training-job.yml")
    assert status == 0, out  # nothing reported there, and no reference to its job breaks
    assert "1 file excluded" in out
    status, out, _ = run(capsys, str(root), *SCHEMA, "--exclude", str(root / "resources"))
    assert status == 0, out


# --- what is not checked ----------------------------------------------------------------------


def test_gitignored_files_and_virtualenvs_under_any_name_are_skipped(tmp_path):
    root = seeded(tmp_path, {".gitignore": "env/\n*.log\n!keep.log\n", "build.log": "x",
                             "keep.log": "x", "sub/.gitignore": "scratch.py\n",
                             "sub/scratch.py": "print(undefined)\n", "sub/real.py": "print(1)\n"})
    venv.EnvBuilder(with_pip=False).create(root / "env")
    (root / "env" / "lib" / "bad.py").write_text("print(undefined)\n")
    venv.EnvBuilder(with_pip=False).create(root / "pyenv-3.11")  # not ignored: a venv by its pyvenv.cfg
    (root / "pyenv-3.11" / "bad.py").write_text("import os\n")
    files = Project(root).files
    assert "keep.log" in files and "build.log" not in files
    assert "sub/real.py" in files and "sub/scratch.py" not in files
    assert not any(f.startswith(("env/", "pyenv-3.11/")) for f in files)
    unfiltered = Project(root, respect_gitignore=False).files
    assert "build.log" in unfiltered and "sub/scratch.py" in unfiltered
    assert not any(f.startswith("env/") for f in unfiltered)  # still a virtualenv


def test_gitignore_is_read_before_git_init_and_info_exclude_after(tmp_path):
    root = seeded(tmp_path, {"notes/draft.py": "print(undefined)\n"})
    (root / ".git" / "info").mkdir(parents=True)
    (root / ".git" / "info" / "exclude").write_text("notes/\n")
    assert "notes/draft.py" not in Project(root).files


# --- inline suppression -----------------------------------------------------------------------


def test_inline_suppression_for_any_rule(tmp_path):
    root = seeded(tmp_path, {
        "ci/versions.yml": "python: 3.10  # bricksmith: ignore[yaml-float-version]\nnode: 20.10\n",
        "src/a.py": "# bricksmith: ignore[pyflakes]\nprint(undefined_a)\nprint(undefined_b)\n",
        "src/b.py": "# bricksmith: ignore-file[pyflakes]\nprint(undefined_c)\n",
        "NOTES.md": "# Notes\n\n[gone](gone.md) <!-- bricksmith: ignore[docs-link] -->\n[x](x.md)\n",
        "src/c.py": "print(undefined_d)  # bricksmith: ignore[template-residue]\n",  # another rule
    })
    report = Checker(bundle_schema=bundle_schema()).check(root)
    found = {(p.path, p.line, p.rule) for p in report.problems}
    assert ("ci/versions.yml", 2, "yaml-float-version") in found
    assert ("ci/versions.yml", 1, "yaml-float-version") not in found
    assert ("src/a.py", 3, "pyflakes") in found and ("src/a.py", 2, "pyflakes") not in found
    assert not any(p == "src/b.py" for p, _, _ in found)
    assert ("NOTES.md", 4, "docs-link") in found and ("NOTES.md", 3, "docs-link") not in found
    assert ("src/c.py", 1, "pyflakes") in found
    assert report.suppressed == 4 and "(4 suppressed)" in report.summary()


# --- robust reading ---------------------------------------------------------------------------


def _hostile_project(tmp_path):
    root = seeded(tmp_path, {})
    (root / "resources" / "latin1.yml").write_bytes(
        'resources:\n  jobs:\n    caf\xe9:\n      name: "r\xe9sum\xe9"\n'.encode("latin-1"))
    (root / "NOTES.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    os.symlink("nowhere.yml", root / "dangling.yml")
    os.symlink("loop-b", root / "loop-a")
    os.symlink("loop-a", root / "loop-b")
    os.symlink("/etc/hostname", root / "outside.txt")
    os.symlink(root / "src", root / "src-link")
    with open(root / "huge.py", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    return root


def test_non_utf8_symlinks_and_huge_files_give_problems_or_skips(tmp_path):
    root = _hostile_project(tmp_path)
    report = Checker(bundle_schema=bundle_schema()).check(root)
    skipped = {s.path: s.reason for s in report.skipped}
    assert skipped["dangling.yml"] == "dangling symlink to nowhere.yml: not read"
    assert skipped["loop-a"] == skipped["loop-b"] == "symlink loop: not read"
    assert "outside the checked directory" in skipped["outside.txt"]
    assert skipped["src-link"] == "symlink to a directory: not followed"
    assert "over the 8 MiB limit" in skipped["huge.py"]
    [latin] = [p for p in report.problems if p.path == "resources/latin1.yml"]
    assert (latin.rule, latin.line) == ("bundle-yaml-syntax", 3) and "not UTF-8" in latin.message
    assert report.not_run == []  # no rule crashed on them
    assert "6 files skipped" in report.summary()


def test_an_unreadable_file_is_a_skip(tmp_path, monkeypatch):
    root = seeded(tmp_path, {})
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: not str(p).endswith("/src/lib.py") and real_access(p, mode))
    report = Checker(bundle_schema=bundle_schema()).check(root)
    assert [(s.path, s.reason) for s in report.skipped] == [("src/lib.py", "cannot read: permission denied")]


def test_options_object_and_require_all_rules_from_python(tmp_path):
    report = Checker(options=Options(require_all_rules=True, bundle_schema=bundle_schema())).check(CLEAN)
    assert report.require_all_rules and report.exit_status == (0 if report.complete else 2)


def test_an_unreadable_databricks_yml_is_named(tmp_path, capsys):
    os.symlink("elsewhere.yml", tmp_path / "databricks.yml")
    status, _, err = run(capsys, str(tmp_path))
    assert status == 2
    assert "databricks.yml cannot be read (dangling symlink to elsewhere.yml: not read)" in err
