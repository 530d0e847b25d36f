"""`bricksmith check`: validate a generated project the way Databricks and the CI platforms would.

    from bricksmith.check import Checker
    report = Checker(bundle_schema="schema.json").check("out/my_project")
    print(report.as_text())

A Checker loads schemas and validators once and reuses them for every project it checks.
Rules live in `bricksmith.check.rules`, one module per family; docs/check.md lists them all.
"""

from __future__ import annotations

import os

from .context import Context, Options
from .problem import NotRun, Problem, Report, Rule
from .project import Project

__all__ = ["Checker", "NotRun", "Problem", "Report", "Rule", "check"]


class Checker:
    def __init__(self, *, bundle_schema: str | None = None, families=None):
        from .rules import FAMILIES

        self.options = Options(bundle_schema=bundle_schema)
        self.families = list(FAMILIES if families is None else families)
        self.cache: dict = {}

    def check(self, path: str | os.PathLike) -> Report:
        project = Project(path)
        if not project.root.is_dir():
            raise NotADirectoryError(f"{path}: not a directory")
        ctx = Context(self.options, self.cache)
        report = Report(root=str(project.root))
        for family in self.families:
            report.problems.extend(family.check(project, ctx))
        report.problems = sorted(set(report.problems))
        report.not_run = sorted(set(ctx.not_run))
        report.files_checked = len(project.files)
        return report


def check(path: str | os.PathLike, *, bundle_schema: str | None = None) -> Report:
    return Checker(bundle_schema=bundle_schema).check(path)
