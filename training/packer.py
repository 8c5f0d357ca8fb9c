"""Packing one window: token ids of its documents -> the sequences, pointers and cu_seqlens of a shard.

An EOD follows every document. ``bfd`` places whole pieces by best-fit decreasing (``bfd.py``): a document
of at most seq_len tokens (with its EOD) is never cut, a longer one is split into seq_len pieces and its
remainder. ``concat`` concatenates and chunks (documents cut at chunk boundaries; the window's last partial
sequence is kept, or dropped with ``drop_last``). Sequences are shuffled within the window by a
permutation drawn from ``(seed, window index)``. The array work runs on a backend (``backends.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from medcorpus.training.bfd import bfd_runs, empty_underfull_bins
from medcorpus.training.config import PackConfig


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

