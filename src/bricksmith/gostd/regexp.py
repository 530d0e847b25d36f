"""Go's `regexp` package: *regexp.Regexp with RE2 semantics, as templates see it.

Parsing, and so every compile error, is Go's (`regexp_syntax`).  Matching runs on C++ RE2 via
google-re2 with the tree translated to explicit ranges (`regexp_re2`), except for patterns that
repeat something able to match empty, where RE2 orders the empty iterations differently from Go;
those run on a port of Go's own NFA (`regexp_vm`).  Two more engine gaps are bridged here:

* Go decodes each invalid UTF-8 byte of the text as U+FFFD.  Such text is matched with every bad
  byte replaced by a real U+FFFD and offsets are mapped back to the original bytes.
* RE2's unanchored search advances byte by byte, so it may report an empty match inside a
  multibyte character; Go only looks at rune boundaries, so we search again from the next one.

The `Find*All*`/`ReplaceAll*`/`Split` loops and `Expand` are ported from Go, since that is where
the "empty match right after a match" rules and the `$name` syntax live.
"""

from __future__ import annotations

from functools import lru_cache

import re2

from ..gotemplate.gotypes import (
    GoError, GoObject, GoSlice, Uint8, from_bytes, go_uncallable, gomethod, to_bytes,
)
from . import regexp_syntax as syntax
from . import regexp_vm, uniclass
from .regexp_re2 import to_re2

_ANCHOR = re2._re2.RE2.Anchor.UNANCHORED
_NO_SPAN = (-1, -1)


def _options() -> re2.Options:
    opts = re2.Options()
    opts.log_errors = False  # a rejected pattern must not print to stderr
    opts.max_mem = 256 << 20  # Go allows programs up to ~3.3M instructions
    return opts


_OPTS = _options()


class _Program:
    """A compiled expression: Go's capture names plus the engine that does the matching.

    RE2 by default; Go's own NFA (regexp_vm) where RE2 would order empty iterations of a
    repetition differently.
    """

    def __init__(self, expr: str):
        parsed = syntax.parse(expr)
        self.expr = expr
        self.names = parsed.names
        self.num_subexp = parsed.num_cap
        self.vm = None
        self.rx = None
        if regexp_vm.needs_go_vm(parsed.tree):
            try:
                self.vm = regexp_vm.compile_prog(parsed.tree)
                return
            except RecursionError:
                pass  # nested ~1000 deep: let RE2 run it
        self.re2_pattern = to_re2(parsed.tree)
        rx = re2._re2.RE2(self.re2_pattern.encode("utf-8"), _OPTS)
        if not rx.ok() or rx.NumberOfCapturingGroups() != self.num_subexp:
            # Only conceivable for giant patterns that blow RE2's memory budget.
            raise GoError(f"error parsing regexp: {syntax.ERR_LARGE}: `{expr}`")
        self.rx = rx

    def match(self, eng: bytes, pos: int) -> list[tuple[int, int]] | None:
        """All group spans of the leftmost-first match at or after pos (any byte offset)."""
        if self.vm is not None:
            caps = regexp_vm.match(self.vm, eng, pos, 2 * (self.num_subexp + 1))
            return None if caps is None else list(zip(caps[::2], caps[1::2]))
        spans = self.rx.Match(_ANCHOR, eng, pos, len(eng))
        return None if spans[0] == _NO_SPAN else spans


@lru_cache(maxsize=1024)
def _program(expr: str) -> _Program | GoError:
    try:
        return _Program(expr)
    except GoError as e:
        return e


class _Text:
    """A subject string: its Go bytes, the valid UTF-8 the engine sees, and the offset map."""

    __slots__ = ("orig", "eng", "to_orig")

    def __init__(self, s: str):
        try:
            self.orig = self.eng = s.encode("utf-8")
            self.to_orig = None
            return
        except UnicodeEncodeError:
            pass
        self.orig = to_bytes(s)
        eng = bytearray()
        to_orig = []
        o = 0
        for ch in s:
            if "\udc80" <= ch <= "\udcff":  # one invalid byte: Go reads it as U+FFFD
                piece, width = b"\xef\xbf\xbd", 1
            else:
                piece = ch.encode("utf-8")
                width = len(piece)
            to_orig.extend(range(o, o + len(piece)))
            eng += piece
            o += width
        to_orig.append(o)
        self.eng = bytes(eng)
        self.to_orig = to_orig

    def off(self, i: int) -> int:
        return i if self.to_orig is None or i < 0 else self.to_orig[i]

    def width(self, i: int) -> int:
        """Width of the rune at engine offset i (0 at the end)."""
        if i >= len(self.eng):
            return 0
        c = self.eng[i]
        return 1 if c < 0x80 else 2 if c < 0xE0 else 3 if c < 0xF0 else 4

    def slice(self, a: int, b: int) -> str:
        return from_bytes(self.orig[self.off(a) : self.off(b)])


class Regexp(GoObject):
    """*regexp.Regexp.  Methods taking []byte, readers or funcs are not modelled."""

    go_type = "*regexp.Regexp"

    def __init__(self, prog: _Program):
        self._prog = prog

    def __repr__(self) -> str:
        return f"Regexp({self._prog.expr!r})"

    def __str__(self) -> str:
        return self._prog.expr

    # -- engine ----------------------------------------------------------------------------------

    def _find(self, t: _Text, pos: int) -> list[tuple[int, int]] | None:
        """Leftmost-first match starting at a rune boundary >= pos, as engine-space spans."""
        eng = t.eng
        while True:
            spans = self._prog.match(eng, pos)
            if spans is None:
                return None
            start = spans[0][0]
            if start == len(eng) or eng[start] & 0xC0 != 0x80:
                return spans
            # An empty match inside a character: Go never tries there.
            pos = start + 1
            while pos < len(eng) and eng[pos] & 0xC0 == 0x80:
                pos += 1

    def _all(self, t: _Text, n: int):
        """Successive matches as Go's `matches` yields them (at most n when n >= 0)."""
        if n == 0:
            return
        end = len(t.eng)
        pos, prev_end = 0, -1
        while pos <= end:
            m = self._find(t, pos)
            if m is None:
                return
            accept = True
            if m[0][1] == pos:
                # An empty match right after the previous match does not count.
                accept = m[0][0] != prev_end
                w = t.width(pos)
                pos = pos + w if w > 0 else end + 1
            else:
                pos = m[0][1]
            prev_end = m[0][1]
            if accept:
                yield m
                n -= 1
                if n == 0:
                    return

    @staticmethod
    def _index(t: _Text, spans) -> GoSlice:
        return GoSlice([t.off(x) for span in spans for x in span], elem="int")

    @staticmethod
    def _strings(t: _Text, spans) -> GoSlice:
        return GoSlice(["" if a < 0 else t.slice(a, b) for a, b in spans], elem="string")

    def _replace_all(self, src: str, repl) -> str:
        t = _Text(src)
        end = len(t.eng)
        out = bytearray()
        last = search = 0
        while search <= end:
            m = self._find(t, search)
            if m is None:
                break
            a0, a1 = m[0]
            out += t.orig[t.off(last) : t.off(a0)]
            # No replacement for an empty match that abuts the previous match.
            if a1 > last or a0 == 0:
                out += repl(t, m)
            last = a1
            w = t.width(search)
            if search + w > a1:
                search += w
            elif search + 1 > a1:
                search += 1
            else:
                search = a1
        out += t.orig[t.off(last) :]
        return from_bytes(bytes(out))

    def _expand(self, template: bytes, t: _Text, m) -> bytes:
        """Go's Regexp.expand: $name, ${name}, $$; unknown or unmatched groups expand to nothing."""
        out = bytearray()
        names = self._prog.names
        while template:
            k = template.find(b"$")
            if k < 0:
                break
            out += template[:k]
            template = template[k + 1 :]
            if template[:1] == b"$":
                out += b"$"
                template = template[1:]
                continue
            got = _extract(template)
            if got is None:
                out += b"$"  # malformed: the $ is kept as text
                continue
            name, num, template = got
            if num >= 0:
                if num < len(m) and m[num][0] >= 0:
                    out += t.orig[t.off(m[num][0]) : t.off(m[num][1])]
            else:
                for i, n in enumerate(names):
                    if n.encode() == name and i < len(m) and m[i][0] >= 0:
                        out += t.orig[t.off(m[i][0]) : t.off(m[i][1])]
                        break
        out += template
        return bytes(out)

    # -- Go methods ------------------------------------------------------------------------------

    @gomethod(result="string")
    def String(self) -> str:
        return self._prog.expr

    @gomethod(result="*regexp.Regexp")
    def Copy(self) -> "Regexp":
        return Regexp(self._prog)

    @gomethod(result="[]uint8", error=True)
    def MarshalText(self) -> GoSlice:
        return GoSlice([Uint8(c) for c in to_bytes(self._prog.expr)], elem="uint8")

    # Found by templates but not callable: (string, bool) and no result at all.
    @go_uncallable("string", "bool")
    def LiteralPrefix(self):
        raise AssertionError("not callable from templates")

    @go_uncallable()
    def Longest(self):
        raise AssertionError("not callable from templates")

    @gomethod(result="int")
    def NumSubexp(self) -> int:
        return self._prog.num_subexp

    @gomethod(result="[]string")
    def SubexpNames(self) -> GoSlice:
        return GoSlice(self._prog.names, elem="string")

    @gomethod("string", result="int")
    def SubexpIndex(self, name: str) -> int:
        if name:
            for i, n in enumerate(self._prog.names):
                if n == name:
                    return i
        return -1

    @gomethod("string", result="bool")
    def MatchString(self, s: str) -> bool:
        return self._find(_Text(s), 0) is not None

    @gomethod("string", result="string")
    def FindString(self, s: str) -> str:
        t = _Text(s)
        m = self._find(t, 0)
        return "" if m is None else t.slice(*m[0])

    @gomethod("string", result="[]int")
    def FindStringIndex(self, s: str) -> GoSlice:
        t = _Text(s)
        m = self._find(t, 0)
        return GoSlice(elem="int", nil=True) if m is None else self._index(t, m[:1])

    @gomethod("string", result="[]string")
    def FindStringSubmatch(self, s: str) -> GoSlice:
        t = _Text(s)
        m = self._find(t, 0)
        return GoSlice(elem="string", nil=True) if m is None else self._strings(t, m)

    @gomethod("string", result="[]int")
    def FindStringSubmatchIndex(self, s: str) -> GoSlice:
        t = _Text(s)
        m = self._find(t, 0)
        return GoSlice(elem="int", nil=True) if m is None else self._index(t, m)

    @gomethod("string", "int", result="[]string")
    def FindAllString(self, s: str, n: int) -> GoSlice:
        t = _Text(s)
        out = [t.slice(*m[0]) for m in self._all(t, n)]
        return GoSlice(out, elem="string", nil=True)

    @gomethod("string", "int", result="[][]int")
    def FindAllStringIndex(self, s: str, n: int) -> GoSlice:
        t = _Text(s)
        out = [self._index(t, m[:1]) for m in self._all(t, n)]
        return GoSlice(out, elem="[]int", nil=True)

    @gomethod("string", "int", result="[][]string")
    def FindAllStringSubmatch(self, s: str, n: int) -> GoSlice:
        t = _Text(s)
        out = [self._strings(t, m) for m in self._all(t, n)]
        return GoSlice(out, elem="[]string", nil=True)

    @gomethod("string", "int", result="[][]int")
    def FindAllStringSubmatchIndex(self, s: str, n: int) -> GoSlice:
        t = _Text(s)
        out = [self._index(t, m) for m in self._all(t, n)]
        return GoSlice(out, elem="[]int", nil=True)

    @gomethod("string", "string", result="string")
    def ReplaceAllString(self, src: str, repl: str) -> str:
        template = to_bytes(repl)
        return self._replace_all(src, lambda t, m: self._expand(template, t, m))

    @gomethod("string", "string", result="string")
    def ReplaceAllLiteralString(self, src: str, repl: str) -> str:
        literal = to_bytes(repl)
        return self._replace_all(src, lambda t, m: literal)

    @gomethod("string", "int", result="[]string")
    def Split(self, s: str, n: int) -> GoSlice:
        if n == 0:
            return GoSlice(elem="string", nil=True)
        if self._prog.expr and not s:
            return GoSlice([""], elem="string")
        t = _Text(s)
        pieces: list[str] = []
        beg = end = 0
        for m in self._all(t, n):
            if n > 0 and len(pieces) >= n - 1:
                break
            end = m[0][0]
            if m[0][1] != 0:
                pieces.append(t.slice(beg, end))
            beg = m[0][1]
        if end != len(t.eng):
            pieces.append(t.slice(beg, len(t.eng)))
        return GoSlice(pieces, elem="string")


def _extract(s: bytes):
    """A leading `name` or `{name}` after `$`: (name, number or -1, rest), or None."""
    if not s:
        return None
    brace = s[:1] == b"{"
    if brace:
        s = s[1:]
    i = 0
    while i < len(s):
        r, w = uniclass.decode_rune(s, i)
        if not (r == 0x5F or uniclass.is_letter(r) or uniclass.is_digit(r)):
            break
        i += w
    if i == 0:
        return None
    name = s[:i]
    if brace:
        if i >= len(s) or s[i] != 0x7D:
            return None
        i += 1
    num = 0
    for c in name:
        if not 0x30 <= c <= 0x39 or num >= 100_000_000:
            num = -1
            break
        num = num * 10 + c - 0x30
    if name[:1] == b"0" and len(name) > 1:
        num = -1
    return name, num, s[i:]


def compile(expr: str) -> Regexp:
    """regexp.Compile: a fresh *Regexp (compiled programs are cached) or a GoError."""
    prog = _program(expr)
    if isinstance(prog, GoError):
        raise GoError(prog.message)
    return Regexp(prog)


def match_string(pattern: str, s: str) -> bool:
    """regexp.MatchString: unanchored search; an invalid pattern raises GoError."""
    return compile(pattern).MatchString(s)
