"""Start (or stop) the class hub: the proxy, then JupyterHub with deploy/jupyterhub_config.py.

`python scripts/hub_serve.py` runs until Ctrl-C; learners' servers and the proxy keep running across hub
restarts. `python scripts/hub_serve.py stop` stops every learner's server, the hub and the proxy.
Settings come from MNHUB_* environment variables (see deploy/jupyterhub_config.py).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PROXY_BIN = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
# The hub and learners' servers run from their own environment, which every learner account can read
# (make hub builds it; the project's .venv may sit where learners cannot reach it).
HUB_ENV = Path(os.environ.get("MNHUB_ENV", "/opt/microneedling-hub/env"))


@dataclass
class HubSettings:
    """Where the hub listens and keeps its state; defaults match deploy/jupyterhub_config.py."""

    state_dir: Path = DEPLOY / "state"
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    instructor: str = "instructor"
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> HubSettings:
        env = os.environ
        return cls(state_dir=Path(env.get("MNHUB_STATE_DIR", DEPLOY / "state")),
                   ip=env.get("MNHUB_IP", "127.0.0.1"),
                   port=int(env.get("MNHUB_PORT", 8000)), hub_port=int(env.get("MNHUB_HUB_PORT", 8081)),
                   proxy_api_port=int(env.get("MNHUB_PROXY_API_PORT", 8001)),
                   instructor=env.get("MNHUB_INSTRUCTOR", "instructor"))

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.ip in ("0.0.0.0", "::") else self.ip
        scheme = "https" if os.environ.get("MNHUB_SSL_CERT") else "http"
        return f"{scheme}://{host}:{self.port}"

    def env(self) -> dict[str, str]:
        """The environment both processes need: settings plus the shared proxy token."""
        token_file = self.state_dir / "proxy-token"
        if not token_file.exists():
            _write_private(token_file, secrets.token_hex(32))
        return {**os.environ, **self.extra_env, "MNHUB_STATE_DIR": str(self.state_dir), "MNHUB_IP": self.ip,
                "MNHUB_PORT": str(self.port), "MNHUB_HUB_PORT": str(self.hub_port),
                "MNHUB_PROXY_API_PORT": str(self.proxy_api_port), "MNHUB_INSTRUCTOR": self.instructor,
                "CONFIGPROXY_AUTH_TOKEN": token_file.read_text().strip()}


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text + "\n")


def check_network_setting(ip: str) -> None:
    """Refuse to serve a network in clear text unless told TLS is handled in front of the hub."""
    loopback = ip == "localhost" or ipaddress.ip_address(ip).is_loopback
    has_tls = os.environ.get("MNHUB_SSL_CERT") and os.environ.get("MNHUB_SSL_KEY")
    if not (loopback or has_tls or os.environ.get("MNHUB_PLAIN_HTTP_BEHIND_TLS_PROXY") == "1"):
        sys.exit(f"Refusing to serve {ip} without TLS: set MNHUB_SSL_CERT and MNHUB_SSL_KEY "
                 "(see docs/teaching-at-scale.md), or MNHUB_PLAIN_HTTP_BEHIND_TLS_PROXY=1 behind a TLS "
                 "proxy.")


def wait_for(url: str, seconds: float = 60, process: subprocess.Popen | None = None,
             headers: dict | None = None) -> None:
    """Poll `url` until it answers (any HTTP status), or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with code {process.returncode}")
        try:
            requests.get(url, timeout=2, allow_redirects=False, headers=headers)
            return
        except requests.ConnectionError:
            time.sleep(0.3)
    raise TimeoutError(f"nothing answered at {url} within {seconds:.0f} s")


def start_proxy(settings: HubSettings, log=None) -> subprocess.Popen | None:
    """Start configurable-http-proxy unless one already answers on its API port; pid in the state folder."""
    try:
        token = settings.env()["CONFIGPROXY_AUTH_TOKEN"]
        requests.get(f"http://127.0.0.1:{settings.proxy_api_port}/api/routes", timeout=2,
                     headers={"Authorization": f"token {token}"})
        return None  # still running from before a hub restart
    except requests.ConnectionError:
        pass
    args = [str(PROXY_BIN), "--ip", settings.ip, "--port", str(settings.port), "--api-ip", "127.0.0.1",
            "--api-port", str(settings.proxy_api_port), "--default-target", f"http://127.0.0.1:{settings.hub_port}",
            "--error-target", f"http://127.0.0.1:{settings.hub_port}/hub/error", "--log-level", "warn"]
    if os.environ.get("MNHUB_SSL_CERT"):
        args += ["--ssl-cert", os.environ["MNHUB_SSL_CERT"], "--ssl-key", os.environ["MNHUB_SSL_KEY"]]
    proxy = subprocess.Popen(args, env=settings.env(), stdout=log, stderr=log, start_new_session=True)
    _write_private(settings.state_dir / "proxy.pid", str(proxy.pid))
    wait_for(f"http://127.0.0.1:{settings.proxy_api_port}/api/routes", 30, proxy,
             {"Authorization": f"token {settings.env()['CONFIGPROXY_AUTH_TOKEN']}"})
    return proxy


def start_hub(settings: HubSettings, config: Path = DEPLOY / "jupyterhub_config.py",
              log=None) -> subprocess.Popen:
    """Start JupyterHub in its state folder and wait until its API answers."""
    settings.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    hub = subprocess.Popen([str(HUB_ENV / "bin" / "jupyterhub"), "-f", str(config)], cwd=settings.state_dir,
                           env=settings.env(), stdout=log, stderr=log, start_new_session=True)
    wait_for(f"http://127.0.0.1:{settings.hub_port}/hub/api", 120, hub)
    return hub


def stop_process(process: subprocess.Popen | int, seconds: float = 20) -> None:
    """Stop one process we started (SIGTERM, then SIGKILL after `seconds`)."""
    pid = process if isinstance(process, int) else process.pid
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if isinstance(process, subprocess.Popen):
            if process.poll() is not None:
                return
        else:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)


def ensure_instructor(settings: HubSettings) -> str | None:
    """On first start, claim the instructor's account with a generated password kept in the state folder."""
    from hub_client import HubClient  # scripts/ is on sys.path when this file runs

    password_file = settings.state_dir / "instructor-password.txt"
    if password_file.exists():
        return None
    password = secrets.token_urlsafe(12)
    client = HubClient(settings.url)
    client.sign_up(settings.instructor, password)
    if not client.log_in(settings.instructor, password):
        return f"Could not create the instructor account '{settings.instructor}': was the name taken already?"
    _write_private(password_file, password)
    return f"Instructor account '{settings.instructor}' created; its password is in {password_file}"


def serve() -> None:
    settings = HubSettings.from_env()
    check_network_setting(settings.ip)
    start_proxy(settings)
    hub = start_hub(settings)
    message = ensure_instructor(settings)
    print(f"\nThe class hub is at {settings.url}/hub/login", flush=True)
    if message:
        print(message, flush=True)
    print("Ctrl-C stops the hub; learners' servers and the proxy keep running "
          "(`make hub-stop` stops everything).", flush=True)
    try:
        hub.wait()
    except KeyboardInterrupt:
        stop_process(hub)


def stop() -> None:
    """Stop all learners' servers (through the hub), the hub and the proxy."""
    settings = HubSettings.from_env()
    for name in ("jupyterhub.pid", "proxy.pid"):
        pid_file = settings.state_dir / name
        if name == "proxy.pid":
            for pid in learner_server_pids():
                stop_process(pid, 10)
        if pid_file.exists():
            stop_process(int(pid_file.read_text()))
            pid_file.unlink(missing_ok=True)  # the hub removes its own on exit


def learner_server_pids() -> list[int]:
    """Process ids of single-user servers recorded in the hub database."""
    import sqlite3

    database = HubSettings.from_env().state_dir / "jupyterhub.sqlite"
    if not database.exists():
        return []
    import json

    with sqlite3.connect(database) as db:
        states = [row[0] for row in db.execute("SELECT state FROM spawners WHERE state IS NOT NULL")]
    return [state["pid"] for state in map(json.loads, states) if state.get("pid")]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    stop() if sys.argv[1:] == ["stop"] else serve()
