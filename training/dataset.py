"""The packed sequences of a ``pack`` output folder as a map-style Dataset for training."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from medcorpus.training.megatron import read_megatron

LABEL_IGNORE = -100


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
        import torch  # heavy and optional: only where items are built as tensors

        return {k: (torch.from_numpy(v) if isinstance(v, np.ndarray) else v) for k, v in item.items()}
