"""Resumable shard writing: one shard per window, its files renamed into place, a done marker last.

- ``shard-NNNNNN.bin`` / ``.idx``: a Megatron-LM indexed dataset (``MMIDIDX``, version 1). Each packed
  sequence is one sequence, unpadded (its length is its real tokens); document indices are
  ``0..n_sequences`` (one sequence per "document" in Megatron's sense), so the header's document count is
  ``n_sequences + 1``, as Megatron's own builder writes it.
- ``shard-NNNNNN.cu.npy`` (int32): every sequence's cu_seqlens (``[0, end_1, ..., len]``, its document
  boundaries for variable-length attention), concatenated; ``.cu_index.npy`` (int64, n+1): where sequence
  i's cu_seqlens start in it (they span ``cu_index[i]:cu_index[i+1]``).
- ``shard-NNNNNN.docs.npy`` (int64, pieces x 2): for every piece (the runs between cu_seqlens, in order),
  the ordinal of its document in the version's stream order and the piece's token offset in that
  document (with its EOD): which document is where, and how a split one is put back together.
- ``shard-NNNNNN.done.json``: written last, by atomic rename, with the shard's counts and file sha256.
  A rerun skips every window whose marker matches the configuration, without tokenizing it.

Also the run's progress line (documents, tokens, tokens/s).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from medcorpus.training.megatron import megatron_idx_bytes
from medcorpus.training.packer import PackedWindow
from medcorpus.training.stream import Window

SHARD_FILES = (".bin", ".idx", ".cu.npy", ".cu_index.npy", ".docs.npy")


def shard_name(index: int) -> str:
    return f"shard-{index:06d}"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_shard(out: Path, index: int, packed: PackedWindow, dtype: np.dtype, meta: dict) -> dict:
    """Writes a shard's files under temporary names, renames them into place, then the done marker
    (last, atomically): a shard without its marker is rewritten by the next run."""
    name = shard_name(index)
    files = {}
    for suffix in SHARD_FILES:
        if suffix == ".bin":
            data = packed.tokens.astype(dtype, copy=False).tobytes(order="C")
        elif suffix == ".idx":
            data = megatron_idx_bytes(dtype, packed.lengths, packed.pointers)
        else:
            array = {".cu.npy": packed.cu_seqlens, ".cu_index.npy": packed.cu_index,
                     ".docs.npy": np.stack([packed.piece_docs, packed.piece_offsets], axis=1)}[suffix]
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            data = buffer.getvalue()
        atomic_write_bytes(out / f"{name}{suffix}", data)  # hashed from memory, not read back
        files[suffix] = {"path": f"{name}{suffix}", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    marker = {"shard": name, **meta, "stats": packed.stats, "files": files}
    atomic_write_bytes(out / f"{name}.done.json", json.dumps(marker, indent=1).encode())
    return marker


def finished_shard(out: Path, index: int, fingerprint: str, window: Window) -> dict | None:
    """The done marker of a shard a previous run finished with the same configuration, else None."""
    path = out / f"{shard_name(index)}.done.json"
    try:
        marker = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if (marker.get("fingerprint") != fingerprint or marker.get("first_doc") != window.first_doc
            or marker.get("documents_in") != window.n_docs):
        return None
    for info in marker.get("files", {}).values():
        f = out / info["path"]
        if not f.exists() or f.stat().st_size != info["bytes"]:
            return None
    return marker



class Progress:
    """A minimal progress line on stderr with documents, tokens and tokens/s. Redrawn in place on a
    terminal; elsewhere a line every ``every_s`` seconds once the run has lasted that long; silent when
    disabled."""

    def __init__(self, total_docs: int | None = None, enabled: bool | None = None, every_s: float = 30.0,
                 stream=None):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = True if enabled is None else enabled
        self.total, self.every_s = total_docs, every_s
        self.start = self.last = time.perf_counter()
        self.docs = self.tokens = 0
        self.drawn = False

    def update(self, docs: int, tokens: int, force: bool = False) -> None:
        self.docs += docs
        self.tokens += tokens
        now = time.perf_counter()
        if not self.enabled:
            return
        wait = 0.2 if self.tty else self.every_s
        if not force and now - self.last < wait:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        pct = f" {100 * self.docs / self.total:5.1f}%" if self.total else ""
        line = (f"pack{pct} {self.docs:,} docs {self.tokens:,} tokens {self.tokens / elapsed:,.0f} tokens/s "
                f"{elapsed:,.0f}s")
        self.stream.write(("\r" + line) if self.tty else (line + "\n"))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.enabled and self.drawn and self.tty:
            self.stream.write("\n")
            self.stream.flush()

