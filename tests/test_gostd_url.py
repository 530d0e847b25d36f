"""Go net/url port (bricksmith.gostd.url).

The tables were produced by Go 1.27's net/url (url.Parse plus the listed fields and methods, on
a scratch program) and pasted here; the tests do not need Go.  In PARSE_CASES a field or method
that is not listed has its zero value ("" / False / nil User / empty Query).
"""

import pytest

from bricksmith.gostd import url
from bricksmith.gotemplate.gotypes import GoError, GoSlice

DEFAULTS = {
    "Scheme": "", "Opaque": "", "Host": "", "Path": "", "RawPath": "", "RawQuery": "", "Fragment": "",
    "RawFragment": "", "ForceQuery": False, "OmitHost": False, "Username": "", "UserString": "",
    "PasswordSet": False, "UserNil": True, "String": "", "Hostname": "", "Port": "", "EscapedPath": "",
    "EscapedFragment": "", "RequestURI": "", "Redacted": "", "IsAbs": False, "Query": {}, "Encode": "",
}


def observe(u):
    """The same view of a URL the Go program printed."""
    q = u.Query()
    return {
        "Scheme": u.Scheme, "Opaque": u.Opaque, "Host": u.Host, "Path": u.Path, "RawPath": u.RawPath,
        "RawQuery": u.RawQuery, "Fragment": u.Fragment, "RawFragment": u.RawFragment,
        "ForceQuery": u.ForceQuery, "OmitHost": u.OmitHost, "Username": u.User.Username(),
        "UserString": u.User.String(), "PasswordSet": u.User.password()[1], "UserNil": not u.User,
        "String": u.String(), "Hostname": u.Hostname(), "Port": u.Port(), "EscapedPath": u.EscapedPath(),
        "EscapedFragment": u.EscapedFragment(), "RequestURI": u.RequestURI(), "Redacted": u.Redacted(),
        "IsAbs": u.IsAbs(), "Query": {k: list(v) for k, v in q.items()}, "Encode": q.Encode(),
    }


# fmt: off
PARSE_CASES = [
    ('', {
        'RequestURI': '/',
    }),
    ('*', {
        'Path': '*',
        'String': '*',
        'EscapedPath': '*',
        'RequestURI': '*',
        'Redacted': '*',
    }),
    ('https://adb-123.azuredatabricks.net', {
        'Scheme': 'https',
        'Host': 'adb-123.azuredatabricks.net',
        'String': 'https://adb-123.azuredatabricks.net',
        'Hostname': 'adb-123.azuredatabricks.net',
        'RequestURI': '/',
        'Redacted': 'https://adb-123.azuredatabricks.net',
        'IsAbs': True,
    }),
    ('https://adb-123.azuredatabricks.net/', {
        'Scheme': 'https',
        'Host': 'adb-123.azuredatabricks.net',
        'Path': '/',
        'String': 'https://adb-123.azuredatabricks.net/',
        'Hostname': 'adb-123.azuredatabricks.net',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'https://adb-123.azuredatabricks.net/',
        'IsAbs': True,
    }),
    ('adb-1.azuredatabricks.net', {
        'Path': 'adb-1.azuredatabricks.net',
        'String': 'adb-1.azuredatabricks.net',
        'EscapedPath': 'adb-1.azuredatabricks.net',
        'RequestURI': 'adb-1.azuredatabricks.net',
        'Redacted': 'adb-1.azuredatabricks.net',
    }),
    ('host:8080', {
        'Scheme': 'host',
        'Opaque': '8080',
        'String': 'host:8080',
        'RequestURI': '8080',
        'Redacted': 'host:8080',
        'IsAbs': True,
    }),
    ('HTTPS://Example.COM/Path', {
        'Scheme': 'https',
        'Host': 'Example.COM',
        'Path': '/Path',
        'String': 'https://Example.COM/Path',
        'Hostname': 'Example.COM',
        'EscapedPath': '/Path',
        'RequestURI': '/Path',
        'Redacted': 'https://Example.COM/Path',
        'IsAbs': True,
    }),
    ('https://user:p%40ss@host/p', {
        'Scheme': 'https',
        'Host': 'host',
        'Path': '/p',
        'Username': 'user',
        'UserString': 'user:p%40ss',
        'PasswordSet': True,
        'UserNil': False,
        'String': 'https://user:p%40ss@host/p',
        'Hostname': 'host',
        'EscapedPath': '/p',
        'RequestURI': '/p',
        'Redacted': 'https://user:xxxxx@host/p',
        'IsAbs': True,
    }),
    ('https://u@h', {
        'Scheme': 'https',
        'Host': 'h',
        'Username': 'u',
        'UserString': 'u',
        'UserNil': False,
        'String': 'https://u@h',
        'Hostname': 'h',
        'RequestURI': '/',
        'Redacted': 'https://u@h',
        'IsAbs': True,
    }),
    ('https://:pw@h', {
        'Scheme': 'https',
        'Host': 'h',
        'UserString': ':pw',
        'PasswordSet': True,
        'UserNil': False,
        'String': 'https://:pw@h',
        'Hostname': 'h',
        'RequestURI': '/',
        'Redacted': 'https://:xxxxx@h',
        'IsAbs': True,
    }),
    ('https://user:p@ss@host/x', {
        'Scheme': 'https',
        'Host': 'host',
        'Path': '/x',
        'Username': 'user',
        'UserString': 'user:p%40ss',
        'PasswordSet': True,
        'UserNil': False,
        'String': 'https://user:p%40ss@host/x',
        'Hostname': 'host',
        'EscapedPath': '/x',
        'RequestURI': '/x',
        'Redacted': 'https://user:xxxxx@host/x',
        'IsAbs': True,
    }),
    ('https://%41@h', {
        'Scheme': 'https',
        'Host': 'h',
        'Username': 'A',
        'UserString': 'A',
        'UserNil': False,
        'String': 'https://A@h',
        'Hostname': 'h',
        'RequestURI': '/',
        'Redacted': 'https://A@h',
        'IsAbs': True,
    }),
    ('/a%20b/c', {
        'Path': '/a b/c',
        'String': '/a%20b/c',
        'EscapedPath': '/a%20b/c',
        'RequestURI': '/a%20b/c',
        'Redacted': '/a%20b/c',
    }),
    ('/a%2fb/c', {
        'Path': '/a/b/c',
        'RawPath': '/a%2fb/c',
        'String': '/a%2fb/c',
        'EscapedPath': '/a%2fb/c',
        'RequestURI': '/a%2fb/c',
        'Redacted': '/a%2fb/c',
    }),
    ('/a b', {
        'Path': '/a b',
        'RawPath': '/a b',
        'String': '/a%20b',
        'EscapedPath': '/a%20b',
        'RequestURI': '/a%20b',
        'Redacted': '/a%20b',
    }),
    ('a/b:c', {
        'Path': 'a/b:c',
        'String': 'a/b:c',
        'EscapedPath': 'a/b:c',
        'RequestURI': 'a/b:c',
        'Redacted': 'a/b:c',
    }),
    ('./a:b', {
        'Path': './a:b',
        'String': './a:b',
        'EscapedPath': './a:b',
        'RequestURI': './a:b',
        'Redacted': './a:b',
    }),
    ('http://x/?a=1&b=2&a=3', {
        'Scheme': 'http',
        'Host': 'x',
        'Path': '/',
        'RawQuery': 'a=1&b=2&a=3',
        'String': 'http://x/?a=1&b=2&a=3',
        'Hostname': 'x',
        'EscapedPath': '/',
        'RequestURI': '/?a=1&b=2&a=3',
        'Redacted': 'http://x/?a=1&b=2&a=3',
        'IsAbs': True,
        'Query': {'a': ['1', '3'], 'b': ['2']},
        'Encode': 'a=1&a=3&b=2',
    }),
    ('http://x/p?', {
        'Scheme': 'http',
        'Host': 'x',
        'Path': '/p',
        'ForceQuery': True,
        'String': 'http://x/p?',
        'Hostname': 'x',
        'EscapedPath': '/p',
        'RequestURI': '/p?',
        'Redacted': 'http://x/p?',
        'IsAbs': True,
    }),
    ('http://x/p?a?', {
        'Scheme': 'http',
        'Host': 'x',
        'Path': '/p',
        'RawQuery': 'a?',
        'String': 'http://x/p?a?',
        'Hostname': 'x',
        'EscapedPath': '/p',
        'RequestURI': '/p?a?',
        'Redacted': 'http://x/p?a?',
        'IsAbs': True,
        'Query': {'a?': ['']},
        'Encode': 'a%3F=',
    }),
    ('http://x/p#frag', {
        'Scheme': 'http',
        'Host': 'x',
        'Path': '/p',
        'Fragment': 'frag',
        'String': 'http://x/p#frag',
        'Hostname': 'x',
        'EscapedPath': '/p',
        'EscapedFragment': 'frag',
        'RequestURI': '/p',
        'Redacted': 'http://x/p#frag',
        'IsAbs': True,
    }),
    ('http://x/p#fr ag', {
        'Scheme': 'http',
        'Host': 'x',
        'Path': '/p',
        'Fragment': 'fr ag',
        'RawFragment': 'fr ag',
        'String': 'http://x/p#fr%20ag',
        'Hostname': 'x',
        'EscapedPath': '/p',
        'EscapedFragment': 'fr%20ag',
        'RequestURI': '/p',
        'Redacted': 'http://x/p#fr%20ag',
        'IsAbs': True,
    }),
    ('http://x/p#a%20b', {
        'Scheme': 'http',
        'Host': 'x',
        'Path': '/p',
        'Fragment': 'a b',
        'String': 'http://x/p#a%20b',
        'Hostname': 'x',
        'EscapedPath': '/p',
        'EscapedFragment': 'a%20b',
        'RequestURI': '/p',
        'Redacted': 'http://x/p#a%20b',
        'IsAbs': True,
    }),
    ('http://x/p#', {
        'Scheme': 'http',
        'Host': 'x',
        'Path': '/p',
        'String': 'http://x/p',
        'Hostname': 'x',
        'EscapedPath': '/p',
        'RequestURI': '/p',
        'Redacted': 'http://x/p',
        'IsAbs': True,
    }),
    ('#only', {
        'Fragment': 'only',
        'String': '#only',
        'EscapedFragment': 'only',
        'RequestURI': '/',
        'Redacted': '#only',
    }),
    ('?q=1', {
        'RawQuery': 'q=1',
        'String': '?q=1',
        'RequestURI': '/?q=1',
        'Redacted': '?q=1',
        'Query': {'q': ['1']},
        'Encode': 'q=1',
    }),
    ('http://[::1]:8080/x', {
        'Scheme': 'http',
        'Host': '[::1]:8080',
        'Path': '/x',
        'String': 'http://[::1]:8080/x',
        'Hostname': '::1',
        'Port': '8080',
        'EscapedPath': '/x',
        'RequestURI': '/x',
        'Redacted': 'http://[::1]:8080/x',
        'IsAbs': True,
    }),
    ('http://[fe80::1%25en0]/', {
        'Scheme': 'http',
        'Host': '[fe80::1%en0]',
        'Path': '/',
        'String': 'http://[fe80::1%25en0]/',
        'Hostname': 'fe80::1%en0',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'http://[fe80::1%25en0]/',
        'IsAbs': True,
    }),
    ('http://[::ffff:1.2.3.4]/', {
        'Scheme': 'http',
        'Host': '[::ffff:1.2.3.4]',
        'Path': '/',
        'String': 'http://[::ffff:1.2.3.4]/',
        'Hostname': '::ffff:1.2.3.4',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'http://[::ffff:1.2.3.4]/',
        'IsAbs': True,
    }),
    ('mongodb://a:1,b:2/db', {
        'Scheme': 'mongodb',
        'Host': 'a:1,b:2',
        'Path': '/db',
        'String': 'mongodb://a:1,b:2/db',
        'Hostname': 'a:1,b',
        'Port': '2',
        'EscapedPath': '/db',
        'RequestURI': '/db',
        'Redacted': 'mongodb://a:1,b:2/db',
        'IsAbs': True,
    }),
    ('http://h:/', {
        'Scheme': 'http',
        'Host': 'h:',
        'Path': '/',
        'String': 'http://h:/',
        'Hostname': 'h',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'http://h:/',
        'IsAbs': True,
    }),
    ('mailto:user@example.com', {
        'Scheme': 'mailto',
        'Opaque': 'user@example.com',
        'String': 'mailto:user@example.com',
        'RequestURI': 'user@example.com',
        'Redacted': 'mailto:user@example.com',
        'IsAbs': True,
    }),
    ('file:///etc/hosts', {
        'Scheme': 'file',
        'Path': '/etc/hosts',
        'String': 'file:///etc/hosts',
        'EscapedPath': '/etc/hosts',
        'RequestURI': '/etc/hosts',
        'Redacted': 'file:///etc/hosts',
        'IsAbs': True,
    }),
    ('scheme:/path', {
        'Scheme': 'scheme',
        'Path': '/path',
        'OmitHost': True,
        'String': 'scheme:/path',
        'EscapedPath': '/path',
        'RequestURI': '/path',
        'Redacted': 'scheme:/path',
        'IsAbs': True,
    }),
    ('scheme://', {
        'Scheme': 'scheme',
        'String': 'scheme:',
        'RequestURI': '/',
        'Redacted': 'scheme:',
        'IsAbs': True,
    }),
    ('scheme:', {
        'Scheme': 'scheme',
        'String': 'scheme:',
        'RequestURI': '/',
        'Redacted': 'scheme:',
        'IsAbs': True,
    }),
    ('http://x/a/../b/./c', {
        'Scheme': 'http',
        'Host': 'x',
        'Path': '/a/../b/./c',
        'String': 'http://x/a/../b/./c',
        'Hostname': 'x',
        'EscapedPath': '/a/../b/./c',
        'RequestURI': '/a/../b/./c',
        'Redacted': 'http://x/a/../b/./c',
        'IsAbs': True,
    }),
    ('//host/path', {
        'Host': 'host',
        'Path': '/path',
        'String': '//host/path',
        'Hostname': 'host',
        'EscapedPath': '/path',
        'RequestURI': '/path',
        'Redacted': '//host/path',
    }),
    ('///triple', {
        'Path': '///triple',
        'String': '///triple',
        'EscapedPath': '///triple',
        'RequestURI': '///triple',
        'Redacted': '///triple',
    }),
    ('http://h/ü', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/ü',
        'RawPath': '/ü',
        'String': 'http://h/%C3%BC',
        'Hostname': 'h',
        'EscapedPath': '/%C3%BC',
        'RequestURI': '/%C3%BC',
        'Redacted': 'http://h/%C3%BC',
        'IsAbs': True,
    }),
    ('http://%C3%BC/', {
        'Scheme': 'http',
        'Host': 'ü',
        'Path': '/',
        'String': 'http://%C3%BC/',
        'Hostname': 'ü',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'http://%C3%BC/',
        'IsAbs': True,
    }),
    ('http://h/%C3%BC', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/ü',
        'String': 'http://h/%C3%BC',
        'Hostname': 'h',
        'EscapedPath': '/%C3%BC',
        'RequestURI': '/%C3%BC',
        'Redacted': 'http://h/%C3%BC',
        'IsAbs': True,
    }),
    ('http://h/a\udcffb', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/a\udcffb',
        'RawPath': '/a\udcffb',
        'String': 'http://h/a%FFb',
        'Hostname': 'h',
        'EscapedPath': '/a%FFb',
        'RequestURI': '/a%FFb',
        'Redacted': 'http://h/a%FFb',
        'IsAbs': True,
    }),
    ('http://h/?q=%zz&r=1', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/',
        'RawQuery': 'q=%zz&r=1',
        'String': 'http://h/?q=%zz&r=1',
        'Hostname': 'h',
        'EscapedPath': '/',
        'RequestURI': '/?q=%zz&r=1',
        'Redacted': 'http://h/?q=%zz&r=1',
        'IsAbs': True,
        'Query': {'r': ['1']},
        'Encode': 'r=1',
    }),
    ('http://h/?a+b=c+d&x=%20', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/',
        'RawQuery': 'a+b=c+d&x=%20',
        'String': 'http://h/?a+b=c+d&x=%20',
        'Hostname': 'h',
        'EscapedPath': '/',
        'RequestURI': '/?a+b=c+d&x=%20',
        'Redacted': 'http://h/?a+b=c+d&x=%20',
        'IsAbs': True,
        'Query': {'a b': ['c d'], 'x': [' ']},
        'Encode': 'a+b=c+d&x=+',
    }),
    ('http://h/p%3Fx', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/p?x',
        'String': 'http://h/p%3Fx',
        'Hostname': 'h',
        'EscapedPath': '/p%3Fx',
        'RequestURI': '/p%3Fx',
        'Redacted': 'http://h/p%3Fx',
        'IsAbs': True,
    }),
    ('http://h/*', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/*',
        'RawPath': '/*',
        'String': 'http://h/*',
        'Hostname': 'h',
        'EscapedPath': '/*',
        'RequestURI': '/*',
        'Redacted': 'http://h/*',
        'IsAbs': True,
    }),
    ("http://h#!$&'()*+,;=", {
        'Scheme': 'http',
        'Host': 'h',
        'Fragment': "!$&'()*+,;=",
        'RawFragment': "!$&'()*+,;=",
        'String': "http://h#!$&'()*+,;=",
        'Hostname': 'h',
        'EscapedFragment': "!$&'()*+,;=",
        'RequestURI': '/',
        'Redacted': "http://h#!$&'()*+,;=",
        'IsAbs': True,
    }),
    ('ssh://git@github.com/org/repo.git', {
        'Scheme': 'ssh',
        'Host': 'github.com',
        'Path': '/org/repo.git',
        'Username': 'git',
        'UserString': 'git',
        'UserNil': False,
        'String': 'ssh://git@github.com/org/repo.git',
        'Hostname': 'github.com',
        'EscapedPath': '/org/repo.git',
        'RequestURI': '/org/repo.git',
        'Redacted': 'ssh://git@github.com/org/repo.git',
        'IsAbs': True,
    }),
    ('https://github.com/databricks/mlops-stacks', {
        'Scheme': 'https',
        'Host': 'github.com',
        'Path': '/databricks/mlops-stacks',
        'String': 'https://github.com/databricks/mlops-stacks',
        'Hostname': 'github.com',
        'EscapedPath': '/databricks/mlops-stacks',
        'RequestURI': '/databricks/mlops-stacks',
        'Redacted': 'https://github.com/databricks/mlops-stacks',
        'IsAbs': True,
    }),
    ('https://dbc-1234.cloud.databricks.com?o=123', {
        'Scheme': 'https',
        'Host': 'dbc-1234.cloud.databricks.com',
        'RawQuery': 'o=123',
        'String': 'https://dbc-1234.cloud.databricks.com?o=123',
        'Hostname': 'dbc-1234.cloud.databricks.com',
        'RequestURI': '/?o=123',
        'Redacted': 'https://dbc-1234.cloud.databricks.com?o=123',
        'IsAbs': True,
        'Query': {'o': ['123']},
        'Encode': 'o=123',
    }),
    ('https://x.azuredatabricks.net/?o=123#job/1', {
        'Scheme': 'https',
        'Host': 'x.azuredatabricks.net',
        'Path': '/',
        'RawQuery': 'o=123',
        'Fragment': 'job/1',
        'String': 'https://x.azuredatabricks.net/?o=123#job/1',
        'Hostname': 'x.azuredatabricks.net',
        'EscapedPath': '/',
        'EscapedFragment': 'job/1',
        'RequestURI': '/?o=123',
        'Redacted': 'https://x.azuredatabricks.net/?o=123#job/1',
        'IsAbs': True,
        'Query': {'o': ['123']},
        'Encode': 'o=123',
    }),
    ('a b', {
        'Path': 'a b',
        'RawPath': 'a b',
        'String': 'a%20b',
        'EscapedPath': 'a%20b',
        'RequestURI': 'a%20b',
        'Redacted': 'a%20b',
    }),
    ('/path with space?q=a b#f g', {
        'Path': '/path with space',
        'RawPath': '/path with space',
        'RawQuery': 'q=a b',
        'Fragment': 'f g',
        'RawFragment': 'f g',
        'String': '/path%20with%20space?q=a b#f%20g',
        'EscapedPath': '/path%20with%20space',
        'EscapedFragment': 'f%20g',
        'RequestURI': '/path%20with%20space?q=a b',
        'Redacted': '/path%20with%20space?q=a b#f%20g',
        'Query': {'q': ['a b']},
        'Encode': 'q=a+b',
    }),
    ('http://h/%2e%2e/x', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/../x',
        'RawPath': '/%2e%2e/x',
        'String': 'http://h/%2e%2e/x',
        'Hostname': 'h',
        'EscapedPath': '/%2e%2e/x',
        'RequestURI': '/%2e%2e/x',
        'Redacted': 'http://h/%2e%2e/x',
        'IsAbs': True,
    }),
    ('http://u:p@[::1]:80/x', {
        'Scheme': 'http',
        'Host': '[::1]:80',
        'Path': '/x',
        'Username': 'u',
        'UserString': 'u:p',
        'PasswordSet': True,
        'UserNil': False,
        'String': 'http://u:p@[::1]:80/x',
        'Hostname': '::1',
        'Port': '80',
        'EscapedPath': '/x',
        'RequestURI': '/x',
        'Redacted': 'http://u:xxxxx@[::1]:80/x',
        'IsAbs': True,
    }),
    ('https://x%2Fy@h/', {
        'Scheme': 'https',
        'Host': 'h',
        'Path': '/',
        'Username': 'x/y',
        'UserString': 'x%2Fy',
        'UserNil': False,
        'String': 'https://x%2Fy@h/',
        'Hostname': 'h',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'https://x%2Fy@h/',
        'IsAbs': True,
    }),
    ('http://h/p?q=1&&r=2;s', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/p',
        'RawQuery': 'q=1&&r=2;s',
        'String': 'http://h/p?q=1&&r=2;s',
        'Hostname': 'h',
        'EscapedPath': '/p',
        'RequestURI': '/p?q=1&&r=2;s',
        'Redacted': 'http://h/p?q=1&&r=2;s',
        'IsAbs': True,
        'Query': {'q': ['1']},
        'Encode': 'q=1',
    }),
    ('HTTP+X://h', {
        'Scheme': 'http+x',
        'Host': 'h',
        'String': 'http+x://h',
        'Hostname': 'h',
        'RequestURI': '/',
        'Redacted': 'http+x://h',
        'IsAbs': True,
    }),
    ('http://1.2.3.4:5/', {
        'Scheme': 'http',
        'Host': '1.2.3.4:5',
        'Path': '/',
        'String': 'http://1.2.3.4:5/',
        'Hostname': '1.2.3.4',
        'Port': '5',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'http://1.2.3.4:5/',
        'IsAbs': True,
    }),
    ('//h:9/x', {
        'Host': 'h:9',
        'Path': '/x',
        'String': '//h:9/x',
        'Hostname': 'h',
        'Port': '9',
        'EscapedPath': '/x',
        'RequestURI': '/x',
        'Redacted': '//h:9/x',
    }),
    ('http://h/p?a=1&a=1&a=1', {
        'Scheme': 'http',
        'Host': 'h',
        'Path': '/p',
        'RawQuery': 'a=1&a=1&a=1',
        'String': 'http://h/p?a=1&a=1&a=1',
        'Hostname': 'h',
        'EscapedPath': '/p',
        'RequestURI': '/p?a=1&a=1&a=1',
        'Redacted': 'http://h/p?a=1&a=1&a=1',
        'IsAbs': True,
        'Query': {'a': ['1', '1', '1']},
        'Encode': 'a=1&a=1&a=1',
    }),
    ('a:b', {
        'Scheme': 'a',
        'Opaque': 'b',
        'String': 'a:b',
        'RequestURI': 'b',
        'Redacted': 'a:b',
        'IsAbs': True,
    }),
    ('http://ü/', {
        'Scheme': 'http',
        'Host': 'ü',
        'Path': '/',
        'String': 'http://%C3%BC/',
        'Hostname': 'ü',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'http://%C3%BC/',
        'IsAbs': True,
    }),
    ('http://h\udcff/', {
        'Scheme': 'http',
        'Host': 'h\udcff',
        'Path': '/',
        'String': 'http://h%FF/',
        'Hostname': 'h\udcff',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'http://h%FF/',
        'IsAbs': True,
    }),
    ('http://[::1]:/', {
        'Scheme': 'http',
        'Host': '[::1]:',
        'Path': '/',
        'String': 'http://[::1]:/',
        'Hostname': '::1',
        'EscapedPath': '/',
        'RequestURI': '/',
        'Redacted': 'http://[::1]:/',
        'IsAbs': True,
    }),
]

PARSE_ERRORS = [
    ('https://a b', 'parse "https://a b": invalid character " " in host name'),
    ('https://%zz', 'parse "https://%zz": invalid URL escape "%zz"'),
    ('https://a/%zz', 'parse "https://a/%zz": invalid URL escape "%zz"'),
    ('http://x/p#%zz', 'parse "http://x/p#%zz": invalid URL escape "%zz"'),
    (':bad', 'parse ":bad": missing protocol scheme'),
    ('http://x\x01', 'parse "http://x\\x01": net/url: invalid control character in URL'),
    ('http://x/\x7f', 'parse "http://x/\\x7f": net/url: invalid control character in URL'),
    ('http://[::1/', 'parse "http://[::1/": missing \']\' in host'),
    ('http://a[::1]/', 'parse "http://a[::1]/": invalid IP-literal'),
    ('http://[::1]x/', 'parse "http://[::1]x/": invalid port "x" after host'),
    ('http://[zz]/', 'parse "http://[zz]/": invalid host: ParseAddr("zz"): unable to parse IP'),
    ('http://[1:2:3]/', 'parse "http://[1:2:3]/": invalid host: ParseAddr("1:2:3"): address string too short'),
    ('http://[1.2.3.4]/', 'parse "http://[1.2.3.4]/": invalid IP-literal'),
    ('http://[fe80::1%en0]/', 'parse "http://[fe80::1%en0]/": invalid URL escape "%en"'),
    ('http://[::1%25]/', 'parse "http://[::1%25]/": invalid host: ParseAddr("::1%"): zone must be a non-empty string'),
    ('http://[1::2::3]/', 'parse "http://[1::2::3]/": invalid host: ParseAddr("1::2::3"): multiple :: in address (at ":3")'),
    ('http://[12345::]/', 'parse "http://[12345::]/": invalid host: ParseAddr("12345::"): each group must have 4 or less digits (at "12345::")'),
    ('http://host:port/', 'parse "http://host:port/": invalid port ":port" after host'),
    ('http://host:80:90/', 'parse "http://host:80:90/": invalid port ":80:90" after host'),
    ('http://h:0x', 'parse "http://h:0x": invalid port ":0x" after host'),
    ('https://a%20b', 'parse "https://a%20b": invalid URL escape "%20"'),
    ('https://user:pa ss@host/p', 'parse "https://user:pa ss@host/p": net/url: invalid userinfo'),
    ('http://u\udcff@h/', 'parse "http://u\\xff@h/": net/url: invalid userinfo'),
    ('http://%41/', 'parse "http://%41/": invalid URL escape "%41"'),
    ('1http://x', 'parse "1http://x": first path segment in URL cannot contain colon'),
]
JOIN_CASES = [
    ('https://h/a/b', ('c', '../d'), ('https://h/a/b/d', '/a/b/d', '')),
    ('https://h/a/b/', ('c/',), ('https://h/a/b/c/', '/a/b/c/', '')),
    ('https://h', ('x y', 'z'), ('https://h/x%20y/z', 'x y/z', 'x y/z')),
    ('a/b', ('../../c',), ('c', 'c', '')),
    ('https://h/a', (), ('https://h/a', '/a', '')),
    ('https://h/a', ('%2F', 'b'), ('https://h/a/%2F/b', '/a///b', '/a/%2F/b')),
    ('https://h/a', ('%zz',), ('https://h/a', '/a', '')),
    ('', ('a',), ('a', 'a', '')),
    ('https://h/a/', ('',), ('https://h/a', '/a', '')),
    ('https://h/a?q=1#f', ('b',), ('https://h/a/b?q=1#f', '/a/b', '')),
    ('/', ('..', 'x'), ('/x', '/x', '')),
    ('mailto:x@y', ('z',), ('mailto:x@y', 'z', '')),
]

RESOLVE_CASES = [
    ('http://a/b/c/d;p?q', 'g', 'http://a/b/c/g'),
    ('http://a/b/c/d;p?q', './g', 'http://a/b/c/g'),
    ('http://a/b/c/d;p?q', 'g/', 'http://a/b/c/g/'),
    ('http://a/b/c/d;p?q', '/g', 'http://a/g'),
    ('http://a/b/c/d;p?q', '//g', 'http://g'),
    ('http://a/b/c/d;p?q', '?y', 'http://a/b/c/d;p?y'),
    ('http://a/b/c/d;p?q', 'g?y', 'http://a/b/c/g?y'),
    ('http://a/b/c/d;p?q', '#s', 'http://a/b/c/d;p?q#s'),
    ('http://a/b/c/d;p?q', 'g#s', 'http://a/b/c/g#s'),
    ('http://a/b/c/d;p?q', '..', 'http://a/b/'),
    ('http://a/b/c/d;p?q', '../g', 'http://a/b/g'),
    ('http://a/b/c/d;p?q', '../..', 'http://a/'),
    ('http://a/b/c/d;p?q', '../../../g', 'http://a/g'),
    ('http://a/b/c/d;p?q', 'g.', 'http://a/b/c/g.'),
    ('http://a/b/c/d;p?q', './../g', 'http://a/b/g'),
    ('http://a/b/c/d;p?q', 'g;x=1/../y', 'http://a/b/c/y'),
    ('http://a/b/c/d;p?q', '', 'http://a/b/c/d;p?q'),
    ('http://a/b/c/d;p?q', 'http:g', 'http:g'),
    ('http://a/b/c/d;p?q', '%zz', 'ERR parse "%zz": invalid URL escape "%zz"'),
    ('mailto:a@b', 'x', 'mailto:///x'),
    ('http://h', 'x', 'http://h/x'),
    ('http://u:p@h/a/', 'b?c#d', 'http://u:p@h/a/b?c#d'),
]
# fmt: on


@pytest.mark.parametrize("raw,want", PARSE_CASES)
def test_parse(raw, want):
    assert observe(url.parse(raw)) == {**DEFAULTS, **want}


@pytest.mark.parametrize("raw,message", PARSE_ERRORS)
def test_parse_error(raw, message):
    with pytest.raises(GoError) as exc:
        url.parse(raw)
    assert exc.value.message == message


@pytest.mark.parametrize("raw", [raw for raw, _ in PARSE_CASES])
def test_string_round_trip(raw):
    once = url.parse(raw).String()
    assert url.parse(once).String() == once


@pytest.mark.parametrize("base,elems,want", JOIN_CASES)
def test_join_path(base, elems, want):
    j = url.parse(base).JoinPath(*elems)
    assert (j.String(), j.Path, j.RawPath) == want
    assert j.go_type == "*url.URL"


@pytest.mark.parametrize("base,ref,want", RESOLVE_CASES)
def test_parse_relative_reference(base, ref, want):
    b = url.parse(base)
    if want.startswith("ERR "):
        with pytest.raises(GoError) as exc:
            b.Parse(ref)
        assert exc.value.message == want[4:]
    else:
        assert b.Parse(ref).String() == want
        assert b.ResolveReference(url.parse(ref)).String() == want


def test_nil_userinfo_behaves_like_a_nil_pointer():
    u = url.parse("https://h/p")
    assert u.User.go_type == "*url.Userinfo"
    assert not u.User and u.User.go_nil  # {{if .User}} is false
    assert u.User.Username() == "" and u.User.String() == "" and str(u.User) == ""  # {{.User}} prints ""
    with_user = url.parse("https://u:p@h/p").User
    assert with_user and not with_user.go_nil and str(with_user) == "u:p"
    assert with_user.go_method("Username").go_type == "func() string"
    # Password returns (string, bool): templates find it but cannot call it.
    assert type(with_user).Password.go_invalid == (
        "invalid function signature for Password: second return value should be error; is bool")
    assert with_user.password() == ("p", True)


def test_query_values():
    q = url.parse("http://h/?o=123&x=y&x=z&e").Query()
    assert q.go_type == "url.Values"
    assert isinstance(q, dict) and isinstance(q["x"], GoSlice) and q["x"].elem == "string"
    assert q.Get("o") == "123" and q.Get("missing") == "" and q.Get("e") == ""
    assert q.Has("e") and not q.Has("y")
    assert q.Encode() == "e=&o=123&x=y&x=z"
    assert q.go_method("Get").go_type == "func(string) string"
    assert q.go_method("Has").go_type == "func(string) bool"
    assert q.Clone() == q


def test_query_parameter_limit():
    u = url.parse("http://h/?" + "&".join(["a=1"] * 10000))
    assert len(u.Query()["a"]) == 10000
    assert url.parse("http://h/?" + "&".join(["a=1"] * 10001)).Query() == {}


def test_url_object_surface():
    u = url.parse("https://adb-1.azuredatabricks.net:443/a%20b?o=1#x")
    assert u.go_type == "*url.URL"
    assert str(u) == u.String() == "https://adb-1.azuredatabricks.net:443/a%20b?o=1#x"
    assert set(u.go_fields) == {"Scheme", "Opaque", "User", "Host", "Path", "RawPath", "OmitHost",
                                "ForceQuery", "RawQuery", "Fragment", "RawFragment"}
    assert u.go_method("JoinPath").go_type == "func(...string) *url.URL"
    assert u.go_method("Query").go_type == "func() url.Values"
    assert u.go_method("Parse").go_type == "func(string) (*url.URL, error)"
    assert u.go_method("Port").fn() == "443"
    # Each parse is a new pointer; JoinPath does not modify its receiver.
    assert url.parse("x") is not url.parse("x")
    u.JoinPath("c")
    assert u.Path == "/a b"


def test_escape_helpers():
    assert url.query_escape("a b/c?é") == "a+b%2Fc%3F%C3%A9"
    assert url.path_escape("a b/c?é") == "a%20b%2Fc%3F%C3%A9"
