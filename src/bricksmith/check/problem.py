"""What a check reports: rules, problems, rules that could not run, and the report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


ERROR = "error"  # a deploy or run would fail, or behaviour silently differs from what was written
WARNING = "warning"  # style, or a likely mistake that Databricks accepts
SEVERITIES = (ERROR, WARNING)


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
    severity: str = ERROR  # ERROR or WARNING

    def text(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


@dataclass(frozen=True, order=True)
class NotRun:
    """A rule that could not run (a missing schema or tool): reported, never silently passed."""

    rule: str
    reason: str


@dataclass
class Report:
    root: str
    problems: list[Problem] = field(default_factory=list)
    not_run: list[NotRun] = field(default_factory=list)
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        n = len(self.problems)
        text = f"{n} problem{'s' if n != 1 else ''} in {self.files_checked} files"
        if self.not_run:
            text += f"; {len(self.not_run)} rule{'s' if len(self.not_run) != 1 else ''} not run"
        return text

    def as_text(self, color: bool = False) -> str:
        """Problem lines, not-run lines and the summary; `color` adds ANSI colours for terminals."""
        paint = _paint if color else (lambda text, code: text)
        lines = [
            f"{paint(f'{p.path}:{p.line}:', '1')} {paint(p.rule + ':', '33')} {p.message}" for p in sorted(self.problems)
        ]
        lines += [f"{paint('not run:', '35')} {n.rule}: {n.reason}" for n in sorted(self.not_run)]
        lines.append(paint(self.summary(), "32" if self.ok else "31"))
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        doc = {
            "root": self.root,
            "problems": [asdict(p) for p in sorted(self.problems)],
            "not_run": [asdict(n) for n in sorted(self.not_run)],
            "files_checked": self.files_checked,
            "summary": self.summary(),
        }
        return json.dumps(doc, indent=2) + "\n"


def _paint(text: str, code: str) -> str:
    return f"\033[{code}m{text}\033[0m"
