"""One function call in a fresh Python process, while the launcher does something else.

After the Beam run the launcher had two CPU-bound steps to do, one after the other, on one
core: the validation gate and the deid report (whose residual scan re-runs detection on a
sample of the output). The gate now runs in a background process while the launcher, which
already holds the detectors' modules, summarises the report. ``Background(fn, *args, **kwargs)``
starts ``python -m medcorpus.pipelines.background`` at once, hands it ``fn`` and its arguments
(pickled: ``fn`` by its module and name), and ``result()`` returns what ``fn`` returned, or raises
``BackgroundError``.

A fresh interpreter, not a fork: the launcher holds gRPC threads from the Beam run, which a
forked child must not inherit; and not ``multiprocessing``'s spawn either, which re-imports the
launcher's ``__main__`` (a CLI or a bench script) in the child. The child sees the launcher's
``sys.path`` (the same medcorpus checkout) and logs at the launcher's level; it ends itself
when the launcher goes away.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

_log = logging.getLogger(__name__)
PARENT_POLL_S = 0.5


class BackgroundError(RuntimeError):
    """The background process could not run the call or did not return a result."""


class Background:
    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any):
        self.name = f"{fn.__module__}.{fn.__qualname__}"
        fd, self._out = tempfile.mkstemp(prefix="medcorpus-bg-", suffix=".pickle")
        os.close(fd)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p or os.getcwd() for p in sys.path)
        request = pickle.dumps({"fn": fn, "args": args, "kwargs": kwargs, "out": self._out, "parent": os.getpid(),
                                "log_level": logging.getLogger().getEffectiveLevel()})
        self.started = time.monotonic()
        self._proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, env=env)
        try:
            self._proc.stdin.write(request)
            self._proc.stdin.close()
        except OSError:
            pass  # the child died at once: result() says so

    def result(self) -> Any:
        try:
            rc = self._proc.wait()
            with open(self._out, "rb") as f:
                data = f.read()
            if rc != 0 or not data:
                raise BackgroundError(f"{self.name} ended with exit status {rc} and no result")
            ok, value = pickle.loads(data)
        finally:
            self._remove()
        _log.debug("%s ran in the background for %.1f s", self.name, time.monotonic() - self.started)
        if not ok:
            raise BackgroundError(f"{self.name} raised {value}")
        return value

    def cancel(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._remove()

    def _remove(self) -> None:
        try:
            os.unlink(self._out)
        except FileNotFoundError:
            pass


def _end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def main() -> int:
    request = pickle.loads(sys.stdin.buffer.read())
    threading.Thread(target=_end_with, args=(request["parent"],), daemon=True).start()
    logging.basicConfig(level=request["log_level"])
    try:
        result = (True, request["fn"](*request["args"], **request["kwargs"]))
    except Exception as exc:
        logging.getLogger(__name__).exception("background call failed")
        result = (False, f"{type(exc).__name__}: {exc}")
    with open(request["out"], "wb") as f:
        f.write(pickle.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
