"""Small medcorpus tables made without Beam: shards written here, committed by commit_version."""

from __future__ import annotations

import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from medcorpus.schemas import DOCUMENT_SCHEMA, make_document, provenance
from medcorpus.table import commit_version
from medcorpus.transforms.write import _delta_stats


def docs(source: str, ids, text=lambda i: f"note {i}: stable.") -> list[dict]:
    return [make_document(source=source, source_id=str(i), text=text(i), prov=provenance("jsonl", "x.jsonl", n),
                          lang="en") for n, i in enumerate(ids)]


def commit(table: Path | str, records: list[dict], *, status: str | None = "passed", run_id: str | None = None,
           failed: list[str] | None = None, dataset: str = "t", attempts: int = 8) -> int:
    """One version holding ``records``, with a run summary like build()'s."""
    table = str(table)
    run_id = run_id or uuid.uuid4().hex[:12]
    Path(table).mkdir(parents=True, exist_ok=True)
    name = f"part-00000-{run_id}.zstd.parquet"
    t = pa.Table.from_pylist(sorted(records, key=lambda r: r["doc_id"]), schema=DOCUMENT_SCHEMA)
    pq.write_table(t, f"{table}/{name}", compression="zstd")
    shard = {"path": name, "size": Path(f"{table}/{name}").stat().st_size, "stats": _delta_stats(t)}
    by_source: dict[str, dict] = {}
    for r in records:
        row = by_source.setdefault(r["source"], {"input": 0, "kept": 0, "rejected": 0, "duplicates_removed": 0})
        row["input"] += 1
        row["kept"] += 1
    counts = {"input": len(records), "kept": len(records), "rejected": 0, "duplicates_removed": 0,
              "by_source": by_source, "rejected_by_stage": {}, "balanced": True}
    meta = {"kind": "documents", "run_id": run_id, "dataset": dataset, "counts": counts,
            "stages": {"ingest": "active", "deid": "disabled"}, "code_version": "test"}
    if status:
        meta["validation"] = {"status": status, "failed": failed or []}
    return commit_version(table, DOCUMENT_SCHEMA, [shard], meta, name=dataset, attempts=attempts)
