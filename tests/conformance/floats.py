"""Float printing: Go's %v (shortest round-trip digits, exponent form below 1e-4 and from 1e21
up... as Go decides), from config-like data and from literals."""

import sys

FLOATS = {
    "integral": 123.0,
    "one_point_one": 1.1,
    "below_million": 999999.0,
    "fraction_six_digits": 123456.7,
    "million": 1000000.0,
    "million_fraction": 1234567.8,
    "eight_digits": 12345678.0,
    "small": 0.0001234,
    "smaller": 0.00001,
    "ten_thousandth": 0.0001,
    "e20": 1e20,
    "e21": 1e21,
    "e15": 1e15,
    "e16": 1e16,
    "big_digits": 123456789012345680.0,
    "negative_zero": -0.0,
    "max": sys.float_info.max,
    "min_normal": sys.float_info.min,
    "min_subnormal": 5e-324,
    "nan": float("nan"),
    "inf": float("inf"),
    "neg_inf": float("-inf"),
    "point_three": 0.1 + 0.2,
    "third": 1 / 3,
    "two_thirds": 2 / 3,
    "negative": -1.5,
    "negative_small": -1e-7,
    "thirty_millionths": 3.0e-5,
    "hundred_thousand": 100000.0,
    "almost_million": 999999.9999,
    "pi": 3.141592653589793,
    "e_minus_5_fraction": 1.5e-5,
}

FROM_DATA = [(f"data_{name}", "{{.v}}", {"v": value}) for name, value in FLOATS.items()]
PRINT_FUNC = [(f"print_{name}", "{{print .v}}", {"v": value}) for name, value in FLOATS.items()]

LITERALS = [
    ("literal_one_point_zero", "{{1.0}}", {}),
    ("literal_exponent", "{{1e3}} {{1e6}} {{1e21}}", {}),
    ("literal_tenth", "{{0.1}}", {}),
    ("literal_small", "{{1e-5}} {{0.0001}}", {}),
    ("literal_negative_zero", "{{-0.0}}", {}),
    ("literal_fraction", "{{123456.7}}", {}),
    ("literal_hex_float", "{{0x1p-2}} {{0x1.fffffffffffffp1023}}", {}),
    ("literal_int_valued_float_type", '{{printf "%T" 2.0}}', {}),
    ("literal_in_map_helper", '{{map (pair "x" 12.3)}}', {}),
    ("literal_print_two", "{{print 1.5 2.5}}", {}),
    ("literal_printf_v", '{{printf "%v" 1e6}}', {}),
    ("literal_many_digits", "{{3.14159265358979323846}}", {}),
    ("literal_rounds_to_int", "{{0.99999999999999999999}}", {}),
    ("literal_underscore", "{{1_234.5_6}}", {}),
    ("float_in_list", "{{.v}}", {"v": [0.5, 1e21, -0.0]}),
    ("float_map_value", "{{.v}}", {"v": {"f": 1e-7}}),
]

CASES = FROM_DATA + PRINT_FUNC + LITERALS
