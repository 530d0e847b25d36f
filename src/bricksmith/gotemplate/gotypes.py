"""How Go values are modelled in Python.

Templates observe Go's static types: `%T`, `%!d(int64=5)` markers, `eq` across int sizes and the
argument rules of functions all depend on them.  The mapping is:

=====================  ==========================================================
Go                     Python
=====================  ==========================================================
nil (interface)        ``None``
bool                   ``bool``
int                    ``int`` (exactly ``int``: template literals, ``len``, ``random_int``)
int64, int32, uint8..  ``Int64``, ``Int32``, ``Uint8``... (``GoInt`` subclasses of ``int``)
float64                ``float``
complex128             ``complex``
string                 ``str`` (bytes that are not UTF-8 ride along as surrogate escapes)
map[string]any         ``dict``
[]any                  ``list``
[]string, ...          ``GoSlice`` (a list that knows its element type and may be nil)
other Go types         objects with a ``go_type`` attribute (``Pair``, ``URL``, ``Regexp``...)
=====================  ==========================================================

Functions callable from templates are ``Func`` objects: a Python callable plus the Go signature that
decides how arguments are converted and checked.  A Python callable reports a Go ``error`` result by
raising ``GoError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

ENCODING = "utf-8"
ERRORS = "surrogateescape"


def to_bytes(s: str) -> bytes:
    """The bytes of a Go string held in a Python str."""
    return s.encode(ENCODING, ERRORS)


def from_bytes(b: bytes) -> str:
    return b.decode(ENCODING, ERRORS)


class GoError(Exception):
    """A Go `error` value: its message is exactly what Go's Error() would return."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------------------------------------
# Sized integers.  Plain Python int stands for Go `int`; the others carry their Go name.


class GoInt(int):
    go_type = "int"
    bits = 64
    signed = True

    def __repr__(self) -> str:
        return f"{self.go_type}({int(self)})"


def _sized(name: str, bits: int, signed: bool) -> type:
    return type(name.capitalize(), (GoInt,), {"go_type": name, "bits": bits, "signed": signed})


Int8 = _sized("int8", 8, True)
Int16 = _sized("int16", 16, True)
Int32 = _sized("int32", 32, True)
Int64 = _sized("int64", 64, True)
Uint = _sized("uint", 64, False)
Uint8 = _sized("uint8", 8, False)
Uint16 = _sized("uint16", 16, False)
Uint32 = _sized("uint32", 32, False)
Uint64 = _sized("uint64", 64, False)

INT_TYPES = {"int": int, "int8": Int8, "int16": Int16, "int32": Int32, "int64": Int64}
UINT_TYPES = {"uint": Uint, "uint8": Uint8, "uint16": Uint16, "uint32": Uint32, "uint64": Uint64}


class GoSlice(list):
    """A typed Go slice such as []string; `nil` distinguishes a nil slice from an empty one."""

    def __init__(self, items=(), elem: str = "interface {}", nil: bool = False):
        super().__init__(items)
        self.elem = elem
        self.nil = nil and not self

    @property
    def go_type(self) -> str:
        return "[]" + self.elem


@dataclass(frozen=True)
class Pair:
    """The CLI's `pair` helper result: a struct with unexported fields k and v."""

    k: str
    v: Any
    go_type = "template.pair"
    go_unexported = ("k", "v")


# ---------------------------------------------------------------------------------------------
# Functions and methods.


@dataclass
class Func:
    """A Go function value as seen by text/template.

    params: Go type names of the fixed parameters; `variadic` the element type of a final
    `...T` parameter.  Type names understood by the executor: "any" (interface {}),
    "reflect.Value", "string", "bool", "int", "int64" (and other sized ints), "float64",
    "template.pair", or any `go_type` string of a modelled object.
    result: Go type of the first result ("any" when the function returns interface {}).
    error: whether there is a trailing error result (the callable then raises GoError).
    """

    name: str
    fn: Callable[..., Any]
    params: tuple = ()
    variadic: str | None = None
    result: str = "any"
    error: bool = False
    # Go's goodFunc complaint for a method with an unusable result list (see go_uncallable).
    invalid: str | None = None

    @property
    def go_type(self) -> str:
        args = list(self.params)
        if self.variadic is not None:
            args.append("..." + self.variadic)
        res = self.result if not self.error else f"({self.result}, error)"
        return f"func({', '.join(args)}) {res}"


def gomethod(*params: str, variadic: str | None = None, result: str = "any", error: bool = False):
    """Mark a Python method as a Go method callable from templates (`.Obj.Method args`)."""

    def mark(fn):
        fn.go_signature = (tuple(params), variadic, result, error)
        return fn

    return mark


def go_uncallable(*results: str, params: tuple = ()):
    """Declare a Go method that templates find but cannot call, by its Go result types.

    Go's text/template only calls functions with one result, or two whose second is an error;
    naming any other method fails with Go's own message, which the executor reproduces.
    """

    def mark(fn):
        name = fn.__name__
        if len(results) == 2 and results[1] != "error":
            msg = f"invalid function signature for {name}: second return value should be error; is {results[1]}"
        else:
            msg = f"function {name} has {len(results)} return values; should be 1 or 2"
        fn.go_signature = (tuple(params), None, "any", False)
        fn.go_invalid = msg
        return fn

    return mark


class GoObject:
    """Base for modelled Go values with fields and methods (`*url.URL`, `*regexp.Regexp`...).

    Subclasses set `go_type`, list exported field names in `go_fields` (read as attributes) and
    decorate methods with `gomethod`.  Methods take precedence over fields, as in Go.
    """

    go_type = "struct {}"
    go_fields: tuple = ()
    go_unexported: tuple = ()
    # Go pointers are always truthy; struct values are too.

    def go_method(self, name: str) -> Func | None:
        fn = getattr(type(self), name, None)
        sig = getattr(fn, "go_signature", None)
        if sig is None:
            return None
        params, variadic, result, error = sig
        return Func(name, getattr(self, name), params, variadic, result, error, getattr(fn, "go_invalid", None))


def type_name(v: Any) -> str:
    """Go's %T of a value."""
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, GoInt):
        return v.go_type
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, complex):
        return "complex128"
    if isinstance(v, str):
        return "string"
    t = getattr(v, "go_type", None)
    if t is not None:
        return t
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, list):
        return "[]interface {}"
    if isinstance(v, tuple):
        return "[]interface {}"
    return type(v).__name__


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def is_signed(v: Any) -> bool:
    return is_int(v) and (not isinstance(v, GoInt) or v.signed)


def is_unsigned(v: Any) -> bool:
    return isinstance(v, GoInt) and not v.signed
