"""The incremental index: what a run persists so that a later run can deduplicate against it.

The kept documents' (doc_id, exact hash, signature, shingle set, score) are written as Parquet
under ``<table>/_medcorpus/runs/<run_id>/dedup/`` with an ``index.json`` naming every run whose
signatures form the index at this version. With ``against`` set, the stage reads the index of
that (committed) version and treats its documents as already-kept representatives (tier 0).
The rows are signed again from the kept documents at the end of the stage (the signatures and
sets are not carried through the stage's shuffles for this: re-signing costs less than shipping).
"""

from __future__ import annotations

import logging
from typing import Any

import apache_beam as beam
import numpy as np
import pyarrow as pa
from apache_beam.io.filesystems import FileSystems
from apache_beam.io.parquetio import ReadAllFromParquet, WriteToParquet

from medcorpus.table import dedup_index_dir, load_json, save_json, version_run_id
from medcorpus.transforms.dedup.lsh import band_hashes
from medcorpus.transforms.dedup.records import EARLIER, make_node, quality_rank

# Arrow bytes of index rows a worker buffers before they go to the file as a row group: Beam's default
# (64 MiB) held a worker's whole share of the kept documents' signatures and sets until its bundle ended
# (the corpora at 1x: each worker ~870 MiB when the write stage began, ~740-770 with this)
INDEX_ROW_GROUP_BYTES = 8 << 20
SIG = "sig"  # (node, signature bytes)
SHINGLES = "shingles"  # (node, shingle set bytes)

_log = logging.getLogger(__name__)

INDEX_VERSION = 2  # 2: kept documents' shingle sets persisted beside their signatures
PERSIST_SCHEMA_FIELDS = (("doc_id", "string"), ("source", "string"), ("exact_hash", "string"),
                         ("signature", "binary"), ("shingles", "binary"), ("score", "float64"),
                         ("cluster_size", "int32"))


def _persist_schema() -> pa.Schema:
    return pa.schema([pa.field(n, getattr(pa, t)()) for n, t in PERSIST_SCHEMA_FIELDS])


def earlier_index(table: str, against: str | int, storage_options: dict[str, str] | None = None
                  ) -> dict[str, Any] | None:
    """The index.json persisted with the version named by ``against`` (None: nothing to
    deduplicate against)."""
    if against == "none":
        return None
    found = version_run_id(table, None if against == "latest" else int(against), storage_options)
    if found is None:
        return None
    version, run_id = found
    path = FileSystems.join(dedup_index_dir(table, run_id), "index.json")
    if not FileSystems.exists(path):
        _log.warning("dedup: version %s (run %s) persisted no dedup index; nothing to deduplicate against",
                     version, run_id)
        return None
    index = load_json(path)
    index["version"] = version
    return index


def index_files(table: str, runs: list[str]) -> list[str]:
    files = []
    for run in runs:
        pattern = FileSystems.join(dedup_index_dir(table, run), "signatures-*.parquet")
        for m in FileSystems.match([pattern])[0].metadata_list:
            files.append(m.path)
    return sorted(files)


class EarlierPartsFn(beam.DoFn):
    """An index row -> the parts of an earlier-version document (tier 0) the stage joins: the exact
    record (exact hash, (node, band hashes)) on the main output, its ``SIG`` and ``SHINGLES``."""

    def __init__(self, bands: int, rows: int):
        self.bands, self.rows = bands, rows

    def process(self, row: dict[str, Any]):
        node = make_node(EARLIER, quality_rank({"quality": {"score": row.get("score")}}), row["doc_id"])
        sig = row.get("signature")
        bands = b""
        if sig is not None:
            bands = band_hashes(np.frombuffer(sig, "<u4")[None, :], self.bands, self.rows).astype("<u8").tobytes()
            yield beam.pvalue.TaggedOutput(SIG, (node, sig))
        if row.get("shingles") is not None:
            yield beam.pvalue.TaggedOutput(SHINGLES, (node, row["shingles"]))
        yield bytes.fromhex(row["exact_hash"]), (node, bands)


def read_earlier(p: beam.Pipeline, files: list[str]) -> beam.PCollection:
    """The rows of an earlier version's index files (``index_files``)."""
    return p | "EarlierFiles" >> beam.Create(files) | "ReadEarlier" >> ReadAllFromParquet()


def persist_index(p: beam.Pipeline, persist: beam.PCollection, table: str, run_id: str,
                  params: dict[str, Any], earlier_runs: list[str]) -> None:
    """Writes this run's kept documents (rows of ``PERSIST_SCHEMA_FIELDS``) and its index.json:
    the earlier runs of the index plus this one."""
    folder = dedup_index_dir(table, run_id)
    persist | "PersistSignatures" >> WriteToParquet(
        FileSystems.join(folder, "signatures"), _persist_schema(), file_name_suffix=".parquet",
        shard_name_template="-SSSSS-of-NNNNN", row_group_buffer_size=INDEX_ROW_GROUP_BYTES)
    index = {"index_version": INDEX_VERSION, "params": params, "runs": [*earlier_runs, run_id]}
    path = FileSystems.join(folder, "index.json")
    p | "IndexJson" >> beam.Create([index]) | "WriteIndex" >> beam.Map(lambda i: save_json(path, i))
