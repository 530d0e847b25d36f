"""The namespace of named templates, as Go's text/template/template.go and helper.go.

A `Template` is a name plus a namespace shared with its associated templates: the parse trees by
name, the function map and the `missingkey` option.  `clone()` copies the namespace so that the
defines of one text never leak into another, which is how `databricks bundle init` renders every
string.  Parsing is cached per process, keyed by the text and the set of function names (the
only inputs a parse depends on), so a text is parsed once however many times it is rendered.
"""

from __future__ import annotations

from .exec import ExecError, execute
from .funcs import BUILTINS
from .gotypes import Func
from .node import Tree, is_empty_tree
from .parse import ParseError, parse

__all__ = ["ExecError", "ParseError", "Template"]

_PARSE_CACHE: dict[tuple, dict[str, Tree] | ParseError] = {}
_PARSE_CACHE_LIMIT = 100_000


class _Namespace:
    __slots__ = ("trees", "funcs", "missingkey", "_funcs_key")

    def __init__(self, funcs: dict[str, Func], missingkey: str):
        self.trees: dict[str, Tree] = {}
        self.funcs = funcs
        self.missingkey = missingkey
        self._funcs_key: frozenset | None = None

    def funcs_key(self) -> frozenset:
        if self._funcs_key is None:
            self._funcs_key = frozenset(self.funcs)
        return self._funcs_key


class Template:
    """A named template in a namespace (Go's *template.Template)."""

    __slots__ = ("name", "ns")

    def __init__(self, name: str = "", funcs: dict[str, Func] | None = None, missingkey: str = "default", _ns=None):
        if missingkey not in ("default", "invalid", "zero", "error"):
            raise ValueError(f'unrecognized option: missingkey={missingkey}')
        self.name = name
        self.ns = _ns if _ns is not None else _Namespace(dict(funcs or {}), missingkey)

    # --- what the executor needs -------------------------------------------------------------

    @property
    def tree(self) -> Tree | None:
        return self.ns.trees.get(self.name)

    @property
    def missingkey(self) -> str:
        return self.ns.missingkey

    def lookup(self, name: str) -> Template | None:
        if name not in self.ns.trees:
            return None
        return Template(name, _ns=self.ns)

    def find_function(self, name: str) -> tuple[Func | None, bool]:
        fn = self.ns.funcs.get(name)
        if fn is not None:
            return fn, False
        fn = BUILTINS.get(name)
        return fn, fn is not None

    # --- building the namespace -----------------------------------------------------------------

    def add_funcs(self, funcs: dict[str, Func]) -> Template:
        """Go's Funcs: add or replace functions in this namespace."""
        self.ns.funcs.update(funcs)
        self.ns._funcs_key = None
        return self

    def clone(self) -> Template:
        ns = _Namespace(dict(self.ns.funcs), self.ns.missingkey)
        ns.trees = dict(self.ns.trees)
        ns._funcs_key = self.ns._funcs_key
        return Template(self.name, _ns=ns)

    def parse(self, text: str) -> Template:
        """Go's Parse: parse text as this template's body (plus its defines)."""
        self._add_trees(self._parse_trees(self.name, text))
        return self

    def parse_file(self, filename: str, text: str) -> Template:
        """Like Go's ParseFS for one file: the text becomes the template named `filename`."""
        self._add_trees(self._parse_trees(filename, text))
        return self

    def _parse_trees(self, name: str, text: str) -> dict[str, Tree]:
        key = (name, text, self.ns.funcs_key())
        hit = _PARSE_CACHE.get(key)
        if hit is None:
            funcs = self.ns.funcs

            def has_func(fname: str) -> bool:
                return fname in funcs or fname in BUILTINS

            try:
                hit = parse(name, text, has_func)
            except ParseError as err:
                hit = err
            if len(_PARSE_CACHE) >= _PARSE_CACHE_LIMIT:
                _PARSE_CACHE.clear()
            _PARSE_CACHE[key] = hit
        if isinstance(hit, ParseError):
            raise ParseError(hit.message)
        return hit

    def _add_trees(self, trees: dict[str, Tree]) -> None:
        existing = self.ns.trees
        for name, tree in trees.items():
            old = existing.get(name)
            # Go's associate: an empty definition never replaces an existing template.
            if old is not None and is_empty_tree(tree.root):
                continue
            existing[name] = tree

    # --- running -------------------------------------------------------------------------------

    def execute(self, data, name: str | None = None) -> str:
        tmpl = self if name is None else self.lookup(name)
        if tmpl is None:
            raise ExecError(f"template: no template {name!r} associated with template {self.name!r}")
        return execute(tmpl, data)

    def defined_templates(self) -> list[str]:
        return sorted(self.ns.trees)
