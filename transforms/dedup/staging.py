"""Documents parked in files while the stage decides on ids, so that no step holds them all.

``Sign`` writes each batch of documents it signs to one file under the run's staging folder, gives
each document's node that file's id (``records.node_file``) and emits one element per file on
``STAGED``: (file id, (path, the nodes' hashes, the exact hashes), each list one bytes string).
Most documents are kept alone and get no decision; the others' decisions (a duplicate's reason, a
cluster's size) are keyed by their node's file id and joined to the file's element, and
``ApplyStagedFn`` reads each file once and yields its documents kept or rejected. No per-document
element is joined or grouped to bring decisions to files. The few documents whose near-duplicate
pairs the MinHash estimate cannot judge are read back from their files too, for their exact shingle
sets. Texts cross no shuffle and no in-memory buffer of the runner: on the DirectRunner the launcher
held every document until the decisions were ready, on Dataflow they crossed a CoGroupByKey.

Files are written by ``transforms.parking``; the build removes them when the run ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import apache_beam as beam

from medcorpus.transforms.parking import unpark

STAGED = "staged"  # Sign's output per parked batch: (file id, (path, node hashes, exact hashes))
SIGNATURES = ".sigs"  # beside each parked batch, named by its file id: node hashes, then MinHash signatures
EXACT_HASH_BYTES = 16  # ``text.prepare``'s blake2b digest


class ApplyStagedFn(beam.DoFn):
    """(file id, {staged: [(path, node hashes, exact hashes)], decision: [(doc_id, decision)]}) -> each
    document of the file through ``apply(doc, decision)``; a document without a decision is kept alone
    (``alone(exact hash)``)."""

    def __init__(self, apply: Callable, alone: Callable[[bytes], tuple]):
        self.apply, self.alone = apply, alone

    def process(self, element):
        _, g = element
        staged, decided = list(g["staged"]), list(g["decision"])
        if len(staged) != 1:
            raise RuntimeError(f"dedup: a file id names {len(staged)} parked batches")
        path, _, exact_hashes = staged[0]
        docs = unpark(path)
        if len(docs) * EXACT_HASH_BYTES != len(exact_hashes):
            raise RuntimeError(f"dedup: a parked batch holds {len(docs)} documents and lists "
                               f"{len(exact_hashes) // EXACT_HASH_BYTES}")
        parked = {doc["doc_id"] for doc in docs}
        decisions: dict[str, Any] = {}
        for doc_id, decision in decided:
            if doc_id not in parked or decisions.setdefault(doc_id, decision) is not decision:
                raise RuntimeError(f"dedup: document {doc_id} has a decision it cannot have (twice, or not parked)")
        for i, doc in enumerate(docs):
            decision = decisions.get(doc["doc_id"])
            if decision is None:
                decision = self.alone(exact_hashes[i * EXACT_HASH_BYTES:(i + 1) * EXACT_HASH_BYTES])
            yield self.apply(doc, decision)
