"""Verification of candidate pairs: the signatures joined once, shingle sets only for unsure pairs.

1. Every candidate pair is sent to both its nodes, where the caller's ``halves_of`` finds each node's
   signature (this run's: read from the parked batch, by file; an earlier version's: one
   CoGroupByKey with its (node, signature bytes) collection, ``signature_halves``), and a GroupByKey
   on the pair brings the halves together. Only the signatures of nodes in candidate pairs travel.
2. A pair whose estimated Jaccard lies at least ``margin`` above the threshold is an edge; within the
   margin it is unsure. The unsure pairs' nodes (64-bit hashes) are a side input that filters the
   (node, shingle set) collection, so only the sets of unsure nodes are shuffled: joined at the
   pair's first node, that set travels with the pair to the second node, where ``exact_jaccard``
   judges it (unsure pairs outnumber unsure nodes: one set per pair, not two).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable

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


def signature_halves(label: str, pair_nodes: beam.PCollection, values: beam.PCollection) -> beam.PCollection:
    """(node, pair) and (node, value) -> (pair, (is the pair's first node, value)) per node and pair."""
    return ({"value": values, "pair": pair_nodes}
            | f"{label}JoinNodes" >> beam.CoGroupByKey()
            | f"{label}Halves" >> beam.FlatMap(_halves))


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


def _with_first_set(element):
    """(node a, {value: [a's set], pair: [unsure pairs (a, b, estimate)]}) -> (b, (pair, a's set))."""
    _, g = element
    first = g["value"][0] if g["value"] else None
    for pair in g["pair"]:
        yield pair[1], (pair, first)


class _ExactFn(_CountingFn):
    """(node b, {value: [b's set], half: [(unsure pair, a's set)]}) -> the edges whose exact Jaccard
    reaches the threshold. A document of an earlier version persisted without its set is judged by
    the estimate."""

    def __init__(self, threshold: float):
        self.threshold = threshold

    def process(self, element):
        _, g = element
        second = g["value"][0] if g["value"] else None
        for (a, b, estimate), first in g["half"]:
            if first is None or second is None:
                self.counts["unsure_pairs_by_estimate"] += 1
                same = estimate >= self.threshold
            else:
                self.counts["unsure_pairs_exact"] += 1
                same = exact_jaccard(first, second) >= self.threshold
            if same:
                yield a, b


class ListedFn(beam.DoFn):
    """Keeps the elements whose node (``node_of(element)``) is listed in the side input (64-bit node
    hashes), searched as a sorted array built once per side-input value."""

    def __init__(self, node_of: Callable[[Any], bytes]):
        self.node_of = node_of

    def setup(self) -> None:
        self._listed, self._keys = None, np.zeros(0, dtype=np.uint64)

    def listed_keys(self, listed) -> np.ndarray:
        """The side input's node hashes, sorted."""
        if listed is not self._listed:
            self._listed, self._keys = listed, np.unique(np.fromiter(listed, dtype=np.uint64))
        return self._keys

    def process(self, element, listed):
        keys = self.listed_keys(listed)
        h = np.uint64(node_hash(self.node_of(element)))
        i = int(np.searchsorted(keys, h))
        if i < len(keys) and keys[i] == h:
            yield element


def verified_edges(pairs: beam.PCollection,
                   halves_of: Callable[[beam.PCollection], beam.PCollection],
                   sets_of: Callable[[beam.pvalue.AsSideInput], beam.PCollection],
                   threshold: float, margin: float) -> beam.PCollection:
    """Candidate pairs (node_a, node_b) -> the verified edges (node_a, node_b), each once.
    ``halves_of(pairs)`` gives (pair, (is the first node, that node's signature bytes)) for both nodes
    of every pair; ``sets_of(listed)`` gives (node, shingle set bytes) for the nodes listed in that side
    input (node hashes of the unsure pairs)."""
    # a pair sharing several bands comes from several shards; Distinct's combiner drops the copies
    # before its shuffle, so the signatures are found once per pair
    estimated = (halves_of(pairs | "DistinctPairs" >> beam.Distinct())
                 | "SigGroupPairs" >> beam.GroupByKey()
                 | "Estimate" >> beam.ParDo(_EstimateFn(threshold, margin)).with_outputs(UNSURE, main="sure"))
    unsure = estimated[UNSURE]
    listed = unsure | "UnsureNodes" >> beam.FlatMap(lambda e: (node_hash(e[0]), node_hash(e[1])))
    unsure_sets = sets_of(beam.pvalue.AsList(listed))
    # the first set travels to the second node (once per unsure pair), where the second set is
    exact = ({"value": unsure_sets, "half": ({"value": unsure_sets,
                                             "pair": unsure | "UnsureByFirst" >> beam.Map(lambda e: (e[0], e))}
                                            | "JoinFirstSet" >> beam.CoGroupByKey()
                                            | "WithFirstSet" >> beam.FlatMap(_with_first_set))}
             | "JoinSecondSet" >> beam.CoGroupByKey()
             | "ExactJaccard" >> beam.ParDo(_ExactFn(threshold)))
    return (estimated.sure, exact) | "AllEdges" >> beam.Flatten()
