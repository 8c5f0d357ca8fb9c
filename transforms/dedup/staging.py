"""Documents parked in files while the stage decides on ids, so that no step holds them all.

``Sign`` writes each batch of documents it signs to one file under the run's staging folder and
emits (node, file) beside the signatures; the decisions (ids and reasons) are joined to those
pairs, grouped by file, and ``ApplyStagedFn`` reads each file once and yields its documents kept or
rejected. The few documents whose near-duplicate pairs the MinHash estimate cannot judge are read
back from their files too, for their exact shingle sets. Texts cross no shuffle and no in-memory buffer of the runner: on the DirectRunner the
launcher held every document until the decisions were ready, on Dataflow they crossed a CoGroupByKey.

A file is a zlib-compressed pickle of the batch (level 1: the texts shrink about threefold at
memory speed). Names are random: a retried bundle writes new files, and only the paths of the
attempt that succeeded travel on. The build removes the folder when the run ends.
"""

from __future__ import annotations

import pickle
import uuid
import zlib
from typing import Any, Iterator

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

STAGED = "staged"  # Sign's output of (node, the file its document is parked in)


def park(folder: str, batch: list[dict[str, Any]]) -> str:
    """Write a batch of documents to a new file under ``folder``; returns its path."""
    path = FileSystems.join(folder, f"{uuid.uuid4().hex}.pkl.zz")
    with FileSystems.create(path) as f:
        f.write(zlib.compress(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL), 1))
    return path


def unpark(path: str) -> list[dict[str, Any]]:
    with FileSystems.open(path) as f:
        return pickle.loads(zlib.decompress(f.read()))


def by_file(element) -> Iterator[tuple[str, tuple[str, Any]]]:
    """(doc_id, {file: [path], decision: [decision]}) -> (path, (doc_id, decision)); a document of this
    run has exactly one of each (earlier versions' ids have decisions only where they are joined)."""
    doc_id, g = element
    paths, decisions = list(g["file"]), list(g["decision"])
    if not paths:
        return
    if len(paths) != 1 or len(decisions) != 1:
        raise RuntimeError(f"dedup: document {doc_id} was parked {len(paths)} times with {len(decisions)} decisions")
    yield paths[0], (doc_id, decisions[0])


class ApplyStagedFn(beam.DoFn):
    """(file, [(doc_id, decision)]) -> each document of the file, through ``apply(doc, decision)``."""

    def __init__(self, apply):
        self.apply = apply

    def process(self, element):
        path, decided = element
        decisions = dict(decided)
        docs = unpark(path)
        if len(docs) != len(decisions):
            raise RuntimeError(f"dedup: a parked batch holds {len(docs)} documents and has {len(decisions)} decisions")
        for doc in docs:
            yield self.apply(doc, decisions[doc["doc_id"]])
