"""Lexer: template text → items, as Go's text/template/parse/lex.go.

A small state machine: each state function consumes input and returns the next state.  Items are
produced eagerly into a list (the parser reads them in order, so this is equivalent to Go's lazy
lexer); lexing stops at the first error item.  Positions are indexes into the Python string; the
executor converts them to Go byte columns only when an error is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

# Item types.  Keywords sort after KEYWORD so `typ > KEYWORD` tests for one, as in Go.
ERROR = 0
BOOL = 1
CHAR = 2
CHAR_CONSTANT = 3
COMMENT = 4
COMPLEX = 5
ASSIGN = 6
DECLARE = 7
EOF = 8
FIELD = 9
IDENTIFIER = 10
LEFT_DELIM = 11
LEFT_PAREN = 12
NUMBER = 13
PIPE = 14
RAW_STRING = 15
RIGHT_DELIM = 16
RIGHT_PAREN = 17
SPACE = 18
STRING = 19
TEXT = 20
VARIABLE = 21
KEYWORD = 22
BLOCK = 23
BREAK = 24
CONTINUE = 25
DOT = 26
DEFINE = 27
ELSE = 28
END = 29
IF = 30
NIL = 31
RANGE = 32
TEMPLATE = 33
WITH = 34

KEYWORDS = {
    ".": DOT,
    "block": BLOCK,
    "break": BREAK,
    "continue": CONTINUE,
    "define": DEFINE,
    "else": ELSE,
    "end": END,
    "if": IF,
    "range": RANGE,
    "nil": NIL,
    "template": TEMPLATE,
    "with": WITH,
}

LEFT = "{{"
RIGHT = "}}"
LEFT_COMMENT = "/*"
RIGHT_COMMENT = "*/"
SPACE_CHARS = " \t\r\n"


@dataclass(slots=True)
class Item:
    typ: int
    pos: int
    val: str
    line: int

    def __str__(self) -> str:
        # Go's item.String(), used in "unexpected <item> in ..." parse errors.
        if self.typ == EOF:
            return "EOF"
        if self.typ == ERROR:
            return self.val
        if self.typ > KEYWORD:
            return f"<{self.val}>"
        if len(self.val) > 10:
            return _go_quote(self.val[:10]) + "..."  # Go's %.10q...
        return _go_quote(self.val)


def _go_quote(s: str) -> str:
    from .strconv import quote

    return quote(s)




def is_space(c: str) -> bool:
    return c in " \t\r\n" and c != ""


def is_alnum(c: str) -> bool:
    # Go: '_' || unicode.IsLetter || unicode.IsDigit (category Nd, which str.isdecimal matches).
    return c == "_" or c.isalpha() or c.isdecimal()


def has_left_trim(s: str, i: int) -> bool:
    return len(s) - i >= 2 and s[i] == "-" and s[i + 1] in SPACE_CHARS


def has_right_trim(s: str, i: int) -> bool:
    return len(s) - i >= 2 and s[i] in SPACE_CHARS and s[i + 1] == "-"


def unicode_repr(c: str) -> str:
    """Go's %#U of a rune: U+002D '-'."""
    code = ord(c)
    out = f"U+{code:04X}"
    if c.isprintable():
        out += f" '{c}'"
    return out


class Lexer:
    def __init__(self, text: str):
        self.input = text
        self.pos = 0
        self.start = 0
        self.line = 1
        self.start_line = 1
        self.paren_depth = 0
        self.items: list[Item] = []
        self.done = False

    # --- primitives -------------------------------------------------------------------------

    def next(self) -> str:
        if self.pos >= len(self.input):
            self.pos = len(self.input) + 1  # so backup() undoes it
            return ""
        c = self.input[self.pos]
        self.pos += 1
        if c == "\n":
            self.line += 1
        return c

    def peek(self) -> str:
        return self.input[self.pos] if self.pos < len(self.input) else ""

    def backup(self) -> None:
        self.pos -= 1
        if self.pos < len(self.input) and self.input[self.pos] == "\n":
            self.line -= 1

    def emit(self, typ: int):
        self.items.append(Item(typ, self.start, self.input[self.start : self.pos], self.start_line))
        self.start = self.pos
        self.start_line = self.line

    def ignore(self) -> None:
        self.line += self.input.count("\n", self.start, self.pos)
        self.start = self.pos
        self.start_line = self.line

    def accept(self, valid: str) -> bool:
        c = self.next()
        if c and c in valid:
            return True
        self.backup()
        return False

    def accept_run(self, valid: str) -> None:
        while True:
            c = self.next()
            if not c or c not in valid:
                break
        self.backup()

    def errorf(self, msg: str):
        self.items.append(Item(ERROR, self.start, msg, self.start_line))
        self.done = True
        return None

    def at_right_delim(self) -> tuple[bool, bool]:
        s, p = self.input, self.pos
        if has_right_trim(s, p) and s.startswith(RIGHT, p + 2):
            return True, True
        if s.startswith(RIGHT, p):
            return True, False
        return False, False

    def at_terminator(self) -> bool:
        c = self.peek()
        if c == "" or c in SPACE_CHARS or c in ".,|:)(":
            return True
        return self.input.startswith(RIGHT, self.pos)

    # --- states ------------------------------------------------------------------------------

    def lex_text(self):
        s = self.input
        x = s.find(LEFT, self.pos)
        if x >= 0:
            if x > self.pos:
                self.pos = x
                trim = 0
                if has_left_trim(s, x + len(LEFT)):
                    chunk = s[self.start : self.pos]
                    trim = len(chunk) - len(chunk.rstrip(SPACE_CHARS))
                self.pos -= trim
                self.line += s.count("\n", self.start, self.pos)
                item = Item(TEXT, self.start, s[self.start : self.pos], self.start_line)
                self.start, self.start_line = self.pos, self.line
                self.pos += trim
                self.ignore()
                if item.val:
                    self.items.append(item)
            return self.lex_left_delim
        self.pos = len(s)
        if self.pos > self.start:
            self.line += s.count("\n", self.start, self.pos)
            self.emit(TEXT)
        self.emit(EOF)
        self.done = True
        return None

    def lex_left_delim(self):
        s = self.input
        self.pos += len(LEFT)
        trim = has_left_trim(s, self.pos)
        after = 2 if trim else 0
        if s.startswith(LEFT_COMMENT, self.pos + after):
            self.pos += after
            self.ignore()
            return self.lex_comment
        item = Item(LEFT_DELIM, self.start, s[self.start : self.pos], self.start_line)
        self.items.append(item)
        self.pos += after
        self.ignore()
        self.paren_depth = 0
        return self.lex_inside_action

    def lex_comment(self):
        s = self.input
        self.pos += len(LEFT_COMMENT)
        x = s.find(RIGHT_COMMENT, self.pos)
        if x < 0:
            return self.errorf("unclosed comment")
        self.pos = x + len(RIGHT_COMMENT)
        delim, trim = self.at_right_delim()
        if not delim:
            return self.errorf("comment ends before closing delimiter")
        if trim:
            self.pos += 2
        self.pos += len(RIGHT)
        if trim:
            while self.pos < len(s) and s[self.pos] in SPACE_CHARS:
                self.pos += 1
        self.ignore()
        return self.lex_text

    def lex_right_delim(self):
        s = self.input
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += len(RIGHT)
        self.emit(RIGHT_DELIM)
        if trim:
            while self.pos < len(s) and s[self.pos] in SPACE_CHARS:
                self.pos += 1
            self.ignore()
        return self.lex_text

    def lex_inside_action(self):
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                return self.lex_right_delim
            return self.errorf("unclosed left paren")
        c = self.next()
        if c == "":
            return self.errorf("unclosed action")
        if c in SPACE_CHARS:
            self.backup()
            return self.lex_space
        if c == "=":
            self.emit(ASSIGN)
        elif c == ":":
            if self.next() != "=":
                return self.errorf("expected :=")
            self.emit(DECLARE)
        elif c == "|":
            self.emit(PIPE)
        elif c == '"':
            return self.lex_quote
        elif c == "`":
            return self.lex_raw_quote
        elif c == "$":
            return self.lex_variable
        elif c == "'":
            return self.lex_char
        elif c == "." and self.pos < len(self.input) and not ("0" <= self.peek() <= "9"):
            return self.lex_field
        elif c == "." or c == "+" or c == "-" or "0" <= c <= "9":
            self.backup()
            return self.lex_number
        elif is_alnum(c):
            self.backup()
            return self.lex_identifier
        elif c == "(":
            self.emit(LEFT_PAREN)
            self.paren_depth += 1
        elif c == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                return self.errorf("unexpected right paren")
            self.emit(RIGHT_PAREN)
        elif ord(c) < 0x7F and c.isprintable():
            self.emit(CHAR)
        else:
            return self.errorf(f"unrecognized character in action: {unicode_repr(c)}")
        return self.lex_inside_action

    def lex_space(self):
        s = self.input
        n = 0
        while self.peek() in (" ", "\t", "\r", "\n") and self.peek() != "":
            self.next()
            n += 1
        # A space followed by "-}}" belongs to the trim marker of the closing delimiter.
        if has_right_trim(s, self.pos - 1) and s.startswith(RIGHT, self.pos - 1 + 2):
            self.backup()
            if n == 1:
                return self.lex_right_delim
        self.emit(SPACE)
        return self.lex_inside_action

    def lex_identifier(self):
        while True:
            c = self.next()
            if is_alnum(c) and c != "":
                continue
            self.backup()
            word = self.input[self.start : self.pos]
            if not self.at_terminator():
                return self.errorf(f"bad character {unicode_repr(c)}")
            kw = KEYWORDS.get(word)
            if kw is not None and kw > KEYWORD:
                self.emit(kw)
            elif word[0] == ".":
                self.emit(FIELD)
            elif word in ("true", "false"):
                self.emit(BOOL)
            else:
                self.emit(IDENTIFIER)
            return self.lex_inside_action

    def lex_field(self):
        return self.lex_field_or_variable(FIELD)

    def lex_variable(self):
        if self.at_terminator():
            self.emit(VARIABLE)
            return self.lex_inside_action
        return self.lex_field_or_variable(VARIABLE)

    def lex_field_or_variable(self, typ: int):
        if self.at_terminator():
            self.emit(VARIABLE if typ == VARIABLE else DOT)
            return self.lex_inside_action
        while True:
            c = self.next()
            if not (is_alnum(c) and c != ""):
                self.backup()
                break
        if not self.at_terminator():
            return self.errorf(f"bad character {unicode_repr(c)}")
        self.emit(typ)
        return self.lex_inside_action

    def lex_char(self):
        return self.lex_escaped("'", CHAR_CONSTANT, "unterminated character constant")

    def lex_quote(self):
        return self.lex_escaped('"', STRING, "unterminated quoted string")

    def lex_escaped(self, quote: str, typ: int, unterminated: str):
        """A quoted literal with backslash escapes, on one line."""
        while True:
            c = self.next()
            if c == "\\":
                c = self.next()
                if c != "" and c != "\n":
                    continue
                return self.errorf(unterminated)
            if c == "" or c == "\n":
                return self.errorf(unterminated)
            if c == quote:
                break
        self.emit(typ)
        return self.lex_inside_action

    def lex_number(self):
        if not self.scan_number():
            return self.errorf(f"bad number syntax: {_go_quote(self.input[self.start : self.pos])}")
        if self.peek() in ("+", "-") and self.peek() != "":
            # Complex: 1+2i.  No spaces, must end in 'i'.
            if not self.scan_number() or self.input[self.pos - 1] != "i":
                return self.errorf(f"bad number syntax: {_go_quote(self.input[self.start : self.pos])}")
            self.emit(COMPLEX)
            return self.lex_inside_action
        self.emit(NUMBER)
        return self.lex_inside_action

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        c = self.peek()
        if c != "" and is_alnum(c):
            self.next()
            return False
        return True

    def lex_raw_quote(self):
        while True:
            c = self.next()
            if c == "":
                return self.errorf("unterminated raw quoted string")
            if c == "`":
                break
        self.emit(RAW_STRING)
        return self.lex_inside_action

    def run(self) -> list[Item]:
        state = self.lex_text
        while state is not None and not self.done:
            state = state()
        return self.items


def lex(text: str) -> list[Item]:
    return Lexer(text).run()
