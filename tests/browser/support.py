"""Real JupyterLab in real Chromium: start the server, launch the browser, drive a lesson.

Shared by the browser tests (`tests/browser/`) and the latency benchmark (`benchmarks/`).
Recipe: shared/browser-testing.md. The server binds to 127.0.0.1 on a free port with a random
token; every Jupyter/IPython/matplotlib state folder and the course's user folder
(`MICRONEEDLING_COURSE_HOME`) live in a temporary folder, so a run leaves nothing in `$HOME`.
The browser is Debian's `/usr/bin/chromium` (never a Playwright download).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
# COURSE_BROWSER_NOTEBOOKS: serve another folder (e.g. scratch notebooks while a lesson is written).
NOTEBOOKS = Path(os.environ.get("COURSE_BROWSER_NOTEBOOKS") or REPO / "notebooks")
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
# Text a widget output shows when its JavaScript side did not render it.
WIDGET_FALLBACKS = ("VBox(", "HBox(", "IntSlider(", "FloatSlider(", "Output(", "Image(", "Dropdown(",
                    "Error displaying widget", "Loading widget...")
# Test-only user settings: autosave off, so running a lesson never writes its outputs into the
# committed notebook; every cell attached to the page, so every output can be checked.
TEST_USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def chromium_path() -> str | None:
    """The system Chromium to drive, or None when it is not installed."""
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium")


def chromium_version() -> str:
    """`Chromium 1xx.…` as the binary reports it ('' when missing)."""
    path = chromium_path()
    if not path:
        return ""
    done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False)
    return done.stdout.strip()


def launch_chromium(playwright: Any, executable: str | None = None) -> Any:
    """A headless Debian Chromium with background networking off (it never phones home)."""
    path = executable or chromium_path()
    if not path:
        raise FileNotFoundError("Chromium is not installed: run `make chromium` (apt-get install chromium).")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)


def block_external(target: Any, allowed_hosts: tuple[str, ...] | list[str]) -> list[str]:
    """Abort and record every request to a host outside `allowed_hosts` (page or context).

    `data:`, `blob:`, `about:` and `file://` stay allowed. Returns the live list of blocked URLs,
    so a test can assert it is empty at the end.
    """
    allowed = set(allowed_hosts)
    blocked: list[str] = []

    def handle(route: Any) -> None:
        url = route.request.url
        parts = urllib.parse.urlsplit(url)
        local = parts.scheme in {"data", "blob", "about", "file", "chrome", "chrome-extension"}
        if local or parts.hostname in allowed or parts.netloc in allowed:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    target.route("**/*", handle)
    return blocked


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab: base `url` (no trailing slash), `token`, and how to stop it."""

    url: str
    token: str
    process: subprocess.Popen
    state_dir: Path
    log_path: Path
    env: dict[str, str] = field(repr=False, default_factory=dict)

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).netloc

    def lab_url(self, path: str) -> str:
        """URL of a notebook (path relative to root_dir) opened with a fresh workspace."""
        quoted = urllib.parse.quote(path)
        return f"{self.url}/lab/tree/{quoted}?reset&token={self.token}"

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """Call the server's REST API (`path` like '/api/kernels'); JSON in, JSON out."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{path}", data=data, method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def shutdown_kernels(self) -> None:
        """Shut every running kernel down (after each lesson: keeps a 2-core machine responsive)."""
        for kernel in self.api("GET", "/api/kernels") or []:
            with contextlib.suppress(urllib.error.HTTPError):
                self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Shut kernels down, then stop the server by its own process id."""
        if self.process.poll() is None:
            with contextlib.suppress(OSError):  # URLError is an OSError
                self.shutdown_kernels()
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def require_offline_assets() -> None:
    """Skip (fail under CI=true) when the offline decks and site cannot be built: their assets
    come from npm once and are then kept in `vendor/`."""
    import pytest

    if shutil.which("npm") is None and not (REPO / "vendor" / "VERSIONS.json").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("npm is needed once to fetch the offline assets (apt-get install npm)")
        pytest.skip("npm is not installed: cannot fetch the offline assets (apt-get install npm)")


def clear_course_home(lab: LabServer) -> None:
    """Empty the learner's course folder (progress, results, plans): each test starts as a new learner."""
    home = lab.state_dir / "course-home"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)


def _state_env(state: Path) -> dict[str, str]:
    folders = {
        "JUPYTER_CONFIG_DIR": "jupyter-config", "JUPYTER_DATA_DIR": "jupyter-data",
        "JUPYTER_RUNTIME_DIR": "jupyter-runtime", "IPYTHONDIR": "ipython", "MPLCONFIGDIR": "matplotlib",
        "JUPYTERLAB_SETTINGS_DIR": "lab-user-settings", "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "MICRONEEDLING_COURSE_HOME": "course-home",
    }
    env = {}
    for name, folder in folders.items():
        path = state / folder
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    return env


def _app_settings_dir(state: Path) -> Path:
    """The lab's app settings folder: a copy of the environment's, plus the project's overrides.

    The overrides (no news popup, no update check) are written by the project's own
    `scripts/lab_settings.py`, the same script `make` runs for learners, so the tests check it.
    """
    prefix = state / "prefix"
    target = prefix / "share" / "jupyter" / "lab" / "settings"
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    if installed.is_dir():
        shutil.copytree(installed, target, dirs_exist_ok=True)
    subprocess.run([sys.executable, str(REPO / "scripts" / "lab_settings.py"), str(prefix)],
                   check=True, capture_output=True, text=True)
    return target


def _write_user_settings(settings_dir: Path, settings: dict[str, dict[str, Any]]) -> None:
    for plugin, values in settings.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2))


def start_lab(tmp_path: Path, root_dir: Path = NOTEBOOKS, timeout_s: float = 90.0,
              user_settings: dict[str, dict[str, Any]] | None = None) -> LabServer:
    """Start JupyterLab on 127.0.0.1 (free port, random token) serving `root_dir`; wait until it answers."""
    state = Path(tmp_path)
    env = {**os.environ, **_state_env(state), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    _write_user_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]),
                         TEST_USER_SETTINGS if user_settings is None else user_settings)
    port, token = free_port(), secrets.token_hex(24)
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--port-retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
        "--expose-app-in-browser", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.app_settings_dir={_app_settings_dir(state)}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = state / "jupyterlab.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, cwd=str(root_dir))
    server = LabServer(f"http://127.0.0.1:{port}", token, process, state, log_path, env)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}:\n{server.log_tail()}")
        try:
            server.api("GET", "/api/status")
            return server
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    server.stop()
    raise TimeoutError(f"JupyterLab did not answer within {timeout_s:.0f} s:\n{server.log_tail()}")


# --- driving a notebook page ------------------------------------------------------------------

@dataclass
class PageWatch:
    """What went wrong on a page: console errors, uncaught page errors, blocked and saving requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    saves: list[str] = field(default_factory=list)
    server_log: Path | None = None
    log_start: int = 0  # the log's size when the page opened: only this page's lines count

    def upstream_websocket_races(self) -> int:
        """How many kernel websockets the server refused with jupyter_server's known handshake race
        (jupyter-server/jupyter_server#1265: the browser gave up on a slow handshake, the server then
        answers 500). JupyterLab reconnects by itself; a learner sees nothing."""
        if self.server_log is None or not self.server_log.exists():
            return 0
        with self.server_log.open("rb") as log:
            log.seek(self.log_start)
            return log.read().decode(errors="replace").count(UPSTREAM_WS_RACE)

    def problems(self) -> list[str]:
        console = list(self.console_errors)
        for _ in range(self.upstream_websocket_races()):  # each race shows once in the console
            if SERVER_500 in console:
                console.remove(SERVER_500)
        return ([f"console error: {m}" for m in console]
                + [f"page error: {m}" for m in self.page_errors]
                + [f"request left the machine: {u}" for u in self.blocked]
                + [f"notebook was saved: {u}" for u in self.saves])


UPSTREAM_WS_RACE = "AttributeError: 'NoneType' object has no attribute 'kernel_ws_protocol'"
SERVER_500 = "Failed to load resource: the server responded with a status of 500 (Internal Server Error)"


def watch_page(page: Any, server: LabServer) -> PageWatch:
    """Record console errors, page errors, external requests (aborted) and saves of notebooks."""
    log_start = server.log_path.stat().st_size if server.log_path.exists() else 0
    watch = PageWatch(server_log=server.log_path, log_start=log_start)
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))

    def on_request(request: Any) -> None:
        if request.method in {"PUT", "PATCH"} and "/api/contents/" in request.url:
            watch.saves.append(request.url)

    page.on("request", on_request)
    watch.blocked = block_external(page, (server.host, "127.0.0.1", "localhost"))
    return watch


KERNEL_IDLE_JS = """() => {
  const app = window.jupyterapp; const w = app && app.shell.currentWidget;
  const ctx = w && w.sessionContext; const k = ctx && ctx.session && ctx.session.kernel;
  return !!(w && w.context && w.context.isReady && k && k.status === 'idle' && !ctx.pendingInput);
}"""

RUN_ALL_JS = """async () => {
  await window.jupyterapp.commands.execute('notebook:run-all-cells');
}"""

# Widget views expected from the outputs (model) and rendered ones (DOM), per notebook.
WIDGET_COUNTS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  let expected = 0;
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const outputs = cell.model.outputs;
    for (let i = 0; i < outputs.length; i++) {
      if (outputs.get(i).data['application/vnd.jupyter.widget-view+json']) expected += 1;
    }
  }
  const rendered = panel.node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length;
  return {expected, rendered};
}"""

OUTPUT_TEXTS_JS = """() => Array.from(
  window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-OutputArea-output'),
  el => el.innerText)"""

VISIBLE_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def wait_kernel_idle(page: Any, timeout_ms: float = 120_000) -> None:
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout_ms, polling=100)


SETTLE_JS = """async () => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  if (k) await k.requestKernelInfo();   // answered after every message sent before it
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""


def settle(page: Any, timeout_ms: float = 60_000) -> None:
    """Wait until the kernel has handled everything the page sent so far (a click's comm message,
    say) and is idle, and the page has drawn what came back (a widget's focus or new rows)."""
    page.evaluate(SETTLE_JS)
    wait_kernel_idle(page, timeout_ms)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def open_notebook(page: Any, server: LabServer, path: str, timeout_ms: float = 120_000) -> None:
    """Open `path` (relative to the server's root) in a fresh workspace and wait for an idle kernel."""
    page.goto(server.lab_url(path), wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_function("() => !!window.jupyterapp", timeout=timeout_ms)
    wait_kernel_idle(page, timeout_ms)


def run_all_cells(page: Any, timeout_ms: float = 300_000) -> None:
    """Run every cell and wait until the kernel is idle and every widget output has a rendered view."""
    page.evaluate(RUN_ALL_JS)
    wait_kernel_idle(page, timeout_ms)
    page.wait_for_function(f"() => {{ const c = ({WIDGET_COUNTS_JS})(); return c.rendered >= c.expected; }}",
                           timeout=60_000, polling=200)


def widget_counts(page: Any) -> dict[str, int]:
    return page.evaluate(WIDGET_COUNTS_JS)


def output_problems(page: Any) -> list[str]:
    """Outputs that show a traceback or a widget's text fallback instead of the widget."""
    problems = []
    for text in page.evaluate(OUTPUT_TEXTS_JS):
        if "Traceback" in text:
            problems.append(f"traceback in output: {text[:400]}")
        for fallback in WIDGET_FALLBACKS:
            if fallback in text:
                problems.append(f"widget shown as text ({fallback!r}): {text[:200]}")
    return problems


def widget_name(css_classes: str) -> str:
    """The widget's own CSS class (`redness-timeline`) among the framework's generic ones."""
    generic = ("lm-", "jp-", "widget-", "jupyter-", "course-widget", "mod-")
    return next((c for c in css_classes.split() if not c.startswith(generic)), "widget")


def screenshot_widget(page: Any, widget: Any, path: Path, max_height_px: int = 5000) -> None:
    """Screenshot a whole widget: the notebook scrolls inside a panel, so the viewport is made tall
    enough for the widget first (JupyterLab fills the viewport) and restored afterwards."""
    size = page.viewport_size
    box = widget.bounding_box() or {"height": 0}
    needed = min(max_height_px, int(box["height"]) + 250)
    if needed > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": needed})
    try:
        widget.scroll_into_view_if_needed()
        widget.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)


def news_popup_visible(page: Any) -> bool:
    """True when the 'official Jupyter news?' notification is on screen."""
    return page.locator(".jp-toast-message, .Toastify__toast").filter(has_text="news").count() > 0


def close_notebook(page: Any, server: LabServer) -> None:
    """Shut the kernels down (the page is closed by the caller)."""
    with contextlib.suppress(OSError):
        server.shutdown_kernels()


# --- real input on widgets (selected by their stable CSS classes) ------------------------------

def course_widget(page: Any, css_class: str) -> Any:
    """The first widget with `css_class` in the visible notebook, scrolled into view."""
    widget = page.locator(f"{VISIBLE_NOTEBOOK} .{css_class}").first
    widget.scroll_into_view_if_needed()
    return widget


def slider_handle(widget: Any, label: str) -> Any:
    """The draggable, keyboard-operable handle of the slider labelled `label`."""
    return widget.locator(".widget-slider").filter(has_text=label).locator(".noUi-handle").first


def press(locator: Any, key: str, times: int = 1) -> None:
    """Focus a control and press `key` as a learner does (trusted keyboard events)."""
    locator.focus()
    for _ in range(times):
        locator.press(key)


def drag_handle(page: Any, handle: Any, fraction: float) -> None:
    """Drag a slider handle with the mouse by `fraction` of its track width (negative: leftwards)."""
    track = handle.locator("xpath=ancestor::div[contains(@class, 'noUi-target')]").bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + fraction * track["width"], y, steps=8)
    page.mouse.up()


def labelled(widget: Any, kind: str, label: str) -> Any:
    """The input inside the control of class `widget-<kind>` whose label is `label`."""
    return widget.locator(f".widget-{kind}").filter(has_text=label).first


def figure_src(widget: Any, css_class: str) -> str:
    """The `src` of the widget's figure image (a new blob URL for every new frame)."""
    return widget.locator(f"img.{css_class}-figure").first.get_attribute("src") or ""


def text(widget: Any, selector: str) -> str:
    """Visible text of the first element matching `selector` in the widget ('' if hidden/missing)."""
    found = widget.locator(selector).first
    return found.inner_text() if found.count() and found.is_visible() else ""
