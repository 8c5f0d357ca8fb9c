r"""Megatron-LM indexed datasets: the ``.idx`` bytes of a shard, the token dtype, and a reader.

``.idx`` = magic ``MMIDIDX\x00\x00``, u64 version 1, u8 dtype code, u64 sequence count, u64 document count,
then int32 sequence lengths, int64 byte pointers, int64 document indices (from 0); ``.bin`` = the tokens.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

MEGATRON_MAGIC = b"MMIDIDX\x00\x00"
MEGATRON_VERSION = 1
DTYPE_CODES = {np.dtype(np.uint8): 1, np.dtype(np.int8): 2, np.dtype(np.int16): 3, np.dtype(np.int32): 4,
               np.dtype(np.int64): 5, np.dtype(np.float64): 6, np.dtype(np.float32): 7, np.dtype(np.uint16): 8}
CODE_DTYPES = {v: k for k, v in DTYPE_CODES.items()}
UINT16_VOCAB_LIMIT = 65_500  # Megatron's rule: uint16 below this vocabulary size, else int32


def token_dtype(vocab_size: int) -> np.dtype:
    return np.dtype(np.uint16) if vocab_size < UINT16_VOCAB_LIMIT else np.dtype(np.int32)


def megatron_idx_bytes(dtype: np.dtype, lengths: np.ndarray, pointers: np.ndarray) -> bytes:
    """The ``.idx`` file of a Megatron indexed dataset."""
    lengths = np.ascontiguousarray(lengths, dtype=np.int32)
    pointers = np.ascontiguousarray(pointers, dtype=np.int64)
    doc_idx = np.arange(len(lengths) + 1, dtype=np.int64)
    return b"".join((MEGATRON_MAGIC, struct.pack("<Q", MEGATRON_VERSION),
                     struct.pack("<B", DTYPE_CODES[np.dtype(dtype)]), struct.pack("<Q", len(lengths)),
                     struct.pack("<Q", len(doc_idx)), lengths.tobytes(order="C"), pointers.tobytes(order="C"),
                     doc_idx.tobytes(order="C")))


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
