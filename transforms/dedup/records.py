"""The slim record a document becomes inside the stage, and its order as a graph node.

A slim record is (tier, rank, doc_id, source, exact_hash, signature bytes or None); tier 1 is
this run, tier 0 a document of the earlier version deduplicated against. A node in the
duplicate graph sorts as (tier, rank, doc_id): earlier-version documents before new ones,
then highest quality score, then smallest doc_id, so the minimum of a component is its
representative.
"""

from __future__ import annotations

import math
from typing import Any

NO_SCORE_RANK = 10 ** 13
SHINGLES = "shingles"  # side output and join key: ((tier, doc_id), shingle_sets bytes)


def quality_rank(doc: dict[str, Any]) -> int:
    q = doc.get("quality") or {}
    score = q.get("score")
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return NO_SCORE_RANK
    return int(round((1.0 - min(1.0, max(0.0, float(score)))) * 1e12))


def rank_score(rank: int) -> float | None:
    return None if rank >= NO_SCORE_RANK else 1.0 - rank / 1e12


def node(rec: tuple) -> tuple:
    """A slim record's node: (tier, rank, doc_id)."""
    return rec[0], rec[1], rec[2]
