"""Best-fit decreasing bin packing of document pieces into sequences of at most seq_len tokens.

The bin choice is made per distinct piece length (all pieces of one length are placed together, which is
exactly item-by-item best fit with first-come ties), so it costs O(distinct lengths), not O(pieces). Then
the least filled bin is emptied into the others' room where moves and trades of whole pieces allow it
(``empty_underfull_bins``): at small windows that last bin is most of the padding.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import deque

import numpy as np


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

