"""Go `path` port (bricksmith.gostd.path), the matcher behind `skip`.

Expectations were produced by Go 1.27's path package (scratch program) and pasted here; the
tests do not need Go.  "ERR ..." means path.Match returned that error.
"""

import pytest

from bricksmith.gostd import path
from bricksmith.gotemplate.gotypes import GoError

# fmt: off
MATCH_CASES = [
    ('abc', 'abc', True),
    ('*', 'abc', True),
    ('*c', 'abc', True),
    ('a*', 'a', True),
    ('a*', 'abc', True),
    ('a*', 'ab/c', False),
    ('a*/b', 'abc/b', True),
    ('a*/b', 'a/c/b', False),
    ('a*b*c*d*e*/f', 'axbxcxdxe/f', True),
    ('a*b*c*d*e*/f', 'axbxcxdxexxx/f', True),
    ('a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', False),
    ('a*b*c*d*e*/f', 'axbxcxdxexxx/fff', False),
    ('a*b?c*x', 'abxbbxdbxebxczzx', True),
    ('a*b?c*x', 'abxbbxdbxebxczzy', False),
    ('ab[c]', 'abc', True),
    ('ab[b-d]', 'abc', True),
    ('ab[e-g]', 'abc', False),
    ('ab[^c]', 'abc', False),
    ('ab[^b-d]', 'abc', False),
    ('ab[^e-g]', 'abc', True),
    ('a\\*b', 'a*b', True),
    ('a\\*b', 'ab', False),
    ('a?b', 'a☺b', True),
    ('a[^a]b', 'a☺b', True),
    ('a???b', 'a☺b', False),
    ('a[^a][^a][^a]b', 'a☺b', False),
    ('[a-ζ]*', 'α', True),
    ('*[a-ζ]', 'A', False),
    ('a?b', 'a/b', False),
    ('a*b', 'a/b', False),
    ('[\\]a]', ']', True),
    ('[\\-]', '-', True),
    ('[x\\-]', 'x', True),
    ('[x\\-]', '-', True),
    ('[x\\-]', 'z', False),
    ('[\\-x]', 'x', True),
    ('[\\-x]', '-', True),
    ('[\\-x]', 'a', False),
    ('[]a]', ']', 'ERR syntax error in pattern'),
    ('[-]', '-', 'ERR syntax error in pattern'),
    ('[x-]', 'x', 'ERR syntax error in pattern'),
    ('[x-]', '-', 'ERR syntax error in pattern'),
    ('[x-]', 'z', 'ERR syntax error in pattern'),
    ('[-x]', 'x', 'ERR syntax error in pattern'),
    ('[-x]', '-', 'ERR syntax error in pattern'),
    ('[-x]', 'a', 'ERR syntax error in pattern'),
    ('\\', 'a', 'ERR syntax error in pattern'),
    ('[a-b-c]', 'a', 'ERR syntax error in pattern'),
    ('[', 'a', 'ERR syntax error in pattern'),
    ('[^', 'a', 'ERR syntax error in pattern'),
    ('[^bc', 'a', 'ERR syntax error in pattern'),
    ('a[', 'a', 'ERR syntax error in pattern'),
    ('a[', 'ab', 'ERR syntax error in pattern'),
    ('a[', 'x', 'ERR syntax error in pattern'),
    ('a/b[', 'x', 'ERR syntax error in pattern'),
    ('*x', 'xxx', True),
    ('[!a]', 'b', False),
    ('[!a]', '!', True),
    ('[!a]', 'a', True),
    ('**', 'a/b', False),
    ('*/*', 'a/b', True),
    ('*', '.hidden', True),
    ('*', '', True),
    ('', '', True),
    ('', 'a', False),
    ('?', '', False),
    ('*.tmpl', 'x.tmpl', True),
    ('{{.p}}/tests', '{{.p}}/tests', True),
    ('src/*', 'src/a.py', True),
    ('src/*', 'src/a/b.py', False),
    ('src', 'src/a', False),
    ('a*', 'x[', False),
    ('x[', 'a', 'ERR syntax error in pattern'),
    ('[a', 'a', 'ERR syntax error in pattern'),
    ('[]', 'a', 'ERR syntax error in pattern'),
    ('a[b', 'ab', 'ERR syntax error in pattern'),
    ('*[', 'xy', 'ERR syntax error in pattern'),
    ('[ÿ]', 'a', False),
    ('ÿ', 'ÿ', True),
    ('?', 'ÿ', True),
    ('[^a]', 'ÿ', True),
    ('[a-c', 'b', 'ERR syntax error in pattern'),
    ('[^a-c]', '\udcff', True),
]

JOIN_CASES = [
    ((), ''),
    (('',), ''),
    (('', ''), ''),
    (('a',), 'a'),
    (('a', 'b'), 'a/b'),
    (('a', ''), 'a'),
    (('', 'b'), 'b'),
    (('a', '', 'b'), 'a/b'),
    (('/', 'a'), '/a'),
    (('/', ''), '/'),
    (('a/', 'b'), 'a/b'),
    (('a', '/b'), 'a/b'),
    (('a', '../b'), 'b'),
    (('../a', 'b'), '../a/b'),
    (('a', '..', '..'), '..'),
    (('/', '..'), '/'),
    (('a/b', '../../..'), '..'),
    (('x', './y', 'z/'), 'x/y/z'),
    (('template', '{{.name}}'), 'template/{{.name}}'),
    (('', '', '/x'), '/x'),
]

CLEAN_CASES = [
    ('', '.'),
    ('abc', 'abc'),
    ('abc/def', 'abc/def'),
    ('a/b/c', 'a/b/c'),
    ('.', '.'),
    ('..', '..'),
    ('../..', '../..'),
    ('../../abc', '../../abc'),
    ('/abc', '/abc'),
    ('/', '/'),
    ('abc/', 'abc'),
    ('abc/def/', 'abc/def'),
    ('/abc/', '/abc'),
    ('//abc', '/abc'),
    ('///abc', '/abc'),
    ('//abc//', '/abc'),
    ('abc//def//ghi', 'abc/def/ghi'),
    ('abc/./def', 'abc/def'),
    ('/./abc/def', '/abc/def'),
    ('abc/.', 'abc'),
    ('abc/../def', 'def'),
    ('/abc/../def', '/def'),
    ('abc/def/../ghi/../jkl', 'abc/jkl'),
    ('abc/def/..', 'abc'),
    ('abc/def/../..', '.'),
    ('/abc/def/../..', '/'),
    ('abc/def/../../..', '..'),
    ('/abc/def/../../..', '/'),
    ('abc/def/../../../ghi/jkl/../../../mno', '../../mno'),
    ('abc/./../def', 'def'),
    ('abc//./../def', 'def'),
    ('abc/../../././../def', '../../def'),
]

BASE_CASES = [
    ('', '.'),
    ('.', '.'),
    ('/.', '.'),
    ('/', '/'),
    ('////', '/'),
    ('x/', 'x'),
    ('abc', 'abc'),
    ('abc/def', 'def'),
    ('a/b/.x', '.x'),
    ('a/b/c.', 'c.'),
    ('a/b/c.x', 'c.x'),
    ('/a/b/', 'b'),
    ('/x.tar.gz', 'x.tar.gz'),
]

DIR_CASES = [
    ('', '.'),
    ('.', '.'),
    ('/.', '/'),
    ('/', '/'),
    ('////', '/'),
    ('x/', 'x'),
    ('abc', '.'),
    ('abc/def', 'abc'),
    ('a/b/.x', 'a/b'),
    ('a/b/c.', 'a/b'),
    ('a/b/c.x', 'a/b'),
    ('/a/b/', '/a/b'),
    ('/x.tar.gz', '/'),
]

EXT_CASES = [
    ('', ''),
    ('.', '.'),
    ('/.', '.'),
    ('/', ''),
    ('////', ''),
    ('x/', ''),
    ('abc', ''),
    ('abc/def', ''),
    ('a/b/.x', '.x'),
    ('a/b/c.', '.'),
    ('a/b/c.x', '.x'),
    ('/a/b/', ''),
    ('/x.tar.gz', '.gz'),
]

# fmt: on


@pytest.mark.parametrize("pattern,name,want", MATCH_CASES)
def test_match(pattern, name, want):
    if isinstance(want, str):
        with pytest.raises(GoError) as exc:
            path.match(pattern, name)
        assert exc.value.message == want[4:]
    else:
        assert path.match(pattern, name) is want


@pytest.mark.parametrize("elems,want", JOIN_CASES)
def test_join(elems, want):
    assert path.join(*elems) == want


@pytest.mark.parametrize("p,want", CLEAN_CASES)
def test_clean(p, want):
    assert path.clean(p) == want
    assert path.clean(want) == want  # idempotent


@pytest.mark.parametrize("p,want", BASE_CASES)
def test_base(p, want):
    assert path.base(p) == want


@pytest.mark.parametrize("p,want", DIR_CASES)
def test_dir(p, want):
    assert path.dir(p) == want


@pytest.mark.parametrize("p,want", EXT_CASES)
def test_ext(p, want):
    assert path.ext(p) == want


def test_split_and_is_abs():
    assert path.split("a/b/c.txt") == ("a/b/", "c.txt")
    assert path.split("c.txt") == ("", "c.txt")
    assert path.is_abs("/x") and not path.is_abs("x") and not path.is_abs("")
