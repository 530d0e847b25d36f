"""`bricksmith init`: the Databricks CLI's `bundle init`, offline.

One module per job, in pipeline order: `reader` (where the template is), `schema` (its questions),
`config` (given values, defaults, validation), `prompt` (interactive answers), `renderer` (the
execute primitive, libraries and the walk of `template/`), `writer` (collision checks and the
atomic write), `messages` (welcome, success and JSON output); `run` strings them together.
`helpers` and `workspace` provide the template helper functions and the workspace facts they read.
Nothing is imported here, so that starting the command loads only what it uses.
"""
