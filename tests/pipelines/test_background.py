"""pipelines.background: one call in a fresh process; the deid report's summary computed there."""

from __future__ import annotations

import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from medcorpus.pipelines.background import Background, BackgroundError
from medcorpus.reports.deid_report import staged_rows


def test_runs_in_another_process_and_returns_its_result():
    assert Background(os.getpid).result() != os.getpid()
    assert Background(divmod, 17, 5).result() == (3, 2)


def test_an_error_in_the_call_is_raised_in_the_launcher():
    with pytest.raises(BackgroundError, match="ZeroDivisionError"):
        Background(divmod, 1, 0).result()


def test_cancel_ends_the_process():
    job = Background(__import__("time").sleep, 60)
    job.cancel()
    assert job._proc.poll() is not None


def test_staged_rows_with_a_stride_are_every_nth_row_in_shard_order(tmp_path):
    shards = []
    at = 0
    for n, size in enumerate([2500, 7, 1030, 1]):  # batches of 1024: strides cross batch and shard edges
        rows = [{"doc_id": f"d{at + i}", "source": "s", "lang": "en", "text": "t", "deid": None} for i in range(size)]
        at += size
        name = f"part-{n}.parquet"
        pq.write_table(pa.Table.from_pylist(rows), tmp_path / name)
        shards.append({"path": name, "num_records": size})
    every = list(staged_rows(str(tmp_path), shards))
    assert len(every) == at
    for stride in (1, 2, 3, 7, 1024, 5000):
        assert list(staged_rows(str(tmp_path), shards, stride)) == every[::stride]
