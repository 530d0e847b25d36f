"""Go's view of Unicode: UTF-8 decoding, rune classes, simple case folding and named tables.

A class is a sorted list of disjoint, non-touching ``(lo, hi)`` rune ranges.  Everything here
answers the question the way Go 1.27 (Unicode 17) does, from the data in ``unicode_tables``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from . import unicode_tables as T

MAX_RUNE = 0x10FFFF
RUNE_ERROR = 0xFFFD
ANY = [(0, MAX_RUNE)]


# ---------------------------------------------------------------------------------------------
# UTF-8, decoded the way unicode/utf8.DecodeRune does: an invalid byte is (RuneError, 1).


def decode_rune(b: bytes, i: int, end: int | None = None) -> tuple[int, int]:
    """Rune and width at b[i:end]; (RUNE_ERROR, 0) at the end, (RUNE_ERROR, 1) for a bad byte."""
    end = len(b) if end is None else end
    if i >= end:
        return RUNE_ERROR, 0
    c = b[i]
    if c < 0x80:
        return c, 1
    n = 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else 4 if 0xF0 <= c <= 0xF4 else 0
    if n and i + n <= end:
        try:
            # Python's strict decoder rejects the same overlongs/surrogates/out-of-range as Go.
            return ord(b[i : i + n].decode("utf-8")), n
        except UnicodeDecodeError:
            pass
    return RUNE_ERROR, 1


def first_invalid(b: bytes, start: int = 0, end: int | None = None) -> int:
    """Offset of the first byte Go would decode as an error, or -1."""
    end = len(b) if end is None else end
    try:
        b[start:end].decode("utf-8")
        return -1
    except UnicodeDecodeError as e:
        return start + e.start


# ---------------------------------------------------------------------------------------------
# Class algebra.


def clean(ranges) -> list[tuple[int, int]]:
    """Sort and merge overlapping or abutting ranges (Go's cleanClass)."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def negate(cls) -> list[tuple[int, int]]:
    out = []
    nxt = 0
    for lo, hi in cls:
        if nxt <= lo - 1:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= MAX_RUNE:
        out.append((nxt, MAX_RUNE))
    return out


def union(*classes) -> list[tuple[int, int]]:
    return clean(r for c in classes for r in c)


def contains(cls, r: int) -> bool:
    i = bisect_right(cls, (r, MAX_RUNE + 1)) - 1
    return i >= 0 and cls[i][0] <= r <= cls[i][1]


# ---------------------------------------------------------------------------------------------
# Table decoding (see unicode_tables for the format).


def _b36(tok: str) -> int:
    return int(tok, 36)


def _decode_ranges(text: str) -> list[tuple[int, int]]:
    out = []
    prev = -1
    for tok in text.split():
        gap, _, extra = tok.partition("-")
        lo = prev + 1 + _b36(gap)
        hi = lo + (_b36(extra) if extra else 0)
        out.append((lo, hi))
        prev = hi
    return clean(out)


def _decode_orbits(text: str) -> dict[int, tuple[int, ...]]:
    orbit_of: dict[int, tuple[int, ...]] = {}
    base = 0
    for tok in text.split():
        parts = tok.split(":")
        base += _b36(parts[0])
        orbit = (base,) + tuple(base + _b36(p) for p in parts[1:])
        for r in orbit:
            orbit_of[r] = orbit
    return orbit_of


_ORBIT_OF = _decode_orbits(T.ORBITS)
_FOLDABLE = sorted(_ORBIT_OF)  # runes whose orbit has more than one member


def simple_fold(r: int) -> int:
    """unicode.SimpleFold: the next larger fold-equivalent rune, wrapping to the smallest."""
    orbit = _ORBIT_OF.get(r)
    if orbit is None:
        return r
    i = orbit.index(r)
    return orbit[(i + 1) % len(orbit)]


def orbit(r: int) -> tuple[int, ...]:
    return _ORBIT_OF.get(r, (r,))


def min_fold_rune(r: int) -> int:
    return _ORBIT_OF.get(r, (r,))[0]


def fold_closure(cls) -> list[tuple[int, int]]:
    """cls plus every rune equivalent to one of its runes under simple folding."""
    extra = []
    for lo, hi in cls:
        for k in range(bisect_left(_FOLDABLE, lo), bisect_right(_FOLDABLE, hi)):
            extra.extend((f, f) for f in _ORBIT_OF[_FOLDABLE[k]])
    return union(cls, extra) if extra else list(cls)


@lru_cache(maxsize=None)
def category(name: str) -> list[tuple[int, int]] | None:
    """unicode.Categories[name]; composite categories are unions, Cn the unassigned rest."""
    if name in T.CATEGORIES:
        return _decode_ranges(T.CATEGORIES[name])
    if name == "Cn":
        return negate(union(*(category(k) for k in T.CATEGORIES)))
    if name == "LC":
        return union(category("Lu"), category("Ll"), category("Lt"))
    if len(name) == 1:
        parts = [k for k in T.CATEGORIES if k[0] == name] + (["Cn"] if name == "C" else [])
        if parts:
            return union(*(category(k) for k in parts))
    return None


@lru_cache(maxsize=None)
def script(name: str) -> list[tuple[int, int]] | None:
    text = T.SCRIPTS.get(name)
    return None if text is None else _decode_ranges(text)


# Tables for which Go has a FoldCategory/FoldScript entry: only these fold under (?i).
_FOLD_CATEGORIES = {"L", "Ll", "Lt", "Lu", "M", "Mn"}
_FOLD_SCRIPTS = {"Common", "Greek", "Inherited"}
_ASCII = [(0, 0x7F)]
_ASCII_FOLD = [(0, 0x7F), (0x17F, 0x17F), (0x212A, 0x212A)]


def is_letter(r: int) -> bool:
    return contains(category("L"), r)


def is_digit(r: int) -> bool:
    return contains(category("Nd"), r)


def canonical_name(name: bytes) -> bytes:
    """Go's canonicalName: drop '_', '-', ' '; first letter upper, the rest lower (ASCII)."""
    out = bytearray()
    first = True
    for c in name:
        if c in b"_- ":
            continue
        if first:
            first = False
            if 0x61 <= c <= 0x7A:
                c -= 0x20
        elif 0x41 <= c <= 0x5A:
            c += 0x20
        out.append(c)
    return bytes(out)


@lru_cache(maxsize=None)
def _alias_maps() -> tuple[dict[str, str], dict[str, str]]:
    cats = {canonical_name(k.encode()).decode(): v for k, v in T.CATEGORY_ALIASES.items()}
    scripts = {canonical_name(k.encode()).decode(): k for k in T.SCRIPTS}
    return cats, scripts


_ONE_LETTER = ("C", "L", "M", "N", "P", "S", "Z")


def _is_category(n: str) -> bool:
    return n in T.CATEGORIES or n == "Cn" or n in _ONE_LETTER


def _cat_entry(cat: str):
    tab = category(cat)
    return tab, (fold_closure(tab) if cat in _FOLD_CATEGORIES else None), +1


def _script_entry(scr: str):
    tab = script(scr)
    return tab, (fold_closure(tab) if scr in _FOLD_SCRIPTS else None), +1


@lru_cache(maxsize=None)
def unicode_table(name: bytes):
    """Go's unicodeTable: (table, folded table or None, sign) for a \\p name; None if unknown.

    The second entry is table ∪ FoldCategory/FoldScript[name] (what the parser uses under (?i));
    None where Go has no fold table, in which case (?i) adds nothing.
    """
    try:
        n = canonical_name(name).decode("ascii")
    except UnicodeDecodeError:
        return None
    if n == "Any":
        return ANY, ANY, +1
    if n == "Assigned":
        cn = category("Cn")
        return cn, cn, -1
    if n == "Ascii":
        return _ASCII, _ASCII_FOLD, +1
    if n == "Lc":
        return category("LC"), None, +1
    if _is_category(n):
        return _cat_entry(n)
    if n in T.SCRIPTS:
        return _script_entry(n)
    cats, scripts = _alias_maps()
    if n in cats:
        return _cat_entry(cats[n])
    if n in scripts:
        return _script_entry(scripts[n])
    return None


@lru_cache(maxsize=None)
def _graphic_no_space() -> list[tuple[int, int]]:
    return union(*(category(c) for c in ("L", "M", "N", "P", "S")))


def is_print(r: int) -> bool:
    """unicode.IsPrint / strconv.IsPrint: L, M, N, P, S and the ASCII space."""
    return r == 0x20 or contains(_graphic_no_space(), r)


def quote(b: bytes) -> str:
    """strconv.Quote of a Go string given as bytes (used in Go error messages)."""
    out = ['"']
    i = 0
    while i < len(b):
        r, w = decode_rune(b, i)
        if w == 1 and r == RUNE_ERROR:
            out.append("\\x%02x" % b[i])
        elif r in (0x22, 0x5C):
            out.append("\\" + chr(r))
        elif is_print(r):
            out.append(chr(r))
        elif r in _C_ESC:
            out.append(_C_ESC[r])
        elif r < 0x20 or r == 0x7F:
            out.append("\\x%02x" % r)
        elif r < 0x10000:
            out.append("\\u%04x" % r)
        else:
            out.append("\\U%08x" % r)
        i += w
    out.append('"')
    return "".join(out)


_C_ESC = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}
