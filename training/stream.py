"""Streaming one version of a documents table: its text column in a fixed order, cut into windows.

The version is resolved through ``medcorpus.table.resolve``: a version that failed validation is refused
unless ``allow_invalid``, and a table that is not a medcorpus documents table (a rejects table, a plain
Delta table) is refused. Fragments are read in path order, so a version always streams the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np
import pyarrow.compute as pc

from medcorpus.table import resolve


def resolve_version(table: str, version: int | None = None, tag: str | None = None, *, allow_invalid: bool = False,
                    storage_options: dict | None = None) -> int:
    """The documents version ``version`` or ``tag`` names (else the latest), through the validation gate."""
    return resolve(table, version, tag, allow_invalid=allow_invalid, storage_options=storage_options).version


def _fragments(table: str, version: int, storage_options: dict | None = None) -> list:
    from deltalake import DeltaTable  # heavy: only where a table is read

    dataset = DeltaTable(table, version=version, storage_options=storage_options).to_pyarrow_dataset()
    return sorted(dataset.get_fragments(), key=lambda f: f.path)  # a fixed order for a fixed version


def count_documents(table: str, version: int, storage_options: dict | None = None) -> int:
    return sum(f.count_rows() for f in _fragments(table, version, storage_options))


def iter_texts(table: str, version: int, column: str = "text", batch_rows: int = 8192,
               storage_options: dict | None = None) -> Iterator[Any]:
    """The version's text column as Arrow arrays, fragment by fragment in path order: bounded memory."""
    for fragment in _fragments(table, version, storage_options):
        for batch in fragment.to_batches(columns=[column], batch_size=batch_rows):
            if batch.num_rows:
                yield batch.column(0)


@dataclass
class Window:
    index: int
    first_doc: int  # ordinal of its first document in the version's stream order
    texts: list  # Arrow arrays, in order
    n_docs: int
    n_bytes: int

    def pylist(self) -> list[str]:
        out: list[str] = []
        for arr in self.texts:
            out.extend(arr.to_pylist())
        return [t if t is not None else "" for t in out]

def iter_windows(arrays: Iterator[Any], window_docs: int, window_bytes: int) -> Iterator[Window]:
    """Cuts the stream into windows: a window closes after ``window_docs`` documents, or after the
    document that brings its text to ``window_bytes`` UTF-8 bytes. Depends only on the texts, never on
    Arrow batch sizes or on tokenization: a rerun finds the same windows without tokenizing."""
    index, first, parts, n_docs, n_bytes = 0, 0, [], 0, 0
    for arr in arrays:
        sizes = pc.fill_null(pc.binary_length(arr), 0).to_numpy(zero_copy_only=False).astype(np.int64)
        pos = 0
        while pos < len(arr):
            room = window_docs - n_docs
            csum = np.cumsum(sizes[pos:pos + room]) + n_bytes
            hit = int(np.searchsorted(csum, window_bytes, side="left"))  # first doc reaching the limit
            take = min(room, hit + 1, len(arr) - pos)
            parts.append(arr.slice(pos, take))
            n_docs += take
            n_bytes = int(csum[take - 1])
            pos += take
            if n_docs >= window_docs or n_bytes >= window_bytes:
                yield Window(index, first, parts, n_docs, n_bytes)
                index, first, parts, n_docs, n_bytes = index + 1, first + n_docs, [], 0, 0
    if n_docs:
        yield Window(index, first, parts, n_docs, n_bytes)

