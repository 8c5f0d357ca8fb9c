"""Pages rendered the way a reviewer opens them: headless Chromium (Debian's package), offline."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def chromium(path: Path, shot: Path | None = None, height: int = 1400) -> tuple[str, list[str]]:
    """The DOM after the page's scripts ran (3 s of virtual time), and the console errors."""
    browser = shutil.which("chromium")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make test` installs it (Debian package chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
             f"--user-data-dir={tempfile.mkdtemp()}"]
    run = subprocess.run([browser, *flags, "--dump-dom", f"file://{path}"], capture_output=True, text=True,
                         timeout=120)
    errors = [line for line in run.stderr.splitlines() if ":CONSOLE" in line and "Uncaught" in line
              or "blocked by CORS" in line]
    if shot is not None:
        subprocess.run([browser, *flags, f"--window-size=1200,{height}", f"--screenshot={shot}", f"file://{path}"],
                       capture_output=True, timeout=120)
    return run.stdout, errors


def chromium_dom(path: Path, shot: Path | None = None, height: int = 1400) -> str:
    dom, errors = chromium(path, shot, height)
    assert errors == []
    return dom


def local_references(page: Path) -> list[str]:
    """The files a page's src and href attributes name that do not exist."""
    html = page.read_text(encoding="utf-8")
    names = re.findall(r"""\b(?:src|href)\s*=\s*["']([^"'#?]+)""", html)
    return [n for n in names if not n.startswith(("data:", "javascript:")) and not (page.parent / n).exists()]
