"""Print the nbgitpuller link that puts the course into a learner's home on the class hub and opens a lesson.

    python scripts/hub_link.py                       # start page, this hub, this repository
    python scripts/hub_link.py --lesson 03-redness-and-bleeding --hub https://hub.example.org \\
        --repo https://github.com/OWNER/REPO --branch main

The first click clones the course into ~/microneedling-course; later clicks merge the instructor's updates
and keep what the learner changed (nbgitpuller never overwrites a learner's edit).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

from hub_serve import ROOT, HubSettings

COURSE_FOLDER = "microneedling-course"
START_PAGE = "00-start-here"


def pull_link(hub_url: str, repo: str, branch: str, lesson: str = START_PAGE) -> str:
    """The link a learner clicks: log in if needed, pull the course, open `lesson`."""
    query = urlencode({"repo": repo, "branch": branch, "targetpath": COURSE_FOLDER,
                       "urlpath": f"lab/tree/{COURSE_FOLDER}/notebooks/{lesson}.ipynb"})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", default=HubSettings.from_env().url,
                        help="the hub's address as learners reach it")
    parser.add_argument("--repo", default=os.environ.get("MNHUB_COURSE_REPO", str(ROOT)),
                        help="course repository learners pull from (a public URL on a real hub)")
    parser.add_argument("--branch", default=_git("rev-parse", "--abbrev-ref", "HEAD") or "main")
    parser.add_argument("--lesson", default=START_PAGE, help="notebook to open, e.g. 03-redness-and-bleeding")
    args = parser.parse_args(argv)
    if not (ROOT / "notebooks" / f"{args.lesson}.ipynb").exists():
        sys.exit(f"There is no lesson called {args.lesson!r} in notebooks/.")
    link = pull_link(args.hub, args.repo, args.branch, args.lesson)
    print(link)
    return link


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
