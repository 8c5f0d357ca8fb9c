"""LSH banding: the band layout, bucket keys, and the verified edges between near duplicates.

Banding is a GroupByKey on (band, band values); candidate pairs inside a bucket are verified
by estimated Jaccard. A pair whose estimate lies within ``estimate_margin`` of the threshold is
decided by the exact Jaccard of the two documents' shingle-hash sets instead, joined to the
pair by two CoGroupByKeys (the sets travel once per unsure pair, never per band).
"""

from __future__ import annotations

import apache_beam as beam
import numpy as np

from medcorpus.schemas import DEDUP
from medcorpus.transforms.dedup.minhash import estimate_margin, estimated_jaccard, exact_jaccard
from medcorpus.transforms.dedup.records import SHINGLES
from medcorpus.transforms.stage import count

UNSURE = "unsure"


def candidate_probability(s: float | np.ndarray, bands: int, rows: int):
    """P(two documents with Jaccard s share a bucket) = 1 - (1 - s^r)^b."""
    return 1 - (1 - np.asarray(s, dtype=float) ** rows) ** bands


def choose_bands(threshold: float, num_perm: int, margin: float = 0.05, target: float = 0.99) -> tuple[int, int]:
    """(bands, rows) with bands*rows <= num_perm: among layouts whose candidate probability
    at threshold + margin reaches ``target``, the one with the least false-positive area
    (integral of the S-curve below the threshold: the candidates verification discards);
    if none reaches it, the one closest to it."""
    hi = min(threshold + margin, 1.0)
    grid = np.linspace(0, threshold, 400)
    best = None
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if bands < 1:
            break
        p_hi = float(candidate_probability(hi, bands, rows))
        fp = float(np.trapezoid(candidate_probability(grid, bands, rows), grid))
        key = (0, fp) if p_hi >= target else (1, -p_hi)
        if best is None or key < best[0]:
            best = (key, bands, rows)
    # fewer bands with the same rows lower false positives; keep the fewest that reach target
    _, bands, rows = best
    while bands > 1 and float(candidate_probability(hi, bands - 1, rows)) >= target:
        bands -= 1
    return bands, rows


def band_keys(sig: np.ndarray, bands: int, rows: int) -> list[tuple[int, bytes]]:
    """One (band index, band values) key per band of one signature."""
    raw = np.ascontiguousarray(sig[:bands * rows], dtype="<u4").tobytes()
    w = 4 * rows
    return [(i, raw[i * w:(i + 1) * w]) for i in range(bands)]


class _BucketPairsFn(beam.DoFn):
    """An LSH bucket -> edges (node_a, node_b), node_a < node_b, whose estimated Jaccard is at least
    ``margin`` above the threshold; pairs within ``margin`` of it go to the UNSURE output as
    (node_a, node_b, estimate), for ``exact_jaccard``."""

    def __init__(self, threshold: float, max_pairs: int, margin: float):
        self.threshold, self.max_pairs, self.margin = threshold, max_pairs, margin

    def process(self, element):
        _, members = element
        members = sorted(set(members), key=lambda m: m[0])
        if len(members) < 2 or all(m[0][0] == 0 for m in members):
            return
        sigs = [np.frombuffer(m[1], dtype="<u4") for m in members]
        if len(members) <= self.max_pairs:
            pairs = ((i, j) for i in range(len(members)) for j in range(i + 1, len(members)))
        else:  # a star from the best member plus a chain: linear in the bucket
            pairs = {(0, j) for j in range(1, len(members))} | {(j - 1, j) for j in range(2, len(members))}
        n = 0
        for i, j in pairs:
            if members[i][0][0] == 0 and members[j][0][0] == 0:
                continue  # two earlier documents: deduplicated by their own run
            n += 1
            estimate = estimated_jaccard(sigs[i], sigs[j])
            if estimate >= self.threshold + self.margin:
                yield members[i][0], members[j][0]
            elif estimate > self.threshold - self.margin:
                yield beam.pvalue.TaggedOutput(UNSURE, (members[i][0], members[j][0], estimate))
        count(DEDUP, "candidate_pairs", n)


def _pair_with_first_set(element):
    """(a's key, {pair: [(a, b, estimate)], shingles: [a's set]}) -> (b's key, (a, b, estimate, a's set))."""
    _, g = element
    first = g[SHINGLES][0] if g[SHINGLES] else None
    for a, b, estimate in g["pair"]:
        yield (b[0], b[2]), (a, b, estimate, first)


class _ExactEdgesFn(beam.DoFn):
    """(b's key, {half: [(a, b, estimate, a's set)], shingles: [b's set]}) -> the edges whose exact
    Jaccard reaches the threshold. A document of an earlier version persisted without its set is
    judged by the estimate."""

    def __init__(self, threshold: float):
        self.threshold = threshold

    def process(self, element):
        _, g = element
        second = g[SHINGLES][0] if g[SHINGLES] else None
        for a, b, estimate, first in g["half"]:
            if first is None or second is None:
                count(DEDUP, "unsure_pairs_by_estimate")
                same = estimate >= self.threshold
            else:
                count(DEDUP, "unsure_pairs_exact")
                same = exact_jaccard(first, second) >= self.threshold
            if same:
                yield a, b


def near_duplicate_edges(reps: beam.PCollection, shingles: beam.PCollection, bands: int, rows: int,
                         threshold: float, max_bucket_pairs: int, num_perm: int) -> beam.PCollection:
    """Slim records of the exact representatives (plus their group size) and the ``SHINGLES``
    sets -> distinct verified edges (node_a, node_b) between near duplicates."""
    pairs = (reps
             | "BandKeys" >> beam.FlatMap(
                 lambda r: [] if r[5] is None else
                 [(k, ((r[0], r[1], r[2]), r[5])) for k in band_keys(np.frombuffer(r[5], "<u4"), bands, rows)])
             | "GroupBuckets" >> beam.GroupByKey()
             | "VerifyPairs" >> beam.ParDo(_BucketPairsFn(threshold, max_bucket_pairs,
                                                         estimate_margin(num_perm))).with_outputs(
                 UNSURE, main="sure"))
    # pairs near the threshold: exact Jaccard of the two shingle sets, joined in one at a time
    first = ({"pair": pairs[UNSURE] | "DistinctUnsure" >> beam.Distinct()
              | "UnsureByFirst" >> beam.Map(lambda e: ((e[0][0], e[0][2]), e)),
              SHINGLES: shingles}
             | "JoinFirstSet" >> beam.CoGroupByKey()
             | "PairWithFirstSet" >> beam.FlatMap(_pair_with_first_set))
    exact_edges = ({"half": first, SHINGLES: shingles}
                   | "JoinSecondSet" >> beam.CoGroupByKey()
                   | "ExactJaccard" >> beam.ParDo(_ExactEdgesFn(threshold)))
    return (pairs.sure, exact_edges) | "AllEdges" >> beam.Flatten() | "DistinctEdges" >> beam.Distinct()
