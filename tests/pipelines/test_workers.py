"""The launcher and its worker processes allocate with lean glibc malloc settings (pipelines/workers.py)."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import time

import pytest

from medcorpus.pipelines import workers
from medcorpus.pipelines.workers import MALLOC_SETTINGS, lean_malloc

NAMES = [name for name, _, _ in MALLOC_SETTINGS]


def child_sees() -> dict[str, str]:
    code = f"import json, os; print(json.dumps({{n: os.environ.get(n, 'unset') for n in {NAMES!r}}}))"
    return json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def test_workers_started_inside_inherit_the_settings_and_they_end_with_the_run(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    with lean_malloc():
        assert child_sees() == {name: str(value) for name, _, value in MALLOC_SETTINGS}
    assert not any(name in os.environ for name in NAMES)
    assert set(child_sees().values()) == {"unset"}


def test_a_setting_the_user_made_wins(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    with lean_malloc():
        seen = child_sees()
        assert seen["MALLOC_ARENA_MAX"] == "4" and seen["MALLOC_MMAP_THRESHOLD_"] == str(1 << 20)
    assert os.environ["MALLOC_ARENA_MAX"] == "4" and "MALLOC_MMAP_THRESHOLD_" not in os.environ


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not hasattr(ctypes.CDLL(None), "malloc_trim") or not os.path.exists("/proc/self/statm"),
                    reason="glibc's malloc_trim and /proc are not available here")
def test_the_launcher_hands_free_heap_pages_back_while_the_run_is_in_flight(monkeypatch):
    monkeypatch.setattr(workers, "TRIM_INTERVAL_S", 0.05)
    with lean_malloc():
        # ~140 MiB of heap blocks (below the mmap threshold), each followed by a block that stays: freeing
        # them leaves holes in the middle of the heap, which glibc does not return by itself
        pairs = [(bytes(48 * 1024), bytes(48 * 1024)) for _ in range(3000)]
        pinned = [pin for _, pin in pairs]
        held = _rss_mib()
        del pairs
        time.sleep(0.5)
        assert _rss_mib() < held - 100
        del pinned
