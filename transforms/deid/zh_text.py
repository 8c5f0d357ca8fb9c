"""Shared pieces of the Chinese PHI recognizers: the candidate span, the Han test and regex builders."""

from __future__ import annotations

import re
from typing import NamedTuple

from medcorpus.transforms.deid.zh_vocab import SP


class Cand(NamedTuple):
    """A candidate span; overlapping candidates are resolved by score, then length."""

    start: int
    end: int
    label: str
    recognizer: str
    score: float


def is_han(c: str) -> bool:
    """A CJK ideograph (the basic block or extension A)."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def trie_re(words) -> re.Pattern:
    """One regex for many literal words, factored as a trie: a scan tests each start position once."""
    trie: dict = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(c) + build(sub) for c, sub in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longest name wins

    return re.compile(build(trie))


def alt(words) -> str:
    """Regex alternation, longest first so 患者姓名 wins over 姓名."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def spaced_alt(words) -> str:
    """Like alt, but two-character labels may be spread out as forms do (姓  名：)."""
    return "|".join((SP + "*").join(map(re.escape, w)) if len(w) == 2 else re.escape(w)
                    for w in sorted(set(words), key=len, reverse=True))
