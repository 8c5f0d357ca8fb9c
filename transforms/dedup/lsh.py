"""LSH banding: the band layout, one 64-bit hash per band, and the candidate pairs of a bucket.

Buckets are found by a GroupByKey over ``bucket_shards`` keys, not one key per bucket: each
batch of representatives sends every shard one element holding its entries as a uint64 array of
band hashes plus the nodes (~8 + 30 bytes per band and document); the shard sorts its hashes and
equal runs are the buckets. Signatures never travel with the bands (``verify`` joins them once).
"""

from __future__ import annotations

from typing import Iterator, Sequence

import apache_beam as beam
import numpy as np

from medcorpus.transforms.dedup.records import EARLIER

SIZES = "sizes"  # side output of the buckets: (node, exact-group size) of every node in a bucket pair


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


_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def band_hashes(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n, num_perm) signatures -> (n, bands) uint64: one hash per band of its values and its index
    (equal band values in the same band -> equal hash; a 64-bit collision only adds a candidate
    pair, which verification discards)."""
    v = np.asarray(sigs, dtype=np.uint32)[:, :bands * rows].reshape(len(sigs), bands, rows).astype(np.uint64)
    h = np.tile((np.arange(1, bands + 1, dtype=np.uint64) * _GOLDEN), (len(sigs), 1))
    with np.errstate(over="ignore"):
        for r in range(rows):
            h = (h ^ v[:, :, r]) * _C1
            h ^= h >> np.uint64(31)
        h = (h ^ (h >> np.uint64(30))) * _C2
        return h ^ (h >> np.uint64(31))


def bucket_entries(batch: Sequence[tuple], shards: int) -> Iterator[tuple[int, tuple]]:
    """A batch of representatives (node, band hashes as bytes, exact-group size, ...) -> per shard
    (shard, (band hashes bytes, nodes, sizes)); a representative without shingles has no bands."""
    owners = [i for i, rep in enumerate(batch) if rep[1]]
    if not owners:
        return
    h = np.frombuffer(b"".join(batch[i][1] for i in owners), dtype="<u8")
    own = np.repeat(np.asarray(owners), len(h) // len(owners))
    shard = (h % np.uint64(shards)).astype(np.int64)
    order = np.argsort(shard, kind="stable")
    h, own, shard = h[order], own[order], shard[order]
    cuts = np.flatnonzero(np.r_[True, shard[1:] != shard[:-1]])
    for lo, hi in zip(cuts, np.r_[cuts[1:], len(h)]):
        idx = own[lo:hi].tolist()
        yield int(shard[lo]), (h[lo:hi].tobytes(), [batch[j][0] for j in idx], [batch[j][2] for j in idx])


class BucketPairsFn(beam.DoFn):
    """(shard, [(band hashes, nodes, sizes)]) -> candidate pairs (node_a, node_b), node_a < node_b,
    distinct within the shard, plus (node, size) on ``SIZES`` for every node in a pair. Buckets up
    to ``max_pairs`` members pair everyone; larger ones a star from the best member plus a chain
    (linear in the bucket). Two earlier-version documents are never paired (their run judged them)."""

    def __init__(self, max_pairs: int):
        self.max_pairs = max_pairs

    def process(self, element):
        _, parts = element
        h = np.concatenate([np.frombuffer(part[0], dtype="<u8") for part in parts])
        nodes = [n for part in parts for n in part[1]]
        sizes = [s for part in parts for s in part[2]]
        order = np.argsort(h, kind="stable")
        hs = h[order]
        new_run = np.r_[True, hs[1:] != hs[:-1]]
        starts = np.flatnonzero(new_run)
        ends = np.r_[starts[1:], len(hs)]
        multi = ends - starts > 1
        pairs, paired = set(), {}
        for lo, hi in zip(starts[multi].tolist(), ends[multi].tolist()):
            members = {nodes[k]: sizes[k] for k in order[lo:hi].tolist()}
            if len(members) < 2:
                continue
            ms = sorted(members)
            if ms[-1][0] == EARLIER:
                continue
            if len(ms) <= self.max_pairs:
                cand = ((i, j) for i in range(len(ms)) for j in range(i + 1, len(ms)))
            else:
                cand = [(0, j) for j in range(1, len(ms))] + [(j - 1, j) for j in range(2, len(ms))]
            for i, j in cand:
                a, b = ms[i], ms[j]
                if b[0] == EARLIER:
                    continue
                pairs.add((a, b))
                paired[a], paired[b] = members[a], members[b]
        yield from pairs
        for n, size in paired.items():
            yield beam.pvalue.TaggedOutput(SIZES, (n, size))
