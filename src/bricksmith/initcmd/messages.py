"""What `init` tells the user: welcome and success messages (§4.7) and `-o json` output (§6.8)."""

from __future__ import annotations

from typing import Callable

DEFAULT_SUCCESS_MESSAGE = "✨ Successfully initialized template"


def welcome_message(template_text: str, execute: Callable[[str], str]) -> str | None:
    """The rendered welcome message, or None when the schema has none."""
    if not template_text:
        return None
    return execute(template_text)


def success_message(template_text: str, execute: Callable[[str], str]) -> str:
    if not template_text:
        return DEFAULT_SUCCESS_MESSAGE
    return execute(template_text)


def _json_string(s: str) -> str:
    """A JSON string as Go's encoding/json writes it (HTML-safe escapes, invalid UTF-8 as U+FFFD)."""
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif code < 0x20 or ch in "<>&" or code in (0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def outputs_json(paths: list[str]) -> str:
    """`{"outputs": [...]}` indented by two spaces; `null` when no file was written."""
    if not paths:
        return '{\n  "outputs": null\n}'
    items = ",\n".join(f"    {_json_string(p)}" for p in paths)
    return '{\n  "outputs": [\n' + items + "\n  ]\n}"
