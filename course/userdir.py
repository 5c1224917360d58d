"""Where the course saves a learner's files, and how it writes them safely.

Saved plans and progress live in a user folder, never in the repository:
`$MICRONEEDLING_COURSE_HOME` when set, otherwise `~/.microneedling-course`.
Writes go to a temporary file in the same folder and are renamed into place, so a crash
never leaves a half-written file; an existing file is only replaced when asked.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

ENV_VAR = "MICRONEEDLING_COURSE_HOME"


def user_dir(*parts: str) -> Path:
    """The course's user folder (or a sub-folder of it), created if missing."""
    base = Path(os.environ.get(ENV_VAR) or Path.home() / ".microneedling-course")
    folder = base.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def atomic_write_text(path: Path, text: str, overwrite: bool = False) -> Path:
    """Write `text` to `path` all at once; refuse to replace an existing file unless `overwrite`."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path.name} already exists; choose another name or allow overwrite.")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp_name, path)
        else:
            os.link(tmp_name, path)  # fails if `path` appeared meanwhile: never clobbers
            os.unlink(tmp_name)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise
    return path


LEARNER_FILE = "learner-id"


def learner_id() -> str:
    """A random id for this learner, made once and kept in the user folder (no personal data)."""
    path = user_dir() / LEARNER_FILE
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        saved = ""
    if len(saved) == 32 and all(c in "0123456789abcdef" for c in saved):
        return saved
    new_id = secrets.token_hex(16)
    atomic_write_text(path, new_id + "\n", overwrite=True)
    return new_id
