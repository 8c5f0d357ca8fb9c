"""Tokenize and pack: a version of the documents table -> packed token sequences for training.

    medcorpus train-tokenizer TABLE --version N --out tokenizer.json --vocab-size 32000
    medcorpus pack TABLE --version N --tokenizer tokenizer.json --seq-len 4096 --out DIR

The stage is a separate job, not a Beam stage: it streams one version of the table (``stream.py``:
fragments in path order, windows of a fixed number of documents or text bytes, whichever comes first),
tokenizes each window with a Hugging Face ``tokenizers`` tokenizer (``tokenizer.py``), appends an EOD token
to every document, packs the window into sequences of at most ``seq_len`` tokens (``packer.py``, ``bfd.py``)
and writes ONE shard per window (``shards.py``: Megatron ``.bin``/``.idx``, cu_seqlens, document pieces, a
done marker). ``manifest.json`` (config, tokenizer sha256, source table and version, shards) and
``summary.json`` (padding and truncation ratios, documents per sequence, tokenizer and packer tokens/s)
sit beside them. A version that failed validation is refused unless ``allow_invalid``.

Heavy array work (piece splitting, sorting, bin expansion, the token gather that builds the shard, EOD
insertion, Megatron pointers, cu_seqlens) runs on one of two backends with the same code (``backends.py``):
numpy, or torch (on CUDA when available). Both give byte-identical shards; ``device="torch-cpu"`` forces the
torch code on the CPU so that identity is testable without a GPU. torch is imported only for the torch path
and the Dataset; tokenization itself is the ``tokenizers`` Rust library on CPU threads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from medcorpus.training.backends import AUTO_GPU_MIN_TOKENS, NumpyBackend, select_backend
from medcorpus.training.config import PackConfig
from medcorpus.training.megatron import DTYPE_CODES, MEGATRON_VERSION, token_dtype
from medcorpus.training.packer import pack_window
from medcorpus.training.shards import Progress, atomic_write_bytes, finished_shard, write_shard
from medcorpus.training.stream import count_documents, iter_texts, iter_windows, resolve_version
from medcorpus.training.tokenizer import encode_documents, load_tokenizer, resolve_special_ids, sha256_file

PACKER_FORMAT = 2  # in the resume fingerprint: shards packed by an older packer are redone


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


def format_pack_summary(summary: dict) -> str:
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
                 storage_options: dict | None = None, tag: str | None = None,
                 allow_invalid: bool = False) -> PackResult:
    """Tokenizes and packs one version of ``table`` (``version``, else ``tag``, else the latest) into
    shards under ``out`` (resumable). A version that failed validation only with ``allow_invalid``."""
    config = config or PackConfig()
    wall = time.perf_counter()
    version = resolve_version(table, version, tag, allow_invalid=allow_invalid, storage_options=storage_options)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer(tokenizer)
    eod_id, pad_id = resolve_special_ids(tok, config.eod_id if eod is None else eod,
                                         config.pad_id if pad is None else pad)
    config = dataclasses.replace(config, eod_id=eod_id, pad_id=pad_id)
    vocab_size = tok.get_vocab_size(with_added_tokens=True)
    dtype = token_dtype(vocab_size)
    tokenizer_sha = sha256_file(tokenizer)
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
    atomic_write_bytes(manifest_path, json.dumps(manifest, indent=1).encode())

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
    atomic_write_bytes(manifest_path, json.dumps(manifest, indent=1).encode())
    atomic_write_bytes(out / "summary.json", json.dumps(summary, indent=1).encode())
    return PackResult(out, manifest, summary)

