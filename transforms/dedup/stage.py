"""Deduplication stage: exact hashes, then MinHash/LSH near duplicates, clustered in Beam.

Per-document logic is plain functions (``normalise``, ``exact_hash``, ``shingle_text``,
``shingles``, ``base_hash``, ``signatures``, ``band_keys``, ``estimated_jaccard``, ``choose_bands``);
everything that needs all documents is a Beam shuffle, so no step holds all edges or all
signatures on one worker:

1. ``Sign``: batches of documents -> exact hash of the normalised text (NFKC, casefold,
   whitespace folded) and a MinHash signature computed vectorised in numpy.
2. Exact duplicates: GroupByKey on the exact hash; the group keeps its best document
   (highest ``quality.score``, then smallest ``doc_id``).
3. Near duplicates among the exact representatives: LSH banding as a GroupByKey on
   (band, band values); candidate pairs inside a bucket are verified by estimated Jaccard.
   A pair whose estimate lies within ``estimate_margin`` (4 sigma) of the threshold is
   decided by the exact Jaccard of the two documents' shingle-hash sets instead, joined to
   the pair by two CoGroupByKeys (the sets travel once per unsure pair, never per band).
4. Connected components of the verified edges: alternating large-star / small-star
   (Kiveris et al., 2014), each step one GroupByKey, unrolled ``max_rounds`` times (Beam
   graphs are static; rounds after convergence only move the final star edges). Nodes are
   ordered (earlier version first, best quality, smallest doc_id), so the component
   minimum IS the representative and no step gathers a whole cluster to choose it.
5. One join by doc_id turns decisions into kept documents (``dedup`` = exact hash,
   cluster id = the kept doc_id, cluster size) and reject records (``exact_duplicate`` /
   ``near_duplicate``, ``duplicate_of`` = the kept doc_id).

MinHash is datasketch's: the same permutations (``datasketch.MinHash(num_perm, seed,
scheme).permutations``), the same arithmetic, and a base hash that has both a vectorised
form (prefix sums over the UTF-8 bytes of a batch) and a scalar form (``base_hash``) to
hand to ``datasketch.MinHash(hashfunc=base_hash)``: the signatures are bit-identical.

Incremental runs: the kept documents' (doc_id, exact hash, signature, shingle set, score) are written
as Parquet under ``<table>/_medcorpus/runs/<run_id>/dedup/`` with an ``index.json`` naming
every run whose signatures form the index at this version. With ``against`` set, the
stage reads the index of that (committed) version and treats its documents as already-
kept representatives: new documents duplicating them are rejected with ``duplicate_of``
pointing at the earlier doc_id; earlier documents are not emitted again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import operator
import re
import unicodedata
from typing import Any, Iterable, Iterator, Literal, Sequence

import apache_beam as beam
import numpy as np
from apache_beam.io.filesystems import FileSystems
from pydantic import BaseModel, ConfigDict, Field, model_validator

from medcorpus.schemas import DEDUP, RejectReason
from medcorpus.table import dedup_index_dir, load_json, save_json, version_run_id
from medcorpus.transforms.stage import (
    DOCS, REJECTS, PassThrough, RunContext, Stage, StageConfig, StageResult, count, keep, reject,
)

_log = logging.getLogger(__name__)

BASE_HASH_NAME = "poly64-utf8-fold32"  # see base_hash
INDEX_VERSION = 2  # 2: kept documents' shingle sets persisted beside their signatures


class DedupConfig(StageConfig):
    threshold: float = Field(0.8, gt=0, lt=1, description="Jaccard of the shingle sets at or above which "
                                                           "two documents are near duplicates")
    num_perm: int = Field(128, ge=16, le=1024, description="MinHash permutations")
    ngram: int = Field(5, ge=1, le=32, description="word n-gram size (space-delimited languages)")
    char_ngram: int = Field(5, ge=1, le=32, description="character n-gram size (Chinese and Japanese)")
    char_langs: list[str] = Field(default_factory=lambda: ["zh", "ja"],
                                  description="languages shingled by characters; Han-script text always is")
    seed: int = Field(1, ge=0, description="MinHash permutation seed (datasketch's)")
    scheme: Literal["affine32", "legacy"] = Field("affine32", description="datasketch permutation scheme")
    bands: int | None = Field(None, ge=1, description="LSH bands; default chosen from threshold and num_perm")
    rows: int | None = Field(None, ge=1, description="rows per band; default chosen with bands")
    recall_margin: float = Field(0.05, ge=0, lt=0.5, description="the S-curve point targeted: candidate "
                                                                  "probability >= target_recall at threshold + this")
    target_recall: float = Field(0.99, gt=0, lt=1)
    max_bucket_pairs: int = Field(64, ge=2, description="buckets up to this size verify all pairs; larger ones "
                                                         "a star plus a chain (linear in the bucket)")
    max_rounds: int = Field(12, ge=1, le=64, description="large-star/small-star rounds (2 GroupByKeys each)")
    batch_size: int = Field(1024, ge=1, description="documents per vectorised signature batch")
    against: Literal["none", "latest"] | int = Field(
        "none", description="deduplicate against an earlier version of the table: none, latest, or a version")

    @model_validator(mode="after")
    def _bands_rows(self) -> "DedupConfig":
        if (self.bands is None) != (self.rows is None):
            raise ValueError("set both bands and rows, or neither")
        if self.bands is not None and self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands x rows = {self.bands * self.rows} exceeds num_perm {self.num_perm}")
        if isinstance(self.against, int) and self.against < 0:
            raise ValueError("against: a version is >= 0")
        return self

    def band_layout(self) -> tuple[int, int]:
        if self.bands is not None:
            return self.bands, self.rows
        return choose_bands(self.threshold, self.num_perm, self.recall_margin, self.target_recall)


# --------------------------------------------------------------------------- normalisation

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def comparable_text(doc: dict[str, Any]) -> str:
    """The text duplicates are judged on: each PHI span the deid stage recorded becomes its label
    again. Surrogates are drawn per document, so two copies of one note come out of deid with
    different fake names and dates; with the spans folded back they are copies again."""
    text = doc["text"]
    spans = (doc.get("deid") or {}).get("spans") or ()
    if not spans:
        return text
    parts, pos = [], 0
    for span in sorted(spans, key=lambda sp: sp["start"]):
        if span["start"] < pos:
            continue
        parts.append(text[pos:span["start"]])
        parts.append(f"[{span['label']}]")
        pos = span["end"]
    parts.append(text[pos:])
    return "".join(parts)


def normalise(text: str) -> str:
    """Unicode NFKC, case folded, whitespace runs folded to one space, stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def exact_hash(text: str) -> str:
    """blake2b-128 of the normalised text: equal for texts that differ only in Unicode
    form, case or whitespace."""
    return hashlib.blake2b(normalise(text).encode(), digest_size=16).hexdigest()


def shingle_mode(text: str, lang: str | None, char_langs: Iterable[str] = ("zh", "ja")) -> str:
    """'char' for Chinese/Japanese (by language, or Han script over 30% of the sample), else 'word'."""
    if lang in tuple(char_langs):
        return "char"
    sample = text[:2000]
    return "char" if len(_HAN.findall(sample)) > 0.3 * max(1, len(sample.strip())) else "word"


def shingle_text(text: str, mode: str) -> str:
    """The text shingles are cut from: normalised, punctuation dropped; words separated by
    exactly one space (word mode) or no whitespace at all (char mode)."""
    return _shingle_text_folded(unicodedata.normalize("NFKC", text).casefold(), mode)


_ASCII_NON_WORD = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()})
_WORD = re.compile(r"[^\W_]+")


def _shingle_text_folded(folded: str, mode: str) -> str:
    # equal to re.sub(r"[\W_]+", " ", folded).strip(), faster: ASCII by translate + split, else findall
    if folded.isascii():
        words = folded.translate(_ASCII_NON_WORD).split()
    else:
        words = _WORD.findall(folded)
    return ("" if mode == "char" else " ").join(words)


def prepare(text: str, lang: str | None, char_langs: Iterable[str] = ("zh", "ja")) -> tuple[str, str, str]:
    """(exact_hash, shingle mode, shingle text) with one Unicode normalisation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    ehash = hashlib.blake2b(" ".join(folded.split()).encode(), digest_size=16).hexdigest()
    mode = shingle_mode(text, lang, char_langs)
    return ehash, mode, _shingle_text_folded(folded, mode)


def shingles(stext: str, mode: str, n: int) -> list[bytes]:
    """UTF-8 shingles of a ``shingle_text``: word or character n-grams; a text shorter than
    n units is one shingle; an empty text has none. (The reference for ``signatures``.)"""
    if not stext:
        return []
    units = stext.split(" ") if mode == "word" else list(stext)
    sep = " " if mode == "word" else ""
    if len(units) < n:
        return [stext.encode()]
    return [sep.join(units[i:i + n]).encode() for i in range(len(units) - n + 1)]


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


class MinHasher:
    """datasketch's MinHash permutations for (num_perm, seed, scheme), applied to a batch."""

    def __init__(self, num_perm: int = 128, seed: int = 1, scheme: str = "affine32", chunk: int = 4096):
        from datasketch import MinHash

        self.num_perm, self.seed, self.scheme, self.chunk = num_perm, seed, scheme, chunk
        a, b = MinHash(num_perm=num_perm, seed=seed, scheme=scheme, hashfunc=base_hash).permutations
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
    key = np.unique((doc.astype(np.uint64) << np.uint64(32)) | hv.astype(np.uint64))
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


# --------------------------------------------------------------------------- LSH

def candidate_probability(s: float | np.ndarray, bands: int, rows: int):
    """P(two documents with Jaccard s share a bucket) = 1 - (1 - s^r)^b."""
    return 1 - (1 - np.asarray(s, dtype=float) ** rows) ** bands


def choose_bands(threshold: float, num_perm: int, margin: float = 0.05, target: float = 0.99) -> tuple[int, int]:
    """(bands, rows) with bands*rows <= num_perm: among layouts whose candidate probability
    at threshold + margin reaches ``target``, the one with the least false-positive area
    (integral of the S-curve below the threshold: the candidates verification discards);
    if none reaches it, the one closest to it."""
    hi = min(threshold + margin, 1.0)
    grid = np.linspace(0, threshold, 400)
    best = None
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if bands < 1:
            break
        p_hi = float(candidate_probability(hi, bands, rows))
        fp = float(np.trapezoid(candidate_probability(grid, bands, rows), grid))
        key = (0, fp) if p_hi >= target else (1, -p_hi)
        if best is None or key < best[0]:
            best = (key, bands, rows)
    # fewer bands with the same rows lower false positives; keep the fewest that reach target
    _, bands, rows = best
    while bands > 1 and float(candidate_probability(hi, bands - 1, rows)) >= target:
        bands -= 1
    return bands, rows


def band_keys(sig: np.ndarray, bands: int, rows: int) -> list[tuple[int, bytes]]:
    """One (band index, band values) key per band of one signature."""
    raw = np.ascontiguousarray(sig[:bands * rows], dtype="<u4").tobytes()
    w = 4 * rows
    return [(i, raw[i * w:(i + 1) * w]) for i in range(bands)]


def estimate_margin(num_perm: int) -> float:
    """Four standard deviations of the MinHash estimate at its widest (Jaccard 0.5): a pair whose
    estimate is further than this from the threshold is decided by the estimate; a nearer one by
    ``exact_jaccard`` (at 128 permutations the estimate alone put a tenth of the near-duplicate
    removals of bench/dedup_bench.py's planted pairs below the threshold)."""
    return 4 * 0.5 / math.sqrt(num_perm)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate: the fraction of equal signature values."""
    return float(np.count_nonzero(a == b)) / len(a)


# --------------------------------------------------------------------------- records

# A node in the duplicate graph sorts as (tier, rank, doc_id): earlier-version documents
# (tier 0) before new ones, then highest quality score, then smallest doc_id, so the
# minimum of a component is its representative.
NO_SCORE_RANK = 10 ** 13


def quality_rank(doc: dict[str, Any]) -> int:
    q = doc.get("quality") or {}
    score = q.get("score")
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return NO_SCORE_RANK
    return int(round((1.0 - min(1.0, max(0.0, float(score)))) * 1e12))


def rank_score(rank: int) -> float | None:
    return None if rank >= NO_SCORE_RANK else 1.0 - rank / 1e12


# slim record: (tier, rank, doc_id, source, exact_hash, signature bytes or None)
def _node(rec: tuple) -> tuple:
    return rec[0], rec[1], rec[2]


SHINGLES = "shingles"  # side output: ((tier, doc_id), shingle_sets bytes)


class _SignFn(beam.DoFn):
    def __init__(self, config: DedupConfig):
        self.config = config

    def setup(self) -> None:
        self.hasher = MinHasher(self.config.num_perm, self.config.seed, self.config.scheme)

    def process(self, batch: list[dict[str, Any]]) -> Iterator[tuple]:
        cfg = self.config
        prepared = [prepare(comparable_text(d), d.get("lang"), cfg.char_langs) for d in batch]
        hv, owner = shingle_hashes([x[2] for x in prepared], [x[1] for x in prepared], cfg.ngram, cfg.char_ngram)
        sigs = self.hasher.from_hashes(hv, owner, len(batch))
        sets = shingle_sets(hv, owner, len(batch))
        count(DEDUP, "signed", len(batch))
        for doc, (ehash, _, stext), sig, shingles in zip(batch, prepared, sigs, sets):
            yield (1, quality_rank(doc), doc["doc_id"], doc["source"], ehash,
                   sig.astype("<u4").tobytes() if stext else None)
            if stext:
                yield beam.pvalue.TaggedOutput(SHINGLES, ((1, doc["doc_id"]), shingles))


class _ExactGroupFn(beam.DoFn):
    """One exact-hash group -> its representative (main output, with the group size) and
    ('member', (rep doc_id, (tier, doc_id, source))) for the others."""

    def process(self, element):
        _, records = element
        rep = min(records, key=_node)
        size = 0
        for rec in records:
            size += 1
            if (rec[0], rec[2]) != (rep[0], rep[2]):
                yield beam.pvalue.TaggedOutput("members", ((rep[0], rep[2]), (rec[0], rec[2], rec[3])))
        yield rep + (size,)


class _BucketPairsFn(beam.DoFn):
    """An LSH bucket -> edges (node_a, node_b), node_a < node_b, whose estimated Jaccard is at least
    ``margin`` above the threshold; pairs within ``margin`` of it go to the UNSURE output as
    (node_a, node_b, estimate), for ``exact_jaccard``."""

    def __init__(self, threshold: float, max_pairs: int, margin: float):
        self.threshold, self.max_pairs, self.margin = threshold, max_pairs, margin

    def process(self, element):
        _, members = element
        members = sorted(set(members), key=lambda m: m[0])
        if len(members) < 2 or all(m[0][0] == 0 for m in members):
            return
        sigs = [np.frombuffer(m[1], dtype="<u4") for m in members]
        if len(members) <= self.max_pairs:
            pairs = ((i, j) for i in range(len(members)) for j in range(i + 1, len(members)))
        else:  # a star from the best member plus a chain: linear in the bucket
            pairs = {(0, j) for j in range(1, len(members))} | {(j - 1, j) for j in range(2, len(members))}
        n = 0
        for i, j in pairs:
            if members[i][0][0] == 0 and members[j][0][0] == 0:
                continue  # two earlier documents: deduplicated by their own run
            n += 1
            estimate = estimated_jaccard(sigs[i], sigs[j])
            if estimate >= self.threshold + self.margin:
                yield members[i][0], members[j][0]
            elif estimate > self.threshold - self.margin:
                yield beam.pvalue.TaggedOutput(UNSURE, (members[i][0], members[j][0], estimate))
        count(DEDUP, "candidate_pairs", n)


UNSURE = "unsure"


def _pair_with_first_set(element):
    """(a's key, {pair: [(a, b, estimate)], shingles: [a's set]}) -> (b's key, (a, b, estimate, a's set))."""
    _, g = element
    first = g[SHINGLES][0] if g[SHINGLES] else None
    for a, b, estimate in g["pair"]:
        yield (b[0], b[2]), (a, b, estimate, first)


class _ExactEdgesFn(beam.DoFn):
    """(b's key, {half: [(a, b, estimate, a's set)], shingles: [b's set]}) -> the edges whose exact
    Jaccard reaches the threshold. A document of an earlier version persisted without its set is
    judged by the estimate."""

    def __init__(self, threshold: float):
        self.threshold = threshold

    def process(self, element):
        _, g = element
        second = g[SHINGLES][0] if g[SHINGLES] else None
        for a, b, estimate, first in g["half"]:
            if first is None or second is None:
                count(DEDUP, "unsure_pairs_by_estimate")
                same = estimate >= self.threshold
            else:
                count(DEDUP, "unsure_pairs_exact")
                same = exact_jaccard(first, second) >= self.threshold
            if same:
                yield a, b


# --------------------------------------------------------------------------- connected components

def _large_star(element):
    u, nbrs = element
    nbrs = set(nbrs)
    m = min(min(nbrs), u)
    for v in nbrs:
        if v > u:
            yield v, m


def _small_star(element):
    u, nbrs = element
    group = {v for v in nbrs if v < u} | {u}
    m = min(group)
    for v in group:
        if v != m:
            yield v, m


class ConnectedComponents(beam.PTransform):
    """Undirected edges (a, b) of orderable nodes -> (node, component minimum) for every
    node that is not its component's minimum.

    Alternating large-star / small-star (Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii:
    "Connected Components in MapReduce and Beyond", SoCC 2014): each step is one
    GroupByKey over the current edges, no step sees more than one node's neighbourhood,
    and the edge count never grows. Converges in O(log^2 n) rounds (log n in practice);
    ``max_rounds`` unrolls the loop (a converged star passes unchanged). Nodes whose
    parent is not yet a root after the cap are counted under ``unconverged`` (a report
    entry) and still point at a smaller node of their component.
    """

    def __init__(self, max_rounds: int = 12):
        super().__init__()
        self.max_rounds = max_rounds

    def expand(self, edges):
        e = edges | "Orient" >> beam.Map(lambda ab: (max(ab), min(ab)))
        for r in range(self.max_rounds):
            e = (e
                 | f"LargeStarBoth{r}" >> beam.FlatMap(lambda ab: [(ab[0], ab[1]), (ab[1], ab[0])])
                 | f"LargeStarGroup{r}" >> beam.GroupByKey()
                 | f"LargeStar{r}" >> beam.FlatMap(_large_star)
                 | f"SmallStarGroup{r}" >> beam.GroupByKey()
                 | f"SmallStar{r}" >> beam.FlatMap(_small_star))
        return e | "Parent" >> beam.CombinePerKey(min)


def _unconverged(element):
    """Per node: 1 if it has a parent and is itself a parent (the star is not flat yet)."""
    _, groups = element
    return [1] if groups["child_of"] and groups["parent_of"] else []


# --------------------------------------------------------------------------- decisions

KEPT = "kept"


def _decide(element):
    """Per exact representative: its fate and the fate of its exact copies.

    Yields (doc_id, decision) for documents of this run only; decision is
    ('kept', exact_hash, cluster_size) or (reason, kept doc_id, detail).
    """
    (_, rep_id), g = element
    if not g["rep"]:
        return
    tier, rank, doc_id, source, ehash, sig, size = g["rep"][0]
    parent = g["parent"][0] if g["parent"] else None
    if parent is None:
        final, final_tier = doc_id, tier
        cluster_size = size + sum(g["absorbed"])
        if tier == 1:
            yield doc_id, (KEPT, ehash, cluster_size)
            yield beam.pvalue.TaggedOutput("persist", {
                "doc_id": doc_id, "source": source, "exact_hash": ehash, "signature": sig,
                "shingles": g[SHINGLES][0] if g[SHINGLES] else None, "score": rank_score(rank),
                "cluster_size": cluster_size})
            if cluster_size > 1:
                yield beam.pvalue.TaggedOutput("cluster", (doc_id, cluster_size))
    else:
        final, final_tier = parent[2], parent[0]
        if tier == 1:
            yield doc_id, (RejectReason.NEAR_DUPLICATE, final,
                           f"near duplicate (Jaccard >= threshold) in the cluster kept as {final}"
                           + (" from the earlier version" if final_tier == 0 else ""))
    for m_tier, m_id, _ in g["members"]:
        if m_tier != 1:
            continue
        via = "" if final == rep_id else f" (exact copy of {rep_id}, itself a near duplicate)"
        yield m_id, (RejectReason.EXACT_DUPLICATE, final,
                     f"same normalised text as {final}{via}" + (" from the earlier version" if final_tier == 0 else ""))


def _id_in_version(element):
    """(doc_id, {new: [this run's record], old: [earlier exact hashes]}) -> the new record, or, where
    the version appended to holds the doc_id with other text, its decision (reason, kept doc_id,
    detail). With the same text it goes on, to be an exact duplicate of its earlier self."""
    doc_id, g = element
    for rec in g["new"]:
        if g["old"] and rec[4] not in g["old"]:
            yield beam.pvalue.TaggedOutput("decision", (doc_id, (
                RejectReason.ID_IN_VERSION, doc_id,
                "the version this run appends to already holds this doc_id (same source and source_id); "
                "it stays: rebuild with output.mode replace to revise a document")))
        else:
            yield rec


class _ApplyFn(beam.DoFn):
    def process(self, element):
        doc_id, g = element
        docs, decisions = list(g["doc"]), list(g["decision"])
        if not docs:
            return
        if len(docs) != 1 or len(decisions) != 1:
            raise RuntimeError(f"dedup: document {doc_id} has {len(docs)} records and {len(decisions)} decisions")
        doc, decision = docs[0], decisions[0]
        if decision[0] == KEPT:
            yield keep(DEDUP, {**doc, "dedup": {"exact_hash": decision[1], "cluster_id": doc_id,
                                                "cluster_size": int(decision[2])}})
        else:
            yield reject(DEDUP, decision[0], decision[2], doc=doc, duplicate_of=decision[1])


def _size_bucket(n: int) -> str:
    if n <= 4:
        return str(n)
    lo = 1 << (n - 1).bit_length() - 1
    return f"{lo + 1}-{lo * 2}"


# --------------------------------------------------------------------------- incremental index

PERSIST_SCHEMA_FIELDS = (("doc_id", "string"), ("source", "string"), ("exact_hash", "string"),
                         ("signature", "binary"), ("shingles", "binary"), ("score", "float64"),
                         ("cluster_size", "int32"))


def _persist_schema():
    import pyarrow as pa

    return pa.schema([pa.field(n, getattr(pa, t)()) for n, t in PERSIST_SCHEMA_FIELDS])


def earlier_index(table: str, against: str | int, storage_options: dict[str, str] | None = None
                  ) -> dict[str, Any] | None:
    """The index.json persisted with the version named by ``against`` (None: nothing to
    deduplicate against)."""
    if against == "none":
        return None
    found = version_run_id(table, None if against == "latest" else int(against), storage_options)
    if found is None:
        return None
    version, run_id = found
    path = FileSystems.join(dedup_index_dir(table, run_id), "index.json")
    if not FileSystems.exists(path):
        _log.warning("dedup: version %s (run %s) persisted no dedup index; nothing to deduplicate against",
                     version, run_id)
        return None
    index = load_json(path)
    index["version"] = version
    return index


def index_files(table: str, runs: list[str]) -> list[str]:
    files = []
    for run in runs:
        pattern = FileSystems.join(dedup_index_dir(table, run), "signatures-*.parquet")
        for m in FileSystems.match([pattern])[0].metadata_list:
            files.append(m.path)
    return sorted(files)


def _earlier_record(row: dict[str, Any]) -> tuple:
    score = row.get("score")
    rank = quality_rank({"quality": {"score": score}})
    return (0, rank, row["doc_id"], row["source"], row["exact_hash"], row.get("signature"))


# --------------------------------------------------------------------------- the stage

class Deduplicate(Stage):
    """Documents -> kept documents annotated with ``dedup``; duplicates as rejects."""

    name = DEDUP
    config_model = DedupConfig

    def __init__(self, config: DedupConfig | None = None):
        super().__init__(config)
        self.bands, self.rows = self.config.band_layout()
        self.earlier: dict[str, Any] | None = None

    def bind_run(self, context: RunContext) -> None:
        super().bind_run(context)
        if self.config.enabled and self.config.against != "none":
            self.earlier = earlier_index(context.table, self.config.against, context.storage_options)
            if self.earlier is not None:
                mine = self.params()
                theirs = self.earlier.get("params", {})
                diff = {k for k in ("num_perm", "seed", "scheme", "ngram", "char_ngram", "base_hash")
                        if theirs.get(k) != mine[k]}
                if diff:
                    raise ValueError(f"dedup.against: version {self.earlier['version']} was signed with other "
                                     f"parameters ({sorted(diff)}); set against: none or match them")

    def params(self) -> dict[str, Any]:
        c = self.config
        return {"num_perm": c.num_perm, "seed": c.seed, "scheme": c.scheme, "ngram": c.ngram,
                "char_ngram": c.char_ngram, "base_hash": BASE_HASH_NAME}

    def run_metadata(self) -> dict[str, Any]:
        c = self.config
        hi = min(1.0, c.threshold + c.recall_margin)
        return {
            **self.params(), "threshold": c.threshold, "bands": self.bands, "rows": self.rows,
            "s_curve": {
                "target": f"candidate probability >= {c.target_recall} at Jaccard {hi:.2f} "
                          f"(threshold + {c.recall_margin}), least false-positive area below the threshold",
                "p_at_threshold": round(float(candidate_probability(c.threshold, self.bands, self.rows)), 4),
                "p_at_target": round(float(candidate_probability(hi, self.bands, self.rows)), 4),
                "p_at_threshold_minus_0.1": round(float(candidate_probability(max(0.0, c.threshold - 0.1),
                                                                              self.bands, self.rows)), 4),
                "s_half": round((1 / self.bands) ** (1 / self.rows), 4),
            },
            "against": c.against,
            "against_version": self.earlier["version"] if self.earlier else None,
            "against_runs": len(self.earlier["runs"]) if self.earlier else 0,
            "max_rounds": c.max_rounds,
        }

    def expand(self, docs: beam.PCollection) -> StageResult:
        c = self.config
        p = docs.pipeline
        if not c.enabled:
            return docs | "Passthrough" >> PassThrough(DEDUP)

        signed = (docs
                  | "Batch" >> beam.BatchElements(min_batch_size=min(64, c.batch_size), max_batch_size=c.batch_size)
                  | "Sign" >> beam.ParDo(_SignFn(c)).with_outputs(SHINGLES, main="slim"))
        slim = signed.slim
        sources, shingle_sources = [slim], [signed[SHINGLES]]
        id_decisions = []
        earlier_runs: list[str] = []
        if self.earlier is not None and self.context is not None:
            earlier_runs = list(self.earlier["runs"])
            files = index_files(self.context.table, earlier_runs)
            if files:
                from apache_beam.io.parquetio import ReadAllFromParquet

                earlier = p | "EarlierFiles" >> beam.Create(files) | "ReadEarlier" >> ReadAllFromParquet()
                earlier_records = earlier | "EarlierRecords" >> beam.Map(_earlier_record)
                if self.context.append:  # the version grows: a doc_id it holds cannot come in again
                    split = ({"new": slim | "NewById" >> beam.Map(lambda r: (r[2], r)),
                              "old": earlier_records | "OldById" >> beam.Map(lambda r: (r[2], r[4]))}
                             | "JoinIds" >> beam.CoGroupByKey()
                             | "IdsInVersion" >> beam.FlatMap(_id_in_version).with_outputs("decision", main="fresh"))
                    sources[0] = split.fresh
                    id_decisions.append(split.decision)
                sources.append(earlier_records)
                shingle_sources.append(earlier | "EarlierShingles" >> beam.FlatMap(
                    lambda row: [((0, row["doc_id"]), row["shingles"])] if row.get("shingles") is not None else []))
        records = sources | "AllRecords" >> beam.Flatten() if len(sources) > 1 else slim
        shingles = (shingle_sources | "AllShingles" >> beam.Flatten() if len(shingle_sources) > 1
                    else shingle_sources[0])

        # exact duplicates
        exact = (records
                 | "ByExactHash" >> beam.Map(lambda r: (r[4], r))
                 | "GroupExact" >> beam.GroupByKey()
                 | "ExactReps" >> beam.ParDo(_ExactGroupFn()).with_outputs("members", main="reps"))
        reps = exact.reps  # (tier, rank, doc_id, source, exact_hash, sig, size)

        # near duplicates among the representatives
        bands, rows = self.bands, self.rows
        pairs = (reps
                 | "BandKeys" >> beam.FlatMap(
                     lambda r: [] if r[5] is None else
                     [(k, ((r[0], r[1], r[2]), r[5])) for k in band_keys(np.frombuffer(r[5], "<u4"), bands, rows)])
                 | "GroupBuckets" >> beam.GroupByKey()
                 | "VerifyPairs" >> beam.ParDo(_BucketPairsFn(c.threshold, c.max_bucket_pairs,
                                                              estimate_margin(c.num_perm))).with_outputs(
                     UNSURE, main="sure"))
        # pairs near the threshold: exact Jaccard of the two shingle sets, joined in one at a time
        first = ({"pair": pairs[UNSURE] | "DistinctUnsure" >> beam.Distinct()
                  | "UnsureByFirst" >> beam.Map(lambda e: ((e[0][0], e[0][2]), e)),
                  SHINGLES: shingles}
                 | "JoinFirstSet" >> beam.CoGroupByKey()
                 | "PairWithFirstSet" >> beam.FlatMap(_pair_with_first_set))
        exact_edges = ({"half": first, SHINGLES: shingles}
                       | "JoinSecondSet" >> beam.CoGroupByKey()
                       | "ExactJaccard" >> beam.ParDo(_ExactEdgesFn(c.threshold)))
        edges = (pairs.sure, exact_edges) | "AllEdges" >> beam.Flatten() | "DistinctEdges" >> beam.Distinct()
        parents = edges | "Components" >> ConnectedComponents(c.max_rounds)  # (node, root node)

        # joins are keyed by (tier, doc_id): a re-ingested document is a node apart from its earlier self
        rep_by_id = reps | "RepById" >> beam.Map(lambda r: ((r[0], r[2]), r))
        parent_by_id = parents | "ParentById" >> beam.Map(lambda e: ((e[0][0], e[0][2]), e[1]))
        absorbed = (
            {"rep": rep_by_id, "parent": parent_by_id}
            | "JoinRepParent" >> beam.CoGroupByKey()
            | "AbsorbedSize" >> beam.FlatMap(
                lambda kv: [((kv[1]["parent"][0][0], kv[1]["parent"][0][2]), kv[1]["rep"][0][6])]
                if kv[1]["parent"] and kv[1]["rep"] else [])
            | "SumAbsorbed" >> beam.CombinePerKey(sum))
        decided = (
            {"rep": rep_by_id, "parent": parent_by_id, "absorbed": absorbed, "members": exact.members,
             SHINGLES: shingles}
            | "JoinDecisions" >> beam.CoGroupByKey()
            | "Decide" >> beam.FlatMap(_decide).with_outputs("persist", "cluster", main="decision"))

        decisions = ((decided.decision, *id_decisions) | "AllDecisions" >> beam.Flatten() if id_decisions
                     else decided.decision)
        out = (
            {"doc": docs | "DocById" >> beam.Map(lambda d: (d["doc_id"], d)), "decision": decisions}
            | "JoinDocs" >> beam.CoGroupByKey()
            | "Apply" >> beam.ParDo(_ApplyFn()).with_outputs(REJECTS, main=DOCS))

        report = self._report(p, out, decided, edges, parents, earlier_runs)
        if self.context is not None:
            self._persist(p, decided.persist, earlier_runs)
        return StageResult(out[DOCS], out[REJECTS], report)

    # ---- report and persistence

    def _report(self, p, out, decided, edges, parents, earlier_runs):
        def one(label, pcoll, fn):
            return pcoll | f"Report{label}" >> fn

        entries = [
            one("Kept", out[DOCS], beam.Map(lambda d: (("kept", d["source"], ""), 1))),
            one("Removed", out[REJECTS], beam.Map(lambda r: (("removed", r["source"], r["reason"]), 1))),
            one("Clusters", decided.cluster, beam.Map(lambda kv: (("cluster_size", _size_bucket(kv[1]), ""), 1))),
            one("Edges", edges, beam.Map(lambda e: (("verified_edges", "", ""), 1))),
            one("NearRemoved", parents, beam.Map(lambda e: (("near_nodes_absorbed", "", ""), 1))),
        ]
        counted = (entries | "ReportFlatten" >> beam.Flatten() | "ReportSum" >> beam.CombinePerKey(sum)
                   | "ReportDicts" >> beam.Map(_report_dict))
        largest = (decided.cluster
                   | "LargestClusters" >> beam.combiners.Top.Of(10, key=lambda kv: (kv[1], kv[0]))
                   | "LargestDict" >> beam.Map(lambda top: {"metric": "largest_clusters",
                                                            "clusters": [{"cluster_id": k, "size": n}
                                                                         for k, n in top]}))
        # convergence check of the components: a node that is both a child and a parent
        unconverged = (
            {"child_of": parents | "ChildOf" >> beam.Map(lambda e: (e[0], 1)),
             "parent_of": parents | "ParentOf" >> beam.Map(lambda e: (e[1], 1))}
            | "JoinStars" >> beam.CoGroupByKey()
            | "Unconverged" >> beam.FlatMap(_unconverged)
            | "SumUnconverged" >> beam.CombineGlobally(sum)
            | "UnconvergedDict" >> beam.Map(lambda n: {"metric": "components_unconverged", "count": n,
                                                       "max_rounds": self.config.max_rounds}))
        params = p | "ReportParams" >> beam.Create([{"metric": "params", **self.params(), "bands": self.bands,
                                                     "rows": self.rows, "threshold": self.config.threshold,
                                                     "against_runs": earlier_runs}])
        return (counted, largest, unconverged, params) | "ReportAll" >> beam.Flatten()

    def _persist(self, p, persist, earlier_runs):
        from apache_beam.io.filesystems import FileSystems
        from apache_beam.io.parquetio import WriteToParquet


        ctx = self.context
        folder = dedup_index_dir(ctx.table, ctx.run_id)
        persist | "PersistSignatures" >> WriteToParquet(
            FileSystems.join(folder, "signatures"), _persist_schema(), file_name_suffix=".parquet",
            shard_name_template="-SSSSS-of-NNNNN")
        index = {"index_version": INDEX_VERSION, "params": self.params(), "runs": [*earlier_runs, ctx.run_id]}
        path = FileSystems.join(folder, "index.json")
        p | "IndexJson" >> beam.Create([index]) | "WriteIndex" >> beam.Map(lambda i: save_json(path, i))


def _report_dict(kv) -> dict[str, Any]:
    (metric, a, b), n = kv
    if metric in ("kept",):
        return {"metric": metric, "source": a, "count": n}
    if metric == "removed":
        return {"metric": metric, "source": a, "reason": b, "count": n}
    if metric == "cluster_size":
        return {"metric": metric, "size": a, "clusters": n}
    return {"metric": metric, "count": n}


def format_report(entries: list[dict[str, Any]], metadata: dict[str, Any] | None = None) -> list[str]:
    """The run summary's dedup section (lines), from the staged ``dedup.json`` entries."""
    removed: dict[str, dict[str, int]] = {}
    kept: dict[str, int] = {}
    sizes: dict[str, int] = {}
    other: dict[str, Any] = {}
    for e in entries:
        m = e.get("metric")
        if m == "removed":
            removed.setdefault(e["source"], {})[e["reason"]] = e["count"]
        elif m == "kept":
            kept[e["source"]] = e["count"]
        elif m == "cluster_size":
            sizes[e["size"]] = e["clusters"]
        else:
            other[m] = e
    n_clusters = sum(sizes.values())
    md = metadata or {}
    lines = [f"  dedup      threshold {md.get('threshold', '?')}, {md.get('num_perm', '?')} perms = "
             f"{md.get('bands', '?')} bands x {md.get('rows', '?')} rows, "
             f"{md.get('ngram', '?')}-word / {md.get('char_ngram', '?')}-char shingles"
             + (f"; against version {md['against_version']}" if md.get("against_version") is not None else "")]
    hist = ", ".join(f"{k}: {sizes[k]}" for k in sorted(sizes, key=lambda s: int(s.split("-")[0])))
    lines.append(f"    clusters with duplicates {n_clusters}" + (f"  (size: clusters  {hist})" if hist else ""))
    top = other.get("largest_clusters", {}).get("clusters") or []
    if top:
        lines.append("    largest: " + ", ".join(f"{c['cluster_id'][:12]} x{c['size']}" for c in top[:5]))
    unconverged = other.get("components_unconverged", {}).get("count")
    if unconverged:
        lines.append(f"    WARNING: {unconverged} nodes unconverged after {md.get('max_rounds')} rounds "
                     f"(raise stages.dedup.max_rounds)")
    for source in sorted(set(removed) | set(kept)):
        r = removed.get(source, {})
        same_id = r.get(RejectReason.ID_IN_VERSION, 0)
        lines.append(f"    {source:<24} kept {kept.get(source, 0):>8}  exact removed "
                     f"{r.get(RejectReason.EXACT_DUPLICATE, 0):>6}  near removed {r.get(RejectReason.NEAR_DUPLICATE, 0):>6}"
                     + (f"  id already in the version {same_id:>6}" if same_id else ""))
    return lines
