"""Shared dots for the corpus: one value of every kind a template meets, config-like ints int64."""

from ._gotypes import GoSlice, Int64, Pair, Uint8

DATA = {
    "s": "hello",
    "e": "",
    "n": Int64(5),
    "z": Int64(0),
    "neg": Int64(-3),
    "i": 5,  # a Go int, as random_int or len return
    "u8": Uint8(7),
    "f": 1.5,
    "fz": 0.0,
    "t": True,
    "fa": False,
    "none": None,
    "l": ["a", "b", "c"],
    "el": [],
    "nums": [Int64(1), Int64(2), Int64(3)],
    "m": {"a": Int64(1), "b": "two"},
    "em": {},
    "nested": {"x": {"y": "deep"}},
    "lm": [{"a": "first"}, {"a": "second"}],
    "strs": GoSlice(["x", "y"], elem="string"),
    "nilstrs": GoSlice(elem="string", nil=True),
    "p": Pair("k", Int64(1)),
    "bad": "caf\udce9",  # Latin-1 bytes: not UTF-8
    "uni": "héllo wörld ✓",
}
