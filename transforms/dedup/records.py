"""What a document becomes inside the stage: a node of the duplicate graph, as compact bytes.

A node is ``tier (1 byte) | rank (8 bytes, big-endian) | doc_id (UTF-8) | 0x00 | file (8 bytes)``:
tier 0 is a document of the earlier version deduplicated against, tier 1 this run; rank orders by
quality score (best first); file names the parked batch that holds this run's document (zeros for
an earlier version's), so that decisions go to their file without a join by document. Bytes compare
as the tuple (tier, rank, doc_id) does (fixed-width prefix, UTF-8 keeps code point order and the NUL
ends a doc_id before any longer one), so the minimum node of a component is its representative:
earlier version first, then highest quality score, then smallest doc_id. ~45-50 bytes where a
Python tuple pickles to ~90.
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


NO_FILE = bytes(8)  # an earlier version's document: parked nowhere


def make_node(tier: int, rank: int, doc_id: str, file: bytes = NO_FILE) -> bytes:
    return bytes((tier,)) + rank.to_bytes(8, "big") + doc_id.encode() + b"\0" + file


def node_tier(node: bytes) -> int:
    return node[0]


def node_doc_id(node: bytes) -> str:
    return node[9:-9].decode()


def node_file(node: bytes) -> bytes:
    """The id of the parked batch that holds the node's document."""
    return node[-8:]


def node_hash(node: bytes) -> int:
    """A 64-bit hash of a node, equal on every worker (Python's ``hash`` of bytes is salted per process)."""
    return int.from_bytes(hashlib.blake2b(node, digest_size=8).digest(), "little")

