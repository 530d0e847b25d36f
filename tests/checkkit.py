"""Helpers for `bricksmith check` tests: the clean fixture, seeded copies of it, one Checker.

A seeded defect is the clean project with a few files edited; the test then asserts which rule
ids the check reports.  The Checker is shared so the bundle schema and validators load once.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from bricksmith.check import Checker, Report

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CLEAN = TESTS / "fixtures" / "check" / "clean"
SHARED_SCHEMA = REPO.parent / "shared" / "schemas" / "databricks-bundle-schema.json"


def bundle_schema() -> str | None:
    """The official bundle schema: $DATABRICKS_BUNDLE_SCHEMA, else ../shared's copy, else None."""
    env = os.environ.get("DATABRICKS_BUNDLE_SCHEMA")
    if env:
        return env
    return str(SHARED_SCHEMA) if SHARED_SCHEMA.is_file() else None


_CHECKER: Checker | None = None


def checker() -> Checker:
    global _CHECKER
    if _CHECKER is None:
        _CHECKER = Checker(bundle_schema=bundle_schema())
    return _CHECKER


Edit = str | bytes | None | Callable[[str], str]


def seeded(tmp_path: Path, edits: dict[str, Edit], base: Path = CLEAN) -> Path:
    """A copy of `base` with files replaced (str/bytes), deleted (None) or rewritten (callable)."""
    root = tmp_path / "project"
    shutil.copytree(base, root)
    for rel, edit in edits.items():
        target = root / rel
        if edit is None:
            target.unlink()
        elif callable(edit):
            target.write_text(edit(target.read_text()))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(edit, bytes):
                target.write_bytes(edit)
            else:
                target.write_text(edit)
    return root


def check(path: Path) -> Report:
    return checker().check(path)


def rule_ids(report: Report) -> set[str]:
    return {p.rule for p in report.problems}


def replace(old: str, new: str) -> Callable[[str], str]:
    """An edit that replaces one exact snippet (and fails loudly if it is not there)."""

    def edit(text: str) -> str:
        assert old in text, f"seed snippet not found: {old!r}"
        return text.replace(old, new, 1)

    return edit
