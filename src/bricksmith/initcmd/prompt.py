"""Interactive filling of template values (§4.4), and when it applies (§4.3).

Prompting happens only on a prompt-capable terminal: stdin and stderr are terminals, `NO_COLOR`
is unset or empty, `TERM` is not `dumb`, and this is not Git Bash.  Every prompt goes to stderr.
Text prompts read a line (`description [default]: `; an empty answer takes the default); `enum`
properties get a picker driven by the arrow keys (or j/k) and Enter.  An answer that does not
parse or validate is reported as `Validation failed: ...` and asked again.

Two CLI behaviours would ask forever and are errors here instead: a value that comes from a
`format` resolver (it cannot change on a retry), and a top-level `required` naming a property
that is not the one being asked.
"""

from __future__ import annotations

import os
import sys
from typing import Callable

from . import config
from .errors import InitError
from .govalues import STRING, ConversionError, parse_string, to_string
from .schema import Schema


def prompt_capable(stdin=None, stderr=None, environ=None) -> bool:
    stdin = stdin or sys.stdin
    stderr = stderr or sys.stderr
    environ = os.environ if environ is None else environ
    try:
        ttys = stdin.isatty() and stderr.isatty()
    except (AttributeError, ValueError):
        return False
    if not ttys or environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    return not (sys.platform == "win32" and environ.get("MSYSTEM"))  # Git Bash


class Terminal:
    """Line prompts and a picker on a terminal (stdin for keys, stderr for display)."""

    def __init__(self, stdin=None, stderr=None):
        self.stdin = stdin or sys.stdin
        self.stderr = stderr or sys.stderr

    def log(self, text: str) -> None:
        self.stderr.write(text + "\n")
        self.stderr.flush()

    def ask(self, label: str, default: str) -> str:
        self.stderr.write(f"{label} [{default}]: " if default else f"{label}: ")
        self.stderr.flush()
        line = self.stdin.readline()
        if not line:
            raise InitError("EOF")
        answer = line.rstrip("\n").rstrip("\r")
        return answer if answer else default

    def select(self, description: str, options: list[str]) -> int:
        """Index of the option chosen with the arrow keys; the cursor starts on the first one."""
        *intro, label = description.split("\n")
        for line in intro:
            self.log(line)
        return _Picker(self.stdin, self.stderr, label, options).run()


class _Picker:
    UP = ("\x1b[A", "\x1bOA", "k", "\x10")  # arrow, application-mode arrow, vi key, Ctrl-P
    DOWN = ("\x1b[B", "\x1bOB", "j", "\x0e")

    def __init__(self, stdin, out, label: str, options: list[str]):
        self.fd = stdin.fileno()
        self.out = out
        self.label = label
        self.options = options
        self.cursor = 0

    def _draw(self, first: bool) -> None:
        if not first:
            self.out.write(f"\x1b[{len(self.options)}A")
        for i, option in enumerate(self.options):
            marker = "> " if i == self.cursor else "  "
            self.out.write(f"\r\x1b[2K{marker}{option}\n")
        self.out.flush()

    def _key(self) -> str:
        import select

        key = os.read(self.fd, 1).decode("utf-8", "replace")
        if key == "\x1b":
            # an arrow key sends ESC [ A: read the rest if it is already there
            while len(key) < 3 and select.select([self.fd], [], [], 0.05)[0]:
                key += os.read(self.fd, 1).decode("utf-8", "replace")
        return key

    def run(self) -> int:
        import termios
        import tty

        saved = termios.tcgetattr(self.fd)
        self.out.write(f"{self.label}\n\x1b[?25l")
        try:
            tty.setcbreak(self.fd, termios.TCSANOW)  # keep keys typed ahead
            self._draw(first=True)
            while True:
                key = self._key()
                if key in ("\r", "\n"):
                    break
                if key == "\x03":
                    raise KeyboardInterrupt
                if key in self.UP and self.cursor > 0:
                    self.cursor -= 1
                elif key in self.DOWN and self.cursor < len(self.options) - 1:
                    self.cursor += 1
                else:
                    continue
                self._draw(first=False)
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
            self.out.write("\x1b[?25h")
            self.out.flush()
        # replace label and list by the answer
        self.out.write(f"\x1b[{len(self.options) + 1}A\r\x1b[J{self.label}: {self.options[self.cursor]}\n")
        self.out.flush()
        return self.cursor


def _skip_prompt(name: str, prop: Schema, values: dict, execute: Callable[[str], str]) -> bool:
    """Assign the default without asking when `skip_prompt_if` matches the values so far."""
    if prop.skip_prompt_if is None or not config.matches(prop.skip_prompt_if, values):
        return False
    if prop.default is None:
        raise InitError(f"property {name} has skip_prompt_if set but no default value")
    # A string default is rendered (and not parsed again); others are taken as they are.
    values[name] = execute(prop.default) if prop.type == STRING else prop.default
    return True


def _ask_once(prop: Schema, description: str, default: str, terminal: Terminal, resolve_format) -> str:
    if prop.format:
        return resolve_format(prop.format, lambda names: terminal.select(description, names))
    if prop.enum is not None:
        try:
            options = [to_string(v, prop.type) for v in prop.enum]
        except ConversionError as err:
            raise InitError(str(err)) from None
        return options[terminal.select(description, options)]
    return terminal.ask(description, default)


def prompt_for_values(
    schema: Schema,
    values: dict,
    execute: Callable[[str], str],
    terminal: Terminal,
    resolve_format: Callable,
) -> None:
    """Ask for every property without a value, in property order."""
    for name, prop in schema.ordered_properties():
        if name in values or _skip_prompt(name, prop, values, execute):
            continue
        default = execute(config.default_string(prop)) if prop.default is not None else ""
        description = execute(prop.description)
        while True:
            answer = _ask_once(prop, description, default, terminal, resolve_format)
            try:
                values[name] = parse_string(answer, prop.type)
                config.validate_instance(schema, values, closed=True)
                break
            except (ConversionError, config.ValidationError) as err:
                if prop.format:
                    raise InitError(f"invalid value for {name} from format {prop.format}: {err}") from None
                message = str(err)
                required = "no value provided for required property "
                if message.startswith(required) and message[len(required):] != name:
                    raise InitError(f"validation for template input parameters failed. {message}") from None
                terminal.log(f"Validation failed: {message}")
