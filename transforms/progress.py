"""Per-process progress tallies that a launcher can read while a build runs.

Beam's Metrics reach the launcher only when a bundle finishes, and the DirectRunner runs a
whole stage as one bundle per worker, so they say nothing during a long stage. Instead, when
the launcher sets ``MEDCORPUS_PROGRESS_DIR`` (worker processes inherit its environment),
every process tallies its stage counters and CPU time in memory and a daemon thread writes
them to ``<dir>/<pid>.json`` every ``FLUSH_S`` seconds (atomically: write, then rename). The
launcher sums the files (``pipelines/progress.py``). Without the variable nothing is kept.
Only counts and times are written: never text, ids or anything a document holds.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict

PROGRESS_DIR_ENV = "MEDCORPUS_PROGRESS_DIR"
FLUSH_S = 2.0


class _Tally:
    """One process's counters for one progress folder, flushed by a daemon thread."""

    def __init__(self, folder: str):
        self.folder = folder
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.cpu_us: dict[str, int] = defaultdict(int)
        self.last_active: dict[str, float] = {}
        self._lock = threading.Lock()
        threading.Thread(target=self._flush_forever, daemon=True, name="medcorpus-progress").start()

    def add(self, stage: str, outcome: str, n: int) -> None:
        with self._lock:
            self.counts[stage][outcome] += n
            self.last_active[stage] = time.time()

    def add_cpu(self, stage: str, us: int) -> None:
        with self._lock:
            self.cpu_us[stage] += us
            self.last_active[stage] = time.time()

    def _flush_forever(self) -> None:
        while True:
            time.sleep(FLUSH_S)
            if not os.path.isdir(self.folder):
                return  # the launcher finished and removed the folder
            self.flush()

    def flush(self) -> None:
        with self._lock:
            state = {"counts": {s: dict(c) for s, c in self.counts.items()}, "cpu_us": dict(self.cpu_us),
                     "last_active": dict(self.last_active)}
        path = os.path.join(self.folder, f"{os.getpid()}.json")
        try:
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                json.dump(state, f)
            os.replace(path + ".tmp", path)
        except OSError:
            pass  # progress is a courtesy: a full disk or a removed folder must not fail the build


_tally: _Tally | None = None
_tally_lock = threading.Lock()


def _current() -> _Tally | None:
    global _tally
    folder = os.environ.get(PROGRESS_DIR_ENV)
    if not folder:
        return None
    if _tally is None or _tally.folder != folder:  # a new run in a long-lived process
        with _tally_lock:
            if _tally is None or _tally.folder != folder:
                _tally = _Tally(folder)
    return _tally


def tally(stage: str, outcome: str, n: int = 1) -> None:
    current = _current()
    if current is not None:
        current.add(stage, outcome, n)


def tally_cpu(stage: str, us: int) -> None:
    current = _current()
    if current is not None:
        current.add_cpu(stage, us)
