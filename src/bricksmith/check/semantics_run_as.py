"""`run_as`: the identity jobs, pipelines and alerts run as, checked per target as
bundle/config/mutator/resourcemutator/run_as.go checks it, as far as no workspace is needed.

- `run_as` names exactly one non-empty identity: user_name, service_principal_name or group_name;
- a group identity is never the deploying user, so resources whose APIs cannot run as someone
  else (model serving endpoints, quality monitors, apps, dashboards with embed_credentials)
  cannot be deployed with it, and every alert must set its own user or service principal;
- experimental.use_legacy_run_as does not support groups, and is itself a warning.

Whether a user or service principal differs from the deploying identity is only known when the
CLI logs in, so resources that refuse those are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from .problem import WARNING, Problem
from .semantics_bundle import Bundle
from .semantics_effective import line, mapping, per_target, resources

RUN_AS_RULE = "run-as"

IDENTITIES = ("user_name", "service_principal_name", "group_name")
NO_RUN_AS = ("model_serving_endpoints", "quality_monitors", "apps")


def check_run_as(bundle: Bundle) -> Iterator[Problem]:
    for target, config in per_target(bundle):
        if "run_as" not in config or isinstance(config.get("run_as"), str):
            continue  # no run_as, or a complex variable's value: unknown here
        run_as = mapping(config.get("run_as"))
        where = config.key_at("run_as")
        experimental = mapping(config.get("experimental"))
        legacy = experimental is not None and experimental.get("use_legacy_run_as") is True
        if legacy:
            if run_as is not None and "group_name" in run_as:
                at = run_as.key_at("group_name")
                yield Problem(at[0].rel, line(at), RUN_AS_RULE,
                              "run_as.group_name does not work with experimental.use_legacy_run_as: "
                              "disable the legacy mode to run as a group")
            else:
                at = experimental.key_at("use_legacy_run_as")
                yield Problem(at[0].rel, line(at), RUN_AS_RULE,
                              "experimental.use_legacy_run_as is an experimental mode that makes the "
                              "run_as identity the owner of every pipeline (which needs a workspace admin "
                              "to deploy) and may be removed",
                              severity=WARNING)
            continue
        identities = [k for k in IDENTITIES if run_as is not None and _text(run_as.get(k))]
        if len(identities) != 1:
            yield Problem(where[0].rel, line(where), RUN_AS_RULE,
                          "run_as must name exactly one identity: user_name, service_principal_name "
                          f"or group_name ({', '.join(identities) or 'none'} given)")
            continue
        if identities != ["group_name"]:
            continue
        group = _text(run_as.get("group_name"))
        for key, alert in resources(config, "alerts"):
            if alert.get("run_as") is None:
                at = alert.at
                yield Problem(at[0].rel, line(at), RUN_AS_RULE,
                              f"alert '{key}' cannot run as group '{group}': set run_as.user_name or "
                              "run_as.service_principal_name on the alert")
        section = mapping(config.get("resources"))
        for rtype in NO_RUN_AS:
            group_block = section.get(rtype) if section is not None else None
            if isinstance(group_block, dict) and group_block:
                at = section.key_at(rtype)
                yield Problem(at[0].rel, line(at), RUN_AS_RULE, _unsupported(rtype, group))
        for key, dashboard in resources(config, "dashboards"):
            if dashboard.get("embed_credentials") is True:
                at = dashboard.key_at("embed_credentials")
                yield Problem(at[0].rel, line(at), RUN_AS_RULE,
                              _unsupported(f"dashboard '{key}' (embed_credentials: true)", group))


def _unsupported(what: str, group: str) -> str:
    return (f"{what} cannot run as anyone but the deploying identity, and run_as names group "
            f"'{group}': deploy them from a bundle (or target) without run_as")


def _text(value) -> str:
    return value if isinstance(value, str) else ""

