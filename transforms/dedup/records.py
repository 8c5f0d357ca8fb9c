"""What a document becomes inside the stage: a node of the duplicate graph, as compact bytes.

A node is ``tier (1 byte) | rank (8 bytes, big-endian) | doc_id (UTF-8)``: tier 0 is a document of
the earlier version deduplicated against, tier 1 this run; rank orders by quality score (best
first). Bytes compare as the tuple (tier, rank, doc_id) does (fixed-width prefix, UTF-8 keeps code
point order), so the minimum node of a component is its representative: earlier version first,
then highest quality score, then smallest doc_id. ~26-41 bytes where a Python tuple pickles to ~80.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

NO_SCORE_RANK = 10 ** 13
EARLIER, CURRENT = 0, 1  # tiers


def quality_rank(doc: dict[str, Any]) -> int:
    q = doc.get("quality") or {}
    score = q.get("score")
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return NO_SCORE_RANK
    return int(round((1.0 - min(1.0, max(0.0, float(score)))) * 1e12))


def rank_score(rank: int) -> float | None:
    return None if rank >= NO_SCORE_RANK else 1.0 - rank / 1e12


def make_node(tier: int, rank: int, doc_id: str) -> bytes:
    return bytes((tier,)) + rank.to_bytes(8, "big") + doc_id.encode()


def node_tier(node: bytes) -> int:
    return node[0]


def node_doc_id(node: bytes) -> str:
    return node[9:].decode()


def node_hash(node: bytes) -> int:
    """A 64-bit hash of a node, equal on every worker (Python's ``hash`` of bytes is salted per process)."""
    return int.from_bytes(hashlib.blake2b(node, digest_size=8).digest(), "little")

