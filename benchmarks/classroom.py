"""How many learners one machine holds: N learners at once on a throw-away class hub (run as root).

    python benchmarks/classroom.py --learners 5 10 20

Each simulated learner signs up, is approved, logs in, starts a server, pulls the course with nbgitpuller,
opens lessons 03 and 06, runs every cell through the kernel; once all have done so, all move a slider
10 times together (the value is set in the kernel, which redraws the figure and sends it back over the
websocket: the kernel's and the network's share of a widget update, not the browser's paint).
Prints a table; figures go in docs/teaching-at-scale.md. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from hub_client import code_cells  # noqa: E402
from hub_sandbox import COURSE_FOLDER, ClassroomSandbox  # noqa: E402

LESSONS = ("03-redness-and-bleeding", "06-session-planning")
MOVES = 10
# Steps the first labelled slider of the lesson one step, alternating up and down.
MOVE_SLIDER = """
import ipywidgets as _w
_s = next(w for w in list(_w.Widget._active_widgets.values())
          if isinstance(w, (_w.IntSlider, _w.FloatSlider)) and w.description)
_s.value = _s.value + _s.step if _s.value + _s.step <= _s.max else _s.value - _s.step
"""


@dataclass
class LearnerRun:
    """What one simulated learner measured."""

    name: str
    start_s: float = 0.0
    first_cell_s: list[float] = field(default_factory=list)  # a lesson's first cell: its imports
    cell_s: list[float] = field(default_factory=list)
    widget_s: list[float] = field(default_factory=list)
    memory_mb: float = 0.0
    lessons_cpu_s: float = 0.0  # CPU the learner's processes used to run both lessons
    widget_cpu_s: float = 0.0  # CPU per slider move: what the machine pays, whatever else runs
    errors: list[str] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def learner_cpu_s(uid: int) -> float:
    """CPU seconds used so far by one learner's running processes (server + kernels)."""
    total = 0.0
    for proc in psutil.process_iter(["uids", "cpu_times"]):
        if proc.info["uids"] and proc.info["uids"].real == uid and proc.info["cpu_times"]:
            total += proc.info["cpu_times"].user + proc.info["cpu_times"].system
    return total


def learner_memory_mb(uid: int) -> float:
    """Proportional set size (shared pages split fairly) of every process of one learner: server + kernels."""
    total = 0
    for proc in psutil.process_iter(["uids"]):
        if proc.info["uids"] and proc.info["uids"].real == uid:
            with contextlib.suppress(psutil.Error):
                total += proc.memory_full_info().pss
    return total / 2**20


def run_learner(box: ClassroomSandbox, name: str, together: threading.Barrier) -> LearnerRun:
    """One learner's session; the slider is moved once every learner has run both lessons."""
    run = LearnerRun(name)
    kernels, phase = [], "start"
    try:
        phase = "log in"
        learner = box.sign_up(name)
        phase = "start server"
        run.start_s = learner.client.start_server()
        learner.client.new_token()
        events = learner.client.git_pull(str(box.course_repo), box.branch, COURSE_FOLDER)
        if events[-1].get("phase") != "finished":
            run.errors.append(f"pull: {events[-1].get('message')}")
        uid = box.system_user(name).pw_uid
        cpu_before = learner_cpu_s(uid)
        for lesson in LESSONS:
            phase = f"run {lesson}"
            kernel = learner.client.kernel(f"{COURSE_FOLDER}/notebooks/{lesson}.ipynb")
            kernels.append(kernel)
            for number, cell in enumerate(code_cells(ROOT / "notebooks" / f"{lesson}.ipynb")):
                reply = kernel.execute(cell)
                (run.cell_s if number else run.first_cell_s).append(reply.seconds)
                if reply.error:
                    run.errors.append(f"{lesson}: {reply.error}")
        run.lessons_cpu_s = learner_cpu_s(uid) - cpu_before
    except Exception as error:  # a benchmark reports failures, it does not stop at the first
        run.errors.append(f"{phase}: {type(error).__name__}: {error}")
    with contextlib.suppress(threading.BrokenBarrierError):
        together.wait(timeout=900)
    try:
        if len(kernels) == len(LESSONS):
            uid = box.system_user(name).pw_uid
            cpu_before = learner_cpu_s(uid)
            for _ in range(MOVES):
                reply = kernels[0].execute(MOVE_SLIDER)
                if reply.error or not reply.comm_messages:
                    run.errors.append(f"widget: {reply.error or 'no update sent'}")
                run.widget_s.append(reply.seconds)
                time.sleep(0.3)  # a learner's pace between key presses
            run.widget_cpu_s = (learner_cpu_s(uid) - cpu_before) / MOVES
            run.memory_mb = learner_memory_mb(uid)
    except Exception as error:
        run.errors.append(f"move the slider: {type(error).__name__}: {error}")
    finally:
        for kernel in kernels:
            with contextlib.suppress(Exception):
                kernel.close()
    return run


def run_round(box: ClassroomSandbox, learners: int, tag: str) -> dict:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=learners) as pool:
        together = threading.Barrier(learners)
        runs = list(pool.map(lambda i: run_learner(box, f"{tag}{learners}n{i}", together), range(learners)))
    wall_s = time.monotonic() - started
    for run in runs:  # free the machine for the next round
        box.instructor.client.api("DELETE", f"users/{run.name}/server")
    starts = [r.start_s for r in runs if r.start_s]
    cells = [s for r in runs for s in r.cell_s]
    firsts = [s for r in runs for s in r.first_cell_s]
    widgets = [s for r in runs for s in r.widget_s]
    memory = [r.memory_mb for r in runs if r.memory_mb]
    widget_cpu = [r.widget_cpu_s for r in runs if r.widget_cpu_s]
    lessons_cpu = [r.lessons_cpu_s for r in runs if r.lessons_cpu_s]
    return {"learners": learners, "wall_s": wall_s,
            "start_median_s": statistics.median(starts) if starts else float("nan"),
            "start_p95_s": percentile(starts, 0.95),
            "memory_median_mb": statistics.median(memory) if memory else float("nan"),
            "memory_max_mb": max(memory, default=float("nan")),
            "cell_median_ms": 1000 * statistics.median(cells) if cells else float("nan"),
            "cell_p95_ms": 1000 * percentile(cells, 0.95),
            "first_cell_median_s": statistics.median(firsts) if firsts else float("nan"),
            "widget_median_ms": 1000 * statistics.median(widgets) if widgets else float("nan"),
            "widget_p95_ms": 1000 * percentile(widgets, 0.95),
            "widget_cpu_median_ms": 1000 * statistics.median(widget_cpu) if widget_cpu else float("nan"),
            "lessons_cpu_median_s": statistics.median(lessons_cpu) if lessons_cpu else float("nan"),
            "errors": sum(len(r.errors) for r in runs),
            "error_samples": [e for r in runs for e in r.errors][:5],
            "load_avg_after": os.getloadavg()[0], "runs": [asdict(r) for r in runs]}


def table(rounds: list[dict]) -> str:
    lines = ["| learners | server start median / p95 (s) | memory per learner median / max (MB) | "
             "first cell (imports) median (s) | other cells median / p95 (ms) | "
             "widget update median / p95 (ms) | CPU per update (ms) | CPU for both lessons (s) | errors | "
             "round took (s) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rounds:
        lines.append(f"| {r['learners']} | {r['start_median_s']:.1f} / {r['start_p95_s']:.1f} | "
                     f"{r['memory_median_mb']:.0f} / {r['memory_max_mb']:.0f} | "
                     f"{r['first_cell_median_s']:.1f} | {r['cell_median_ms']:.0f} / {r['cell_p95_ms']:.0f} | "
                     f"{r['widget_median_ms']:.0f} / {r['widget_p95_ms']:.0f} | "
                     f"{r['widget_cpu_median_ms']:.0f} | {r['lessons_cpu_median_s']:.1f} | {r['errors']} | "
                     f"{r['wall_s']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "classroom.json"))
    args = parser.parse_args()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    machine = {"date": datetime.now(UTC).isoformat(timespec="minutes"), "cpus": os.cpu_count(),
               "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
               "python": platform.python_version(),
               "load_avg_before": os.getloadavg()[0]}
    print(f"Machine: {machine}", flush=True)
    box = ClassroomSandbox(memory_limit="1G")
    rounds = []
    try:
        for index, learners in enumerate(args.learners):
            rounds.append(run_round(box, learners, tag=f"b{index}"))
            print(table(rounds[-1:]).splitlines()[-1], rounds[-1]["error_samples"], flush=True)
    finally:
        print("\n" + table(rounds))
        Path(args.out).write_text(json.dumps({"machine": machine, "rounds": rounds}, indent=1))
        print(f"\nFull figures: {args.out}", flush=True)
        if any(r["errors"] for r in rounds):
            shutil.copy(box.base / "hub.log", Path(args.out).with_suffix(".hub.log"))
        print("Removing the simulated learners' accounts and files…", flush=True)
        box.close()


if __name__ == "__main__":
    main()
