"""The validation gate: run the suites on a run's STAGED shards, before the Delta commit.

``validate_staged`` reads each staged document shard (only the columns the suites need),
derives the frame the ``documents`` suite checks, and runs it with an ephemeral
great-expectations context; then the ``run`` and ``sources`` suites on the run's counts.
It returns a JSON-able result (status ``passed`` / ``failed``, the failed expectations by
name, per-expectation observations, residual-PHI doc_ids, timings) that the launcher puts
into the version's commit metadata, and builds the great-expectations Data Docs into
``<run dir>/data-docs/``, post-processed to work offline (``datadocs.make_self_contained``).

Memory: one shard at a time (``output.rows_per_shard`` rows). A shard that a run
staged is validated, never sampled.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from collections import defaultdict
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from medcorpus.expectations import regex_search
from medcorpus.expectations.suites import (
    PHI_PATTERNS, ValidationConfig, document_expectations, run_expectations, source_bounds, source_expectations,
)
from medcorpus.reports.datadocs import make_self_contained
from medcorpus.reports.html import join
from medcorpus.table import FAILED, PASSED, SKIPPED

_log = logging.getLogger(__name__)

FRAME_COLUMNS = ["doc_id", "source", "source_id", "lang", "lang_score", "text_chars", "text_outside_deid",
                 "deid_mode", "quality_score", "dedup_cluster_size"]
_READ_COLUMNS = ["doc_id", "source", "source_id", "text", "lang", "lang_score", "deid", "quality", "dedup"]


def blank_spans(text: str, spans: list[dict] | None) -> str:
    """The text with every replaced span turned into one space: what deid did not touch."""
    if not spans:
        return text
    return _blank_bounds(text, [(s["start"], s["end"]) for s in spans])


def _blank_bounds(text: str, bounds: list[tuple[int, int]] | None) -> str:
    """``blank_spans`` from the spans' (start, end) pairs."""
    if not bounds:
        return text
    out, pos = [], 0
    for start, end in sorted(bounds):
        if start >= pos:
            out.append(text[pos:start])
            out.append(" ")
            pos = end
        elif end > pos:
            pos = end
    out.append(text[pos:])
    return "".join(out)


def _column(table: pa.Table, name: str) -> list:
    return table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows


def _member(table: pa.Table, name: str, member: str) -> list:
    """``(value or {}).get(member)`` for every value of a struct column, taken from the member's own
    array: converting whole structs to Python made a dict per quality signal and deid span (3.5 M
    dicts on 89,000 documents) for the one member the frame needs."""
    if name not in table.column_names:
        return [None] * table.num_rows
    col = table.column(name)
    if pa.types.is_struct(col.type) and col.type.get_field_index(member) >= 0:
        return pc.struct_field(col, member).to_pylist()  # a null struct gives null members
    return [(v or {}).get(member) for v in col.to_pylist()]


def _span_bounds(table: pa.Table) -> list:
    """Per document, the (start, end) of each ``deid.spans`` entry (None where there are none)."""
    if "deid" in table.column_names:
        deid = table.column("deid").type
        if pa.types.is_struct(deid) and deid.get_field_index("spans") >= 0:
            spans = pc.struct_field(table.column("deid"), "spans")
            item = spans.type.value_type if pa.types.is_list(spans.type) else None
            if item is not None and pa.types.is_struct(item) and {"start", "end"} <= {f.name for f in item}:
                flat = pc.list_flatten(spans)
                starts = pc.struct_field(flat, "start").to_pylist()
                ends = pc.struct_field(flat, "end").to_pylist()
                out, pos = [], 0
                for n in pc.list_value_length(spans).to_pylist():
                    if n is None:
                        out.append(None)
                    else:
                        out.append(list(zip(starts[pos:pos + n], ends[pos:pos + n])))
                        pos += n
                return out
    return [None if s is None else [(x["start"], x["end"]) for x in s] for s in _member(table, "deid", "spans")]


def shard_frame(table: pa.Table):
    """The documents-suite frame of one shard (pandas)."""
    import pandas as pd  # heavy: only the gate's frames need it

    texts = _column(table, "text")
    return pd.DataFrame({
        "doc_id": _column(table, "doc_id"),
        "source": _column(table, "source"),
        "source_id": _column(table, "source_id"),
        "lang": _column(table, "lang"),
        "lang_score": pd.array(_column(table, "lang_score"), dtype="Float64"),
        "text_chars": pd.array([None if t is None else len(t) for t in texts], dtype="Int64"),
        "text_outside_deid": [None if t is None else _blank_bounds(t, b) for t, b in zip(texts, _span_bounds(table))],
        "deid_mode": _member(table, "deid", "mode"),
        "quality_score": pd.array(_member(table, "quality", "score"), dtype="Float64"),
        "dedup_cluster_size": pd.array(_member(table, "dedup", "cluster_size"), dtype="Int64"),
    }, columns=FRAME_COLUMNS)


def schema_problems(found: pa.Schema, expected: pa.Schema) -> list[str]:
    problems = []
    if found.names != expected.names:
        problems.append(f"columns {found.names} != {expected.names}")
    for field in expected:
        if field.name in found.names:
            got = found.field(field.name)
            if not got.type.equals(field.type):
                problems.append(f"{field.name}: type {got.type} != {field.type}")
            elif got.nullable != field.nullable:
                problems.append(f"{field.name}: nullable {got.nullable} != {field.nullable}")
    return problems


_FAST_REGEX = False


def _register_fast_not_match_regex() -> None:
    """great-expectations' pandas ``column_values.not_match_regex`` condition, computed with
    ``regex_search.search`` (RE2 over the column, Python ``re`` on the rows RE2 matched): the same
    booleans as GE's ``~column.astype(str).str.contains(regex)``, which runs Python ``re`` on every
    row once a pattern has a lookbehind. GE still evaluates and reports the expectations; patterns
    RE2 cannot rule rows out for fall back to GE's own code. Registered once per process."""
    global _FAST_REGEX
    if _FAST_REGEX:
        return
    from great_expectations.execution_engine import PandasExecutionEngine
    from great_expectations.expectations.metrics.map_metric_provider import (
        ColumnMapMetricProvider, column_condition_partial,
    )

    class ColumnValuesNotMatchRegexRE2(ColumnMapMetricProvider):
        condition_metric_name = "column_values.not_match_regex"
        condition_value_keys = ("regex",)

        @column_condition_partial(engine=PandasExecutionEngine)
        def _pandas(cls, column, regex, **kwargs):
            column = column.astype(str)
            found = regex_search.search(column, regex)
            if found is None:
                return ~column.str.contains(regex)
            return ~_pd_series(found, column.index)

    _FAST_REGEX = True


def _pd_series(values, index):
    import pandas as pd  # heavy: only the gate's frames need it

    return pd.Series(values, index=index)


class _Context:
    """One ephemeral great-expectations context with the three suites."""

    def __init__(self, config: ValidationConfig, stages: dict[str, str], max_text_chars: int | None):
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        for name in ("great_expectations", "great_expectations.data_context.types.base"):
            logging.getLogger(name).setLevel(logging.ERROR)
        _register_fast_not_match_regex()
        self.gx = gx
        self.ctx = gx.get_context(mode="ephemeral")
        self.ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        source = self.ctx.data_sources.add_pandas("medcorpus")
        self.definitions = {}
        for name, expectations in (
                ("documents", document_expectations(config, stages=stages, max_text_chars=max_text_chars,
                                                    columns=FRAME_COLUMNS)),
                ("run", run_expectations(config)), ("sources", source_expectations(config))):
            suite = self.ctx.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
            batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
            self.definitions[name] = self.ctx.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=suite))

    def run(self, suite: str, frame, batch_name: str) -> list[dict[str, Any]]:
        result = self.definitions[suite].run(
            batch_parameters={"dataframe": frame}, run_id=self.gx.core.run_identifier.RunIdentifier(
                run_name=batch_name),
            # never quote values: a residual PHI match must not travel into reports
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": 0})
        out = []
        for r in result.results:
            cfg = r.expectation_config
            res = dict(r.result or {})
            out.append({"name": (cfg.meta or {}).get("name", cfg.type), "type": cfg.type, "success": bool(r.success),
                        "element_count": res.get("element_count"), "unexpected_count": res.get("unexpected_count"),
                        "observed_value": _jsonable(res.get("observed_value")),
                        "exception": (r.exception_info or {}).get("exception_message")
                        if isinstance(r.exception_info, dict) and r.exception_info.get("raised_exception") else None})
        return out

    def build_docs(self, out_dir: str) -> str:
        site = {"class_name": "SiteBuilder", "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": out_dir}}
        self.ctx.add_data_docs_site(site_name="medcorpus", site_config=site)
        self.ctx.build_data_docs(site_names=["medcorpus"])
        return os.path.join(out_dir, "index.html")


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def _read_shard(path: str, columns: list[str]) -> pa.Table:

    if "://" not in path:
        return pq.read_table(path, columns=columns)
    from apache_beam.io.filesystem import CompressionTypes
    from apache_beam.io.filesystems import FileSystems

    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as f:
        return pq.read_table(pa.BufferReader(f.read()), columns=columns)


def validate_staged(table_root: str, shards: list[dict[str, Any]], counts: dict[str, Any], stages: dict[str, str],
                    config: ValidationConfig, *, expected_schema: pa.Schema, max_text_chars: int | None,
                    docs_dir: str | None) -> dict[str, Any]:
    """Validate a run's staged document shards and run facts; build Data Docs into ``docs_dir``."""

    if not config.enabled:
        return {"status": SKIPPED, "failed": [], "note": "validation.enabled is false"}
    started = time.monotonic()
    limit = config.max_text_chars or max_text_chars
    gate = _Context(config, stages, limit)
    setup_s = time.monotonic() - started

    merged: dict[str, dict[str, Any]] = {}
    phi_docs: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    duplicates = rows = 0
    mismatched: list[str] = []
    phi = {name: re.compile(PHI_PATTERNS[name][0]) for name in config.phi_patterns}
    for shard in shards:
        path = join(table_root, shard["path"])
        table = _read_shard(path, _READ_COLUMNS)
        if "://" not in path:
            problems = schema_problems(pq.read_schema(path), expected_schema)
        else:
            problems = []  # the columns read above are checked by the documents suite
        if problems:
            mismatched.append(f"{shard['path']}: {'; '.join(problems)}")
        frame = shard_frame(table)
        rows += len(frame)
        for doc_id in frame["doc_id"]:
            duplicates += doc_id in seen
            seen.add(doc_id)
        for result in gate.run("documents", frame, shard["path"]):
            _merge(merged, "documents", result)
            if result["name"].startswith("phi.") and result["unexpected_count"]:
                phi_docs[result["name"]].extend(_matching_docs(frame, phi[result["name"][4:]]))
    if not shards:
        for result in gate.run("documents", shard_frame(pa.table({c: pa.array([], pa.string())
                                                                   for c in _READ_COLUMNS})), "empty"):
            _merge(merged, "documents", result)

    import pandas as pd  # heavy: only the gate's frames need it

    run_row = pd.DataFrame([{
        "input": counts["input"], "kept": counts["kept"], "rejected": counts["rejected"],
        "duplicates_removed": counts["duplicates_removed"],
        "kept_fraction": counts["kept"] / counts["input"] if counts["input"] else 0.0,
        "balanced": bool(counts["balanced"]), "duplicate_doc_ids": duplicates,
        "schema_mismatches": len(mismatched), "rows_vs_manifest": rows - counts["kept"],
    }])
    for result in gate.run("run", run_row, "run"):
        _merge(merged, "run", result)
    source_rows = []
    for source, row in sorted(counts["by_source"].items()):
        low, high = source_bounds(config, source)
        source_rows.append({"source": source, "input": row["input"], "kept": row["kept"], "min_kept": low,
                            "max_kept": high})
    sources_frame = pd.DataFrame(source_rows, columns=["source", "input", "kept", "min_kept", "max_kept"])
    for result in gate.run("sources", sources_frame, "sources"):
        _merge(merged, "sources", result)
    validate_s = time.monotonic() - started - setup_s

    failed = [key for key, r in merged.items() if not r["success"]]
    details = {}
    for key in failed:
        name = key.split("/", 1)[1]
        r = merged[key]
        if name.startswith("phi."):
            ids = sorted(set(phi_docs[name]))
            details[key] = f"{len(ids)} document(s) hold this shape outside every deid span: {', '.join(ids[:10])}"
        elif name == "sources.min_kept":
            details[key] = ", ".join(f"{s['source']} kept {s['kept']} < {s['min_kept']}" for s in source_rows
                                     if s["kept"] < s["min_kept"])
        elif name == "sources.max_kept":
            details[key] = ", ".join(f"{s['source']} kept {s['kept']} > {s['max_kept']}" for s in source_rows
                                     if s["kept"] > s["max_kept"])
        elif name == "run.schema":
            details[key] = "; ".join(mismatched[:5])
        elif name.startswith("run."):
            details[key] = f"observed {run_row.iloc[0].to_dict()}"
        else:
            details[key] = f"{r['unexpected_count']} of {r['element_count']} documents" \
                if r.get("unexpected_count") is not None else str(r.get("observed_value"))
    result = {
        "status": FAILED if failed else PASSED,
        "failed": failed,
        "details": details,
        "expectations": merged,
        "evaluated": len(merged),
        "shards": len(shards),
        "documents": rows,
        "residual_phi_documents": {k: sorted(set(v))[:50] for k, v in phi_docs.items() if v},
        "seconds": {"setup": round(setup_s, 2), "validate": round(validate_s, 2)},
        "great_expectations": gate.gx.__version__,
        "bounds": config.model_dump(mode="json") | {"max_text_chars": limit},
    }
    if docs_dir:
        t0 = time.monotonic()
        try:
            result["data_docs"] = build_data_docs(gate, docs_dir)
        except Exception as exc:  # docs are a view of the result; their failure must not lose the version
            _log.warning("data docs could not be built: %s", exc)
            result["data_docs_error"] = f"{type(exc).__name__}: {exc}"
        result["seconds"]["data_docs"] = round(time.monotonic() - t0, 2)
    return result


def _matching_docs(frame, rx: re.Pattern) -> list[str]:
    """The doc_ids whose non-empty ``text_outside_deid`` holds a match of ``rx``."""
    texts = frame["text_outside_deid"]
    present = texts.notna() & (texts.str.len() > 0)
    found = regex_search.search(texts[present].astype(str), rx.pattern)
    if found is None:
        return [d for d, t in zip(frame["doc_id"], texts) if t and rx.search(t)]
    return list(frame["doc_id"][present][found])


def validate_guarded(run_id: str, table_root: str, shards: list[dict[str, Any]], counts: dict[str, Any],
                     stages: dict[str, str], config: ValidationConfig, *, expected_schema: pa.Schema,
                     max_text_chars: int | None, docs_dir: str | None) -> tuple[dict[str, Any], float]:
    """``validate_staged`` that never raises, and its wall time: a gate that cannot run fails the
    version (committed, refused by readers), it loses nothing. The launcher runs it in a background
    process (``pipelines.background``) while it summarises the deid report."""
    started = time.monotonic()
    try:
        result = validate_staged(table_root, shards, counts, stages, config, expected_schema=expected_schema,
                                 max_text_chars=max_text_chars, docs_dir=docs_dir)
    except Exception as exc:  # noqa: BLE001 - any gate failure is reported with the version
        _log.exception("validation of run %s could not run", run_id)
        result = {"status": FAILED, "failed": ["gate/error"],
                  "details": {"gate/error": f"the validation gate raised {type(exc).__name__}: {exc}"}}
    return result, time.monotonic() - started


def _merge(merged: dict[str, dict[str, Any]], suite: str, result: dict[str, Any]) -> None:
    """One entry per expectation over all shards: failed if it failed on any shard."""
    key = f"{suite}/{result['name']}"
    if key not in merged:
        merged[key] = {**result, "batches": 1, "failed_batches": 0 if result["success"] else 1}
        return
    m = merged[key]
    m["batches"] += 1
    m["failed_batches"] += 0 if result["success"] else 1
    m["success"] = m["success"] and result["success"]
    for k in ("element_count", "unexpected_count"):
        if result.get(k) is not None:
            m[k] = (m.get(k) or 0) + result[k]
    if not result["success"] and result.get("observed_value") is not None:
        m["observed_value"] = result["observed_value"]
    m["exception"] = m.get("exception") or result.get("exception")


def build_data_docs(gate: _Context, docs_dir: str) -> str:
    """GE's Data Docs, made self-contained, in ``docs_dir`` (local or object store)."""


    local = docs_dir if "://" not in docs_dir else tempfile.mkdtemp(prefix="medcorpus-docs-")
    if os.path.isdir(local):
        shutil.rmtree(local)
    index = gate.build_docs(local)
    make_self_contained(local)
    if local != docs_dir:
        from apache_beam.io.filesystems import FileSystems

        for folder, _, files in os.walk(local):
            for name in files:
                src = os.path.join(folder, name)
                dst = join(docs_dir, os.path.relpath(src, local))
                with open(src, "rb") as f, FileSystems.create(dst) as out:
                    out.write(f.read())
        shutil.rmtree(local, ignore_errors=True)
        return join(docs_dir, "index.html")
    return index
