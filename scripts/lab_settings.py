"""Write JupyterLab settings overrides into the active environment.

The "get official Jupyter news?" notification covers the page for learners and browser
tests, and the course never needs the network, so news and update checks are turned off.
"""

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    }
}


def main() -> None:
    prefix = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(sys.prefix)
    target = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(target.read_text()) if target.exists() else {}
    current.update(OVERRIDES)
    target.write_text(json.dumps(current, indent=2) + "\n")
    print(f"JupyterLab settings: {target}")


if __name__ == "__main__":
    main()
