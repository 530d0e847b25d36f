"""Executor: walks a parse tree against data, as Go's text/template/exec.go.

State is explicit: the namespace being executed (for `{{template}}` lookups and error names), the
current node (for error locations), a stack of variables with marks for scopes, and the depth of
template calls.  Dispatch is by node kind in one place (`walk`).

One subtlety of Go's reflection is modelled here: a value read out of a `map[string]any` or a
`[]any` has the static type `interface {}` until a pipeline finishes.  That is observable in error
messages (`can't evaluate field x in type interface {}`) and in how nil behaves, so such values
travel as `Iface` boxes and are unboxed where Go unboxes them.
"""

from __future__ import annotations

import sys

from . import fmt
from .gotypes import (
    INT_TYPES,
    UINT_TYPES,
    Func,
    GoError,
    GoObject,
    GoSlice,
    Pair,
    type_name,
)
from .node import Node

MAX_EXEC_DEPTH = 100000  # Go's limit, quoted in the error
_PY_DEPTH = 1500  # where we stop: deep enough for real templates, shallow enough for Python


class ExecError(GoError):
    """Go's template.ExecError; `cause` is the error a called function returned, if any."""

    def __init__(self, message: str, name: str = "", cause: GoError | None = None):
        super().__init__(message)
        self.name = name
        self.cause = cause


class Iface:
    """A value whose static Go type is interface {} (see module docstring)."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


MISSING = object()  # Go's missingVal: "no final value from the previous pipeline command"

_CAN_BE_NIL_PREFIXES = ("*", "[]", "map[", "func(", "chan ")


def can_be_nil(typ: str) -> bool:
    return typ in ("any", "interface {}", "reflect.Value", "error") or typ.startswith(_CAN_BE_NIL_PREFIXES)


def zero_of(typ: str):
    if typ.startswith("[]"):
        return GoSlice((), elem=typ[2:], nil=True)
    return None


def go_type_str(typ: str) -> str:
    return "interface {}" if typ == "any" else typ


def static_type(v) -> str:
    if isinstance(v, Iface):
        return "interface {}"
    return type_name(v)


def is_true(v) -> tuple[bool, bool]:
    """Go's isTrue: (truth, ok)."""
    if isinstance(v, Iface):
        v = v.v
    if v is None:
        return False, True
    if v is True or v is False:
        return v, True
    if isinstance(v, (str, dict, list, tuple)):
        return len(v) > 0, True
    if isinstance(v, (int, float, complex)):
        return v != 0, True
    if isinstance(v, GoObject):
        return not getattr(v, "go_nil", False), True
    return True, True  # structs, functions and other non-nil values


def _unbox(v):
    return v.v if isinstance(v, Iface) else v


def _is_int_value(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class State:
    __slots__ = ("tmpl", "out", "node", "vars", "depth")

    def __init__(self, tmpl, out: list, dot, depth: int = 0):
        self.tmpl = tmpl  # the Template being executed (name + namespace)
        self.out = out
        self.node: Node | None = None
        self.vars: list[list] = [["$", dot]]
        self.depth = depth

    # --- errors ------------------------------------------------------------------------------

    def errorf(self, msg: str, cause: GoError | None = None):
        name = self.tmpl.name
        if self.node is None:
            text = f"template: {name}: {msg}"
        else:
            location, context = self.node.tr.error_context(self.node)
            text = f"template: {location}: executing {_quote(name)} at <{context}>: {msg}"
        raise ExecError(text, name, cause)

    # --- variables ---------------------------------------------------------------------------

    def set_var(self, name: str, value) -> None:
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                self.vars[i][1] = value
                return
        self.errorf(f"undefined variable: {name}")

    def var_value(self, name: str):
        for entry in reversed(self.vars):
            if entry[0] == name:
                return entry[1]
        self.errorf(f"undefined variable: {name}")

    # --- walking -----------------------------------------------------------------------------

    def walk(self, dot, node) -> None:
        k = node.kind
        if k == "list":
            # Lists run as closures (compile.py) that do what this method and its helpers do.
            run = node.compiled
            if run is None:
                run = list_runner(node)
            run(self, dot)
            return
        self.node = node
        if k == "text":
            self.out.append(node.text)
        elif k == "action":
            self.walk_action(dot, node)
        elif k == "if" or k == "with":
            self.walk_if_or_with(k, dot, node)
        elif k == "range":
            self.walk_range(dot, node)
        elif k == "template":
            self.walk_template(dot, node)
        elif k == "break":
            raise _Break()
        elif k == "continue":
            raise _Continue()
        elif k == "comment":
            pass
        else:
            self.errorf(f"unknown node: {node}")

    def walk_action(self, dot, node) -> None:
        self.node = node
        val = self.eval_pipeline(dot, node.pipe)
        if not node.pipe.decl:
            if type(val) is str:
                self.node = node
                self.out.append(val)
            else:
                self.print_value(node, val)

    def walk_if_or_with(self, k: str, dot, node) -> None:
        mark = len(self.vars)
        try:
            val = self.eval_pipeline(dot, node.pipe)
            truth, ok = is_true(val)
            if not ok:
                self.errorf(f"if/with can't use {fmt.format_value(val)}")
            if truth:
                self.walk(val if k == "with" else dot, node.list)
            elif node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[mark:]

    def walk_range(self, dot, r) -> None:
        self.node = r
        outer_mark = len(self.vars)
        try:
            val = self.eval_pipeline(dot, r.pipe)
            mark = len(self.vars)
            decl = r.pipe.decl
            is_assign = r.pipe.is_assign

            def one(index, elem) -> bool:
                """Runs the body once; False when {{break}} ends the loop."""
                if decl:
                    if is_assign:
                        self.set_var(decl[0].ident[0], index if len(decl) > 1 else elem)
                    else:
                        self.vars[-1][1] = elem
                if len(decl) > 1:
                    if is_assign:
                        self.set_var(decl[1].ident[0], elem)
                    else:
                        self.vars[-2][1] = index
                try:
                    self.walk(elem, r.list)
                except _Continue:
                    pass
                except _Break:
                    return False
                finally:
                    del self.vars[mark:]
                return True

            ran = False
            if val is None or (isinstance(val, GoSlice) and val.nil):
                pass
            elif isinstance(val, (list, tuple)):
                boxed = not isinstance(val, GoSlice)
                for i, e in enumerate(val):
                    ran = True
                    if not one(i, Iface(e) if boxed else e):
                        break
            elif isinstance(val, dict):
                boxed = type(val) is dict
                for key in fmt.sorted_keys(val):  # Go's fmtsort, as printing uses
                    ran = True
                    e = val[key]
                    if not one(key, Iface(e) if boxed else e):
                        break
            elif _is_int_value(val):
                if len(decl) > 1:
                    self.errorf(f"can't use {fmt.format_value(val)} to iterate over more than one variable")
                make = type(val)
                for i in range(int(val)):
                    ran = True
                    if not one(None, make(i)):
                        break
            else:
                self.errorf(f"range can't iterate over {fmt.format_value(val)}")
            if not ran and r.else_list is not None:
                self.walk(dot, r.else_list)
        finally:
            del self.vars[outer_mark:]

    def walk_template(self, dot, t) -> None:
        self.node = t
        tmpl = self.tmpl.lookup(t.name)
        if tmpl is None:
            self.errorf(f"template {_quote(t.name)} not defined")
        if self.depth >= _PY_DEPTH:
            self.errorf(f"exceeded maximum template depth ({MAX_EXEC_DEPTH})")
        dot = self.eval_pipeline(dot, t.pipe) if t.pipe is not None else None
        if isinstance(dot, Iface):
            dot = dot.v
        root = tmpl.tree.root
        run = root.compiled  # as State.walk does with a list, without the dispatch
        if run is None:
            run = list_runner(root)
        run(State(tmpl, self.out, dot, self.depth + 1), dot)

    # --- pipelines and commands -------------------------------------------------------------

    def eval_pipeline(self, dot, pipe):
        """Go's evalPipeline, run as a closure (compile.pipeline: the commands are evaluated in
        turn, each value unboxed from interface {}, then assigned to the declared variables)."""
        if pipe is None:
            return None
        run = pipe.fast
        if run is None:
            run = pipeline(pipe)
        return run(self, dot)

    def not_a_function(self, args, final) -> None:
        if (args is not None and len(args) > 1) or final is not MISSING:
            self.errorf(f"can't give argument to non-function {args[0]}")

    def eval_command(self, dot, cmd, final):
        first = cmd.args[0]
        k = first.kind
        if k == "field":
            return self.eval_field_node(dot, first, cmd.args, final)
        if k == "chain":
            return self.eval_chain_node(dot, first, cmd.args, final)
        if k == "identifier":
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if k == "pipe":
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if k == "variable":
            return self.eval_variable_node(dot, first, cmd.args, final)
        self.node = first
        self.not_a_function(cmd.args, final)
        if k == "bool":
            return first.true
        if k == "dot":
            return dot
        if k == "nil":
            self.errorf("nil is not a command")
        if k == "number":
            return self.ideal_constant(first)
        if k == "string":
            return first.text
        self.errorf(f"can't evaluate command {_quote(str(first))}")

    def ideal_constant(self, c):
        self.node = c
        if c.is_complex:
            return c.complex128
        t = c.text
        if c.is_float and not _is_hex_int(t) and not t.startswith("'") and any(ch in t for ch in ".eEpP"):
            return c.float64
        if c.is_int:
            return int(c.int64)
        if c.is_uint:
            self.errorf(f"{t} overflows int")
        return None

    def eval_field_node(self, dot, field, args, final):
        self.node = field
        return self.eval_field_chain(dot, dot, field, field.ident, args, final)

    def eval_chain_node(self, dot, chain, args, final):
        self.node = chain
        if chain.node.kind == "nil":
            self.errorf(f"indirection through explicit nil in {chain}")
        pipe = self.eval_arg(dot, None, chain.node)
        return self.eval_field_chain(dot, pipe, chain, chain.field, args, final)

    def eval_variable_node(self, dot, variable, args, final):
        self.node = variable
        ident = variable.ident
        value = self.var_value(ident[0])
        if len(ident) == 2 and type(value) is dict and final is MISSING and (args is None or len(args) <= 1):
            v = value.get(ident[1], MISSING)  # `$.key`: the commonest chain, a plain map lookup
            if v is not MISSING:
                return Iface(v)
        if len(ident) == 1:
            self.not_a_function(args, final)
            return value
        return self.eval_field_chain(dot, value, variable, variable.ident[1:], args, final)

    def eval_field_chain(self, dot, receiver, node, ident, args, final):
        n = len(ident)
        for i in range(n - 1):
            receiver = self.eval_field(dot, ident[i], node, None, MISSING, receiver)
        return self.eval_field(dot, ident[n - 1], node, args, final, receiver)

    def eval_function(self, dot, node, cmd, args, final):
        self.node = node
        name = node.ident
        fn, is_builtin = self.tmpl.find_function(name)
        if fn is None:
            self.errorf(f"{_quote(name)} is not a defined function")
        return self.eval_call(dot, fn, is_builtin, cmd, name, args, final)

    def eval_field(self, dot, name, node, args, final, receiver):
        if receiver is None:
            if self.tmpl.missingkey == "error":
                self.errorf(f"nil data; no entry for key {_quote(name)}")
            return None
        typ = receiver  # its static type is only needed for error messages
        if isinstance(receiver, Iface):
            receiver = receiver.v
            if receiver is None:
                self.errorf(f"nil pointer evaluating interface {{}}.{name}")
        has_args = (args is not None and len(args) > 1) or final is not MISSING
        if type(receiver) is dict:
            if has_args:
                self.errorf(f"{name} is not a method but has arguments")
            if name in receiver:
                return Iface(receiver[name])
            if self.tmpl.missingkey == "error":
                self.errorf(f"map has no entry for key {_quote(name)}")
            return None
        method = _method(receiver, name)
        if method is not None:
            return self.eval_call(dot, method, False, node, name, args, final)
        if isinstance(receiver, dict):  # a typed map such as url.Values
            if has_args:
                self.errorf(f"{name} is not a method but has arguments")
            if name in receiver:
                return receiver[name]
            mk = self.tmpl.missingkey
            if mk == "error":
                self.errorf(f"map has no entry for key {_quote(name)}")
            if mk == "zero":
                return zero_of(getattr(receiver, "go_elem", "any"))
            return None
        if isinstance(receiver, GoObject):
            if name in receiver.go_fields:
                if getattr(receiver, "go_nil", False):
                    self.errorf(f"nil pointer evaluating {static_type(typ)}.{name}")
                if has_args:
                    self.errorf(f"{name} has arguments but cannot be invoked as function")
                return getattr(receiver, name)
            if name in receiver.go_unexported:
                self.errorf(f"{name} is an unexported field of struct type {static_type(typ)}")
        elif isinstance(receiver, Pair):
            if name in Pair.go_unexported:
                self.errorf(f"{name} is an unexported field of struct type {static_type(typ)}")
        self.errorf(f"can't evaluate field {name} in type {static_type(typ)}")

    # --- calls -------------------------------------------------------------------------------

    def eval_call(self, dot, fn: Func, is_builtin: bool, node, name: str, args, final):
        args = args[1:] if args is not None else []
        num_in = len(args) + (0 if final is MISSING else 1)
        params = fn.params
        num_fixed = len(args)
        if fn.variadic is not None:
            num_fixed = len(params)
            if num_in < num_fixed:
                self.errorf(f"wrong number of args for {name}: want at least {len(params)} got {len(args)}")
        elif num_in != len(params):
            self.errorf(f"wrong number of args for {name}: want {len(params)} got {num_in}")
        if fn.invalid is not None:
            self.errorf(fn.invalid)

        if is_builtin and (name == "and" or name == "or"):
            want = name == "or"
            v = None
            for arg in args:
                v = self.eval_arg(dot, "reflect.Value", arg)
                if is_true(v)[0] == want:
                    return v
            if final is not MISSING:
                v = self.validate_type(final, "reflect.Value")
            return v

        argv = []
        i = 0
        while i < num_fixed and i < len(args):
            argv.append(self.eval_arg(dot, params[i], args[i]))
            i += 1
        if fn.variadic is not None:
            while i < len(args):
                argv.append(self.eval_arg(dot, fn.variadic, args[i]))
                i += 1
        if final is not MISSING:
            if fn.variadic is None:
                t = params[-1]
            elif num_in - 1 < num_fixed:
                t = params[num_in - 1]
            else:
                t = fn.variadic
            argv.append(self.validate_type(final, t))

        if is_builtin and name == "call":
            if args:
                callee = str(args[0])
            else:  # reflect.Value.String() of the piped value
                callee = final if isinstance(final, str) else f"<{type_name(_unbox(final))} Value>"
            argv.insert(0, callee)
        return self.call(fn, node, name, argv)

    def call(self, fn: Func, node, name: str, argv: list):
        """Call a function with checked arguments; its error becomes Go's `error calling`."""
        try:
            return fn.fn(*argv)
        except Exception as err:
            self.call_failed(node, name, err)

    def call_failed(self, node, name: str, err: Exception):
        """What `call` does when the function raised err (compiled calls use it too)."""
        if isinstance(err, (ExecError, _Break, _Continue, RecursionError)):
            raise err
        self.node = node
        if isinstance(err, GoError):
            self.errorf(f"error calling {name}: {err.message}", cause=err)
        # A panic inside a function becomes an error, as in Go.
        self.errorf(f"error calling {name}: {err}", cause=GoError(str(err)))

    def validate_type(self, value, typ):
        vt = type(value)
        if typ == "reflect.Value":
            if value is not None or typ is None:
                return value  # builtins see through interfaces themselves, each in its own way
        elif (vt is str and typ == "string") or (vt is int and typ == "int"):
            return value
        elif typ == "any" and vt is not Iface and value is not None:
            return value
        if value is None:
            if typ is None:
                return None
            if can_be_nil(typ):
                return zero_of(typ)
            self.errorf(f"invalid value; expected {go_type_str(typ)}")
        if typ == "reflect.Value":
            return value  # builtins see through interfaces themselves, each in its own way
        if typ is None or typ == "any":
            return _unbox(value)
        if isinstance(value, Iface):
            inner = value.v
            if inner is None:
                self.errorf(f"wrong type for value; expected {go_type_str(typ)}; got interface {{}}")
            value = inner
        if type_name(value) != typ:
            self.errorf(f"wrong type for value; expected {go_type_str(typ)}; got {type_name(value)}")
        return value

    def eval_arg(self, dot, typ, n):
        self.node = n
        k = n.kind
        if k == "string" and typ in _STRING_ARG_TYPES:
            return n.text
        if k == "dot":
            return self.validate_type(dot, typ)
        if k == "nil":
            if typ is not None and can_be_nil(typ):
                return zero_of(typ)
            self.errorf(f"cannot assign nil to {go_type_str(typ)}")
        if k == "field":
            return self.validate_type(self.eval_field_node(dot, n, [n], MISSING), typ)
        if k == "variable":
            return self.validate_type(self.eval_variable_node(dot, n, None, MISSING), typ)
        if k == "pipe":
            return self.validate_type(self.eval_pipeline(dot, n), typ)
        if k == "identifier":
            return self.validate_type(self.eval_function(dot, n, n, None, MISSING), typ)
        if k == "chain":
            return self.validate_type(self.eval_chain_node(dot, n, None, MISSING), typ)
        if typ == "bool":
            if k == "bool":
                return n.true
            self.errorf(f"expected bool; found {n}")
        if typ in ("float64", "float32"):
            if k == "number" and n.is_float:
                return n.float64
            self.errorf(f"expected float; found {n}")
        if typ in INT_TYPES:
            if k == "number" and n.is_int:
                return INT_TYPES[typ](n.int64)
            self.errorf(f"expected integer; found {n}")
        if typ in ("any", "reflect.Value", "interface {}"):
            return self.eval_empty_interface(dot, n)
        if typ == "string":
            if k == "string":
                return n.text
            self.errorf(f"expected string; found {n}")
        if typ in UINT_TYPES:
            if k == "number" and n.is_uint:
                return UINT_TYPES[typ](n.uint64)
            self.errorf(f"expected unsigned integer; found {n}")
        if typ == "complex128":
            if k == "number" and n.is_complex:
                return n.complex128
            self.errorf(f"expected complex; found {n}")
        self.errorf(f"can't handle {n} for arg of type {go_type_str(typ)}")

    def eval_empty_interface(self, dot, n):
        self.node = n
        k = n.kind
        if k == "bool":
            return n.true
        if k == "number":
            return self.ideal_constant(n)
        if k == "string":
            return n.text
        self.errorf(f"can't handle assignment of {n} to empty interface argument")

    # --- printing ----------------------------------------------------------------------------

    def print_value(self, node, v) -> None:
        self.node = node
        if isinstance(v, str):
            self.out.append(v)
            return
        if isinstance(v, Func):
            self.errorf(f"can't print {node} of type {v.go_type}")
        self.out.append(fmt.print_value(v))


_STRING_ARG_TYPES = frozenset(("string", "any", "reflect.Value", "interface {}"))
def _method(receiver, name: str) -> Func | None:
    """The Go method `name` of a modelled value, if it has one (see gotypes.gomethod)."""
    fn = getattr(type(receiver), name, None)
    sig = getattr(fn, "go_signature", None)
    if sig is None:
        return None
    params, variadic, result, error = sig
    return Func(name, getattr(receiver, name), params, variadic, result, error, getattr(fn, "go_invalid", None))


def _is_hex_int(s: str) -> bool:
    return len(s) > 2 and s[0] == "0" and s[1] in "xX" and "p" not in s and "P" not in s


def _quote(s: str) -> str:
    from .strconv import quote

    return quote(s)


def execute(tmpl, data) -> str:
    """Run the template `tmpl` (a Template whose tree is set) on data; raises ExecError."""
    out: list[str] = []
    state = State(tmpl, out, data)
    if tmpl.tree is None or tmpl.tree.root is None:
        state.errorf(f"{_quote(tmpl.name)} is an incomplete or empty template")
    if sys.getrecursionlimit() < 30000:
        sys.setrecursionlimit(30000)
    try:
        state.walk(data, tmpl.tree.root)
    except (_Break, _Continue):  # unreachable: the parser rejects them outside range
        pass
    return "".join(out)


from .compile import list_runner, pipeline  # at the end: compile.py builds on this module
