"""Semantic versions as `golang.org/x/mod/semver` reads them (for `min_databricks_cli_version`).

Versions carry a leading `v`; `v1` and `v1.2` are shorthands for `v1.0.0` and `v1.2.0` (and then
take no prerelease or build suffix); numbers have no leading zeros; build metadata is ignored when
comparing; an invalid version sorts before every valid one.
"""

from __future__ import annotations

import re

_NUM = r"(0|[1-9][0-9]*)"
_IDENT = r"[0-9A-Za-z-]+"
_FULL = re.compile(
    rf"v{_NUM}(?:\.{_NUM}(?:\.{_NUM}(?P<pre>-{_IDENT}(?:\.{_IDENT})*)?(?P<build>\+{_IDENT}(?:\.{_IDENT})*)?)?)?"
)


def _parse(v: str):
    m = _FULL.fullmatch(v)
    if m is None:
        return None
    major, minor, patch = m.group(1), m.group(2) or "0", m.group(3) or "0"
    pre = m.group("pre") or ""
    if m.group(3) is None and (pre or m.group("build")):
        return None
    # numeric prerelease identifiers may not have leading zeros
    for ident in pre[1:].split(".") if pre else ():
        if ident.isdigit() and len(ident) > 1 and ident[0] == "0":
            return None
    return int(major), int(minor), int(patch), pre


def is_valid(v: str) -> bool:
    return _parse(v) is not None


def _compare_prerelease(x: str, y: str) -> int:
    if x == y:
        return 0
    if not x:
        return 1  # a release is newer than any of its prereleases
    if not y:
        return -1
    xs, ys = x[1:].split("."), y[1:].split(".")
    for a, b in zip(xs, ys, strict=False):
        if a == b:
            continue
        a_num, b_num = a.isdigit(), b.isdigit()
        if a_num and b_num:
            return -1 if int(a) < int(b) else 1
        if a_num != b_num:
            return -1 if a_num else 1  # numeric identifiers sort first
        return -1 if a < b else 1
    return (len(xs) > len(ys)) - (len(xs) < len(ys))


def compare(v: str, w: str) -> int:
    """-1, 0 or +1 as v sorts before, with or after w."""
    pv, pw = _parse(v), _parse(w)
    if pv is None or pw is None:
        return (pv is not None) - (pw is not None)
    for a, b in zip(pv[:3], pw[:3], strict=True):
        if a != b:
            return -1 if a < b else 1
    return _compare_prerelease(pv[3], pw[3])
