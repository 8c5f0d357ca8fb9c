"""How much of each source the quality stage threw away, and which sources lost more than
``stages.quality.max_source_loss``: one row per source for the run summary and the dataset card.

A quality score calibrated on some sources can read another source's ordinary documents as junk
(telegraphic EHR notes, dialogue transcripts with headings). A source that loses a large share
to quality is flagged, with its top reasons and the command that lists its rejects with the
signals behind each decision (``medcorpus explain-rejects``).
"""

from __future__ import annotations

from typing import Any

from medcorpus.schemas import DEID, INGEST, LANGID, QUALITY

# stages before quality: what they rejected never reached it
_BEFORE_QUALITY = (INGEST, DEID, LANGID)
TOP_REASONS = 3


def quality_losses(counts: dict[str, Any], max_source_loss: float | None) -> list[dict[str, Any]]:
    """Per source: documents that reached quality, quality rejects (total and by reason, most
    first), the share rejected, and ``flagged`` when that share is over ``max_source_loss``
    (never, for versions built before the threshold existed: None)."""
    by_source = counts.get("rejected_by_source") or {}
    rows = []
    for source, row in sorted((counts.get("by_source") or {}).items()):
        stages = by_source.get(source) or {}
        reached = row["input"] - sum(sum((stages.get(s) or {}).values()) for s in _BEFORE_QUALITY)
        reasons = dict(sorted((stages.get(QUALITY) or {}).items(), key=lambda kv: (-kv[1], kv[0])))
        rejected = sum(reasons.values())
        rate = rejected / reached if reached > 0 else 0.0
        rows.append({"source": source, "reached": reached, "rejected": rejected, "rate": rate,
                     "reasons": reasons,
                     "flagged": max_source_loss is not None and rate > max_source_loss})
    return rows


def flag_line(loss: dict[str, Any], table: str, version: int | None) -> str:
    """``! quality rejected 13.8% of notes (low_quality 122, word_order 12): see medcorpus explain-rejects ...``"""
    reasons = ", ".join(f"{r} {n}" for r, n in list(loss["reasons"].items())[:TOP_REASONS])
    where = f"{table} --version {version}" if version is not None else table
    return (f"! quality rejected {loss['rate']:.1%} of {loss['source']} ({reasons}): "
            f"see medcorpus explain-rejects {where} --source {loss['source']}")
