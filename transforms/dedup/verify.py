"""Verification of candidate pairs: the signatures joined once, shingle sets only for unsure pairs.

1. Every candidate pair is sent to both its nodes; one CoGroupByKey with the (node, signature bytes)
   collection hands each pair the two signatures (a signature crosses this shuffle once, plus once
   per candidate pair it is in), and a GroupByKey on the pair brings the halves together.
2. A pair whose estimated Jaccard lies at least ``margin`` above the threshold is an edge; within the
   margin it is unsure. The unsure pairs' nodes, as a sorted array of 64-bit hashes, are a side input
   that filters the (node, shingle set) collection, so only the sets of unsure nodes are shuffled,
   joined to their pairs the same way and judged by ``exact_jaccard``.
"""

from __future__ import annotations

from collections import Counter

import apache_beam as beam
import numpy as np

from medcorpus.schemas import DEDUP
from medcorpus.transforms.dedup.minhash import estimated_jaccard, exact_jaccard
from medcorpus.transforms.dedup.records import node_hash
from medcorpus.transforms.stage import count

UNSURE = "unsure"


def _halves(element):
    """(node, {value: [its signature or set], pair: [pairs it is in]}) -> (pair, (is first node, value))
    per distinct pair (pairs found in several bands arrive several times)."""
    node, g = element
    value = g["value"][0] if g["value"] else None
    for pair in set(g["pair"]):
        yield pair, (pair[0] == node, value)


def _join_halves(label: str, pairs: beam.PCollection, values: beam.PCollection) -> beam.PCollection:
    """Pairs (a, b, ...) and (node, value) -> (pair, [(is a, value), (is b, value)])."""
    return ({"value": values, "pair": pairs | f"{label}ToNodes" >> beam.FlatMap(lambda ab: [(ab[0], ab), (ab[1], ab)])}
            | f"{label}JoinNodes" >> beam.CoGroupByKey()
            | f"{label}Halves" >> beam.FlatMap(_halves)
            | f"{label}GroupPairs" >> beam.GroupByKey())


def _two(halves) -> tuple:
    first = second = None
    for is_first, value in halves:
        if is_first:
            first = value
        else:
            second = value
    return first, second


class _CountingFn(beam.DoFn):
    """Counts outcomes per bundle (a counter update per pair costs more than judging the pair)."""

    def start_bundle(self) -> None:
        self.counts: Counter[str] = Counter()

    def finish_bundle(self) -> None:
        for outcome, n in self.counts.items():
            count(DEDUP, outcome, n)


class _EstimateFn(_CountingFn):
    def __init__(self, threshold: float, margin: float):
        self.threshold, self.margin = threshold, margin

    def process(self, element):
        pair, halves = element
        sig_a, sig_b = _two(halves)
        self.counts["candidate_pairs"] += 1
        estimate = estimated_jaccard(np.frombuffer(sig_a, "<u4"), np.frombuffer(sig_b, "<u4"))
        if estimate >= self.threshold + self.margin:
            yield pair
        elif estimate > self.threshold - self.margin:
            yield beam.pvalue.TaggedOutput(UNSURE, (*pair, estimate))


class _ExactFn(_CountingFn):
    """An unsure pair with its two shingle sets -> the edge, if the exact Jaccard reaches the threshold.
    A document of an earlier version persisted without its set is judged by the estimate."""

    def __init__(self, threshold: float):
        self.threshold = threshold

    def process(self, element):
        (a, b, estimate), halves = element
        first, second = _two(halves)
        if first is None or second is None:
            self.counts["unsure_pairs_by_estimate"] += 1
            same = estimate >= self.threshold
        else:
            self.counts["unsure_pairs_exact"] += 1
            same = exact_jaccard(first, second) >= self.threshold
        if same:
            yield a, b


class _UnsureSetsFn(beam.DoFn):
    """Keeps the (node, shingle set) of nodes listed in the side input (64-bit node hashes of the
    unsure pairs), searched as a sorted array built once per side-input value."""

    def setup(self) -> None:
        self._listed, self._keys = None, np.zeros(0, dtype=np.uint64)

    def process(self, element, listed):
        if listed is not self._listed:
            self._listed, self._keys = listed, np.unique(np.fromiter(listed, dtype=np.uint64))
        h = np.uint64(node_hash(element[0]))
        i = int(np.searchsorted(self._keys, h))
        if i < len(self._keys) and self._keys[i] == h:
            yield element


def verified_edges(pairs: beam.PCollection, sigs: beam.PCollection, sets: beam.PCollection,
                   threshold: float, margin: float) -> beam.PCollection:
    """Candidate pairs (node_a, node_b), (node, signature bytes) and (node, shingle set bytes) ->
    the verified edges (node_a, node_b), each once."""
    # a pair sharing several bands comes from several shards; Distinct's combiner drops the copies
    # before its shuffle, so the signature join sees each pair once
    estimated = (_join_halves("Sig", pairs | "DistinctPairs" >> beam.Distinct(), sigs)
                 | "Estimate" >> beam.ParDo(_EstimateFn(threshold, margin)).with_outputs(UNSURE, main="sure"))
    unsure = estimated[UNSURE]
    listed = unsure | "UnsureNodes" >> beam.FlatMap(lambda e: (node_hash(e[0]), node_hash(e[1])))
    unsure_sets = sets | "UnsureSets" >> beam.ParDo(_UnsureSetsFn(), beam.pvalue.AsList(listed))
    exact = (_join_halves("Set", unsure, unsure_sets)
             | "ExactJaccard" >> beam.ParDo(_ExactFn(threshold)))
    return (estimated.sure, exact) | "AllEdges" >> beam.Flatten()
