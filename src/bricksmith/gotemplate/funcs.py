"""The builtin functions, as Go's text/template/funcs.go.

Each builtin is a `Func` with Go's signature, because the executor converts and checks arguments
from it.  Parameters Go declares as `reflect.Value` arrive here already seen through interfaces,
except that a nil held in an interface arrives as an `Iface` box (Go's `indirect` reports it as a
nil pointer); a Go "invalid" value arrives as None.
"""

from __future__ import annotations

from . import escape, fmt
from .gotypes import Func, GoError, GoInt, GoObject, GoSlice, Uint8, from_bytes, to_bytes, type_name


def _iface():
    from .exec import Iface

    return Iface


def _is_nil_iface(v) -> bool:
    return type(v).__name__ == "Iface"


def _reflect_panic(method: str) -> GoError:
    return GoError(f"reflect: call of reflect.Value.{method} on zero Value")


# --- comparison ------------------------------------------------------------------------------

_BOOL, _COMPLEX, _INT, _FLOAT, _STRING, _UINT, _INVALID = range(7)


def _basic_kind(v) -> int | None:
    """Go's basicKind; None for kinds that are not basic (errBadComparisonType)."""
    if v is None:
        return _INVALID
    if isinstance(v, bool):
        return _BOOL
    if isinstance(v, GoInt) and not v.signed:
        return _UINT
    if isinstance(v, int):
        return _INT
    if isinstance(v, float):
        return _FLOAT
    if isinstance(v, complex):
        return _COMPLEX
    if isinstance(v, str):
        return _STRING
    return None


def _indirect_interface(v):
    return None if _is_nil_iface(v) else v


def _type_str(v) -> str:
    if v is None:
        raise _reflect_panic("Type")
    return type_name(v)


def _is_nil(v) -> bool:
    if v is None:
        return True
    if isinstance(v, GoSlice):
        return v.nil
    return bool(getattr(v, "go_nil", False))


def eq(arg1, *arg2) -> bool:
    arg1 = _indirect_interface(arg1)
    if not arg2:
        raise GoError("missing argument for comparison")
    k1 = _basic_kind(arg1)
    for arg in arg2:
        arg = _indirect_interface(arg)
        k2 = _basic_kind(arg)
        truth = False
        if k1 != k2:
            if k1 == _INT and k2 == _UINT:
                truth = arg1 >= 0 and int(arg1) == int(arg)
            elif k1 == _UINT and k2 == _INT:
                truth = arg >= 0 and int(arg1) == int(arg)
            elif arg1 is not None and arg is not None:
                raise GoError(f"incompatible types for comparison: {_type_str(arg1)} and {_type_str(arg)}")
        elif k1 in (_BOOL, _COMPLEX, _FLOAT, _INT, _STRING, _UINT):
            truth = arg1 == arg
        else:
            # Non-basic kinds (or both nil): only nil-ness can be compared here.
            if k1 == _INVALID or _is_nil(arg1) or _is_nil(arg):
                truth = _is_nil(arg) == _is_nil(arg1)
            elif isinstance(arg, (dict, list)) or isinstance(arg1, (dict, list)):
                raise GoError(f"non-comparable type {fmt.format_value(arg)}: {type_name(arg)}")
            elif type_name(arg1) != type_name(arg):
                raise GoError(
                    f"non-comparable types {fmt.format_value(arg1)}: {type_name(arg1)}, "
                    f"{type_name(arg)}: {fmt.format_value(arg)}"
                )
            else:
                truth = arg1 is arg or arg1 == arg
        if truth:
            return True
    return False


def ne(arg1, arg2) -> bool:
    return not eq(arg1, arg2)


def lt(arg1, arg2) -> bool:
    arg1 = _indirect_interface(arg1)
    k1 = _basic_kind(arg1)
    if k1 is None or k1 == _INVALID:
        raise GoError("invalid type for comparison")
    arg2 = _indirect_interface(arg2)
    k2 = _basic_kind(arg2)
    if k2 is None or k2 == _INVALID:
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
    from .exec import is_true

    return not is_true(arg)[0]


# --- len, index, slice -------------------------------------------------------------------------


def length(item) -> int:
    if _is_nil_iface(item) or getattr(item, "go_nil", False):
        raise GoError("len of nil pointer")
    if item is None:
        raise _reflect_panic("Type")
    if isinstance(item, str):
        return len(to_bytes(item))
    if isinstance(item, (dict, list, tuple)):
        return len(item)
    raise GoError(f"len of type {type_name(item)}")


def _index_arg(index, cap: int) -> int:
    if index is None:
        raise GoError("cannot index slice/array with nil")
    if isinstance(index, bool) or not isinstance(index, int):
        raise GoError(f"cannot index slice/array with type {type_name(index)}")
    x = int(index)
    if x < 0 or x > cap:
        raise GoError(f"index out of range: {x}")
    return x


def index(item, *indexes):
    item = _indirect_interface(item)
    if item is None:
        raise GoError("index of untyped nil")
    for ix in indexes:
        ix = _indirect_interface(ix)
        if getattr(item, "go_nil", False) or _is_nil_iface(item):
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
            e = item[x]
            item = e if isinstance(item, GoSlice) else _boxed(e)
        elif isinstance(item, dict):
            if ix is None:
                item = None if type(item) is dict else _zero_elem(item)
                continue
            if not isinstance(ix, str):
                raise GoError(f"value has type {type_name(ix)}; should be string")
            if ix in item:
                item = _boxed(item[ix]) if type(item) is dict else item[ix]
            else:
                item = None if type(item) is dict else _zero_elem(item)
        else:
            raise GoError(f"can't index item of type {type_name(item)}")
    return item


def _boxed(v):
    # An element of []any or map[string]any is an interface value; only its nil-ness matters
    # to the next index step, so box nils alone.
    return _iface()(None) if v is None else v


def _zero_elem(m):
    elem = getattr(m, "go_elem", "interface {}")
    return GoSlice((), elem=elem[2:], nil=True) if elem.startswith("[]") else None


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
    for i, ix in enumerate(indexes):
        idx[i] = _index_arg(_indirect_interface(ix), cap)
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
