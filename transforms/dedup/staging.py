"""Documents parked in files while the stage decides on ids, so that no step holds them all.

``Sign`` writes each batch of documents it signs to one file under the run's staging folder and
emits (node, file) beside the signatures; the decisions (ids and reasons) are joined to those
pairs, grouped by file, and ``ApplyStagedFn`` reads each file once and yields its documents kept or
rejected. The few documents whose near-duplicate pairs the MinHash estimate cannot judge are read
back from their files too, for their exact shingle sets. Texts cross no shuffle and no in-memory
buffer of the runner: on the DirectRunner the launcher held every document until the decisions were
ready, on Dataflow they crossed a CoGroupByKey.

Files are written by ``transforms.parking``; the build removes them when the run ends.
"""

from __future__ import annotations

from typing import Any, Iterator

import apache_beam as beam

from medcorpus.transforms.parking import unpark

STAGED = "staged"  # Sign's output of (node, the file its document is parked in)


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
