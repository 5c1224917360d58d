"""Collect every learner's final-assessment results on the class hub into one CSV (run as root).

    python scripts/hub_results.py -o class-results.csv

Reads only `~/.microneedling-course/results.json` of each learner account (prefix MNHUB_USER_PREFIX,
default "learner-"), and reads it *as that learner*, so a file a learner links elsewhere cannot make the
collector read anything the learner could not read. Each file is checked with `course.results.load_results`.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import pwd
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

RESULTS_FILE = Path(".microneedling-course") / "results.json"
# Results are personal data: by default they go to the hub's private state folder, never into the repository.
STATE_DIR = Path(os.environ.get("MNHUB_STATE_DIR", Path(__file__).resolve().parents[1] / "deploy" / "state"))
STATE_CSV = STATE_DIR / "class-results.csv"
MAX_BYTES = 1_000_000
COLUMNS = ["account", "learner", "status", "submitted_at", "correct", "total", "percent", "objectives"]


@dataclass
class LearnerRow:
    """One CSV row: a learner's score, or why there is none."""

    account: str
    status: str
    document: dict | None = None

    def as_dict(self) -> dict[str, str | int]:
        row = {"account": self.account, "status": self.status}
        if self.document:
            score = self.document["score"]
            row.update(learner=self.document["learner"], submitted_at=self.document["submitted_at"],
                       correct=score["correct"], total=score["total"],
                       percent=round(100 * score["correct"] / score["total"]) if score["total"] else "",
                       objectives="; ".join(f"{o['objective']}: {o['correct']}/{o['total']}"
                                            for o in self.document["objectives"]))
        return row


def read_as(account: pwd.struct_passwd, path: Path) -> bytes | None:
    """The file's bytes as the learner can read them, or None when it is not there."""
    reader = subprocess.run(["head", "-c", str(MAX_BYTES + 1), str(path)], capture_output=True,
                            user=account.pw_uid, group=account.pw_gid, extra_groups=[], cwd="/", timeout=30)
    if reader.returncode != 0:
        if b"No such file" in reader.stderr:
            return None
        raise PermissionError("the file could not be read")
    return reader.stdout


def learner_row(account: pwd.struct_passwd) -> LearnerRow:
    from course.results import ResultsError, load_results

    name = account.pw_name
    try:
        data = read_as(account, Path(account.pw_dir) / RESULTS_FILE)
    except (PermissionError, subprocess.TimeoutExpired):
        return LearnerRow(name, "results file could not be read")
    if data is None:
        return LearnerRow(name, "no results yet")
    if len(data) > MAX_BYTES:
        return LearnerRow(name, "results file too large")
    with tempfile.TemporaryDirectory() as private:  # load_results takes a path: give it our own copy
        copy = Path(private) / "results.json"
        copy.write_bytes(data)
        try:
            return LearnerRow(name, "submitted", load_results(copy))
        except ResultsError as error:
            return LearnerRow(name, f"not a valid results file: {error}")


def learner_accounts(prefix: str) -> list[pwd.struct_passwd]:
    return sorted((a for a in pwd.getpwall() if a.pw_name.startswith(prefix)), key=lambda a: a.pw_name)


def class_results_csv(prefix: str) -> str:
    """The class's results as CSV text, one row per learner account."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for account in learner_accounts(prefix):
        writer.writerow(learner_row(account).as_dict())
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default=os.environ.get("MNHUB_USER_PREFIX", "learner-"),
                        help="learners' system account prefix")
    parser.add_argument("-o", "--output", default=str(STATE_CSV),
                        help="CSV file to write (private: mode 600)")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("Run as root (sudo): each learner's home folder is private.")
    text = class_results_csv(args.prefix)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # results are personal data
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    print(f"{text.count(chr(10)) - 1} learners written to {args.output}")


if __name__ == "__main__":
    main()
