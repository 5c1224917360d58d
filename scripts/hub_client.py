"""A learner's or instructor's side of the class hub, over HTTP: sign up, log in, start a server, pull the
course, run code in a kernel. Used by tests/hub and benchmarks/classroom.py the way a browser would be.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import requests
import websocket


@dataclass
class Reply:
    """What one execute request produced: error text (or ""), stdout, widget messages and elapsed seconds."""

    error: str
    stdout: str
    comm_messages: int
    seconds: float
    outputs: list = field(default_factory=list)


class HubClient:
    """One browser session on the hub (cookies + XSRF), for one user."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.http = requests.Session()
        self.name: str | None = None
        self.token: str | None = None

    def _xsrf(self, page: str) -> str:
        self.http.get(f"{self.url}/hub/{page}", timeout=30)
        return self.http.cookies.get("_xsrf", path="/hub/") or self.http.cookies.get("_xsrf") or ""

    def sign_up(self, name: str, password: str) -> requests.Response:
        data = {"username": name, "signup_password": password, "signup_password_confirmation": password,
                "_xsrf": self._xsrf("signup")}
        return self.http.post(f"{self.url}/hub/signup", data=data, timeout=60)

    def log_in(self, name: str, password: str) -> bool:
        """True when the hub accepted the password (it then sets its login cookie)."""
        data = {"username": name, "password": password, "_xsrf": self._xsrf("login")}
        answer = self.http.post(f"{self.url}/hub/login", data=data, timeout=60, allow_redirects=False)
        if answer.status_code == 302 and self.http.cookies.get("jupyterhub-hub-login"):
            self.name = name
            return True
        return False

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """Call the hub's REST API with this session's cookie (and XSRF header)."""
        headers = {"X-XSRFToken": self.http.cookies.get("_xsrf", path="/hub/") or ""}
        return self.http.request(method, f"{self.url}/hub/api/{path}", headers=headers, timeout=60, **kwargs)

    def approve(self, name: str) -> None:
        """Instructor: approve a waiting learner's sign-up (NativeAuthenticator's link toggles approval)."""
        answer = self.http.get(f"{self.url}/hub/authorize/{quote(name)}", timeout=30)
        answer.raise_for_status()

    def start_server(self, seconds: float = 300) -> float:
        """Start this user's server and wait until it is ready; returns seconds taken."""
        started = time.monotonic()
        answer = self.api("POST", f"users/{self.name}/server")
        if answer.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"server start for {self.name}: {answer.status_code} {answer.text[:300]}")
        while time.monotonic() - started < seconds:
            server = self.api("GET", f"users/{self.name}").json().get("servers", {}).get("", {})
            if server.get("ready"):
                return time.monotonic() - started
            time.sleep(0.5)
        raise TimeoutError(f"server for {self.name} not ready after {seconds} s")

    def new_token(self) -> str:
        """An API token for this user (same rights as the user), for the server's REST and kernel APIs."""
        answer = self.api("POST", f"users/{self.name}/tokens",
                          json={"note": "class hub client", "expires_in": 7200})
        answer.raise_for_status()
        self.token = answer.json()["token"]
        return self.token

    def server(self, path: str, method: str = "GET", **kwargs) -> requests.Response:
        """Request `path` on this user's single-user server with the user's token."""
        return requests.request(method, f"{self.url}/user/{self.name}/{path}", timeout=120,
                                headers={"Authorization": f"token {self.token}"}, **kwargs)

    def git_pull(self, repo: str, branch: str, targetpath: str) -> list[dict]:
        """Do what an nbgitpuller link's page does: stream /git-pull/api until it ends; returns the events."""
        query = urlencode({"repo": repo, "branch": branch, "targetpath": targetpath})
        events = []
        with self.server(f"git-pull/api?{query}", stream=True) as answer:
            answer.raise_for_status()
            for line in answer.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    events.append(json.loads(line[5:]))
                    if events[-1].get("phase") in ("finished", "error"):
                        break
        return events

    def kernel(self, notebook_path: str) -> Kernel:
        """Open `notebook_path` (relative to the home folder) with a new Python kernel, as JupyterLab does."""
        session = self.server("api/sessions", "POST", json={
            "path": notebook_path, "type": "notebook", "name": Path(notebook_path).name,
            "kernel": {"name": "python3"}})
        session.raise_for_status()
        return Kernel(self, session.json()["kernel"]["id"])


class Kernel:
    """A kernel reached through the user's server websocket (the Jupyter messaging protocol)."""

    # The server closes a websocket whose pings go unanswered (~90 s); this client answers them only
    # while reading, so a socket left idle longer than this is replaced before use (the kernel stays).
    IDLE_RECONNECT_S = 20

    def __init__(self, client: HubClient, kernel_id: str):
        self.client, self.id = client, kernel_id
        self.session = uuid.uuid4().hex
        base = client.url.replace("http", "ws", 1)
        self.url = f"{base}/user/{client.name}/api/kernels/{kernel_id}/channels"
        self.socket: websocket.WebSocket | None = None
        self.used = 0.0

    def _open_socket(self) -> websocket.WebSocket:
        if self.socket is None or not self.socket.connected or \
                time.monotonic() - self.used > self.IDLE_RECONNECT_S:
            if self.socket is not None:
                self.socket.close()
            self.socket = websocket.create_connection(
                self.url, header=[f"Authorization: token {self.client.token}"], timeout=300)
        return self.socket

    def execute(self, code: str, timeout: float = 300) -> Reply:
        try:
            return self._execute(code, timeout)
        finally:
            self.used = time.monotonic()

    def _execute(self, code: str, timeout: float) -> Reply:
        socket = self._open_socket()
        msg_id = uuid.uuid4().hex
        socket.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.client.name or "", "session": self.session,
                       "msg_type": "execute_request", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        started = time.monotonic()
        error, stdout, comms, outputs, replied, idle = "", "", 0, [], False, False
        while not (replied and idle):
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"no reply within {timeout} s to: {code[:80]}")
            message = _decode(socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "execute_reply":
                replied = True
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "stream" and content.get("name") == "stdout":
                stdout += content["text"]
            elif kind.startswith("comm_"):
                comms += 1
            elif kind in ("display_data", "execute_result"):
                outputs.append(content.get("data", {}))
        return Reply(error, stdout, comms, time.monotonic() - started, outputs)

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()
        self.client.server(f"api/kernels/{self.id}", "DELETE")


def _decode(frame: str | bytes) -> dict:
    """A kernel message from a websocket frame; binary frames (widget images) are offsets, JSON, buffers."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i:8 + 4 * i], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode("utf-8"))


def code_cells(notebook: Path) -> list[str]:
    """The code cells of a notebook, in order."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
