"""Progress of a running build, on the launcher: documents read and processed, rate, elapsed,
and the stage that is busy.

``BuildProgress`` makes a temporary folder, names it in ``MEDCORPUS_PROGRESS_DIR`` for the
run's worker processes (they inherit the launcher's environment) and sums the per-process
tallies they write there (``transforms/progress.py``). On a terminal it redraws one line every
``TTY_INTERVAL_S`` seconds; otherwise (a log) it writes a line every ``LOG_INTERVAL_S``
seconds. A build shorter than ``QUIET_S`` prints nothing. ``MEDCORPUS_PROGRESS_INTERVAL``
(seconds) overrides both intervals; ``0`` turns progress off.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, TextIO

from medcorpus.schemas import INGEST, WRITE, RejectReason
from medcorpus.transforms.progress import PROGRESS_DIR_ENV

INTERVAL_ENV = "MEDCORPUS_PROGRESS_INTERVAL"
DUPLICATE_SOURCE_ID = RejectReason.DUPLICATE_SOURCE_ID
TTY_INTERVAL_S = 2.0
LOG_INTERVAL_S = 45.0
QUIET_S = 3.0


def read_tallies(folder: Path) -> dict[str, Any]:
    """The sum of every process's latest tally: counts per stage and outcome, CPU µs per stage,
    and when each stage last counted anything."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    cpu_us: dict[str, int] = defaultdict(int)
    last_active: dict[str, float] = {}
    for path in folder.glob("*.json"):
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # replaced while we read it: the next poll sees it
        for stage, outcomes in state.get("counts", {}).items():
            for outcome, n in outcomes.items():
                counts[stage][outcome] += n
        for stage, us in state.get("cpu_us", {}).items():
            cpu_us[stage] += us
        for stage, t in state.get("last_active", {}).items():
            last_active[stage] = max(t, last_active.get(stage, 0.0))
    return {"counts": counts, "cpu_us": cpu_us, "last_active": last_active}


def _processed(stage: str, outcomes: dict[str, int]) -> int:
    if stage == INGEST:
        return outcomes.get("records", 0)
    if stage == WRITE:
        return outcomes.get("documents", 0) + outcomes.get("rejects", 0)
    return outcomes.get("kept", 0) + outcomes.get("rejected", 0) + outcomes.get("passthrough", 0)


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s" if m else f"{s}s"


def progress_line(stages: list[str], now: dict[str, Any], before: dict[str, Any] | None, elapsed: float,
                  dt: float, wall_now: float) -> str:
    """One line: elapsed, per-stage documents, the busy stage (the most CPU since the last line)
    and its rate; when no stage used CPU, the last one that did and how long ago."""
    counts = now["counts"]
    parts = [_clock(elapsed)]
    for stage in stages:
        n = _processed(stage, counts.get(stage, {}))
        label = "read" if stage == INGEST else "written" if stage == WRITE else stage
        parts.append(f"{label} {n:,}")
    read = _processed(INGEST, counts.get(INGEST, {}))
    parts.append(f"{read / max(elapsed, 1e-9):,.0f} read/s")
    old_cpu = before["cpu_us"] if before else {}
    spent = {s: now["cpu_us"].get(s, 0) - old_cpu.get(s, 0) for s in stages}
    busy = max(spent, key=spent.get, default=None)
    if busy is not None and spent[busy] > 0:
        old_n = _processed(busy, before["counts"].get(busy, {})) if before else 0
        rate = (_processed(busy, counts.get(busy, {})) - old_n) / max(dt, 1e-9)
        parts.append(f"busy: {busy} ({rate:,.0f} docs/s)")
    elif now["last_active"]:
        quiet = _clock(wall_now - max(now["last_active"].values()))
        parts.append(f"busy: {_pending(stages, counts)} (shuffling or setting up; last count {quiet} ago)")
    return "  ".join(parts)


def _pending(stages: list[str], counts: dict[str, dict[str, int]]) -> str:
    """The first stage that has not yet seen every document the stage before it kept: the one a
    silent build is working on (a stage counts documents only as they leave it)."""
    if not _processed(INGEST, counts.get(INGEST, {})):
        return INGEST
    inflow = None
    for stage in stages:
        outcomes = counts.get(stage, {})
        if inflow is not None and _processed(stage, outcomes) < inflow:
            return stage
        if stage == INGEST:  # what reaches the first stage: read, less rejects and superseded ids
            inflow = outcomes.get("kept", 0) - outcomes.get(f"rejected.{DUPLICATE_SOURCE_ID}", 0)
        elif stage != WRITE:
            inflow = outcomes.get("kept", 0) + outcomes.get("passthrough", 0)
    return stages[-1] if stages else "?"


class BuildProgress:
    """Context manager around a local run: sets up the tally folder and prints progress."""

    def __init__(self, stages: list[str], stream: TextIO | None = None):
        self.stages = stages
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        configured = os.environ.get(INTERVAL_ENV)
        self.interval = float(configured) if configured else TTY_INTERVAL_S if self.tty else LOG_INTERVAL_S
        self.folder: Path | None = None
        self._previous_env: str | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._drawn = False

    def __enter__(self) -> BuildProgress:
        if self.interval <= 0:
            return self
        self.folder = Path(tempfile.mkdtemp(prefix="medcorpus-progress-"))
        self._previous_env = os.environ.get(PROGRESS_DIR_ENV)
        os.environ[PROGRESS_DIR_ENV] = str(self.folder)
        self._thread = threading.Thread(target=self._report, daemon=True, name="medcorpus-progress-report")
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.folder is None:
            return
        self._done.set()
        self._thread.join()
        if self._previous_env is None:
            os.environ.pop(PROGRESS_DIR_ENV, None)
        else:
            os.environ[PROGRESS_DIR_ENV] = self._previous_env
        shutil.rmtree(self.folder, ignore_errors=True)  # the workers' flush threads stop when it is gone
        if self._drawn and self.tty:
            self.stream.write("\n")
            self.stream.flush()

    def _report(self) -> None:
        started = time.monotonic()
        before, last_at = None, started
        if self._done.wait(QUIET_S):
            return
        while True:
            now_t = time.monotonic()
            now = read_tallies(self.folder)
            line = progress_line(self.stages, now, before, now_t - started, now_t - last_at, time.time())
            before, last_at = now, now_t
            if self.tty:
                self.stream.write("\r\x1b[K" + line)
            else:
                self.stream.write(f"[medcorpus build] {line}\n")
            self.stream.flush()
            self._drawn = True
            if self._done.wait(self.interval):
                return
