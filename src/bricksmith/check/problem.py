"""What a check reports: rules, problems, rules that could not run, skipped files, the report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

ERROR = "error"  # a deploy or run would fail, or behaviour silently differs from what was written
WARNING = "warning"  # style, or a likely mistake that Databricks accepts
SEVERITIES = (ERROR, WARNING)

# Exit statuses of `bricksmith check` (Report.exit_status).
EXIT_CLEAN = 0
EXIT_PROBLEMS = 1  # errors, or warnings under --strict
EXIT_CANNOT_CHECK = 2  # the check could not run (or, with --require-all-rules, not completely)


class CheckError(Exception):
    """The check cannot run at all: a missing directory, no bundle, an unreadable schema or a bad
    configuration.  The message names the input and how to fix it; the CLI exits with status 2."""


@dataclass(frozen=True)
class Rule:
    """One rule: its id (what a problem line names), what it checks, and its documentation.

    `severity` is the severity of its problems unless a problem says otherwise; `mirrors` names
    the Databricks CLI validator (or other tool) whose check the rule reproduces, "" when the rule
    goes beyond what `bundle validate` checks.
    """

    id: str
    family: str
    summary: str
    example: str  # an example problem line, as `bricksmith check` prints it
    fix: str  # how to fix that example
    severity: str = ERROR
    mirrors: str = ""


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the checked directory, slash-separated
    line: int  # 1-based; 0 when the problem is about the whole file
    rule: str
    message: str
    # ERROR or WARNING; None: the rule's default (the Checker sets it).  Not part of equality or
    # order: a problem is the same finding whatever its severity.
    severity: str | None = field(default=None, compare=False)

    def text(self) -> str:
        """`path:line: rule: message`, with `warning: ` before the message of a warning."""
        tag = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}: {self.rule}: {tag}{self.message}"


@dataclass(frozen=True, order=True)
class NotRun:
    """A rule that could not run (a missing schema or tool): reported, never silently passed."""

    rule: str
    reason: str


@dataclass(frozen=True, order=True)
class Skipped:
    """A file the check did not read (a dangling symlink, an unreadable or huge file), and why."""

    path: str
    reason: str


@dataclass
class Report:
    """The outcome of checking one directory.

    `strict` (warnings fail) and `require_all_rules` (a rule not run fails) are the options the
    check ran with; `exit_status` and `ok` apply them.
    """

    root: str
    problems: list[Problem] = field(default_factory=list)
    not_run: list[NotRun] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    suppressed: int = 0  # problems hidden by inline `bricksmith: ignore` comments
    excluded: int = 0  # files whose problems --exclude hides
    files_checked: int = 0
    strict: bool = False
    require_all_rules: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != WARNING]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def complete(self) -> bool:
        """Whether every rule ran."""
        return not self.not_run

    @property
    def exit_status(self) -> int:
        """0 clean, 1 errors (or warnings with strict), 2 rules not run with require_all_rules."""
        if self.require_all_rules and not self.complete:
            return EXIT_CANNOT_CHECK
        if self.errors or (self.strict and self.warnings):
            return EXIT_PROBLEMS
        return EXIT_CLEAN

    @property
    def ok(self) -> bool:
        return self.exit_status == EXIT_CLEAN

    def summary(self) -> str:
        parts = [_count(len(self.errors), "error"), _count(len(self.warnings), "warning")]
        text = f"{', '.join(parts)} in {_count(self.files_checked, 'file')}"
        if self.suppressed:
            text += f" ({self.suppressed} suppressed)"
        if self.excluded:
            text += f"; {_count(self.excluded, 'file')} excluded"
        if self.skipped:
            text += f"; {_count(len(self.skipped), 'file')} skipped"
        if self.not_run:
            rules = sorted({n.rule for n in self.not_run})
            text += f"; {_count(len(rules), 'rule')} not run ({_listed(rules)}): the check is incomplete"
            if self.require_all_rules:
                text += " and --require-all-rules is set"
        if self.strict and self.warnings and not self.errors:
            text += "; warnings fail under --strict"
        return text

    def as_text(self, color: bool = False) -> str:
        """Problem lines, skipped and not-run lines, and the summary; `color` adds ANSI colours
        for terminals (the text is the same without them)."""
        paint = _paint if color else (lambda text, code: text)
        lines = []
        for p in sorted(self.problems):
            tag = paint("warning:", "36") + " " if p.severity == WARNING else ""
            lines.append(f"{paint(f'{p.path}:{p.line}:', '1')} {paint(p.rule + ':', '33')} {tag}{p.message}")
        lines += [f"{paint('skipped:', '35')} {s.path}: {s.reason}" for s in sorted(self.skipped)]
        lines += [f"{paint('not run:', '35')} {rules}: {reason}" for rules, reason in self._not_run_lines()]
        lines.append(paint(self.summary(), "32" if self.ok else "31"))
        return "\n".join(lines) + "\n"

    def _not_run_lines(self) -> list[tuple[str, str]]:
        """(rules, reason) per line: rules kept from running for one reason share a line (a
        repository with no bundle yet keeps every bundle rule from running)."""
        by_reason: dict[str, list[str]] = {}
        for n in sorted(self.not_run):
            by_reason.setdefault(n.reason, []).append(n.rule)
        lines = []
        for n in sorted(self.not_run):
            rules = by_reason[n.reason]
            if len(rules) < GROUPED:
                lines.append((n.rule, n.reason))
            elif rules[0] == n.rule:
                lines.append((f"{_count(len(rules), 'rule')} ({_listed(rules)})", n.reason))
        return lines

    def as_json(self) -> str:
        doc = {
            "root": self.root,
            "ok": self.ok,
            "exit_status": self.exit_status,
            "complete": self.complete,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [asdict(p) for p in sorted(self.problems)],
            "not_run": [asdict(n) for n in sorted(self.not_run)],
            "skipped": [asdict(s) for s in sorted(self.skipped)],
            "suppressed": self.suppressed,
            "excluded": self.excluded,
            "files_checked": self.files_checked,
            "summary": self.summary(),
        }
        return json.dumps(doc, indent=2) + "\n"


GROUPED = 4  # this many rules not run for one reason are reported on one line
LISTED = 6  # rule names listed in a summary before "and N more"


def _listed(rules: list[str]) -> str:
    if len(rules) <= LISTED:
        return ", ".join(rules)
    return f"{', '.join(rules[:LISTED])} and {len(rules) - LISTED} more"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _paint(text: str, code: str) -> str:
    return f"\033[{code}m{text}\033[0m"
