"""Translate a Go regexp/syntax tree into an equivalent C++ RE2 pattern.

The output uses only explicit code point ranges, `\\x{..}` literals, non-capturing groups,
unnamed captures and the anchors `\\A \\z (?m:^) (?m:$) \\b \\B`.  Case folding is already
expanded into classes, so RE2's own (older) Unicode tables and fold rules, its flag handling and
its syntax extensions never come into play, and duplicate Go group names cannot trip it up.
"""

from __future__ import annotations

from . import uniclass as U
from .regexp_syntax import (
    ALTERNATE, ANY_CHAR, ANY_CHAR_NOT_NL, BEGIN_LINE, BEGIN_TEXT, CAPTURE, CHAR_CLASS, CONCAT,
    EMPTY_MATCH, END_LINE, END_TEXT, FOLD_CASE, LITERAL, NO_MATCH, NO_WORD_BOUNDARY, NON_GREEDY,
    PLUS, QUEST, REPEAT, STAR, WORD_BOUNDARY, Node,
)


def _esc(r: int) -> str:
    # Word characters stay readable; everything else is \x{..}, which is never special.
    if r < 0x80 and (chr(r).isalnum() or r == 0x5F):
        return chr(r)
    return "\\x{%x}" % r


def _class(cls) -> str:
    if not cls:
        return "[^\\x00-\\x{10ffff}]"
    parts = [_esc(lo) if lo == hi else f"{_esc(lo)}-{_esc(hi)}" for lo, hi in cls]
    return "[" + "".join(parts) + "]"


def _literal_rune(r: int, fold: bool) -> str:
    if fold:
        orb = U.orbit(r)
        if len(orb) > 1:
            return _class(U.clean((f, f) for f in orb))
    return _esc(r)


_SIMPLE = {
    NO_MATCH: "[^\\x00-\\x{10ffff}]",
    EMPTY_MATCH: "(?:)",
    ANY_CHAR_NOT_NL: "[^\\n]",
    ANY_CHAR: "[\\x00-\\x{10ffff}]",
    BEGIN_LINE: "(?m:^)",
    END_LINE: "(?m:$)",
    BEGIN_TEXT: "\\A",
    END_TEXT: "\\z",
    WORD_BOUNDARY: "\\b",
    NO_WORD_BOUNDARY: "\\B",
}


def to_re2(root: Node) -> str:
    """RE2 syntax for the tree: explicit ranges, no flags, every capture unnamed."""
    out: list[str] = []
    todo: list = [root]
    while todo:
        x = todo.pop()
        if isinstance(x, str):
            out.append(x)
        else:
            todo.extend(reversed(_pieces(x)))
    return "".join(out)


def _pieces(re: Node) -> list:
    """One node's emission: strings, and child nodes to be emitted in their place."""
    op = re.op
    if op in _SIMPLE:
        return [_SIMPLE[op]]
    if op == LITERAL:
        fold = bool(re.flags & FOLD_CASE)
        return ["".join(_literal_rune(r, fold) for r in re.runes)]
    if op == CHAR_CLASS:
        return [_class(re.cls)]
    if op == CAPTURE:
        return ["(", re.subs[0], ")"]
    if op in (STAR, PLUS, QUEST, REPEAT):
        sub = re.subs[0]
        if op == REPEAT:
            hi = "" if re.max < 0 else str(re.max)
            suffix = "{%d}" % re.min if re.min == re.max else "{%d,%s}" % (re.min, hi)
        else:
            suffix = {STAR: "*", PLUS: "+", QUEST: "?"}[op]
        suffix += "?" if re.flags & NON_GREEDY else ""
        if sub.op in (CHAR_CLASS, CAPTURE) or (sub.op == LITERAL and len(sub.runes) == 1):
            return [sub, suffix]
        return ["(?:", sub, ")" + suffix]
    if op == CONCAT:
        out: list = []
        for x in re.subs:
            out.extend(["(?:", x, ")"] if x.op == ALTERNATE else [x])
        return out
    if op == ALTERNATE:
        out = []
        for k, x in enumerate(re.subs):
            out.extend(["|", x] if k else [x])
        return out
    raise AssertionError(f"unexpected op {op}")
