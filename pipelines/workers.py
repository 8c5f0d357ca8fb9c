"""Beam's local worker processes end with the launcher, and allocate with lean malloc settings.

The DirectRunner (multi_processing) and the portable local runners start their SDK workers
as child processes of the launcher, in its process group. Ctrl-C in a terminal reaches the
whole group, but a SIGTERM sent to the launcher alone (a scheduler's kill, ``timeout``) does
not: the workers kept running, reading inputs that nobody would commit. While a run is in
flight, SIGTERM and SIGINT now end every descendant of the launcher (SIGTERM, then SIGKILL
for those alive after a grace period) before the launcher exits.

``kill -9`` of the launcher cannot be caught. What Beam's workers do then (measured, Beam's
DirectRunner multi_processing on Linux): ``SdkHarness.run`` ends only when the gRPC control
stream reports an error, which took about two minutes (129 s) after the launcher was gone,
while the orphaned workers kept running. Workers that have not run a bundle yet have no DoFn
that could watch. So the launcher puts its pid in the environment its workers inherit
(``MEDCORPUS_LAUNCHER_PID``) and starts a reaper: a small process in its own session that
polls the launcher every half second and, once it is gone, kills every process whose
environment carries that pid (found even after the orphans were reparented).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Iterator

_log = logging.getLogger(__name__)
GRACE_S = 5.0
REAPER_POLL_S = 0.5
LAUNCHER_ENV = "MEDCORPUS_LAUNCHER_PID"


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


def started_by(launcher: int) -> list[int]:
    """Processes whose environment names ``launcher`` as theirs (this one excepted)."""
    mark = f"{LAUNCHER_ENV}={launcher}".encode()
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open(f"/proc/{entry}/environ", "rb") as f:
                    if mark in f.read().split(b"\0"):
                        out.append(int(entry))
            except OSError:
                continue  # exited, or another user's
    return out


def reap_when_gone(launcher: int, poll_s: float = REAPER_POLL_S) -> None:
    """The reaper's loop: wait for the launcher to be gone, then kill what it started."""
    while _alive(launcher):
        time.sleep(poll_s)
    for pid in started_by(launcher):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _start_reaper() -> subprocess.Popen | None:
    if not os.path.isdir("/proc"):  # descendants are found through /proc
        return None
    return subprocess.Popen([sys.executable, "-m", "medcorpus.pipelines.workers", str(os.getpid())],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # a Ctrl-C to the launcher's group must not end it first


@contextlib.contextmanager
def workers_end_with_launcher() -> Iterator[None]:
    """While the block runs, SIGTERM/SIGINT end the launcher's worker processes, then the launcher
    (KeyboardInterrupt for SIGINT, SystemExit(143) for SIGTERM), and a reaper ends them after a
    kill -9. Outside the main thread, where Python cannot install handlers, it does nothing."""
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
    os.environ[LAUNCHER_ENV] = str(os.getpid())  # inherited by the workers p.run() starts
    reaper = _start_reaper()
    try:
        yield
    finally:
        if reaper is not None:
            reaper.kill()
            reaper.wait()
        os.environ.pop(LAUNCHER_ENV, None)
        for sig, old in previous.items():
            signal.signal(sig, old)


# glibc malloc settings for the launcher and the workers it starts: (environment variable, mallopt
# parameter number from malloc.h, value)
MALLOC_SETTINGS = (
    # each thread that allocates gets its own arena (up to 8 per core) and keeps it: the launcher's and
    # workers' gRPC threads grew resident memory that no object held
    ("MALLOC_ARENA_MAX", -8, 2),
    # blocks of 1 MiB and more (numpy temporaries of a signed batch, decoded bundles) are mapped and
    # handed back when freed; by default glibc raises this threshold as they are freed, and later ones
    # come from a heap that keeps the high-water mark
    ("MALLOC_MMAP_THRESHOLD_", -3, 1 << 20),
)


TRIM_INTERVAL_S = 1.0  # how often the launcher hands its free heap pages back while the run is in flight


def _trim_until(done: threading.Event, trim) -> None:
    while not done.wait(TRIM_INTERVAL_S):
        trim(0)


@contextlib.contextmanager
def lean_malloc() -> Iterator[None]:
    """The launcher (mallopt, before its threads start) and the workers it starts (the environment
    they inherit) allocate with MALLOC_SETTINGS. Measured at the same speed: the corpora subset's peak
    RSS over all processes 2,670 -> 2,396 MiB with two arenas (bench/scale_bench.py); the dedup stage
    on 20,000 documents 520 -> 450 MiB with the mmap threshold (bench/dedup_bench.py stage). A
    setting the user made in the environment wins, for that setting.

    The launcher also returns its free heap pages every TRIM_INTERVAL_S (glibc ``malloc_trim``): the
    runner's buffers of each stage boundary are freed when the next stage has read them, and the
    pages between blocks that live on stayed resident. Measured (bench/scale_bench.py --scales 1):
    the launcher held ~380-410 MiB when the workers peaked (the write stage), ~305-310 MiB with it."""
    libc = None
    with contextlib.suppress(OSError):
        libc = ctypes.CDLL(None)
    mallopt = getattr(libc, "mallopt", None)  # glibc has it and malloc_trim; elsewhere nothing to set
    trim = getattr(libc, "malloc_trim", None)
    ours = [(name, param, value) for name, param, value in MALLOC_SETTINGS if name not in os.environ]
    for name, param, value in ours:
        if mallopt is not None:
            mallopt(param, value)
        os.environ[name] = str(value)
    done, trimmer = threading.Event(), None
    if trim is not None:
        trimmer = threading.Thread(target=_trim_until, args=(done, trim), daemon=True)
        trimmer.start()
    try:
        yield
    finally:
        done.set()
        if trimmer is not None:
            trimmer.join()
        for name, _, _ in ours:
            os.environ.pop(name, None)


if __name__ == "__main__":
    reap_when_gone(int(sys.argv[1]))
