"""Binder and JupyterHub get the same environment as `make lab`.

repo2docker builds from `environment.yml` (conda) and then runs `postBuild`; it cannot be reached
from here, so these tests check what can be checked offline: the file parses, names the same
packages with the same version bounds as pyproject's runtime dependencies, keeps `pip` (postBuild
needs it), postBuild is executable and installs the package, and README's launch links each open
an existing lesson, one per lesson.
"""

from __future__ import annotations

import os
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LESSON = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")
BINDER_LINK = re.compile(
    r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+\?urlpath=(?:%2F)?lab(?:/|%2F)tree(?:/|%2F)([^)\s\"'>]+)")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda_dependencies() -> dict[str, str]:
    """environment.yml's conda dependencies as {name: version spec}."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert isinstance(env, dict) and env.get("dependencies"), "environment.yml needs a dependencies list"
    specs = {}
    for entry in env["dependencies"]:
        assert isinstance(entry, str), (
            f"environment.yml: {entry!r}: list conda packages only; the course itself is installed "
            "by postBuild (a `pip:` section rebuilds the whole environment on every change)")
        match = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", entry.strip())
        assert match, f"environment.yml: cannot read {entry!r}"
        specs[match.group(1).lower()] = match.group(2).replace(" ", "")
    return specs


def _runtime_requirements() -> dict[str, Requirement]:
    return {Requirement(r).name.lower(): Requirement(r) for r in _pyproject()["project"]["dependencies"]}


def test_environment_yml_parses_and_uses_conda_forge():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["name"]
    assert "conda-forge" in env["channels"]


def test_environment_names_match_pyproject_dependencies():
    conda = _conda_dependencies()
    runtime = _runtime_requirements()
    extra = sorted(set(conda) - set(runtime) - {"python", "pip"})
    assert set(conda) == set(runtime) | {"python", "pip"}, (
        "environment.yml and pyproject.toml [project.dependencies] must list the same packages "
        f"(plus python and pip): only in environment.yml {extra}, "
        f"only in pyproject {sorted(set(runtime) - set(conda))}")


def test_environment_version_bounds_match_pyproject():
    conda = _conda_dependencies()
    for name, requirement in _runtime_requirements().items():
        assert SpecifierSet(conda[name]) == requirement.specifier, (
            f"{name}: environment.yml says {conda[name]!r}, pyproject says {str(requirement.specifier)!r}")


def test_environment_python_satisfies_requires_python():
    python = _conda_dependencies()["python"].lstrip("=")
    assert re.fullmatch(r"\d+\.\d+", python), "pin python to a minor version, e.g. python=3.11"
    assert Version(python) in SpecifierSet(_pyproject()["project"]["requires-python"])


def test_postbuild_is_executable_and_installs_the_package():
    post_build = ROOT / "postBuild"
    assert os.access(post_build, os.X_OK), "make postBuild executable: git update-index --chmod=+x postBuild"
    text = post_build.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert text.startswith("#!/bin/bash") or text.startswith("#!/usr/bin/env bash")
    assert "set -e" in lines, "postBuild must stop at the first failing command"
    installs = [shlex.split(ln) for ln in lines if "pip" in ln and "install" in ln]
    assert any(args[-1] == "." for args in installs), "postBuild must pip-install the course package (.)"
    for args in (shlex.split(ln) for ln in lines):
        for arg in args:
            if arg.startswith("scripts/"):
                assert (ROOT / arg).exists(), f"postBuild runs {arg}, which does not exist"


def _readme_targets(readme: str | None = None) -> list[str]:
    """The repository paths README's Binder links open."""
    if readme is None:
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [target.replace("%2F", "/").split("#")[0] for target in BINDER_LINK.findall(readme)]


def test_binder_link_pattern_reads_lesson_paths():
    sample = ("[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/o/r/HEAD)\n"
              "[06](https://mybinder.org/v2/gh/o/r/HEAD?urlpath=lab/tree/notebooks/06-session-planning.ipynb)\n"
              "<https://mybinder.org/v2/gh/o/r/main?urlpath=lab%2Ftree%2Fnotebooks%2F00-start-here.ipynb>")
    assert _readme_targets(sample) == ["notebooks/06-session-planning.ipynb", "notebooks/00-start-here.ipynb"]


def test_readme_binder_links_open_existing_notebooks():
    targets = _readme_targets()
    if not targets:
        pytest.fail("README.md has no Binder launch links "
                    "(https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=lab/tree/notebooks/<lesson>.ipynb)")
    missing = [t for t in targets if not (ROOT / t).is_file()]
    assert not missing, f"README Binder links point at missing files: {missing}"


def test_every_lesson_has_a_binder_link():
    linked = {Path(t).name for t in _readme_targets()}
    lessons = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb") if LESSON.match(p.name))
    assert lessons, "no lessons found in notebooks/"
    unlinked = [name for name in lessons if name not in linked]
    assert not unlinked, f"README.md has no Binder launch link for: {unlinked}"
