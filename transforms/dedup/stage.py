"""Deduplication stage: exact hashes, then MinHash/LSH near duplicates, clustered in Beam.

Per-document logic is plain functions (``text``, ``minhash``, ``lsh``); everything that needs all
documents is a Beam shuffle, so no step holds all edges or all signatures on one worker. Inside
the stage a document is its node (``records``: compact bytes that sort as the representative
order); what crosses a shuffle is ids and byte strings, never a text: the documents wait in files
(``staging``) while the stage decides on ids.

1. ``Sign``: batches of documents -> (exact hash, (node, band hashes)) per document; each batch is
   parked in one file and its MinHash signatures in another beside it, the file's id is part of its
   documents' nodes, and one element per file goes out on ``STAGED``.
2. Exact duplicates: GroupByKey on the exact hash; the minimum node is the representative.
3. Near duplicates among the representatives: band hashes sharded over ``bucket_shards`` keys,
   bucket pairs (``lsh``), verified by the estimate or, near the threshold, by exact Jaccard
   (``verify``: the signatures of the pairs' nodes read from their parked files; the shingle sets
   only of unsure pairs' documents, shingled again from their parked files).
4. Connected components of the verified edges (``components``); the component minimum is the
   representative: earliest version, then highest quality score, then smallest doc_id.
5. One CoGroupByKey per representative node turns components into decisions, keyed by the file
   of the document they are about; a document kept alone gets none. A join by file with ``STAGED``
   reads each file once: kept documents (``dedup`` = exact hash, cluster id = the kept doc_id,
   cluster size) and rejects (``exact_duplicate`` / ``near_duplicate``, ``duplicate_of`` = the kept
   doc_id).

Incremental runs (``index``): the kept documents' signatures and shingle sets are persisted with
the run; with ``against`` set, new documents duplicating an earlier version's are rejected with
``duplicate_of`` pointing at the earlier doc_id; earlier documents are not emitted again.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Iterator, Literal

import apache_beam as beam
import numpy as np
from apache_beam.io.filesystems import FileSystems
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner, DirectRunner
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from pydantic import Field, model_validator

from medcorpus.schemas import DEDUP, RejectReason
from medcorpus.table import parked_dir
from medcorpus.transforms.dedup.components import components
from medcorpus.transforms.dedup.index import (
    SHINGLES, SIG, EarlierPartsFn, earlier_index, index_files, persist_index, read_earlier,
)
from medcorpus.transforms.dedup.lsh import (
    SIZES, BucketPairsFn, band_hashes, bucket_entries, candidate_probability, choose_bands,
)
from medcorpus.transforms.dedup.minhash import (
    BASE_HASH_NAME, MinHasher, estimate_margin, shingle_hashes, shingle_sets,
)
from medcorpus.transforms.dedup.records import (
    CURRENT, EARLIER, make_node, node_doc_id, node_file, node_hash, node_tier, quality_rank, rank_score,
)
from medcorpus.transforms.dedup.report import report_entries
from medcorpus.transforms.dedup.staging import SIGNATURES, STAGED, ApplyStagedFn
from medcorpus.transforms.dedup.text import comparable_text, prepare
from medcorpus.transforms.dedup.verify import ListedFn, signature_halves, verified_edges
from medcorpus.transforms.parking import park, park_bytes, unpark, unpark_bytes
from medcorpus.transforms.stage import (
    DOCS, REJECTS, RunContext, Stage, StageConfig, StageResult, TimedFn, count, keep, reject,
)


class DedupConfig(StageConfig):
    threshold: float = Field(0.8, gt=0, lt=1, description="Jaccard of the shingle sets at or above which "
                                                           "two documents are near duplicates")
    num_perm: int = Field(128, ge=16, le=1024, description="MinHash permutations")
    ngram: int = Field(5, ge=1, le=32, description="word n-gram size (space-delimited languages)")
    char_ngram: int = Field(5, ge=1, le=32, description="character n-gram size (Chinese and Japanese)")
    char_langs: list[str] = Field(default_factory=lambda: ["zh", "ja"],
                                  description="languages shingled by characters; Han-script text always is")
    seed: int = Field(1, ge=0, description="MinHash permutation seed (datasketch's)")
    scheme: Literal["affine32", "legacy"] = Field("affine32", description="datasketch permutation scheme")
    bands: int | None = Field(None, ge=1, description="LSH bands; default chosen from threshold and num_perm")
    rows: int | None = Field(None, ge=1, description="rows per band; default chosen with bands")
    recall_margin: float = Field(0.05, ge=0, lt=0.5, description="the S-curve point targeted: candidate "
                                                                  "probability >= target_recall at threshold + this")
    target_recall: float = Field(0.99, gt=0, lt=1)
    max_bucket_pairs: int = Field(64, ge=2, description="buckets up to this size verify all pairs; larger ones "
                                                         "a star plus a chain (linear in the bucket)")
    max_rounds: int = Field(12, ge=1, le=64, description="large-star/small-star rounds (2 GroupByKeys each)")
    execution: Literal["auto", "distributed", "single_process"] = Field(
        "auto", description="the connected components: distributed (large/small-star rounds) or single_process "
                            "(union-find under one key); auto: single_process on the DirectRunner, which holds "
                            "every shuffled collection in its one process anyway, distributed on every other runner")
    batch_size: int = Field(1024, ge=1, description="documents per vectorised signature batch")
    bucket_shards: int = Field(64, ge=1, description="GroupByKey keys the band hashes are spread over (the "
                                                      "buckets' parallelism); each shard sorts its hashes")
    against: Literal["none", "latest"] | int = Field(
        "none", description="deduplicate against an earlier version of the table: none, latest, or a version")

    @model_validator(mode="after")
    def _bands_rows(self) -> "DedupConfig":
        if (self.bands is None) != (self.rows is None):
            raise ValueError("set both bands and rows, or neither")
        if self.bands is not None and self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands x rows = {self.bands * self.rows} exceeds num_perm {self.num_perm}")
        if isinstance(self.against, int) and self.against < 0:
            raise ValueError("against: a version is >= 0")
        return self

    def band_layout(self) -> tuple[int, int]:
        if self.bands is not None:
            return self.bands, self.rows
        return choose_bands(self.threshold, self.num_perm, self.recall_margin, self.target_recall)


# --------------------------------------------------------------------------- signing and exact groups

SIGN_CHUNK_BYTES = 256 * 1024  # text signed per vectorised call: its numpy temporaries (~50 bytes per text
# byte) stay small; at megabytes they fragment the heap (a peak the process keeps as RSS)


def _sign(cfg: DedupConfig, batch: list[dict[str, Any]], hasher: MinHasher | None, with_sets: bool):
    """A batch of documents -> ([(exact hash hex, mode, shingle text)], signatures (with a hasher),
    shingle sets (``with_sets``))."""
    prepared = [prepare(comparable_text(d), d.get("lang"), cfg.char_langs) for d in batch]
    sigs, sets, lo = [], [], 0
    while lo < len(prepared):
        hi, size = lo, 0
        while hi < len(prepared) and (hi == lo or size + len(prepared[hi][2]) <= SIGN_CHUNK_BYTES):
            size += len(prepared[hi][2])
            hi += 1
        chunk = prepared[lo:hi]
        hv, owner = shingle_hashes([x[2] for x in chunk], [x[1] for x in chunk], cfg.ngram, cfg.char_ngram)
        if hasher is not None:
            sigs.append(hasher.from_hashes(hv, owner, len(chunk)))
        if with_sets:
            sets.extend(shingle_sets(hv, owner, len(chunk)))
        lo = hi
    return prepared, np.concatenate(sigs) if sigs else None, sets


class _SignFn(beam.DoFn):
    def __init__(self, config: DedupConfig, bands: int, rows: int, staging: str):
        self.config, self.bands, self.rows, self.staging = config, bands, rows, staging

    def setup(self) -> None:
        self.hasher = MinHasher(self.config.num_perm, self.config.seed, self.config.scheme)

    def process(self, batch: list[dict[str, Any]]) -> Iterator:
        prepared, sigs, _ = _sign(self.config, batch, self.hasher, with_sets=False)
        bands = band_hashes(sigs, self.bands, self.rows).astype("<u8")
        sigs = sigs.astype("<u4")
        count(DEDUP, "signed", len(batch))
        path, file = park(self.staging, batch), os.urandom(8)  # a retried bundle: another file, other nodes
        node_hashes = np.empty(len(batch), dtype="<u8")
        for i, (doc, (ehash, _, stext)) in enumerate(zip(batch, prepared)):
            node = _doc_node(doc, file)
            node_hashes[i] = node_hash(node)
            yield bytes.fromhex(ehash), (node, bands[i].tobytes() if stext else b"")
        park_bytes(self.staging, node_hashes.tobytes() + sigs.tobytes(), SIGNATURES, name=file.hex())
        exact_hashes = b"".join(bytes.fromhex(ehash) for ehash, _, _ in prepared)
        yield beam.pvalue.TaggedOutput(STAGED, (file, (path, node_hashes.tobytes(), exact_hashes)))


class _ParkedSetsFn(ListedFn):
    """A parked batch (``STAGED``) and the unsure pairs' node hashes (side input) -> (node, shingle set)
    of the batch's listed documents, shingled again from the file: only the few documents an estimate
    cannot judge need their sets, and only files that hold one are read."""

    def __init__(self, config: DedupConfig):
        super().__init__(node_of=None)
        self.config = config

    def process(self, element, listed):
        file, (path, node_hashes, _) = element
        wanted = np.isin(np.frombuffer(node_hashes, dtype="<u8"), self.listed_keys(listed))
        if not wanted.any():
            return
        docs = [doc for doc, w in zip(unpark(path), wanted) if w]
        _, _, sets = _sign(self.config, docs, None, with_sets=True)
        for doc, shingles in zip(docs, sets):
            yield _doc_node(doc, file), shingles


class _ParkedSignaturesFn(beam.DoFn):
    """(file id, [(node, pair)]) -> (pair, (is the pair's first node, the node's signature bytes)), the
    signatures read once per file from the batch's parked signatures (node hashes, then signatures)."""

    def __init__(self, staging: str, num_perm: int):
        self.staging, self.num_perm = staging, num_perm

    def process(self, element):
        file, wanted = element
        data = unpark_bytes(FileSystems.join(self.staging, file.hex() + SIGNATURES))
        n = len(data) // (8 + 4 * self.num_perm)
        row = {h: i for i, h in enumerate(np.frombuffer(data, dtype="<u8", count=n).tolist())}
        sigs = np.frombuffer(data, dtype="<u4", offset=8 * n).reshape(n, self.num_perm)
        for node, pair in wanted:
            yield pair, (pair[0] == node, sigs[row[node_hash(node)]].tobytes())


def _pair_nodes(pair: tuple, tier: int) -> Iterator[tuple[bytes, tuple]]:
    """(node, pair) for the pair's nodes of ``tier``."""
    for node in pair[:2]:
        if node_tier(node) == tier:
            yield node, pair


def _doc_node(doc: dict[str, Any], file: bytes) -> bytes:
    return make_node(CURRENT, quality_rank(doc), doc["doc_id"], file)


def _exact_group(element):
    """(exact hash, [(node, band hashes)]) -> the representative (node, band hashes, group size, exact
    hash) on the main output, ('members', (representative node, node)) for this run's other copies."""
    ehash, records = element
    records = list(records)
    rep = min(records)
    for node, _ in records:
        if node != rep[0] and node_tier(node) == CURRENT:
            yield beam.pvalue.TaggedOutput("members", (rep[0], node))
    yield rep[0], rep[1], len(records), ehash


# --------------------------------------------------------------------------- decisions

KEPT = "kept"


def _decide(element):
    """Per exact representative: its fate and the fate of its exact copies.

    Yields (file, (doc_id, decision)) for documents of this run only, but none for a document kept
    alone; decision is ('kept', exact_hash, cluster_size) or (reason, kept doc_id, detail).
    """
    node, g = element
    if not g["rep"]:
        return
    size, ehash = g["rep"][0]
    tier, doc_id = node_tier(node), node_doc_id(node)
    parent = g["parent"][0] if g["parent"] else None
    if parent is None:
        final, final_tier = doc_id, tier
        cluster_size = size + sum(g["absorbed"])
        if tier == CURRENT and cluster_size > 1:
            yield node_file(node), (doc_id, (KEPT, ehash.hex(), cluster_size))
            yield beam.pvalue.TaggedOutput("cluster", (doc_id, cluster_size))
    else:
        final, final_tier = node_doc_id(parent), node_tier(parent)
        if tier == CURRENT:
            yield node_file(node), (doc_id, (
                RejectReason.NEAR_DUPLICATE, final,
                f"near duplicate (Jaccard >= threshold) in the cluster kept as {final}"
                + (" from the earlier version" if final_tier != CURRENT else "")))
    for member in g["members"]:
        via = "" if final == doc_id else f" (exact copy of {doc_id}, itself a near duplicate)"
        yield node_file(member), (node_doc_id(member), (
            RejectReason.EXACT_DUPLICATE, final,
            f"same normalised text as {final}{via}" + (" from the earlier version" if final_tier != CURRENT else "")))


def _id_in_version(element):
    """(doc_id, {new: [this run's exact record], old: [earlier exact hashes]}) -> the new record, or, where
    the version appended to holds the doc_id with other text, its decision (reason, kept doc_id,
    detail). With the same text it goes on, to be an exact duplicate of its earlier self."""
    doc_id, g = element
    for rec in g["new"]:
        if g["old"] and rec[0] not in g["old"]:
            yield beam.pvalue.TaggedOutput("decision", (node_file(rec[1][0]), (doc_id, (
                RejectReason.ID_IN_VERSION, doc_id,
                "the version this run appends to already holds this doc_id (same source and source_id); "
                "it stays: rebuild with output.mode replace to revise a document"))))
        else:
            yield rec


def _alone(ehash: bytes) -> tuple:
    """The decision of a document no other document duplicates."""
    return KEPT, ehash.hex(), 1


def _apply(doc: dict[str, Any], decision: tuple):
    if decision[0] == KEPT:
        return keep(DEDUP, {**doc, "dedup": {"exact_hash": decision[1], "cluster_id": doc["doc_id"],
                                             "cluster_size": int(decision[2])}})
    return reject(DEDUP, decision[0], decision[2], doc=doc, duplicate_of=decision[1])


class _IndexRowsFn(beam.DoFn):
    """A batch of kept documents -> their index rows (``index.PERSIST_SCHEMA_FIELDS``), signed again."""

    def __init__(self, config: DedupConfig):
        self.config = config

    def setup(self) -> None:
        self.hasher = MinHasher(self.config.num_perm, self.config.seed, self.config.scheme)

    def process(self, batch: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        prepared, sigs, sets = _sign(self.config, batch, self.hasher, with_sets=True)
        for doc, (_, _, stext), sig, shingles in zip(batch, prepared, sigs.astype("<u4"), sets):
            yield {"doc_id": doc["doc_id"], "source": doc["source"], "exact_hash": doc["dedup"]["exact_hash"],
                   "signature": sig.tobytes() if stext else None, "shingles": shingles if stext else None,
                   "score": rank_score(quality_rank(doc)), "cluster_size": doc["dedup"]["cluster_size"]}


# --------------------------------------------------------------------------- the stage

class Deduplicate(Stage):
    """Documents -> kept documents annotated with ``dedup``; duplicates as rejects."""

    name = DEDUP
    config_model = DedupConfig

    def __init__(self, config: DedupConfig | None = None):
        super().__init__(config)
        self.bands, self.rows = self.config.band_layout()
        self.earlier: dict[str, Any] | None = None
        self._scratch: tempfile.TemporaryDirectory | None = None

    def _staging(self) -> str:
        """Where the documents wait for their decisions: the run's folder, or (a stage run on its own, in
        this process: tests, benchmarks) a temporary folder that lives as long as the stage."""
        if self.context is not None:
            return parked_dir(self.context.table, self.context.run_id, DEDUP)
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="medcorpus-dedup-")
        return self._scratch.name

    def bind_run(self, context: RunContext) -> None:
        super().bind_run(context)
        if self.config.enabled and self.config.against != "none":
            self.earlier = earlier_index(context.table, self.config.against, context.storage_options)
            if self.earlier is not None:
                mine = self.params()
                theirs = self.earlier.get("params", {})
                diff = {k for k in ("num_perm", "seed", "scheme", "ngram", "char_ngram", "base_hash")
                        if theirs.get(k) != mine[k]}
                if diff:
                    raise ValueError(f"dedup.against: version {self.earlier['version']} was signed with other "
                                     f"parameters ({sorted(diff)}); set against: none or match them")

    def params(self) -> dict[str, Any]:
        c = self.config
        return {"num_perm": c.num_perm, "seed": c.seed, "scheme": c.scheme, "ngram": c.ngram,
                "char_ngram": c.char_ngram, "base_hash": BASE_HASH_NAME}

    def run_metadata(self) -> dict[str, Any]:
        c = self.config
        hi = min(1.0, c.threshold + c.recall_margin)
        return {
            **self.params(), "threshold": c.threshold, "bands": self.bands, "rows": self.rows,
            "s_curve": {
                "target": f"candidate probability >= {c.target_recall} at Jaccard {hi:.2f} "
                          f"(threshold + {c.recall_margin}), least false-positive area below the threshold",
                "p_at_threshold": round(float(candidate_probability(c.threshold, self.bands, self.rows)), 4),
                "p_at_target": round(float(candidate_probability(hi, self.bands, self.rows)), 4),
                "p_at_threshold_minus_0.1": round(float(candidate_probability(max(0.0, c.threshold - 0.1),
                                                                              self.bands, self.rows)), 4),
                "s_half": round((1 / self.bands) ** (1 / self.rows), 4),
            },
            "against": c.against,
            "against_version": self.earlier["version"] if self.earlier else None,
            "against_runs": len(self.earlier["runs"]) if self.earlier else 0,
            "max_rounds": c.max_rounds,
        }

    def _single_process(self, p: beam.Pipeline) -> bool:
        if self.config.execution != "auto":
            return self.config.execution == "single_process"
        return isinstance(p.runner, (DirectRunner, BundleBasedDirectRunner, FnApiRunner))

    def expand(self, docs: beam.PCollection) -> StageResult:
        c = self.config
        p = docs.pipeline
        if not c.enabled:  # the contract's pass-through
            return super().expand(docs)

        signed = (docs
                  | "Batch" >> beam.BatchElements(min_batch_size=min(64, c.batch_size), max_batch_size=c.batch_size)
                  | "Sign" >> beam.ParDo(TimedFn(DEDUP, _SignFn(c, self.bands, self.rows, self._staging())))
                  .with_outputs(STAGED, main="exact"))
        sources, earlier_sets = [signed.exact], []
        earlier_sigs: beam.PCollection | None = None
        id_decisions = []
        earlier_runs: list[str] = []
        if self.earlier is not None and self.context is not None:
            earlier_runs = list(self.earlier["runs"])
            files = index_files(self.context.table, earlier_runs)
            if files:
                earlier = (read_earlier(p, files)
                           | "EarlierParts" >> beam.ParDo(EarlierPartsFn(self.bands, self.rows)).with_outputs(
                               SIG, SHINGLES, main="exact"))
                if self.context.append:  # the version grows: a doc_id it holds cannot come in again
                    split = ({"new": signed.exact | "NewById" >> beam.Map(lambda r: (node_doc_id(r[1][0]), r)),
                              "old": earlier.exact | "OldById" >> beam.Map(lambda r: (node_doc_id(r[1][0]), r[0]))}
                             | "JoinIds" >> beam.CoGroupByKey()
                             | "IdsInVersion" >> beam.FlatMap(_id_in_version).with_outputs("decision", main="fresh"))
                    sources[0] = split.fresh
                    id_decisions.append(split.decision)
                sources.append(earlier.exact)
                earlier_sigs = earlier[SIG]
                earlier_sets.append(earlier[SHINGLES])
        records = sources | "AllRecords" >> beam.Flatten() if len(sources) > 1 else sources[0]
        staging = self._staging()

        def halves_of(pairs):  # a pair's two signatures: this run's from the parked files, earlier ones joined
            halves = (pairs
                      | "PairNodesByFile" >> beam.FlatMap(
                          lambda pair: ((node_file(n), (n, p)) for n, p in _pair_nodes(pair, CURRENT)))
                      | "GroupPairNodesByFile" >> beam.GroupByKey()
                      | "ParkedSignatures" >> beam.ParDo(_ParkedSignaturesFn(staging, c.num_perm)))
            if earlier_sigs is None:
                return halves
            earlier_halves = signature_halves(
                "EarlierSig", pairs | "EarlierPairNodes" >> beam.FlatMap(_pair_nodes, EARLIER), earlier_sigs)
            return (halves, earlier_halves) | "AllHalves" >> beam.Flatten()

        def sets_of(listed):  # the (node, shingle set) of the unsure pairs' nodes, from the parked files
            parked = signed[STAGED] | "ParkedSets" >> beam.ParDo(_ParkedSetsFn(c), listed)
            earlier_found = [sets | f"UnsureEarlierSets{i}" >> beam.ParDo(ListedFn(lambda e: e[0]), listed)
                             for i, sets in enumerate(earlier_sets)]
            return (parked, *earlier_found) | "UnsureSets" >> beam.Flatten() if earlier_found else parked

        # exact duplicates: reps are (node, band hashes, group size, exact hash)
        exact = (records
                 | "GroupExact" >> beam.GroupByKey()
                 | "ExactReps" >> beam.FlatMap(_exact_group).with_outputs("members", main="reps"))

        # near duplicates among the representatives
        buckets = (exact.reps
                   | "BatchReps" >> beam.BatchElements(min_batch_size=min(64, c.batch_size),
                                                       max_batch_size=c.batch_size)
                   | "BucketShards" >> beam.FlatMap(bucket_entries, c.bucket_shards)
                   | "GroupBuckets" >> beam.GroupByKey()
                   | "BucketPairs" >> beam.ParDo(TimedFn(DEDUP, BucketPairsFn(c.max_bucket_pairs))).with_outputs(
                       SIZES, main="pairs"))
        edges = verified_edges(buckets.pairs, halves_of, sets_of, c.threshold,
                               estimate_margin(c.num_perm, c.threshold))
        # (node, root node) per absorbed node, (root, summed exact-group sizes under it)
        single = self._single_process(p)
        parents, absorbed, unconverged = components(edges, buckets[SIZES], single, c.max_rounds)
        decided = (
            {"rep": exact.reps | "RepByNode" >> beam.Map(lambda r: (r[0], (r[2], r[3]))),
             "parent": parents, "absorbed": absorbed, "members": exact.members}
            | "JoinDecisions" >> beam.CoGroupByKey()
            | "Decide" >> beam.FlatMap(_decide).with_outputs("cluster", main="decision"))

        decisions = ((decided.decision, *id_decisions) | "AllDecisions" >> beam.Flatten() if id_decisions
                     else decided.decision)
        # decisions meet the parked documents by file: one element per file and one per decision cross
        # the shuffle, texts are read once, from disk
        out = ({"staged": signed[STAGED], "decision": decisions}
               | "JoinDecisionsToFiles" >> beam.CoGroupByKey()
               | "Apply" >> beam.ParDo(TimedFn(DEDUP, ApplyStagedFn(_apply, _alone))).with_outputs(REJECTS, main=DOCS))

        report = report_entries(
            p, out[DOCS], out[REJECTS], decided.cluster, edges, parents, unconverged,
            {**self.params(), "bands": self.bands, "rows": self.rows, "threshold": c.threshold,
             "against_runs": earlier_runs}, c.max_rounds)
        if self.context is not None:
            rows = (out[DOCS]
                    | "BatchKept" >> beam.BatchElements(min_batch_size=min(64, c.batch_size),
                                                        max_batch_size=c.batch_size)
                    | "IndexRows" >> beam.ParDo(TimedFn(DEDUP, _IndexRowsFn(c))))
            persist_index(p, rows, self.context.table, self.context.run_id, self.params(), earlier_runs)
        return StageResult(out[DOCS], out[REJECTS], report)
