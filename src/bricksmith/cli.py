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
from pathlib import Path
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
Validate a Databricks Asset Bundle project (a generated one, or any bundle
repository) the way Databricks and the CI platforms would, offline: bundle files
against the official bundle JSON schema and the databricks-bundles resource
models, the checks of `databricks bundle validate`, GitHub Actions / Azure
DevOps / GitLab CI files, Python code, Markdown links and template residue.

Prints one line per problem, `path:line: rule-id: message` (`warning: ` before
the message of a warning), then a summary. Errors are what would fail a deploy
or run, or silently behave differently from what was written; warnings are
style or likely mistakes that Databricks accepts.

exit status:
  0  no errors (warnings allowed unless --strict)
  1  errors, or warnings under --strict
  2  the check could not run: no such directory, no databricks.yml (a
     repository with CI/CD files but no bundle yet is checked without the
     bundle rules), an unreadable bundle schema, bad settings; or, with
     --require-all-rules, a rule could not run (a validator missing, no bundle
     schema, no bundle yet)"""

CHECK_EPILOG = """\
bundle schema source, in order:
  --bundle-schema FILE, the DATABRICKS_BUNDLE_SCHEMA environment variable, the
  output of `databricks bundle schema` when the Databricks CLI is on PATH. With
  none, the bundle-schema rule is "not run" and the summary says the check is
  incomplete.

what is not checked:
  files ignored by the project's .gitignore files, virtual environments (any
  directory with pyvenv.cfg), tool directories (.git, node_modules, caches),
  and --exclude patterns. Silence one finding with a comment on its line,
  `# bricksmith: ignore[rule-id]`, or a whole file's with
  `# bricksmith: ignore-file[rule-id]`.

settings: the same options under [tool.bricksmith.check] in the project's
pyproject.toml (exclude, ignore, per-file-ignores, strict, require-all-rules,
respect-gitignore). Every rule, with an example and its fix: `bricksmith check
--explain RULE`, and docs/check.md in the bricksmith repository.

examples:
  bricksmith check my_mlops_project
  bricksmith check . --strict --require-all-rules --bundle-schema schema.json
  bricksmith check . --exclude 'legacy/' --ignore yaml-float-version -o json"""


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project_dir", metavar="PROJECT_DIR", nargs="?",
        help="directory to check (default: the nearest directory at or above the current one "
        "that holds databricks.yml, else the current directory)",
    )
    parser.add_argument(
        "--bundle-schema", metavar="FILE",
        help="the bundle JSON schema (`databricks bundle schema` output) to validate against",
    )
    parser.add_argument(
        "-o", "--output", choices=("text", "json"), default="text",
        help="problem lines and a summary (text), or one JSON document (json)",
    )
    parser.add_argument(
        "--strict", action=argparse.BooleanOptionalAction, default=None,
        help="warnings fail the check too (--no-strict overrides a `strict = true` setting)",
    )
    parser.add_argument(
        "--require-all-rules", action=argparse.BooleanOptionalAction, default=None,
        help="fail (exit status 2) when a rule could not run, instead of passing an incomplete check",
    )
    parser.add_argument(
        "--exclude", metavar="PATTERN", action="append", default=[],
        help="do not report problems in files matching a .gitignore-style pattern (relative to "
        "PROJECT_DIR); repeatable",
    )
    parser.add_argument(
        "--ignore", metavar="RULE", action="append", default=[],
        help="do not report a rule (comma-separated ids allowed); repeatable",
    )
    parser.add_argument(
        "--respect-gitignore", action=argparse.BooleanOptionalAction, default=None,
        help="skip files that .gitignore files ignore (the default; --no-respect-gitignore checks them)",
    )
    parser.add_argument("--list-rules", action="store_true", help="list every rule id with its severity, and exit")
    parser.add_argument("--explain", metavar="RULE", help="print a rule's documentation (what it checks, an example, the fix), and exit")


def _default_project_dir() -> str:
    """The nearest directory at or above the current one holding a bundle, as the Databricks
    CLI finds its bundle root; else the current directory."""
    from .check.project import BUNDLE_FILES

    here = os.path.abspath(os.getcwd())
    for directory in [here, *map(str, Path(here).parents)]:
        if any(os.path.isfile(os.path.join(directory, name)) for name in BUNDLE_FILES):
            return directory
    return here


def _explain(rule_id: str, output: str) -> int:
    import difflib
    import json

    from .check.rules import ALL_RULES

    rules = {rule.id: rule for rule in ALL_RULES}
    rule = rules.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, list(rules), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        sys.stderr.write(f"Error: unknown rule '{rule_id}'{hint}; `bricksmith check --list-rules` lists them\n")
        return 2
    if output == "json":
        sys.stdout.write(json.dumps(rule.__dict__, indent=2) + "\n")
        return 0
    mirrors = rule.mirrors or "nothing: it goes beyond `bundle validate`"
    sys.stdout.write(
        f"{rule.id} ({rule.severity}, {rule.family})\n\n{rule.summary}\n\nMirrors: {mirrors}\n\n"
        f"Example:\n  {rule.example}\n\nFix: {rule.fix}\n"
    )
    return 0


def run_check(args: argparse.Namespace) -> int:
    import json

    from .check import Checker, CheckError, Options

    if args.list_rules:
        from .check.rules import ALL_RULES

        if args.output == "json":
            rows = [{"id": r.id, "severity": r.severity, "family": r.family, "mirrors": r.mirrors} for r in ALL_RULES]
            sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        else:
            for rule in ALL_RULES:
                sys.stdout.write(f"{rule.id:34} {rule.severity:8} {rule.family}\n")
        return 0
    if args.explain:
        return _explain(args.explain, args.output)

    def fail(message: str) -> int:
        # Exit status 2: the check could not run. JSON readers get a document too.
        sys.stderr.write(f"Error: {message}\n")
        if args.output == "json":
            sys.stdout.write(json.dumps({"ok": False, "exit_status": 2, "error": message}, indent=2) + "\n")
        return 2

    project_dir = args.project_dir or _default_project_dir()
    options = Options(
        bundle_schema=args.bundle_schema,
        strict=args.strict,
        require_all_rules=args.require_all_rules,
        exclude=tuple(args.exclude),
        ignore=tuple(rule.strip() for value in args.ignore for rule in value.split(",") if rule.strip()),
        respect_gitignore=args.respect_gitignore,
    )
    try:
        report = Checker(options=options).check(project_dir)
    except CheckError as err:
        return fail(str(err))
    except Exception as err:  # a bug of ours: one line and a way to see the rest, not a traceback
        if os.environ.get("BRICKSMITH_DEBUG"):
            raise
        return fail(f"internal error ({type(err).__name__}: {err}); please report it, with the "
                    "traceback that BRICKSMITH_DEBUG=1 shows")
    if args.output == "json":
        sys.stdout.write(report.as_json())
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        sys.stdout.write(report.as_text(color=color))
    return report.exit_status


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
