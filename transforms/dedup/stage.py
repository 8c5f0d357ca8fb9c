"""Deduplication stage: exact hashes, then MinHash/LSH near duplicates, clustered in Beam.

Per-document logic is plain functions (``text``, ``minhash``, ``lsh``); everything that needs
all documents is a Beam shuffle, so no step holds all edges or all signatures on one worker:

1. ``Sign``: batches of documents -> exact hash of the normalised text (NFKC, casefold,
   whitespace folded) and a MinHash signature computed vectorised in numpy (``minhash``).
2. Exact duplicates: GroupByKey on the exact hash; the group keeps its best document
   (highest ``quality.score``, then smallest ``doc_id``: the node order of ``records``).
3. Near duplicates among the exact representatives: LSH banding, bucket pairs verified by
   estimated Jaccard, or by exact Jaccard near the threshold (``lsh.near_duplicate_edges``).
4. Connected components of the verified edges (``components``); nodes are ordered (earlier
   version first, best quality, smallest doc_id), so the component minimum IS the representative.
5. One join by doc_id turns decisions into kept documents (``dedup`` = exact hash,
   cluster id = the kept doc_id, cluster size) and reject records (``exact_duplicate`` /
   ``near_duplicate``, ``duplicate_of`` = the kept doc_id).

Incremental runs (``index``): the kept documents' signatures and shingle sets are persisted with
the run; with ``against`` set, new documents duplicating an earlier version's are rejected with
``duplicate_of`` pointing at the earlier doc_id; earlier documents are not emitted again.
"""

from __future__ import annotations

from typing import Any, Iterator, Literal

import apache_beam as beam
from pydantic import Field, model_validator

from medcorpus.schemas import DEDUP, RejectReason
from medcorpus.transforms.dedup.components import ConnectedComponents
from medcorpus.transforms.dedup.index import (
    earlier_index, earlier_record, earlier_shingles, index_files, persist_index, read_earlier,
)
from medcorpus.transforms.dedup.lsh import candidate_probability, choose_bands, near_duplicate_edges
from medcorpus.transforms.dedup.minhash import BASE_HASH_NAME, MinHasher, shingle_hashes, shingle_sets
from medcorpus.transforms.dedup.records import SHINGLES, node, quality_rank, rank_score
from medcorpus.transforms.dedup.report import report_entries
from medcorpus.transforms.dedup.text import comparable_text, prepare
from medcorpus.transforms.stage import (
    DOCS, REJECTS, RunContext, Stage, StageConfig, StageResult, count, keep, reject,
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
    batch_size: int = Field(1024, ge=1, description="documents per vectorised signature batch")
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

class _SignFn(beam.DoFn):
    def __init__(self, config: DedupConfig):
        self.config = config

    def setup(self) -> None:
        self.hasher = MinHasher(self.config.num_perm, self.config.seed, self.config.scheme)

    def process(self, batch: list[dict[str, Any]]) -> Iterator[tuple]:
        cfg = self.config
        prepared = [prepare(comparable_text(d), d.get("lang"), cfg.char_langs) for d in batch]
        hv, owner = shingle_hashes([x[2] for x in prepared], [x[1] for x in prepared], cfg.ngram, cfg.char_ngram)
        sigs = self.hasher.from_hashes(hv, owner, len(batch))
        sets = shingle_sets(hv, owner, len(batch))
        count(DEDUP, "signed", len(batch))
        for doc, (ehash, _, stext), sig, shingles in zip(batch, prepared, sigs, sets):
            yield (1, quality_rank(doc), doc["doc_id"], doc["source"], ehash,
                   sig.astype("<u4").tobytes() if stext else None)
            if stext:
                yield beam.pvalue.TaggedOutput(SHINGLES, ((1, doc["doc_id"]), shingles))


class _ExactGroupFn(beam.DoFn):
    """One exact-hash group -> its representative (main output, with the group size) and
    ('member', (rep doc_id, (tier, doc_id, source))) for the others."""

    def process(self, element):
        _, records = element
        rep = min(records, key=node)
        size = 0
        for rec in records:
            size += 1
            if (rec[0], rec[2]) != (rep[0], rep[2]):
                yield beam.pvalue.TaggedOutput("members", ((rep[0], rep[2]), (rec[0], rec[2], rec[3])))
        yield rep + (size,)


# --------------------------------------------------------------------------- decisions

KEPT = "kept"


def _decide(element):
    """Per exact representative: its fate and the fate of its exact copies.

    Yields (doc_id, decision) for documents of this run only; decision is
    ('kept', exact_hash, cluster_size) or (reason, kept doc_id, detail).
    """
    (_, rep_id), g = element
    if not g["rep"]:
        return
    tier, rank, doc_id, source, ehash, sig, size = g["rep"][0]
    parent = g["parent"][0] if g["parent"] else None
    if parent is None:
        final, final_tier = doc_id, tier
        cluster_size = size + sum(g["absorbed"])
        if tier == 1:
            yield doc_id, (KEPT, ehash, cluster_size)
            yield beam.pvalue.TaggedOutput("persist", {
                "doc_id": doc_id, "source": source, "exact_hash": ehash, "signature": sig,
                "shingles": g[SHINGLES][0] if g[SHINGLES] else None, "score": rank_score(rank),
                "cluster_size": cluster_size})
            if cluster_size > 1:
                yield beam.pvalue.TaggedOutput("cluster", (doc_id, cluster_size))
    else:
        final, final_tier = parent[2], parent[0]
        if tier == 1:
            yield doc_id, (RejectReason.NEAR_DUPLICATE, final,
                           f"near duplicate (Jaccard >= threshold) in the cluster kept as {final}"
                           + (" from the earlier version" if final_tier == 0 else ""))
    for m_tier, m_id, _ in g["members"]:
        if m_tier != 1:
            continue
        via = "" if final == rep_id else f" (exact copy of {rep_id}, itself a near duplicate)"
        yield m_id, (RejectReason.EXACT_DUPLICATE, final,
                     f"same normalised text as {final}{via}" + (" from the earlier version" if final_tier == 0 else ""))


def _id_in_version(element):
    """(doc_id, {new: [this run's record], old: [earlier exact hashes]}) -> the new record, or, where
    the version appended to holds the doc_id with other text, its decision (reason, kept doc_id,
    detail). With the same text it goes on, to be an exact duplicate of its earlier self."""
    doc_id, g = element
    for rec in g["new"]:
        if g["old"] and rec[4] not in g["old"]:
            yield beam.pvalue.TaggedOutput("decision", (doc_id, (
                RejectReason.ID_IN_VERSION, doc_id,
                "the version this run appends to already holds this doc_id (same source and source_id); "
                "it stays: rebuild with output.mode replace to revise a document")))
        else:
            yield rec


class _ApplyFn(beam.DoFn):
    def process(self, element):
        doc_id, g = element
        docs, decisions = list(g["doc"]), list(g["decision"])
        if not docs:
            return
        if len(docs) != 1 or len(decisions) != 1:
            raise RuntimeError(f"dedup: document {doc_id} has {len(docs)} records and {len(decisions)} decisions")
        doc, decision = docs[0], decisions[0]
        if decision[0] == KEPT:
            yield keep(DEDUP, {**doc, "dedup": {"exact_hash": decision[1], "cluster_id": doc_id,
                                                "cluster_size": int(decision[2])}})
        else:
            yield reject(DEDUP, decision[0], decision[2], doc=doc, duplicate_of=decision[1])


# --------------------------------------------------------------------------- the stage

class Deduplicate(Stage):
    """Documents -> kept documents annotated with ``dedup``; duplicates as rejects."""

    name = DEDUP
    config_model = DedupConfig

    def __init__(self, config: DedupConfig | None = None):
        super().__init__(config)
        self.bands, self.rows = self.config.band_layout()
        self.earlier: dict[str, Any] | None = None

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

    def expand(self, docs: beam.PCollection) -> StageResult:
        c = self.config
        p = docs.pipeline
        if not c.enabled:  # the contract's pass-through
            return super().expand(docs)

        signed = (docs
                  | "Batch" >> beam.BatchElements(min_batch_size=min(64, c.batch_size), max_batch_size=c.batch_size)
                  | "Sign" >> beam.ParDo(_SignFn(c)).with_outputs(SHINGLES, main="slim"))
        slim = signed.slim
        sources, shingle_sources = [slim], [signed[SHINGLES]]
        id_decisions = []
        earlier_runs: list[str] = []
        if self.earlier is not None and self.context is not None:
            earlier_runs = list(self.earlier["runs"])
            files = index_files(self.context.table, earlier_runs)
            if files:
                earlier = read_earlier(p, files)
                earlier_records = earlier | "EarlierRecords" >> beam.Map(earlier_record)
                if self.context.append:  # the version grows: a doc_id it holds cannot come in again
                    split = ({"new": slim | "NewById" >> beam.Map(lambda r: (r[2], r)),
                              "old": earlier_records | "OldById" >> beam.Map(lambda r: (r[2], r[4]))}
                             | "JoinIds" >> beam.CoGroupByKey()
                             | "IdsInVersion" >> beam.FlatMap(_id_in_version).with_outputs("decision", main="fresh"))
                    sources[0] = split.fresh
                    id_decisions.append(split.decision)
                sources.append(earlier_records)
                shingle_sources.append(earlier | "EarlierShingles" >> beam.FlatMap(earlier_shingles))
        records = sources | "AllRecords" >> beam.Flatten() if len(sources) > 1 else slim
        shingles = (shingle_sources | "AllShingles" >> beam.Flatten() if len(shingle_sources) > 1
                    else shingle_sources[0])

        # exact duplicates
        exact = (records
                 | "ByExactHash" >> beam.Map(lambda r: (r[4], r))
                 | "GroupExact" >> beam.GroupByKey()
                 | "ExactReps" >> beam.ParDo(_ExactGroupFn()).with_outputs("members", main="reps"))
        reps = exact.reps  # (tier, rank, doc_id, source, exact_hash, sig, size)

        # near duplicates among the representatives
        edges = near_duplicate_edges(reps, shingles, self.bands, self.rows, c.threshold, c.max_bucket_pairs,
                                     c.num_perm)
        parents = edges | "Components" >> ConnectedComponents(c.max_rounds)  # (node, root node)

        # joins are keyed by (tier, doc_id): a re-ingested document is a node apart from its earlier self
        rep_by_id = reps | "RepById" >> beam.Map(lambda r: ((r[0], r[2]), r))
        parent_by_id = parents | "ParentById" >> beam.Map(lambda e: ((e[0][0], e[0][2]), e[1]))
        absorbed = (
            {"rep": rep_by_id, "parent": parent_by_id}
            | "JoinRepParent" >> beam.CoGroupByKey()
            | "AbsorbedSize" >> beam.FlatMap(
                lambda kv: [((kv[1]["parent"][0][0], kv[1]["parent"][0][2]), kv[1]["rep"][0][6])]
                if kv[1]["parent"] and kv[1]["rep"] else [])
            | "SumAbsorbed" >> beam.CombinePerKey(sum))
        decided = (
            {"rep": rep_by_id, "parent": parent_by_id, "absorbed": absorbed, "members": exact.members,
             SHINGLES: shingles}
            | "JoinDecisions" >> beam.CoGroupByKey()
            | "Decide" >> beam.FlatMap(_decide).with_outputs("persist", "cluster", main="decision"))

        decisions = ((decided.decision, *id_decisions) | "AllDecisions" >> beam.Flatten() if id_decisions
                     else decided.decision)
        out = (
            {"doc": docs | "DocById" >> beam.Map(lambda d: (d["doc_id"], d)), "decision": decisions}
            | "JoinDocs" >> beam.CoGroupByKey()
            | "Apply" >> beam.ParDo(_ApplyFn()).with_outputs(REJECTS, main=DOCS))

        report = report_entries(
            p, out[DOCS], out[REJECTS], decided.cluster, edges, parents,
            {**self.params(), "bands": self.bands, "rows": self.rows, "threshold": c.threshold,
             "against_runs": earlier_runs}, c.max_rounds)
        if self.context is not None:
            persist_index(p, decided.persist, self.context.table, self.context.run_id, self.params(), earlier_runs)
        return StageResult(out[DOCS], out[REJECTS], report)
