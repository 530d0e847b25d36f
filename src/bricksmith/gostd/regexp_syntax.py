"""Go's regexp/syntax parser with Perl flags, as regexp.Compile uses it.

It follows Go's operator-stack algorithm step for step, so it accepts exactly what Go accepts and
fails with Go's error code and offending text.  Character classes, `\\p{..}` tables and `(?i)`
folding are resolved here from Go's Unicode 17 data, so the tree holds explicit rune ranges and
flags only (see regexp_re2 and regexp_vm for what runs it).

Not ported: the alternation factoring pass (it never changes what matches), so the thresholds of
the "expression too large" / "expression nests too deeply" limits are only approximated.
"""

from __future__ import annotations

from ..gotemplate.gotypes import GoError, from_bytes, to_bytes
from . import uniclass as U

# Error codes (regexp/syntax ErrorCode strings).
ERR_INVALID_CHAR_CLASS = "invalid character class"
ERR_INVALID_CHAR_RANGE = "invalid character class range"
ERR_INVALID_ESCAPE = "invalid escape sequence"
ERR_INVALID_NAMED_CAPTURE = "invalid named capture"
ERR_INVALID_PERL_OP = "invalid or unsupported Perl syntax"
ERR_INVALID_REPEAT_OP = "invalid nested repetition operator"
ERR_INVALID_REPEAT_SIZE = "invalid repeat count"
ERR_INVALID_UTF8 = "invalid UTF-8"
ERR_MISSING_BRACKET = "missing closing ]"
ERR_MISSING_PAREN = "missing closing )"
ERR_MISSING_REPEAT_ARGUMENT = "missing argument to repetition operator"
ERR_TRAILING_BACKSLASH = "trailing backslash at end of expression"
ERR_UNEXPECTED_PAREN = "unexpected )"
ERR_NESTING_DEPTH = "expression nests too deeply"
ERR_LARGE = "expression too large"


class ParseError(GoError):
    """*syntax.Error: `error parsing regexp: <code>: `<expr>``."""

    def __init__(self, code: str, expr: bytes):
        self.code = code
        self.expr = from_bytes(expr)
        super().__init__(f"error parsing regexp: {code}: `{self.expr}`")


# Flags (the subset of syntax.Flags that Perl mode uses).
FOLD_CASE = 1
DOT_NL = 8
ONE_LINE = 16
NON_GREEDY = 32
PERL = ONE_LINE  # plus ClassNL|PerlX|UnicodeGroups, which are always on here

# Ops, in Go's order (the order matters where Go compares ops).
(NO_MATCH, EMPTY_MATCH, LITERAL, CHAR_CLASS, ANY_CHAR_NOT_NL, ANY_CHAR, BEGIN_LINE, END_LINE,
 BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY, CAPTURE, STAR, PLUS, QUEST, REPEAT,
 CONCAT, ALTERNATE) = range(1, 20)
PSEUDO = 128
LEFT_PAREN = PSEUDO
VERTICAL_BAR = PSEUDO + 1

MAX_HEIGHT = 1000
MAX_SIZE = (128 << 20) // 40
MAX_RUNES = (128 << 20) // 4

_PERL_GROUPS = {
    b"\\d": (+1, [(0x30, 0x39)]),
    b"\\s": (+1, [(0x9, 0xA), (0xC, 0xD), (0x20, 0x20)]),
    b"\\w": (+1, [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]),
}
_PERL_GROUPS.update({k.upper(): (-1, v[1]) for k, v in list(_PERL_GROUPS.items())})

_POSIX = {
    b"alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
    b"alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    b"ascii": [(0x0, 0x7F)],
    b"blank": [(0x9, 0x9), (0x20, 0x20)],
    b"cntrl": [(0x0, 0x1F), (0x7F, 0x7F)],
    b"digit": [(0x30, 0x39)],
    b"graph": [(0x21, 0x7E)],
    b"lower": [(0x61, 0x7A)],
    b"print": [(0x20, 0x7E)],
    b"punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    b"space": [(0x9, 0xD), (0x20, 0x20)],
    b"upper": [(0x41, 0x5A)],
    b"word": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
    b"xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}
_POSIX_GROUPS = {}
for _name, _cls in _POSIX.items():
    _POSIX_GROUPS[b"[:" + _name + b":]"] = (+1, _cls)
    _POSIX_GROUPS[b"[:^" + _name + b":]"] = (-1, _cls)


class Node:
    """A syntax.Regexp node.  `runes` for literals, `cls` (clean ranges) for classes."""

    __slots__ = ("op", "flags", "runes", "cls", "subs", "min", "max", "cap", "name", "h", "size")

    def __init__(self, op: int, flags: int = 0):
        self.op = op
        self.flags = flags
        self.runes: list[int] = []
        self.cls: list[tuple[int, int]] = []
        self.subs: list[Node] = []
        self.min = self.max = 0
        self.cap = 0
        self.name = ""
        self.h = None
        self.size = None


class Parsed:
    """The result of parsing: the tree, capture count and capture names (index 0 is "")."""

    def __init__(self, tree: Node, names: list[str]):
        self.tree = tree
        self.names = names

    @property
    def num_cap(self) -> int:
        return len(self.names) - 1


def _isalnum(c: int) -> bool:
    return 0x30 <= c <= 0x39 or 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A


def _unhex(c: int) -> int:
    if 0x30 <= c <= 0x39:
        return c - 0x30
    if 0x61 <= c <= 0x66:
        return c - 0x61 + 10
    if 0x41 <= c <= 0x46:
        return c - 0x41 + 10
    return -1


def _char_set(re: Node) -> list[tuple[int, int]]:
    """The runes a single-character node matches (for merging `a|b` into a class)."""
    if re.op == LITERAL:
        r = re.runes[0]
        return U.clean((f, f) for f in U.orbit(r)) if re.flags & FOLD_CASE else [(r, r)]
    if re.op == CHAR_CLASS:
        return re.cls
    if re.op == ANY_CHAR_NOT_NL:
        return [(0, 9), (11, U.MAX_RUNE)]
    return U.ANY


def _is_char_class(re: Node) -> bool:
    if re.op == LITERAL:
        return len(re.runes) == 1
    return re.op in (CHAR_CLASS, ANY_CHAR_NOT_NL, ANY_CHAR)


class _Parser:
    def __init__(self, s: bytes):
        self.s = s
        self.flags = PERL
        self.stack: list[Node] = []
        self.names = [""]
        self.num_regexp = 0
        self.num_runes = 0
        self.repeats = 0
        self.tracking_size = False
        self.tracking_height = False

    # -- errors and UTF-8 ----------------------------------------------------------------------

    def err(self, code: str, a: int, b: int | None = None):
        return ParseError(code, self.s[a:b])

    def next_rune(self, i: int, end: int | None = None) -> tuple[int, int]:
        """Rune at i (bounded by end); invalid UTF-8 fails with the rest of the bounded text."""
        end = len(self.s) if end is None else end
        r, w = U.decode_rune(self.s, i, end)
        if r == U.RUNE_ERROR and w == 1:
            raise self.err(ERR_INVALID_UTF8, i, end)
        return r, w

    def check_utf8(self, a: int, b: int):
        bad = U.first_invalid(self.s, a, b)
        if bad >= 0:
            raise self.err(ERR_INVALID_UTF8, bad, b)

    # -- stack -----------------------------------------------------------------------------------

    def new(self, op: int) -> Node:
        self.num_regexp += 1
        return Node(op)

    def push(self, re: Node) -> Node | None:
        self.num_runes += len(re.runes) + 2 * len(re.cls)
        cls = re.cls
        if re.op == CHAR_CLASS and len(cls) == 1 and cls[0][0] == cls[0][1]:
            # A one-rune class is a literal.
            if self.maybe_concat(cls[0][0], self.flags & ~FOLD_CASE):
                return None
            re.op, re.runes, re.cls, re.flags = LITERAL, [cls[0][0]], [], self.flags & ~FOLD_CASE
        elif re.op == CHAR_CLASS and self._is_fold_pair(cls):
            # [Aa] is a case-insensitive literal.
            if self.maybe_concat(cls[0][0], self.flags | FOLD_CASE):
                return None
            re.op, re.runes, re.cls, re.flags = LITERAL, [cls[0][0]], [], self.flags | FOLD_CASE
        else:
            self.maybe_concat(-1, 0)
        self.stack.append(re)
        self.check_limits(re)
        return re

    @staticmethod
    def _is_fold_pair(cls) -> bool:
        if len(cls) == 2 and cls[0][0] == cls[0][1] and cls[1][0] == cls[1][1]:
            a, b = cls[0][0], cls[1][0]
        elif len(cls) == 1 and cls[0][0] + 1 == cls[0][1]:
            a, b = cls[0]
        else:
            return False
        return U.simple_fold(a) == b and U.simple_fold(b) == a

    def maybe_concat(self, r: int, flags: int) -> bool:
        """Merge the top two literals (Go builds literal strings incrementally)."""
        st = self.stack
        if len(st) < 2:
            return False
        re1, re2 = st[-1], st[-2]
        if re1.op != LITERAL or re2.op != LITERAL or (re1.flags ^ re2.flags) & FOLD_CASE:
            return False
        re2.runes.extend(re1.runes)
        if r >= 0:
            re1.runes = [r]
            re1.flags = flags
            return True
        st.pop()
        return False

    def literal(self, r: int):
        re = self.new(LITERAL)
        re.flags = self.flags
        re.runes = [U.min_fold_rune(r) if self.flags & FOLD_CASE else r]
        self.push(re)

    def op(self, op: int) -> Node | None:
        re = self.new(op)
        re.flags = self.flags
        return self.push(re)

    # -- limits ----------------------------------------------------------------------------------

    def check_limits(self, re: Node):
        if self.num_runes > MAX_RUNES:
            raise _Limit(ERR_LARGE)
        self.check_size(re)
        self.check_height(re)

    def check_size(self, re: Node):
        if not self.tracking_size:
            if self.repeats == 0:
                self.repeats = 1
            if re.op == REPEAT:
                n = re.max if re.max != -1 else re.min
                n = max(n, 1)
                self.repeats = MAX_SIZE if n > MAX_SIZE // self.repeats else self.repeats * n
            if self.num_regexp < MAX_SIZE // self.repeats:
                return
            self.tracking_size = True
            for x in self.stack:
                self.check_size(x)
        if self.calc_size(re, True) > MAX_SIZE:
            raise _Limit(ERR_LARGE)

    def calc_size(self, re: Node, force: bool) -> int:
        """Go's calcSize (instructions a node compiles to), iteratively, caching per node."""
        if not force and re.size is not None:
            return re.size
        for node in postorder(re, lambda x: x.size is None):
            node.size = _own_size(node)
        return re.size

    def check_height(self, re: Node):
        if self.num_regexp < MAX_HEIGHT:
            return
        if not self.tracking_height:
            self.tracking_height = True
            for x in self.stack:
                self.check_height(x)
        if self.calc_height(re, True) > MAX_HEIGHT:
            raise _Limit(ERR_NESTING_DEPTH)

    def calc_height(self, re: Node, force: bool) -> int:
        if not force and re.h is not None:
            return re.h
        for node in postorder(re, lambda x: x.h is None):
            node.h = 1 + max((x.h for x in node.subs), default=0)
        return re.h

    # -- structure -------------------------------------------------------------------------------

    def repeat(self, op: int, lo: int, hi: int, before: int, after: int, last_repeat) -> int:
        flags = self.flags
        s = self.s
        if after < len(s) and s[after] == 0x3F:  # '?' makes it non-greedy (or greedy under U)
            after += 1
            flags ^= NON_GREEDY
        if last_repeat is not None:
            # Perl rejects stacked operators such as a** (a++ would mean something else).
            raise self.err(ERR_INVALID_REPEAT_OP, last_repeat, after)
        if not self.stack or self.stack[-1].op >= PSEUDO:
            raise self.err(ERR_MISSING_REPEAT_ARGUMENT, before, after)
        re = self.new(op)
        re.min, re.max, re.flags = lo, hi, flags
        re.subs = [self.stack[-1]]
        self.stack[-1] = re
        self.check_limits(re)
        if op == REPEAT and (lo >= 2 or hi >= 2) and not _repeat_is_valid(re, 1000):
            raise self.err(ERR_INVALID_REPEAT_SIZE, before, after)
        return after

    def _split_off(self) -> list[Node]:
        i = len(self.stack)
        while i > 0 and self.stack[i - 1].op < PSEUDO:
            i -= 1
        subs = self.stack[i:]
        del self.stack[i:]
        return subs

    def concat(self):
        self.maybe_concat(-1, 0)
        subs = self._split_off()
        if not subs:
            return self.push(self.new(EMPTY_MATCH))
        return self.push(self.collapse(subs, CONCAT))

    def alternate(self):
        subs = self._split_off()
        if not subs:
            return self.push(self.new(NO_MATCH))
        return self.push(self.collapse(subs, ALTERNATE))

    def collapse(self, subs: list[Node], op: int) -> Node:
        if len(subs) == 1:
            return subs[0]
        re = self.new(op)
        for sub in subs:
            re.subs.extend(sub.subs if sub.op == op else [sub])
        return re

    def swap_vertical_bar(self) -> bool:
        st = self.stack
        n = len(st)
        bar_between_chars = n >= 3 and st[n - 2].op == VERTICAL_BAR
        if bar_between_chars and _is_char_class(st[n - 1]) and _is_char_class(st[n - 3]):
            # x|y of single characters becomes one class below the bar.
            re1, re3 = st[n - 1], st[n - 3]
            merged = U.union(_char_set(re3), _char_set(re1))
            re3.op, re3.runes, re3.cls, re3.flags = CHAR_CLASS, [], merged, re3.flags & ~FOLD_CASE
            st.pop()
            return True
        if n >= 2 and st[n - 2].op == VERTICAL_BAR:
            st[n - 2], st[n - 1] = st[n - 1], st[n - 2]
            return True
        return False

    def parse_vertical_bar(self):
        self.concat()
        if not self.swap_vertical_bar():
            self.op(VERTICAL_BAR)

    def parse_right_paren(self):
        self.concat()
        if self.swap_vertical_bar():
            self.stack.pop()
        self.alternate()
        st = self.stack
        if len(st) < 2:
            raise self.err(ERR_UNEXPECTED_PAREN, 0)
        re1 = st.pop()
        re2 = st.pop()
        if re2.op != LEFT_PAREN:
            raise self.err(ERR_UNEXPECTED_PAREN, 0)
        self.flags = re2.flags
        if re2.cap == 0:
            self.push(re1)
        else:
            re2.op = CAPTURE
            re2.subs = [re1]
            self.push(re2)

    # -- lexical pieces --------------------------------------------------------------------------

    def parse_int(self, i: int) -> tuple[int, int] | None:
        """Decimal at i without leading zeros: (value or -1 if huge, end) or None."""
        s = self.s
        n = len(s)
        if i >= n or not 0x30 <= s[i] <= 0x39:
            return None
        if i + 1 < n and s[i] == 0x30 and 0x30 <= s[i + 1] <= 0x39:
            return None
        j = i
        while j < n and 0x30 <= s[j] <= 0x39:
            j += 1
        v = 0
        for c in s[i:j]:
            if v >= 100_000_000:
                v = -1
                break
            v = v * 10 + c - 0x30
        return v, j

    def parse_repeat(self, i: int):
        """{min} {min,} {min,max} at i: (min, max, end) or None when it is not a repeat."""
        s = self.s
        n = len(s)
        got = self.parse_int(i + 1)
        if got is None:
            return None
        lo, j = got
        if j >= n:
            return None
        if s[j] != 0x2C:  # ','
            hi = lo
        else:
            j += 1
            if j >= n:
                return None
            if s[j] == 0x7D:  # '}'
                hi = -1
            else:
                got = self.parse_int(j)
                if got is None:
                    return None
                hi, j = got
                if hi < 0:
                    lo = -1
        if j >= n or s[j] != 0x7D:
            return None
        return lo, hi, j + 1

    def parse_perl_flags(self, i: int) -> int:
        s = self.s
        n = len(s)
        rest = n - i
        starts_p = rest > 4 and s[i + 2] == 0x50 and s[i + 3] == 0x3C  # (?P<
        starts_name = rest > 3 and s[i + 2] == 0x3C  # (?<
        if starts_p or starts_name:
            expr_start = i + (4 if starts_p else 3)
            end = s.find(b">", i)
            if end < 0:
                self.check_utf8(i, n)
                raise self.err(ERR_INVALID_NAMED_CAPTURE, i)
            self.check_utf8(expr_start, end)
            name = s[expr_start:end]
            if not name or not all(c == 0x5F or _isalnum(c) for c in name):
                raise self.err(ERR_INVALID_NAMED_CAPTURE, i, end + 1)
            self.names.append(name.decode("ascii"))
            re = self.op(LEFT_PAREN)
            re.cap = len(self.names) - 1
            re.name = self.names[-1]
            return end + 1

        j = i + 2
        flags = self.flags
        sign = +1
        saw_flag = False
        while j < n:
            c, w = self.next_rune(j)
            j += w
            if c == 0x69:  # i
                flags |= FOLD_CASE
                saw_flag = True
            elif c == 0x6D:  # m
                flags &= ~ONE_LINE
                saw_flag = True
            elif c == 0x73:  # s
                flags |= DOT_NL
                saw_flag = True
            elif c == 0x55:  # U
                flags |= NON_GREEDY
                saw_flag = True
            elif c == 0x2D:  # '-': flags are inverted so that the above clear instead of set
                if sign < 0:
                    break
                sign = -1
                flags = ~flags
                saw_flag = False
            elif c in (0x3A, 0x29):  # ':' or ')'
                if sign < 0:
                    if not saw_flag:
                        break
                    flags = ~flags
                if c == 0x3A:
                    self.op(LEFT_PAREN)
                self.flags = flags
                return j
            else:
                break
        raise self.err(ERR_INVALID_PERL_OP, i, j)

    def parse_escape(self, i: int) -> tuple[int, int]:
        """A single-rune escape at s[i] == '\\': (rune, end)."""
        s = self.s
        n = len(s)
        j = i + 1
        if j >= n:
            raise ParseError(ERR_TRAILING_BACKSLASH, b"")
        c, w = self.next_rune(j)
        j += w
        if c < 0x80 and not _isalnum(c):
            return c, j
        if 0x31 <= c <= 0x37 and not (j < n and 0x30 <= s[j] <= 0x37):
            pass  # a lone \1..\7 would be a backreference: unsupported
        elif 0x30 <= c <= 0x37:
            r = c - 0x30
            for _ in range(2):
                if j >= n or not 0x30 <= s[j] <= 0x37:
                    break
                r = r * 8 + s[j] - 0x30
                j += 1
            return r, j
        elif c == 0x78:  # x
            if j < n:
                c, w = self.next_rune(j)
                j += w
                if c == 0x7B:  # {
                    nhex = 0
                    r = 0
                    while True:
                        if j >= n:
                            break
                        c, w = self.next_rune(j)
                        j += w
                        if c == 0x7D:
                            if nhex:
                                return r, j
                            break
                        v = _unhex(c)
                        if v < 0:
                            break
                        r = r * 16 + v
                        if r > U.MAX_RUNE:
                            break
                        nhex += 1
                else:
                    x = _unhex(c)
                    c, w = U.decode_rune(s, j)
                    if c == U.RUNE_ERROR and w == 1:
                        raise self.err(ERR_INVALID_UTF8, j)
                    j += w
                    y = _unhex(c)
                    if x >= 0 and y >= 0:
                        return x * 16 + y, j
        elif c in _C_ESCAPES:
            return _C_ESCAPES[c], j
        raise self.err(ERR_INVALID_ESCAPE, i, j)

    def group(self, sign: int, cls) -> list[tuple[int, int]]:
        """appendGroup: a Perl or POSIX group, folded first under (?i), then maybe negated."""
        if self.flags & FOLD_CASE:
            cls = U.fold_closure(cls)
        return U.negate(cls) if sign < 0 else list(cls)

    def parse_unicode_class(self, i: int):
        """\\pN, \\p{Name}, \\P.., \\p{^..} at i: (class, end), or None if not there."""
        s = self.s
        n = len(s)
        if n - i < 2 or s[i] != 0x5C or s[i + 1] not in (0x70, 0x50):
            return None
        sign = -1 if s[i + 1] == 0x50 else +1
        j = i + 2
        c, w = U.decode_rune(s, j)
        if c == U.RUNE_ERROR and w == 1:
            raise self.err(ERR_INVALID_UTF8, j)
        if c != 0x7B:
            seq_end = j + w
            name = s[i + 2 : seq_end]
        else:
            end = s.find(b"}", i)
            if end < 0:
                self.check_utf8(i, n)
                raise self.err(ERR_INVALID_CHAR_RANGE, i)
            seq_end = end + 1
            self.check_utf8(i + 3, end)
            name = s[i + 3 : end]
        if name[:1] == b"^":
            sign = -sign
            name = name[1:]
        entry = U.unicode_table(name)
        if entry is None:
            raise self.err(ERR_INVALID_CHAR_RANGE, i, seq_end)
        tab, folded, tsign = entry
        if tsign < 0:
            sign = -sign
        if self.flags & FOLD_CASE and folded is not None:
            tab = folded
        return (U.negate(tab) if sign < 0 else tab), seq_end

    def parse_perl_class_escape(self, i: int):
        g = _PERL_GROUPS.get(self.s[i : i + 2])
        if g is None:
            return None
        return self.group(*g), i + 2

    def parse_named_class(self, i: int):
        s = self.s
        if s[i : i + 2] != b"[:":
            return None
        k = s.find(b":]", i + 2)
        if k < 0:
            return None
        name = s[i : k + 2]
        g = _POSIX_GROUPS.get(name)
        if g is None:
            raise self.err(ERR_INVALID_CHAR_RANGE, i, k + 2)
        return self.group(*g), k + 2

    def parse_class_char(self, i: int, class_start: int) -> tuple[int, int]:
        s = self.s
        if i >= len(s):
            raise self.err(ERR_MISSING_BRACKET, class_start)
        if s[i] == 0x5C:
            return self.parse_escape(i)
        r, w = self.next_rune(i)
        return r, i + w

    def parse_class(self, i: int) -> int:
        s = self.s
        n = len(s)
        re = self.new(CHAR_CLASS)
        re.flags = self.flags
        t = i + 1
        sign = +1
        if t < n and s[t] == 0x5E:  # '^'
            sign = -1
            t += 1
        ranges: list[tuple[int, int]] = []
        first = True  # ']' and '-' are literal in first position
        while t >= n or s[t] != 0x5D or first:
            first = False
            if n - t > 2 and s[t] == 0x5B and s[t + 1] == 0x3A:
                got = self.parse_named_class(t)
                if got is not None:
                    ranges.extend(got[0])
                    t = got[1]
                    continue
            got = self.parse_unicode_class(t) or self.parse_perl_class_escape(t)
            if got is not None:
                ranges.extend(got[0])
                t = got[1]
                continue
            rng = t
            lo, t = self.parse_class_char(t, i)
            hi = lo
            if n - t >= 2 and s[t] == 0x2D and s[t + 1] != 0x5D:  # a-b, but [a-] is a and -
                hi, t = self.parse_class_char(t + 1, i)
                if hi < lo:
                    raise self.err(ERR_INVALID_CHAR_RANGE, rng, t)
            if self.flags & FOLD_CASE:
                ranges.extend(U.fold_closure([(lo, hi)]))
            else:
                ranges.append((lo, hi))
        cls = U.clean(ranges)
        re.cls = U.negate(cls) if sign < 0 else cls
        self.push(re)
        return t + 1

    # -- main loop -------------------------------------------------------------------------------

    def parse(self) -> Node:
        s = self.s
        n = len(s)
        i = 0
        last_repeat: int | None = None
        while i < n:
            repeat = None
            c = s[i]
            if c == 0x28:  # (
                if i + 1 < n and s[i + 1] == 0x3F:
                    i = self.parse_perl_flags(i)
                else:
                    self.names.append("")
                    self.op(LEFT_PAREN).cap = len(self.names) - 1
                    i += 1
            elif c == 0x7C:  # |
                self.parse_vertical_bar()
                i += 1
            elif c == 0x29:  # )
                self.parse_right_paren()
                i += 1
            elif c == 0x5E:  # ^
                self.op(BEGIN_TEXT if self.flags & ONE_LINE else BEGIN_LINE)
                i += 1
            elif c == 0x24:  # $
                self.op(END_TEXT if self.flags & ONE_LINE else END_LINE)
                i += 1
            elif c == 0x2E:  # .
                self.op(ANY_CHAR if self.flags & DOT_NL else ANY_CHAR_NOT_NL)
                i += 1
            elif c == 0x5B:  # [
                i = self.parse_class(i)
            elif c in (0x2A, 0x2B, 0x3F):  # * + ?
                op = {0x2A: STAR, 0x2B: PLUS, 0x3F: QUEST}[c]
                repeat = i
                i = self.repeat(op, 0, 0, i, i + 1, last_repeat)
            elif c == 0x7B:  # {
                got = self.parse_repeat(i)
                if got is None:
                    self.literal(0x7B)  # not a repeat: a literal brace
                    i += 1
                else:
                    lo, hi, after = got
                    if lo < 0 or lo > 1000 or hi > 1000 or (hi >= 0 and lo > hi):
                        raise self.err(ERR_INVALID_REPEAT_SIZE, i, after)
                    repeat = i
                    i = self.repeat(REPEAT, lo, hi, i, after, last_repeat)
            elif c == 0x5C:  # backslash
                i = self.parse_backslash(i)
            else:
                r, w = self.next_rune(i)
                self.literal(r)
                i += w
            last_repeat = repeat
        self.concat()
        if self.swap_vertical_bar():
            self.stack.pop()
        self.alternate()
        if len(self.stack) != 1:
            raise self.err(ERR_MISSING_PAREN, 0)
        return self.stack[0]

    def parse_backslash(self, i: int) -> int:
        s = self.s
        n = len(s)
        if i + 1 < n:
            c = s[i + 1]
            simple = {0x41: BEGIN_TEXT, 0x62: WORD_BOUNDARY, 0x42: NO_WORD_BOUNDARY, 0x7A: END_TEXT}
            if c in simple:  # \A \b \B \z
                self.op(simple[c])
                return i + 2
            if c == 0x43:  # \C (any byte) is not supported
                raise self.err(ERR_INVALID_ESCAPE, i, i + 2)
            if c == 0x51:  # \Q...\E: everything up to \E is literal
                end = s.find(b"\\E", i + 2)
                lit_end, nxt = (n, n) if end < 0 else (end, end + 2)
                j = i + 2
                while j < lit_end:
                    r, w = self.next_rune(j, lit_end)
                    self.literal(r)
                    j += w
                return nxt
        got = None
        if i + 1 < n and s[i + 1] in (0x70, 0x50):
            got = self.parse_unicode_class(i)
        if got is None:
            got = self.parse_perl_class_escape(i)
        if got is not None:
            re = self.new(CHAR_CLASS)
            re.flags = self.flags
            re.cls = got[0]
            self.push(re)
            return got[1]
        r, j = self.parse_escape(i)
        self.literal(r)
        return j


_C_ESCAPES = {0x61: 7, 0x66: 12, 0x6E: 10, 0x72: 13, 0x74: 9, 0x76: 11}


class _Limit(Exception):
    def __init__(self, code: str):
        self.code = code


def postorder(root: Node, descend) -> list[Node]:
    """root's subtree in post-order, entering only children for which descend(child) holds.

    Trees can nest about a thousand levels deep, so no recursion here or in the emitter.
    """
    out = []
    todo = [(root, False)]
    while todo:
        node, expanded = todo.pop()
        if expanded:
            out.append(node)
            continue
        todo.append((node, True))
        todo.extend((x, False) for x in reversed(node.subs) if descend(x))
    return out


def _own_size(re: Node) -> int:
    """calcSize for one node whose children's sizes are known."""
    op = re.op
    size = 0
    if op == LITERAL:
        size = len(re.runes)
    elif op in (CAPTURE, STAR):
        size = 2 + re.subs[0].size
    elif op in (PLUS, QUEST):
        size = 1 + re.subs[0].size
    elif op == CONCAT:
        size = sum(x.size for x in re.subs)
    elif op == ALTERNATE:
        size = sum(x.size for x in re.subs) + max(len(re.subs) - 1, 0)
    elif op == REPEAT:
        sub = re.subs[0].size
        if re.max == -1:
            size = 2 + sub if re.min == 0 else 1 + re.min * sub
        else:
            size = re.max * sub + (re.max - re.min)
    return max(1, size)


def _repeat_is_valid(re: Node, n: int) -> bool:
    """No more than n copies of the innermost thing across nested counted repetitions."""
    todo = [(re, n)]
    while todo:
        node, n = todo.pop()
        if node.op == REPEAT:
            m = node.max
            if m == 0:
                continue
            if m < 0:
                m = node.min
            if m > n:
                return False
            if m > 0:
                n //= m
        todo.extend((x, n) for x in node.subs)
    return True


def parse(expr: str) -> Parsed:
    """Parse like regexp/syntax.Parse(expr, syntax.Perl); raises ParseError (a GoError)."""
    s = to_bytes(expr)
    p = _Parser(s)
    try:
        tree = p.parse()
    except _Limit as e:
        raise ParseError(e.code, s) from None
    return Parsed(tree, p.names)
