"""Tokenize and pack: a version of the documents table -> packed token sequences for training.

    medcorpus train-tokenizer TABLE --version N --out tokenizer.json --vocab-size 32000
    medcorpus pack TABLE --version N --tokenizer tokenizer.json --seq-len 4096 --out DIR

The stage is a separate job, not a Beam stage: it streams one version of the table (fragments in path
order, windows of a fixed number of documents or text bytes, whichever comes first), tokenizes each
window with a Hugging Face ``tokenizers`` tokenizer, appends an EOD token to every document, packs the
window into sequences of at most ``seq_len`` tokens and writes ONE shard per window:

- ``shard-NNNNNN.bin`` / ``.idx``: a Megatron-LM indexed dataset (``MMIDIDX``, version 1). Each packed
  sequence is one sequence, unpadded (its length is its real tokens); document indices are
  ``0..n_sequences`` (one sequence per "document" in Megatron's sense), so the header's document count is
  ``n_sequences + 1``, as Megatron's own builder writes it.
- ``shard-NNNNNN.cu.npy`` (int32): every sequence's cu_seqlens (``[0, end_1, ..., len]``, its document
  boundaries for variable-length attention), concatenated; ``.cu_index.npy`` (int64, n+1): where sequence
  i's cu_seqlens start in it (they span ``cu_index[i]:cu_index[i+1]``).
- ``shard-NNNNNN.docs.npy`` (int64, pieces x 2): for every piece (the runs between cu_seqlens, in order),
  the ordinal of its document in the version's stream order and the piece's token offset in that
  document (with its EOD): which document is where, and how a split one is put back together.
- ``shard-NNNNNN.done.json``: written last, by atomic rename, with the shard's counts and file sha256.
  A rerun skips every window whose marker matches the configuration, without tokenizing it.

``manifest.json`` (config, tokenizer sha256, source table and version, shards) and ``summary.json``
(padding and truncation ratios, documents per sequence, tokenizer and packer tokens/s) sit beside them.

Packing (per window):
- ``bfd``: best-fit decreasing. A document (with its EOD) of at most seq_len tokens is never cut; a longer
  one is split into seq_len pieces and its remainder, and every piece is placed whole. The bin-choice
  is made per distinct piece length (all pieces of one length are placed together, which is exactly
  item-by-item best fit with first-come ties), so it costs O(distinct lengths), not O(pieces). Then the
  least filled bin is emptied into the others' room where moves and trades of whole pieces allow it
  (``empty_underfull_bins``): at small windows that last bin is most of the padding.
- ``concat``: plain concatenate-and-chunk (documents cut at chunk boundaries; the window's last partial
  sequence is kept, or dropped with ``drop_last``).
Sequences are shuffled within the window by a permutation drawn from ``(seed, window index)``.

Heavy array work (piece splitting, sorting, bin expansion, the token gather that builds the shard, EOD
insertion, Megatron pointers, cu_seqlens) runs on one of two backends with the same code: numpy, or
torch (on CUDA when available). Both give byte-identical shards; ``device="torch-cpu"`` forces the torch
code on the CPU so that identity is testable without a GPU. torch is imported only for the torch path
and the Dataset; tokenization itself is the ``tokenizers`` Rust library on CPU threads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import json
import os
import struct
import sys
import time
from bisect import bisect_left, insort
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np

MEGATRON_MAGIC = b"MMIDIDX\x00\x00"
MEGATRON_VERSION = 1
PACKER_FORMAT = 2  # in the resume fingerprint: shards packed by an older packer are redone
DTYPE_CODES = {np.dtype(np.uint8): 1, np.dtype(np.int8): 2, np.dtype(np.int16): 3, np.dtype(np.int32): 4,
               np.dtype(np.int64): 5, np.dtype(np.float64): 6, np.dtype(np.float32): 7, np.dtype(np.uint16): 8}
CODE_DTYPES = {v: k for k, v in DTYPE_CODES.items()}
UINT16_VOCAB_LIMIT = 65_500  # Megatron's rule: uint16 below this vocabulary size, else int32

EOD_CANDIDATES = ("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|eos|>", "<|im_end|>", "[SEP]")
PAD_CANDIDATES = ("<|pad|>", "<pad>", "[PAD]", "<|padding|>")
DEFAULT_SPECIAL_TOKENS = ("<|endoftext|>", "<|pad|>")
ALGORITHMS = ("bfd", "concat")
DEVICES = ("auto", "cpu", "cuda", "torch-cpu")
LABEL_IGNORE = -100


# --------------------------------------------------------------------------- configuration

@dataclass(frozen=True)
class PackConfig:
    seq_len: int = 4096
    algorithm: str = "bfd"
    seed: int = 0
    shuffle: bool = True
    eod_id: int | None = None  # None: the tokenizer's <|endoftext|>, </s>, ... (see EOD_CANDIDATES)
    pad_id: int | None = None  # None: the tokenizer's <|pad|>, <pad>, ...; else the EOD id
    add_special_tokens: bool = False  # the tokenizer's post-processor (BOS etc.) around each document
    drop_last: bool = False  # concat: drop each window's final partial sequence
    window_docs: int = 100_000  # a window (= one shard) closes at this many documents ...
    window_bytes: int = 64 << 20  # ... or once its text reaches this many UTF-8 bytes
    text_column: str = "text"

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, not {self.algorithm!r}")
        if self.seq_len < 2:
            raise ValueError("seq_len must be at least 2")
        if self.window_docs < 1 or self.window_bytes < 1:
            raise ValueError("window_docs and window_bytes must be positive")


def _sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------- tokenizer

def load_tokenizer(path: str | Path):
    """A tokenizer.json, with any truncation/padding it was saved with switched off: the packer
    decides lengths, and a document must come back whole."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


def _special_id(tok, explicit: int | str | None, candidates: Sequence[str], what: str) -> int | None:
    if isinstance(explicit, int):
        return explicit
    if isinstance(explicit, str):
        tid = tok.token_to_id(explicit)
        if tid is None:
            raise ValueError(f"{what} token {explicit!r} is not in the tokenizer's vocabulary")
        return tid
    for token in candidates:
        tid = tok.token_to_id(token)
        if tid is not None:
            return tid
    return None


def resolve_special_ids(tok, eod: int | str | None = None, pad: int | str | None = None) -> tuple[int, int]:
    eod_id = _special_id(tok, eod, EOD_CANDIDATES, "EOD")
    if eod_id is None:
        raise ValueError(f"the tokenizer has none of {EOD_CANDIDATES}: pass the EOD token or id")
    pad_id = _special_id(tok, pad, PAD_CANDIDATES, "pad")
    return eod_id, eod_id if pad_id is None else pad_id


def token_dtype(vocab_size: int) -> np.dtype:
    return np.dtype(np.uint16) if vocab_size < UINT16_VOCAB_LIMIT else np.dtype(np.int32)


def encode_documents(tok, texts: list[str], add_special_tokens: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of a batch of documents, flat (int32), and each document's length (int64)."""
    encode = getattr(tok, "encode_batch_fast", tok.encode_batch)  # no offsets: we never use them
    ids = [e.ids for e in encode(texts, add_special_tokens=add_special_tokens)]
    lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
    flat = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int32, count=int(lens.sum()))
    return flat, lens


# --------------------------------------------------------------------------- Megatron indexed dataset

def megatron_idx_bytes(dtype: np.dtype, lengths: np.ndarray, pointers: np.ndarray) -> bytes:
    """The ``.idx`` file of a Megatron indexed dataset."""
    lengths = np.ascontiguousarray(lengths, dtype=np.int32)
    pointers = np.ascontiguousarray(pointers, dtype=np.int64)
    doc_idx = np.arange(len(lengths) + 1, dtype=np.int64)
    return b"".join((MEGATRON_MAGIC, struct.pack("<Q", MEGATRON_VERSION), struct.pack("<B", DTYPE_CODES[np.dtype(dtype)]),
                     struct.pack("<Q", len(lengths)), struct.pack("<Q", len(doc_idx)), lengths.tobytes(order="C"),
                     pointers.tobytes(order="C"), doc_idx.tobytes(order="C")))


def read_megatron(prefix: str | Path) -> dict[str, np.ndarray]:
    """Memory-maps a .bin/.idx pair: tokens, sequence lengths, byte pointers, document indices."""
    prefix = str(prefix)
    with open(prefix + ".idx", "rb") as f:
        header = f.read(9 + 8 + 1 + 8 + 8)
    if header[:9] != MEGATRON_MAGIC:
        raise ValueError(f"{prefix}.idx is not a Megatron indexed dataset")
    version, = struct.unpack("<Q", header[9:17])
    code = header[17]
    n_seq, n_doc = struct.unpack("<QQ", header[18:34])
    if version != MEGATRON_VERSION:
        raise ValueError(f"{prefix}.idx: version {version}")
    idx = np.memmap(prefix + ".idx", mode="r", dtype=np.uint8)
    off = 34
    lengths = np.frombuffer(idx, dtype=np.int32, count=n_seq, offset=off)
    pointers = np.frombuffer(idx, dtype=np.int64, count=n_seq, offset=off + 4 * n_seq)
    doc_idx = np.frombuffer(idx, dtype=np.int64, count=n_doc, offset=off + 12 * n_seq)
    dtype = CODE_DTYPES[code]
    size = os.path.getsize(prefix + ".bin")
    tokens = (np.memmap(prefix + ".bin", mode="r", dtype=dtype) if size else np.zeros(0, dtype))
    return {"tokens": tokens, "lengths": lengths, "pointers": pointers, "doc_idx": doc_idx, "dtype": dtype}


# --------------------------------------------------------------------------- array backends

class NumpyBackend:
    """The array operations the packer needs, on numpy (int64 throughout)."""

    name = "numpy"

    def put(self, a: np.ndarray) -> np.ndarray:
        return np.asarray(a)

    def host(self, a) -> np.ndarray:
        return np.asarray(a)

    def arange(self, n: int) -> np.ndarray:
        return np.arange(n, dtype=np.int64)

    def full(self, n: int, value: int) -> np.ndarray:
        return np.full(n, value, dtype=np.int64)

    def empty_like_int32(self, n: int) -> np.ndarray:
        return np.empty(n, dtype=np.int32)

    def ones_bool(self, n: int) -> np.ndarray:
        return np.ones(n, dtype=bool)

    def ones_int64(self, n: int) -> np.ndarray:
        return np.ones(n, dtype=np.int64)

    def cumsum(self, a) -> np.ndarray:
        return np.cumsum(a, dtype=np.int64)

    def repeat(self, values, counts) -> np.ndarray:
        return np.repeat(values, counts)

    def argsort_stable(self, keys) -> np.ndarray:
        return np.argsort(keys, kind="stable").astype(np.int64, copy=False)

    def bincount(self, a, minlength: int) -> np.ndarray:
        return np.bincount(a, minlength=minlength).astype(np.int64, copy=False)

    def minimum(self, a, b) -> np.ndarray:
        return np.minimum(a, b)

    def concat(self, parts) -> np.ndarray:
        return np.concatenate(parts)

    def sort(self, a) -> np.ndarray:
        return np.sort(a, kind="stable")

    def searchsorted_right(self, sorted_a, v) -> np.ndarray:
        return np.searchsorted(sorted_a, v, side="right").astype(np.int64, copy=False)

    def nonzero(self, mask) -> np.ndarray:
        return np.flatnonzero(mask).astype(np.int64, copy=False)

    def sync(self) -> None:
        pass


class TorchBackend:
    """The same operations on torch tensors (CUDA when given, else CPU)."""

    def __init__(self, device: str = "cuda"):
        import torch

        self.torch = torch
        self.device = torch.device(device)
        self.name = f"torch-{self.device.type}"

    def put(self, a: np.ndarray):
        t = self.torch.from_numpy(np.ascontiguousarray(a))
        return t.to(self.device, non_blocking=False)

    def host(self, a) -> np.ndarray:
        return a.cpu().numpy() if hasattr(a, "cpu") else np.asarray(a)

    def arange(self, n: int):
        return self.torch.arange(n, dtype=self.torch.int64, device=self.device)

    def full(self, n: int, value: int):
        return self.torch.full((n,), value, dtype=self.torch.int64, device=self.device)

    def empty_like_int32(self, n: int):
        return self.torch.empty(n, dtype=self.torch.int32, device=self.device)

    def ones_bool(self, n: int):
        return self.torch.ones(n, dtype=self.torch.bool, device=self.device)

    def ones_int64(self, n: int):
        return self.torch.ones(n, dtype=self.torch.int64, device=self.device)

    def cumsum(self, a):
        return self.torch.cumsum(a, 0, dtype=self.torch.int64)

    def repeat(self, values, counts):
        return self.torch.repeat_interleave(values, counts)

    def argsort_stable(self, keys):
        return self.torch.sort(keys, stable=True).indices

    def bincount(self, a, minlength: int):
        return self.torch.bincount(a, minlength=minlength).to(self.torch.int64)

    def minimum(self, a, b):
        return self.torch.minimum(a, b)

    def concat(self, parts):
        return self.torch.cat(list(parts))

    def sort(self, a):
        return self.torch.sort(a, stable=True).values

    def searchsorted_right(self, sorted_a, v):
        return self.torch.searchsorted(sorted_a, v, right=True).to(self.torch.int64)

    def nonzero(self, mask):
        return self.torch.nonzero(mask, as_tuple=True)[0].to(self.torch.int64)

    def sync(self) -> None:
        if self.device.type == "cuda":
            self.torch.cuda.synchronize(self.device)


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


# auto packs windows of fewer tokens on numpy even with a GPU: there the launches dominate (on an H100,
# a 155k-token window packed at 29M tokens/s on CUDA and 47M on numpy; 12.7M tokens at 207M vs 69M)
AUTO_GPU_MIN_TOKENS = 1 << 20


def select_backend(device: str = "auto"):
    """auto: torch on CUDA when torch sees a GPU (for windows of AUTO_GPU_MIN_TOKENS or more), else
    numpy. cpu: numpy. cuda: torch on CUDA (an error without one). torch-cpu: the torch code on the
    CPU (for identity checks)."""
    if device not in DEVICES:
        raise ValueError(f"device must be one of {DEVICES}")
    if device == "cpu":
        return NumpyBackend()
    if device == "torch-cpu":
        return TorchBackend("cpu")
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise RuntimeError("device=cuda but torch sees no CUDA device")
        return TorchBackend("cuda")
    if not torch_available():
        return NumpyBackend()
    import torch

    return TorchBackend("cuda") if torch.cuda.is_available() else NumpyBackend()


# --------------------------------------------------------------------------- packing

def bfd_runs(counts: np.ndarray, seq_len: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Best-fit decreasing over pieces given as a count per length (``counts[s]`` pieces of s tokens,
    1 <= s <= seq_len). Pieces are taken longest first; each goes to the open bin with the least room
    that still fits it (ties: the bin that has had that room longest), else to a new bin.

    All pieces of one length are placed together: a bin with room c takes ``c // s`` of them in a row
    (after each one it is still the best fit), so the work is per (length, room) pair, not per piece.
    Returns runs, in the order of the pieces sorted by decreasing length (stable): ``run_bins[k]``
    receives the next ``run_counts[k]`` pieces; and the number of bins."""
    rooms: list[deque | None] = [None] * (seq_len + 1)  # room -> FIFO of arrays of bin ids
    sizes = [0] * (seq_len + 1)  # bins per room
    open_rooms: list[int] = []  # the rooms > 0 that some bin has, ascending
    run_bins: list[np.ndarray] = []
    run_takes: list[int] = []  # how many pieces each bin of run k takes
    n_bins = 0

    def push(room: int, ids: np.ndarray) -> None:
        if room == 0:  # full: takes nothing more
            return
        if rooms[room] is None:
            rooms[room] = deque()
        rooms[room].append(ids)
        if not sizes[room]:
            insort(open_rooms, room)
        sizes[room] += len(ids)

    def pop(room: int, n: int) -> np.ndarray:
        q = rooms[room]
        taken, need = [], n
        while need:
            head = q[0]
            if len(head) <= need:
                taken.append(q.popleft())
                need -= len(head)
            else:
                taken.append(head[:need])
                q[0] = head[need:]
                need = 0
        sizes[room] -= n
        if not sizes[room]:
            del open_rooms[bisect_left(open_rooms, room)]
        return taken[0] if len(taken) == 1 else np.concatenate(taken)

    counts = np.asarray(counts[:seq_len + 1], dtype=np.int64)
    for s in np.flatnonzero(counts)[::-1].tolist():  # the lengths present, longest first
        k = int(counts[s])
        if s == 0:
            continue
        c = s
        while k > 0:
            at = bisect_left(open_rooms, c)  # the tightest room that fits
            if at == len(open_rooms):
                break
            c = open_rooms[at]
            q = c // s
            full = min(sizes[c], k // q)
            if full:
                ids = pop(c, full)
                run_bins.append(ids)
                run_takes.append(q)
                push(c - q * s, ids)
                k -= full * q
            if 0 < k < q and sizes[c]:
                ids = pop(c, 1)
                run_bins.append(ids)
                run_takes.append(k)
                push(c - k * s, ids)
                k = 0
            c += 1 if k else 0
        if k > 0:  # no open bin fits: new bins, each taking seq_len // s pieces
            q = seq_len // s
            full, rest = divmod(k, q)
            if full:
                ids = np.arange(n_bins, n_bins + full, dtype=np.int64)
                n_bins += full
                run_bins.append(ids)
                run_takes.append(q)
                push(seq_len - q * s, ids)
            if rest:
                ids = np.array([n_bins], dtype=np.int64)
                n_bins += 1
                run_bins.append(ids)
                run_takes.append(rest)
                push(seq_len - rest * s, ids)
    if not run_bins:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0
    run_counts = np.repeat(np.array(run_takes, dtype=np.int64), [len(ids) for ids in run_bins])
    return np.concatenate(run_bins), run_counts, n_bins


def empty_underfull_bins(bins: np.ndarray, lens: np.ndarray, n_bins: int, seq_len: int) -> tuple[np.ndarray, int]:
    """Best-fit decreasing leaves its last bin underfilled (the short pieces run out), and at a few dozen
    sequences one near-empty bin is percents of padding. This empties the least filled bin into the other
    bins' room while it can (see ``_place_pieces_of``); a bin is removed only when it empties completely,
    otherwise the packing stays as it was. Pieces move whole, so no document shorter than seq_len is cut.
    ``bins[i]``/``lens[i]``: bin and length of piece i; returns the new bins (renumbered densely, in their
    old order) and their number."""
    lens = np.asarray(lens, dtype=np.int64)
    fill = np.bincount(bins, weights=lens, minlength=n_bins).astype(np.int64)
    fewest = -(-int(fill.sum()) // seq_len)
    while n_bins > fewest:
        target = int(np.flatnonzero(fill == fill.min())[-1])  # least filled; among ties the last opened
        room = seq_len - fill
        movable = np.flatnonzero(room[bins] > 0)  # a piece of a full bin can neither move nor make room
        placed = _place_pieces_of(target, bins[movable], lens[movable], room)
        if placed is None:
            break
        bins = bins.copy()
        bins[movable] = placed
        bins[bins > target] -= 1
        n_bins -= 1
        fill = np.bincount(bins, weights=lens, minlength=n_bins).astype(np.int64)
    return bins, n_bins


def _place_pieces_of(target: int, bins: np.ndarray, lens: np.ndarray, room: np.ndarray,
                     max_steps: int = 64, pair_bins: int = 16) -> np.ndarray | None:
    """New bins for the pieces, with none left in ``target``, or None. Each piece of the target, longest
    first, goes (1) to the bin it fits best; else (2) trades places with a shorter piece whose bin the
    trade fills best, and that piece is placed in turn (the target only ever gets lighter); else (3) a
    piece x of one of the ``pair_bins`` roomiest bins trades places with a shorter piece y of a bin whose
    room takes the difference, which frees enough room next to x's old place for it."""
    bins, room = bins.copy(), room.copy()
    room[target] = -1  # never a destination
    todo = deque(np.flatnonzero(bins == target).tolist())  # pieces come longest first
    for _ in range(max_steps):
        if not todo:
            return bins
        i = todo.popleft()
        n = int(lens[i])
        fits = np.flatnonzero(room >= n)
        if len(fits):
            b = int(fits[np.argmin(room[fits])])  # best fit; ties: the lowest bin
            bins[i] = b
            room[b] -= n
            continue
        after = room[bins] + lens - n  # room left in j's bin if j and i traded places
        swap = np.flatnonzero((lens < n) & (bins != target) & (after >= 0))
        if len(swap):
            j = int(swap[np.argmin(after[swap])])
            b = int(bins[j])
            bins[i], bins[j] = b, target
            room[b] = after[j]
            todo.append(j)
            continue
        others = np.flatnonzero(bins != target)
        for a in np.argsort(-room, kind="stable")[:pair_bins].tolist():
            xs = others[bins[others] == a]
            ys = others[bins[others] != a]
            if not (len(xs) and len(ys)):
                continue
            need = n - int(room[a])
            d = lens[xs][:, None] - lens[ys][None, :]  # what a gains, and y's bin loses, by the trade
            ok = (d >= need) & (d <= room[bins[ys]][None, :])
            if ok.any():
                k = int(np.argmin(np.where(ok, d, np.iinfo(np.int64).max)))  # a fullest; ties: first x, y
                x, y, gain = int(xs[k // len(ys)]), int(ys[k % len(ys)]), int(d.flat[k])
                b = int(bins[y])
                bins[x], bins[y], bins[i] = b, a, a
                room[b] -= gain
                room[a] += gain - n
                break
        else:
            return None
    return None if todo else bins


@dataclass
class PackedWindow:
    """One window, packed: everything a shard holds, on the host."""

    tokens: np.ndarray  # int32, all sequences back to back
    lengths: np.ndarray  # int32, per sequence (real tokens)
    pointers: np.ndarray  # int64, byte offsets in .bin for the chosen dtype
    cu_seqlens: np.ndarray  # int32, per sequence [0, ..., len], concatenated
    cu_index: np.ndarray  # int64, n_seq + 1
    piece_docs: np.ndarray  # int64, document ordinal per piece (window-local)
    piece_offsets: np.ndarray  # int64, where each piece starts within its document (tokens)
    stats: dict[str, int]


def permutation(n: int, seed: int, window: int, shuffle: bool = True) -> np.ndarray:
    """Where each sequence goes: ``position[i]``; drawn on the host so both backends agree."""
    if not shuffle:
        return np.arange(n, dtype=np.int64)
    return np.random.default_rng([seed, window]).permutation(n).astype(np.int64)


def pack_window(be, flat: np.ndarray, doc_lens: np.ndarray, config: PackConfig, eod_id: int,
                window: int = 0, itemsize: int = 2) -> PackedWindow:
    """Packs the documents of one window. ``flat`` holds their token ids back to back (int32, no EOD),
    ``doc_lens`` their lengths (int64, all > 0). Runs on the backend ``be``."""
    S = config.seq_len
    n_docs = len(doc_lens)
    lens_h = np.asarray(doc_lens, dtype=np.int64) + 1  # with EOD
    T = int(lens_h.sum())
    lens = be.put(lens_h)
    ends = be.cumsum(lens)  # exclusive ends in the EOD'ed stream
    starts = ends - lens

    # EOD after every document: tokens move right by the number of documents before them
    src = be.put(np.asarray(flat, dtype=np.int32))
    stream = be.empty_like_int32(T)
    if n_docs:
        is_token = be.ones_bool(T)
        is_token[ends - 1] = False
        stream[is_token] = src
        stream[ends - 1] = eod_id

    if config.algorithm == "bfd":
        n_pieces = (lens + (S - 1)) // S
        piece_doc = be.repeat(be.arange(n_docs), n_pieces)
        P = int(be.host(n_pieces.sum())) if n_docs else 0
        first_piece = be.cumsum(n_pieces) - n_pieces
        k_in_doc = be.arange(P) - first_piece[piece_doc]
        piece_start = starts[piece_doc] + k_in_doc * S
        piece_len = be.minimum(lens[piece_doc] - k_in_doc * S, be.full(P, S))
        order = be.argsort_stable(-piece_len)  # longest first; equal lengths in stream order
        counts = be.host(be.bincount(piece_len, minlength=S + 1))
        run_bins, run_counts, n_seq = bfd_runs(counts, S)
        sorted_len = np.repeat(np.arange(S, 0, -1), counts[S:0:-1])  # piece lengths in `order`
        bins_h, n_seq = empty_underfull_bins(np.repeat(run_bins, run_counts), sorted_len, n_seq, S)
        bin_sorted = be.put(bins_h)
        pos = be.put(permutation(n_seq, config.seed, window, config.shuffle))
        seq_sorted = pos[bin_sorted]
        by_seq = be.argsort_stable(seq_sorted)
        final = order[by_seq]  # grouped by sequence, placement order inside
        seq_of_piece = seq_sorted[by_seq]
        piece_start, piece_len, piece_doc = piece_start[final], piece_len[final], piece_doc[final]
        dropped = 0
        split_docs = int(be.host((n_pieces > 1).sum()))
        short_split = 0  # by construction: a document of <= seq_len tokens is one piece
    else:
        # cut points: document ends and chunk ends, merged
        chunk_ends = (be.arange((T + S - 1) // S) + 1) * S
        chunk_ends[-1:] = T if T % S else chunk_ends[-1:]
        cuts = be.sort(be.concat([ends, chunk_ends]))
        keep = be.concat([cuts[:1] > 0, cuts[1:] != cuts[:-1]]) if T else cuts[:0] > 0
        piece_end = cuts[be.nonzero(keep)]
        piece_start = be.concat([piece_end[:1] * 0, piece_end[:-1]])
        piece_len = piece_end - piece_start
        piece_doc = be.searchsorted_right(ends, piece_start)
        chunk = piece_start // S
        n_seq = (T + S - 1) // S
        dropped = 0
        if config.drop_last and T % S:
            n_seq -= 1
            dropped = T % S
            sel = be.nonzero(chunk < n_seq)
            piece_start, piece_len, piece_doc, chunk = piece_start[sel], piece_len[sel], piece_doc[sel], chunk[sel]
        pos = be.put(permutation(n_seq, config.seed, window, config.shuffle))
        seq_c = pos[chunk]
        final = be.argsort_stable(seq_c)
        piece_start, piece_len, piece_doc = piece_start[final], piece_len[final], piece_doc[final]
        seq_of_piece = seq_c[final]
        per_doc = be.host(be.bincount(piece_doc, minlength=n_docs))
        split_mask = per_doc > 1
        if dropped:  # documents reaching into the dropped tail lost tokens: split (or dropped whole)
            split_mask |= np.arange(n_docs) >= np.searchsorted(be.host(ends), T - dropped, side="right")
            split_mask &= per_doc > 0
        split_docs = int(split_mask.sum())
        short_split = int((split_mask & (lens_h <= S)).sum())
    P = len(piece_len)

    # the shard: pieces back to back, sequence by sequence
    piece_end_out = be.cumsum(piece_len)
    piece_start_out = piece_end_out - piece_len
    total = int(be.host(piece_end_out[-1])) if P else 0
    # gather index: +1 per token, jumping at each piece start to where the piece is in the stream
    step = be.ones_int64(total)
    if P:
        prev_end = be.concat([piece_start[:1] * 0 + 1, (piece_start + piece_len)[:-1]])
        step[piece_start_out] = piece_start - prev_end + 1
    tokens = stream[be.cumsum(step)] if P else stream[:0]
    pieces_per_seq = be.bincount(seq_of_piece, minlength=n_seq)
    seq_last_piece = be.cumsum(pieces_per_seq) - 1
    seq_end = piece_end_out[seq_last_piece] if P else be.full(0, 0)
    seq_lengths = seq_end - be.concat([seq_end[:1] * 0, seq_end[:-1]])
    pointers = (be.cumsum(seq_lengths) - seq_lengths) * itemsize
    # cu_seqlens: per sequence a 0, then each piece's end relative to the sequence start
    seq_start = seq_end - seq_lengths
    cu_index = be.cumsum(pieces_per_seq + 1) - (pieces_per_seq + 1)
    cu = be.full(P + n_seq, 0)
    if P:
        cu[be.arange(P) + seq_of_piece + 1] = piece_end_out - seq_start[seq_of_piece]
    be.sync()

    lengths_h = be.host(seq_lengths).astype(np.int32)
    piece_doc_h = be.host(piece_doc)
    piece_off_h = be.host(piece_start - starts[piece_doc]) if P else np.zeros(0, np.int64)
    stats = {
        "documents": n_docs, "tokens": T, "tokens_kept": total, "tokens_dropped": T - total,
        "sequences": int(n_seq), "pieces": int(P), "documents_split": split_docs,
        "short_documents_split": short_split, "padding_tokens": int(n_seq) * S - total,
        "long_documents": int((lens_h > S).sum()),
    }
    return PackedWindow(
        tokens=be.host(tokens).astype(np.int32, copy=False), lengths=lengths_h,
        pointers=be.host(pointers).astype(np.int64, copy=False),
        cu_seqlens=be.host(cu).astype(np.int32), cu_index=np.append(be.host(cu_index), P + n_seq).astype(np.int64),
        piece_docs=piece_doc_h.astype(np.int64), piece_offsets=piece_off_h.astype(np.int64),
        stats=stats)


# --------------------------------------------------------------------------- reading a version

def resolve_version(table: str, version: int | None, storage_options: dict | None = None) -> int:
    from deltalake import DeltaTable

    return DeltaTable(table, version=version, storage_options=storage_options).version()


def _fragments(table: str, version: int, storage_options: dict | None = None) -> list:
    from deltalake import DeltaTable

    dataset = DeltaTable(table, version=version, storage_options=storage_options).to_pyarrow_dataset()
    return sorted(dataset.get_fragments(), key=lambda f: f.path)  # a fixed order for a fixed version


def count_documents(table: str, version: int, storage_options: dict | None = None) -> int:
    return sum(f.count_rows() for f in _fragments(table, version, storage_options))


def iter_texts(table: str, version: int, column: str = "text", batch_rows: int = 8192,
               storage_options: dict | None = None) -> Iterator[Any]:
    """The version's text column as Arrow arrays, fragment by fragment in path order: bounded memory."""
    for fragment in _fragments(table, version, storage_options):
        for batch in fragment.to_batches(columns=[column], batch_size=batch_rows):
            if batch.num_rows:
                yield batch.column(0)


@dataclass
class Window:
    index: int
    first_doc: int  # ordinal of its first document in the version's stream order
    texts: list  # Arrow arrays, in order
    n_docs: int
    n_bytes: int

    def pylist(self) -> list[str]:
        out: list[str] = []
        for arr in self.texts:
            out.extend(arr.to_pylist())
        return [t if t is not None else "" for t in out]


def iter_windows(arrays: Iterator[Any], window_docs: int, window_bytes: int) -> Iterator[Window]:
    """Cuts the stream into windows: a window closes after ``window_docs`` documents, or after the
    document that brings its text to ``window_bytes`` UTF-8 bytes. Depends only on the texts, never on
    Arrow batch sizes or on tokenization: a rerun finds the same windows without tokenizing."""
    import pyarrow.compute as pc

    index, first, parts, n_docs, n_bytes = 0, 0, [], 0, 0
    for arr in arrays:
        sizes = pc.fill_null(pc.binary_length(arr), 0).to_numpy(zero_copy_only=False).astype(np.int64)
        pos = 0
        while pos < len(arr):
            room = window_docs - n_docs
            csum = np.cumsum(sizes[pos:pos + room]) + n_bytes
            hit = int(np.searchsorted(csum, window_bytes, side="left"))  # first doc reaching the limit
            take = min(room, hit + 1, len(arr) - pos)
            parts.append(arr.slice(pos, take))
            n_docs += take
            n_bytes = int(csum[take - 1])
            pos += take
            if n_docs >= window_docs or n_bytes >= window_bytes:
                yield Window(index, first, parts, n_docs, n_bytes)
                index, first, parts, n_docs, n_bytes = index + 1, first + n_docs, [], 0, 0
    if n_docs:
        yield Window(index, first, parts, n_docs, n_bytes)


# --------------------------------------------------------------------------- progress

class Progress:
    """A minimal progress line on stderr with documents, tokens and tokens/s. Redrawn in place on a
    terminal; elsewhere a line every ``every_s`` seconds once the run has lasted that long; silent when
    disabled."""

    def __init__(self, total_docs: int | None = None, enabled: bool | None = None, every_s: float = 30.0,
                 stream=None):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = True if enabled is None else enabled
        self.total, self.every_s = total_docs, every_s
        self.start = self.last = time.perf_counter()
        self.docs = self.tokens = 0
        self.drawn = False

    def update(self, docs: int, tokens: int, force: bool = False) -> None:
        self.docs += docs
        self.tokens += tokens
        now = time.perf_counter()
        if not self.enabled:
            return
        wait = 0.2 if self.tty else self.every_s
        if not force and now - self.last < wait:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        pct = f" {100 * self.docs / self.total:5.1f}%" if self.total else ""
        line = (f"pack{pct} {self.docs:,} docs {self.tokens:,} tokens {self.tokens / elapsed:,.0f} tokens/s "
                f"{elapsed:,.0f}s")
        self.stream.write(("\r" + line) if self.tty else (line + "\n"))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.enabled and self.drawn and self.tty:
            self.stream.write("\n")
            self.stream.flush()


# --------------------------------------------------------------------------- shards

SHARD_FILES = (".bin", ".idx", ".cu.npy", ".cu_index.npy", ".docs.npy")


def shard_name(index: int) -> str:
    return f"shard-{index:06d}"


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_shard(out: Path, index: int, packed: PackedWindow, dtype: np.dtype, meta: dict) -> dict:
    """Writes a shard's files under temporary names, renames them into place, then the done marker
    (last, atomically): a shard without its marker is rewritten by the next run."""
    name = shard_name(index)
    files = {}
    for suffix in SHARD_FILES:
        if suffix == ".bin":
            data = packed.tokens.astype(dtype, copy=False).tobytes(order="C")
        elif suffix == ".idx":
            data = megatron_idx_bytes(dtype, packed.lengths, packed.pointers)
        else:
            array = {".cu.npy": packed.cu_seqlens, ".cu_index.npy": packed.cu_index,
                     ".docs.npy": np.stack([packed.piece_docs, packed.piece_offsets], axis=1)}[suffix]
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            data = buffer.getvalue()
        _atomic_write_bytes(out / f"{name}{suffix}", data)  # hashed from memory, not read back
        files[suffix] = {"path": f"{name}{suffix}", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    marker = {"shard": name, **meta, "stats": packed.stats, "files": files}
    _atomic_write_bytes(out / f"{name}.done.json", json.dumps(marker, indent=1).encode())
    return marker


def finished_shard(out: Path, index: int, fingerprint: str, window: Window) -> dict | None:
    """The done marker of a shard a previous run finished with the same configuration, else None."""
    path = out / f"{shard_name(index)}.done.json"
    try:
        marker = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if (marker.get("fingerprint") != fingerprint or marker.get("first_doc") != window.first_doc
            or marker.get("documents_in") != window.n_docs):
        return None
    for info in marker.get("files", {}).values():
        f = out / info["path"]
        if not f.exists() or f.stat().st_size != info["bytes"]:
            return None
    return marker


# --------------------------------------------------------------------------- the driver

@dataclass
class PackResult:
    out: Path
    manifest: dict
    summary: dict


def _fingerprint(config: PackConfig, tokenizer_sha: str, table: str, version: int, eod: int, pad: int) -> str:
    body = {"config": dataclasses.asdict(config), "tokenizer_sha256": tokenizer_sha, "table": table,
            "version": version, "eod_id": eod, "pad_id": pad, "format": PACKER_FORMAT}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def summarize(markers: list[dict], config: PackConfig, timings: dict) -> dict:
    keys = ("documents", "tokens", "tokens_kept", "tokens_dropped", "sequences", "pieces", "documents_split",
            "short_documents_split", "padding_tokens", "long_documents", "empty_documents")
    total = {k: sum(m["stats"].get(k, 0) for m in markers) for k in keys}
    slots = total["sequences"] * config.seq_len
    docs = max(total["documents"], 1)
    tok_s, pack_s = timings.get("tokenize_s", 0.0), timings.get("pack_s", 0.0)
    tokenized = timings.get("tokens_tokenized", 0)
    return {
        **total,
        "algorithm": config.algorithm, "seq_len": config.seq_len, "shards": len(markers),
        "padding_ratio": total["padding_tokens"] / slots if slots else 0.0,
        "truncation": {
            "documents_split_ratio": total["documents_split"] / docs,
            "short_documents_split": total["short_documents_split"],
            "tokens_dropped_ratio": total["tokens_dropped"] / max(total["tokens"], 1),
        },
        "documents_per_sequence": total["pieces"] / total["sequences"] if total["sequences"] else 0.0,
        "whole_documents_per_sequence": total["documents"] / total["sequences"] if total["sequences"] else 0.0,
        "throughput": {
            "tokenizer_tokens_per_s": tokenized / tok_s if tok_s else None,
            "packer_tokens_per_s": tokenized / pack_s if pack_s else None,
            "tokenized_this_run": tokenized, "shards_skipped": timings.get("skipped", 0),
            "tokenize_s": round(tok_s, 3), "pack_s": round(pack_s, 3), "write_s": round(timings.get("write_s", 0.0), 3),
            "read_s": round(timings.get("read_s", 0.0), 3), "wall_s": round(timings.get("wall_s", 0.0), 3),
            "backend": timings.get("backend"),
        },
    }


def format_summary(summary: dict) -> str:
    t, tr = summary["throughput"], summary["truncation"]
    rate = lambda v: f"{v:,.0f}" if v else "n/a"  # noqa: E731
    return "\n".join([
        f"packed {summary['documents']:,} documents, {summary['tokens']:,} tokens -> {summary['sequences']:,} "
        f"sequences of <= {summary['seq_len']} in {summary['shards']} shard(s) [{summary['algorithm']}]",
        f"  padding ratio       {summary['padding_ratio']:.4%} ({summary['padding_tokens']:,} pad slots)",
        f"  truncation          {summary['documents_split']:,} documents split ({tr['documents_split_ratio']:.4%}; "
        f"{summary['short_documents_split']:,} of them shorter than seq_len), {summary['tokens_dropped']:,} tokens "
        f"dropped ({tr['tokens_dropped_ratio']:.4%})",
        f"  docs per sequence   {summary['documents_per_sequence']:.2f} pieces "
        f"({summary['whole_documents_per_sequence']:.2f} documents)",
        f"  tokenizer           {rate(t['tokenizer_tokens_per_s'])} tokens/s ({t['tokenize_s']} s)",
        f"  packer              {rate(t['packer_tokens_per_s'])} tokens/s ({t['pack_s']} s, {t['backend']}); "
        f"write {t['write_s']} s; {t['shards_skipped']} finished shard(s) skipped",
    ])


def pack_version(table: str, tokenizer: str | Path, out: str | Path, version: int | None = None,
                 config: PackConfig | None = None, device: str = "auto", eod: int | str | None = None,
                 pad: int | str | None = None, batch_docs: int = 2048, progress: bool | None = None,
                 storage_options: dict | None = None) -> PackResult:
    """Tokenizes and packs one version of ``table`` into shards under ``out`` (resumable)."""
    config = config or PackConfig()
    wall = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    version = resolve_version(table, version, storage_options)
    tok = load_tokenizer(tokenizer)
    eod_id, pad_id = resolve_special_ids(tok, config.eod_id if eod is None else eod,
                                         config.pad_id if pad is None else pad)
    config = dataclasses.replace(config, eod_id=eod_id, pad_id=pad_id)
    vocab_size = tok.get_vocab_size(with_added_tokens=True)
    dtype = token_dtype(vocab_size)
    tokenizer_sha = _sha256_file(tokenizer)
    fingerprint = _fingerprint(config, tokenizer_sha, str(table), version, eod_id, pad_id)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        previous = json.loads(manifest_path.read_text())
        if previous.get("fingerprint") != fingerprint:
            raise ValueError(f"{out} holds shards of another table, version, tokenizer or configuration: "
                             "use a new --out (or delete it)")
    manifest = {
        "format": "medcorpus-packed/1", "fingerprint": fingerprint, "complete": False,
        "source": {"table": str(table), "version": version, "text_column": config.text_column},
        "tokenizer": {"path": str(tokenizer), "sha256": tokenizer_sha, "vocab_size": vocab_size,
                      "eod_id": eod_id, "pad_id": pad_id},
        "config": dataclasses.asdict(config), "dtype": np.dtype(dtype).name,
        "megatron": {"version": MEGATRON_VERSION, "dtype_code": DTYPE_CODES[np.dtype(dtype)]},
        "shards": [],
    }
    _atomic_write_bytes(manifest_path, json.dumps(manifest, indent=1).encode())

    be = select_backend(device)
    small_be = NumpyBackend() if device == "auto" else be
    itemsize = np.dtype(dtype).itemsize
    timings = {"tokenize_s": 0.0, "pack_s": 0.0, "write_s": 0.0, "read_s": 0.0, "tokens_tokenized": 0,
               "skipped": 0, "backend": ""}
    total_docs = count_documents(table, version, storage_options) if progress is not False else None
    bar = Progress(total_docs, enabled=progress)  # None: a live line on a terminal, every 30 s elsewhere
    markers: list[dict] = []
    t_read = time.perf_counter()
    for window in iter_windows(iter_texts(table, version, config.text_column, storage_options=storage_options),
                               config.window_docs, config.window_bytes):
        timings["read_s"] += time.perf_counter() - t_read
        done = finished_shard(out, window.index, fingerprint, window)
        if done is not None:
            markers.append(done)
            timings["skipped"] += 1
            bar.update(window.n_docs, done["stats"]["tokens"])
            t_read = time.perf_counter()
            continue
        t0 = time.perf_counter()
        texts = window.pylist()
        flats, lens = [], []
        for i in range(0, len(texts), batch_docs):
            flat, ln = encode_documents(tok, texts[i:i + batch_docs], config.add_special_tokens)
            flats.append(flat)
            lens.append(ln)
            bar.update(0, int(ln.sum()))
        del texts
        flat = np.concatenate(flats) if flats else np.zeros(0, np.int32)
        lens_all = np.concatenate(lens) if lens else np.zeros(0, np.int64)
        del flats, lens
        t1 = time.perf_counter()
        nonempty = lens_all > 0  # a document with no tokens would be a lone EOD: left out, counted
        doc_ids = np.flatnonzero(nonempty)
        window_be = be if len(flat) >= AUTO_GPU_MIN_TOKENS else small_be
        packed = pack_window(window_be, flat, lens_all[nonempty], config, eod_id, window=window.index,
                             itemsize=itemsize)
        if window_be.name not in timings["backend"].split("+"):
            timings["backend"] = "+".join(filter(None, [timings["backend"], window_be.name]))
        packed.piece_docs = doc_ids[packed.piece_docs] + window.first_doc
        packed.stats["empty_documents"] = int((~nonempty).sum())
        packed.stats["documents"] = window.n_docs
        t2 = time.perf_counter()
        meta = {"fingerprint": fingerprint, "window": window.index, "first_doc": window.first_doc,
                "documents_in": window.n_docs, "text_bytes": window.n_bytes}
        markers.append(write_shard(out, window.index, packed, dtype, meta))
        t3 = time.perf_counter()
        timings["tokenize_s"] += t1 - t0
        timings["pack_s"] += t2 - t1
        timings["write_s"] += t3 - t2
        timings["tokens_tokenized"] += packed.stats["tokens"]  # with the EODs
        bar.update(window.n_docs, 0)
        del flat, packed
        t_read = time.perf_counter()
    timings["wall_s"] = time.perf_counter() - wall
    timings["backend"] = timings["backend"] or "-"  # every shard was finished before
    bar.update(0, 0, force=bar.drawn)
    bar.close()

    summary = summarize(markers, config, timings)
    manifest["shards"] = [{"name": m["shard"], "window": m["window"], "first_doc": m["first_doc"],
                           "documents": m["stats"]["documents"], "sequences": m["stats"]["sequences"],
                           "tokens": m["stats"]["tokens_kept"], "files": m["files"]} for m in markers]
    manifest["complete"] = True
    manifest["summary"] = {k: v for k, v in summary.items() if k != "throughput"}
    _atomic_write_bytes(manifest_path, json.dumps(manifest, indent=1).encode())
    _atomic_write_bytes(out / "summary.json", json.dumps(summary, indent=1).encode())
    return PackResult(out, manifest, summary)


# --------------------------------------------------------------------------- reading packed shards

class PackedDataset:
    """The packed sequences of a ``pack`` output folder, for a torch DataLoader (map-style: it has
    ``__len__`` and ``__getitem__``; torch is imported only when items are built as tensors).

    Item i: ``input_ids`` (seq_len, padded with the pad id), ``labels`` (input_ids, -100 on padding),
    ``position_ids`` (restarting at 0 at every document; padding counts on as one more segment),
    ``cu_seqlens`` (int32 document boundaries: 0, each document end, and seq_len when the sequence is
    padded, so it always ends at seq_len), and ``length`` (real tokens). ``as_numpy=True`` gives numpy
    arrays instead of tensors."""

    def __init__(self, out: str | Path, as_numpy: bool = False, pad_id: int | None = None):
        self.out = Path(out)
        self.manifest = json.loads((self.out / "manifest.json").read_text())
        if not self.manifest.get("complete"):
            raise ValueError(f"{out}: the pack run has not finished (manifest incomplete)")
        self.seq_len = int(self.manifest["config"]["seq_len"])
        self.pad_id = int(self.manifest["tokenizer"]["pad_id"] if pad_id is None else pad_id)
        self.as_numpy = as_numpy
        self._shards = []
        for shard in self.manifest["shards"]:
            prefix = self.out / shard["name"]
            data = read_megatron(prefix)
            cu = np.load(str(prefix) + ".cu.npy", mmap_mode="r")
            cu_index = np.load(str(prefix) + ".cu_index.npy", mmap_mode="r")
            self._shards.append((data, cu, cu_index))
        counts = [len(d["lengths"]) for d, _, _ in self._shards]
        self._starts = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])

    def __len__(self) -> int:
        return int(self._starts[-1])

    def sequence(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Sequence i's real tokens and its cu_seqlens (document boundaries), unpadded."""
        if not 0 <= i < len(self):
            raise IndexError(i)
        s = int(np.searchsorted(self._starts, i, side="right") - 1)
        data, cu, cu_index = self._shards[s]
        j = i - int(self._starts[s])
        itemsize = np.dtype(data["dtype"]).itemsize
        start = int(data["pointers"][j]) // itemsize
        tokens = np.array(data["tokens"][start:start + int(data["lengths"][j])])
        bounds = np.array(cu[int(cu_index[j]):int(cu_index[j + 1])], dtype=np.int32)  # a copy, not a view
        return tokens, bounds

    def __getitem__(self, i: int) -> dict[str, Any]:
        tokens, bounds = self.sequence(int(i))
        n, S = len(tokens), self.seq_len
        input_ids = np.full(S, self.pad_id, dtype=np.int64)
        input_ids[:n] = tokens
        labels = input_ids.copy()
        labels[n:] = LABEL_IGNORE
        cu_seqlens = bounds if n == S else np.append(bounds, np.int32(S)).astype(np.int32)
        seg = np.diff(cu_seqlens)
        position_ids = np.arange(S, dtype=np.int64) - np.repeat(cu_seqlens[:-1].astype(np.int64), seg)
        item = {"input_ids": input_ids, "labels": labels, "position_ids": position_ids, "cu_seqlens": cu_seqlens,
                "length": n}
        if self.as_numpy:
            return item
        import torch

        return {k: (torch.from_numpy(v) if isinstance(v, np.ndarray) else v) for k, v in item.items()}


# --------------------------------------------------------------------------- tokenizer training

def train_tokenizer(table: str, out: str | Path, version: int | None = None, vocab_size: int = 32_000,
                    min_frequency: int = 2, special_tokens: Sequence[str] = DEFAULT_SPECIAL_TOKENS,
                    text_column: str = "text", max_docs: int | None = None, progress: bool = False,
                    storage_options: dict | None = None) -> dict:
    """Trains a byte-level BPE tokenizer (GPT-2 style: ByteLevel pre-tokenizer and decoder, every byte
    in the initial alphabet, so no text is ever unknown) on a version's text stream, offline, and saves
    it as tokenizer.json. The special tokens get the first ids (``<|endoftext|>`` = 0: the EOD)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    version = resolve_version(table, version, storage_options)
    n_docs = count_documents(table, version, storage_options)
    if max_docs is not None:
        n_docs = min(n_docs, max_docs)

    def texts() -> Iterator[list[str]]:
        seen = 0
        for arr in iter_texts(table, version, text_column, batch_rows=1000, storage_options=storage_options):
            batch = [t for t in arr.to_pylist() if t]
            if max_docs is not None:
                batch = batch[:max_docs - seen]
            seen += len(batch)
            if batch:
                yield batch
            if max_docs is not None and seen >= max_docs:
                return

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=min_frequency,
                                  special_tokens=list(special_tokens), show_progress=progress,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    started = time.perf_counter()
    tok.train_from_iterator(texts(), trainer=trainer, length=(n_docs + 999) // 1000)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tok.save(str(tmp))
    os.replace(tmp, out)
    return {"tokenizer": str(out), "sha256": _sha256_file(out), "vocab_size": tok.get_vocab_size(),
            "special_tokens": {t: tok.token_to_id(t) for t in special_tokens}, "table": str(table),
            "version": version, "documents": n_docs, "seconds": round(time.perf_counter() - started, 2)}
