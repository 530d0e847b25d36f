"""Closures for the executor's hot paths: a parse tree turned into Python functions once.

`State` in exec.py is the reference: it interprets nodes exactly as Go's exec.go does.  Walking
a tree that way costs a dispatch on `node.kind` per node, and a tree is executed many times (once
per file and configuration), so each list, pipeline, command and argument is compiled here, on
first use, into a closure that does the same work with the decisions that depend only on the
tree already taken.

The rule that keeps this faithful: every closure is an exact stand-in for one method of `State`
(noted on each builder) -- same result, same errors, and `state.node` left where that method
leaves it, because later error messages read it.  A closure handles the common case inline
(plain maps, strings, exact types) and, when anything else turns up, calls that very method
before having done anything observable itself: it only looked things up in maps.  Functions
are therefore never called twice, and every error is raised by the reference code.

Nothing that can change between executions of the same tree is baked in: functions are looked
up in the namespace on every call (the tree is shared by namespaces with different function
maps), and missing keys are left to the reference code (it knows the `missingkey` option).
"""

from __future__ import annotations

from . import fmt
from .exec import _STRING_ARG_TYPES, MISSING, Iface, State, _Break, _Continue, is_true

_AND_OR = ("and", "or")


# --- statements: the nodes of a ListNode ------------------------------------------------------


def list_runner(lst):
    """Stand-in for State.walk(dot, lst) on a ListNode; cached on the node."""
    steps = tuple(_statement(n) for n in lst.nodes)

    def run(state, dot):
        append = state.out.append
        for step in steps:
            if type(step) is str:
                append(step)
            else:
                step(state, dot)

    lst.compiled = run
    return run


def _statement(node):
    """A text (as a str) or a closure (state, dot) doing what State.walk does with node."""
    k = node.kind
    if k == "text":
        return node.text  # walk appends list children's text without touching state.node
    if k == "action":
        return _action(node)
    if k == "if" or k == "with":
        return _if_or_with(node, k == "with")
    if k == "range" or k == "template":
        # State.walk sets state.node, and so do these first thing.
        method = State.walk_range if k == "range" else State.walk_template
        return lambda state, dot: method(state, dot, node)
    if k == "break":

        def brk(state, dot):
            state.node = node
            raise _Break()

        return brk
    if k == "continue":

        def cont(state, dot):
            state.node = node
            raise _Continue()

        return cont
    return lambda state, dot: state.walk(dot, node)


def _action(node):
    """Stand-in for State.walk_action."""
    pipe = node.pipe
    command = _lone_command(pipe)
    if command is None:
        evaluate = pipeline(pipe)

        def action(state, dot):
            state.node = node
            val = evaluate(state, dot)
            if not pipe.decl:
                state.print_value(node, val)

        return action

    def lone(state, dot):
        # As eval_pipeline on a pipeline of one command (the node it sets is the pipe).
        state.node = pipe
        val = command(state, dot, MISSING)
        if type(val) is Iface:
            val = val.v
        if type(val) is str:
            state.node = node
            state.out.append(val)
        else:
            state.print_value(node, val)

    return lone


def _if_or_with(node, is_with: bool):
    """Stand-in for State.walk (which sets state.node) then State.walk_if_or_with."""
    evaluate = pipeline(node.pipe)
    body = list_runner(node.list)
    else_body = list_runner(node.else_list) if node.else_list is not None else None

    def branch(state, dot):
        state.node = node
        variables = state.vars
        mark = len(variables)
        try:
            val = evaluate(state, dot)
            if val is True or val is False:  # comparisons: is_true's first case, inlined
                truth, ok = val, True
            else:
                truth, ok = is_true(val)
            if not ok:
                state.errorf(f"if/with can't use {fmt.format_value(val)}")
            if truth:
                body(state, val if is_with else dot)
            elif else_body is not None:
                else_body(state, dot)
        finally:
            del variables[mark:]

    return branch


# --- pipelines and commands -------------------------------------------------------------------


def pipeline(pipe):
    """Stand-in for State.eval_pipeline(dot, pipe); cached on the node."""
    command = _lone_command(pipe)
    if command is not None:

        def single(state, dot):
            state.node = pipe
            value = command(state, dot, MISSING)
            return value.v if type(value) is Iface else value

        pipe.fast = single
        return single

    commands = [_command(cmd) for cmd in pipe.cmds]
    decl = [var.ident[0] for var in pipe.decl]
    is_assign = pipe.is_assign

    def evaluate(state, dot):
        state.node = pipe
        value = MISSING
        for command in commands:
            value = command(state, dot, value)
            if type(value) is Iface:
                value = value.v  # Go digs the value out of an interface {} here
        for name in decl:
            if is_assign:
                state.set_var(name, value)
            else:
                state.vars.append([name, value])
        return value

    pipe.fast = evaluate
    return evaluate


def _lone_command(pipe):
    """The closure of a pipeline's only command when it declares nothing, else None."""
    if pipe.decl or len(pipe.cmds) != 1:
        return None
    return _command(pipe.cmds[0])


def _command(cmd):
    """A closure (state, dot, final) standing in for State.eval_command(dot, cmd, final)."""
    args = cmd.args
    first = args[0]
    k = first.kind

    def general(state, dot, final):
        return state.eval_command(dot, cmd, final)

    if k == "identifier":
        return _call(cmd)
    if len(args) > 1:
        return general  # a method call, or an error about arguments to a non-function
    if k == "field" and len(first.ident) == 1:
        key = first.ident[0]

        def field_key(state, dot, final):
            if final is MISSING and type(dot) is dict:
                value = dot.get(key, MISSING)
                if value is not MISSING:
                    state.node = first
                    return value  # the pipeline unboxes it at once: no need for an Iface
            return state.eval_command(dot, cmd, final)

        return field_key
    if k == "field":
        lookup = _field_lookup(first.ident)

        def field(state, dot, final):
            if final is MISSING:
                value = lookup(dot)
                if value is not MISSING:
                    state.node = first
                    return value  # the pipeline unboxes it at once: no need for an Iface
            return state.eval_command(dot, cmd, final)

        return field
    if k == "variable":
        name = first.ident[0]
        if len(first.ident) == 1:

            def variable(state, dot, final):
                if final is not MISSING:
                    return state.eval_command(dot, cmd, final)
                state.node = first
                for entry in reversed(state.vars):  # State.var_value, inlined
                    if entry[0] == name:
                        return entry[1]
                return state.var_value(name)  # reports the undefined variable

            return variable
        if len(first.ident) == 2:
            key = first.ident[1]

            def var_key(state, dot, final):
                if final is MISSING:
                    state.node = first
                    value = _variable_map_get(state, name, key)
                    if value is not MISSING:
                        return value
                return state.eval_command(dot, cmd, final)

            return var_key
        lookup = _field_lookup(first.ident[1:])

        def var_field(state, dot, final):
            if final is MISSING:
                state.node = first
                value = lookup(state.var_value(name))
                if value is not MISSING:
                    return value
            return state.eval_command(dot, cmd, final)

        return var_field
    if k == "pipe":
        inner = pipeline(first)

        def parenthesized(state, dot, final):
            if final is not MISSING:
                return state.eval_command(dot, cmd, final)
            return inner(state, dot)

        return parenthesized
    if k == "string" or k == "dot":
        text = first.text if k == "string" else None

        def constant(state, dot, final):
            if final is not MISSING:
                return state.eval_command(dot, cmd, final)
            state.node = first
            return text if k == "string" else dot

        return constant
    return general


def _variable_map_get(state, name: str, key: str):
    """`$name.key` when $name holds a plain map that has the key, else MISSING (reference path)."""
    for entry in reversed(state.vars):  # State.var_value, inlined
        if entry[0] == name:
            value = entry[1]
            if type(value) is Iface:
                value = value.v
            if type(value) is dict:
                return value.get(key, MISSING)
            return MISSING
    return MISSING


def _field_lookup(keys):
    """A function(receiver) → the value of receiver.k1.k2... through plain maps, else MISSING.

    Only `dict` (map[string]interface {}) receivers, possibly in Iface boxes, and only keys that
    exist: that is where Go's evalField reads the map entry and nothing else can happen.
    """
    if len(keys) == 1:
        key = keys[0]

        def one(receiver):
            if type(receiver) is Iface:
                receiver = receiver.v
            if type(receiver) is dict:
                return receiver.get(key, MISSING)
            return MISSING

        return one

    def chain(receiver):
        for key in keys:
            if type(receiver) is Iface:
                receiver = receiver.v
            if type(receiver) is not dict:
                return MISSING
            receiver = receiver.get(key, MISSING)
            if receiver is MISSING:
                return MISSING
        return receiver

    return chain


# --- function calls -----------------------------------------------------------------------------


def _call(cmd):
    """Stand-in for State.eval_command on a command naming a function (eval_function)."""
    args = cmd.args
    ident = args[0]
    name = ident.ident
    operands = args[1:]
    # One compiled form per signature: the tree is shared by namespaces whose functions of
    # this name may differ, but in practice one signature is seen, so one slot suffices.
    cache = [None, None, None, None]  # params, variadic, has_final → argument closures
    formatter = _printf_formatter(operands) if name == "printf" else None

    def call(state, dot, final):
        state.node = ident
        fn, is_builtin = state.tmpl.find_function(name)
        if fn is None or fn.invalid is not None or (is_builtin and name == "call"):
            return state.eval_function(dot, ident, cmd, args, final)
        has_final = final is not MISSING
        if cache[0] == fn.params and cache[1] == fn.variadic and cache[2] == has_final:
            evs = cache[3]
        else:
            evs = _argument_closures(operands, fn.params, fn.variadic, has_final)
            cache[:] = [fn.params, fn.variadic, has_final, evs]
        if evs is None:  # wrong number of arguments: the reference reports it
            return state.eval_function(dot, ident, cmd, args, final)
        arg_evs, final_check = evs
        if is_builtin and name in _AND_OR:
            return _and_or(state, dot, name == "or", arg_evs, has_final, final)
        if len(arg_evs) == 2:
            first, second = arg_evs
            argv = [first(state, dot), second(state, dot)]
        else:
            argv = [ev(state, dot) for ev in arg_evs]
        if has_final:
            argv.append(final_check(state, final))
        elif formatter is not None and is_builtin:
            text = formatter(argv)
            if text is not None:
                return text
        try:  # State.call, inlined
            return fn.fn(*argv)
        except Exception as err:
            state.call_failed(cmd, name, err)

    return call


def _and_or(state, dot, want: bool, arg_evs, has_final: bool, final):
    """The short-circuit evaluation of State.eval_call for the builtins and/or."""
    v = None
    for ev in arg_evs:
        v = ev(state, dot)
        if is_true(v)[0] == want:
            return v
    if has_final:
        v = final  # validate_type(final, "reflect.Value") is the identity
    return v


def _printf_formatter(operands):
    """For `printf "literal" args...` whose format has only plain %s, %d and %%: a function
    (argv) → the text Go's Sprintf makes when every argument is a string or an int and their
    number is right, else None (then fmt does it; the arguments are already evaluated, so
    nothing runs twice)."""
    if not operands or operands[0].kind != "string":
        return None
    parts = operands[0].text.split("%")
    pieces, verbs = [parts[0]], []
    i = 1
    while i < len(parts):
        part = parts[i]
        if part == "" and i + 1 < len(parts):  # "%%"
            pieces[-1] += "%" + parts[i + 1]
            i += 2
            continue
        if part[:1] not in ("s", "d"):
            return None
        verbs.append(part[0])
        pieces.append(part[1:])
        i += 1
    if not verbs:
        return None
    n = len(verbs)

    def formatter(argv):
        if len(argv) != n + 1:
            return None
        out = [pieces[0]]
        for k in range(n):
            value = argv[k + 1]
            out.append(_format_verb(verbs[k], value))
            out.append(pieces[k + 1])
        if None in out:
            return None
        return "".join(out)

    return formatter


def _format_verb(verb: str, value) -> str | None:
    """Go's %s or %d of a string or an int: the value, or fmt's `%!verb(type=value)` for the
    wrong one of the two; None for any other type."""
    t = type(value)
    if t is str:
        return value if verb == "s" else "%!d(string=" + value + ")"
    if t is int:
        return str(value) if verb == "d" else "%!s(int=" + str(value) + ")"
    return None


def _argument_closures(operands, params, variadic, has_final):
    """(closures for the operands, check for the piped final value), as State.eval_call
    would type them; None when the argument count is wrong."""
    num_in = len(operands) + has_final
    if variadic is None:
        if num_in != len(params):
            return None
    elif num_in < len(params):
        return None
    num_fixed = len(params) if variadic is not None else len(operands)
    evs = []
    for i, arg in enumerate(operands):
        evs.append(_argument(arg, params[i] if i < num_fixed else variadic))
    final_check = None
    if has_final:
        if variadic is None:
            typ = params[-1]
        elif num_in - 1 < num_fixed:
            typ = params[num_in - 1]
        else:
            typ = variadic
        final_check = _validator(typ)
    return tuple(evs), final_check


def _argument(n, typ):
    """Stand-in for State.eval_arg(dot, typ, n)."""
    k = n.kind

    def general(state, dot):
        return state.eval_arg(dot, typ, n)

    if k == "string" and typ in _STRING_ARG_TYPES:
        text = n.text

        def string(state, dot):
            state.node = n
            return text

        return string
    check = _validator(typ)
    if k == "dot":

        def dot_value(state, dot):
            state.node = n
            return check(state, dot)

        return dot_value
    if k == "field" and len(n.ident) == 1:
        return _map_entry_argument(n, typ, check)
    if k == "field":
        lookup = _field_lookup(n.ident)

        def field(state, dot):
            value = lookup(dot)
            if value is MISSING:
                return state.eval_arg(dot, typ, n)
            state.node = n
            return check(state, Iface(value))  # a map entry has static type interface {}

        return field
    if k == "variable":
        name = n.ident[0]
        if len(n.ident) == 1:

            def variable(state, dot):
                state.node = n
                for entry in reversed(state.vars):  # State.var_value, inlined
                    if entry[0] == name:
                        return check(state, entry[1])
                return state.var_value(name)  # reports the undefined variable

            return variable
        if len(n.ident) == 2:
            key = n.ident[1]

            def var_key(state, dot):
                state.node = n
                value = _variable_map_get(state, name, key)
                if value is not MISSING:
                    return check(state, Iface(value))
                return state.eval_arg(dot, typ, n)

            return var_key
        lookup = _field_lookup(n.ident[1:])

        def var_field(state, dot):
            state.node = n
            value = lookup(state.var_value(name))
            if value is MISSING:
                return state.eval_arg(dot, typ, n)
            return check(state, Iface(value))

        return var_field
    if k == "pipe":
        inner = pipeline(n)
        return lambda state, dot: check(state, inner(state, dot))
    return general


def _map_entry_argument(n, typ, check):
    """Stand-in for State.eval_arg(dot, typ, n) for `.key`, inlined for plain maps."""
    key = n.ident[0]
    if typ == "reflect.Value":  # the commonest: the comparison builtins

        def entry(state, dot):
            if type(dot) is dict:
                value = dot.get(key, MISSING)
                if value is not MISSING:
                    state.node = n
                    return Iface(value)  # a map entry has static type interface {}
            return state.eval_arg(dot, typ, n)

        return entry

    def checked_entry(state, dot):
        if type(dot) is dict:
            value = dot.get(key, MISSING)
            if value is not MISSING:
                state.node = n
                return check(state, Iface(value))
        return state.eval_arg(dot, typ, n)

    return checked_entry


def _validator(typ):
    """A function(state, value) standing in for State.validate_type(value, typ)."""
    if typ == "reflect.Value":
        return lambda state, value: value  # nil included: its zero value is nil again
    if typ is None or typ == "any":
        return lambda state, value: value.v if type(value) is Iface else value
    if typ == "string" or typ == "int":
        exact = str if typ == "string" else int

        def exact_type(state, value):
            inner = value.v if type(value) is Iface else value
            if type(inner) is exact:
                return inner
            return state.validate_type(value, typ)

        return exact_type
    return lambda state, value: state.validate_type(value, typ)
