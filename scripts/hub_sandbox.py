"""A throw-away class hub for tests and benchmarks: free localhost ports, a temporary state folder, learners'
system accounts under a unique prefix, a local clone of the course as the nbgitpuller source.

Everything it creates (processes, accounts, homes, cgroups, files) is removed by `close()`.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from hub_client import HubClient
from hub_serve import ROOT, HubSettings, start_hub, start_proxy, stop_process

MEMORY_CGROUPS = Path("/sys/fs/cgroup/memory")
COURSE_FOLDER = "microneedling-course"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Learner:
    client: HubClient
    password: str

    @property
    def name(self) -> str:
        return self.client.name or ""


class ClassroomSandbox:
    """Start with `ClassroomSandbox()` (proxy + hub running, instructor logged in); always call `close()`."""

    def __init__(self, memory_limit: str = "1G"):
        self.base = Path(tempfile.mkdtemp(prefix="mnhub-"))
        self.base.chmod(0o755)  # learners must reach their homes and the course source below it
        self.prefix = f"mnt{secrets.token_hex(2)}-"
        self.home_root = self.base / "home"
        self.home_root.mkdir(mode=0o755)
        self.course_repo = self.base / "course-source"
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(self.course_repo)],
                       check=True)
        self.branch = _git(self.course_repo, "rev-parse", "--abbrev-ref", "HEAD")
        self.log = open(self.base / "hub.log", "ab")  # noqa: SIM115 (closed in close())
        self.settings = HubSettings(
            state_dir=self.base / "state", port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
            instructor=f"{self.prefix.rstrip('-')}teacher",
            extra_env={"MNHUB_USER_PREFIX": self.prefix, "MNHUB_HOME_ROOT": str(self.home_root),
                       "MNHUB_COURSE_REPO": str(self.course_repo), "MNHUB_MEM_LIMIT": memory_limit,
                       "MNHUB_GIT_CONFIG": str(self.base / "gitconfig"),
                       "MNHUB_CGROUP_PARENT": f"microneedling-hub-{self.prefix.rstrip('-')}"})
        self.proxy = self.hub = None
        try:
            self.proxy = start_proxy(self.settings, self.log)
            self.hub = start_hub(self.settings, log=self.log)
            self.instructor = self.sign_up(self.settings.instructor, approve=False)
        except BaseException:
            self.close()
            raise

    @property
    def url(self) -> str:
        return self.settings.url

    def sign_up(self, name: str, approve: bool = True) -> Learner:
        """Sign a user up (and have the instructor approve them); returns them logged in."""
        client, password = HubClient(self.url), secrets.token_urlsafe(12)
        client.sign_up(name, password).raise_for_status()
        if approve:
            self.instructor.client.approve(name)
        if not client.log_in(name, password):
            raise RuntimeError(f"{name} could not log in after signing up (see {self.base / 'hub.log'})")
        return Learner(client, password)

    def system_user(self, name: str) -> pwd.struct_passwd:
        return pwd.getpwnam(self.prefix + name)

    def restart_hub(self) -> None:
        stop_process(self.hub)
        self.hub = start_hub(self.settings, log=self.log)

    def update_course(self, path: str, text: str, message: str) -> None:
        """The instructor changes a file in the course source and commits it."""
        (self.course_repo / path).write_text(text, encoding="utf-8")
        _git(self.course_repo, "add", path)
        _git(self.course_repo, "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org",
             "commit", "--quiet", "-m", message)

    def learner_pids(self) -> list[int]:
        """Processes running as any of this sandbox's learners."""
        uids = {entry.pw_uid for entry in pwd.getpwall() if entry.pw_name.startswith(self.prefix)}
        return [proc.pid for proc in psutil.process_iter(["uids"]) if proc.info["uids"] and
                proc.info["uids"].real in uids]

    def close(self) -> None:
        """Stop learners' servers, the hub and the proxy; remove accounts, homes, cgroups and files."""
        if self.hub is not None:
            stop_process(self.hub)
        for pid in self.learner_pids():
            with contextlib.suppress(OSError):
                os.killpg(os.getpgid(pid), signal.SIGTERM)
        time.sleep(1)
        for pid in self.learner_pids():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if self.proxy is not None:
            stop_process(self.proxy)
        shutil.rmtree(self.home_root, ignore_errors=True)  # faster than userdel --remove, one by one
        for entry in pwd.getpwall():
            if entry.pw_name.startswith(self.prefix):
                subprocess.run(["userdel", entry.pw_name], capture_output=True)
        cgroups = MEMORY_CGROUPS / f"microneedling-hub-{self.prefix.rstrip('-')}"
        if cgroups.exists():
            for group in cgroups.iterdir():
                if group.is_dir():
                    with contextlib.suppress(OSError):
                        group.rmdir()
            with contextlib.suppress(OSError):
                cgroups.rmdir()
        self.log.close()
        shutil.rmtree(self.base, ignore_errors=True)


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True)
    return done.stdout.strip()
