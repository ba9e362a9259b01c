"""environment.yml (Binder, conda) and pyproject.toml must not drift apart."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_lists_every_runtime_dependency_and_nothing_else():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    runtime = {_name(d) for d in project["dependencies"]}
    listed = {_name(d) for d in conda} - {"python", "pip"}
    assert runtime == listed
    versions = {_name(d): d.replace(" ", "") for d in project["dependencies"]}
    for dep in conda:
        if _name(dep) in versions:
            assert dep.replace(" ", "") == versions[_name(dep)], f"{dep} differs from pyproject"
    assert "-e ." in pip, "environment.yml must install the package itself"


def test_environment_pins_a_python_new_enough_for_the_stack():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    (python,) = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    major, minor = map(int, python.split("=")[1].split(".")[:2])
    assert (major, minor) >= (3, 11)
