"""printf: Go fmt verbs, flags, width, precision, argument indexes and the %!-markers for
mismatches, over the value kinds templates see (int vs int64 shows in the markers)."""

from ._data import DATA
from ._gotypes import Int64, Uint8

D = dict(DATA, big=Int64(-255), x=1234.5678, r=Int64(0x1F600), nan=float("nan"), inf=float("inf"), ninf=float("-inf"), u255=Uint8(255))


def p(name, fmt, *args, data=D):
    """A printf case: the format as a Go string literal, args as template operands."""
    quoted = '"' + fmt.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (name, "{{printf " + " ".join([quoted, *args]) + "}}", data)


STRINGS = [
    p("s_string", "%s", ".s"),
    p("s_int64", "%s", ".n"),
    p("s_int", "%s", "5"),
    p("s_bool", "%s", ".t"),
    p("s_float", "%s", ".f"),
    p("s_nil", "%s", ".none"),
    p("s_list", "%s", ".l"),
    p("s_map", "%s", ".m"),
    p("s_pair", "%s", ".p"),
    p("s_typed_slice", "%s", ".strs"),
    p("s_list_of_ints", "%s", ".nums"),
    p("s_width", "[%5s][%-5s]", '"ab"', '"cd"'),
    p("s_precision", "[%.2s][%6.2s]", '"hello"', '"hello"'),
    p("s_precision_runes", "%.1s", '"héllo"'),
    p("s_width_multibyte", "[%6s]", '"héllo"'),
    p("s_zero_pad", "[%05s]", '"ab"'),
    p("s_url", "%s", '(url "https://h/p?q=1")'),
    p("s_regexp", "%s", '(regexp "a+b")'),
    p("q_string", "%q", '"tab\\there \\"q\\" é"'),
    p("q_backquote", "%#q", '"plain"'),
    p("q_backquote_impossible", "%#q", '"has`tick"'),
    p("q_ascii_only", "%+q", '"é✓"'),
    p("q_int", "%q", "65"),
    p("q_int64", "%q", ".n"),
    p("q_list", "%q", ".strs"),
    p("q_nul", "%q", '"\\x00"'),
    p("q_invalid_utf8", "%q", ".bad"),
    p("q_width", "[%-10q]", '"a"'),
    p("x_string", "%x", '"hi"'),
    p("x_string_spaced", "% x", '"hi"'),
    p("X_string", "%X", '"hi"'),
    p("x_string_sharp", "%#x", '"hi"'),
    p("x_invalid_utf8", "%x", ".bad"),
]

INTEGERS = [
    p("d_int", "%d", "42"),
    p("d_int64", "%d", ".n"),
    p("d_uint8", "%d", ".u8"),
    p("d_float", "%d", ".f"),
    p("d_string", "%d", '"x"'),
    p("d_bool", "%d", "true"),
    p("d_nil", "%d", ".none"),
    p("d_list", "%d", ".nums"),
    p("d_mixed_list", "%d", ".l"),
    p("d_width", "[%5d][%-5d]", "42", "42"),
    p("d_zero_pad", "[%05d][%05d]", "42", "-42"),
    p("d_plus", "[%+d][%+d]", "42", "-42"),
    p("d_space", "[% d][% d]", "42", "-42"),
    p("d_precision", "[%.3d][%8.3d]", "5", "5"),
    p("d_zero_with_precision", "[%08.3d]", "5"),
    p("d_negative_hex", "%x %X", ".big", ".big"),
    p("x_int", "%x %X %#x %#X", "255", "255", "255", "255"),
    p("o_int", "%o %#o %O", "8", "8", "8"),
    p("b_int", "%b %08b", "5", "5"),
    p("c_int", "%c%c", "72", "105"),
    p("c_invalid", "%c", "-1"),
    p("c_string", "%c", '"x"'),
    p("U_int", "%U %#U", ".r", ".r"),
    p("U_int64_marker", "%U", '"x"'),
    p("v_uint8_sharp", "%#v", ".u8"),
    p("x_uint8_max", "%x %d", ".u255", ".u255"),
    p("d_char", "%d %c %q %v", "'a'", "'a'", "'a'", "'a'"),
]

FLOATS = [
    p("e_float", "%e %E", ".x", ".x"),
    p("f_float", "%f", ".x"),
    p("f_precision", "%.2f", ".x"),
    p("f_width_precision", "[%8.3f][%-8.3f][%08.3f]", ".x", ".x", ".x"),
    p("f_plus", "%+.1f", ".x"),
    p("f_half_even", "%.0f %.0f %.1f", "2.5", "3.5", "0.05"),
    p("g_float", "%g %G", ".x", "1e-7"),
    p("g_large", "%g", "1e21"),
    p("g_precision", "%.3g %.10g", ".x", ".x"),
    p("g_width", "[%10.4g]", ".x"),
    p("e_precision", "%.3e", ".x"),
    p("e_zero", "%e", "0.0"),
    p("g_hundred_million", "%g %v", "100000000.0", "100000000.0"),
    p("f_int", "%f", "1"),
    p("f_int64", "%f", ".n"),
    p("f_string", "%f", '"x"'),
    p("x_float", "%x", "1.5"),
    p("f_nan", "[%f][%5.2f][%v]", ".nan", ".nan", ".nan"),
    p("f_inf", "[%f][%+f][%v]", ".inf", ".inf", ".inf"),
    p("f_neg_inf", "[%5.2f][%e]", ".ninf", ".ninf"),
    p("v_float_sharp", "%#v %#v %#v", "1.0", "1e21", "1.5"),
    p("b_float", "%b", "1.0"),
]

VALUES = [
    p("v_string", "%v", ".s"),
    p("v_nil", "%v", ".none"),
    p("v_list", "%v", ".l"),
    p("v_map", "%v", ".m"),
    p("v_pair_plus", "%+v", ".p"),
    p("v_pair_sharp", "%#v", ".p"),
    p("v_map_plus", "%+v", ".m"),
    p("v_string_sharp", "%#v", ".s"),
    p("v_int64_sharp", "%#v", ".n"),
    p("v_map_sharp", "%#v", ".m"),
    p("v_list_sharp", "%#v", ".l"),
    p("v_typed_slice_sharp", "%#v", ".strs"),
    p("v_nil_typed_slice_sharp", "%#v", ".nilstrs"),
    p("v_nil_sharp", "%#v", ".none"),
    p("v_empty_list_sharp", "%#v", ".el"),
    p("v_nested", "%v", ".nested"),
    p("v_url", "%v", '(url "https://u@h:1/p")'),
    p("v_url_sharp", "%+v", '(url "https://h/p")'),
    p("v_width", "[%8v][%-8v]", ".n", ".s"),
    p("v_bool", "%v %t", ".t", ".fa"),
    p("t_int", "%t", "1"),
    p("t_string", "%t", '"true"'),
]

TYPES = [
    p("T_values", "%T %T %T %T %T %T", ".s", ".n", ".i", ".f", ".t", ".u8"),
    p("T_containers", "%T %T %T %T", ".l", ".m", ".strs", ".p"),
    p("T_nil", "%T", ".none"),
    p("T_helpers", "%T %T", '(url "x")', '(regexp "x")'),
    p("T_width", "[%10T]", ".s"),
]

MARKERS = [
    p("percent_literal", "100%%"),
    p("percent_at_end", "abc%"),
    p("percent_bang", "%!"),
    p("missing_arg", "%d %d", "1"),
    p("missing_only", "%s"),
    p("extra_arg", "%d", "1", "2"),
    p("extra_args_mixed", "x", "1", '"y"', ".n", ".none"),
    p("unknown_verb", "%z", "1"),
    p("unknown_verb_string", "%z", '"s"'),
    p("arg_index", "%[2]d %[1]d", "1", "2"),
    p("arg_index_reuse", "%[1]d %[1]x %d", "10", "20"),
    p("arg_index_bad", "%[3]d", "1"),
    p("arg_index_zero", "%[0]d", "1"),
    p("arg_index_unclosed", "%[1d", "1"),
    p("star_width", "[%*d]", "5", "42"),
    p("star_width_negative", "[%*d]", "-5", "42"),
    p("star_precision", "%.*f", "2", "3.14159"),
    p("star_width_not_int", "%*d", '"x"', "1"),
    p("star_width_int64", "[%*d]", ".n", "1"),
    p("star_width_huge", "%*d", "10000000", "1"),
    p("star_missing", "%*d"),
    p("width_and_index", "[%[2]*[1]d]", "7", "4"),
    p("flags_combined", "[%-+08d]", "42"),
    p("sharp_v_string_list", "%#v", '(slice .strs 0 1)'),
    p("no_verbs_no_args", "plain"),
]

TYPING = [
    ("format_not_string_literal", "{{printf 1}}", D),
    ("format_int64", "{{printf .n}}", D),
    ("format_nil", "{{printf .none}}", D),
    ("format_from_pipeline", '{{"%s!" | printf}}', D),
    ("format_pipeline_arg_last", '{{"y" | printf "%s%s" "x"}}', D),
    ("sprintf_of_helpers", '{{printf "%s/%s" workspace_host user_name}}', D),
]

CASES = STRINGS + INTEGERS + FLOATS + VALUES + TYPES + MARKERS + TYPING
