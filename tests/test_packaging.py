"""Packaging: the two commands, CI, and the dependency lists kept in step."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_runtime_dependencies_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(r) for r in dep["pip"] if not r.startswith("-e")}
        else:
            conda.add(_name(dep))
    optional = {_name(r) for extra in project["optional-dependencies"].values() for r in extra}
    assert (conda | pip) - {"python", "pip"} - optional == runtime
    assert {_name(r) for r in project["optional-dependencies"]["scale"]} <= conda  # Dask is in the environment
    assert "conda-forge" in env["channels"]
    assert any(d == {"pip": d["pip"]} and "-e ." in d["pip"] for d in env["dependencies"] if isinstance(d, dict))


def test_readme_gives_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_licence():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "GPL-3.0-or-later"
    assert "GPL-3.0-or-later" in (ROOT / "LICENSE").read_text(encoding="utf-8")
