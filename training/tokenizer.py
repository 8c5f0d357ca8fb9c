"""Tokenizers for the pack job: load any tokenizer.json, find its EOD and pad ids, encode documents in
batches, and train a byte-level BPE on a version's text, offline (never the model hub)."""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

from medcorpus.training.stream import count_documents, iter_texts, resolve_version

EOD_CANDIDATES = ("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|eos|>", "<|im_end|>", "[SEP]")
PAD_CANDIDATES = ("<|pad|>", "<pad>", "[PAD]", "<|padding|>")
DEFAULT_SPECIAL_TOKENS = ("<|endoftext|>", "<|pad|>")


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def load_tokenizer(path: str | Path):
    """A tokenizer.json, with any truncation/padding it was saved with switched off: the packer
    decides lengths, and a document must come back whole."""
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


def encode_documents(tok, texts: list[str], add_special_tokens: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of a batch of documents, flat (int32), and each document's length (int64)."""
    encode = getattr(tok, "encode_batch_fast", tok.encode_batch)  # no offsets: we never use them
    ids = [e.ids for e in encode(texts, add_special_tokens=add_special_tokens)]
    lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
    flat = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int32, count=int(lens.sum()))
    return flat, lens


def train_tokenizer(table: str, out: str | Path, version: int | None = None, vocab_size: int = 32_000,
                    min_frequency: int = 2, special_tokens: Sequence[str] = DEFAULT_SPECIAL_TOKENS,
                    text_column: str = "text", max_docs: int | None = None, progress: bool = False,
                    storage_options: dict | None = None, tag: str | None = None, allow_invalid: bool = False) -> dict:
    """Trains a byte-level BPE tokenizer (GPT-2 style: ByteLevel pre-tokenizer and decoder, every byte
    in the initial alphabet, so no text is ever unknown) on a version's text stream, offline, and saves
    it as tokenizer.json. The special tokens get the first ids (``<|endoftext|>`` = 0: the EOD).
    The version goes through the validation gate: a failed one only with ``allow_invalid``."""
    version = resolve_version(table, version, tag, allow_invalid=allow_invalid, storage_options=storage_options)
    n_docs = count_documents(table, version, storage_options)
    if max_docs is not None:
        n_docs = min(n_docs, max_docs)

    def texts() -> Iterator[list[str]]:
        seen = 0
        for arr in iter_texts(table, version, text_column, batch_rows=1000, storage_options=storage_options):
            batch = [t or "" for t in arr.to_pylist()]  # one sequence per row: the bar counts rows
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
    # ``length`` is the number of sequences (documents) the iterator yields, not of its batches:
    # the trainer's bar counts each string, so it reads "documents done / n_docs"
    tok.train_from_iterator(texts(), trainer=trainer, length=n_docs)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tok.save(str(tmp))
    os.replace(tmp, out)
    return {"tokenizer": str(out), "sha256": sha256_file(out), "vocab_size": tok.get_vocab_size(),
            "special_tokens": {t: tok.token_to_id(t) for t in special_tokens}, "table": str(table),
            "version": version, "documents": n_docs, "seconds": round(time.perf_counter() - started, 2)}
