"""Shared test set-up: no test can touch a real learner's folder.

Every test gets its own course home (`$MICRONEEDLING_COURSE_HOME`) in its `tmp_path`, so saved plans,
handouts, progress and results land there; `home` is that folder for tests that look inside it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from course.userdir import ENV_VAR

# Before any test module is imported: code that runs at import time never sees the real home either.
_SESSION_HOME = tempfile.mkdtemp(prefix="course-home-tests-")
os.environ[ENV_VAR] = _SESSION_HOME
atexit.register(shutil.rmtree, _SESSION_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """This test's course home: its own `tmp_path`."""
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    return tmp_path
