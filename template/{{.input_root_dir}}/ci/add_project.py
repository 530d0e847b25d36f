"""Add a project's CI/CD to this repository: its pipelines, made from the blueprints in ci/blueprints.

Usage (from anywhere; paths are relative to the repository root):

    python ci/add_project.py NAME [--project-dir DIR] [--force]
    python ci/add_project.py NAME [--project-dir DIR] --open-pr [--base BRANCH]

NAME is the project's bundle name (`bundle.name` in DIR/databricks.yml); DIR is the project's
folder at the repository root (default: NAME), as `databricks bundle init` wrote it with the
Project_Only setup. The script checks that DIR/databricks.yml exists, names the bundle NAME and
declares the targets test, staging and prod. Then it copies every file under ci/blueprints/ to
the same path at the repository root, with @@PROJECT_NAME@@ and @@PROJECT_DIR@@ replaced by NAME
and DIR in file paths and contents.

A file that is already there with the same content is left as it is (the project is already
wired); one with different content stops the script, unless --force overwrites it. A NAME whose
files would land on one of the repository's own files (those it has from the template and that are
not made from the blueprints: the add-a-project pipeline, .gitlab-ci.yml, the scripts in ci/,
...; for instance NAME add-project on GitLab, whose pipeline would be
.gitlab/pipelines/add-project.yml) is refused, with or without --force: rename the bundle. Nothing
is written unless every check passed, and each file is written whole (a temporary file, renamed).

--open-pr (in the add-a-project pipeline): then also `git switch -c add-project/NAME`, `git add`
the written files, `git commit`, `git push origin add-project/NAME`, and open a pull request
(merge request) into --base, by default the repository's default branch, through the API of the
platform the job runs on:

    GitHub Actions  GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN (contents: write and
                    pull-requests: write); default branch from the event (GITHUB_EVENT_PATH)
    Azure Pipelines SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_ID,
                    SYSTEM_ACCESSTOKEN; default branch: the branch the run is for (BUILD_SOURCEBRANCH)
    GitLab CI       CI_API_V4_URL, CI_PROJECT_ID, GITLAB_API_TOKEN (api scope); CI_DEFAULT_BRANCH

`git push` uses the credentials git is given by the pipeline (the checkout's).

Exit status: 0 when the files are in place (and, with --open-pr, the pull request is open);
1 when a check failed (nothing written) or git or the platform's API failed; 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

NAME = re.compile(r"^[a-z][a-z0-9_-]{1,62}$")
DIR = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
NAME_TOKEN = b"@@PROJECT_NAME@@"
DIR_TOKEN = b"@@PROJECT_DIR@@"
REQUIRED_TARGETS = ("test", "staging", "prod")
BLUEPRINTS = Path("ci") / "blueprints"
BOT_NAME = "bricksmith-ci"
BOT_EMAIL = "bricksmith-ci@users.noreply.github.com"
TIMEOUT = 30
# The repository's own files, from the template, that the blueprints do not make: no project's file
# may take their place (whatever --force says). Everything under ci/blueprints/ is the repository's too.
REPOSITORY_FILES = {
    ".github/workflows/add-project.yml": "the add-a-project workflow",
    ".azure/devops-pipelines/add-project.yml": "the add-a-project pipeline",
    ".gitlab/pipelines/add-project.yml": "the add-a-project pipeline",
    ".gitlab-ci.yml": "the root pipeline",
    ".gitlab/ci-image/Dockerfile": "the CI image",
    "ci/add_project.py": "the add-a-project script",
    "ci/pr_comment.py": "the pull request comment script",
    "README.md": "the repository's README",
    ".gitignore": "the repository's .gitignore",
    "docs/mlops-setup.md": "the setup guide",
    "docs/ml-pull-request.md": "the pull request guide",
}
KEY_LINE = re.compile(
    r"""^(?P<indent>\s*)(?P<quote>["']?)(?P<key>[^"'#:\s][^"'#:]*?)(?P=quote)\s*:(?:\s+(?P<rest>.*))?$"""
)


class Refused(Exception):
    """A check failed or a command went wrong; the message says what and what to do."""


# --- databricks.yml, read lightly (no YAML library: this script uses the standard library only) --


def _blocks(text: str) -> dict[str, list[tuple[int, str, str]]]:
    """{top-level key: [(indent, key, rest) of each key line nested under it]}."""
    blocks: dict[str, list[tuple[int, str, str]]] = {}
    current = None
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#") or raw.strip() in ("---", "..."):
            continue
        match = KEY_LINE.match(raw.rstrip())
        indent = len(raw) - len(raw.lstrip())
        if indent == 0:
            current = match.group("key") if match else None
            if current is not None:
                blocks.setdefault(current, [])
                rest = (match.group("rest") or "").strip()
                if rest and not rest.startswith("#"):
                    blocks[current].append((-1, "", rest))  # a value on the key's own line
        elif current is not None and match:
            blocks[current].append((indent, match.group("key"), (match.group("rest") or "").strip()))
    return blocks


def _children(entries: list[tuple[int, str, str]]) -> dict[str, str]:
    """The keys one level below a top-level key, with their values."""
    nested = [entry for entry in entries if entry[0] >= 0]
    if not nested:
        return {}
    level = min(indent for indent, _, _ in nested)
    return {key: rest for indent, key, rest in nested if indent == level}


def _scalar(value: str) -> str:
    """A plain, single- or double-quoted YAML scalar, without a trailing comment."""
    value = value.strip()
    if value.startswith('"'):
        try:
            decoded, _ = json.JSONDecoder().raw_decode(value)
            return str(decoded)
        except ValueError:
            return value.strip('"')
    if value.startswith("'"):
        end = value.find("'", 1)
        while end != -1 and value[end + 1:end + 2] == "'":
            end = value.find("'", end + 2)
        return value[1:end].replace("''", "'") if end != -1 else value.strip("'")
    return re.split(r"\s+#", value, maxsplit=1)[0].strip()


def check_bundle(root: Path, name: str, project_dir: str) -> None:
    """DIR/databricks.yml exists, names the bundle NAME and declares test, staging and prod."""
    path = root / project_dir / "databricks.yml"
    shown = f"{project_dir}/databricks.yml"
    if not path.is_file():
        hint = "" if (root / project_dir).is_dir() else f" (there is no folder {project_dir!r} at {root})"
        raise Refused(
            f"{shown} not found{hint}. --project-dir must name the project's folder at the repository root, "
            "where `databricks bundle init` (setup Project_Only) wrote its databricks.yml."
        )
    try:
        blocks = _blocks(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise Refused(f"cannot read {shown}: {err}") from None
    bundle = blocks.get("bundle")
    if bundle is None:
        raise Refused(f"{shown} has no top-level `bundle:` mapping: is it a Databricks Asset Bundle configuration?")
    found = _children(bundle).get("name")
    if found is None:
        raise Refused(f"{shown}: no `name:` under `bundle:` (write it as a block: `bundle:` then `  name: {name}`).")
    found = _scalar(found)
    if found != name:
        raise Refused(
            f"{shown} names the bundle {found!r}, not {name!r}. Pass the bundle's name as NAME "
            f"(python ci/add_project.py {found} --project-dir {project_dir}), or rename the bundle."
        )
    targets = _children(blocks.get("targets") or [])
    missing = [target for target in REQUIRED_TARGETS if target not in targets]
    if missing:
        raise Refused(
            f"{shown} does not declare the target(s) {', '.join(missing)} under `targets:`. The project's CI "
            "deploys `test` for its integration test and plans and deploys `staging` and `prod`."
        )


# --- the files ---------------------------------------------------------------------------------


@dataclass
class PlannedFile:
    path: Path  # the destination, under the repository root
    relative: str
    content: bytes
    mode: int
    state: str  # "new", "same" (already there) or "different"


def substitute(data: bytes, name: str, project_dir: str) -> bytes:
    return data.replace(NAME_TOKEN, name.encode()).replace(DIR_TOKEN, project_dir.encode())


def blueprint_files(root: Path) -> list[Path]:
    """The files under ci/blueprints/, in a stable order."""
    source = root / BLUEPRINTS
    if not source.is_dir():
        raise Refused(
            f"{BLUEPRINTS.as_posix()}/ not found under {root}: run this script from a repository created with "
            "the CICD_Only setup (or pass --repo-root)."
        )
    found = []
    for directory, folders, files in os.walk(source):
        folders[:] = sorted(folder for folder in folders if folder != "__pycache__")
        found += [Path(directory, file) for file in sorted(files)]
    if not found:
        raise Refused(f"{BLUEPRINTS.as_posix()}/ holds no files: nothing to add.")
    return found


def destination_of(root: Path, blueprint: Path, name: str, project_dir: str) -> str:
    """Where `blueprint` goes for this project: its path from the repository root, tokens filled in."""
    relative = blueprint.relative_to(root / BLUEPRINTS).as_posix()
    target = substitute(relative.encode(), name, project_dir).decode()
    if any(part in ("", ".", "..") for part in target.split("/")):
        raise Refused(f"blueprint {relative} would be written outside the repository ({target})")
    return target


def check_name_is_free(root: Path, name: str, project_dir: str) -> None:
    """No blueprint, filled in for this project, lands on one of the repository's own files."""
    owned = {path.lower(): what for path, what in REPOSITORY_FILES.items()}
    taken = []
    for blueprint in blueprint_files(root):
        target = destination_of(root, blueprint, name, project_dir)
        key = target.lower()  # case-insensitive file systems: Add-Project.yml is add-project.yml
        if key in owned:
            taken.append(f"{target} ({owned[key]})")
        elif key.startswith(BLUEPRINTS.as_posix().lower() + "/"):
            taken.append(f"{target} (a blueprint)")
    if taken:
        raise Refused(
            f"the project name {name!r} cannot be used in this repository: its CI files would replace the "
            f"repository's own {', '.join(taken)}. Nothing was written, and --force does not change that. "
            f"Rename the project: bundle.name in {project_dir}/databricks.yml (and run this script with the new "
            "name)."
        )


def plan_files(root: Path, name: str, project_dir: str) -> list[PlannedFile]:
    """Every blueprint file with its destination and content, and how it compares with what is there."""
    check_name_is_free(root, name, project_dir)
    planned = []
    for blueprint in blueprint_files(root):
        relative = blueprint.relative_to(root / BLUEPRINTS).as_posix()
        target = destination_of(root, blueprint, name, project_dir)
        parts = target.split("/")
        destination = root.joinpath(*parts)
        content = substitute(blueprint.read_bytes(), name, project_dir)
        if destination.is_dir():
            raise Refused(f"{target} is a folder in the repository; the blueprint {relative} is a file.")
        if not destination.exists():
            state = "new"
        else:
            state = "same" if destination.read_bytes() == content else "different"
        mode = blueprint.stat().st_mode & 0o777
        planned.append(PlannedFile(destination, target, content, mode, state))
    return planned


def write_files(files: list[PlannedFile]) -> None:
    """Write every file to a temporary file next to it, then rename them all into place."""
    staged: list[tuple[str, Path]] = []
    try:
        for planned in files:
            planned.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                dir=planned.path.parent, prefix=f".{planned.path.name}.", suffix=".tmp"
            )
            staged.append((temporary, planned.path))
            with os.fdopen(handle, "wb") as out:
                out.write(planned.content)
            os.chmod(temporary, planned.mode)
    except OSError as err:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise Refused(f"cannot write {planned.relative}: {err.strerror or err}; nothing was written.") from None
    for temporary, destination in staged:
        os.replace(temporary, destination)


# --- git and the platform ----------------------------------------------------------------------


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    command = ["git", *args]
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, errors="replace")
    except OSError as err:
        raise Refused(f"cannot run git: {err.strerror or err}. Install git or run without --open-pr.") from None
    if check and done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        raise Refused(f"`{' '.join(command)}` failed (exit {done.returncode}): {detail}")
    return done


class NoForeignRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects on the same host only: the token must not travel elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc:
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def api(method: str, url: str, headers: dict[str, str], payload: object) -> dict:
    """Call a JSON API; its decoded answer. Errors name the method, endpoint and status."""
    request = urllib.request.Request(url, data=json.dumps(payload).encode("utf-8"), method=method)
    for key, value in {"Accept": "application/json", "User-Agent": BOT_NAME,
                       "Content-Type": "application/json", **headers}.items():
        request.add_header(key, value)
    try:
        with urllib.request.build_opener(NoForeignRedirects).open(request, timeout=TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as err:
        detail = ""
        try:
            answer = json.loads(err.read() or b"null")
            if isinstance(answer, dict):
                detail = str(answer.get("message") or answer.get("error") or "")
        except (ValueError, OSError):
            pass
        detail = f": {' '.join(detail.split())[:300]}" if detail else ""
        raise Refused(f"{method} {url} answered HTTP {err.code} {err.reason}{detail}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        raise Refused(f"{method} {url} failed: {getattr(err, 'reason', err)}") from None
    try:
        answer = json.loads(body) if body else {}
    except ValueError:
        raise Refused(f"{method} {url} answered with something that is not JSON") from None
    return answer if isinstance(answer, dict) else {}


@dataclass
class PullRequestTarget:
    """Where and how to open the pull request, from the CI environment."""

    platform: str
    base: str
    url: str
    headers: dict[str, str]


def _require(env: dict[str, str], platform: str, names: tuple[str, ...]) -> None:
    missing = [name for name in names if not env.get(name)]
    if missing:
        raise Refused(f"--open-pr on {platform}: {', '.join(missing)} not set in the environment.")


def pull_request_target(env: dict[str, str], base: str | None) -> PullRequestTarget:
    """The platform this job runs on, its API endpoint for a new pull request, and the base branch."""
    if env.get("GITHUB_ACTIONS") == "true":
        _require(env, "GitHub Actions", ("GITHUB_REPOSITORY", "GITHUB_TOKEN"))
        if not base and env.get("GITHUB_EVENT_PATH"):
            try:
                event = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text(encoding="utf-8"))
                base = ((event or {}).get("repository") or {}).get("default_branch")
            except (OSError, ValueError) as err:
                raise Refused(f"cannot read the GitHub event file GITHUB_EVENT_PATH: {err}; pass --base") from None
        api_url = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
        headers = {
            "Authorization": f"Bearer {env['GITHUB_TOKEN']}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        target = PullRequestTarget("GitHub", base or "", f"{api_url}/repos/{env['GITHUB_REPOSITORY']}/pulls", headers)
    elif env.get("TF_BUILD", "").lower() == "true":
        _require(env, "Azure Pipelines",
                 ("SYSTEM_COLLECTIONURI", "SYSTEM_TEAMPROJECT", "BUILD_REPOSITORY_ID", "SYSTEM_ACCESSTOKEN"))
        if not base:
            source = env.get("BUILD_SOURCEBRANCH", "")
            base = source.removeprefix("refs/heads/") if source.startswith("refs/heads/") else None
        collection = env["SYSTEM_COLLECTIONURI"].rstrip("/")
        project = urllib.parse.quote(env["SYSTEM_TEAMPROJECT"], safe="")
        repository = urllib.parse.quote(env["BUILD_REPOSITORY_ID"], safe="")
        url = f"{collection}/{project}/_apis/git/repositories/{repository}/pullrequests?api-version=7.1"
        target = PullRequestTarget("Azure DevOps", base or "", url,
                                   {"Authorization": f"Bearer {env['SYSTEM_ACCESSTOKEN']}"})
    elif env.get("GITLAB_CI") == "true":
        _require(env, "GitLab CI", ("CI_API_V4_URL", "CI_PROJECT_ID", "GITLAB_API_TOKEN"))
        base = base or env.get("CI_DEFAULT_BRANCH")
        project = urllib.parse.quote(env["CI_PROJECT_ID"], safe="")
        url = f"{env['CI_API_V4_URL'].rstrip('/')}/projects/{project}/merge_requests"
        target = PullRequestTarget("GitLab", base or "", url, {"PRIVATE-TOKEN": env["GITLAB_API_TOKEN"]})
    else:
        raise Refused(
            "--open-pr opens the pull request through the API of the CI platform it runs on (GitHub Actions, "
            "Azure Pipelines or GitLab CI), and none was detected. Run without --open-pr, then commit the "
            "files and open the pull request yourself."
        )
    if not target.base:
        raise Refused(f"--open-pr on {target.platform}: cannot tell the default branch; pass --base BRANCH.")
    return target


def open_pull_request(target: PullRequestTarget, branch: str, title: str, description: str) -> str:
    """Open the pull request (merge request); its web address, or a description of it."""
    if target.platform == "GitHub":
        answer = api("POST", target.url, target.headers,
                     {"title": title, "head": branch, "base": target.base, "body": description})
        return str(answer.get("html_url") or f"pull request #{answer.get('number')}")
    if target.platform == "Azure DevOps":
        answer = api("POST", target.url, target.headers, {
            "sourceRefName": f"refs/heads/{branch}",
            "targetRefName": f"refs/heads/{target.base}",
            "title": title,
            "description": description[:4000],
        })
        number = answer.get("pullRequestId")
        web = (answer.get("repository") or {}).get("webUrl")
        return f"{web}/pullrequest/{number}" if web and number else f"pull request {number}"
    answer = api("POST", target.url, target.headers, {
        "source_branch": branch,
        "target_branch": target.base,
        "title": title,
        "description": description,
        "remove_source_branch": True,
    })
    return str(answer.get("web_url") or f"merge request !{answer.get('iid')}")


# --- what to do next ---------------------------------------------------------------------------


def next_steps(name: str, files: list[PlannedFile]) -> list[str]:
    written = [f.relative for f in files]
    steps = []
    if any(path.startswith(".github/") for path in written):
        steps.append(
            "GitHub Actions runs the new workflows once they are on the default branch. Set up the "
            "environments and identities they use as docs/mlops-setup.md describes (once per repository, "
            "plus this project's service principals)."
        )
    azure = [path for path in written if path.startswith(".azure/")]
    if azure:
        steps.append(
            "Azure Pipelines does not pick up new YAML files by itself: once they are on the default branch, "
            "create one pipeline for each, for example:"
        )
        for path in azure:
            pipeline = path.rsplit("/", 1)[-1].removesuffix(".yml")
            steps.append(
                f'    az pipelines create --name "{pipeline}" --yaml-path "{path}" '
                "--repository <repository> --repository-type tfsgit --branch <default branch> --skip-first-run true"
            )
        steps.append(
            f"Then add {name}-ci as a build validation policy of the default branch (so that it runs on pull "
            "requests) and give the pipelines access to their service connections and environments "
            "(docs/mlops-setup.md)."
        )
    if any(path.startswith(".gitlab/") for path in written):
        steps.append(
            ".gitlab-ci.yml includes .gitlab/pipelines/*.yml, so the new pipeline runs as soon as it is merged. "
            "Set the project's CI/CD variables and protected environments as docs/mlops-setup.md describes."
        )
    return steps


# --- command line ------------------------------------------------------------------------------


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="add_project.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("name", metavar="NAME", help="the project's bundle name")
    parser.add_argument(
        "--project-dir", metavar="DIR", help="the project's folder at the repository root (default: NAME)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist with different content")
    parser.add_argument(
        "--open-pr", action="store_true", help="commit on a new branch, push it and open a pull request"
    )
    parser.add_argument(
        "--base", metavar="BRANCH", help="branch the pull request merges into (default: the default branch)"
    )
    parser.add_argument(
        "--repo-root", metavar="PATH", type=Path, default=Path(__file__).resolve().parent.parent,
        help="the repository's root folder (default: the folder above this script's ci/)",
    )
    args = parser.parse_args(argv)
    env = dict(os.environ if env is None else env)
    name, project_dir = args.name, args.project_dir or args.name
    if not NAME.match(name):
        parser.error(
            f"NAME {name!r} is not a project name: 2 to 63 characters, a lowercase letter first, then lowercase "
            "letters, digits, '_' or '-' (the bundle name the project was created with)."
        )
    if not DIR.match(project_dir):
        parser.error(
            f"--project-dir {project_dir!r} is not a folder name at the repository root: up to 128 letters, "
            "digits, '_', '-' or '.', not starting with '.' or '-' (one folder: no '/')."
        )
    if args.base is not None and (not args.base.strip() or args.base.startswith("-")):
        parser.error(f"--base {args.base!r} is not a branch name")
    root = args.repo_root.resolve()

    try:
        check_name_is_free(root, name, project_dir)  # first: the fix is another name, whatever else is wrong
        check_bundle(root, name, project_dir)
        files = plan_files(root, name, project_dir)
        different = [f.relative for f in files if f.state == "different"]
        if different and not args.force:
            raise Refused(
                "these files exist with different content: " + ", ".join(different) + ". Nothing was written. "
                "Compare them with what the blueprints make (another project with the same name?), then "
                "remove them or rerun with --force to overwrite them."
            )
        branch = f"add-project/{name}"
        target = None
        if args.open_pr:
            target = pull_request_target(env, args.base)
            if git(root, "rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
                raise Refused(f"{root} is not a git working tree: --open-pr needs one.")
            if git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False).returncode == 0:
                raise Refused(f"branch {branch} exists already: delete it or merge its pull request first.")

        to_write = [f for f in files if f.state != "same"]
        write_files(to_write)
        for planned in files:
            verb = {"new": "wrote", "different": "overwrote", "same": "already in place"}[planned.state]
            print(f"{verb:>16}  {planned.relative}")
        print(f"\nProject {name} (folder {project_dir}): {len(to_write)} file(s) written, "
              f"{len(files) - len(to_write)} already in place.")

        if target is not None:
            if not to_write:
                print("Nothing new to commit: no pull request opened.")
                return 0
            paths = [f.relative for f in to_write]
            git(root, "switch", "-c", branch)
            git(root, "add", "--", *paths)
            identity = []
            if not git(root, "config", "--get", "user.name", check=False).stdout.strip():
                identity += ["-c", f"user.name={BOT_NAME}"]
            if not git(root, "config", "--get", "user.email", check=False).stdout.strip():
                identity += ["-c", f"user.email={BOT_EMAIL}"]
            title = f"Add CI/CD for project {name}"
            git(root, *identity, "commit", "-m", title, "-m",
                f"Written by ci/add_project.py {name} --project-dir {project_dir}.")
            git(root, "push", "origin", branch)
            description = "\n".join(
                [f"Adds the CI/CD of project `{name}` (folder `{project_dir}`), made from ci/blueprints:", ""]
                + [f"- `{path}`" for path in paths]
                + ["", "After merging:", ""]
                + [f"- {step.strip()}" if not step.startswith("    ") else f"  `{step.strip()}`"
                   for step in next_steps(name, to_write)]
            )
            try:
                where = open_pull_request(target, branch, title, description)
            except Refused as err:
                raise Refused(f"pushed {branch}, but opening the pull request failed: {err}. "
                              "Open it by hand, or fix the cause and rerun.") from None
            print(f"Pushed {branch} and opened a pull request into {target.base}: {where}")
    except Refused as err:
        print(f"add_project: error: {err}", file=sys.stderr)
        return 1

    steps = next_steps(name, files)
    if steps:
        print("\nNext steps:")
        for step in steps:
            print(step if step.startswith("    ") else f"- {step}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
