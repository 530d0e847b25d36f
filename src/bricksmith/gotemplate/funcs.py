"""The builtin functions, as Go's text/template/funcs.go.

Each builtin is a `Func` with Go's signature, because the executor converts and checks arguments
from it.  Parameters Go declares as `reflect.Value` arrive as the executor holds them: a value
read from a map or slice of `interface {}` still in its `Iface` box, a Go "invalid" value as
None.  Each builtin looks through interfaces exactly where Go's does (`slice`, for one, does
not look inside its index arguments), because that decides which error a template sees.
"""

from __future__ import annotations

from . import escape, fmt
from .gotypes import Func, GoError, GoInt, GoObject, GoSlice, Pair, Uint8, from_bytes, to_bytes, type_name


from .exec import Iface, is_true

# Go reflect kinds that matter to the builtins.
_BOOL, _COMPLEX, _INT, _FLOAT, _STRING, _UINT, _INVALID = range(7)


def _reflect_panic(method: str) -> GoError:
    return GoError(f"reflect: call of reflect.Value.{method} on zero Value")


def _indirect_interface(v):
    """Go's indirectInterface: the value inside an interface; None for a nil one."""
    return v.v if isinstance(v, Iface) else v


def _indirect(v):
    """Go's indirect: through interfaces and pointers; returns (value, is_nil)."""
    if isinstance(v, Iface):
        if v.v is None:
            return None, True
        v = v.v
    if getattr(v, "go_nil", False):
        return v, True
    return v, False


def _elem_type(v) -> str:
    """The type of what a pointer points to, as Go names it after `indirect`."""
    t = type_name(v)
    return t[1:] if t.startswith("*") else t


def _basic_kind(v) -> tuple[int, bool]:
    """Go's basicKind: (kind, ok); ok is False for kinds that are not basic."""
    if isinstance(v, bool):
        return _BOOL, True
    if isinstance(v, GoInt) and not v.signed:
        return _UINT, True
    if isinstance(v, int):
        return _INT, True
    if isinstance(v, float):
        return _FLOAT, True
    if isinstance(v, complex):
        return _COMPLEX, True
    if isinstance(v, str):
        return _STRING, True
    return _INVALID, False


def _reflect_kind(v) -> str:
    if v is None:
        return "invalid"
    if isinstance(v, dict):
        return "map"
    if isinstance(v, (list, tuple)):
        return "slice"
    if isinstance(v, Func):
        return "func"
    if type_name(v).startswith("*"):
        return "ptr"
    return "struct"


def _is_nil(v) -> bool:
    if v is None:
        return True
    if isinstance(v, GoSlice):
        return v.nil
    return bool(getattr(v, "go_nil", False))


def _interface_equal(a, b) -> bool:
    """Go's == on two interface values (used for the fields of comparable structs)."""
    if type_name(a) != type_name(b):
        return False
    if isinstance(a, (dict, list, tuple)) or isinstance(a, Func):
        raise GoError(f"runtime error: comparing uncomparable type {type_name(a)}")
    if isinstance(a, Pair):
        return a.k == b.k and _interface_equal(a.v, b.v)
    if isinstance(a, GoObject):
        return a is b
    return a == b


def eq(arg1, *arg2) -> bool:
    if len(arg2) == 1:  # the commonest comparison, `eq .x "literal"`
        a = arg1.v if type(arg1) is Iface else arg1
        b = arg2[0].v if type(arg2[0]) is Iface else arg2[0]
        if type(a) is str and type(b) is str:
            return a == b
    arg1 = _indirect_interface(arg1)
    if not arg2:
        raise GoError("missing argument for comparison")
    k1, _ = _basic_kind(arg1)
    for arg in arg2:
        arg = _indirect_interface(arg)
        k2, _ = _basic_kind(arg)
        truth = False
        if k1 != k2:
            if k1 == _INT and k2 == _UINT:
                truth = arg1 >= 0 and int(arg1) == int(arg)
            elif k1 == _UINT and k2 == _INT:
                truth = arg >= 0 and int(arg1) == int(arg)
            elif arg1 is not None and arg is not None:
                raise GoError(f"incompatible types for comparison: {type_name(arg1)} and {type_name(arg)}")
        elif k1 != _INVALID:
            truth = arg1 == arg
        else:
            ka, kb = _reflect_kind(arg1), _reflect_kind(arg)
            if ka != kb and "invalid" not in (ka, kb):
                raise GoError(
                    fmt.sprintf("non-comparable types %s: %v, %s: %v", [arg1, type_name(arg1), type_name(arg), arg])
                )
            if _is_nil(arg1) or _is_nil(arg):
                truth = _is_nil(arg) == _is_nil(arg1)
            elif kb in ("map", "slice", "func"):
                raise GoError(fmt.sprintf("non-comparable type %s: %v", [arg, type_name(arg)]))
            else:
                truth = _interface_equal(arg1, arg)
        if truth:
            return True
    return False


def ne(arg1, arg2) -> bool:
    return not eq(arg1, arg2)


def lt(arg1, arg2) -> bool:
    arg1 = _indirect_interface(arg1)
    k1, ok = _basic_kind(arg1)
    if not ok:
        raise GoError("invalid type for comparison")
    arg2 = _indirect_interface(arg2)
    k2, ok = _basic_kind(arg2)
    if not ok:
        raise GoError("invalid type for comparison")
    if k1 != k2:
        if k1 == _INT and k2 == _UINT:
            return arg1 < 0 or int(arg1) < int(arg2)
        if k1 == _UINT and k2 == _INT:
            return arg2 >= 0 and int(arg1) < int(arg2)
        raise GoError(f"incompatible types for comparison: {type_name(arg1)} and {type_name(arg2)}")
    if k1 in (_BOOL, _COMPLEX):
        raise GoError("invalid type for comparison")
    if k1 == _STRING:
        return to_bytes(arg1) < to_bytes(arg2)
    return arg1 < arg2


def le(arg1, arg2) -> bool:
    return lt(arg1, arg2) or eq(arg1, arg2)


def gt(arg1, arg2) -> bool:
    return not le(arg1, arg2)


def ge(arg1, arg2) -> bool:
    return not lt(arg1, arg2)


# --- truth -------------------------------------------------------------------------------------


def not_(arg) -> bool:
    return not is_true(arg)[0]


# --- len, index, slice -------------------------------------------------------------------------


def length(item) -> int:
    item, is_nil = _indirect(item)
    if is_nil:
        raise GoError("len of nil pointer")
    if item is None:
        raise _reflect_panic("Type")
    if isinstance(item, str):
        return len(to_bytes(item))
    if isinstance(item, (dict, list, tuple)):
        return len(item)
    raise GoError(f"len of type {_elem_type(item)}")


def _index_arg(index, cap: int) -> int:
    if index is None:
        raise GoError("cannot index slice/array with nil")
    if isinstance(index, Iface):
        raise GoError("cannot index slice/array with type interface {}")
    if isinstance(index, bool) or not isinstance(index, int):
        raise GoError(f"cannot index slice/array with type {type_name(index)}")
    x = int(index)
    if x < 0 or x > cap:
        raise GoError(f"index out of range: {x}")
    return x


def _map_zero(m):
    if type(m) is dict:
        return Iface(None)  # the zero interface {}: a nil that is still "typed"
    elem = getattr(m, "go_elem", "interface {}")
    return GoSlice((), elem=elem[2:], nil=True) if elem.startswith("[]") else None


def index(item, *indexes):
    item = _indirect_interface(item)
    if item is None:
        raise GoError("index of untyped nil")
    for ix in indexes:
        ix = _indirect_interface(ix)
        item, is_nil = _indirect(item)
        if is_nil:
            raise GoError("index of nil pointer")
        if isinstance(item, str):
            b = to_bytes(item)
            x = _index_arg(ix, len(b))
            if x == len(b):
                raise GoError("reflect: string index out of range")
            item = Uint8(b[x])
        elif isinstance(item, (list, tuple)):
            x = _index_arg(ix, len(item))
            if x == len(item):
                raise GoError("reflect: slice index out of range")
            item = item[x] if isinstance(item, GoSlice) else Iface(item[x])
        elif isinstance(item, dict):
            if ix is None:
                raise GoError("value is nil; should be of type string")
            if not isinstance(ix, str):
                raise GoError(f"value has type {type_name(ix)}; should be string")
            if ix in item:
                item = Iface(item[ix]) if type(item) is dict else item[ix]
            else:
                item = _map_zero(item)
        else:
            raise GoError(f"can't index item of type {_elem_type(item)}")
    return item


def slice_(item, *indexes):
    item = _indirect_interface(item)
    if item is None:
        raise GoError("slice of untyped nil")
    if len(indexes) > 3:
        raise GoError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise GoError("cannot 3-index slice a string")
        b = to_bytes(item)
        cap = len(b)
    elif isinstance(item, (list, tuple)):
        cap = len(item)
    else:
        raise GoError(f"can't slice item of type {type_name(item)}")
    idx = [0, cap, 0]
    for i, ix in enumerate(indexes):  # Go does not look inside interfaces here
        idx[i] = _index_arg(ix, cap)
    if idx[0] > idx[1]:
        raise GoError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise GoError(f"invalid slice index: {idx[1]} > {idx[2]}")
    if isinstance(item, str):
        return from_bytes(b[idx[0] : idx[1]])
    if isinstance(item, GoSlice):
        return GoSlice(item[idx[0] : idx[1]], elem=item.elem)
    return list(item[idx[0] : idx[1]])


# --- call ----------------------------------------------------------------------------------------


def call(name: str, fn, *args):
    fn = _indirect_interface(fn)
    if fn is None:
        raise GoError("call of nil")
    if not isinstance(fn, Func):
        raise GoError(f"non-function {name} of type {type_name(fn)}")
    n = len(fn.params)
    if fn.variadic is not None:
        if len(args) < n:
            raise GoError(f"wrong number of args for {name}: got {len(args)} want at least {n}")
    elif len(args) != n:
        raise GoError(f"wrong number of args for {name}: got {len(args)} want {n}")
    return fn.fn(*args)


# --- printing and escaping ------------------------------------------------------------------------


def _sprint(*args) -> str:
    return fmt.sprint(list(args))


def _sprintln(*args) -> str:
    return fmt.sprintln(list(args))


def _sprintf(format: str, *args) -> str:
    return fmt.sprintf(format, list(args))


def _html(*args) -> str:
    return escape.html_escape_string(escape.eval_args(list(args)))


def _js(*args) -> str:
    return escape.js_escape_string(escape.eval_args(list(args)))


def _urlquery(*args) -> str:
    return escape.urlquery_escape(escape.eval_args(list(args)))


def _unreachable(*args):
    raise AssertionError("and/or are evaluated by the executor")


RV = "reflect.Value"

BUILTINS: dict[str, Func] = {
    "and": Func("and", _unreachable, (RV,), RV, RV),
    "call": Func("call", call, (RV,), RV, RV, error=True),
    "html": Func("html", _html, (), "any", "string"),
    "index": Func("index", index, (RV,), RV, RV, error=True),
    "slice": Func("slice", slice_, (RV,), RV, RV, error=True),
    "js": Func("js", _js, (), "any", "string"),
    "len": Func("len", length, (RV,), None, "int", error=True),
    "not": Func("not", not_, (RV,), None, "bool"),
    "or": Func("or", _unreachable, (RV,), RV, RV),
    "print": Func("print", _sprint, (), "any", "string"),
    "printf": Func("printf", _sprintf, ("string",), "any", "string"),
    "println": Func("println", _sprintln, (), "any", "string"),
    "urlquery": Func("urlquery", _urlquery, (), "any", "string"),
    "eq": Func("eq", eq, (RV,), RV, "bool", error=True),
    "ge": Func("ge", ge, (RV, RV), None, "bool", error=True),
    "gt": Func("gt", gt, (RV, RV), None, "bool", error=True),
    "le": Func("le", le, (RV, RV), None, "bool", error=True),
    "lt": Func("lt", lt, (RV, RV), None, "bool", error=True),
    "ne": Func("ne", ne, (RV, RV), None, "bool", error=True),
}

__all__ = ["BUILTINS", "GoObject"]
