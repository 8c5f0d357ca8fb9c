"""The launcher's worker processes allocate in few malloc arenas (see pipelines/workers.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from medcorpus.pipelines.workers import ARENA_ENV, ARENAS, few_malloc_arenas


def child_sees() -> str:
    code = f"import os; print(os.environ.get({ARENA_ENV!r}, 'unset'))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_workers_started_inside_inherit_few_arenas_and_the_setting_ends_with_the_run(monkeypatch):
    monkeypatch.delenv(ARENA_ENV, raising=False)
    with few_malloc_arenas():
        assert child_sees() == str(ARENAS)
    assert ARENA_ENV not in os.environ and child_sees() == "unset"


def test_a_value_the_user_set_wins(monkeypatch):
    monkeypatch.setenv(ARENA_ENV, "4")
    with few_malloc_arenas():
        assert child_sees() == "4"
    assert os.environ[ARENA_ENV] == "4"
