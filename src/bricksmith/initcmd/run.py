"""The `init` pipeline, in the CLI's order of operations (§1), shared by the CLI and `render`.

resolve the template → load the schema → resolve `template_dir` → template-layer schema checks
→ given values → parse libraries → welcome message → prompts or defaults → final validation →
render everything in memory → check and write → success message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Sequence

from . import config, messages, reader, schema as schema_module, writer
from .errors import InitError
from .formats import resolve_format
from .prompt import Terminal, prompt_for_values
from .renderer import LibraryDir, Renderer
from .workspace import WorkspaceFacts


@dataclass
class InitRequest:
    """Everything one `init` needs; `config` (a dict) is the Python API's alternative to a file."""

    template_path: str | None = None
    output_dir: str = "."
    config_file: str | None = None
    config: dict | None = None
    template_dir: str = ""
    tag: str = ""
    branch: str = ""
    libraries: Sequence[str] = ()
    facts: WorkspaceFacts = field(default_factory=WorkspaceFacts)


@dataclass
class InitResult:
    written: list[str]  # relative paths of the files written, sorted
    success_message: str


def check_bundle_uuid(value: str) -> None:
    """`--bundle-uuid` is written into the project as given: it must be a canonical UUID."""
    from .helpers import is_canonical_uuid

    if not is_canonical_uuid(value):
        from ..gotemplate.fmt import quote

        raise InitError(
            f"invalid --bundle-uuid {quote(value)}: expected a UUID of the form "
            "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits)"
        )


def _libraries(request: InitRequest, files_root: str) -> list[LibraryDir]:
    extra = [LibraryDir(os.path.abspath(d), d.rstrip("/") or d, required=True) for d in request.libraries]
    return extra + [LibraryDir(os.path.join(files_root, "library"), "library")]


def run(
    request: InitRequest,
    *,
    terminal: Terminal | None = None,
    log: Callable[[str], None] = lambda text: None,
    warn: Callable[[str], None] = lambda text: None,
) -> InitResult:
    """Run `init`; with a terminal, unset values are asked for, otherwise defaults are used.

    `warn` receives bricksmith's own warnings (the CLI has none), e.g. for a config file key that
    is not a property of the template.
    """
    reader.check_git_options(
        request.template_path, template_dir=request.template_dir, tag=request.tag, branch=request.branch
    )
    check_bundle_uuid(request.facts.bundle_uuid)
    source = reader.resolve(
        request.template_path, template_dir=request.template_dir, tag=request.tag, branch=request.branch
    )
    with source:
        output_dir = os.path.abspath(request.output_dir or ".")
        schema = schema_module.load(source.root)
        files_root = reader.template_files_root(source.root, schema)
        schema_module.validate_for_template(schema)

        if request.config_file:
            values = config.load_config_file(schema, request.config_file, warn=warn)
        elif request.config is not None:
            values = config.load_config_dict(schema, request.config)
        else:
            values = {}

        facts = request.facts
        renderer = Renderer(files_root, _libraries(request, files_root), facts, values)
        welcome = messages.welcome_message(schema.welcome_message, renderer.execute)
        if welcome is not None:
            log(welcome)

        if terminal is not None:
            prompt_for_values(
                schema, values, renderer.execute, terminal, lambda fmt, pick: resolve_format(fmt, facts, pick)
            )
        else:
            config.assign_defaults(schema, values, renderer.execute, lambda fmt: resolve_format(fmt, facts))
        config.validate_final(schema, values)

        tree = renderer.walk()
        plan = writer.plan_writes(tree, output_dir)
        writer.write(plan, output_dir)
        success = messages.success_message(schema.success_message, renderer.execute)
        log(success)
        return InitResult(writer.written_paths(plan), success)
