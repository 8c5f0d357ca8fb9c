"""The pack job's configuration: what a run's shards depend on (it is part of the resume fingerprint)."""

from __future__ import annotations

from dataclasses import dataclass

ALGORITHMS = ("bfd", "concat")


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
