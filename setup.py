"""Build hook: the wheel carries the repository's own template.

The template lives once, at the repository root (`databricks_template_schema.json`, `template/`,
`library/`), because `databricks bundle init <repo>` reads it there.  When a wheel is built, those
files are copied into the package as `bricksmith/_template/` so that `bricksmith init` works from
an installed wheel too.  Nothing is duplicated in git.
"""

import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = os.path.dirname(os.path.abspath(__file__))
TEMPLATE_ENTRIES = ("databricks_template_schema.json", "template", "library")


class build_py_with_template(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return  # an editable install finds the template at the repository root
        dest = os.path.join(self.build_lib, "bricksmith", "_template")
        if os.path.exists(dest):
            shutil.rmtree(dest)
        os.makedirs(dest)
        for entry in TEMPLATE_ENTRIES:
            src = os.path.join(ROOT, entry)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(dest, entry), symlinks=False)
            elif os.path.isfile(src):
                shutil.copy2(src, os.path.join(dest, entry))


setup(cmdclass={"build_py": build_py_with_template})
