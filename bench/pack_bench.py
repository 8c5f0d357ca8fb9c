"""Tokenize-and-pack benchmark, side by side with the `tokenizers` library itself.

    .venv/bin/python bench/pack_bench.py [--corpora ../shared/corpora] [--tokenizer tokenizer.json] [--rounds 3]

For the demo version (build/demo/corpus/documents, `make demo`) and a version built from ../shared/corpora:
- tokenizer stage: medcorpus' `encode_documents` (ids flattened to arrays, ready to pack) against
  `Tokenizer.encode_batch` (and `encode_batch_fast`) on the same texts, batches and threads; alternating
  rounds, medians;
- packer: `pack_window` tokens/s per algorithm and backend (numpy; torch on CPU and CUDA when present),
  medians, against the tokenizer's tokens/s;
- padding and truncation at --seq-len for best-fit decreasing and concatenate-and-chunk, the whole version;
- one end-to-end `pack_version` run (what `medcorpus pack` prints).

The corpora version is the ingest stage alone (the repository's readers over bench/corpora.yaml, no
de-identification: the packer sees the same texts and lengths), written once to a temporary Delta table
outside the repository (reused by later runs; --corpora-table picks another place). The tokenizer, unless
given, is a byte-level BPE (32k) trained by `train_tokenizer` on that version and kept beside it.
Results go to bench/results/pack-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from medcorpus.training.backends import NumpyBackend, TorchBackend, torch_available
from medcorpus.training.config import ALGORITHMS, PackConfig
from medcorpus.training.job import format_pack_summary, pack_version
from medcorpus.training.megatron import token_dtype
from medcorpus.training.packer import pack_window
from medcorpus.training.stream import iter_texts, iter_windows, resolve_version
from medcorpus.training.tokenizer import encode_documents, load_tokenizer, resolve_special_ids, train_tokenizer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
CACHE = Path(tempfile.gettempdir()) / "medcorpus-pack-bench"


def build_corpora_table(corpora: Path, table: Path) -> Path:
    """The documents of every source in bench/corpora.yaml, as read by the ingest stage, as one Delta version."""
    import deltalake
    import pyarrow as pa
    import yaml
    from apache_beam.pvalue import TaggedOutput

    from medcorpus.pipelines.config import parse_config
    from medcorpus.transforms.ingest import ReadInputFile, match_inputs

    raw = yaml.safe_load((HERE / "corpora.yaml").read_text(encoding="utf-8"))
    raw["output"]["table"] = str(table)
    config = parse_config(raw, corpora.resolve(), str(HERE / "corpora.yaml"))
    read = ReadInputFile(config.sources, config.ingest)
    cols: dict[str, list] = {"doc_id": [], "source": [], "text": [], "lang": []}
    for i, source in enumerate(config.sources):
        for f in match_inputs(source):
            for record in read.process((i, f)):
                if isinstance(record, TaggedOutput) or "stage" in record or "text" not in record:
                    continue  # ledger entries and rejects
                for k in cols:
                    cols[k].append(record[k])
    tmp = table.with_name(table.name + ".tmp")
    # a documents version (not validated): the pack job reads only medcorpus documents tables
    meta = {"kind": "documents", "dataset": "bench-corpora", "stages": {"ingest": "active"}}
    deltalake.write_deltalake(str(tmp), pa.table(cols), mode="overwrite",
                              writer_properties=deltalake.WriterProperties(compression="ZSTD"),
                              commit_properties=deltalake.CommitProperties(
                                  custom_metadata={"medcorpus": json.dumps(meta)}))
    os.replace(tmp, table)
    return table


def median_time(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def tokenizer_side_by_side(tok, texts: list[str], batch_docs: int, rounds: int) -> dict:
    batches = [texts[i:i + batch_docs] for i in range(0, len(texts), batch_docs)]
    n_tokens = sum(int(encode_documents(tok, b)[1].sum()) for b in batches)  # warm-up, and the count
    fns = {
        "tokenizers_encode_batch": lambda: [tok.encode_batch(b, add_special_tokens=False) for b in batches],
        "tokenizers_encode_batch_fast": lambda: [tok.encode_batch_fast(b, add_special_tokens=False) for b in batches],
        "medcorpus_encode_documents": lambda: [encode_documents(tok, b) for b in batches],
    }
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(rounds):  # alternating, so drift hits all alike
        for name, fn in fns.items():
            times[name].append(median_time(fn, 1))
    med = {k: statistics.median(v) for k, v in times.items()}
    out = {k: {"s": round(v, 3), "tokens_per_s": round(n_tokens / v)} for k, v in med.items()}
    out["documents"], out["tokens"], out["batch_docs"] = len(texts), n_tokens, batch_docs
    out["threads"] = os.environ.get("RAYON_NUM_THREADS") or os.cpu_count()
    out["medcorpus_vs_encode_batch"] = round(med["medcorpus_encode_documents"] / med["tokenizers_encode_batch"], 3)
    out["medcorpus_vs_encode_batch_fast"] = round(
        med["medcorpus_encode_documents"] / med["tokenizers_encode_batch_fast"], 3)
    return out


def tokenize_version(tok, table: str, version: int, config: PackConfig, batch_docs: int) -> list[tuple]:
    windows = []
    for w in iter_windows(iter_texts(table, version, config.text_column), config.window_docs,
                               config.window_bytes):
        texts = w.pylist()
        parts = [encode_documents(tok, texts[i:i + batch_docs]) for i in range(0, len(texts), batch_docs)]
        flat = np.concatenate([p[0] for p in parts])
        lens = np.concatenate([p[1] for p in parts])
        windows.append((w.index, flat, lens[lens > 0]))
    return windows


def backends() -> list:
    out = [NumpyBackend()]
    if torch_available():
        import torch

        out.append(TorchBackend("cpu"))
        if torch.cuda.is_available():
            out.append(TorchBackend("cuda"))
    return out


def pack_figures(windows: list[tuple], seq_len: int, rounds: int, eod: int, itemsize: int) -> dict:
    results = {}
    tokens = sum(len(f) + len(l) for _, f, l in windows)
    for algorithm in ALGORITHMS:
        config = PackConfig(seq_len=seq_len, algorithm=algorithm)
        row: dict = {}
        reference = None
        for be in backends():
            def run():
                return [pack_window(be, f, l, config, eod, window=i, itemsize=itemsize) for i, f, l in windows]
            packed = run()  # warm-up (CUDA context, allocator)
            t = median_time(run, rounds)
            row[f"packer_tokens_per_s_{be.name}"] = round(tokens / t)
            same = None
            if reference is None:
                reference = packed
            else:
                same = all(np.array_equal(getattr(a, f), getattr(b, f)) for a, b in zip(reference, packed)
                           for f in ("tokens", "lengths", "pointers", "cu_seqlens", "cu_index", "piece_docs"))
                row[f"identical_{be.name}_vs_numpy"] = same
        stats = {k: sum(p.stats[k] for p in reference) for k in reference[0].stats}
        docs = stats["documents"]
        row.update({
            "sequences": stats["sequences"], "tokens": stats["tokens"],
            "padding_ratio": round(stats["padding_tokens"] / (stats["sequences"] * seq_len), 6),
            "documents_split": stats["documents_split"],
            "documents_split_ratio": round(stats["documents_split"] / docs, 6),
            "short_documents_split": stats["short_documents_split"], "tokens_dropped": stats["tokens_dropped"],
            "long_documents": stats["long_documents"],
            "documents_per_sequence": round(stats["pieces"] / stats["sequences"], 2),
        })
        results[algorithm] = row
    return results


def bench_version(name: str, table: str, tok, tokenizer_path: Path, args) -> dict:
    version = resolve_version(table, args.version if name == "demo" else None)
    eod, pad = resolve_special_ids(tok)
    itemsize = token_dtype(tok.get_vocab_size(with_added_tokens=True)).itemsize
    config = PackConfig(seq_len=args.seq_len)
    texts = [t for arr in iter_texts(table, version) for t in arr.to_pylist()][: args.sample_docs]
    print(f"[{name}] {table} version {version}: tokenizer side by side on {len(texts):,} documents ...", flush=True)
    side = tokenizer_side_by_side(tok, texts, args.batch_docs, args.rounds)
    del texts
    print(f"[{name}] tokenizing the whole version ...", flush=True)
    t = time.perf_counter()
    windows = tokenize_version(tok, table, version, config, args.batch_docs)
    tokenize_s = time.perf_counter() - t
    tokens = sum(len(f) + len(l) for _, f, l in windows)
    print(f"[{name}] {tokens:,} tokens in {len(windows)} window(s); packing ...", flush=True)
    figures = pack_figures(windows, args.seq_len, args.rounds, eod, itemsize)
    del windows
    tok_rate = side["medcorpus_encode_documents"]["tokens_per_s"]
    for row in figures.values():
        row["packer_vs_tokenizer_numpy"] = round(row["packer_tokens_per_s_numpy"] / tok_rate, 1)
    with tempfile.TemporaryDirectory(prefix="medcorpus-pack-") as out:
        e2e = pack_version(table, tokenizer_path, out, version=version, config=config, progress=False).summary
    return {"table": table, "version": version, "tokenizer_side_by_side": side,
            "tokenize_whole_version_s": round(tokenize_s, 2), "tokens": tokens, "packing": figures,
            "end_to_end_bfd": e2e}


def print_report(name: str, r: dict) -> None:
    s = r["tokenizer_side_by_side"]
    print(f"\n== {name}: {r['table']} version {r['version']}, {r['tokens']:,} tokens")
    print(f"tokenizer on {s['documents']:,} docs / {s['tokens']:,} tokens, {s['threads']} threads, batches of "
          f"{s['batch_docs']}:")
    for k in ("tokenizers_encode_batch", "tokenizers_encode_batch_fast", "medcorpus_encode_documents"):
        print(f"  {k:<30}{s[k]['tokens_per_s']:>14,} tokens/s  ({s[k]['s']} s)")
    print(f"  medcorpus / encode_batch time  {s['medcorpus_vs_encode_batch']}  (/ encode_batch_fast "
          f"{s['medcorpus_vs_encode_batch_fast']})")
    for algorithm, row in r["packing"].items():
        rates = ", ".join(f"{k.removeprefix('packer_tokens_per_s_')} {v:,}" for k, v in row.items()
                          if k.startswith("packer_tokens_per_s_"))
        same = [f"{k}={v}" for k, v in row.items() if k.startswith("identical_")]
        print(f"{algorithm:<7} padding {row['padding_ratio']:.4%}  split {row['documents_split']:,} docs "
              f"({row['documents_split_ratio']:.3%}; {row['short_documents_split']:,} shorter than seq_len)  "
              f"dropped {row['tokens_dropped']:,}  docs/seq {row['documents_per_sequence']}  "
              f"packer tokens/s: {rates} ({row['packer_vs_tokenizer_numpy']}x tokenizer) {' '.join(same)}")
    print("end to end (medcorpus pack, bfd):")
    print("  " + format_pack_summary(r["end_to_end_bfd"]).replace("\n", "\n  "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo-table", default=str(REPO / "build" / "demo" / "corpus" / "documents"))
    parser.add_argument("--version", type=int, default=None, help="demo table version (default: latest)")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--corpora-table", type=Path, default=CACHE / "corpora-documents")
    parser.add_argument("--tokenizer", type=Path, default=None)
    parser.add_argument("--vocab-size", type=int, default=32_000)
    parser.add_argument("--seq-len", type=int, default=4096)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sample-docs", type=int, default=5_000, help="documents in the tokenizer comparison")
    parser.add_argument("--batch-docs", type=int, default=2048)
    parser.add_argument("--results", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)

    tables = {}
    if Path(args.demo_table).is_dir():
        tables["demo"] = args.demo_table
    else:
        print(f"no demo table at {args.demo_table} (make demo): skipped", file=sys.stderr)
    if args.corpora_table.is_dir():
        tables["corpora"] = str(args.corpora_table)
    elif args.corpora.is_dir():
        print(f"building the corpora version at {args.corpora_table} (ingest only, once) ...", flush=True)
        args.corpora_table.parent.mkdir(parents=True, exist_ok=True)
        tables["corpora"] = str(build_corpora_table(args.corpora, args.corpora_table))
    else:
        print(f"no corpora at {args.corpora}: the real-data figures are skipped", file=sys.stderr)
    if not tables:
        return 2
    tokenizer_path = args.tokenizer
    if tokenizer_path is None:
        base = tables.get("corpora") or tables["demo"]
        tokenizer_path = CACHE / f"bpe{args.vocab_size}-{Path(base).name}.json"
        if not tokenizer_path.exists():
            print(f"training a byte-level BPE ({args.vocab_size}) on {base} ...", flush=True)
            print(train_tokenizer(base, tokenizer_path, vocab_size=args.vocab_size))
    tok = load_tokenizer(tokenizer_path)

    report = {"tokenizer": str(tokenizer_path), "seq_len": args.seq_len, "rounds": args.rounds,
              "cpu_count": os.cpu_count(), "torch": torch_available(), "versions": {}}
    if report["torch"]:
        import torch

        report["torch_version"] = torch.__version__
        report["cuda"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    for name, table in tables.items():
        report["versions"][name] = bench_version(name, table, tok, tokenizer_path, args)
    import resource

    report["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    for name, r in report["versions"].items():
        print_report(name, r)
    print(f"\npeak RSS of the bench process: {report['peak_rss_mib']} MiB")
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"pack-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=1))
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
