"""The incremental index is written as it comes: a worker holds a row group of it, not its whole share."""

from __future__ import annotations

import apache_beam as beam
import pyarrow.parquet as pq

from medcorpus.transforms.dedup import index
from tests.conftest import local_pipeline


def test_the_index_reaches_its_files_in_row_groups_of_bounded_size(tmp_path, monkeypatch):
    monkeypatch.setattr(index, "INDEX_ROW_GROUP_BYTES", 256 * 1024)
    rows = [{"doc_id": f"d{i:05d}", "source": "s", "exact_hash": f"{i:032x}", "signature": bytes(512),
             "shingles": bytes(400), "score": 0.5, "cluster_size": 1} for i in range(3000)]
    table = tmp_path / "table"
    with local_pipeline() as p:
        index.persist_index(p, p | beam.Create(rows, reshuffle=False), str(table), "run1", {}, [])
    files = sorted((table / "_medcorpus/runs/run1/dedup").glob("signatures-*.parquet"))
    meta = [pq.ParquetFile(f).metadata for f in files]
    assert sum(m.num_rows for m in meta) == len(rows)
    # ~0.9 MiB per 1,000-row batch: each batch goes out on its own instead of waiting for the bundle's end
    assert sum(m.num_row_groups for m in meta) >= 3
