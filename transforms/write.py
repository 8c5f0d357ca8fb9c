"""Write stage: Parquet shards on the workers, one Delta commit by the launcher.

Workers write zstd Parquet shards, each sorted by doc_id, straight under the table root
with names unique to the run, and stage a manifest of what they wrote under
``<table>/_medcorpus/runs/<run_id>/``. Nothing is visible to readers until the
launcher commits every shard as ONE new Delta version (``medcorpus.table.commit_version``), after the
run finished and its counts balanced; a run that dies before that leaves only
unreferenced files, which Delta ignores and ``vacuum`` removes.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from typing import Any, Literal

import apache_beam as beam
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from pydantic import BaseModel, ConfigDict, Field

from medcorpus.schemas import WRITE
from medcorpus.table import run_dir, save_json
from medcorpus.transforms.parking import park_bytes, unpark_bytes
from medcorpus.transforms.stage import TimedFn, count

PACK_ROWS = 1000  # records per Arrow batch on the way to the shards


class OutputConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    table: str = Field(description="Delta table of kept documents (local path or gs://)")
    rejects_table: str | None = Field(None, description="Delta table of rejects; default: <table>_rejects")
    rows_per_shard: int = Field(100_000, gt=0, description="target rows per Parquet shard")
    row_group_mib: int = Field(64, gt=0, description="target uncompressed MiB per Parquet row group")
    storage_options: dict[str, str] = Field(default_factory=dict, description="deltalake object-store options")
    mode: Literal["replace", "append"] = Field(
        "replace", description="replace: a run's version holds that run's documents; append: they are added to "
                               "the latest version, deduplicated against it (stages.dedup.against: latest)")

    @property
    def rejects_uri(self) -> str:
        return self.rejects_table or self.table.rstrip("/") + "_rejects"


def _shard_of(doc_id: str, num_shards: int) -> int:
    return int(doc_id[:8], 16) % num_shards  # doc_id is a uniform hex digest


# A record's place in its shard: doc_id, then (rejects) stage and position in the input file.
_SORT_KEYS = ("doc_id", "stage", "provenance.file", "provenance.row")
# zstd over each Arrow buffer: a parked batch is about the size of the compressed Parquet
_IPC = pa.ipc.IpcWriteOptions(compression="zstd")
_ARROW_SUFFIX = ".arrows"  # an Arrow stream (not .zst: Beam's FileSystems would compress it again)


def to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=_IPC) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def shard_order(table: pa.Table) -> pa.Array:
    """The row indices of ``table`` in shard order (``_SORT_KEYS``)."""
    keys = {}
    for key in _SORT_KEYS:
        top, _, member = key.partition(".")
        if top not in table.column_names:
            continue
        col = table.column(top)
        if member:
            col = pc.struct_field(col, member)
        keys[key] = pc.fill_null(col, "" if pa.types.is_string(col.type) else 0)
    return pc.sort_indices(pa.table(keys), sort_keys=[(k, "ascending") for k in keys])


class _CountingWriter:
    def __init__(self, f):
        self.f, self.size = f, 0

    def write(self, data) -> int:
        self.size += len(data)
        return self.f.write(data)

    def flush(self) -> None:
        self.f.flush()

    @property
    def closed(self) -> bool:
        return False


class _PackFn(beam.DoFn):
    """A batch of records -> (rows, path of a parked Arrow stream): checked against the schema, then
    parked, so that only the path waits for the shard count and crosses the shard grouping."""

    def __init__(self, schema: pa.Schema, parked: str):
        self.schema, self.parked = schema, parked

    def process(self, records: list[dict[str, Any]]) -> Iterator[tuple[int, str]]:
        table = pa.Table.from_pylist(records, schema=self.schema)
        yield table.num_rows, park_bytes(self.parked, to_ipc(table), _ARROW_SUFFIX)


class _SplitByShardFn(beam.DoFn):
    """(rows, parked batch) -> (shard, parked batch of that shard's rows), one per shard present; a batch
    whose rows all go to one shard travels on as it is."""

    def __init__(self, parked: str):
        self.parked = parked

    def process(self, packed: tuple[int, str], num_shards: int) -> Iterator[tuple[int, str]]:
        path = packed[1]
        if num_shards == 1:  # every row goes to shard 0: no need to read the batch back
            yield 0, path
            return
        table = from_ipc(unpark_bytes(path))
        shards = pa.array([_shard_of(d, num_shards) for d in table.column("doc_id").to_pylist()], pa.int32())
        present = pc.unique(shards).to_pylist()
        if len(present) == 1:
            yield present[0], path
            return
        for shard in present:
            yield shard, park_bytes(self.parked, to_ipc(table.filter(pc.equal(shards, shard))), _ARROW_SUFFIX)


class _WriteShardFn(beam.DoFn):
    def __init__(self, root: str, run_id: str, schema: pa.Schema, row_group_bytes: int, count_by: tuple[str, ...],
                 manifest: str):
        self.root, self.run_id, self.schema = root, run_id, schema
        self.row_group_bytes, self.count_by, self.manifest = row_group_bytes, count_by, manifest

    def process(self, element: tuple[int, list[str]]) -> Iterator[dict[str, Any]]:
        shard, paths = element
        # The shard is held once, as read; each row group is taken from it in order as it is written,
        # so no sorted copy of the whole shard is ever made.
        table = pa.concat_tables([from_ipc(unpark_bytes(p)) for p in paths])
        order = shard_order(table)
        rows_per_group = max(1024, self.row_group_bytes * table.num_rows // max(1, table.nbytes))
        name = f"part-{shard:05d}-{self.run_id}.zstd.parquet"
        # A retried bundle rewrites the same name with the same rows: writes are idempotent.
        with FileSystems.create(FileSystems.join(self.root, name)) as raw:
            out = _CountingWriter(raw)
            with pq.ParquetWriter(out, self.schema, compression="zstd", write_statistics=True,
                                  sorting_columns=[pq.SortingColumn(0)]) as writer:
                for start in range(0, table.num_rows, rows_per_group):
                    writer.write_table(table.take(order[start:start + rows_per_group]), row_group_size=rows_per_group)
        counts = Counter("|".join(map(str, key)) for key in zip(*(table.column(k).to_pylist() for k in self.count_by)))
        count(WRITE, self.manifest, table.num_rows)
        yield {
            "path": name,
            "size": out.size,
            "num_records": table.num_rows,
            "stats": _delta_stats(table),
            "counts": dict(counts),
        }


# Columns whose min/max may enter the Delta log: pseudonyms and names of ours, never what came from
# the input (text, metadata, source_id, detail), which the log would keep in the clear forever.
_STATS_COLUMNS = ("doc_id", "source", "lang", "stage", "reason", "duplicate_of")


def _delta_stats(table: pa.Table) -> str:
    """Per-file statistics in the Delta log, so readers can skip files by doc_id."""
    flat = [f.name for f in table.schema if f.name in _STATS_COLUMNS and pa.types.is_string(f.type)]
    mins, maxs = {}, {}
    for name in flat:
        col = table.column(name)
        if col.null_count < len(col):
            mm = pc.min_max(col)
            mins[name], maxs[name] = mm["min"].as_py(), mm["max"].as_py()
    nulls = {f.name: table.column(f.name).null_count for f in table.schema if not pa.types.is_nested(f.type)}
    return json.dumps({"numRecords": table.num_rows, "minValues": mins, "maxValues": maxs, "nullCount": nulls})


class WriteShards(beam.PTransform):
    """Records (one collection, or several written as one) -> sorted Parquet shards under ``root``;
    stages ``<name>.json`` listing them.

    The shard count follows the record count (``rows_per_shard``), and a record's shard
    follows its doc_id, so a rerun over the same inputs writes the same rows to the same
    shard numbers. Records are packed into zstd Arrow batches where they are produced (each input
    collection by itself, so none waits whole at a flatten) and parked in files under ``parked``: the
    shard count and the grouping into shards wait on paths, not on records.
    """

    def __init__(self, root: str, run_id: str, schema: pa.Schema, output: OutputConfig, manifest: str,
                 count_by: tuple[str, ...], parked: str):
        super().__init__()
        self.root, self.run_id, self.schema, self.output = root, run_id, schema, output
        self.manifest, self.count_by, self.parked = manifest, count_by, parked

    def expand(self, records: beam.PCollection | tuple[beam.PCollection, ...]) -> beam.PCollection:
        per_shard = self.output.rows_per_shard
        inputs = records if isinstance(records, tuple) else (records,)
        packed = [
            part
            | f"Batch{i}" >> beam.BatchElements(min_batch_size=PACK_ROWS, max_batch_size=PACK_ROWS)
            | f"Pack{i}" >> beam.ParDo(TimedFn(WRITE, _PackFn(self.schema, self.parked)))
            for i, part in enumerate(inputs)
        ]
        packed = packed | "AllPacked" >> beam.Flatten() if len(packed) > 1 else packed[0]
        num_shards = (
            packed
            | "Rows" >> beam.Map(lambda batch: batch[0])
            | "Count" >> beam.CombineGlobally(sum)
            | "NumShards" >> beam.Map(lambda n: max(1, math.ceil(n / per_shard)))
        )
        manifest_path = FileSystems.join(run_dir(self.root, self.run_id), f"{self.manifest}.json")
        return (
            packed
            | "KeyByShard" >> beam.ParDo(_SplitByShardFn(self.parked), beam.pvalue.AsSingleton(num_shards))
            | "GroupShards" >> beam.GroupByKey()
            | "WriteShard" >> beam.ParDo(TimedFn(WRITE, _WriteShardFn(
                self.root, self.run_id, self.schema, self.output.row_group_mib << 20, self.count_by, self.manifest)))
            | "ListShards" >> beam.combiners.ToList()
            | "StageManifest" >> beam.Map(lambda shards: save_json(manifest_path, sorted(shards, key=lambda s: s["path"])))
        )


class StageJson(beam.PTransform):
    """Collect a small PCollection (ledger entries) into one staged JSON file."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def expand(self, pcoll: beam.PCollection) -> beam.PCollection:
        path = self.path
        return pcoll | "ToList" >> beam.combiners.ToList() | "Stage" >> beam.Map(lambda items: save_json(path, items))
