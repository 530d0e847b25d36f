"""Go's own matching machine (simplify, compile, Pike VM), for the patterns RE2 reads differently.

C++ RE2 and Go agree on leftmost-first matching except when a repetition's operand can match the
empty string (e.g. `(?:(?:ab)??)*`): there the two engines order the empty iterations
differently.  Such patterns are rare, so they run on this port of regexp/syntax's Simplify and
Compile and of regexp's NFA (exec.go); everything else stays on RE2.

Positions are byte offsets into the Go string; an invalid byte reads as U+FFFD of width 1.
"""

from __future__ import annotations

from bisect import bisect_right

from . import regexp_syntax as S
from . import uniclass as U

# Instruction ops.
FAIL, ALT, NOP, CAPTURE, EMPTY, MATCH, RUNE = range(7)

# Empty-width conditions (syntax.EmptyOp).
BEGIN_LINE, END_LINE, BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY = (1, 2, 4, 8, 16, 32)
_EMPTY_OF = {
    S.BEGIN_LINE: BEGIN_LINE,
    S.END_LINE: END_LINE,
    S.BEGIN_TEXT: BEGIN_TEXT,
    S.END_TEXT: END_TEXT,
    S.WORD_BOUNDARY: WORD_BOUNDARY,
    S.NO_WORD_BOUNDARY: NO_WORD_BOUNDARY,
}
_REPEATS = (S.STAR, S.PLUS, S.QUEST, S.REPEAT)


# ---------------------------------------------------------------------------------------------
# Which patterns need this engine.


def needs_go_vm(root: S.Node) -> bool:
    """True if some repetition applies to an operand that can match the empty string."""
    for node in S.postorder(root, lambda x: True):
        if node.op in _REPEATS and _nullable(node.subs[0]):
            return True
    return False


def _nullable(re: S.Node) -> bool:
    nullable: dict[int, bool] = {}
    for node in S.postorder(re, lambda x: True):
        op = node.op
        if op in (S.LITERAL,):
            v = not node.runes
        elif op in (S.CHAR_CLASS, S.ANY_CHAR, S.ANY_CHAR_NOT_NL, S.NO_MATCH):
            v = False
        elif op in (S.STAR, S.QUEST):
            v = True
        elif op == S.REPEAT:
            v = node.min == 0 or nullable[id(node.subs[0])]
        elif op in (S.PLUS, S.CAPTURE):
            v = nullable[id(node.subs[0])]
        elif op == S.CONCAT:
            v = all(nullable[id(x)] for x in node.subs)
        elif op == S.ALTERNATE:
            v = any(nullable[id(x)] for x in node.subs)
        else:  # empty match and empty-width assertions
            v = True
        nullable[id(node)] = v
    return nullable[id(re)]


# ---------------------------------------------------------------------------------------------
# Simplify (regexp/syntax/simplify.go): counted repetitions become concatenations and ?s.


def _node(op: int, flags: int = 0, subs=()) -> S.Node:
    n = S.Node(op, flags)
    n.subs = list(subs)
    return n


def _simplify1(op: int, flags: int, sub: S.Node) -> S.Node:
    if sub.op == S.EMPTY_MATCH:
        return sub  # repeating the empty string is still the empty string
    if op == sub.op and (flags & S.NON_GREEDY) == (sub.flags & S.NON_GREEDY):
        return sub  # x** is x*
    return _node(op, flags, [sub])


def simplify(re: S.Node) -> S.Node:
    """Go's Simplify.  Recursive: for trees nested near Go's 1000 limit the caller gets a
    RecursionError and runs the pattern on RE2 instead."""
    op = re.op
    if op in (S.CAPTURE, S.CONCAT, S.ALTERNATE):
        out = _node(op, re.flags, [simplify(x) for x in re.subs])
        out.cap, out.name = re.cap, re.name
        return out
    if op in (S.STAR, S.PLUS, S.QUEST):
        return _simplify1(op, re.flags, simplify(re.subs[0]))
    if op != S.REPEAT:
        return re
    if re.min == 0 and re.max == 0:
        return _node(S.EMPTY_MATCH)
    sub = simplify(re.subs[0])
    if re.max == -1:
        if re.min == 0:
            return _simplify1(S.STAR, re.flags, sub)
        if re.min == 1:
            return _simplify1(S.PLUS, re.flags, sub)
        return _node(S.CONCAT, 0, [sub] * (re.min - 1) + [_simplify1(S.PLUS, re.flags, sub)])
    if re.min == 1 and re.max == 1:
        return sub
    prefix = _node(S.CONCAT, 0, [sub] * re.min) if re.min > 0 else None
    if re.max > re.min:
        # x{2,5} = xx(x(x(x)?)?)?
        suffix = _simplify1(S.QUEST, re.flags, sub)
        for _ in range(re.min + 1, re.max):
            suffix = _simplify1(S.QUEST, re.flags, _node(S.CONCAT, 0, [sub, suffix]))
        if prefix is None:
            return suffix
        prefix.subs.append(suffix)
    return prefix if prefix is not None else _node(S.NO_MATCH)


# ---------------------------------------------------------------------------------------------
# Compile (regexp/syntax/compile.go).  Patch lists are Python lists of (pc, use_arg) holes.


class Inst:
    __slots__ = ("op", "out", "arg", "ranges")

    def __init__(self, op: int):
        self.op = op
        self.out = 0
        self.arg = 0
        self.ranges: list[tuple[int, int]] = []

    def match_rune(self, r: int) -> bool:
        rs = self.ranges
        i = bisect_right(rs, (r, U.MAX_RUNE + 1)) - 1
        return i >= 0 and rs[i][0] <= r <= rs[i][1]


class _Frag:
    __slots__ = ("i", "out", "nullable")

    def __init__(self, i: int, out: list, nullable: bool):
        self.i = i
        self.out = out
        self.nullable = nullable


class Prog:
    def __init__(self):
        self.inst: list[Inst] = [Inst(FAIL)]
        self.start = 0
        self.num_cap = 2

    def new(self, op: int) -> int:
        self.inst.append(Inst(op))
        return len(self.inst) - 1

    def patch(self, holes: list, target: int):
        for pc, use_arg in holes:
            if use_arg:
                self.inst[pc].arg = target
            else:
                self.inst[pc].out = target


class _Compiler:
    def __init__(self):
        self.p = Prog()

    def compile(self, re: S.Node) -> _Frag:
        op = re.op
        if op == S.NO_MATCH:
            return _Frag(0, [], False)
        if op == S.EMPTY_MATCH:
            return self.nop()
        if op == S.LITERAL:
            if not re.runes:
                return self.nop()
            f = None
            for r in re.runes:
                if re.flags & S.FOLD_CASE:
                    f1 = self.rune(U.clean((x, x) for x in U.orbit(r)))
                else:
                    f1 = self.rune([(r, r)])
                f = f1 if f is None else self.cat(f, f1)
            return f
        if op == S.CHAR_CLASS:
            return self.rune(re.cls)
        if op == S.ANY_CHAR_NOT_NL:
            return self.rune([(0, 9), (11, U.MAX_RUNE)])
        if op == S.ANY_CHAR:
            return self.rune(U.ANY)
        if op in _EMPTY_OF:
            pc = self.p.new(EMPTY)
            self.p.inst[pc].arg = _EMPTY_OF[op]
            return _Frag(pc, [(pc, False)], True)
        if op == S.CAPTURE:
            bra = self.cap(re.cap << 1)
            sub = self.compile(re.subs[0])
            ket = self.cap(re.cap << 1 | 1)
            return self.cat(self.cat(bra, sub), ket)
        nongreedy = bool(re.flags & S.NON_GREEDY)
        if op == S.STAR:
            return self.star(self.compile(re.subs[0]), nongreedy)
        if op == S.PLUS:
            return self.plus(self.compile(re.subs[0]), nongreedy)
        if op == S.QUEST:
            return self.quest(self.compile(re.subs[0]), nongreedy)
        if op == S.CONCAT:
            if not re.subs:
                return self.nop()
            f = self.compile(re.subs[0])
            for x in re.subs[1:]:
                f = self.cat(f, self.compile(x))
            return f
        if op == S.ALTERNATE:
            f = _Frag(0, [], False)
            for x in re.subs:
                f = self.alt(f, self.compile(x))
            return f
        raise AssertionError(f"unhandled op {op}")

    def nop(self) -> _Frag:
        pc = self.p.new(NOP)
        return _Frag(pc, [(pc, False)], True)

    def cap(self, arg: int) -> _Frag:
        pc = self.p.new(CAPTURE)
        self.p.inst[pc].arg = arg
        self.p.num_cap = max(self.p.num_cap, arg + 1)
        return _Frag(pc, [(pc, False)], True)

    def rune(self, ranges) -> _Frag:
        pc = self.p.new(RUNE)
        self.p.inst[pc].ranges = list(ranges)
        return _Frag(pc, [(pc, False)], False)

    def cat(self, f1: _Frag, f2: _Frag) -> _Frag:
        if f1.i == 0 or f2.i == 0:
            return _Frag(0, [], False)  # concatenation with failure fails
        self.p.patch(f1.out, f2.i)
        return _Frag(f1.i, f2.out, f1.nullable and f2.nullable)

    def alt(self, f1: _Frag, f2: _Frag) -> _Frag:
        if f1.i == 0:
            return f2
        if f2.i == 0:
            return f1
        pc = self.p.new(ALT)
        self.p.inst[pc].out = f1.i
        self.p.inst[pc].arg = f2.i
        return _Frag(pc, f1.out + f2.out, f1.nullable or f2.nullable)

    def _branch(self, f1: _Frag, nongreedy: bool) -> tuple[int, list]:
        """An Alt preferring f1 (or, non-greedy, preferring to skip it); returns pc and its hole."""
        pc = self.p.new(ALT)
        if nongreedy:
            self.p.inst[pc].arg = f1.i
            return pc, [(pc, False)]
        self.p.inst[pc].out = f1.i
        return pc, [(pc, True)]

    def quest(self, f1: _Frag, nongreedy: bool) -> _Frag:
        pc, holes = self._branch(f1, nongreedy)
        return _Frag(pc, holes + f1.out, True)

    def loop(self, f1: _Frag, nongreedy: bool) -> _Frag:
        pc, holes = self._branch(f1, nongreedy)
        self.p.patch(f1.out, pc)
        return _Frag(pc, holes, True)

    def star(self, f1: _Frag, nongreedy: bool) -> _Frag:
        if f1.nullable:
            # (f1+)? keeps the priority order right (golang.org/issue/46123).
            return self.quest(self.plus(f1, nongreedy), nongreedy)
        return self.loop(f1, nongreedy)

    def plus(self, f1: _Frag, nongreedy: bool) -> _Frag:
        return _Frag(f1.i, self.loop(f1, nongreedy).out, f1.nullable)


def compile_prog(root: S.Node) -> Prog:
    c = _Compiler()
    f = c.compile(simplify(root))
    c.p.patch(f.out, c.p.new(MATCH))
    c.p.start = f.i
    return c.p


# ---------------------------------------------------------------------------------------------
# The NFA (exec.go's machine.match): threads in priority order, one pass over the input.


def _is_word(r: int) -> bool:
    return 0x61 <= r <= 0x7A or 0x41 <= r <= 0x5A or 0x30 <= r <= 0x39 or r == 0x5F


def _context(r1: int, r2: int) -> int:
    """syntax.EmptyOpContext: which empty-width conditions hold between runes r1 and r2."""
    op = NO_WORD_BOUNDARY
    boundary = 0
    if _is_word(r1):
        boundary = 1
    elif r1 == 0x0A:
        op |= BEGIN_LINE
    elif r1 < 0:
        op |= BEGIN_TEXT | BEGIN_LINE
    if _is_word(r2):
        boundary ^= 1
    elif r2 == 0x0A:
        op |= END_LINE
    elif r2 < 0:
        op |= END_TEXT | END_LINE
    if boundary:
        op ^= WORD_BOUNDARY | NO_WORD_BOUNDARY
    return op


def _step(b: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(b):
        return -1, 0
    return U.decode_rune(b, pos)


def _rune_before(b: bytes, pos: int) -> int:
    # Only ASCII word characters and '\n' matter to the context; any other rune will do.
    if pos <= 0:
        return -1
    c = b[pos - 1]
    return c if c < 0x80 else U.RUNE_ERROR


class _Queue:
    __slots__ = ("seen", "threads")

    def __init__(self):
        self.seen: set[int] = set()
        self.threads: list[tuple[Inst, list[int]]] = []


def _add(prog: Prog, q: _Queue, pc: int, pos: int, cap: list[int], cond: int):
    """Follow empty transitions from pc, queueing rune/match threads in priority order."""
    todo: list = [pc]
    while todo:
        x = todo.pop()
        if type(x) is tuple:  # restore a capture slot once its subtree is queued
            cap[x[0]] = x[1]
            continue
        if x == 0 or x in q.seen:
            continue
        q.seen.add(x)
        inst = prog.inst[x]
        op = inst.op
        if op == ALT:
            todo.append(inst.arg)
            todo.append(inst.out)
        elif op == EMPTY:
            if inst.arg & ~cond == 0:
                todo.append(inst.out)
        elif op == NOP:
            todo.append(inst.out)
        elif op == CAPTURE:
            if inst.arg < len(cap):
                todo.append((inst.arg, cap[inst.arg]))
                cap[inst.arg] = pos
            todo.append(inst.out)
        elif op in (MATCH, RUNE):
            q.threads.append((inst, list(cap)))


def _start_cond(prog: Prog) -> int | None:
    """Empty-width conditions every match starts with; None if no match is possible."""
    flag = 0
    inst = prog.inst[prog.start]
    while True:
        if inst.op == EMPTY:
            flag |= inst.arg
        elif inst.op == FAIL:
            return None
        elif inst.op not in (CAPTURE, NOP):
            return flag
        inst = prog.inst[inst.out]


def match(prog: Prog, b: bytes, pos: int, ncap: int) -> list[int] | None:
    """Leftmost-first match at or after pos: [start, end, cap1start, ...] or None."""
    start_cond = _start_cond(prog)
    if start_cond is None:
        return None
    matched = False
    matchcap = [-1] * ncap
    runq, nextq = _Queue(), _Queue()
    r, width = _step(b, pos)
    r1, width1 = _step(b, pos + width) if r != -1 else (-1, 0)
    flag = _context(_rune_before(b, pos), r)
    while True:
        if not runq.threads:
            if start_cond & BEGIN_TEXT and pos != 0:
                break  # anchored at the start, and we are past it
            if matched:
                break
        if not matched:
            matchcap[0] = pos
            _add(prog, runq, prog.start, pos, matchcap, flag)
        flag = _context(r, r1)
        next_pos = pos + width
        for inst, cap in runq.threads:
            if inst.op == MATCH:
                cap[1] = pos
                matchcap = cap
                matched = True
                break  # lower-priority threads are cut off
            if r >= 0 and inst.match_rune(r):
                _add(prog, nextq, inst.out, next_pos, cap, flag)
        runq.threads.clear()
        runq.seen.clear()
        if width == 0:
            break
        pos += width
        r, width = r1, width1
        if r != -1:
            r1, width1 = _step(b, pos + width)
        runq, nextq = nextq, runq
    return matchcap if matched else None
