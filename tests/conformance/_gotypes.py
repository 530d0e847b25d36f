"""The Go value types the corpus uses, from bricksmith.gotemplate.gotypes.

While the engine package cannot be imported yet (it is being written), gotypes.py is loaded on
its own so the corpus still runs against goref; the engine-side tests skip in that case anyway.
"""

import importlib.util
import sys
from pathlib import Path

try:
    from bricksmith.gotemplate.gotypes import GoSlice, Int64, Pair, Uint8
except ImportError:  # pragma: no cover - only before the engine lands
    _path = Path(__file__).resolve().parents[2] / "src" / "bricksmith" / "gotemplate" / "gotypes.py"
    _spec = importlib.util.spec_from_file_location("_conformance_gotypes", _path)
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[_spec.name] = _module  # dataclasses look their module up
    _spec.loader.exec_module(_module)
    GoSlice, Int64, Pair, Uint8 = _module.GoSlice, _module.Int64, _module.Pair, _module.Uint8

__all__ = ["GoSlice", "Int64", "Pair", "Uint8"]
