"""Beam's local worker processes end with the launcher.

The DirectRunner (multi_processing) and the portable local runners start their SDK workers
as child processes of the launcher, in its process group. Ctrl-C in a terminal reaches the
whole group, but a SIGTERM sent to the launcher alone (a scheduler's kill, ``timeout``) does
not: the workers kept running for minutes, reading inputs that nobody would commit. While a
run is in flight, SIGTERM and SIGINT now end every descendant of the launcher (SIGTERM, then
SIGKILL for those still alive after a grace period) before the launcher exits.

``kill -9`` of the launcher cannot be caught. Then each worker's gRPC control channel to the
launcher breaks: Beam's ``SdkHarness.run`` returns when the control stream ends, and
``sdk_worker_main`` exits, so orphaned workers exit by themselves once the stream's error
arrives (seconds; a worker inside a long bundle finishes that element first).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from typing import Iterator

_log = logging.getLogger(__name__)
GRACE_S = 5.0


def descendants(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (Linux /proc; [] where there is none)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue  # exited meanwhile
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])  # after "pid (comm) state"
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def terminate_descendants(grace_s: float = GRACE_S) -> int:
    """SIGTERM every descendant of this process, SIGKILL those alive after ``grace_s``; how many."""
    pids = descendants(os.getpid())
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    for pid in pids:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    return len(pids)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"  # a zombie has exited
    except OSError:
        return False


@contextlib.contextmanager
def workers_end_with_launcher() -> Iterator[None]:
    """While the block runs, SIGTERM/SIGINT end the launcher's worker processes, then the launcher
    (KeyboardInterrupt for SIGINT, SystemExit(143) for SIGTERM). Outside the main thread,
    where Python cannot install handlers, it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame) -> None:
        n = terminate_descendants()
        _log.warning("interrupted (%s): ended %d worker process(es); nothing was committed",
                     signal.Signals(signum).name, n)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
