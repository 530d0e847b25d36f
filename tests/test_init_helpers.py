"""The helper functions' own rules (§7): names, case mapping, workspace facts, Go signatures."""

from __future__ import annotations

import pytest

from bricksmith.gotemplate import ExecError, Int64, Template
from bricksmith.initcmd.helpers import (
    HELPER_NAMES,
    is_uuid,
    make_funcs,
    normalize_name,
    record_deployment_history,
    short_name,
)
from bricksmith.initcmd.workspace import CurrentUser, WorkspaceFacts


def run(text: str, data=None, **facts) -> str:
    tmpl = Template("", funcs=make_funcs(facts), missingkey="error")
    return tmpl.clone().parse(text).execute(data or {})


def test_the_func_map_is_complete():
    funcs = make_funcs({})
    assert set(funcs) == set(HELPER_NAMES)
    assert "skip" not in funcs
    assert "skip" in make_funcs({}, skip=lambda pattern: "")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("123e4567-e89b-12d3-a456-426614174000", True),
        ("123E4567-E89B-12D3-A456-426614174000", True),
        ("{123e4567-e89b-12d3-a456-426614174000}", True),
        ("urn:uuid:123e4567-e89b-12d3-a456-426614174000", True),
        ("URN:UUID:123e4567-e89b-12d3-a456-426614174000", True),
        ("123e4567e89b12d3a456426614174000", True),
        ("123e4567-e89b-12d3-a456-42661417400", False),
        ("123e4567_e89b_12d3_a456_426614174000", False),
        ("g23e4567-e89b-12d3-a456-426614174000", False),
        # google/uuid drops the first and last of 38 bytes without looking at them
        ("(123e4567-e89b-12d3-a456-426614174000)", True),
        ("someone@example.com", False),
        ("", False),
    ],
)
def test_uuid_parsing(text, expected):
    assert is_uuid(text) is expected


@pytest.mark.parametrize(
    "user, expected",
    [
        (CurrentUser("test.user.1234@example.com"), "test_user_1234"),
        (CurrentUser("Jörg.Müller@example.com"), "jörg_müller"),
        (CurrentUser("__odd..name__@x"), "odd_name"),
        (CurrentUser("ΑΣ@x"), "ασ"),
        (CurrentUser("no-at-sign"), "no_at_sign"),
        # a service principal: its display name, when it has one
        (CurrentUser("123e4567-e89b-12d3-a456-426614174000", display_name="Deploy SP (prod)"), "deploy_sp_prod"),
        (CurrentUser("123e4567-e89b-12d3-a456-426614174000"), "123e4567_e89b_12d3_a456_426614174000"),
        # a user's display name is ignored
        (CurrentUser("ann@x", display_name="Ann Smith"), "ann"),
    ],
)
def test_short_name(user, expected):
    assert short_name(user) == expected


def test_normalize_name_collapses_and_trims():
    assert normalize_name("  a--b  c  ") == "a_b_c"


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{{lower "ΑΣ İ ÀB"}}', "ασ i àb"),
        ('{{upper "straße ﬁ ǆ"}}', "STRAßE ﬁ Ǆ"),
        ('{{upper "ᾳ"}}', "ᾼ"),
        ('{{lower "ABC"}}', "abc"),
    ],
)
def test_simple_case_mapping(text, expected):
    assert run(text) == expected


def test_lower_needs_a_string():
    with pytest.raises(ExecError) as info:
        run("{{lower .n}}", {"n": Int64(5)})
    assert str(info.value) == 'template: :1:8: executing "" at <.n>: wrong type for value; expected string; got int64'


def test_random_int_takes_a_go_int():
    assert 0 <= int(run("{{random_int 5}}")) < 5
    with pytest.raises(ExecError) as info:
        run("{{random_int .n}}", {"n": Int64(5)})
    assert str(info.value) == 'template: :1:13: executing "" at <.n>: wrong type for value; expected int; got int64'


def test_uuid_and_bundle_uuid():
    a, b = run("{{uuid}}"), run("{{uuid}}")
    assert a != b and len(a) == 36 and a[14] == "4"
    assert run("{{bundle_uuid}} {{bundle_uuid}}", bundle_uuid="fixed") == "fixed fixed"


def test_pair_and_map():
    assert run('{{$m := map (pair "a" 1) (pair "b" "x") (pair "a" 2)}}{{$m}} {{(pair "k" 1)}}') == "map[a:2 b:x] {k 1}"


@pytest.mark.parametrize(
    "host, expected",
    [
        ("https://adb-1.2.azuredatabricks.net", "Standard_D3_v2"),
        ("x.databricks.azure.cn", "Standard_D3_v2"),
        ("x.databricks.azure.us", "Standard_D3_v2"),
        ("https://1.2.gcp.databricks.com/", "n1-standard-4"),
        ("https://dbc-1.cloud.databricks.com", "i3.xlarge"),
    ],
)
def test_smallest_node_type(host, expected):
    assert run("{{smallest_node_type}}", workspace_host=host) == expected


def test_azure_resource_id_means_azure():
    facts = {"workspace_host": "https://example.com", "azure_resource_id": "/subscriptions/x"}
    assert run("{{smallest_node_type}}", **facts) == "Standard_D3_v2"


@pytest.mark.parametrize(
    "host, expected",
    [
        ("adb-1.azuredatabricks.net", "https://adb-1.azuredatabricks.net"),
        ("https://host:8443/path/?o=1", "https://host:8443"),
        ("http://HOST/", "http://HOST"),
    ],
)
def test_workspace_host_is_normalized(host, expected):
    assert run("{{workspace_host}}", workspace_host=host) == expected


def test_empty_workspace_host():
    with pytest.raises(ExecError) as info:
        run("{{workspace_host}}", workspace_host="")
    assert str(info.value) == (
        'template: :1:2: executing "" at <workspace_host>: error calling workspace_host: cannot determine target '
        "workspace, please first setup a configuration profile using 'databricks auth login'"
    )


def test_user_helpers_from_facts():
    facts = {"user_name": "123e4567-e89b-12d3-a456-426614174000", "display_name": "CI Bot"}
    assert run("{{user_name}} {{short_name}} {{is_service_principal}}", **facts) == (
        "123e4567-e89b-12d3-a456-426614174000 ci_bot true"
    )


def test_user_name_falls_back_to_the_id():
    facts = WorkspaceFacts()
    facts._user = CurrentUser(user_name="", id="4242")
    tmpl = Template("", funcs=make_funcs(facts), missingkey="error")
    assert tmpl.clone().parse("{{user_name}}").execute({}) == "4242"


def test_default_catalog_may_be_empty():
    assert run("[{{default_catalog}}] {{if default_catalog}}uc{{else}}no uc{{end}}", default_catalog="") == "[] no uc"


@pytest.mark.parametrize(
    "value, expected",
    [(None, False), ("", False), ("1", True), ("true", True), ("TRUE", True), ("yes", True), ("on", True),
     ("0", False), ("false", False), ("maybe", False)],
)
def test_record_deployment_history(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("DATABRICKS_BUNDLE_INIT_RECORD_DEPLOYMENT_HISTORY", raising=False)
    else:
        monkeypatch.setenv("DATABRICKS_BUNDLE_INIT_RECORD_DEPLOYMENT_HISTORY", value)
    assert record_deployment_history() is expected


def test_fail_formats_like_go():
    with pytest.raises(ExecError) as info:
        run('{{fail "%s has %d" "x" 3 "extra"}}')
    assert str(info.value).endswith("error calling fail: x has 3%!(EXTRA string=extra)")


def test_url_and_regexp_helpers():
    assert run('{{with url "https://u@h:1/a%20b?x=y"}}{{.Scheme}} {{.Host}} {{.Path}} {{.Query.Get "x"}}{{end}}') == (
        "https h:1 /a b y"
    )
    assert run('{{(regexp "a(x*)b").ReplaceAllString "-ab-axxb-" "${1}W"}}') == "-W-xxW-"


def test_path_separator():
    assert run("{{path_separator}}") == "/"


# --- facts from the workspace, through a stand-in for the Databricks SDK ---------------------------


class _FakeClient:
    """Stands in for databricks.sdk.WorkspaceClient: records calls, answers from class attributes."""

    calls: list = []
    catalog_error = None

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        outer = self

        class CurrentUserAPI:
            def me(self):
                outer.calls.append("me")
                return type("User", (), {"user_name": "", "id": "77", "display_name": "x"})()

        class MetastoresAPI:
            def current(self):
                outer.calls.append("metastore")
                if _FakeClient.catalog_error is not None:
                    raise _FakeClient.catalog_error
                return type("Assignment", (), {"default_catalog_name": "hive_or_uc"})()

        self.current_user = CurrentUserAPI()
        self.metastores = MetastoresAPI()


class _ApiError(Exception):
    def __init__(self, message, error_code):
        super().__init__(message)
        self.error_code = error_code


@pytest.fixture
def fake_sdk(monkeypatch, tmp_path):
    import databricks.sdk

    monkeypatch.setattr(databricks.sdk, "WorkspaceClient", _FakeClient)
    monkeypatch.setenv("DATABRICKS_HOST", "https://dbc-1.cloud.databricks.com")
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(tmp_path / "none"))
    _FakeClient.calls = []
    _FakeClient.catalog_error = None
    return _FakeClient


def test_facts_not_given_are_asked_once(fake_sdk):
    assert run("{{user_name}} {{short_name}} {{default_catalog}} {{default_catalog}}") == "77  hive_or_uc hive_or_uc"  # short_name of an empty userName is ""
    assert fake_sdk.calls == ["me", "metastore"]


@pytest.mark.parametrize("code", ["PERMISSION_DENIED", "METASTORE_DOES_NOT_EXIST", "FEATURE_DISABLED"])
def test_default_catalog_without_unity_catalog(fake_sdk, code):
    fake_sdk.catalog_error = _ApiError("nope", code)
    assert run("[{{default_catalog}}]") == "[]"


def test_default_catalog_other_errors_propagate(fake_sdk):
    fake_sdk.catalog_error = _ApiError("boom", "INTERNAL_ERROR")
    with pytest.raises(ExecError) as info:
        run("{{default_catalog}}")
    assert str(info.value).endswith("error calling default_catalog: boom")


def test_given_facts_never_import_the_sdk(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from bricksmith.gotemplate import Template; from bricksmith.initcmd.helpers import make_funcs; "
        "facts = {'user_name': 'a@b.c', 'default_catalog': 'm', 'workspace_host': 'h'}; "
        "t = Template('', funcs=make_funcs(facts), missingkey='error'); "
        "print(t.clone().parse('{{user_name}} {{short_name}} {{default_catalog}} {{workspace_host}}').execute({})); "
        "assert 'databricks.sdk' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "a@b.c a m https://h"
