"""The repository-level CI scripts of generated repositories: ci/add_project.py and ci/pr_comment.py.

A CICD_Only repository and a Project_Only project inside it are rendered once; each test works on
a copy. The scripts run as the CI runs them, as separate processes, with a fake `git` first on
PATH (it records its arguments) and a local HTTP server standing in for the GitHub, Azure DevOps
and GitLab REST APIs (the endpoints the scripts call). The project-level scripts (bundle_plan,
model_metrics, integration_test) are tested by the generated project's own tests; here, only how
they name the model and the tables from what `databricks bundle validate -o json` prints for the
rendered projects' targets (their name resolution needs nothing but the standard library).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from template_configs import FACTS

import bricksmith

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "template" / "{{.input_root_dir}}" / "ci"
PROJECT, PROJECT_DIR = "churn-model", "churn"
TOKENS = {"github": "gh-secret-token", "azure": "az-secret-token", "gitlab": "gl-secret-token"}
PLATFORMS = {"github": "github_actions", "azure": "azure_devops", "gitlab": "gitlab"}


# --- rendered repositories -------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """{platform: a CICD_Only repository holding the Project_Only project churn-model in churn/}."""
    out = tmp_path_factory.mktemp("rendered")
    repos = {}
    for short, platform in PLATFORMS.items():
        config = {"input_setup_cicd_and_project": "CICD_Only", "input_project_name": "mono",
                  "input_root_dir": f"repo-{short}", "input_cicd_platform": platform}
        bricksmith.render(None, config, out, **FACTS)
        repo = out / f"repo-{short}"
        project = {"input_setup_cicd_and_project": "Project_Only", "input_project_name": PROJECT,
                   "input_root_dir": PROJECT_DIR}
        bricksmith.render(None, project, repo, **FACTS)
        repos[short] = repo
    return repos


def copy_of(rendered: dict[str, Path], tmp_path: Path, platform: str = "github") -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(rendered[platform], repo)
    return repo


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def blueprints(repo: Path) -> dict[str, bytes]:
    return tree(repo / "ci" / "blueprints")


def expected_files(repo: Path, name: str = PROJECT, folder: str = PROJECT_DIR) -> dict[str, bytes]:
    def fill(data: bytes) -> bytes:
        return data.replace(b"@@PROJECT_NAME@@", name.encode()).replace(b"@@PROJECT_DIR@@", folder.encode())

    return {fill(path.encode()).decode(): fill(content) for path, content in blueprints(repo).items()}


# --- running the scripts ---------------------------------------------------------------------


FAKE_GIT = """\
#!{python}
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_GIT_LOG"], "a") as log:
    log.write(json.dumps(args) + "\\n")
if args[:2] == ["rev-parse", "--is-inside-work-tree"]:
    print("true")
elif args[:2] == ["rev-parse", "--verify"] or args[:2] == ["config", "--get"]:
    sys.exit(1)
"""


def base_env(tmp_path: Path) -> dict[str, str]:
    """A clean environment (no CI variables of whatever runs these tests), fake git first on PATH."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir(exist_ok=True)
    git = bin_dir / "git"
    git.write_text(FAKE_GIT.format(python=sys.executable))
    git.chmod(0o755)
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "PYTHONUTF8": "1",
        "FAKE_GIT_LOG": str(tmp_path / "git.jsonl"),
    }


def git_calls(tmp_path: Path) -> list[list[str]]:
    log = tmp_path / "git.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def run_script(script: Path, args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), *args], env=env, cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def add_project(repo: Path, tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    return run_script(repo / "ci" / "add_project.py", list(args), {**base_env(tmp_path), **(env or {})}, repo)


def pr_comment(repo: Path, tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    return run_script(repo / "ci" / "pr_comment.py", list(args), {**base_env(tmp_path), **(env or {})}, repo)


# --- a stand-in for the platforms' APIs ------------------------------------------------------


class Stub:
    """Just enough of the GitHub, Azure DevOps and GitLab REST APIs, in memory, on 127.0.0.1."""

    ROUTES = [
        ("github", "GET", r"/repos/acme/mono/issues/(?P<n>\d+)/comments", "gh_list"),
        ("github", "POST", r"/repos/acme/mono/issues/(?P<n>\d+)/comments", "gh_create"),
        ("github", "PATCH", r"/repos/acme/mono/issues/comments/(?P<id>\d+)", "gh_update"),
        ("github", "POST", r"/repos/acme/mono/pulls", "gh_pull"),
        ("azure", "GET", r"/org/My%20Project/_apis/git/repositories/repo-id/pullRequests/(?P<n>\d+)/threads",
         "az_list"),
        ("azure", "POST", r"/org/My%20Project/_apis/git/repositories/repo-id/pullRequests/(?P<n>\d+)/threads",
         "az_create"),
        ("azure", "PATCH",
         r"/org/My%20Project/_apis/git/repositories/repo-id/pullRequests/\d+/threads/(?P<t>\d+)/comments/(?P<c>\d+)",
         "az_update"),
        ("azure", "POST", r"/org/My%20Project/_apis/git/repositories/repo-id/pullrequests", "az_pull"),
        ("gitlab", "GET", r"/api/v4/projects/42/merge_requests/(?P<n>\d+)/notes", "gl_list"),
        ("gitlab", "POST", r"/api/v4/projects/42/merge_requests/(?P<n>\d+)/notes", "gl_create"),
        ("gitlab", "PUT", r"/api/v4/projects/42/merge_requests/\d+/notes/(?P<id>\d+)", "gl_update"),
        ("gitlab", "POST", r"/api/v4/projects/42/merge_requests", "gl_pull"),
    ]

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.comments: list[dict] = []  # GitHub comments / GitLab notes: {"id", "body"}
        self.threads: list[dict] = []  # Azure DevOps threads: {"id", "comments": [{"id", "content"}]}
        self.refuse: dict[str, int] = {}  # method -> HTTP status to answer with
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def handle_any(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                record = {"method": self.command, "path": url.path, "query": dict(urllib.parse.parse_qsl(url.query)),
                          "headers": dict(self.headers), "body": body}
                stub.requests.append(record)
                for platform, method, pattern, action in stub.ROUTES:
                    match = re.fullmatch(pattern, url.path)
                    if method == self.command and match:
                        break
                else:
                    return self.answer(404, {"message": f"no route {self.command} {url.path}"})
                auth = self.headers.get("PRIVATE-TOKEN") if platform == "gitlab" else self.headers.get("Authorization")
                expected = TOKENS[platform] if platform == "gitlab" else f"Bearer {TOKENS[platform]}"
                if auth != expected:
                    return self.answer(401, {"message": "bad credentials"})
                if self.command in stub.refuse:
                    return self.answer(stub.refuse[self.command], {"message": "Resource not accessible by integration"})
                status, answer = getattr(stub, action)(match, record)
                return self.answer(status, answer)

            def answer(self, status: int, payload: object) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def writes(self) -> list[dict]:
        return [r for r in self.requests if r["method"] != "GET"]

    # GitHub issue comments and GitLab notes: the same shape here.
    def _page(self, record: dict) -> list[dict]:
        size, page = int(record["query"].get("per_page", 30)), int(record["query"].get("page", 1))
        return self.comments[(page - 1) * size: page * size]

    def _create(self, key: str, record: dict) -> tuple[int, dict]:
        comment = {"id": 1000 + len(self.comments), key: record["body"]["body"]}
        self.comments.append(comment)
        return 201, comment

    def _update(self, ident: str, record: dict) -> tuple[int, dict]:
        for comment in self.comments:
            if comment["id"] == int(ident):
                comment["body"] = record["body"]["body"]
                return 200, comment
        return 404, {"message": "Not Found"}

    def gh_list(self, match, record):
        return 200, self._page(record)

    def gh_create(self, match, record):
        return self._create("body", record)

    def gh_update(self, match, record):
        return self._update(match["id"], record)

    def gh_pull(self, match, record):
        return 201, {"number": 7, "html_url": "https://github.example/acme/mono/pull/7"}

    gl_list = gh_list
    gl_create = gh_create

    def gl_update(self, match, record):
        return self._update(match["id"], record)

    def gl_pull(self, match, record):
        return 201, {"iid": 3, "web_url": "https://gitlab.example/acme/mono/-/merge_requests/3"}

    def az_list(self, match, record):
        return 200, {"value": self.threads, "count": len(self.threads)}

    def az_create(self, match, record):
        thread = {"id": 50 + len(self.threads), "status": record["body"].get("status"),
                  "comments": [{"id": 1, "content": c["content"]} for c in record["body"]["comments"]]}
        self.threads.append(thread)
        return 200, thread

    def az_update(self, match, record):
        for thread in self.threads:
            for comment in thread["comments"]:
                if thread["id"] == int(match["t"]) and comment["id"] == int(match["c"]):
                    comment["content"] = record["body"]["content"]
                    return 200, comment
        return 404, {"message": "thread or comment not found"}

    def az_pull(self, match, record):
        return 201, {"pullRequestId": 9, "repository": {"webUrl": "https://dev.example/org/My%20Project/_git/mono"}}


@pytest.fixture
def stub():
    server = Stub()
    yield server
    server.close()


def platform_env(platform: str, stub: Stub, tmp_path: Path, pull_request: bool = True) -> dict[str, str]:
    if platform == "github":
        event = tmp_path / "event.json"
        payload = {"repository": {"default_branch": "main"}}
        if pull_request:
            payload["pull_request"] = {"number": 12}
        event.write_text(json.dumps(payload))
        return {"GITHUB_ACTIONS": "true", "GITHUB_API_URL": stub.url, "GITHUB_REPOSITORY": "acme/mono",
                "GITHUB_EVENT_PATH": str(event), "GITHUB_TOKEN": TOKENS["github"]}
    if platform == "azure":
        env = {"TF_BUILD": "True", "SYSTEM_COLLECTIONURI": f"{stub.url}/org/", "SYSTEM_TEAMPROJECT": "My Project",
               "BUILD_REPOSITORY_ID": "repo-id", "BUILD_REPOSITORY_PROVIDER": "TfsGit",
               "SYSTEM_ACCESSTOKEN": TOKENS["azure"], "BUILD_SOURCEBRANCH": "refs/heads/main"}
        if pull_request:
            env["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "12"
        return env
    env = {"GITLAB_CI": "true", "CI_API_V4_URL": f"{stub.url}/api/v4", "CI_PROJECT_ID": "42",
           "GITLAB_API_TOKEN": TOKENS["gitlab"], "CI_DEFAULT_BRANCH": "main"}
    if pull_request:
        env["CI_MERGE_REQUEST_IID"] = "12"
    return env


def load_script(name: str):
    """ci/<name>.py of the template (ci/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"ci_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --- add_project.py --------------------------------------------------------------------------


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_add_project_writes_the_blueprints_with_the_tokens_filled_in(rendered, tmp_path, platform):
    repo = copy_of(rendered, tmp_path, platform)
    extra = repo / "ci" / "blueprints" / "extra" / "@@PROJECT_NAME@@.txt"
    extra.parent.mkdir(parents=True)
    extra.write_text("name=@@PROJECT_NAME@@ dir=@@PROJECT_DIR@@ path=@@PROJECT_DIR@@/**\n")
    before = tree(repo)
    expected = expected_files(repo)
    assert blueprints(repo), "the CICD_Only repository has blueprints"

    done = add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR)
    assert done.returncode == 0, done.stderr
    after = tree(repo)
    assert {path: after[path] for path in expected} == expected
    assert set(after) - set(before) == set(expected)
    assert after["extra/churn-model.txt"] == b"name=churn-model dir=churn path=churn/**\n"
    assert not any(b"@@PROJECT_" in after[path] or "@@" in path for path in expected)
    assert "Next steps" in done.stdout
    if platform == "azure":
        assert 'az pipelines create --name "churn-model-ci" --yaml-path ".azure/devops-pipelines/churn-model-ci.yml"' \
            in done.stdout
    assert git_calls(tmp_path) == []  # no --open-pr: git is not touched


def test_add_project_twice_is_fine(rendered, tmp_path):
    repo = copy_of(rendered, tmp_path)
    assert add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR).returncode == 0
    first = tree(repo)
    again = add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR)
    assert again.returncode == 0, again.stderr
    assert "already in place" in again.stdout and "0 file(s) written" in again.stdout
    assert tree(repo) == first


def test_add_project_refuses_to_overwrite_a_different_file(rendered, tmp_path):
    repo = copy_of(rendered, tmp_path)
    targets = sorted(expected_files(repo))
    assert len(targets) >= 2
    changed = repo / targets[-1]
    changed.parent.mkdir(parents=True, exist_ok=True)
    changed.write_text("# edited by hand\n")
    before = tree(repo)
    refused = add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR)
    assert refused.returncode == 1
    assert targets[-1] in refused.stderr and "--force" in refused.stderr
    assert tree(repo) == before  # nothing written, not even the other files

    forced = add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR, "--force")
    assert forced.returncode == 0, forced.stderr
    assert tree(repo)[targets[-1]] == expected_files(repo)[targets[-1]]


@pytest.mark.parametrize(("args", "message"), [
    (["Churn"], "is not a project name"),
    (["x"], "is not a project name"),
    (["-churn"], ""),
    (["churn/model"], "is not a project name"),
    ([PROJECT, "--project-dir", "../elsewhere"], "is not a folder name"),
    ([PROJECT, "--project-dir", ".hidden"], "is not a folder name"),
    ([PROJECT, "--project-dir", "a/b"], "is not a folder name"),
])
def test_add_project_refuses_bad_names(rendered, tmp_path, args, message):
    repo = copy_of(rendered, tmp_path)
    before = tree(repo)
    refused = add_project(repo, tmp_path, *args)
    assert refused.returncode == 2
    assert message in refused.stderr
    assert tree(repo) == before


def test_add_project_refuses_a_missing_project(rendered, tmp_path):
    repo = copy_of(rendered, tmp_path)
    before = tree(repo)
    refused = add_project(repo, tmp_path, PROJECT)  # the folder is churn, not churn-model
    assert refused.returncode == 1
    assert "churn-model/databricks.yml not found" in refused.stderr and "--project-dir" in refused.stderr
    assert tree(repo) == before


def test_add_project_refuses_a_bundle_of_another_name(rendered, tmp_path):
    repo = copy_of(rendered, tmp_path)
    before = tree(repo)
    refused = add_project(repo, tmp_path, "churn-model-v2", "--project-dir", PROJECT_DIR)
    assert refused.returncode == 1
    assert "names the bundle 'churn-model', not 'churn-model-v2'" in refused.stderr
    assert tree(repo) == before


def test_add_project_refuses_a_bundle_without_the_ci_targets(rendered, tmp_path):
    repo = copy_of(rendered, tmp_path)
    bundle = repo / PROJECT_DIR / "databricks.yml"
    text = bundle.read_text()
    assert "\n  prod:\n" in text and "\n  test:\n" in text
    bundle.write_text(text.replace("\n  prod:\n", "\n  production:\n").replace("\n  test:\n", "\n  qa:\n"))
    before = tree(repo)
    refused = add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR)
    assert refused.returncode == 1
    assert "does not declare the target(s) test, prod" in refused.stderr
    assert tree(repo) == before


def blueprint_pattern(blueprint: str) -> re.Pattern:
    """The paths a blueprint path can become: @@PROJECT_NAME@@ is any project name."""
    parts = re.split(r"(@@PROJECT_NAME@@|@@PROJECT_DIR@@)", blueprint)
    tokens = {"@@PROJECT_NAME@@": "(?P<name>[a-z][a-z0-9_-]{1,62})", "@@PROJECT_DIR@@": "[A-Za-z0-9_][A-Za-z0-9_.-]*"}
    return re.compile("".join(tokens.get(part, re.escape(part)) for part in parts))


def colliding_names(repo: Path) -> dict[str, str]:
    """{project name: the repository's own file (not made from a blueprint) that its CI file would be}."""
    own = [path for path in tree(repo) if not path.startswith("ci/blueprints/") and not path.startswith(f"{PROJECT_DIR}/")]
    names = {}
    for blueprint in blueprints(repo):
        pattern = blueprint_pattern(blueprint)
        for path in own:
            match = pattern.fullmatch(path)
            if match and match.groupdict().get("name"):
                names[match["name"]] = path
    return names


def named_project(repo: Path, name: str) -> None:
    """A copy of the project churn, in folder NAME, whose bundle is named NAME."""
    shutil.copytree(repo / PROJECT_DIR, repo / name)
    bundle = repo / name / "databricks.yml"
    bundle.write_text(bundle.read_text().replace(f'name: "{PROJECT}"', f'name: "{name}"', 1))


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_add_project_refuses_a_name_that_takes_a_file_of_the_repository(rendered, tmp_path, platform):
    repo = copy_of(rendered, tmp_path, platform)
    collisions = colliding_names(repo)
    if platform == "gitlab":  # .gitlab/pipelines/@@PROJECT_NAME@@.yml and the add-a-project pipeline
        assert collisions == {"add-project": ".gitlab/pipelines/add-project.yml"}
    else:  # -ci.yml / -cd.yml: the add-a-project workflow or pipeline is out of reach
        assert collisions == {}
    # Blueprints a team added, which could land on the repository's other files: the same check.
    for blueprint in ("ci/blueprints/ci/@@PROJECT_NAME@@.py", "ci/blueprints/docs/@@PROJECT_NAME@@.md"):
        (repo / blueprint).parent.mkdir(parents=True, exist_ok=True)
        (repo / blueprint).write_text("# @@PROJECT_NAME@@\n")
    collisions = colliding_names(repo)
    assert {"pr_comment", "add_project", "mlops-setup", "ml-pull-request"} <= set(collisions)
    for name, path in sorted(collisions.items()):
        named_project(repo, name)
        before = tree(repo)
        for force in ([], ["--force"]):
            refused = add_project(repo, tmp_path, name, *force)
            assert refused.returncode == 1, (name, refused.stdout)
            assert f"the project name {name!r} cannot be used" in refused.stderr
            assert path in refused.stderr and "--force does not change that" in refused.stderr
            assert tree(repo) == before  # nothing written
    # The same repository takes a project whose name is free.
    named_project(repo, "add-project-2")
    done = add_project(repo, tmp_path, "add-project-2")
    assert done.returncode == 0, done.stderr


def test_add_project_knows_every_file_a_repository_has_from_the_template(rendered):
    module = load_script("add_project")
    for repo in rendered.values():
        own = {path for path in tree(repo)
               if not path.startswith("ci/blueprints/") and not path.startswith(f"{PROJECT_DIR}/")}
        assert own <= set(module.REPOSITORY_FILES), own - set(module.REPOSITORY_FILES)


def test_the_light_bundle_reader(tmp_path):
    spec = importlib.util.spec_from_file_location("ci_add_project", SCRIPTS / "add_project.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    project = tmp_path / "p"
    project.mkdir()
    (project / "databricks.yml").write_text(
        "# comment\nbundle:\n  # the name\n  name: 'my-project'  # quoted\n  uuid: 1\n"
        "variables:\n  name:\n    default: other\n"
        "targets:\n    test:\n        default: true\n    'staging':\n      mode: production\n    prod: {}\n"
    )
    module.check_bundle(tmp_path, "my-project", "p")
    with pytest.raises(module.Refused, match="names the bundle 'my-project', not 'other'"):
        module.check_bundle(tmp_path, "other", "p")


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_add_project_opens_a_pull_request(rendered, tmp_path, stub, platform):
    repo = copy_of(rendered, tmp_path)
    done = add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR, "--open-pr",
                       env=platform_env(platform, stub, tmp_path, pull_request=False))
    assert done.returncode == 0, done.stderr
    written = sorted(expected_files(repo))
    calls = git_calls(tmp_path)
    assert calls[:2] == [["rev-parse", "--is-inside-work-tree"],
                         ["rev-parse", "--verify", "--quiet", "refs/heads/add-project/churn-model"]]
    assert calls[2] == ["switch", "-c", "add-project/churn-model"]
    assert calls[3][:2] == ["add", "--"] and sorted(calls[3][2:]) == written
    commit = calls[6]
    assert commit[:4] == ["-c", "user.name=bricksmith-ci", "-c", commit[3]] and commit[3].startswith("user.email=")
    assert commit[4:7] == ["commit", "-m", "Add CI/CD for project churn-model"]
    assert calls[7:] == [["push", "origin", "add-project/churn-model"]]

    [request] = stub.writes()
    body = request["body"]
    if platform == "github":
        assert request["path"] == "/repos/acme/mono/pulls"
        assert (body["head"], body["base"]) == ("add-project/churn-model", "main")
        assert "https://github.example/acme/mono/pull/7" in done.stdout
    elif platform == "azure":
        assert request["path"].endswith("/_apis/git/repositories/repo-id/pullrequests")
        assert request["query"] == {"api-version": "7.1"}
        assert body["sourceRefName"] == "refs/heads/add-project/churn-model"
        assert body["targetRefName"] == "refs/heads/main"
        assert "pullrequest/9" in done.stdout
    else:
        assert request["path"] == "/api/v4/projects/42/merge_requests"
        assert (body["source_branch"], body["target_branch"]) == ("add-project/churn-model", "main")
        assert "merge_requests/3" in done.stdout
    assert body.get("title") == "Add CI/CD for project churn-model"
    assert TOKENS[platform] not in done.stdout + done.stderr


def test_add_project_open_pr_takes_the_base_given(rendered, tmp_path, stub):
    repo = copy_of(rendered, tmp_path)
    done = add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR, "--open-pr", "--base", "develop",
                       env=platform_env("gitlab", stub, tmp_path, pull_request=False))
    assert done.returncode == 0, done.stderr
    assert stub.writes()[0]["body"]["target_branch"] == "develop"


def test_add_project_open_pr_outside_ci_writes_nothing(rendered, tmp_path):
    repo = copy_of(rendered, tmp_path)
    before = tree(repo)
    refused = add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR, "--open-pr")
    assert refused.returncode == 1
    assert "none was detected" in refused.stderr
    assert tree(repo) == before and git_calls(tmp_path) == []


def test_add_project_reports_an_api_failure_without_the_token(rendered, tmp_path, stub):
    repo = copy_of(rendered, tmp_path)
    stub.refuse["POST"] = 403
    failed = add_project(repo, tmp_path, PROJECT, "--project-dir", PROJECT_DIR, "--open-pr",
                         env=platform_env("github", stub, tmp_path, pull_request=False))
    assert failed.returncode == 1
    assert "HTTP 403" in failed.stderr and f"{stub.url}/repos/acme/mono/pulls" in failed.stderr
    assert "pushed add-project/churn-model" in failed.stderr
    assert TOKENS["github"] not in failed.stdout + failed.stderr


# --- pr_comment.py: the Markdown -------------------------------------------------------------


def load_pr_comment():
    return load_script("pr_comment")


PLAN_OUTPUT = "create jobs.model_training_job\ncreate registered_models.model\n\n" \
              "Plan: 2 to add, 0 to change, 0 to delete, 5 unchanged\n"


def write_results(folder: Path, candidate: bool = True, champion: bool = True, plan_output: str = PLAN_OUTPUT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan-staging.json").write_text(json.dumps({
        "target": "staging", "ok": True,
        "validate": {"exit_code": 0, "output": "Validation OK!"},
        "plan": {"exit_code": 0, "output": plan_output,
                 "summary": {"add": 2, "change": 0, "delete": 0, "unchanged": 5}},
    }))
    nested = folder / "plan-prod"  # downloaded artifacts may sit in a folder each
    nested.mkdir(exist_ok=True)
    (nested / "plan-prod.json").write_text(json.dumps({
        "target": "prod", "ok": False,
        "validate": {"exit_code": 1, "output": "Error: cannot resolve variable deployer"}, "plan": None,
    }))
    metrics = {"root_mean_squared_error": 3.0, "mean_absolute_error": 2.5, "r2_score": 0.8}
    if candidate:
        (folder / "candidate.json").write_text(json.dumps({
            "target": "test", "model": "test.test_churn.test_churn_model", "alias": None, "version": "3",
            "status": "passed",
            "mode": "enabled", "message": "meets every threshold", "metrics": metrics,
            "integration_test": {"ok": True, "steps": [{"name": "deploy", "ok": True}], "cleanup": []},
        }))
    if champion:
        (folder / "champion.json").write_text(json.dumps({
            "target": "prod", "model": "prod.churn.churn_model", "alias": "champion", "version": "2",
            "status": "passed",
            "mode": "enabled", "metrics": {"root_mean_squared_error": 3.5, "mean_absolute_error": 2.0, "r2_score": 0.7},
        }))
    return folder


def test_the_comment_shows_plans_and_models(tmp_path):
    module = load_pr_comment()
    text = module.compose(PROJECT, module.load_results(write_results(tmp_path / "results")))
    assert text.startswith("<!-- bricksmith-ci:churn-model -->\n")
    assert "| staging | ✅ valid | ✅ planned | 2 | 0 | 0 | 5 |" in text
    assert "| prod | ❌ failed (exit 1) |" in text
    assert "cannot resolve variable deployer" in text  # the failed validation, folded
    assert "<details>" in text and "create jobs.model_training_job" in text
    assert "Candidate (v3)" in text and "Champion (v2)" in text
    assert "| root_mean_squared_error | 3 | 3.5 | -0.5 (better) |" in text
    assert "| mean_absolute_error | 2.5 | 2 | +0.5 (worse) |" in text
    assert "| r2_score | 0.8 | 0.7 | +0.1 (better) |" in text
    assert "✅ passed (enabled)" in text and "**Integration test:** ✅ passed" in text


def test_the_comment_before_the_integration_test_and_without_a_champion(tmp_path):
    module = load_pr_comment()
    results = write_results(tmp_path / "results", candidate=False, champion=False)
    (results / "champion.json").write_text(json.dumps({"target": "prod", "model": "prod.churn.churn_model",
                                                       "version": None, "note": "no alias 'champion' yet"}))
    text = module.compose(PROJECT, module.load_results(results))
    assert "pending: the integration test has not reported yet" in text
    assert "no champion yet" in text
    empty = module.compose(PROJECT, module.load_results(tmp_path / "nothing"))
    assert "| staging | ⏳ pending |" in empty and "| prod | ⏳ pending |" in empty


def test_the_comment_is_cut_to_fit(tmp_path):
    module = load_pr_comment()
    huge = "".join(f"create jobs.job_{i:06d} ```\n" for i in range(20_000))
    results = module.load_results(write_results(tmp_path / "results", plan_output=huge))
    text = module.compose(PROJECT, results)
    assert len(text) <= module.MAX_COMMENT
    assert "characters cut" in text and "Candidate (v3)" in text
    assert "\n````text\n" in text  # a fence longer than the backticks inside


# --- pr_comment.py: posting ------------------------------------------------------------------


def comment_bodies(stub: Stub, platform: str) -> list[str]:
    if platform == "azure":
        return [c["content"] for thread in stub.threads for c in thread["comments"]]
    return [c["body"] for c in stub.comments]


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_pr_comment_creates_then_updates_one_comment(rendered, tmp_path, stub, platform):
    repo = copy_of(rendered, tmp_path)
    # Comments already there: other people's, and another project's.
    if platform == "azure":
        stub.threads.append({"id": 7, "comments": [{"id": 1, "content": "LGTM"},
                                                   {"id": 2, "content": "<!-- bricksmith-ci:other -->"}]})
    else:
        stub.comments += [{"id": i, "body": f"comment {i}"} for i in range(1, 151)]  # pages of 100
        stub.comments.append({"id": 151, "body": "<!-- bricksmith-ci:other -->\nother project"})
    env = platform_env(platform, stub, tmp_path)
    results = write_results(tmp_path / "ci-results", candidate=False)

    first = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results), env=env)
    assert first.returncode == 0, first.stderr
    assert "created a comment" in first.stderr
    mine = [body for body in comment_bodies(stub, platform) if "<!-- bricksmith-ci:churn-model -->" in body]
    assert len(mine) == 1 and "pending" in mine[0]

    write_results(results)  # the integration test reported
    second = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results), env=env)
    assert second.returncode == 0, second.stderr
    assert "updated the comment" in second.stderr
    mine = [body for body in comment_bodies(stub, platform) if "<!-- bricksmith-ci:churn-model -->" in body]
    assert len(mine) == 1 and "Candidate (v3)" in mine[0]
    assert "<!-- bricksmith-ci:other -->" in "".join(comment_bodies(stub, platform))

    writes = [(r["method"], r["path"]) for r in stub.writes()]
    if platform == "github":
        assert writes[0] == ("POST", "/repos/acme/mono/issues/12/comments")
        assert writes[1][0] == "PATCH" and writes[1][1].startswith("/repos/acme/mono/issues/comments/")
        assert stub.requests[-2]["query"]["page"] == "2"  # the marker was on the second page
    elif platform == "azure":
        assert writes[0] == ("POST", "/org/My%20Project/_apis/git/repositories/repo-id/pullRequests/12/threads")
        assert writes[1] == ("PATCH", "/org/My%20Project/_apis/git/repositories/repo-id/pullRequests/12/threads/51"
                                      "/comments/1")
        assert all(r["query"].get("api-version") == "7.1" for r in stub.requests)
    else:
        assert writes[0] == ("POST", "/api/v4/projects/42/merge_requests/12/notes")
        assert writes[1][0] == "PUT" and writes[1][1].startswith("/api/v4/projects/42/merge_requests/12/notes/")
    for run in (first, second):
        assert TOKENS[platform] not in run.stdout + run.stderr
        assert run.stdout.startswith("<!-- bricksmith-ci:churn-model -->")


def test_pr_comment_dry_run_posts_nothing(rendered, tmp_path, stub):
    repo = copy_of(rendered, tmp_path)
    results = write_results(tmp_path / "ci-results")
    done = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results), "--dry-run",
                      env=platform_env("github", stub, tmp_path))
    assert done.returncode == 0, done.stderr
    assert "dry run" in done.stderr and "pull request #12" in done.stderr
    assert "Candidate (v3)" in done.stdout
    assert stub.requests == []


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_pr_comment_outside_a_pull_request_prints_and_says_why(rendered, tmp_path, stub, platform):
    repo = copy_of(rendered, tmp_path)
    results = write_results(tmp_path / "ci-results")
    done = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results),
                      env=platform_env(platform, stub, tmp_path, pull_request=False))
    assert done.returncode == 0, done.stderr
    assert "nothing posted" in done.stderr and "not for a" in done.stderr
    assert done.stdout.startswith("<!-- bricksmith-ci:churn-model -->")
    assert stub.requests == []


def test_pr_comment_without_a_token_or_outside_ci_posts_nothing(rendered, tmp_path, stub):
    repo = copy_of(rendered, tmp_path)
    results = write_results(tmp_path / "ci-results")
    env = platform_env("github", stub, tmp_path)
    del env["GITHUB_TOKEN"]
    done = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results), env=env)
    assert done.returncode == 0 and "GITHUB_TOKEN not set" in done.stderr
    local = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results))
    assert local.returncode == 0 and "not running in GitHub Actions, Azure Pipelines or GitLab CI" in local.stderr
    assert stub.requests == []


def test_pr_comment_reports_an_api_failure_without_the_token(rendered, tmp_path, stub):
    repo = copy_of(rendered, tmp_path)
    stub.refuse["POST"] = 403
    failed = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(write_results(tmp_path / "r")),
                        env=platform_env("github", stub, tmp_path))
    assert failed.returncode == 1
    assert f"POST {stub.url}/repos/acme/mono/issues/12/comments answered HTTP 403" in failed.stderr
    assert TOKENS["github"] not in failed.stdout + failed.stderr


def test_pr_comment_arguments(rendered, tmp_path):
    repo = copy_of(rendered, tmp_path)
    marker = pr_comment(repo, tmp_path, "--project", PROJECT, "--marker-only")
    assert (marker.returncode, marker.stdout) == (0, "<!-- bricksmith-ci:churn-model -->\n")
    bad = pr_comment(repo, tmp_path, "--project", "Bad Name", "--results", ".")
    assert bad.returncode == 2 and "is not a project name" in bad.stderr


# --- model_metrics.py and integration_test.py: the names the `test` target gives ------------------


SHAPES = {
    "managed_schema": {},
    "existing_schema": {"input_manage_schema": "no"},
    "features_serving": {"input_include_feature_store": "yes", "input_include_model_serving": "yes"},
}
DEV_USER = "first_last"


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """{shape: a rendered CICD_and_Project project}."""
    out = tmp_path_factory.mktemp("projects")
    found = {}
    for shape, answers in SHAPES.items():
        config = {"input_root_dir": shape, "input_project_name": "churn_model", **answers}
        bricksmith.render(None, config, out, **FACTS)
        found[shape] = out / shape
    return found


def normalized_prefix(prefix: str) -> str:
    """The prefix the Databricks CLI (mutator ApplyPresets, normalizePrefix) puts before Unity Catalog
    names: `[test] ` becomes `test_`, `[dev first_last] ` becomes `dev_first_last_`."""
    prefix = prefix.replace("[", "").strip(" ")
    suffix = "_" if prefix.endswith("]") else ""
    return re.sub(r"_+", "_", re.sub(r"[^0-9a-z]", "_", prefix.lower())).strip("_") + suffix


def validate_output(project: Path, target: str) -> dict:
    """What `databricks bundle validate -t TARGET -o json` prints for a rendered project, as far as the
    CI scripts read it.

    As the CLI does: the target's variables override the defaults and each variable gets its value;
    `${var.*}`, `${bundle.*}` and `${workspace.current_user.*}` are resolved everywhere; the target's
    presets (name_prefix; development mode: `[dev <short name>] `) prefix job names as they are and
    the names of the Unity Catalog schemas and registered models normalized (test_, dev_<user>_);
    references to resources (`${resources.schemas.project_schema.name}`) are left as they are.
    """
    config = yaml.safe_load((project / "databricks.yml").read_text())
    resources: dict = {}
    for path in sorted((project / "resources").glob("*.yml")):
        for kind, entries in (yaml.safe_load(path.read_text()).get("resources") or {}).items():
            resources.setdefault(kind, {}).update(entries)
    settings = config["targets"][target]
    variables = {name: dict(spec) for name, spec in config["variables"].items()}
    for name, value in (settings.get("variables") or {}).items():
        variables[name]["value"] = value
    known = {"bundle.target": target, "bundle.name": config["bundle"]["name"],
             "workspace.current_user.short_name": DEV_USER,
             "workspace.current_user.userName": "first.last@example.com"}

    def interpolate(value):
        if isinstance(value, dict):
            return {key: interpolate(item) for key, item in value.items()}
        if isinstance(value, list):
            return [interpolate(item) for item in value]
        if not isinstance(value, str):
            return value

        def one(match: re.Match) -> str:
            path = match.group(1)
            if path.startswith("var."):
                spec = variables[path[4:]]
                return interpolate(spec.get("value", spec.get("default")))
            return known.get(path, match.group(0))

        return re.sub(r"\$\{([^}]+)\}", one, value)

    for spec in variables.values():
        spec["value"] = interpolate(spec.get("value", spec.get("default")))
    resources = interpolate(resources)
    prefix = (settings.get("presets") or {}).get("name_prefix")
    if prefix is None and settings.get("mode") == "development":
        prefix = f"[dev {DEV_USER}] "
    for job in (resources.get("jobs") or {}).values():
        job["name"] = (prefix or "") + job["name"]
    for kind in ("schemas", "registered_models"):
        for resource in (resources.get(kind) or {}).values():
            resource["name"] = normalized_prefix(prefix or "") + resource["name"]
    return {"bundle": {"name": config["bundle"]["name"], "target": target}, "variables": variables,
            "workspace": interpolate(settings.get("workspace") or {}), "resources": resources}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize(("target", "prefix"), [("test", "test_"), ("dev", f"dev_{DEV_USER}_"), ("prod", "")])
def test_the_model_and_tables_are_named_as_the_target_names_them(projects, shape, target, prefix):
    bundle = validate_output(projects[shape], target)
    managed = shape != "existing_schema"
    model = bundle["resources"]["registered_models"]["model"]
    # What validate prints, as the review of the test target found it.
    assert model["schema_name"] == ("${resources.schemas.project_schema.name}" if managed else "churn_model")
    assert model["name"] == f"{prefix}churn_model_model"
    mm, it = load_script("model_metrics"), load_script("integration_test")

    schema = f"{target}.{prefix if managed else ''}churn_model"
    assert mm.model_full_name(bundle) == f"{schema}.{prefix}churn_model_model"
    tables, notes = it.tables_to_delete(bundle, schema, mm)
    expected = [f"{schema}.predictions", f"{schema}.predictions_profile_metrics", f"{schema}.predictions_drift_metrics"]
    if shape == "features_serving":
        expected.append(f"{schema}.trip_features")
        assert mm.variable(bundle, "serving_endpoint") == (
            f"churn_model-dev-{DEV_USER}" if target == "dev" else f"churn_model-{target}")
    assert (tables, notes) == (expected, [])


@pytest.mark.parametrize("script", ["add_project.py", "pr_comment.py"])
def test_the_scripts_are_copied_as_they_are(rendered, script):
    assert (rendered["github"] / "ci" / script).read_bytes() == (SCRIPTS / script).read_bytes()


COMMIT_ENV = {"github": None, "azure": "SYSTEM_PULLREQUEST_SOURCECOMMITID", "gitlab": "CI_COMMIT_SHA"}
RUN_ID_ENV = {"github": "GITHUB_RUN_ID", "azure": "BUILD_BUILDID", "gitlab": "CI_PIPELINE_ID"}


def run_env(platform: str, stub: Stub, tmp_path: Path, commit: str, run_id: int) -> dict[str, str]:
    """The platform's environment for run `run_id`, which tests `commit` of pull request 12."""
    env = platform_env(platform, stub, tmp_path)
    env[RUN_ID_ENV[platform]] = str(run_id)
    if platform == "github":
        event = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text())
        event["pull_request"]["head"] = {"sha": commit}
        Path(env["GITHUB_EVENT_PATH"]).write_text(json.dumps(event))
        return env
    return {**env, COMMIT_ENV[platform]: commit}


FIRST, OTHER, LATER = "a1" * 20, "b2" * 20, "c3" * 20


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_pr_comment_names_its_commit_and_an_older_run_leaves_the_comment_alone(rendered, tmp_path, stub, platform):
    repo = copy_of(rendered, tmp_path)
    results = write_results(tmp_path / "results")
    done = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results),
                      env=run_env(platform, stub, tmp_path, FIRST, 1000))
    assert done.returncode == 0, done.stderr
    [body] = comment_bodies(stub, platform)
    assert body.startswith("<!-- bricksmith-ci:churn-model -->\n<!-- bricksmith-ci-run:1000 -->\n")
    assert f"at `{FIRST[:12]}`" in body
    # A run that started earlier (a lower number) and finishes late: it leaves the newer results alone.
    writes = len(stub.writes())
    late = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results),
                      env=run_env(platform, stub, tmp_path, OTHER, 999))
    assert late.returncode == 0, late.stderr
    assert "nothing posted" in late.stderr and "run 1000" in late.stderr
    assert len(stub.writes()) == writes and comment_bodies(stub, platform) == [body]
    # The same run again (its second comment job, or a re-run): it updates.
    plan_only = write_results(tmp_path / "plan-only", candidate=False)
    again = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(plan_only),
                       env=run_env(platform, stub, tmp_path, FIRST, 1000))
    assert again.returncode == 0 and "updated the comment" in again.stderr, again.stderr
    [body] = comment_bodies(stub, platform)
    assert "bricksmith-ci-run:1000" in body and "Candidate (v3)" not in body
    # No API call asks for the pull request's head: only the comments are read and written.
    assert not any(re.search(r"/(pulls|pullRequests|merge_requests)/12$", r["path"]) for r in stub.requests)


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_pr_comment_of_a_newer_run_overwrites(rendered, tmp_path, stub, platform):
    repo = copy_of(rendered, tmp_path)
    results = write_results(tmp_path / "results")
    # A comment of a version that recorded no run number, then one of run 1999.
    assert pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results),
                      env=platform_env(platform, stub, tmp_path)).returncode == 0
    [body] = comment_bodies(stub, platform)
    assert "bricksmith-ci-run" not in body
    first = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results),
                       env=run_env(platform, stub, tmp_path, FIRST, 1999))
    assert "updated the comment" in first.stderr, first.stderr
    # A later run, for another commit (in a monorepo, the newest push may not touch this project at all).
    later = pr_comment(repo, tmp_path, "--project", PROJECT, "--results", str(results),
                       env=run_env(platform, stub, tmp_path, LATER, 10_000))
    assert later.returncode == 0 and "updated the comment" in later.stderr, later.stderr
    [body] = comment_bodies(stub, platform)
    assert "<!-- bricksmith-ci-run:10000 -->" in body and f"at `{LATER[:12]}`" in body
    assert "bricksmith-ci-run:1999" not in body and FIRST[:12] not in body
