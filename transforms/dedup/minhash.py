"""MinHash signatures, vectorised over a batch, and the Jaccard they estimate.

MinHash is datasketch's: the same permutations (``datasketch.MinHash(num_perm, seed,
scheme).permutations``), the same arithmetic, and a base hash that has both a vectorised
form (prefix sums over the UTF-8 bytes of a batch) and a scalar form (``base_hash``) to
hand to ``datasketch.MinHash(hashfunc=base_hash)``: the signatures are bit-identical.
"""

from __future__ import annotations

import math
import operator
from typing import Sequence

import numpy as np

BASE_HASH_NAME = "poly64-utf8-fold32"  # see base_hash


# --------------------------------------------------------------------------- base hash

_M64 = (1 << 64) - 1
_M32 = (1 << 32) - 1
_R = 0x9E3779B97F4A7C15  # odd, so invertible mod 2^64
_R_INV = pow(_R, -1, 1 << 64)
_POWS: list[int] = [1]


def _pows(n: int) -> list[int]:
    while len(_POWS) < n:
        _POWS.append((_POWS[-1] * _R) & _M64)
    return _POWS


def base_hash(b: bytes) -> int:
    """The 32-bit base hash of one shingle: h = sum(byte_j * R^j) mod 2^64, folded to 32
    bits (high xor low). A polynomial hash, so a batch computes it for every substring at
    once from prefix sums; this scalar form is what datasketch is handed as ``hashfunc``."""
    h = sum(map(operator.mul, b, _pows(len(b)))) & _M64
    return (h ^ (h >> 32)) & _M32


class _PowerTable:
    """R^j and R^-j mod 2^64 for j < n, grown on demand (per worker)."""

    def __init__(self):
        self.pow = np.ones(1, dtype=np.uint64)
        self.inv = np.ones(1, dtype=np.uint64)

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.pow) < n:
            size = max(n, 2 * len(self.pow))
            self.pow = _geometric(_R, size)
            self.inv = _geometric(_R_INV, size)
        return self.pow[:n], self.inv[:n]


def _geometric(r: int, n: int) -> np.ndarray:
    out = np.full(n, r, dtype=np.uint64)
    out[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(out, dtype=np.uint64)  # wraps mod 2^64


_POWER_TABLE = _PowerTable()


def _substring_hashes(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``base_hash`` of buf[s:e] for every (s, e), from one prefix sum over the buffer."""
    pw, inv = _POWER_TABLE.get(len(buf) + 1)
    prefix = np.zeros(len(buf) + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.cumsum(buf.astype(np.uint64) * pw[:len(buf)], out=prefix[1:])
        h = (prefix[ends] - prefix[starts]) * inv[starts]
    return ((h ^ (h >> np.uint64(32))) & np.uint64(_M32)).astype(np.uint32)


# --------------------------------------------------------------------------- signatures

def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


_MERSENNE = np.uint64((1 << 61) - 1)


def _permutations(num_perm: int, seed: int, scheme: str) -> tuple[np.ndarray, np.ndarray]:
    """datasketch 2.0's ``MinHash(num_perm, seed, scheme).permutations``, drawn the same way here so
    that signing does not import datasketch (it loads scipy: ~40 MB and ~0.7 s per process).
    tests/transforms/dedup/test_dedup.py checks the signatures stay bit-identical to datasketch's."""
    gen = np.random.RandomState(seed)
    if scheme == "legacy":
        a, b = np.array([(gen.randint(1, _MERSENNE, dtype=np.uint64), gen.randint(0, _MERSENNE, dtype=np.uint64))
                         for _ in range(num_perm)], dtype=np.uint64).T
        return a, b
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return a, gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)


class MinHasher:
    """datasketch's MinHash permutations for (num_perm, seed, scheme), applied to a batch."""

    def __init__(self, num_perm: int = 128, seed: int = 1, scheme: str = "affine32", chunk: int = 4096):
        self.num_perm, self.seed, self.scheme, self.chunk = num_perm, seed, scheme, chunk
        a, b = _permutations(num_perm, seed, scheme)
        dtype = np.uint32 if scheme == "affine32" else np.uint64
        self.a = np.ascontiguousarray(a, dtype=dtype)
        self.b = np.ascontiguousarray(b, dtype=dtype)

    def _permute(self, hv: np.ndarray) -> np.ndarray:
        """(m,) base hashes -> (num_perm, m) permuted values, as datasketch computes them."""
        with np.errstate(over="ignore"):
            if self.scheme == "affine32":
                out = np.multiply.outer(self.a, _fmix32(hv))
                out += self.b[:, None]
                return out
            out = np.multiply.outer(self.a, hv.astype(np.uint64))
            out += self.b[:, None]
            out %= _MERSENNE
            out &= np.uint64(_M32)
            return out.astype(np.uint32)

    def from_hashes(self, hv: np.ndarray, doc: np.ndarray, n_docs: int) -> np.ndarray:
        """Signatures (n_docs, num_perm) uint32 from base hashes ``hv`` of shingles owned by
        documents ``doc`` (non-decreasing). Documents without shingles get 0xFFFFFFFF.

        Chunks of shingles keep the (num_perm x chunk) block in cache; the minimum per
        document is a ``reduceat`` along the contiguous axis."""
        sig = np.full((self.num_perm, n_docs), _M32, dtype=np.uint32)
        for lo in range(0, len(hv), self.chunk):
            h, d = hv[lo:lo + self.chunk], doc[lo:lo + self.chunk]
            seg = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
            mins = np.minimum.reduceat(self._permute(h), seg, axis=1)
            owners = d[seg]
            sig[:, owners] = np.minimum(sig[:, owners], mins)
        return np.ascontiguousarray(sig.T)

    def signatures(self, stexts: Sequence[str], modes: Sequence[str], ngram: int, char_ngram: int) -> np.ndarray:
        """Signatures of a batch of ``shingle_text`` strings; equal, bit for bit, to
        ``datasketch.MinHash(num_perm, seed, scheme, hashfunc=base_hash)`` updated with
        ``shingles(text, mode, n)``."""
        hv, doc = shingle_hashes(stexts, modes, ngram, char_ngram)
        return self.from_hashes(hv, doc, len(stexts))


def shingle_hashes(stexts: Sequence[str], modes: Sequence[str], ngram: int, char_ngram: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """``base_hash`` of every shingle of every text, vectorised over the batch: returns
    (hashes, owning document index), grouped by document."""
    n_docs = len(stexts)
    encoded = [t.encode() for t in stexts]
    lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=n_docs)
    if n_docs == 0 or lengths.sum() == 0:
        return np.zeros(0, np.uint32), np.zeros(0, np.int64)
    buf = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    doc_end = np.cumsum(lengths)
    doc_start = doc_end - lengths
    char_doc = np.fromiter((m == "char" for m in modes), dtype=bool, count=n_docs)
    byte_doc = np.repeat(np.arange(n_docs), lengths)
    is_char = char_doc[byte_doc]
    pos = np.arange(len(buf))
    first = np.zeros(len(buf), dtype=bool)
    first[doc_start[lengths > 0]] = True
    last = np.zeros(len(buf), dtype=bool)
    last[doc_end[lengths > 0] - 1] = True
    space = buf == 0x20
    prev_space = np.r_[True, space[:-1]]
    next_space = np.r_[space[1:], True]
    # word units: maximal runs of non-space bytes; char units: UTF-8 lead bytes
    word_start = ~is_char & ~space & (first | prev_space)
    word_end = ~is_char & ~space & (last | next_space)
    lead = is_char & ((buf & 0xC0) != 0x80)
    starts = np.flatnonzero(word_start | lead)
    unit_doc = byte_doc[starts]
    # ends (exclusive): word units from their last byte; char units at the next lead byte
    ends = np.empty_like(starts)
    w = ~char_doc[unit_doc]
    ends[w] = pos[word_end] + 1
    c = ~w
    nxt = np.r_[starts[1:], 0]
    same_next = np.r_[unit_doc[1:] == unit_doc[:-1], False]
    ends[c] = np.where(same_next, nxt, doc_end[unit_doc])[c]
    n_units = np.bincount(unit_doc, minlength=n_docs)
    n_of_doc = np.where(char_doc, char_ngram, ngram)
    n_u = n_of_doc[unit_doc]
    j = np.arange(len(starts)) + n_u - 1
    ok = j < len(starts)
    ok[ok] = unit_doc[j[ok]] == unit_doc[ok]
    s_start, s_end, s_doc = starts[ok], ends[j[ok]], unit_doc[ok]
    short = np.flatnonzero((n_units > 0) & (n_units < n_of_doc))
    if len(short):  # fewer units than n: the whole text is one shingle
        s_start = np.r_[s_start, doc_start[short]]
        s_end = np.r_[s_end, doc_end[short]]
        s_doc = np.r_[s_doc, short]
        order = np.argsort(s_doc, kind="stable")
        s_start, s_end, s_doc = s_start[order], s_end[order], s_doc[order]
    return _substring_hashes(buf, s_start, s_end), s_doc


def shingle_sets(hv: np.ndarray, doc: np.ndarray, n_docs: int) -> list[bytes]:
    """Each document's distinct shingle hashes, ascending, as little-endian uint32 bytes: what
    ``exact_jaccard`` compares (``hv``/``doc`` as ``shingle_hashes`` returns them)."""
    key = np.sort((doc.astype(np.uint64) << np.uint64(32)) | hv.astype(np.uint64))
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key  # sort-based unique: faster than np.unique's hash
    owner = (key >> np.uint64(32)).astype(np.int64)
    values = (key & np.uint64(_M32)).astype("<u4")
    bounds = np.searchsorted(owner, np.arange(n_docs + 1))
    return [values[bounds[i]:bounds[i + 1]].tobytes() for i in range(n_docs)]


def exact_jaccard(a: bytes, b: bytes) -> float:
    """Jaccard of two ``shingle_sets`` entries (32-bit shingle hashes: a collision inside a
    document's few thousand shingles is a one-in-a-million event, and only merges two shingles)."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    if not len(x) and not len(y):
        return 1.0
    inter = len(np.intersect1d(x, y, assume_unique=True))
    return inter / (len(x) + len(y) - inter)


def estimate_margin(num_perm: int, threshold: float) -> float:
    """Four standard deviations of the MinHash estimate of a pair AT the threshold,
    4 * sqrt(t (1 - t) / num_perm): a pair whose estimate is further than this from the threshold is
    decided by the estimate; a nearer one by ``exact_jaccard``. (At 128 permutations the estimate
    alone put a tenth of the near-duplicate removals of bench/dedup_bench.py's planted pairs below
    the threshold; the widest deviation, at Jaccard 0.5, sent most of the candidates of templated
    text, Jaccard 0.6-0.7, to the exact check for nothing.)"""
    return 4 * math.sqrt(threshold * (1 - threshold) / num_perm)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate: the fraction of equal signature values."""
    return float(np.count_nonzero(a == b)) / len(a)
