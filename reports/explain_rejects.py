"""`medcorpus explain-rejects`: the documents a version's quality stage rejected, each with the
signals that pulled it down, read from the rejects table (never recomputed from the text).

The rejects version is the one the documents version's commit metadata names (``rejects.table``,
``rejects.version``). Quality rejects carry the de-identified text and the ``quality`` {score,
signals} the decision was made from, so a reviewer sees why each one went and can re-decide with
other thresholds (``transforms.quality.decide``) without rerunning anything.
"""

from __future__ import annotations

from typing import Any

from medcorpus.schemas import QUALITY, signals_dict
from medcorpus.table import DatasetError, is_table, resolve
from medcorpus.transforms.quality import penalty_terms

PREVIEW_CHARS = 60
TOP_TERMS = 3


def rejects_of(table: str, version: int | None = None,
               storage_options: dict[str, str] | None = None) -> tuple[int, str, int]:
    """(documents version, rejects table, rejects version) of a documents version (default: the latest)."""
    resolved = resolve(table, version, allow_invalid=True, storage_options=storage_options)  # inspection
    rejects = resolved.metadata.get("rejects") or {}
    rejects_table = rejects.get("table") or f"{table.rstrip('/')}_rejects"
    if rejects.get("version") is None or not is_table(rejects_table, storage_options):
        raise DatasetError(f"version {resolved.version} of {table} names no rejects version "
                           f"(looked for {rejects_table}); it was not written by `medcorpus build`")
    return resolved.version, rejects_table, rejects["version"]


def explain_rejects(table: str, source: str, *, version: int | None = None, reason: str | None = None,
                    limit: int = 20, storage_options: dict[str, str] | None = None) -> dict[str, Any]:
    """The first ``limit`` rejects of ``source`` (quality rejects, or those of ``reason``), lowest
    score first, with their penalty terms; and how many there are in all."""
    import polars as pl  # heavy: only this command reads the rejects table

    doc_version, rejects_table, rejects_version = rejects_of(table, version, storage_options)
    lf = pl.scan_delta(rejects_table, version=rejects_version, storage_options=storage_options or None)
    has_quality = "quality" in lf.collect_schema().names()  # rejects tables before schema version 2 lack it
    wanted = pl.col("source") == source
    wanted &= (pl.col("reason") == reason) if reason else (pl.col("stage") == QUALITY)
    columns = ["doc_id", "stage", "reason", "detail", "text"] + (["quality"] if has_quality else [])
    found = lf.filter(wanted).select(columns).collect()
    if has_quality:
        found = found.with_columns(pl.col("quality").struct.field("score").alias("_score")).sort(
            ["_score", "doc_id"], nulls_last=True)
    else:
        found = found.sort("doc_id")
    rows = []
    for row in found.head(limit).iter_rows(named=True):
        quality = row.get("quality")
        signals = signals_dict(quality["signals"]) if quality and quality.get("signals") else None
        rows.append({"doc_id": row["doc_id"], "stage": row["stage"], "reason": row["reason"], "detail": row["detail"],
                     "score": quality["score"] if quality else None,
                     "terms": penalty_terms(signals)[:TOP_TERMS] if signals else [],
                     "preview": _preview(row["text"])})
    return {"table": table, "version": doc_version, "rejects_table": rejects_table,
            "rejects_version": rejects_version, "source": source, "reason": reason, "total": found.height,
            "signals_stored": has_quality, "rows": rows}


def _preview(text: str | None) -> str:
    if text is None:
        return "(no text: rejected before de-identification)"
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[:PREVIEW_CHARS - 1] + "…"


def format_explanation(result: dict[str, Any]) -> list[str]:
    what = f"reason {result['reason']}" if result["reason"] else "the quality stage"
    lines = [f"{result['table']} version {result['version']}: {result['total']} document(s) of "
             f"{result['source']!r} rejected by {what} (rejects {result['rejects_table']} version "
             f"{result['rejects_version']}); showing {len(result['rows'])}, lowest score first"]
    if not result["signals_stored"]:
        lines.append("  (this rejects version predates stored quality signals: the detail says which rule failed)")
    for row in result["rows"]:
        score = f"{row['score']:.3f}" if row["score"] is not None else "-"
        terms = ", ".join(f"{name}={value:.3g} (ok {ok:g}, bad {bad:g})" for name, value, ok, bad, _ in row["terms"])
        # a hard rule names its own signal; the terms say what else weighed on the score
        why = "; ".join(w for w in (row["detail"] if row["reason"] != "low_quality" else "", terms) if w)
        lines.append(f"  {row['doc_id']}  {score}  {row['reason']:<12} {why}  | {row['preview']}")
    return lines
