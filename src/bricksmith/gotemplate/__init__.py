"""Go's text/template, in Python.

The package follows Go's own split: `lex` turns text into items, `node` defines the parse tree,
`parse` builds it, `exec` walks it against data, `funcs` holds the builtin functions, `fmt` is
Go's fmt verbs, and `template` is the namespace of named templates.  Values follow the Go type
model in `gotypes`.

Usage mirrors Go::

    t = Template("", funcs={"lower": Func(...)}, missingkey="error")
    t.parse_file("versions.tmpl", text)     # like ParseFS: defines + a template named by file
    clone = t.clone()
    clone.parse(text)                       # errors: ParseError("template: :1: ...")
    clone.execute(data)                     # errors: ExecError("template: :1:5: executing ...")
"""

from .gotypes import Func, GoError, GoObject, GoSlice, Int64, Pair, gomethod, type_name
from .template import ExecError, ParseError, Template

__all__ = [
    "ExecError",
    "Func",
    "GoError",
    "GoObject",
    "GoSlice",
    "Int64",
    "Pair",
    "ParseError",
    "Template",
    "gomethod",
    "type_name",
]
