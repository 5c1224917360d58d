"""`make lab` opens the course safely: localhost only, token on, at the start page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_localhost_with_a_token_at_the_start_page() -> None:
    # -n prints the commands without running them; -W marks the install stamp fresh.
    out = subprocess.run(["make", "-n", "-W", ".venv/.installed", "lab"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    command = " ".join(line.rstrip("\\").strip() for line in out.splitlines() if line.strip())
    lab = command[command.index("jupyter lab"):]
    assert "--ip=127.0.0.1" in lab
    assert not re.search(r"token=(''|\"\"|\s|$)", lab), "token authentication must stay on"
    assert "--no-browser" not in lab or "default_url" in lab
    start = re.search(r"--LabApp\.default_url=/lab/tree/(\S+)", lab)
    assert start, lab
    assert (ROOT / start.group(1)) == ROOT / "notebooks" / "00-start-here.ipynb"
    assert (ROOT / start.group(1)).exists()
