"""Workspace facts: what the CLI would learn from the authenticated workspace.

`databricks bundle init` always authenticates first, and a few helpers (`user_name`,
`short_name`, `is_service_principal`, `default_catalog`, `workspace_host`, `smallest_node_type`)
and `format: warehouse_path` read the workspace.  bricksmith works offline: each fact comes from
the caller (command-line flags or `render(**facts)`) and, only when a template actually needs one
that was not given, from Databricks unified authentication (environment variables or a
`~/.databrickscfg` profile) through the Databricks SDK.  The SDK is imported at that moment and
never otherwise: it is slow to import and most renders do not need it.

Failures become Go errors (`GoError`) because they surface through template helpers
(`error calling user_name: ...`).
"""

from __future__ import annotations

import configparser
import os
import uuid as uuid_module
from dataclasses import dataclass, field


def _go_error(message: str):
    from ..gotemplate.gotypes import GoError

    return GoError(message)


@dataclass
class CurrentUser:
    """The SCIM `Me` user fields the helpers use."""

    user_name: str = ""
    id: str = ""
    display_name: str = ""


@dataclass
class Warehouse:
    id: str
    name: str
    state: str = "RUNNING"


_NO_AUTH = "cannot determine {what}: pass {flag} or configure Databricks authentication"
_SWALLOWED_CATALOG_ERRORS = ("PERMISSION_DENIED", "METASTORE_DOES_NOT_EXIST", "FEATURE_DISABLED")


def _profile_settings() -> dict[str, str]:
    """The selected profile of the Databricks config file (without importing the SDK)."""
    path = os.environ.get("DATABRICKS_CONFIG_FILE") or os.path.expanduser("~/.databrickscfg")
    profile = os.environ.get("DATABRICKS_CONFIG_PROFILE") or "DEFAULT"
    if not os.path.isfile(path):
        return {}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path)
    except configparser.Error:
        return {}
    if profile == "DEFAULT":
        return dict(parser.defaults())
    if parser.has_section(profile):
        return {k: v for k, v in parser.items(profile)}
    return {}


def configured_host() -> str:
    """The workspace host unified authentication would use, or ""."""
    return os.environ.get("DATABRICKS_HOST") or _profile_settings().get("host", "")


def configured_azure_resource_id() -> str:
    return os.environ.get("DATABRICKS_AZURE_RESOURCE_ID") or _profile_settings().get("azure_workspace_resource_id", "")


def normalize_host(host: str) -> str:
    """scheme://host[:port], as the Databricks SDK normalizes a configured host."""
    if "://" not in host:
        host = "https://" + host
    from ..gostd import url

    parsed = url.parse(host)
    if not parsed.Host:
        return f"{parsed.Scheme}:"
    return f"{parsed.Scheme}://{parsed.Host}"


@dataclass
class WorkspaceFacts:
    """Facts about the target workspace; None means "not given: ask the workspace if needed"."""

    workspace_host: str | None = None
    user_name: str | None = None
    display_name: str | None = None
    default_catalog: str | None = None
    azure_resource_id: str | None = None
    warehouses: list[Warehouse] | None = None
    bundle_uuid: str = field(default_factory=lambda: str(uuid_module.uuid4()))

    _user: CurrentUser | None = field(default=None, repr=False)
    _client: object = field(default=None, repr=False)

    @classmethod
    def from_mapping(cls, facts) -> "WorkspaceFacts":
        if isinstance(facts, WorkspaceFacts):
            return facts
        facts = dict(facts or {})
        unknown = set(facts) - {f for f in cls.__dataclass_fields__ if not f.startswith("_")}
        if unknown:
            raise TypeError(f"unknown workspace facts: {', '.join(sorted(unknown))}")
        if facts.get("bundle_uuid") is None:
            facts.pop("bundle_uuid", None)
        if facts.get("warehouses") is not None:
            facts["warehouses"] = [w if isinstance(w, Warehouse) else Warehouse(**w) for w in facts["warehouses"]]
        return cls(**facts)

    # -- the workspace host: configuration only, no HTTP -----------------------------------------

    def host(self) -> str:
        """The normalized host; GoError when there is none."""
        raw = self.workspace_host
        if raw is None:
            raw = configured_host()
            if not raw:
                raise _go_error(_NO_AUTH.format(what="target workspace", flag="--workspace-host"))
        if raw == "":
            raise _go_error(
                "cannot determine target workspace, please first setup a configuration profile using "
                "'databricks auth login'"
            )
        return normalize_host(raw)

    def is_azure(self) -> bool:
        resource_id = self.azure_resource_id
        if resource_id is None and self.workspace_host is None:
            resource_id = configured_azure_resource_id()
        if resource_id:
            return True
        return _hostname(self.host()).endswith((".azuredatabricks.net", ".databricks.azure.cn", ".databricks.azure.us"))

    def is_gcp(self) -> bool:
        return _hostname(self.host()).endswith(".gcp.databricks.com")

    # -- facts that need the workspace API -----------------------------------------------------------

    def current_user(self) -> CurrentUser:
        if self._user is None:
            if self.user_name is not None:
                self._user = CurrentUser(user_name=self.user_name, display_name=self.display_name or "")
            else:
                self._user = self._fetch_user()
        return self._user

    def catalog(self) -> str:
        if self.default_catalog is None:
            self.default_catalog = self._fetch_default_catalog()
        return self.default_catalog

    def sql_warehouses(self) -> list[Warehouse]:
        if self.warehouses is None:
            self.warehouses = self._fetch_warehouses()
        return self.warehouses

    def _workspace_client(self, what: str, flag: str):
        if self._client is None:
            if not (self.workspace_host or configured_host()):
                raise _go_error(_NO_AUTH.format(what=what, flag=flag))
            try:
                from databricks.sdk import WorkspaceClient
            except ImportError:
                raise _go_error(
                    _NO_AUTH.format(what=what, flag=flag) + " (install bricksmith[workspace] for the Databricks SDK)"
                ) from None
            try:
                kwargs = {"host": self.workspace_host} if self.workspace_host else {}
                self._client = WorkspaceClient(**kwargs)
            except Exception as exc:  # the SDK raises many kinds of configuration errors
                raise _go_error(str(exc)) from None
        return self._client

    def _fetch_user(self) -> CurrentUser:
        client = self._workspace_client("the current user", "--user-name")
        try:
            me = client.current_user.me()
        except Exception as exc:
            raise _go_error(str(exc)) from None
        return CurrentUser(user_name=me.user_name or "", id=me.id or "", display_name=me.display_name or "")

    def _fetch_default_catalog(self) -> str:
        client = self._workspace_client("the default catalog", "--default-catalog")
        try:
            return client.metastores.current().default_catalog_name or ""
        except Exception as exc:
            code = getattr(exc, "error_code", None)
            if code in _SWALLOWED_CATALOG_ERRORS or str(exc).startswith("Bad Target"):
                return ""  # no Unity Catalog, or not allowed to see it
            raise _go_error(str(exc)) from None

    def _fetch_warehouses(self) -> list[Warehouse]:
        client = self._workspace_client("the SQL warehouses", "a value in --config-file")
        try:
            return [
                Warehouse(id=w.id, name=w.name or "", state=getattr(w.state, "value", str(w.state or "")))
                for w in client.warehouses.list()
            ]
        except Exception as exc:
            raise _go_error(str(exc)) from None


def _hostname(host: str) -> str:
    from ..gostd import url

    return url.parse(host).Hostname()


_WAREHOUSE_STATE_RANK = {"RUNNING": 0, "STARTING": 1, "STOPPED": 2, "STOPPING": 3}


def compatible_warehouses(facts: WorkspaceFacts) -> list[Warehouse]:
    """Usable SQL warehouses, best first: running, starting, stopped, stopping; then by name."""
    usable = [w for w in facts.sql_warehouses() if w.state not in ("DELETED", "DELETING")]
    usable.sort(key=lambda w: (_WAREHOUSE_STATE_RANK.get(w.state, len(_WAREHOUSE_STATE_RANK)), w.name.lower()))
    if not usable:
        raise _go_error("no compatible warehouses")
    return usable


def warehouse_path(warehouse: Warehouse) -> str:
    return f"/sql/1.0/warehouses/{warehouse.id}"
