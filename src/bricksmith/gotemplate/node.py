"""Parse-tree nodes, as Go's text/template/parse/node.go.

Every node records its position (an index into the template text) and its tree, so that an
execution error can say `template: x.tmpl:2:8: executing "a" at <.zz.yy>`; and every node prints
itself back as source (`str(node)`), which is what goes between the angle brackets.
"""

from __future__ import annotations


class Tree:
    """One named template's parse result; `text` and `parse_name` locate errors."""

    __slots__ = ("name", "parse_name", "text", "root")

    def __init__(self, name: str, parse_name: str, text: str):
        self.name = name
        self.parse_name = parse_name
        self.text = text
        self.root: ListNode | None = None

    def error_context(self, node: Node) -> tuple[str, str]:
        """Go's Tree.ErrorContext: ("name:line:col", source of node), col in bytes."""
        pos = node.pos
        tree = node.tr or self
        before = tree.text[:pos]
        nl = before.rfind("\n")
        line_start = nl + 1
        col = len(before[line_start:].encode("utf-8", "surrogateescape"))
        line = 1 + before.count("\n")
        return f"{tree.parse_name}:{line}:{col}", str(node)


class Node:
    __slots__ = ("pos", "tr")
    kind = "node"

    def __init__(self, pos: int, tr: Tree | None):
        self.pos = pos
        self.tr = tr


class ListNode(Node):
    __slots__ = ("nodes", "compiled")
    kind = "list"

    def __init__(self, pos, tr):
        super().__init__(pos, tr)
        self.nodes: list[Node] = []
        self.compiled = None  # the executor's closure for this list (compile.py), made on first use

    def __str__(self):
        return "".join(str(n) for n in self.nodes)


class TextNode(Node):
    __slots__ = ("text",)
    kind = "text"

    def __init__(self, pos, tr, text: str):
        super().__init__(pos, tr)
        self.text = text

    def __str__(self):
        return self.text


class CommentNode(Node):
    __slots__ = ("text",)
    kind = "comment"

    def __init__(self, pos, tr, text: str):
        super().__init__(pos, tr)
        self.text = text

    def __str__(self):
        return self.text


class PipeNode(Node):
    __slots__ = ("line", "is_assign", "decl", "cmds", "fast")
    kind = "pipe"

    def __init__(self, pos, tr, line: int):
        super().__init__(pos, tr)
        self.line = line
        self.is_assign = False
        self.decl: list[VariableNode] = []
        self.cmds: list[CommandNode] = []
        self.fast = None  # the executor's closure for this pipeline (compile.py), made on first use

    def __str__(self):
        out = ""
        if self.decl:
            out = ", ".join(str(v) for v in self.decl) + (" = " if self.is_assign else " := ")
        return out + " | ".join(str(c) for c in self.cmds)


class ActionNode(Node):
    __slots__ = ("line", "pipe")
    kind = "action"

    def __init__(self, pos, tr, line: int, pipe: PipeNode):
        super().__init__(pos, tr)
        self.line = line
        self.pipe = pipe

    def __str__(self):
        return "{{" + str(self.pipe) + "}}"


class CommandNode(Node):
    __slots__ = ("args",)
    kind = "command"

    def __init__(self, pos, tr):
        super().__init__(pos, tr)
        self.args: list[Node] = []

    def __str__(self):
        return " ".join(f"({a})" if a.kind == "pipe" else str(a) for a in self.args)


class IdentifierNode(Node):
    __slots__ = ("ident",)
    kind = "identifier"

    def __init__(self, pos, tr, ident: str):
        super().__init__(pos, tr)
        self.ident = ident

    def __str__(self):
        return self.ident


class VariableNode(Node):
    __slots__ = ("ident",)
    kind = "variable"

    def __init__(self, pos, tr, ident: str):
        super().__init__(pos, tr)
        self.ident = ident.split(".")

    def __str__(self):
        return ".".join(self.ident)


class DotNode(Node):
    __slots__ = ()
    kind = "dot"

    def __str__(self):
        return "."


class NilNode(Node):
    __slots__ = ()
    kind = "nil"

    def __str__(self):
        return "nil"


class FieldNode(Node):
    __slots__ = ("ident",)
    kind = "field"

    def __init__(self, pos, tr, ident: str):
        super().__init__(pos, tr)
        self.ident = ident[1:].split(".")  # ".a.b" → ["a", "b"]

    def __str__(self):
        return "".join("." + i for i in self.ident)


class ChainNode(Node):
    __slots__ = ("node", "field")
    kind = "chain"

    def __init__(self, pos, tr, node: Node):
        super().__init__(pos, tr)
        self.node = node
        self.field: list[str] = []

    def add(self, field: str) -> None:
        self.field.append(field[1:])

    def __str__(self):
        head = f"({self.node})" if self.node.kind == "pipe" else str(self.node)
        return head + "".join("." + f for f in self.field)


class BoolNode(Node):
    __slots__ = ("true",)
    kind = "bool"

    def __init__(self, pos, tr, true: bool):
        super().__init__(pos, tr)
        self.true = true

    def __str__(self):
        return "true" if self.true else "false"


class NumberNode(Node):
    """A numeric constant with every interpretation Go's parser found valid."""

    __slots__ = (
        "text",
        "is_int",
        "is_uint",
        "is_float",
        "is_complex",
        "int64",
        "uint64",
        "float64",
        "complex128",
        "is_char",
    )
    kind = "number"

    def __init__(self, pos, tr, text: str):
        super().__init__(pos, tr)
        self.text = text
        self.is_int = self.is_uint = self.is_float = self.is_complex = self.is_char = False
        self.int64 = self.uint64 = 0
        self.float64 = 0.0
        self.complex128 = 0j

    def __str__(self):
        return self.text


class StringNode(Node):
    __slots__ = ("quoted", "text")
    kind = "string"

    def __init__(self, pos, tr, quoted: str, text: str):
        super().__init__(pos, tr)
        self.quoted = quoted
        self.text = text

    def __str__(self):
        return self.quoted


class EndNode(Node):
    __slots__ = ()
    kind = "end"

    def __str__(self):
        return "{{end}}"


class ElseNode(Node):
    __slots__ = ("line",)
    kind = "else"

    def __init__(self, pos, tr, line: int):
        super().__init__(pos, tr)
        self.line = line

    def __str__(self):
        return "{{else}}"


class BranchNode(Node):
    """Common shape of if, range and with."""

    __slots__ = ("line", "pipe", "list", "else_list")
    keyword = ""

    def __init__(self, pos, tr, line, pipe, lst, else_list):
        super().__init__(pos, tr)
        self.line = line
        self.pipe = pipe
        self.list = lst
        self.else_list = else_list

    def __str__(self):
        out = "{{" + self.keyword + " " + str(self.pipe) + "}}" + str(self.list)
        if self.else_list is not None:
            out += "{{else}}" + str(self.else_list)
        return out + "{{end}}"


class IfNode(BranchNode):
    __slots__ = ()
    kind = "if"
    keyword = "if"


class RangeNode(BranchNode):
    __slots__ = ()
    kind = "range"
    keyword = "range"


class WithNode(BranchNode):
    __slots__ = ()
    kind = "with"
    keyword = "with"


class BreakNode(Node):
    __slots__ = ("line",)
    kind = "break"

    def __init__(self, pos, tr, line):
        super().__init__(pos, tr)
        self.line = line

    def __str__(self):
        return "{{break}}"


class ContinueNode(Node):
    __slots__ = ("line",)
    kind = "continue"

    def __init__(self, pos, tr, line):
        super().__init__(pos, tr)
        self.line = line

    def __str__(self):
        return "{{continue}}"


class TemplateNode(Node):
    __slots__ = ("line", "name", "pipe")
    kind = "template"

    def __init__(self, pos, tr, line, name: str, pipe: PipeNode | None):
        super().__init__(pos, tr)
        self.line = line
        self.name = name
        self.pipe = pipe

    def __str__(self):
        from .strconv import quote

        if self.pipe is None:
            return "{{template " + quote(self.name) + "}}"
        return "{{template " + quote(self.name) + " " + str(self.pipe) + "}}"


# unicode.IsSpace, which bytes.TrimSpace uses (Python's str.isspace also takes \x1c-\x1f).
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"


def is_empty_tree(n: Node | None) -> bool:
    """Go's parse.IsEmptyTree: only whitespace text and comments."""
    if n is None:
        return True
    k = n.kind
    if k == "comment":
        return True
    if k == "list":
        return all(is_empty_tree(x) for x in n.nodes)
    if k == "text":
        return n.text.strip(GO_SPACE) == ""
    return False
