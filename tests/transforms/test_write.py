"""The write stage: records wait as parked Arrow batches, shards come out whole and in doc_id order."""

import json
from pathlib import Path

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq

from medcorpus.schemas import DOCUMENT_SCHEMA
from medcorpus.table import run_dir
from medcorpus.transforms.parking import park_bytes, unpark_bytes
from medcorpus.transforms.write import OutputConfig, WriteShards, _SplitByShardFn, from_ipc, to_ipc
from tests.conftest import local_pipeline
from tests.dataset_helpers import docs


def _parked(folder: Path, records: list[dict]) -> str:
    return park_bytes(str(folder), to_ipc(pa.Table.from_pylist(records, schema=DOCUMENT_SCHEMA)), ".arrows")

def test_a_batch_is_split_by_shard_and_a_one_shard_batch_travels_as_it_is(tmp_path):
    records = docs("notes", range(200))
    path = _parked(tmp_path, records)
    split = _SplitByShardFn(str(tmp_path))
    assert list(split.process((200, path), 1)) == [(0, path)]
    pieces = list(split.process((200, path), 4))
    assert sorted(shard for shard, _ in pieces) == [0, 1, 2, 3]
    ids = [d for _, p in pieces for d in from_ipc(unpark_bytes(p)).column("doc_id").to_pylist()]
    assert sorted(ids) == sorted(r["doc_id"] for r in records)

def test_shards_hold_every_record_once_in_doc_id_order_across_row_groups(tmp_path):
    long = lambda i: f"note {i}: " + "stable today. " * 150  # about 2 KB: a 1 MiB row group holds 1,024 rows
    kept, more = docs("notes", range(2500), long), docs("letters", range(700), long)
    table = tmp_path / "table"
    output = OutputConfig(table=str(table), rows_per_shard=2000, row_group_mib=1)
    with local_pipeline() as p:
        parts = (p | "Kept" >> beam.Create(kept), p | "More" >> beam.Create(more))
        parts | WriteShards(str(table), "run1", DOCUMENT_SCHEMA, output, "documents", ("source",),
                            str(tmp_path / "parked"))
    manifest = json.loads(Path(run_dir(str(table), "run1"), "documents.json").read_text())
    assert len(manifest) == 2  # 3,200 records at 2,000 per shard
    seen = []
    for shard in manifest:
        f = pq.ParquetFile(table / shard["path"])
        ids = f.read(columns=["doc_id"]).column("doc_id").to_pylist()
        assert ids == sorted(ids) and shard["num_records"] == len(ids)
        assert f.metadata.num_row_groups == -(-len(ids) // 1024)  # written row group by row group
        seen += ids
    assert sorted(seen) == sorted(r["doc_id"] for r in kept + more)
    assert sum(sum(s["counts"].values()) for s in manifest) == 3200
