"""axe-core in the browser tests: inject the vendored engine, run it, report what it found.

axe-core comes from npm like the other offline assets (`scripts/vendor_assets.py`, test-only, never
copied beside built pages). Rules: WCAG 2.0/2.1 levels A and AA. A violation whose impact is
serious or critical fails a test; the rest are printed.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import support

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}


def axe_script() -> Path:
    """The vendored `axe.min.js`, fetched from npm on first use (as `make site` fetches its assets)."""
    sys.path.insert(0, str(support.REPO / "scripts"))
    vendor_assets = importlib.import_module("vendor_assets")
    return vendor_assets.ensure_vendor() / "axe-core" / "axe.min.js"


def run_axe(page: Any, include: list[str] | None = None, exclude: list[str] | None = None) -> list[dict]:
    """Run axe on the page (or only inside the `include` selectors); return its violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_script()))
    context: Any = "document"
    if include:
        context = {"include": [[s] for s in include], "exclude": [[s] for s in exclude or []]}
    return page.evaluate(
        """async ([context, tags]) => {
            const target = context === 'document' ? document : context;
            const found = await window.axe.run(target, {runOnly: {type: 'tag', values: tags},
                                                       resultTypes: ['violations']});
            return found.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                          html: n.html.slice(0, 200)}))}));
        }""",
        [context, WCAG_TAGS],
    )


def failing(violations: list[dict]) -> list[dict]:
    """The serious and critical violations."""
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def report(where: str, violations: list[dict], max_nodes: int = 5) -> str:
    """Violations as readable lines: rule, impact, count, and the first elements with why."""
    if not violations:
        return f"{where}: no axe violations"
    lines = [f"{where}:"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']}")
        for node in v["nodes"][:max_nodes]:
            summary = " ".join((node["summary"] or "").split())[:240]
            lines.append(f"    {node['target']}  {summary}")
    return "\n".join(lines)
