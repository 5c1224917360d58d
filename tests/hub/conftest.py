"""A real class hub for the tests in this folder: proxy, JupyterHub and learners as system users.

Needs root (it creates and removes learner accounts), the hub environment and the proxy that `make hub-deps`
installs. Elsewhere the tests skip; under CI=true a missing piece is an error instead.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))

from hub_serve import HUB_ENV, PROXY_BIN  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers",
                            "hub: starts a real JupyterHub with learners as system users (tests/hub)")


def _missing() -> str | None:
    if os.geteuid() != 0:
        return "the hub tests create system accounts: run them as root"
    if shutil.which("useradd") is None:
        return "useradd is not installed"
    if not (HUB_ENV / "bin" / "jupyterhub").exists():
        return f"no hub environment at {HUB_ENV}: run `make hub-deps`"
    if not PROXY_BIN.exists():
        return "configurable-http-proxy is not installed: run `make hub-deps`"
    return None


@pytest.fixture(scope="module")
def classroom():
    """A running hub with its instructor logged in; everything it made is removed afterwards."""
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    from hub_sandbox import ClassroomSandbox

    box = ClassroomSandbox()
    try:
        yield box
    finally:
        box.close()
