"""Inline suppression: a `bricksmith: ignore` comment in the file a problem is reported in.

In any comment syntax (`#`, `//`, `--`, `<!-- -->`), since only the marker is looked for:

    x: 3.10  # bricksmith: ignore[yaml-float-version]     on the problem's line
    # bricksmith: ignore[pyflakes]                          alone on the line above it
    # bricksmith: ignore-file[template-residue]             anywhere: the whole file

Without `[...]` every rule is ignored there.  Files without comments (JSON) use
`per-file-ignores` instead.  Problems with ruff's own `# noqa` were never reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .problem import Problem

_MARKER = re.compile(r"bricksmith:\s*ignore(-file)?(?:\[([^\]]*)\])?")
_COMMENT_ONLY = re.compile(r"^\s*(?:#|//|--|<!--|/\*|;|%)")


def _rules(match: re.Match) -> set[str] | None:
    """The rule ids a marker names; None for all."""
    if match.group(2) is None:
        return None
    return {r.strip() for r in match.group(2).split(",") if r.strip()}


def _covers(line: str, rule: str, file_wide: bool) -> bool:
    for match in _MARKER.finditer(line):
        if bool(match.group(1)) != file_wide:
            continue
        rules = _rules(match)
        if rules is None or rule in rules:
            return True
    return False


def suppressed(problem: Problem, text_of: Callable[[str], str | None]) -> bool:
    """Whether a marker in the problem's file hides it.  `text_of(path)` gives the file's text,
    or None when it has none to read (a directory, a missing or skipped file)."""
    text = text_of(problem.path)
    if not text or "bricksmith:" not in text:
        return False
    lines = text.split("\n")
    if any(_covers(line, problem.rule, True) for line in lines):
        return True
    if 1 <= problem.line <= len(lines):
        if _covers(lines[problem.line - 1], problem.rule, False):
            return True
        above = lines[problem.line - 2] if problem.line >= 2 else ""
        if _COMMENT_ONLY.match(above) and _covers(above, problem.rule, False):
            return True
    return False
