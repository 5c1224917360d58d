"""The page watch forgives only jupyter_server's known websocket race, once per time it happened."""

from __future__ import annotations

from pathlib import Path

import support


def test_only_the_logged_websocket_race_is_forgiven(tmp_path: Path) -> None:
    log = tmp_path / "jupyterlab.log"
    log.write_text("[E ServerApp] earlier page\n    " + support.UPSTREAM_WS_RACE + "\n")
    start = log.stat().st_size
    with log.open("a") as out:
        out.write("[E ServerApp] Uncaught exception GET /api/kernels/k/channels\n    "
                  + support.UPSTREAM_WS_RACE + "\n")
    watch = support.PageWatch(console_errors=[support.SERVER_500, support.SERVER_500, "TypeError: x"],
                              server_log=log, log_start=start)
    assert watch.upstream_websocket_races() == 1  # the earlier page's race is not this page's
    assert watch.problems() == [f"console error: {support.SERVER_500}", "console error: TypeError: x"]


def test_without_a_race_every_500_is_a_problem(tmp_path: Path) -> None:
    log = tmp_path / "jupyterlab.log"
    log.write_text("[I ServerApp] Kernel started\n")
    watch = support.PageWatch(console_errors=[support.SERVER_500], server_log=log)
    assert watch.problems() == [f"console error: {support.SERVER_500}"]
