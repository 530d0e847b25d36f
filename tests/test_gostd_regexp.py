"""Go `regexp` port (bricksmith.gostd.regexp).

Every expectation in the tables below was produced by Go 1.27's regexp package (a scratch
program calling regexp.Compile and the listed method) and pasted here; the tests themselves do
not need Go.  Slices are compared as plain lists, with None standing for a nil slice.
"""

import pytest

from bricksmith.gostd import regexp
from bricksmith.gotemplate.gotypes import GoError, GoSlice


def plain(v):
    """GoSlice -> list (None when nil), recursively."""
    if isinstance(v, GoSlice):
        return None if v.nil else [plain(x) for x in v]
    return v


# fmt: off
COMPILE_ERRORS = [
    ('(?=x)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'),
    ('(?!x)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`'),
    ('(?<=x)', 'error parsing regexp: invalid named capture: `(?<=x)`'),
    ('(?<!x)', 'error parsing regexp: invalid named capture: `(?<!x)`'),
    ('(a', 'error parsing regexp: missing closing ): `(a`'),
    ('((a)', 'error parsing regexp: missing closing ): `((a)`'),
    ('a)', 'error parsing regexp: unexpected ): `a)`'),
    (')', 'error parsing regexp: unexpected ): `)`'),
    ('())', 'error parsing regexp: unexpected ): `())`'),
    ('\\Z', 'error parsing regexp: invalid escape sequence: `\\Z`'),
    ('\\C', 'error parsing regexp: invalid escape sequence: `\\C`'),
    ('\\1', 'error parsing regexp: invalid escape sequence: `\\1`'),
    ('\\8', 'error parsing regexp: invalid escape sequence: `\\8`'),
    ('\\x', 'error parsing regexp: invalid escape sequence: `\\x`'),
    ('\\x4g', 'error parsing regexp: invalid escape sequence: `\\x4g`'),
    ('\\x{}', 'error parsing regexp: invalid escape sequence: `\\x{}`'),
    ('\\x{110000}', 'error parsing regexp: invalid escape sequence: `\\x{110000`'),
    ('\\x{zz}', 'error parsing regexp: invalid escape sequence: `\\x{z`'),
    ('a**', 'error parsing regexp: invalid nested repetition operator: `**`'),
    ('a*+', 'error parsing regexp: invalid nested repetition operator: `*+`'),
    ('a+?*', 'error parsing regexp: invalid nested repetition operator: `+?*`'),
    ('a{2}*', 'error parsing regexp: invalid nested repetition operator: `{2}*`'),
    ('a{2}{3}', 'error parsing regexp: invalid nested repetition operator: `{2}{3}`'),
    ('*', 'error parsing regexp: missing argument to repetition operator: `*`'),
    ('+a', 'error parsing regexp: missing argument to repetition operator: `+`'),
    ('?', 'error parsing regexp: missing argument to repetition operator: `?`'),
    ('{1}', 'error parsing regexp: missing argument to repetition operator: `{1}`'),
    ('x|*', 'error parsing regexp: missing argument to repetition operator: `*`'),
    ('(*)', 'error parsing regexp: missing argument to repetition operator: `*`'),
    ('(?:*)', 'error parsing regexp: missing argument to repetition operator: `*`'),
    ('(?i)*', 'error parsing regexp: missing argument to repetition operator: `*`'),
    ('x{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'),
    ('x{2,1}', 'error parsing regexp: invalid repeat count: `{2,1}`'),
    ('x{0,1001}', 'error parsing regexp: invalid repeat count: `{0,1001}`'),
    ('x{1001,}', 'error parsing regexp: invalid repeat count: `{1001,}`'),
    ('(a{2}){501}', 'error parsing regexp: invalid repeat count: `{501}`'),
    ('((a{10}){10}){11}', 'error parsing regexp: invalid repeat count: `{11}`'),
    ('[a', 'error parsing regexp: missing closing ]: `[a`'),
    ('[', 'error parsing regexp: missing closing ]: `[`'),
    ('[]', 'error parsing regexp: missing closing ]: `[]`'),
    ('[]a', 'error parsing regexp: missing closing ]: `[]a`'),
    ('[^', 'error parsing regexp: missing closing ]: `[^`'),
    ('[^]', 'error parsing regexp: missing closing ]: `[^]`'),
    ('[a-', 'error parsing regexp: missing closing ]: `[a-`'),
    ('[z-a]', 'error parsing regexp: invalid character class range: `z-a`'),
    ('[a-\\d]', 'error parsing regexp: invalid escape sequence: `\\d`'),
    ('[[:foo:]]', 'error parsing regexp: invalid character class range: `[:foo:]`'),
    ('\\p', 'error parsing regexp: invalid character class range: `\\p`'),
    ('\\p{', 'error parsing regexp: invalid character class range: `\\p{`'),
    ('\\p{Foo}', 'error parsing regexp: invalid character class range: `\\p{Foo}`'),
    ('\\pX', 'error parsing regexp: invalid character class range: `\\pX`'),
    ('\\pé', 'error parsing regexp: invalid character class range: `\\pé`'),
    ('[\\p{Foo}]', 'error parsing regexp: invalid character class range: `\\p{Foo}`'),
    ('(?P<n>', 'error parsing regexp: missing closing ): `(?P<n>`'),
    ('(?P<>a)', 'error parsing regexp: invalid named capture: `(?P<>`'),
    ('(?P<n!>a)', 'error parsing regexp: invalid named capture: `(?P<n!>`'),
    ("(?'n'a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?'`"),
    ('(?P=n)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?P`'),
    ('(?P>n)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?P`'),
    ('(?P<n', 'error parsing regexp: invalid named capture: `(?P<n`'),
    ('(?P', 'error parsing regexp: invalid or unsupported Perl syntax: `(?P`'),
    ('(?<', 'error parsing regexp: invalid or unsupported Perl syntax: `(?<`'),
    ('(?', 'error parsing regexp: invalid or unsupported Perl syntax: `(?`'),
    ('(?i', 'error parsing regexp: invalid or unsupported Perl syntax: `(?i`'),
    ('(?i-)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`'),
    ('(?-)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?-)`'),
    ('(?--i)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?--`'),
    ('(?x)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?x`'),
    ('(?#c)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?#`'),
    ('(?P<é>a)', 'error parsing regexp: invalid named capture: `(?P<é>`'),
    ('a\\', 'error parsing regexp: trailing backslash at end of expression: ``'),
    ('x\udcff', 'error parsing regexp: invalid UTF-8: `\udcff`'),
    ('[\udcff]', 'error parsing regexp: invalid UTF-8: `\udcff]`'),
    ('(?P<\udcffa>x)', 'error parsing regexp: invalid UTF-8: `\udcffa`'),
    ('\\x{1\udcff}', 'error parsing regexp: invalid UTF-8: `\udcff}`'),
]

METHOD_CASES = [
    ('a(b*)c', 'String', (), 'a(b*)c'),
    ('a(b*)c', 'NumSubexp', (), 1),
    ('a(b*)c', 'SubexpNames', (), ['', '']),
    ('(?P<first>\\w+)\\s(?<last>\\w+)', 'String', (), '(?P<first>\\w+)\\s(?<last>\\w+)'),
    ('(?P<first>\\w+)\\s(?<last>\\w+)', 'NumSubexp', (), 2),
    ('(?P<first>\\w+)\\s(?<last>\\w+)', 'SubexpNames', (), ['', 'first', 'last']),
    ('(a)|(b)', 'String', (), '(a)|(b)'),
    ('(a)|(b)', 'NumSubexp', (), 2),
    ('(a)|(b)', 'SubexpNames', (), ['', '', '']),
    ('', 'String', (), ''),
    ('', 'NumSubexp', (), 0),
    ('', 'SubexpNames', (), ['']),
    ('(a){0}', 'String', (), '(a){0}'),
    ('(a){0}', 'NumSubexp', (), 1),
    ('(a){0}', 'SubexpNames', (), ['', '']),
    ('(?P<x>a)(?P<x>b)', 'String', (), '(?P<x>a)(?P<x>b)'),
    ('(?P<x>a)(?P<x>b)', 'NumSubexp', (), 2),
    ('(?P<x>a)(?P<x>b)', 'SubexpNames', (), ['', 'x', 'x']),
    ('\\Qa.b\\E+', 'String', (), '\\Qa.b\\E+'),
    ('\\Qa.b\\E+', 'NumSubexp', (), 0),
    ('\\Qa.b\\E+', 'SubexpNames', (), ['']),
    ('(?i)straße', 'String', (), '(?i)straße'),
    ('(?i)straße', 'NumSubexp', (), 0),
    ('(?i)straße', 'SubexpNames', (), ['']),
    ('[[:alpha:]]+', 'String', (), '[[:alpha:]]+'),
    ('[[:alpha:]]+', 'NumSubexp', (), 0),
    ('[[:alpha:]]+', 'SubexpNames', (), ['']),
    ('(?P<first>\\w+)\\s(?<last>\\w+)', 'SubexpIndex', ('last',), 2),
    ('(?P<first>\\w+)\\s(?<last>\\w+)', 'SubexpIndex', ('',), -1),
    ('(?P<first>\\w+)\\s(?<last>\\w+)', 'SubexpIndex', ('nope',), -1),
    ('(?P<x>a)(?P<x>b)', 'SubexpIndex', ('x',), 1),
    ('^\\w+$', 'MatchString', ('café',), False),
    ('^\\w+$', 'MatchString', ('cafe',), True),
    ('^[a-z]+$', 'MatchString', ('abc\n',), False),
    ('(?m)^[a-z]+$', 'MatchString', ('abc\n',), True),
    ('(?i)É', 'MatchString', ('é',), True),
    ('(?i)σ', 'MatchString', ('ς',), True),
    ('(?i)k', 'MatchString', ('K',), True),
    ('\\d', 'MatchString', ('٣',), False),
    ('\\s', 'MatchString', ('\xa0',), False),
    ('\\bé', 'MatchString', (' é',), False),
    ('\\pL', 'MatchString', ('é',), True),
    ('\\p{Greek}', 'MatchString', ('ω',), True),
    ('\\p{greek}', 'MatchString', ('ω',), True),
    ('\\p{Lu}', 'MatchString', ('a',), False),
    ('(?i)\\p{Lu}', 'MatchString', ('a',), True),
    ('[[:^alpha:]]', 'MatchString', ('é',), True),
    ('\\z', 'MatchString', ('',), True),
    ('a\\z', 'MatchString', ('a\n',), False),
    ('a$', 'MatchString', ('a\n',), False),
    ('(?s)a.b', 'MatchString', ('a\nb',), True),
    ('a.b', 'MatchString', ('a\nb',), False),
    ('[^a]', 'MatchString', ('\n',), True),
    ('\\x{1F600}', 'MatchString', ('😀',), True),
    ('\\141', 'MatchString', ('a',), True),
    ('\\p{Tolong_Siki}', 'MatchString', ('\U00011db0',), True),
    ('\\x{FFFD}', 'MatchString', ('a\udcffb',), True),
    ('.', 'MatchString', ('\udcff',), True),
    ('^.$', 'MatchString', ('\udce2\udc82',), False),
    ('\\p{Any}', 'MatchString', ('\udcff',), True),
    ('(?i)ǅ', 'MatchString', ('ǆ',), True),
    ('[[:word:]]+', 'MatchString', ('a_1',), True),
    ('(?i)[^k]', 'MatchString', ('K',), False),
    ('(a|ab)(c|bcd)(d*)', 'FindString', ('abcd',), 'abcd'),
    ('(a|ab)(c|bcd)(d*)', 'FindStringIndex', ('abcd',), [0, 4]),
    ('(a|ab)(c|bcd)(d*)', 'FindStringSubmatchIndex', ('abcd',), [0, 4, 0, 1, 1, 4, 4, 4]),
    ('a+?', 'FindString', ('aaa',), 'a'),
    ('a+?', 'FindStringIndex', ('aaa',), [0, 1]),
    ('a+?', 'FindStringSubmatchIndex', ('aaa',), [0, 1]),
    ('(?U)a+', 'FindString', ('aaa',), 'a'),
    ('(?U)a+', 'FindStringIndex', ('aaa',), [0, 1]),
    ('(?U)a+', 'FindStringSubmatchIndex', ('aaa',), [0, 1]),
    ('(?U)a+?', 'FindString', ('aaa',), 'aaa'),
    ('(?U)a+?', 'FindStringIndex', ('aaa',), [0, 3]),
    ('(?U)a+?', 'FindStringSubmatchIndex', ('aaa',), [0, 3]),
    ('a*', 'FindString', ('baaa',), ''),
    ('a*', 'FindStringIndex', ('baaa',), [0, 0]),
    ('a*', 'FindStringSubmatchIndex', ('baaa',), [0, 0]),
    ('x*', 'FindString', ('é',), ''),
    ('x*', 'FindStringIndex', ('é',), [0, 0]),
    ('x*', 'FindStringSubmatchIndex', ('é',), [0, 0]),
    ('\\B', 'FindString', ('aé',), ''),
    ('\\B', 'FindStringIndex', ('aé',), [3, 3]),
    ('\\B', 'FindStringSubmatchIndex', ('aé',), [3, 3]),
    ('é|e', 'FindString', ('xé',), 'é'),
    ('é|e', 'FindStringIndex', ('xé',), [1, 3]),
    ('é|e', 'FindStringSubmatchIndex', ('xé',), [1, 3]),
    ('(?:(?:ab)??)*', 'FindString', ('abab',), ''),
    ('(?:(?:ab)??)*', 'FindStringIndex', ('abab',), [0, 0]),
    ('(?:(?:ab)??)*', 'FindStringSubmatchIndex', ('abab',), [0, 0]),
    ('((?:(?:[ab]|^)*?)*)', 'FindString', ('abab',), ''),
    ('((?:(?:[ab]|^)*?)*)', 'FindStringIndex', ('abab',), [0, 0]),
    ('((?:(?:[ab]|^)*?)*)', 'FindStringSubmatchIndex', ('abab',), [0, 0, 0, 0]),
    ('(a*)+', 'FindString', ('b',), ''),
    ('(a*)+', 'FindStringIndex', ('b',), [0, 0]),
    ('(a*)+', 'FindStringSubmatchIndex', ('b',), [0, 0, 0, 0]),
    ('(|a)*', 'FindString', ('aa',), ''),
    ('(|a)*', 'FindStringIndex', ('aa',), [0, 0]),
    ('(|a)*', 'FindStringSubmatchIndex', ('aa',), [0, 0, 0, 0]),
    ('(|a)+', 'FindString', ('aa',), ''),
    ('(|a)+', 'FindStringIndex', ('aa',), [0, 0]),
    ('(|a)+', 'FindStringSubmatchIndex', ('aa',), [0, 0, 0, 0]),
    ('[\\x{80}-\\x{10FFFF}]+', 'FindString', ('aé😀b',), 'é😀'),
    ('[\\x{80}-\\x{10FFFF}]+', 'FindStringIndex', ('aé😀b',), [1, 7]),
    ('[\\x{80}-\\x{10FFFF}]+', 'FindStringSubmatchIndex', ('aé😀b',), [1, 7]),
    ('(a)(b)?', 'FindStringSubmatch', ('a',), ['a', 'a', '']),
    ('(a)(b)?', 'FindStringSubmatchIndex', ('a',), [0, 1, 0, 1, -1, -1]),
    ('(a)(b)?', 'FindStringSubmatch', ('xyz',), None),
    ('(a)(b)?', 'FindStringSubmatchIndex', ('xyz',), None),
    ('(?P<k>\\w+)=(?P<v>\\w*)', 'FindStringSubmatch', ('key= x',), ['key=', 'key', '']),
    ('(?P<k>\\w+)=(?P<v>\\w*)', 'FindStringSubmatchIndex', ('key= x',), [0, 4, 0, 3, 4, 4]),
    ('(é)(.)', 'FindStringSubmatch', ('aéb',), ['éb', 'é', 'b']),
    ('(é)(.)', 'FindStringSubmatchIndex', ('aéb',), [1, 4, 1, 3, 3, 4]),
    ('', 'FindStringSubmatch', ('',), ['']),
    ('', 'FindStringSubmatchIndex', ('',), [0, 0]),
    ('a*', 'FindAllString', ('baaab', -1), ['', 'aaa', '']),
    ('a*', 'FindAllStringIndex', ('baaab', -1), [[0, 0], [1, 4], [5, 5]]),
    ('a*', 'FindAllString', ('baaab', 2), ['', 'aaa']),
    ('a*', 'FindAllStringIndex', ('baaab', 2), [[0, 0], [1, 4]]),
    ('a*', 'FindAllString', ('baaab', 0), None),
    ('a*', 'FindAllStringIndex', ('baaab', 0), None),
    ('x', 'FindAllString', ('abc', -1), None),
    ('x', 'FindAllStringIndex', ('abc', -1), None),
    ('', 'FindAllString', ('aé', -1), ['', '', '']),
    ('', 'FindAllStringIndex', ('aé', -1), [[0, 0], [1, 1], [3, 3]]),
    ('\\b', 'FindAllString', ('ab cd', -1), ['', '', '', '']),
    ('\\b', 'FindAllStringIndex', ('ab cd', -1), [[0, 0], [2, 2], [3, 3], [5, 5]]),
    ('(?m)^', 'FindAllString', ('a\nb\n', -1), ['', '', '']),
    ('(?m)^', 'FindAllStringIndex', ('a\nb\n', -1), [[0, 0], [2, 2], [4, 4]]),
    ('é*', 'FindAllString', ('aéé', -1), ['', 'éé']),
    ('é*', 'FindAllStringIndex', ('aéé', -1), [[0, 0], [1, 5]]),
    ('\\w+', 'FindAllString', ('héllo wörld', -1), ['h', 'llo', 'w', 'rld']),
    ('\\w+', 'FindAllStringIndex', ('héllo wörld', -1), [[0, 1], [3, 6], [7, 8], [10, 13]]),
    ('a|', 'FindAllString', ('baab', -1), ['', 'a', 'a', '']),
    ('a|', 'FindAllStringIndex', ('baab', -1), [[0, 0], [1, 2], [2, 3], [4, 4]]),
    ('(a)|b', 'FindAllString', ('ab', -1), ['a', 'b']),
    ('(a)|b', 'FindAllStringIndex', ('ab', -1), [[0, 1], [1, 2]]),
    ('(?:(?:ab)??)*', 'FindAllString', ('abxab', -1), ['', '', '', '', '', '']),
    ('(?:(?:ab)??)*', 'FindAllStringIndex', ('abxab', -1), [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]),
    ('(\\w)(\\d)?', 'FindAllStringSubmatch', ('a1b', -1), [['a1', 'a', '1'], ['b', 'b', '']]),
    ('(\\w)(\\d)?', 'FindAllStringSubmatchIndex', ('a1b', -1), [[0, 2, 0, 1, 1, 2], [2, 3, 2, 3, -1, -1]]),
    ('(a)|(b)', 'FindAllStringSubmatch', ('ab', -1), [['a', 'a', ''], ['b', '', 'b']]),
    ('(a)|(b)', 'FindAllStringSubmatchIndex', ('ab', -1), [[0, 1, 0, 1, -1, -1], [1, 2, -1, -1, 1, 2]]),
    ('(x)?', 'FindAllStringSubmatch', ('', -1), [['', '']]),
    ('(x)?', 'FindAllStringSubmatchIndex', ('', -1), [[0, 0, -1, -1]]),
    ('(é+)', 'FindAllStringSubmatch', ('aébéé', 1), [['é', 'é']]),
    ('(é+)', 'FindAllStringSubmatchIndex', ('aébéé', 1), [[1, 3, 1, 3]]),
    ('(z)', 'FindAllStringSubmatch', ('abc', -1), None),
    ('(z)', 'FindAllStringSubmatchIndex', ('abc', -1), None),
    ('a(x*)b', 'ReplaceAllString', ('-ab-axxb-', '$1W'), '---'),
    ('a(x*)b', 'ReplaceAllString', ('-ab-axxb-', '${1}W'), '-W-xxW-'),
    ('a(x*)b', 'ReplaceAllString', ('-ab-axxb-', '$$1'), '-$1-$1-'),
    ('a(x*)b', 'ReplaceAllString', ('-ab-axxb-', '${'), '-${-${-'),
    ('a(x*)b', 'ReplaceAllString', ('-ab-axxb-', '$'), '-$-$-'),
    ('a(x*)b', 'ReplaceAllString', ('-ab-axxb-', '$2'), '---'),
    ('a(x*)b', 'ReplaceAllString', ('-ab-axxb-', '$01'), '---'),
    ('a(x*)b', 'ReplaceAllString', ('-ab-axxb-', '${1'), '-${1-${1-'),
    ('a(x*)b', 'ReplaceAllString', ('-ab-axxb-', '$0$0'), '-abab-axxbaxxb-'),
    ('(?P<word>\\w+)', 'ReplaceAllString', ('hi there', '<$word>'), '<hi> <there>'),
    ('(?P<word>\\w+)', 'ReplaceAllString', ('hi there', '${word}s'), 'his theres'),
    ('(?P<w>x)', 'ReplaceAllString', ('x', '$wörd'), ''),
    ('(?P<w>x)', 'ReplaceAllString', ('x', '${w}örd'), 'xörd'),
    ('(?P<x>a)(?P<x>b)?', 'ReplaceAllString', ('a', '[$x]'), '[a]'),
    ('(a)(?:(b)|c)', 'ReplaceAllString', ('ac', '[$2]'), '[]'),
    ('a*', 'ReplaceAllString', ('baaac', '-'), '-b-c-'),
    ('', 'ReplaceAllString', ('abc', '-'), '-a-b-c-'),
    ('x*', 'ReplaceAllString', ('é', '-'), '-é-'),
    ('b*', 'ReplaceAllString', ('abc', 'X'), 'XaXcX'),
    ('(?i)straße', 'ReplaceAllString', ('STRASSE Straße', 'x'), 'STRASSE x'),
    ('\\s+', 'ReplaceAllString', ('a \t b', ' '), 'a b'),
    ('é', 'ReplaceAllString', ('aé\udcffé', 'e'), 'ae\udcffe'),
    ('[^a]', 'ReplaceAllString', ('a\udcffb', '.'), 'a..'),
    ('(?m)$', 'ReplaceAllString', ('a\nb', '!'), 'a!\nb!'),
    ('(?:(?:ab)??)*', 'ReplaceAllString', ('abxab', '-'), '-a-b-x-a-b-'),
    ('a(x*)b', 'ReplaceAllLiteralString', ('-ab-axxb-', '$1'), '-$1-$1-'),
    ('a*', 'ReplaceAllLiteralString', ('baaac', '$$'), '$$b$$c$$'),
    ('', 'ReplaceAllLiteralString', ('ab', '|'), '|a|b|'),
    ('a*', 'Split', ('abaabaccadaaae', 5), ['', 'b', 'b', 'c', 'cadaaae']),
    ('a*', 'Split', ('abaabaccadaaae', -1), ['', 'b', 'b', 'c', 'c', 'd', 'e']),
    (',', 'Split', ('a,b,c', -1), ['a', 'b', 'c']),
    (',', 'Split', ('a,b,c', 2), ['a', 'b,c']),
    (',', 'Split', ('a,b,c', 0), None),
    (',', 'Split', ('', -1), ['']),
    ('', 'Split', ('', -1), []),
    ('', 'Split', ('abc', -1), ['a', 'b', 'c']),
    ('', 'Split', ('abc', 2), ['a', 'bc']),
    ('x*', 'Split', ('axbxc', -1), ['a', 'b', 'c']),
    ('é', 'Split', ('aébéc', -1), ['a', 'b', 'c']),
    ('\\s*', 'Split', ('a b', -1), ['a', 'b']),
    ('$', 'Split', ('ab', -1), ['ab']),
    ('^', 'Split', ('ab', -1), ['ab']),
]
# fmt: on


@pytest.mark.parametrize("pattern,message", COMPILE_ERRORS)
def test_compile_error(pattern, message):
    with pytest.raises(GoError) as exc:
        regexp.compile(pattern)
    assert exc.value.message == message


def test_compile_error_nesting_depth():
    pattern = "(" * 1001 + ")" * 1001
    with pytest.raises(GoError) as exc:
        regexp.compile(pattern)
    assert exc.value.message == f"error parsing regexp: expression nests too deeply: `{pattern}`"
    regexp.compile("(" * 999 + ")" * 999)  # within Go's limit


@pytest.mark.parametrize("pattern,method,args,want", METHOD_CASES)
def test_method(pattern, method, args, want):
    got = getattr(regexp.compile(pattern), method)(*args)
    assert plain(got) == want


def test_go_types_of_results():
    re = regexp.compile(r"(a)(b)?")
    assert re.go_type == "*regexp.Regexp"
    assert str(re) == re.String() == "(a)(b)?"
    nil = re.FindStringSubmatch("zzz")
    assert isinstance(nil, GoSlice) and nil.nil and nil.elem == "string"
    assert re.FindAllString("zzz", -1).nil
    assert re.FindAllStringSubmatchIndex("ab", -1).elem == "[]int"
    assert re.FindAllStringSubmatch("ab", -1).elem == "[]string"
    assert re.FindAllStringSubmatch("ab", -1)[0].elem == "string"
    assert re.FindStringIndex("ab").elem == "int"
    assert re.Split("x", 0).nil
    empty = regexp.compile("").Split("", -1)
    assert empty == [] and not empty.nil  # Go: make([]string, 0)
    assert type(re.NumSubexp()) is int and type(re.FindStringIndex("ab")[0]) is int


def test_method_signatures():
    re = regexp.compile("a")
    sig = {name: re.go_method(name) for name in ("MatchString", "FindAllString", "ReplaceAllString", "Split", "SubexpNames")}
    assert sig["MatchString"].go_type == "func(string) bool"
    assert sig["FindAllString"].go_type == "func(string, int) []string"
    assert sig["ReplaceAllString"].go_type == "func(string, string) string"
    assert sig["Split"].go_type == "func(string, int) []string"
    assert sig["SubexpNames"].go_type == "func() []string"
    # Templates find these methods but cannot call them (Go's text/template messages).
    assert getattr(type(re).LiteralPrefix, "go_invalid") == (
        "invalid function signature for LiteralPrefix: second return value should be error; is bool")
    assert getattr(type(re).Longest, "go_invalid") == "function Longest has 0 return values; should be 1 or 2"
    assert re.go_method("Expand") is None  # []byte methods are not modelled
    assert list(regexp.compile("a+").MarshalText()) == [97, 43]


def test_compile_returns_fresh_objects_sharing_the_program():
    a, b = regexp.compile("x+"), regexp.compile("x+")
    assert a is not b  # Go returns a new *Regexp each time; pointers compare unequal
    assert a._prog is b._prog


def test_errors_are_cached_but_raised_each_time():
    for _ in range(2):
        with pytest.raises(GoError, match="missing closing"):
            regexp.compile("(x")


def test_match_string_is_an_unanchored_search():
    assert regexp.match_string(r"[0-9]+", "abc123")
    assert not regexp.match_string(r"^[0-9]+$", "123\n")
    with pytest.raises(GoError) as exc:
        regexp.match_string(r"(?=x)", "x")
    assert exc.value.message == "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"


def test_long_subject_and_many_matches():
    re = regexp.compile(r"(\w)é")
    s = "aé-" * 5000
    assert len(re.FindAllString(s, -1)) == 5000
    assert re.ReplaceAllString(s, "$1") == "a-" * 5000
    assert re.FindAllStringIndex(s, 2) == [[0, 3], [4, 7]]
