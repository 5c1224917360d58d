"""Fetch the browser assets that offline slides and the static site need, from npm, into `vendor/`.

Why: exported notebooks load reveal.js, require.js, jQuery, MathJax and the ipywidgets 8 HTML
renderer from CDNs by default, so they break in a classroom without internet. We fetch pinned
versions once with `npm pack` (registry only, no install scripts), keep only the files the pages
load, and copy that folder beside every built deck and site (shared/delivery-notes.md).

Idempotent: a package whose files and version stamp are present is skipped.
Run: `python scripts/vendor_assets.py [--force]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "vendor"
STAMP = "VERSIONS.json"


@dataclass(frozen=True)
class Asset:
    """One npm package and the files (paths inside its `package/` folder) copied to `vendor/<dest>`."""

    spec: str  # npm name@version
    dest: str  # folder or file name under vendor/
    files: tuple[str, ...]  # files or folders inside the package; a single file may be renamed to dest


ASSETS = (
    Asset("reveal.js@4.0.2", "reveal.js", ("dist", "plugin", "LICENSE")),
    Asset("requirejs@2.1.10", "require.js", ("require.js",)),
    Asset("jquery@2.2.4", "jquery.min.js", ("dist/jquery.min.js",)),
    # The ipywidgets 8 renderer; it loads its font files from its own folder.
    Asset("@jupyter-widgets/html-manager@1.0.15", "html-manager",
          ("dist/embed-amd.js", "dist/*.woff", "dist/*.woff2", "dist/*.ttf", "dist/*.eot", "dist/*.svg",
           "dist/embed.js.LICENSE.txt")),
    # MathJax 2 trimmed from 71 MB to what `TeX-AMS_CHTML-full,Safe` loads (checked in Chromium).
    Asset("mathjax@2.7.7", "mathjax",
          ("MathJax.js", "LICENSE", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions",
           "jax/input/TeX", "jax/output/CommonHTML", "jax/output/PreviewHTML", "jax/element",
           "fonts/HTML-CSS/TeX/woff", "localization/en")),
    # Test-only: the accessibility engine the browser tests inject (tests/browser/axe.py); never
    # copied beside built pages (TEST_ONLY).
    Asset("axe-core@4.14.1", "axe-core", ("axe.min.js", "LICENSE")),
)
TEST_ONLY = ("axe-core",)

# The nbconvert options that point exported pages at the vendored copies (paths relative to the page).
def asset_urls(prefix: str = "vendor") -> dict[str, str]:
    """URLs of the vendored assets as seen from a page that has the vendor folder at `prefix`."""
    return {
        "reveal_url_prefix": f"{prefix}/reveal.js",
        "require_js_url": f"{prefix}/require.js",
        "jquery_url": f"{prefix}/jquery.min.js",
        "mathjax_url": f"{prefix}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        "widget_renderer_url": f"{prefix}/html-manager/embed-amd.js",
    }


def _stamp(vendor: Path) -> dict[str, str]:
    path = vendor / STAMP
    return json.loads(path.read_text()) if path.exists() else {}


def _present(asset: Asset, vendor: Path) -> bool:
    return _stamp(vendor).get(asset.dest) == asset.spec and (vendor / asset.dest).exists()


def _npm_pack(spec: str, workdir: Path) -> Path:
    """Download one package tarball with `npm pack` (no dependencies, no scripts) and unpack it."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed once to fetch the slide/site assets: install Node.js (apt-get install npm).")
    out = subprocess.run([npm, "pack", spec, "--silent", "--pack-destination", str(workdir)],
                         cwd=workdir, check=True, capture_output=True, text=True).stdout.split()
    tarball = workdir / out[-1]
    target = workdir / tarball.stem
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def _copy(asset: Asset, package: Path, vendor: Path) -> None:
    dest = vendor / asset.dest
    if dest.is_dir():
        shutil.rmtree(dest)
    elif dest.exists():
        dest.unlink()
    if len(asset.files) == 1 and (package / asset.files[0]).is_file():
        shutil.copy2(package / asset.files[0], dest)
        return
    for pattern in asset.files:
        matches = sorted(package.glob(pattern))
        if not matches:
            raise FileNotFoundError(f"{asset.spec} has no {pattern}")
        for source in matches:
            # Patterns under dist/ of html-manager flatten into its folder; others keep their path.
            relative = source.name if asset.dest == "html-manager" else source.relative_to(package)
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)


def ensure_vendor(vendor: Path = VENDOR, force: bool = False) -> Path:
    """Make sure every asset is in `vendor` (fetching only what is missing); return the folder."""
    vendor.mkdir(parents=True, exist_ok=True)
    missing = [a for a in ASSETS if force or not _present(a, vendor)]
    if not missing:
        return vendor
    stamp = _stamp(vendor)
    with tempfile.TemporaryDirectory(prefix="vendor-") as tmp:
        for asset in missing:
            print(f"vendor: fetching {asset.spec}")
            package = _npm_pack(asset.spec, Path(tmp))
            _copy(asset, package, vendor)
            stamp[asset.dest] = asset.spec
            (vendor / STAMP).write_text(json.dumps(stamp, indent=2, sort_keys=True) + "\n")
    return vendor


# The widget renderer's webpack chunks find their icon fonts (Font Awesome, for buttons with icons)
# relative to their AMD module ids, which require.js resolves against the *page's* folder, not the
# script's: so the fonts must also sit in these folders beside the pages.
WIDGET_FONT_DIRS = ("@jupyter-widgets", "@jupyter-widgets/html-manager/dist")
WIDGET_FONT_PATTERNS = ("*.woff2", "*.woff")


def copy_vendor(target_dir: Path, vendor: Path = VENDOR) -> Path:
    """Copy the vendored assets to `target_dir/vendor` (beside built pages), skipping unchanged files,
    and the widget icon fonts to where the renderer looks for them."""
    ensure_vendor(vendor)
    target = target_dir / "vendor"
    if not (target.exists() and _stamp(target) == _stamp(vendor)):
        shutil.copytree(vendor, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*TEST_ONLY))
    for folder in WIDGET_FONT_DIRS:
        (target_dir / folder).mkdir(parents=True, exist_ok=True)
        for pattern in WIDGET_FONT_PATTERNS:
            for font in (vendor / "html-manager").glob(pattern):
                shutil.copy2(font, target_dir / folder / font.name)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="fetch every package again")
    args = parser.parse_args()
    folder = ensure_vendor(force=args.force)
    size_mb = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
    print(f"vendor: {folder} ready ({size_mb:.1f} MB)")


if __name__ == "__main__":
    main()
