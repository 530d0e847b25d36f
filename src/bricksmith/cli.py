"""The `bricksmith` command line.

Each subcommand is a pair of functions: `add_<name>_arguments(parser)` declares its options and
`run_<name>(args) -> int` runs it.  To add a subcommand, write the pair and register it in
`SUBCOMMANDS` as a `Subcommand`.  Errors are printed as `Error: <message>` on stderr with exit code 1, as the
Databricks CLI does.  Heavy modules are imported inside the `run_*` functions so that `--help`
and startup stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from typing import Callable

from . import __version__

INIT_DESCRIPTION = """\
Initialize a project from a Databricks Asset Bundle template, exactly as
`databricks bundle init` (Databricks CLI v1.13.0) would, without a workspace
connection.

TEMPLATE_PATH is one of:
  - nothing: bricksmith's own MLOps template (--template-dir, --tag and
    --branch are then errors: they apply only to a Git TEMPLATE_PATH)
  - a local directory holding databricks_template_schema.json (--template-dir,
    --tag and --branch are ignored, as by the CLI)
  - a Git repository URL (https://, ssh:// or git@), cloned with the system git

Values come from --config-file, then from each property's default (or from
prompts when stdin and stderr are a terminal). Config file keys that are not
properties of the template are ignored, with a warning on stderr. Nothing is
written unless every file rendered and no output file already exists."""

INIT_EPILOG = """\
where workspace facts come from:
  Helpers such as user_name, short_name, default_catalog and workspace_host
  read the workspace. Give them with the flags above; a fact that is needed but
  not given is asked from Databricks authentication (DATABRICKS_HOST and
  friends, or a ~/.databrickscfg profile) through the Databricks SDK.

examples:
  bricksmith init --output-dir /tmp/demo
  bricksmith init ./my-template --config-file values.json -o json
  bricksmith init https://github.com/org/templates --template-dir mlops --tag v1.2.0"""


def add_init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("template_path", nargs="?", metavar="TEMPLATE_PATH", help="template to use (see above)")
    parser.add_argument(
        "--config-file", metavar="FILE",
        help="JSON file of input values; properties it sets are not asked for",
    )
    parser.add_argument(
        "--output-dir", metavar="DIR", default=".",
        help="directory to write the project into (default: the current directory)",
    )
    parser.add_argument(
        "--template-dir", metavar="DIR", default="",
        help="directory inside the Git repository that holds the template (Git TEMPLATE_PATH only)",
    )
    parser.add_argument("--tag", default="", help="Git tag to clone (Git TEMPLATE_PATH only; not with --branch)")
    parser.add_argument("--branch", default="", help="Git branch to clone (Git TEMPLATE_PATH only; not with --tag)")
    parser.add_argument(
        "-o", "--output", choices=("text", "json"), default="text",
        help='"json" also prints {"outputs": [written files]} on stdout',
    )
    parser.add_argument(
        "--library", metavar="DIR", action="append", default=[],
        help="extra directory of template definitions, parsed before the template's own library/ "
        "(where the CLI parses its shared library); repeatable",
    )
    facts = parser.add_argument_group("workspace facts")
    facts.add_argument("--workspace-host", metavar="URL", help="the workspace (workspace_host, smallest_node_type)")
    facts.add_argument("--user-name", metavar="NAME", help="the user (user_name, short_name, is_service_principal)")
    facts.add_argument("--default-catalog", metavar="NAME", help='the default Unity Catalog catalog ("" for none)')
    facts.add_argument(
        "--bundle-uuid", metavar="UUID",
        help="the value of bundle_uuid, a UUID in the canonical 8-4-4-4-12 form (default: random, one per run)",
    )


def run_init(args: argparse.Namespace) -> int:
    from .initcmd import messages
    from .initcmd.prompt import Terminal, prompt_capable
    from .initcmd.run import InitRequest, run
    from .initcmd.workspace import WorkspaceFacts

    facts = WorkspaceFacts(
        workspace_host=args.workspace_host,
        user_name=args.user_name,
        default_catalog=args.default_catalog,
    )
    if args.bundle_uuid is not None:
        facts.bundle_uuid = args.bundle_uuid  # checked by run(): a canonical UUID
    request = InitRequest(
        template_path=args.template_path,
        output_dir=args.output_dir,
        config_file=args.config_file,
        template_dir=args.template_dir,
        tag=args.tag,
        branch=args.branch,
        libraries=args.library,
        facts=facts,
    )
    terminal = Terminal() if prompt_capable() else None

    def log(text: str) -> None:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    result = run(request, terminal=terminal, log=log, warn=log)
    if args.output == "json":
        sys.stdout.write(messages.outputs_json(result.written) + "\n")
    return 0


CHECK_DESCRIPTION = """\
Validate a generated project (or any bundle repository) the way Databricks and
the CI platforms would: bundle files against the official bundle JSON schema and
the databricks-bundles resource models, bundle semantics `bundle validate`
enforces, GitHub Actions / Azure DevOps / GitLab CI files, Python code, Markdown
links and template residue.

Prints one line per problem, `path:line: rule-id: message`, then a summary.
Exits 1 when there is any problem, 0 otherwise. Rules that cannot run (no bundle
schema, a validator not installed) are listed as "not run", never passed."""

CHECK_EPILOG = """\
bundle schema source, in order:
  --bundle-schema FILE, the DATABRICKS_BUNDLE_SCHEMA environment variable, the
  output of `databricks bundle schema` when the Databricks CLI is on PATH.

Every rule, with an example problem and its fix: docs/check.md.

examples:
  bricksmith check my_mlops_project
  bricksmith check . --bundle-schema schema.json -o json"""


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project_dir", metavar="PROJECT_DIR", help="directory to check")
    parser.add_argument(
        "--bundle-schema", metavar="FILE",
        help="the bundle JSON schema (`databricks bundle schema` output) to validate against",
    )
    parser.add_argument(
        "-o", "--output", choices=("text", "json"), default="text",
        help="problem lines and a summary (text), or one JSON document (json)",
    )


def run_check(args: argparse.Namespace) -> int:
    from .check import Checker
    from .initcmd.errors import InitError

    if not os.path.isdir(args.project_dir):
        raise InitError(f"{args.project_dir}: not a directory")
    if args.bundle_schema and not os.path.isfile(args.bundle_schema):
        raise InitError(f"--bundle-schema {args.bundle_schema}: no such file")
    report = Checker(bundle_schema=args.bundle_schema).check(args.project_dir)
    if args.output == "json":
        sys.stdout.write(report.as_json())
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        sys.stdout.write(report.as_text(color=color))
    return 0 if report.ok else 1


@dataclass(frozen=True)
class Subcommand:
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str = ""
    epilog: str = ""


SUBCOMMANDS: dict[str, Subcommand] = {
    "init": Subcommand(
        "initialize a project from a bundle template", add_init_arguments, run_init, INIT_DESCRIPTION, INIT_EPILOG
    ),
    "check": Subcommand(
        "validate a generated project", add_check_arguments, run_check, CHECK_DESCRIPTION, CHECK_EPILOG
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bricksmith",
        description="An offline, byte-exact `databricks bundle init`, and the MLOps template it ships.",
    )
    parser.add_argument("--version", action="version", version=f"bricksmith {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in SUBCOMMANDS.items():
        sub = commands.add_parser(
            name, help=command.help, description=command.description, epilog=command.epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    from .initcmd.errors import InitError

    try:
        if extra:
            if any(arg.startswith("-") for arg in extra):
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
            # the CLI takes at most one positional argument
            raise InitError(f"accepts at most 1 arg(s), received {len(extra) + 1}")
        return args.run(args)
    except InitError as err:
        sys.stderr.write(f"Error: {err}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
