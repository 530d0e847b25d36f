"""Go's `path` package: slash-separated paths (Match, Join, Clean, Split, Base, Dir, Ext, IsAbs).

`match` is what `skip` patterns use.  Unlike fnmatch, `*` and `?` never match `/`, classes negate
with `^` only (`[!a]` is a class of `!` and `a`), and a malformed pattern is an error only when
Go's left-to-right scan actually reaches the bad part (so some mismatches report no error).
Everything works on the Go bytes of the strings.
"""

from __future__ import annotations

from ..gotemplate.gotypes import GoError, from_bytes, to_bytes
from .uniclass import RUNE_ERROR, decode_rune

ERR_BAD_PATTERN = "syntax error in pattern"


class _BadPattern(Exception):
    pass


def match(pattern: str, name: str) -> bool:
    """path.Match: whether name matches the shell pattern; GoError on a malformed pattern."""
    try:
        return _match(to_bytes(pattern), to_bytes(name))
    except _BadPattern:
        raise GoError(ERR_BAD_PATTERN) from None


def _match(pattern: bytes, name: bytes) -> bool:
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            # A trailing * matches the rest of the name unless it crosses a /.
            return b"/" not in name
        t = _match_chunk(chunk, name)
        if t is not None and (not t or pattern):
            name = t
            continue
        if star:
            # Let the * swallow more of the name (never a /) and try the chunk again.
            advanced = False
            i = 0
            while i < len(name) and name[i] != 0x2F:
                t = _match_chunk(chunk, name[i + 1 :])
                if t is not None and not (not pattern and t):
                    name = t
                    advanced = True
                    break
                i += 1
            if advanced:
                continue
        # No match: Go still reports a malformed remainder of the pattern.
        while pattern:
            _, chunk, pattern = _scan_chunk(pattern)
            _match_chunk(chunk, b"")
        return False
    return not name


def _scan_chunk(pattern: bytes) -> tuple[bool, bytes, bytes]:
    """Leading stars, then the chunk up to the next unbracketed star."""
    star = False
    while pattern[:1] == b"*":
        pattern = pattern[1:]
        star = True
    in_range = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == 0x5C:  # backslash skips the next byte
            if i + 1 < len(pattern):
                i += 1
        elif c == 0x5B:
            in_range = True
        elif c == 0x5D:
            in_range = False
        elif c == 0x2A and not in_range:
            return star, pattern[:i], pattern[i:]
        i += 1
    return star, pattern, b""


def _match_chunk(chunk: bytes, s: bytes) -> bytes | None:
    """The rest of s after chunk matched its start, None if it did not; _BadPattern if bad.

    Like Go, the whole chunk is scanned even after a mismatch so that syntax errors surface.
    """
    failed = False
    while chunk:
        failed = failed or not s
        c = chunk[0]
        if c == 0x5B:  # [class]
            r = 0
            if not failed:
                r, n = decode_rune(s, 0)
                s = s[n:]
            chunk = chunk[1:]
            negated = chunk[:1] == b"^"
            if negated:
                chunk = chunk[1:]
            matched = False
            nrange = 0
            while True:
                if chunk[:1] == b"]" and nrange > 0:
                    chunk = chunk[1:]
                    break
                lo, chunk = _get_esc(chunk)
                hi = lo
                if chunk[0] == 0x2D:  # '-'
                    hi, chunk = _get_esc(chunk[1:])
                matched = matched or lo <= r <= hi
                nrange += 1
            failed = failed or matched == negated
        elif c == 0x3F:  # ?
            if not failed:
                failed = s[0] == 0x2F
                s = s[decode_rune(s, 0)[1] :]
            chunk = chunk[1:]
        else:
            if c == 0x5C:
                chunk = chunk[1:]
                if not chunk:
                    raise _BadPattern
            if not failed:
                failed = chunk[0] != s[0]
                s = s[1:]
            chunk = chunk[1:]
    return None if failed else s


def _get_esc(chunk: bytes) -> tuple[int, bytes]:
    """One (possibly escaped) rune of a class; the class must continue after it."""
    if not chunk or chunk[0] in (0x2D, 0x5D):
        raise _BadPattern
    if chunk[0] == 0x5C:
        chunk = chunk[1:]
        if not chunk:
            raise _BadPattern
    r, n = decode_rune(chunk, 0)
    if r == RUNE_ERROR and n == 1:
        raise _BadPattern
    chunk = chunk[n:]
    if not chunk:
        raise _BadPattern
    return r, chunk


def _clean(p: bytes) -> bytes:
    if not p:
        return b"."
    rooted = p[0] == 0x2F
    n = len(p)
    out = bytearray()
    w = 0

    def put(c: int):
        nonlocal w
        if w < len(out):
            out[w] = c
        else:
            out.append(c)
        w += 1

    r = dotdot = 0
    if rooted:
        put(0x2F)
        r = dotdot = 1
    while r < n:
        if p[r] == 0x2F:
            r += 1
        elif p[r] == 0x2E and (r + 1 == n or p[r + 1] == 0x2F):
            r += 1
        elif p[r] == 0x2E and p[r + 1] == 0x2E and (r + 2 == n or p[r + 2] == 0x2F):
            r += 2
            if w > dotdot:
                # Back up to the previous slash.
                w -= 1
                while w > dotdot and out[w] != 0x2F:
                    w -= 1
            elif not rooted:
                # Leading .. elements of a relative path are kept.
                if w > 0:
                    put(0x2F)
                put(0x2E)
                put(0x2E)
                dotdot = w
        else:
            if (rooted and w != 1) or (not rooted and w != 0):
                put(0x2F)
            while r < n and p[r] != 0x2F:
                put(p[r])
                r += 1
    return bytes(out[:w]) if w else b"."


def clean(p: str) -> str:
    """path.Clean: the shortest equivalent path (no //, no . elements, .. resolved lexically)."""
    return from_bytes(_clean(to_bytes(p)))


def join(*elems: str) -> str:
    """path.Join: non-empty elements joined with / and cleaned; "" if all are empty."""
    parts = [to_bytes(e) for e in elems]
    if not any(parts):
        return ""
    return from_bytes(_clean(b"/".join(e for e in _drop_leading_empty(parts))))


def _drop_leading_empty(parts: list[bytes]) -> list[bytes]:
    # Go skips empty elements only until the first non-empty one; later empties give "//",
    # which Clean removes anyway.
    i = 0
    while i < len(parts) and not parts[i]:
        i += 1
    return parts[i:]


def split(p: str) -> tuple[str, str]:
    b = to_bytes(p)
    i = b.rfind(b"/")
    return from_bytes(b[: i + 1]), from_bytes(b[i + 1 :])


def base(p: str) -> str:
    b = to_bytes(p)
    if not b:
        return "."
    b = b.rstrip(b"/")
    i = b.rfind(b"/")
    if i >= 0:
        b = b[i + 1 :]
    return from_bytes(b) if b else "/"


def dir(p: str) -> str:  # noqa: A001 - Go's name
    return clean(split(p)[0])


def ext(p: str) -> str:
    b = to_bytes(p)
    i = len(b) - 1
    while i >= 0 and b[i] != 0x2F:
        if b[i] == 0x2E:
            return from_bytes(b[i:])
        i -= 1
    return ""


def is_abs(p: str) -> bool:
    return p.startswith("/")
