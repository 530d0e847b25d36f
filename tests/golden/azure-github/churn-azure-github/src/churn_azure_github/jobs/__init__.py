"""Entry points of the Databricks jobs, one module each (see `[project.scripts]` in pyproject.toml).

Each is a thin wrapper: it reads the task's parameters, calls the package's modules, and hands
values to later tasks. Run one locally with the same parameters as the job, for example
`python -m <your package>.jobs.train --help` (the package under src/).
"""
