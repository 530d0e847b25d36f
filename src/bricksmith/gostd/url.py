"""Go's net/url: Parse, *url.URL, *url.Userinfo and url.Values, as templates see them.

Behaviour (and every error text) follows Go 1.27, not urllib: a string without a scheme is all
Path (`adb-1.azuredatabricks.net` has no Host), `host:8080` has Scheme `host` and Opaque `8080`,
Path is percent-decoded with RawPath kept only when the default escaping would differ, and
String() re-escapes exactly as Go does.  Work happens on the Go bytes of the strings.
"""

from __future__ import annotations

from ..gotemplate.gotypes import (
    GoError, GoObject, GoSlice, Uint8, from_bytes, go_uncallable, gomethod, to_bytes,
)
from . import path as gopath
from .uniclass import quote

# Go 1.26 started rejecting a host with several colons for http/https only ("urlstrictcolons");
# a main module declaring an older `go` version keeps the old last-colon rule.  We follow the
# default of a current module.
STRICT_COLONS = True

MAX_QUERY_PARAMS = 10000

# Encoding modes (net/url's `encoding`).
PATH, PATH_SEGMENT, HOST, ZONE, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT = (1, 2, 4, 8, 16, 32, 64)

_UPPERHEX = b"0123456789ABCDEF"
_HOST_OK = frozenset(b"!$&'()*+,;=:[]<>\"")
_RESERVED = frozenset(b"$&+,/:;=?@")


def _should_escape(c: int, mode: int) -> bool:
    """Whether byte c must be %-escaped in the given part of a URL (RFC 3986, Go's reading)."""
    if 0x61 <= c <= 0x7A or 0x41 <= c <= 0x5A or 0x30 <= c <= 0x39:
        return False
    if mode in (HOST, ZONE) and c in _HOST_OK:
        return False
    if c in b"-_.~":
        return False
    if c in _RESERVED:
        if mode == PATH:
            return c == 0x3F
        if mode == PATH_SEGMENT:
            return c in b"/;,?"
        if mode == USER_PASSWORD:
            return c in b"@/?:"
        if mode == QUERY_COMPONENT:
            return True
        if mode == FRAGMENT:
            return False
    if mode == FRAGMENT and c in b"!()*":
        return False
    return True


_MODES = (PATH, PATH_SEGMENT, HOST, ZONE, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT)
_ESCAPE = {m: bytes(_should_escape(c, m) for c in range(256)) for m in _MODES}
_HEX = frozenset(b"0123456789abcdefABCDEF")


def _unhex(c: int) -> int:
    return int(chr(c), 16)


class _Err(Exception):
    """A net/url error before it is wrapped as `parse "<url>": <msg>`."""

    def __init__(self, msg: str):
        self.msg = msg


def _unescape(s: bytes, mode: int) -> bytes:
    n = 0
    has_plus = False
    i = 0
    while i < len(s):
        c = s[i]
        if c == 0x25:  # %
            n += 1
            if i + 2 >= len(s) or s[i + 1] not in _HEX or s[i + 2] not in _HEX:
                raise _Err("invalid URL escape " + quote(s[i : i + 3]))
            # Hosts may %-encode only non-ASCII bytes, except %25 before an IPv6 zone.
            if mode == HOST and _unhex(s[i + 1]) < 8 and s[i : i + 3] != b"%25":
                raise _Err("invalid URL escape " + quote(s[i : i + 3]))
            if mode == ZONE:
                v = _unhex(s[i + 1]) << 4 | _unhex(s[i + 2])
                if s[i : i + 3] != b"%25" and v != 0x20 and _ESCAPE[HOST][v]:
                    raise _Err("invalid URL escape " + quote(s[i : i + 3]))
            i += 3
        elif c == 0x2B:  # +
            has_plus = mode == QUERY_COMPONENT
            i += 1
        else:
            if mode in (HOST, ZONE) and c < 0x80 and _ESCAPE[mode][c]:
                raise _Err("invalid character " + quote(s[i : i + 1]) + " in host name")
            i += 1
    if n == 0 and not has_plus:
        return s
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == 0x25:
            out.append(_unhex(s[i + 1]) << 4 | _unhex(s[i + 2]))
            i += 3
            continue
        if c == 0x2B:
            out.append(0x20 if mode == QUERY_COMPONENT else 0x2B)
        else:
            out.append(c)
        i += 1
    return bytes(out)


def _escape(s: bytes, mode: int) -> bytes:
    table = _ESCAPE[mode]
    if not any(table[c] for c in s):
        return s
    out = bytearray()
    for c in s:
        if c == 0x20 and mode == QUERY_COMPONENT:
            out.append(0x2B)
        elif table[c]:
            out += b"%" + _UPPERHEX[c >> 4 : (c >> 4) + 1] + _UPPERHEX[c & 15 : (c & 15) + 1]
        else:
            out.append(c)
    return bytes(out)


def query_escape(s: str) -> str:
    return from_bytes(_escape(to_bytes(s), QUERY_COMPONENT))


def path_escape(s: str) -> str:
    return from_bytes(_escape(to_bytes(s), PATH_SEGMENT))


# ---------------------------------------------------------------------------------------------
# Userinfo and Values.


class Userinfo(GoObject):
    """*url.Userinfo.  `Userinfo.nil()` is the nil pointer a URL without user info holds.

    Go calls methods on a nil *Userinfo happily (`.User.Username` is "", and printing it goes
    through String(), also ""), while `{{if .User}}` sees a nil pointer, i.e. false.  So the
    nil value is an object, falsy, with `go_nil` set.  Password returns (string, bool), which
    templates cannot call; `password()` gives it to Python callers.
    """

    go_type = "*url.Userinfo"
    go_unexported = ("username", "password", "passwordSet")

    def __init__(self, username: bytes = b"", password: bytes = b"", password_set: bool = False,
                 nil: bool = False):
        self._username = username
        self._password = password
        self._password_set = password_set
        self.go_nil = nil

    @classmethod
    def nil(cls) -> "Userinfo":
        # One shared object: Go compares pointers, and every nil *Userinfo is the same nil.
        return _NIL_USER

    def __bool__(self) -> bool:
        return not self.go_nil

    def __repr__(self) -> str:
        return "Userinfo(nil)" if self.go_nil else f"Userinfo({self.String()!r})"

    def __str__(self) -> str:
        return self.String()

    def password(self) -> tuple[str, bool]:
        """Userinfo.Password's two results (not callable from templates)."""
        return from_bytes(self._password), self._password_set

    def _encoded(self) -> bytes:
        if self.go_nil:
            return b""
        s = _escape(self._username, USER_PASSWORD)
        if self._password_set:
            s += b":" + _escape(self._password, USER_PASSWORD)
        return s

    @go_uncallable("string", "bool")
    def Password(self):
        raise AssertionError("not callable from templates")

    @gomethod(result="string")
    def Username(self) -> str:
        return from_bytes(self._username)

    @gomethod(result="string")
    def String(self) -> str:
        return from_bytes(self._encoded())


_NIL_USER = Userinfo(nil=True)


class Values(dict):
    """url.Values: map[string][]string."""

    go_type = "url.Values"

    def go_method(self, name: str):
        return GoObject.go_method(self, name)

    @gomethod("string", result="string")
    def Get(self, key: str) -> str:
        vs = self.get(key)
        return vs[0] if vs else ""

    @gomethod("string", result="bool")
    def Has(self, key: str) -> bool:
        return key in self

    @gomethod(result="string")
    def Encode(self) -> str:
        parts = []
        for k in sorted(self, key=to_bytes):  # Go sorts the keys bytewise
            ke = _escape(to_bytes(k), QUERY_COMPONENT)
            for v in self[k]:
                parts.append(ke + b"=" + _escape(to_bytes(v), QUERY_COMPONENT))
        return from_bytes(b"&".join(parts))

    @gomethod(result="url.Values")
    def Clone(self) -> "Values":
        return Values({k: GoSlice(list(v), elem="string") for k, v in self.items()})


def parse_query(query: str) -> tuple[Values, str | None]:
    """url.ParseQuery: the values and the first error message (or None)."""
    m = Values()
    q = to_bytes(query)
    if q.count(b"&") + 1 > MAX_QUERY_PARAMS:
        return m, "number of URL query parameters exceeded limit"
    err = None
    while q:
        key, _, q = q.partition(b"&")
        if b";" in key:
            err = "invalid semicolon separator in query"
            continue
        if not key:
            continue
        key, _, value = key.partition(b"=")
        try:
            k = _unescape(key, QUERY_COMPONENT)
            v = _unescape(value, QUERY_COMPONENT)
        except _Err as e:
            err = err or e.msg
            continue
        m.setdefault(from_bytes(k), GoSlice(elem="string")).append(from_bytes(v))
    return m, err


# ---------------------------------------------------------------------------------------------
# Parsing.


def _get_scheme(raw: bytes) -> tuple[bytes, bytes]:
    for i, c in enumerate(raw):
        if 0x61 <= c <= 0x7A or 0x41 <= c <= 0x5A:
            continue
        if 0x30 <= c <= 0x39 or c in b"+-.":
            if i == 0:
                return b"", raw
            continue
        if c == 0x3A:
            if i == 0:
                raise _Err("missing protocol scheme")
            return raw[:i], raw[i + 1 :]
        return b"", raw  # not a scheme character: there is no scheme
    return b"", raw


def _valid_optional_port(port: bytes) -> bool:
    if not port:
        return True
    return port[0] == 0x3A and all(0x30 <= c <= 0x39 for c in port[1:])


def _valid_userinfo(s: bytes) -> bool:
    # Non-ASCII (valid or not) is rejected; '@' is tolerated (go.dev/issue/3439).
    ok = b"-._:~!$&'()*+,;=%@"
    return all((c < 0x80 and (chr(c).isalnum() or c in ok)) for c in s)


def _parse_host(scheme: bytes, host: bytes) -> bytes:
    open_idx = host.rfind(b"[")
    if open_idx > 0:
        raise _Err("invalid IP-literal")
    if open_idx == 0:
        # An IP-literal: "[fe80::1]", "[fe80::1%25en0]", "[fe80::1]:80".
        close = host.rfind(b"]")
        if close < 0:
            raise _Err("missing ']' in host")
        colon_port = host[close + 1 :]
        if not _valid_optional_port(colon_port):
            raise _Err(f"invalid port {quote(colon_port)} after host")
        colon_port = _unescape(colon_port, HOST)
        hostname = host[1:close]
        zone = hostname.find(b"%25")
        if zone >= 0:
            # The zone (RFC 6874) may %-encode more than a host may.
            unescaped = _unescape(hostname[:zone], HOST) + _unescape(hostname[zone:], ZONE)
        else:
            unescaped = _unescape(hostname, HOST)
        try:
            is4 = _parse_addr(unescaped)
        except _Err as e:
            raise _Err("invalid host: " + e.msg) from None
        if is4:
            raise _Err("invalid IP-literal")
        return b"[" + unescaped + b"]" + colon_port
    i = host.find(b":")
    if i != -1:
        last = host.rfind(b":")
        if last != i and not (STRICT_COLONS and scheme in (b"http", b"https")):
            i = last
        colon_port = host[i:]
        if not _valid_optional_port(colon_port):
            raise _Err(f"invalid port {quote(colon_port)} after host")
    return _unescape(host, HOST)


def _parse_authority(scheme: bytes, authority: bytes) -> tuple[Userinfo, bytes]:
    i = authority.rfind(b"@")
    host = _parse_host(scheme, authority[i + 1 :] if i >= 0 else authority)
    if i < 0:
        return Userinfo.nil(), host
    userinfo = authority[:i]
    if not _valid_userinfo(userinfo):
        raise _Err("net/url: invalid userinfo")
    if b":" not in userinfo:
        return Userinfo(_unescape(userinfo, USER_PASSWORD)), host
    username, _, password = userinfo.partition(b":")
    user = Userinfo(_unescape(username, USER_PASSWORD), _unescape(password, USER_PASSWORD), True)
    return user, host


def _parse(raw: bytes) -> "URL":
    if any(c < 0x20 or c == 0x7F for c in raw):
        raise _Err("net/url: invalid control character in URL")
    url = URL()
    if raw == b"*":
        url._path = b"*"
        return url
    scheme, rest = _get_scheme(raw)
    url._scheme = scheme.lower()
    if rest.endswith(b"?") and rest.count(b"?") == 1:
        url.ForceQuery = True
        rest = rest[:-1]
    else:
        rest, _, url._raw_query = rest.partition(b"?")
    if not rest.startswith(b"/"):
        if url._scheme:
            # A rootless path after a scheme is opaque (RFC 3986).
            url._opaque = rest
            return url
        # Avoid mistaking a malformed scheme (cache_object:foo/bar) for a path.
        if b":" in rest.partition(b"/")[0]:
            raise _Err("first path segment in URL cannot contain colon")
    if (url._scheme or not rest.startswith(b"///")) and rest.startswith(b"//"):
        authority, rest = rest[2:], b""
        i = authority.find(b"/")
        if i >= 0:
            authority, rest = authority[:i], authority[i:]
        url.User, url._host = _parse_authority(url._scheme, authority)
    elif url._scheme and rest.startswith(b"/"):
        url.OmitHost = True  # "scheme:/path": an empty authority (go.dev/issue/46059)
    url._set_path(rest)
    return url


def parse(raw: str) -> "URL":
    """url.Parse: a fresh *url.URL, or GoError `parse "<raw>": <reason>`."""
    b = to_bytes(raw)
    u, _, frag = b.partition(b"#")
    try:
        url = _parse(u)
    except _Err as e:
        raise GoError(f"parse {quote(u)}: {e.msg}") from None
    if not frag:
        return url
    try:
        url._set_fragment(frag)
    except _Err as e:
        raise GoError(f"parse {quote(b)}: {e.msg}") from None
    return url


# ---------------------------------------------------------------------------------------------
# netip.ParseAddr, for the inside of [...] hosts: only whether it is IPv4 and the error text.


def _addr_err(s: bytes, msg: str, at: bytes | None = None) -> _Err:
    text = f"ParseAddr({quote(s)}): {msg}"
    if at:
        text += f" (at {quote(at)})"
    return _Err(text)


def _parse_addr(s: bytes) -> bool:
    """True for IPv4, False for IPv6; _Err with netip's message otherwise."""
    for c in s:
        if c == 0x2E:
            _parse_ipv4_fields(s, 0, len(s))
            return True
        if c == 0x3A:
            _parse_ipv6(s)
            return False
        if c == 0x25:
            raise _addr_err(s, "missing IPv6 address")
    raise _addr_err(s, "unable to parse IP")


def _parse_ipv4_fields(whole: bytes, off: int, end: int):
    s = whole[off:end]
    val = pos = digits = 0
    for i, c in enumerate(s):
        if 0x30 <= c <= 0x39:
            if digits == 1 and val == 0:
                raise _addr_err(whole, "IPv4 field has octet with leading zero")
            val = val * 10 + c - 0x30
            digits += 1
            if val > 255:
                raise _addr_err(whole, "IPv4 field has value >255")
        elif c == 0x2E:
            if i == 0 or i == len(s) - 1 or s[i - 1] == 0x2E:
                raise _addr_err(whole, "IPv4 field must have at least one digit", s[i:])
            if pos == 3:
                raise _addr_err(whole, "IPv4 address too long")
            pos += 1
            val = digits = 0
        else:
            raise _addr_err(whole, "unexpected character", s[i:])
    if pos < 3:
        raise _addr_err(whole, "IPv4 address too short")


def _parse_ipv6(whole: bytes):
    s = whole
    zone = b""
    k = s.find(b"%")
    if k != -1:
        s, zone = s[:k], s[k + 1 :]
        if not zone:
            raise _addr_err(whole, "zone must be a non-empty string")
    ellipsis = -1
    if s[:2] == b"::":
        ellipsis = 0
        s = s[2:]
        if not s:
            return
    i = 0
    while i < 16:
        off = acc = 0
        while off < len(s):
            c = s[off]
            if c in _HEX:
                acc = (acc << 4) + _unhex(c)
            else:
                break
            if off > 3:
                raise _addr_err(whole, "each group must have 4 or less digits", s)
            if acc > 0xFFFF:
                raise _addr_err(whole, "IPv6 field has value >=2^16", s)
            off += 1
        if off == 0:
            raise _addr_err(whole, "each colon-separated field must have at least one digit", s)
        if off < len(s) and s[off] == 0x2E:
            # A trailing embedded IPv4 address.
            if ellipsis < 0 and i != 12:
                raise _addr_err(
                    whole, "embedded IPv4 address must replace the final 2 fields of the address", s)
            if i + 4 > 16:
                raise _addr_err(
                    whole, "too many hex fields to fit an embedded IPv4 at the end of the address", s)
            end = len(whole) - (len(zone) + 1 if zone else 0)
            _parse_ipv4_fields(whole, end - len(s), end)
            s = b""
            i += 4
            break
        i += 2
        s = s[off:]
        if not s:
            break
        if s[0] != 0x3A:
            raise _addr_err(whole, "unexpected character, want colon", s)
        if len(s) == 1:
            raise _addr_err(whole, "colon must be followed by more characters", s)
        s = s[1:]
        if s[0] == 0x3A:
            if ellipsis >= 0:
                raise _addr_err(whole, "multiple :: in address", s)
            ellipsis = i
            s = s[1:]
            if not s:
                break
    if s:
        raise _addr_err(whole, "trailing garbage after address", s)
    if i < 16:
        if ellipsis < 0:
            raise _addr_err(whole, "address string too short")
    elif ellipsis >= 0:
        raise _addr_err(whole, "the :: must expand to at least one field of zeros")


# ---------------------------------------------------------------------------------------------
# *url.URL


def _valid_encoded(s: bytes, mode: int) -> bool:
    ok = b"!$&'()*+,;=:@[]%"
    return all(c in ok or not _ESCAPE[mode][c] for c in s)


def _split_host_port(hostport: bytes) -> tuple[bytes, bytes]:
    host, port = hostport, b""
    colon = host.rfind(b":")
    if colon != -1 and _valid_optional_port(host[colon:]):
        host, port = host[:colon], host[colon + 1 :]
    if host.startswith(b"[") and host.endswith(b"]"):
        host = host[1:-1]
    return host, port


def _resolve_path(base: bytes, ref: bytes) -> bytes:
    """RFC 3986 5.2.4 dot-segment removal as Go's resolvePath does it."""
    if not ref:
        full = base
    elif ref[0] != 0x2F:
        full = base[: base.rfind(b"/") + 1] + ref
    else:
        full = ref
    if not full:
        return b""
    dst = bytearray(b"/")
    first = True
    elems = full.split(b"/")
    for elem in elems:
        if elem == b".":
            first = False
        elif elem == b"..":
            i = dst[1:].rfind(b"/")
            dst = dst[: i + 1] if i >= 0 else dst[:1]
            first = len(dst) == 1
        else:
            if not first:
                dst += b"/"
            dst += elem
            first = False
    if elems[-1] in (b".", b".."):
        dst += b"/"
    if len(dst) > 1 and dst[1] == 0x2F:
        return bytes(dst[1:])
    return bytes(dst)


class URL(GoObject):
    """*url.URL.  Fields read as attributes (Go strings as str); methods are Go's."""

    go_type = "*url.URL"
    go_fields = ("Scheme", "Opaque", "User", "Host", "Path", "Fragment", "RawQuery", "RawPath",
                 "RawFragment", "ForceQuery", "OmitHost")

    def __init__(self):
        self._scheme = b""
        self._opaque = b""
        self.User = Userinfo.nil()
        self._host = b""
        self._path = b""
        self._raw_path = b""
        self._raw_query = b""
        self._fragment = b""
        self._raw_fragment = b""
        self.ForceQuery = False
        self.OmitHost = False

    # Go string fields, stored as bytes.
    Scheme = property(lambda self: from_bytes(self._scheme))
    Opaque = property(lambda self: from_bytes(self._opaque))
    Host = property(lambda self: from_bytes(self._host))
    Path = property(lambda self: from_bytes(self._path))
    RawPath = property(lambda self: from_bytes(self._raw_path))
    RawQuery = property(lambda self: from_bytes(self._raw_query))
    Fragment = property(lambda self: from_bytes(self._fragment))
    RawFragment = property(lambda self: from_bytes(self._raw_fragment))

    def __repr__(self) -> str:
        return f"URL({self.String()!r})"

    def __str__(self) -> str:
        return self.String()

    def copy(self) -> "URL":
        u = URL()
        u.__dict__.update(self.__dict__)
        return u

    def _set_path(self, p: bytes):
        path = _unescape(p, PATH)
        self._path = path
        # RawPath is only a hint, kept when the default escaping would differ.
        self._raw_path = b"" if _escape(path, PATH) == p else p

    def _set_fragment(self, f: bytes):
        frag = _unescape(f, FRAGMENT)
        self._fragment = frag
        self._raw_fragment = b"" if _escape(frag, FRAGMENT) == f else f

    def _escaped_path(self) -> bytes:
        if self._raw_path and _valid_encoded(self._raw_path, PATH):
            try:
                if _unescape(self._raw_path, PATH) == self._path:
                    return self._raw_path
            except _Err:
                pass
        if self._path == b"*":
            return b"*"  # not escaped (go.dev/issue/11202)
        return _escape(self._path, PATH)

    def _escaped_fragment(self) -> bytes:
        if self._raw_fragment and _valid_encoded(self._raw_fragment, FRAGMENT):
            try:
                if _unescape(self._raw_fragment, FRAGMENT) == self._fragment:
                    return self._raw_fragment
            except _Err:
                pass
        return _escape(self._fragment, FRAGMENT)

    def _string(self) -> bytes:
        out = bytearray()
        if self._scheme:
            out += self._scheme + b":"
        if self._opaque:
            out += self._opaque
        else:
            has_user = bool(self.User)
            if self._scheme or self._host or has_user:
                if not (self.OmitHost and not self._host and not has_user):
                    if self._host or self._path or has_user:
                        out += b"//"
                    if has_user:
                        out += self.User._encoded() + b"@"
                    if self._host:
                        out += _escape(self._host, HOST)
            path = self._escaped_path()
            if self.OmitHost and not self._host and not has_user and path.startswith(b"//"):
                # Keep a re-parse from reading the path as an authority.
                out += b"%2F"
                path = path[1:]
            if path and path[0] != 0x2F and self._host:
                out += b"/"
            if not out and b":" in path.partition(b"/")[0]:
                # "this:that" would read as a scheme: prefix "./" (RFC 3986 4.2).
                out += b"./"
            out += path
        if self.ForceQuery or self._raw_query:
            out += b"?" + self._raw_query
        if self._fragment:
            out += b"#" + self._escaped_fragment()
        return bytes(out)

    @gomethod(result="string")
    def String(self) -> str:
        return from_bytes(self._string())

    @gomethod(result="[]uint8", error=True)
    def MarshalBinary(self) -> GoSlice:
        return GoSlice([Uint8(c) for c in self._string()], elem="uint8")

    @gomethod(result="string")
    def EscapedPath(self) -> str:
        return from_bytes(self._escaped_path())

    @gomethod(result="string")
    def EscapedFragment(self) -> str:
        return from_bytes(self._escaped_fragment())

    @gomethod(result="bool")
    def IsAbs(self) -> bool:
        return bool(self._scheme)

    @gomethod(result="string")
    def Hostname(self) -> str:
        return from_bytes(_split_host_port(self._host)[0])

    @gomethod(result="string")
    def Port(self) -> str:
        return from_bytes(_split_host_port(self._host)[1])

    @gomethod(result="url.Values")
    def Query(self) -> Values:
        return parse_query(self.RawQuery)[0]

    @gomethod(result="string")
    def RequestURI(self) -> str:
        result = self._opaque
        if not result:
            result = self._escaped_path() or b"/"
        elif result.startswith(b"//"):
            result = self._scheme + b":" + result
        if self.ForceQuery or self._raw_query:
            result += b"?" + self._raw_query
        return from_bytes(result)

    @gomethod(result="string")
    def Redacted(self) -> str:
        u = self.copy()
        if self.User and self.User._password_set:
            u.User = Userinfo(self.User._username, b"xxxxx", True)
        return u.String()

    @gomethod(variadic="string", result="*url.URL")
    def JoinPath(self, *elem: str) -> "URL":
        elems = [self.EscapedPath(), *elem]
        if not elems[0].startswith("/"):
            # A relative URL stays relative, but without leading ../ elements.
            elems[0] = "/" + elems[0]
            p = gopath.join(*elems)[1:]
        else:
            p = gopath.join(*elems)
        # Join drops trailing slashes; keep one if the last element had it.
        if elems[-1].endswith("/") and not p.endswith("/"):
            p += "/"
        u = self.copy()
        try:
            u._set_path(to_bytes(p))
        except _Err:
            pass  # Go ignores the error here and keeps the old path
        return u

    @gomethod(result="*url.URL")
    def Clone(self) -> "URL":
        u = self.copy()
        if self.User:
            u.User = Userinfo(self.User._username, self.User._password, self.User._password_set)
        return u

    @gomethod("*url.URL", result="*url.URL")
    def ResolveReference(self, ref: "URL") -> "URL":
        url = ref.copy()
        if not ref._scheme:
            url._scheme = self._scheme
        if ref._scheme or ref._host or ref.User:
            # Absolute URI or network-path reference: only its dot segments change.
            url._set_path(_resolve_path(ref._escaped_path(), b""))
            return url
        if ref._opaque:
            url.User, url._host, url._path = Userinfo.nil(), b"", b""
            return url
        if not ref._path and not ref.ForceQuery and not ref._raw_query:
            url._raw_query = self._raw_query
            if not ref._fragment:
                url._fragment, url._raw_fragment = self._fragment, self._raw_fragment
        if not ref._path and self._opaque:
            url._opaque = self._opaque
            url.User, url._host, url._path = Userinfo.nil(), b"", b""
            return url
        url._host = self._host
        url.User = self.User
        url._set_path(_resolve_path(self._escaped_path(), ref._escaped_path()))
        return url

    @gomethod("string", result="*url.URL", error=True)
    def Parse(self, ref: str) -> "URL":
        return self.ResolveReference(parse(ref))
