"""What rules share while checking: options, resources loaded once per process, not-run notes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .problem import NotRun


@dataclass
class Options:
    """How to check: the command-line flags merged with `[tool.bricksmith.check]` (see `config`)."""

    bundle_schema: str | None = None  # --bundle-schema
    # The booleans are None when not given: the project's settings (or the default) decide.
    strict: bool | None = None  # warnings fail (default False)
    require_all_rules: bool | None = None  # a rule that could not run fails the check (default False)
    exclude: tuple[str, ...] = ()  # .gitignore-syntax patterns of files whose problems are not reported
    ignore: tuple[str, ...] = ()  # rule ids not to report
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)  # pattern -> rule ids
    respect_gitignore: bool | None = None  # skip what .gitignore files ignore (default True)

    def schema_source(self) -> str | None:
        return self.bundle_schema or os.environ.get("DATABRICKS_BUNDLE_SCHEMA") or None


@dataclass
class Context:
    options: Options
    cache: dict = field(default_factory=dict)  # shared by every project a Checker checks
    not_run: list[NotRun] = field(default_factory=list)

    def skip(self, rule: str, reason: str) -> None:
        """Record that `rule` could not run here, and why."""
        self.not_run.append(NotRun(rule, reason))

    def cached(self, key: str, make):
        """A heavy resource (schema, validator), built once per process."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]
