"""Parser: items → trees, as Go's text/template/parse/parse.go.

`parse(name, text, funcs)` returns the set of trees one text defines: the text's own tree under
`name` plus one per `{{define}}`/`{{block}}`.  Errors are ParseError with Go's exact text,
`template: <name>:<line>: <message>`, where the line is that of the furthest item lexed, as Go's
parser reports it.
"""

from __future__ import annotations

from . import lex as L
from .gotypes import GoError
from .node import (
    ActionNode,
    BoolNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
    ElseNode,
    EndNode,
    FieldNode,
    IdentifierNode,
    IfNode,
    ListNode,
    NilNode,
    NumberNode,
    PipeNode,
    RangeNode,
    StringNode,
    TemplateNode,
    TextNode,
    Tree,
    VariableNode,
    WithNode,
    is_empty_tree,
)
from .strconv import NumError, SyntaxError_, parse_float, parse_int, parse_uint, unquote, unquote_char


class ParseError(GoError):
    pass


class _Abort(Exception):
    """Unwinds the parser to `parse()`, like Go's panic/recover."""


class Parser:
    def __init__(self, name: str, text: str, items: list[L.Item], has_func, tree_set: dict):
        self.items = items
        self.i = 0
        self.far = 0  # furthest item read; Go reports parse errors at its line
        self.tree = Tree(name, name, text)
        self.parse_name = name
        self.text = text
        self.has_func = has_func
        self.tree_set = tree_set
        self.vars = ["$"]
        self.range_depth = 0
        self.action_line = 0

    # --- token stream ------------------------------------------------------------------------

    def next(self) -> L.Item:
        it = self.items[self.i] if self.i < len(self.items) else self.items[-1]
        self.i += 1
        if self.i - 1 > self.far:
            self.far = self.i - 1
        return it

    def backup(self, n: int = 1) -> None:
        self.i -= n

    def peek(self) -> L.Item:
        it = self.next()
        self.backup()
        return it

    def next_non_space(self) -> L.Item:
        while True:
            it = self.next()
            if it.typ != L.SPACE:
                return it

    def peek_non_space(self) -> L.Item:
        it = self.next_non_space()
        self.backup()
        return it

    # --- errors ------------------------------------------------------------------------------

    def errorf(self, msg: str):
        far = self.items[min(self.far, len(self.items) - 1)]
        raise ParseError(f"template: {self.parse_name}:{far.line}: {msg}")

    def unexpected(self, token: L.Item, context: str):
        if token.typ == L.ERROR:
            extra = ""
            if self.action_line != 0 and self.action_line != token.line:
                extra = f" in action started at {self.parse_name}:{self.action_line}"
                if token.val.endswith(" action"):
                    extra = extra[len(" in action") :]
            self.errorf(f"{token}{extra}")
        self.errorf(f"unexpected {token} in {context}")

    def expect(self, typ: int, context: str) -> L.Item:
        token = self.next_non_space()
        if token.typ != typ:
            self.unexpected(token, context)
        return token

    def expect_one_of(self, t1: int, t2: int, context: str) -> L.Item:
        token = self.next_non_space()
        if token.typ != t1 and token.typ != t2:
            self.unexpected(token, context)
        return token

    # --- structure -------------------------------------------------------------------------

    def parse(self) -> Tree:
        t = self.tree
        t.root = ListNode(self.peek().pos, t)
        while self.peek().typ != L.EOF:
            if self.peek().typ == L.LEFT_DELIM:
                start = self.i
                self.next()
                if self.next_non_space().typ == L.DEFINE:
                    self.parse_definition()
                    continue
                self.i = start
            n = self.text_or_action()
            if n.kind in ("end", "else"):
                self.errorf(f"unexpected {n}")
            t.root.nodes.append(n)
        self.add(t)
        return t

    def parse_definition(self) -> None:
        context = "define clause"
        name = self.expect_one_of(L.STRING, L.RAW_STRING, context)
        try:
            tname = unquote(name.val)
        except SyntaxError_ as e:
            self.errorf(str(e))
        self.expect(L.RIGHT_DELIM, context)
        self.parse_body_as(tname, context)

    def parse_body_as(self, name: str, context: str) -> None:
        """Parse up to {{end}} as a separate template `name` (a define or block body)."""
        saved = (self.tree, self.vars, self.range_depth)
        self.tree = Tree(name, self.parse_name, self.text)
        self.vars = ["$"]
        self.range_depth = 0
        root, end = self.item_list()
        if end.kind != "end":
            self.errorf(f"unexpected {end} in {context}")
        self.tree.root = root
        self.add(self.tree)
        self.tree, self.vars, self.range_depth = saved

    def add(self, tree: Tree) -> None:
        existing = self.tree_set.get(tree.name)
        if existing is None or is_empty_tree(existing.root):
            self.tree_set[tree.name] = tree
            return
        if not is_empty_tree(tree.root):
            self.errorf(f"template: multiple definition of template {_q(tree.name)}")

    def item_list(self):
        lst = ListNode(self.peek_non_space().pos, self.tree)
        while self.peek_non_space().typ != L.EOF:
            n = self.text_or_action()
            if n.kind in ("end", "else"):
                return lst, n
            lst.nodes.append(n)
        self.errorf("unexpected EOF")

    def text_or_action(self):
        token = self.next_non_space()
        if token.typ == L.TEXT:
            return TextNode(token.pos, self.tree, token.val)
        if token.typ == L.LEFT_DELIM:
            self.action_line = token.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        if token.typ == L.COMMENT:
            return _comment(token, self.tree)
        self.unexpected(token, "input")

    def action(self):
        token = self.next_non_space()
        typ = token.typ
        if typ == L.BLOCK:
            return self.block_control()
        if typ == L.BREAK:
            return self.break_control(token, "break")
        if typ == L.CONTINUE:
            return self.break_control(token, "continue")
        if typ == L.ELSE:
            return self.else_control()
        if typ == L.END:
            return EndNode(self.expect(L.RIGHT_DELIM, "end").pos, self.tree)
        if typ == L.IF:
            return self.branch(IfNode, "if")
        if typ == L.RANGE:
            return self.branch(RangeNode, "range")
        if typ == L.TEMPLATE:
            return self.template_control()
        if typ == L.WITH:
            return self.branch(WithNode, "with")
        self.backup()
        token = self.peek()
        return ActionNode(token.pos, self.tree, token.line, self.pipeline("command", L.RIGHT_DELIM))

    def break_control(self, token: L.Item, word: str):
        t = self.next_non_space()
        if t.typ != L.RIGHT_DELIM:
            self.unexpected(t, "{{" + word + "}}")
        if self.range_depth == 0:
            self.errorf("{{" + word + "}} outside {{range}}")
        cls = BreakNode if word == "break" else ContinueNode
        return cls(token.pos, self.tree, token.line)

    def pipeline(self, context: str, end: int) -> PipeNode:
        token = self.peek_non_space()
        pipe = PipeNode(token.pos, self.tree, token.line)
        while True:  # declarations; loops only for the second variable of a range
            v = self.peek_non_space()
            if v.typ != L.VARIABLE:
                break
            self.next_non_space()
            nxt = self.peek_non_space()
            if nxt.typ in (L.ASSIGN, L.DECLARE):
                pipe.is_assign = nxt.typ == L.ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, self.tree, v.val))
                self.vars.append(v.val)
                break
            if nxt.typ == L.CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, self.tree, v.val))
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (L.VARIABLE, L.RIGHT_DELIM, L.RIGHT_PAREN):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            # Not a declaration: put the variable (and what followed it) back.
            self.i = self._rewind_to(v)
            break
        while True:
            token = self.next_non_space()
            if token.typ == end:
                self.check_pipeline(pipe, context)
                return pipe
            if token.typ in _OPERAND_START:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(token, context)

    def _rewind_to(self, item: L.Item) -> int:
        j = self.i - 1
        while self.items[j] is not item:
            j -= 1
        return j

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            self.errorf(f"missing value for {context}")
        for i, c in enumerate(pipe.cmds[1:]):
            if c.args[0].kind in ("bool", "dot", "nil", "number", "string"):
                self.errorf(f"non executable command in pipeline stage {i + 2}")

    def parse_control(self, context: str):
        mark = len(self.vars)
        try:
            pipe = self.pipeline(context, L.RIGHT_DELIM)
            if context == "range":
                self.range_depth += 1
            lst, nxt = self.item_list()
            if context == "range":
                self.range_depth -= 1
            else_list = None
            if nxt.kind == "else":
                # "else if" / "else with" nest a new if/with in the else branch, sharing its end.
                if context == "if" and self.peek().typ == L.IF:
                    self.next()
                    else_list = ListNode(nxt.pos, self.tree)
                    else_list.nodes.append(self.branch(IfNode, "if"))
                elif context == "with" and self.peek().typ == L.WITH:
                    self.next()
                    else_list = ListNode(nxt.pos, self.tree)
                    else_list.nodes.append(self.branch(WithNode, "with"))
                else:
                    else_list, nxt = self.item_list()
                    if nxt.kind != "end":
                        self.errorf(f"expected end; found {nxt}")
            return pipe.pos, pipe.line, pipe, lst, else_list
        finally:
            del self.vars[mark:]

    def branch(self, cls, context: str):
        pos, line, pipe, lst, else_list = self.parse_control(context)
        return cls(pos, self.tree, line, pipe, lst, else_list)

    def else_control(self):
        peek = self.peek_non_space()
        if peek.typ in (L.IF, L.WITH):
            return ElseNode(peek.pos, self.tree, peek.line)
        token = self.expect(L.RIGHT_DELIM, "else")
        return ElseNode(token.pos, self.tree, token.line)

    def block_control(self):
        context = "block clause"
        token = self.next_non_space()
        name = self.parse_template_name(token, context)
        pipe = self.pipeline(context, L.RIGHT_DELIM)
        self.parse_body_as(name, context)
        return TemplateNode(token.pos, self.tree, token.line, name, pipe)

    def template_control(self):
        context = "template clause"
        token = self.next_non_space()
        name = self.parse_template_name(token, context)
        pipe = None
        if self.next_non_space().typ != L.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, L.RIGHT_DELIM)
        return TemplateNode(token.pos, self.tree, token.line, name, pipe)

    def parse_template_name(self, token: L.Item, context: str) -> str:
        if token.typ in (L.STRING, L.RAW_STRING):
            try:
                return unquote(token.val)
            except SyntaxError_ as e:
                self.errorf(str(e))
        self.unexpected(token, context)

    def command(self) -> CommandNode:
        cmd = CommandNode(self.peek_non_space().pos, self.tree)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            token = self.next()
            if token.typ == L.SPACE:
                continue
            if token.typ in (L.RIGHT_DELIM, L.RIGHT_PAREN):
                self.backup()
            elif token.typ != L.PIPE:
                self.unexpected(token, "operand")
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self):
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == L.FIELD:
            chain = ChainNode(self.peek().pos, self.tree, node)
            while self.peek().typ == L.FIELD:
                chain.add(self.next().val)
            k = node.kind
            if k == "field":
                node = FieldNode(chain.pos, self.tree, str(chain))
            elif k == "variable":
                node = VariableNode(chain.pos, self.tree, str(chain))
            elif k in ("bool", "string", "number", "nil", "dot"):
                self.errorf(f"unexpected . after term {_q(str(node))}")
            else:
                node = chain
        return node

    def term(self):
        token = self.next_non_space()
        typ = token.typ
        if typ == L.IDENTIFIER:
            if not self.has_func(token.val):
                self.errorf(f"function {_q(token.val)} not defined")
            return IdentifierNode(token.pos, self.tree, token.val)
        if typ == L.DOT:
            return DotNode(token.pos, self.tree)
        if typ == L.NIL:
            return NilNode(token.pos, self.tree)
        if typ == L.VARIABLE:
            return self.use_var(token)
        if typ == L.FIELD:
            return FieldNode(token.pos, self.tree, token.val)
        if typ == L.BOOL:
            return BoolNode(token.pos, self.tree, token.val == "true")
        if typ in (L.CHAR_CONSTANT, L.COMPLEX, L.NUMBER):
            return self.number(token)
        if typ == L.LEFT_PAREN:
            return self.pipeline("parenthesized pipeline", L.RIGHT_PAREN)
        if typ in (L.STRING, L.RAW_STRING):
            try:
                s = unquote(token.val)
            except SyntaxError_ as e:
                self.errorf(str(e))
            return StringNode(token.pos, self.tree, token.val, s)
        self.backup()
        return None

    def use_var(self, token: L.Item) -> VariableNode:
        v = VariableNode(token.pos, self.tree, token.val)
        if v.ident[0] not in self.vars:
            self.errorf(f"undefined variable {_q(v.ident[0])}")
        return v

    def number(self, token: L.Item) -> NumberNode:
        text = token.val
        n = NumberNode(token.pos, self.tree, text)
        if token.typ == L.CHAR_CONSTANT:
            try:
                r, _, end = unquote_char(text, 1, text[0])
            except SyntaxError_ as e:
                self.errorf(str(e))
            if text[end:] != "'":
                self.errorf(f"malformed character constant: {text}")
            n.is_int = n.is_uint = n.is_float = n.is_char = True
            n.int64 = n.uint64 = r
            n.float64 = float(r)
            return n
        if token.typ == L.COMPLEX:
            c = _parse_complex(text)
            if c is None:
                self.errorf("expected integer")  # fmt.Sscan's complaint; the lexer makes it unreachable
            n.is_complex = True
            n.complex128 = c
            _simplify_complex(n)
            return n
        if text.endswith("i"):
            f = _try(parse_float, text[:-1])
            if f is not None:
                n.is_complex = True
                n.complex128 = complex(0, f)
                _simplify_complex(n)
                return n
        u = _try(parse_uint, text)
        if u is not None:
            n.is_uint = True
            n.uint64 = u
        i = _try(parse_int, text)
        if i is not None:
            n.is_int = True
            n.int64 = i
            if i == 0:
                n.is_uint = True
                n.uint64 = u or 0
        if n.is_int:
            n.is_float = True
            n.float64 = float(n.int64)
        elif n.is_uint:
            n.is_float = True
            n.float64 = float(n.uint64)
        else:
            f = _try(parse_float, text)
            if f is not None:
                if not any(c in text for c in ".eEpP"):
                    self.errorf(f"integer overflow: {_q(text)}")
                n.is_float = True
                n.float64 = f
                if f == f and abs(f) != float("inf"):
                    if f == int(f) and -(1 << 63) <= int(f) < (1 << 63):
                        n.is_int = True
                        n.int64 = int(f)
                    if f == int(f) and 0 <= int(f) < (1 << 64):
                        n.is_uint = True
                        n.uint64 = int(f)
        if not (n.is_int or n.is_uint or n.is_float):
            self.errorf(f"illegal number syntax: {_q(text)}")
        return n


_OPERAND_START = {
    L.BOOL,
    L.CHAR_CONSTANT,
    L.COMPLEX,
    L.DOT,
    L.FIELD,
    L.IDENTIFIER,
    L.NUMBER,
    L.NIL,
    L.RAW_STRING,
    L.STRING,
    L.VARIABLE,
    L.LEFT_PAREN,
}


def _q(s: str) -> str:
    from .strconv import quote

    return quote(s)


def _comment(token, tree):
    from .node import CommentNode

    return CommentNode(token.pos, tree, token.val)


def _try(parse_fn, text: str):
    """The parsed number, or None where Go's strconv reports an error."""
    try:
        return parse_fn(text)
    except NumError:
        return None


def _parse_complex(text: str):
    # "1+2i": real part, signed imaginary part ending in i.
    for k in range(len(text) - 1, 0, -1):
        if text[k] in "+-" and text[k - 1] not in "eEpP":
            re_part = _try(parse_float, text[:k])
            im_part = _try(parse_float, text[k:-1])
            if re_part is not None and im_part is not None:
                return complex(re_part, im_part)
            return None
    return None


def _simplify_complex(n: NumberNode) -> None:
    # Go's simplifyComplex: a complex with zero imaginary part is also a float (and maybe int).
    if n.complex128.imag == 0:
        n.is_float = True
        n.float64 = n.complex128.real
        f = n.float64
        if f == int(f):
            n.is_int = -(1 << 63) <= int(f) < (1 << 63)
            n.int64 = int(f)
            n.is_uint = 0 <= int(f) < (1 << 64)
            n.uint64 = int(f)


def parse(name: str, text: str, has_func) -> dict[str, Tree]:
    """Parse one text; returns {tree name: Tree} (the text's own tree under `name`)."""
    items = L.lex(text)
    tree_set: dict[str, Tree] = {}
    p = Parser(name, text, items, has_func, tree_set)
    p.parse()
    return tree_set
