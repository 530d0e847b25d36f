"""Comparison builtins: eq/ne/lt/le/gt/ge across int, int64, uint8, float64, string, bool, nil and
the non-comparable kinds."""

from ._data import DATA
from ._gotypes import Int64, Uint8

D = dict(DATA, i64=Int64(5), big=Int64(2**62), u8b=Uint8(255), f2=2.0, s2="hello")

EQ = [
    ("eq_ints", "{{eq 1 1}} {{eq 1 2}}", D),
    ("eq_int64_vs_int_literal", "{{eq .n 5}}", D),
    ("eq_int64_vs_int", "{{eq .n .i}}", D),
    ("eq_int64_vs_int64", "{{eq .n .i64}}", D),
    ("eq_uint8_vs_int", "{{eq .u8 7}}", D),
    ("eq_uint8_vs_negative", "{{eq .u8 .neg}} {{eq .neg .u8}}", D),
    ("eq_uint8_max", "{{eq .u8b 255}}", D),
    ("eq_float", "{{eq .f 1.5}}", D),
    ("eq_float_vs_int_literal", "{{eq .f 1}}", D),
    ("eq_int_vs_float_literal", "{{eq 1 1.0}}", D),
    ("eq_float_integral", "{{eq .f2 2.0}}", D),
    ("eq_float_vs_int64", "{{eq .f2 .n}}", D),
    ("eq_strings", '{{eq "a" "a"}} {{eq .s .s2}} {{eq .s "Hello"}}', D),
    ("eq_string_vs_int", '{{eq "a" 1}}', D),
    ("eq_int_vs_string", '{{eq 1 "a"}}', D),
    ("eq_bools", "{{eq .t true}} {{eq .fa true}}", D),
    ("eq_bool_vs_int", "{{eq .t 1}}", D),
    ("eq_nil_nil", "{{eq .none .none}}", D),
    ("eq_nil_vs_int", "{{eq .none 1}}", D),
    ("eq_int_vs_nil", "{{eq 1 .none}}", D),
    ("eq_nil_literal", "{{eq .none nil}}", D),
    ("eq_string_vs_nil_literal", '{{eq "" nil}}', D),
    ("eq_lists", "{{eq .l .l}}", D),
    ("eq_maps", "{{eq .m .m}}", D),
    ("eq_typed_slices", "{{eq .strs .strs}}", D),
    ("eq_list_vs_nil", "{{eq .l .none}}", D),
    ("eq_multi_match_later", '{{eq "a" "b" "a"}}', D),
    ("eq_multi_no_match", "{{eq 1 2 3}}", D),
    ("eq_multi_stops_at_match", '{{eq 1 1 "x"}}', D),
    ("eq_multi_error_before_match", '{{eq 1 "x" 1}}', D),
    ("eq_one_arg", "{{eq 1}}", D),
    ("eq_no_args", "{{eq}}", D),
    ("eq_pairs", '{{eq (pair "a" 1) (pair "a" 1)}} {{eq (pair "a" 1) (pair "a" 2)}}', D),
    ("eq_pair_vs_string", '{{eq (pair "a" 1) "a"}}', D),
    ("eq_pairs_holding_lists", '{{eq (pair "a" .l) (pair "a" .l)}}', D),
    ("eq_unicode", '{{eq "é" "é"}} {{eq "é" "e\u0301"}}', D),
    ("eq_char_vs_byte", "{{eq (index .s 0) 'h'}}", D),
    ("eq_big_int64", "{{eq .big 4611686018427387904}}", D),
    ("eq_in_pipeline", '{{"a" | eq "a"}}', D),
    ("eq_urls", '{{eq (url "x") (url "x")}}', D),
]

NE = [
    ("ne_ints", "{{ne 1 2}} {{ne 1 1}}", D),
    ("ne_strings", '{{ne "a" "a"}} {{ne "a" "b"}}', D),
    ("ne_int64_vs_int", "{{ne .n 5}}", D),
    ("ne_three_args", "{{ne 1 2 3}}", D),
    ("ne_float_vs_int", "{{ne .f 1}}", D),
    ("ne_nil_vs_int", "{{ne .none 1}}", D),
    ("ne_lists", "{{ne .l .l}}", D),
    ("ne_bools", "{{ne .t .fa}}", D),
]

ORDER = [
    ("lt_ints", "{{lt 1 2}} {{lt 2 1}} {{lt 1 1}}", D),
    ("le_ints", "{{le 1 1}} {{le 2 1}}", D),
    ("gt_ge_ints", "{{gt 2 1}} {{ge 1 1}} {{ge 0 1}}", D),
    ("lt_int64_vs_int", "{{lt .n 6}} {{gt .n 6}}", D),
    ("lt_negative_vs_uint8", "{{lt .neg .u8}} {{lt .u8 .neg}} {{gt .u8 .neg}}", D),
    ("lt_floats", "{{lt .f 2.0}} {{ge .f 1.5}}", D),
    ("lt_float_vs_int", "{{lt .f 2}}", D),
    ("lt_int_vs_float", "{{lt 1 1.5}}", D),
    ("lt_strings_bytewise", '{{lt "B" "a"}} {{lt "a" "b"}} {{lt "ab" "a"}}', D),
    ("lt_strings_unicode", '{{lt "é" "z"}} {{lt "Z" "é"}}', D),
    ("lt_empty_string", '{{lt "" "a"}} {{gt .e ""}}', D),
    ("lt_bools", "{{lt .fa .t}}", D),
    ("lt_nil", "{{lt .none 1}}", D),
    ("lt_int_vs_nil", "{{lt 1 .none}}", D),
    ("lt_lists", "{{lt .l .l}}", D),
    ("lt_string_vs_int", '{{lt "a" 1}}', D),
    ("lt_three_args", '{{lt "a" "b" "c"}}', D),
    ("lt_one_arg", "{{lt 1}}", D),
    ("le_float_nan", '{{le .v .v}} {{eq .v .v}}', dict(D, v=float("nan"))),
    ("ge_int64_vs_uint8", "{{ge .n .u8}}", D),
    ("gt_big_vs_uint8", "{{gt .big .u8b}}", D),
    ("lt_char_constants", "{{lt 'a' 'b'}}", D),
    ("lt_pairs", '{{lt (pair "a" 1) (pair "b" 1)}}', D),
    ("le_strings_equal", '{{le "a" "a"}}', D),
    ("ge_in_if", "{{if ge .n 5}}big{{else}}small{{end}}", D),
    ("lt_len_result_vs_int64", "{{lt (len .l) .n}}", D),
]

CASES = EQ + NE + ORDER
