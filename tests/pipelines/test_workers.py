"""The launcher and its worker processes allocate with lean glibc malloc settings (pipelines/workers.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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
