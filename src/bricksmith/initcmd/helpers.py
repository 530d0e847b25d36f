"""The CLI's template helper functions (§7), with their Go signatures.

`make_funcs` returns the complete FuncMap a template sees.  Signatures matter beyond
documentation: the executor converts and checks arguments by the declared Go types, so
`random_int .n` with an integer config value (int64) fails exactly as in the CLI
(`wrong type for value; expected int; got int64`), and `lower 5` fails at the literal.

Workspace helpers read `WorkspaceFacts`, which asks the workspace only for facts that were not
given.  `skip` exists only while walking `template/`; the renderer supplies it.
"""

from __future__ import annotations

import os
import random
import uuid as uuid_module
from typing import Callable

from ..gotemplate.gotypes import Func, GoError, Pair
from .gocase import to_lower, to_upper
from .workspace import CurrentUser, WorkspaceFacts

ENV_RECORD_DEPLOYMENT_HISTORY = "DATABRICKS_BUNDLE_INIT_RECORD_DEPLOYMENT_HISTORY"
_TRUE_WORDS = ("1", "t", "true", "y", "yes", "on")

HELPER_NAMES = (
    "fail", "url", "regexp", "random_int", "uuid", "bundle_uuid", "pair", "map", "smallest_node_type",
    "path_separator", "workspace_host", "user_name", "short_name", "default_catalog", "is_service_principal",
    "lower", "upper", "record_deployment_history",
)


class FailError(GoError):
    """Raised by the `fail` helper.  In file content the CLI reports just this message."""


# ---------------------------------------------------------------------------------------------
# Pure rules, exposed for tests.


_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
_DASHES = (8, 13, 18, 23)  # byte offsets of the dashes in the canonical form


def go_string_bytes(s: str) -> bytes:
    """The bytes of the Go string a Python str stands for.

    Invalid UTF-8 rides along as surrogate escapes (U+DC80..U+DCFF, one byte each, the gotypes
    convention).  Any other lone surrogate cannot be in a Go string; Go's JSON decoder, where such
    text would come from, turns it into U+FFFD, so it counts as those three bytes.
    """
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        fixed = "".join(
            "\ufffd" if 0xD800 <= ord(c) <= 0xDFFF and not 0xDC80 <= ord(c) <= 0xDCFF else c for c in s
        )
        return fixed.encode("utf-8", "surrogateescape")


def _is_canonical_uuid_bytes(b: bytes) -> bool:
    """xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx: 36 bytes, dashes at 8, 13, 18, 23, hex digits elsewhere."""
    return len(b) == 36 and all(
        (c == 0x2D) if i in _DASHES else (c in _HEX_DIGITS) for i, c in enumerate(b)
    )


def is_uuid(s: str) -> bool:
    """Whether github.com/google/uuid's `Parse(s)` succeeds (how the CLI's is_service_principal decides).

    Like Go, this looks at the string's length in bytes (UTF-8, not characters):

    * 36: the canonical form, hex digits in either case;
    * 45: `urn:uuid:` (ASCII, any case) then the canonical form;
    * 38: any first and last byte (meant to be braces, but not checked) around the canonical form;
    * 32: 32 hex digits;
    * anything else is not a UUID.
    """
    b = go_string_bytes(s)
    if len(b) == 32:
        return all(c in _HEX_DIGITS for c in b)
    if len(b) == 45:
        return b[:9].lower() == b"urn:uuid:" and _is_canonical_uuid_bytes(b[9:])
    if len(b) == 38:
        return _is_canonical_uuid_bytes(b[1:37])
    return _is_canonical_uuid_bytes(b)


def is_canonical_uuid(s: str) -> bool:
    """Whether s is exactly xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits in either case)."""
    return s.isascii() and _is_canonical_uuid_bytes(s.encode("ascii"))


def is_service_principal(user: CurrentUser) -> bool:
    return is_uuid(user.user_name)


def normalize_name(name: str) -> str:
    """Lower-case; every run of characters other than letters and digits becomes one `_`; trim `_`."""
    from ..gostd.uniclass import is_digit, is_letter

    out = []
    for c in to_lower(name):
        code = ord(c)
        if is_letter(code) or is_digit(code):
            out.append(c)
        elif not out or out[-1] != "_":
            out.append("_")
    return "".join(out).strip("_")


def short_name(user: CurrentUser) -> str:
    """The user's short name: a service principal's display name, else the user name, before `@`."""
    name = user.user_name
    if is_service_principal(user) and user.display_name:
        name = user.display_name
    return normalize_name(name.split("@", 1)[0])


def smallest_node_type(facts: WorkspaceFacts) -> str:
    if facts.is_azure():
        return "Standard_D3_v2"
    if facts.is_gcp():
        return "n1-standard-4"
    return "i3.xlarge"


def record_deployment_history() -> bool:
    return os.environ.get(ENV_RECORD_DEPLOYMENT_HISTORY, "").strip().lower() in _TRUE_WORDS


def _random_int(n: int) -> int:
    if n <= 0:
        raise GoError("invalid argument to IntN")  # Go panics; text/template reports the panic
    return random.randrange(n)


def _fail(format_: str, *args):
    from ..gotemplate.fmt import sprintf

    raise FailError(sprintf(format_, list(args)))


def _url(raw: str):
    from ..gostd import url

    return url.parse(raw)


def _regexp(expr: str):
    from ..gostd import regexp

    return regexp.compile(expr)


def _map(*pairs: Pair) -> dict:
    return {p.k: p.v for p in pairs}


def _user_name(facts: WorkspaceFacts) -> str:
    user = facts.current_user()
    return user.user_name or user.id


def make_funcs(facts=None, *, skip: Callable[[str], str] | None = None) -> dict[str, Func]:
    """The complete FuncMap of `bundle init` for one run.

    facts: a `WorkspaceFacts` or a mapping with its field names (workspace_host, user_name,
    display_name, default_catalog, azure_resource_id, warehouses, bundle_uuid).
    skip: the walk's `skip` implementation; without it `skip` is not defined, as in library files,
    defaults and messages.
    """
    facts = WorkspaceFacts.from_mapping(facts)

    def fn(name, impl, params=(), result="string", error=False, variadic=None):
        return Func(name, impl, params=params, variadic=variadic, result=result, error=error)

    funcs = {
        "fail": fn("fail", _fail, ("string",), "any", True, variadic="any"),
        "url": fn("url", _url, ("string",), "*url.URL", True),
        "regexp": fn("regexp", _regexp, ("string",), "*regexp.Regexp", True),
        "random_int": fn("random_int", _random_int, ("int",), "int"),
        "uuid": fn("uuid", lambda: str(uuid_module.uuid4())),
        "bundle_uuid": fn("bundle_uuid", lambda: facts.bundle_uuid),
        "pair": fn("pair", Pair, ("string", "any"), "template.pair"),
        "map": fn("map", _map, (), "map[string]interface {}", variadic="template.pair"),
        "smallest_node_type": fn("smallest_node_type", lambda: smallest_node_type(facts), error=True),
        "path_separator": fn("path_separator", lambda: os.sep),
        "workspace_host": fn("workspace_host", facts.host, error=True),
        "user_name": fn("user_name", lambda: _user_name(facts), error=True),
        "short_name": fn("short_name", lambda: short_name(facts.current_user()), error=True),
        "default_catalog": fn("default_catalog", facts.catalog, error=True),
        "is_service_principal": fn(
            "is_service_principal", lambda: is_service_principal(facts.current_user()), result="bool", error=True
        ),
        "lower": fn("lower", to_lower, ("string",)),
        "upper": fn("upper", to_upper, ("string",)),
        "record_deployment_history": fn("record_deployment_history", record_deployment_history, result="bool"),
    }
    if skip is not None:
        funcs["skip"] = fn("skip", skip, ("string",), error=True)
    return funcs
