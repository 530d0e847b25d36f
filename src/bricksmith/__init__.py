"""bricksmith: an offline, byte-exact `databricks bundle init`, and the MLOps template it ships.

Python API::

    import bricksmith

    written = bricksmith.render(None, {"input_project_name": "churn"}, "out/")

`render` runs `init` non-interactively and returns the written files.  Parsed schemas, libraries
and templates are cached per process, so rendering many configurations of one template is cheap.
Importing this package loads nothing else: the command line starts fast.
"""

from __future__ import annotations

import os

__version__ = "0.1.0"
__all__ = ["InitError", "__version__", "render"]


def __getattr__(name: str):
    if name == "InitError":
        from .initcmd.errors import InitError

        return InitError
    raise AttributeError(f"module 'bricksmith' has no attribute {name!r}")


def render(
    template_path: str | os.PathLike | None,
    config: dict | str | os.PathLike | None,
    output_dir: str | os.PathLike,
    *,
    template_dir: str = "",
    tag: str = "",
    branch: str = "",
    **facts,
) -> list[str]:
    """Render a template into output_dir without prompting; return the written paths, sorted.

    template_path: a local directory, a git URL, or None for bricksmith's own template
        (template_dir, tag and branch select what to clone, as the CLI flags do).
    config: input values as a dict (checked like a config file's) or the path of a JSON config
        file; properties it leaves out take their defaults.
    facts: workspace facts for the helpers -- workspace_host, user_name, display_name,
        default_catalog, azure_resource_id, bundle_uuid -- and `libraries`, a list of extra
        library directories.  Facts not given are asked from Databricks authentication only if
        the template needs them.

    Raises bricksmith.InitError with the Databricks CLI's error text.
    """
    from .initcmd.run import InitRequest, run
    from .initcmd.workspace import WorkspaceFacts

    libraries = [os.fspath(d) for d in facts.pop("libraries", ()) or ()]
    request = InitRequest(
        template_path=os.fspath(template_path) if template_path is not None else None,
        output_dir=os.fspath(output_dir),
        template_dir=template_dir,
        tag=tag,
        branch=branch,
        libraries=libraries,
        facts=WorkspaceFacts.from_mapping(facts),
    )
    if isinstance(config, (str, os.PathLike)):
        request.config_file = os.fspath(config)
    else:
        request.config = dict(config or {})
    return run(request).written
