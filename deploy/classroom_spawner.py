"""Learners' servers on one machine: each learner is a separate system user (the Littlest JupyterHub way).

The hub creates the system user on a learner's first start (`useradd`, private home, mode 700), starts
`jupyterhub-singleuser` as that user, and, where the kernel lets it, puts the server and its kernels
in a memory cgroup so one learner cannot take the machine's memory from the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import subprocess
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import List, Unicode

MEMORY_CGROUPS = Path("/sys/fs/cgroup/memory")  # cgroup v1 memory controller, where mounted writable


def ensure_system_user(name: str, home: Path) -> pwd.struct_passwd:
    """The system account `name`, created with a private home folder if it does not exist yet."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    home.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                    "--user-group", name], check=True, capture_output=True, text=True)
    home.chmod(0o700)  # other learners cannot list or read it
    return pwd.getpwnam(name)


def memory_cgroup(group: str, limit_bytes: int) -> Path | None:
    """A memory cgroup capped at `limit_bytes`; None where cgroups cannot be written (nothing enforced)."""
    folder = MEMORY_CGROUPS / group
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "memory.limit_in_bytes").write_text(str(limit_bytes))
    except OSError:
        return None
    swap_cap = folder / "memory.memsw.limit_in_bytes"  # memory + swap; present only with swap accounting
    if swap_cap.exists():
        with contextlib.suppress(OSError):
            swap_cap.write_text(str(limit_bytes))
    return folder


class LearnerSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that runs each hub user as the system user `<prefix><name>`, created on demand."""

    system_user_prefix = Unicode("learner-", config=True,
                                 help="Prefix of learners' system account names (TLJH uses 'jupyter-').")
    home_root = Unicode("/home", config=True, help="Folder holding the learners' home folders.")
    course_folder = Unicode("microneedling-course", config=True,
                            help="Folder in each home that the nbgitpuller link pulls the course into.")
    cgroup_parent = Unicode("microneedling-hub", config=True,
                            help="Memory cgroup (under /sys/fs/cgroup/memory) holding one group per learner.")
    trusted_course_repos = List(Unicode(), config=True,
                                help="Local course repositories owned by another account that learners may "
                                     "pull from (git refuses them otherwise: 'dubious ownership').")
    git_config_path = Unicode(config=True,
                              help="Root-owned git config naming the trusted repositories, given to learners "
                                   "as GIT_CONFIG_GLOBAL (it includes their own ~/.gitconfig).")

    @property
    def system_user(self) -> str:
        return self.system_user_prefix + self.user.name

    @property
    def home(self) -> Path:
        return Path(self.home_root) / self.system_user

    def _memory_group(self) -> Path | None:
        if not self.mem_limit:
            return None
        folder = memory_cgroup(f"{self.cgroup_parent}/{self.system_user}", int(self.mem_limit))
        if folder is None:
            self.log.warning("Memory limit for %s not enforced: cannot write memory cgroups here",
                             self.user.name)
        return folder

    def make_preexec_fn(self, name):
        """Join the learner's memory cgroup (while still root), then become the learner."""
        become_learner = set_user_setuid(self.system_user)
        group = self._memory_group()

        def preexec():
            if group is not None:
                (group / "cgroup.procs").write_text(str(os.getpid()))
            become_learner()

        return preexec

    def user_env(self, env):
        account = pwd.getpwnam(self.system_user)
        env.update(USER=self.system_user, LOGNAME=self.system_user, HOME=account.pw_dir,
                   SHELL=account.pw_shell)
        # Import the course from the learner's pulled copy, so a content fix arrives with the next click.
        env["PYTHONPATH"] = os.path.join(account.pw_dir, self.course_folder)
        env["MICRONEEDLING_COURSE_HOME"] = os.path.join(account.pw_dir, ".microneedling-course")
        if self.trusted_course_repos and self.git_config_path:
            # git ignores safe.directory given through GIT_CONFIG_COUNT for local clones; a global file works.
            env["GIT_CONFIG_GLOBAL"] = self.git_config_path
        return env

    def _write_git_config(self) -> None:
        lines = ["[safe]"] + [f"\tdirectory = {path}" for repo in self.trusted_course_repos
                              for path in (repo, os.path.join(repo, ".git"))]
        text = "\n".join([*lines, "[include]", "\tpath = ~/.gitconfig", ""])
        target = Path(self.git_config_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text() != text:
            target.write_text(text)
            target.chmod(0o644)

    async def start(self):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, ensure_system_user, self.system_user, self.home)
        if self.trusted_course_repos and self.git_config_path:
            self._write_git_config()
        return await super().start()
