"""`bricksmith check`: validate a generated project the way Databricks and the CI platforms would.

    from bricksmith.check import Checker
    report = Checker(bundle_schema="schema.json").check("out/my_project")
    print(report.as_text())
    raise SystemExit(report.exit_status)

A Checker loads schemas and validators once and reuses them for every project it checks.
Rules live in `bricksmith.check.rules`, one module per family; docs/check.md lists them all.
`Checker.check` raises `CheckError` when the check cannot run at all (exit status 2 in the CLI).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path, PurePosixPath

import pathspec

from . import config, suppress
from .context import Context, Options
from .problem import ERROR, CheckError, NotRun, Problem, Report, Rule
from .project import BUNDLE_FILES, Project, matchable

__all__ = ["CheckError", "Checker", "NotRun", "Options", "Problem", "Report", "Rule", "check"]

# Families that need a bundle: without a databricks.yml there is nothing for them to check.
_BUNDLE_FAMILIES = ("bundle_schema", "resource_models", "bundle_semantics")


class Checker:
    """Checks projects with one set of options.

    `options` (or the `bundle_schema` shortcut) are the caller's; each checked directory's
    `[tool.bricksmith.check]` table is merged in (see `bricksmith.check.config`).  `families`
    restricts the rule families (default: all of `rules.FAMILIES`).
    """

    def __init__(self, *, bundle_schema: str | None = None, families=None, options: Options | None = None):
        from .rules import FAMILIES

        options = options or Options()
        if bundle_schema is not None:
            options = dataclasses.replace(options, bundle_schema=bundle_schema)
        self.options = options
        self.families = list(FAMILIES if families is None else families)
        self.rules = {rule.id: rule for family in self.families for rule in family.RULES}
        self.cache: dict = {}

    def check(self, path: str | os.PathLike) -> Report:
        """Check one directory.

        Raises CheckError when it is missing or not a directory, holds no databricks.yml (when
        bundle rules are selected) and no CI/CD files either, its settings are malformed, or the
        bundle schema named by --bundle-schema / $DATABRICKS_BUNDLE_SCHEMA cannot be read.  A
        repository with CI/CD files but no bundle yet (as CICD_Only creates) is checked without
        the bundle rules, which are reported as not run."""
        root = Path(path)
        if not root.exists():
            raise CheckError(f"{path}: no such directory")
        if not root.is_dir():
            raise CheckError(f"{path}: not a directory")
        options = config.merge(self.options, config.read_table(root), _all_rule_ids(),
                               source=str(root / "pyproject.toml"))
        project = Project(root, exclude=_relative_patterns(options.exclude, root),
                          respect_gitignore=options.respect_gitignore)
        names = {_family_name(family) for family in self.families}
        families, not_run = self.families, []
        if names & set(_BUNDLE_FAMILIES) and not project.bundle_roots:
            unreadable = [s for s in project.skipped if PurePosixPath(s.path).name in BUNDLE_FILES]
            if unreadable:
                raise CheckError(f"{path}: {unreadable[0].path} cannot be read ({unreadable[0].reason})")
            if not _has_ci_files(project):
                raise CheckError(
                    f"{path}: no databricks.yml found here or below (gitignored and excluded paths "
                    "are not searched): point bricksmith check at a bundle project"
                )
            # A repository that has its CI/CD but no project yet (created with CICD_Only): its
            # CI files are checked, the bundle rules have nothing to check.
            not_run = [f for f in families if _family_name(f) in _BUNDLE_FAMILIES]
            families = [f for f in families if f not in not_run]
            names -= set(_BUNDLE_FAMILIES)
        ctx = Context(options, self.cache)
        for rule in (rule for family in not_run for rule in family.RULES):
            ctx.skip(rule.id, "no bundle here yet: the repository has CI/CD files but no databricks.yml")
        if "bundle_schema" in names:
            _require_readable_schema(ctx)
        report = Report(root=str(project.root), strict=bool(options.strict),
                        require_all_rules=bool(options.require_all_rules))
        found: list[Problem] = []
        for family in families:
            try:
                found.extend(family.check(project, ctx))
            except Exception as exc:  # a bug of ours must not hide the other families' results
                for rule in family.RULES:
                    ctx.skip(rule.id, f"internal error ({type(exc).__name__}: {exc}); please report it")
        kept = set()
        per_file = [(pathspec.GitIgnoreSpec.from_lines([pattern]), set(rules))
                    for pattern, rules in options.per_file_ignores.items()]
        report.excluded = sum(1 for rel in project.files if project.excluded(rel))
        readable = set(project.files)
        for problem in set(found):
            if problem.severity is None:
                rule = self.rules.get(problem.rule)
                problem = dataclasses.replace(problem, severity=rule.severity if rule else ERROR)
            if problem.rule in options.ignore or project.excluded(problem.path) or any(
                problem.rule in rules and spec.match_file(matchable(problem.path)) for spec, rules in per_file
            ):
                continue
            if suppress.suppressed(problem, lambda rel: project.text(rel) if rel in readable else None):
                report.suppressed += 1
                continue
            kept.add(problem)
        report.problems = sorted(kept)
        report.not_run = sorted({n for n in ctx.not_run if n.rule not in options.ignore})
        report.skipped = sorted(set(project.skipped))
        report.files_checked = len(project.files) - report.excluded
        return report


def _family_name(family) -> str:
    return family.__name__.rsplit(".", 1)[-1]


def _has_ci_files(project: Project) -> bool:
    from . import ci_files

    return bool(ci_files.github_workflows(project) or ci_files.azure_pipelines(project)
                or ci_files.gitlab_files(project))


def _relative_patterns(patterns, root: Path) -> list[str]:
    """--exclude patterns; an absolute path inside the checked directory is made relative to it
    (an absolute one outside it names nothing here, and is a CheckError)."""
    out = []
    resolved = root.resolve()
    for pattern in patterns:
        if os.path.isabs(pattern):
            try:
                rel = Path(os.path.abspath(pattern)).resolve().relative_to(resolved).as_posix()
            except ValueError:
                raise CheckError(f"--exclude {pattern}: not inside {root}; write patterns relative to it") from None
            pattern = "/" + rel + ("/" if pattern.endswith("/") and rel != "." else "")
        out.append(pattern)
    return out


def _all_rule_ids() -> list[str]:
    from .rules import ALL_RULES

    return [rule.id for rule in ALL_RULES]


def _require_readable_schema(ctx: Context) -> None:
    """A schema the user named must load: a typo in its path is not a rule quietly not run."""
    from . import bundle_jsonschema

    source = ctx.options.schema_source()
    if not source:
        return
    validator = bundle_jsonschema.validator(ctx)
    if isinstance(validator, bundle_jsonschema.Unavailable):
        origin = "--bundle-schema" if ctx.options.bundle_schema else "$DATABRICKS_BUNDLE_SCHEMA"
        raise CheckError(f"{origin}: {validator.reason}")


def check(path: str | os.PathLike, *, bundle_schema: str | None = None) -> Report:
    return Checker(bundle_schema=bundle_schema).check(path)
