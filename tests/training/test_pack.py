"""Tokenize-and-pack: Megatron shards read back by an independent reader, packers, resume, backends."""

from __future__ import annotations

import hashlib
import json
import random
import struct
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

deltalake = pytest.importorskip("deltalake")
tokenizers = pytest.importorskip("tokenizers")

from medcorpus import training  # noqa: E402
from medcorpus.pipelines import cli  # noqa: E402
from medcorpus.pipelines.datasets import set_tag  # noqa: E402
from medcorpus.table import InvalidVersionError, NotAMedcorpusTable  # noqa: E402
from medcorpus.training import backends, bfd, job, packer, shards, stream  # noqa: E402
from tests.dataset_helpers import commit, docs  # noqa: E402

SEQ = 64
WORDS = ("patient denies chest pain fever cough dyspnea hypertension diabetes metformin insulin aspirin "
         "troponin echocardiogram discharged stable follow up clinic blood pressure heart rate").split()
ZH = "患者主诉头痛三天伴发热咳嗽无胸痛既往高血压病史规律服药建议复查血常规"


def _texts(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 7 == 3:
            words = rng.choices(WORDS, k=rng.randint(60, 160))  # longer than SEQ tokens
        else:
            words = rng.choices(WORDS, k=rng.randint(1, 30))
        text = " ".join(words)
        if i % 5 == 0:
            text += " " + ZH[: rng.randint(2, len(ZH))]
        out.append(f"Note {i}. {text}")
    out[10] = ""  # an empty document: left out and counted
    return out


def _medcorpus_commit(meta: dict):
    """The run metadata a medcorpus commit carries: readers accept only documents versions."""
    return deltalake.CommitProperties(custom_metadata={"medcorpus": json.dumps(meta)})


def _write_table(path: Path, texts: list[str], files: int = 3) -> Path:
    """``files`` appends, each a documents version that passed validation: version k holds k + 1 files."""
    per = -(-len(texts) // files)
    for k in range(files):
        chunk = texts[k * per:(k + 1) * per]
        table = pa.table({"doc_id": [f"d{k}-{i:05d}" for i in range(len(chunk))],
                          "source": ["test"] * len(chunk), "text": chunk})
        meta = {"kind": "documents", "run_id": f"run{k}", "validation": {"status": "passed", "failed": []}}
        deltalake.write_deltalake(str(path), table, mode="append", commit_properties=_medcorpus_commit(meta))
    return path


def _stream_texts(table: Path, version: int | None = None) -> list[str]:
    """The version's texts in the documented stream order (files sorted by path), read independently."""
    dt = deltalake.DeltaTable(str(table), version=version)
    out = []
    for uri in sorted(dt.file_uris()):
        out.extend(t if t is not None else "" for t in pq.read_table(uri, columns=["text"]).column(0).to_pylist())
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("pack")
    table = _write_table(root / "docs", _texts(300))
    tok = root / "tokenizer.json"
    info = training.train_tokenizer(str(table), tok, vocab_size=400, min_frequency=1)
    return {"root": root, "table": table, "tokenizer": tok, "info": info}


# --------------------------------------------------------------------------- an independent reader

DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64, 6: np.float64, 7: np.float32, 8: np.uint16}


def read_idx_bin(prefix: Path) -> list[np.ndarray]:
    """Reads a Megatron indexed dataset from the format description alone: .idx = magic MMIDIDX\\0\\0,
    u64 version 1, u8 dtype code, u64 sequence count, u64 document count, int32 lengths, int64 byte
    pointers, int64 document indices starting at 0; .bin = the tokens."""
    raw = Path(f"{prefix}.idx").read_bytes()
    assert raw[:9] == b"MMIDIDX\x00\x00"
    (version,) = struct.unpack_from("<Q", raw, 9)
    assert version == 1
    code = raw[17]
    n_seq, n_doc = struct.unpack_from("<QQ", raw, 18)
    pos = 34
    lengths = struct.unpack_from(f"<{n_seq}i", raw, pos)
    pos += 4 * n_seq
    pointers = struct.unpack_from(f"<{n_seq}q", raw, pos)
    pos += 8 * n_seq
    doc_idx = struct.unpack_from(f"<{n_doc}q", raw, pos)
    pos += 8 * n_doc
    assert pos == len(raw)
    assert doc_idx[0] == 0 and list(doc_idx) == sorted(doc_idx) and doc_idx[-1] == n_seq
    dtype = np.dtype(DTYPES[code])
    data = Path(f"{prefix}.bin").read_bytes()
    seqs = []
    for length, pointer in zip(lengths, pointers):
        seqs.append(np.frombuffer(data, dtype=dtype, count=length, offset=pointer).astype(np.int64))
    assert sum(lengths) * dtype.itemsize == len(data)
    return seqs


def read_output(out: Path) -> list[dict]:
    """Every sequence of every shard with its document pieces: (doc ordinal, offset, tokens)."""
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"]
    seqs = []
    for shard in manifest["shards"]:
        prefix = out / shard["name"]
        tokens = read_idx_bin(prefix)
        cu = np.load(f"{prefix}.cu.npy")
        cu_index = np.load(f"{prefix}.cu_index.npy")
        docs = np.load(f"{prefix}.docs.npy")
        piece = 0
        for i, seq in enumerate(tokens):
            bounds = cu[cu_index[i]:cu_index[i + 1]]
            assert bounds[0] == 0 and bounds[-1] == len(seq) and np.all(np.diff(bounds) > 0)
            pieces = []
            for a, b in zip(bounds[:-1], bounds[1:]):
                pieces.append((int(docs[piece, 0]), int(docs[piece, 1]), seq[a:b]))
                piece += 1
            seqs.append({"tokens": seq, "pieces": pieces, "shard": shard["name"]})
        assert piece == len(docs)
    return seqs


def expected_docs(corpus) -> dict[int, list[int]]:
    tok = training.load_tokenizer(corpus["tokenizer"])
    eod = tok.token_to_id("<|endoftext|>")
    out = {}
    for i, text in enumerate(_stream_texts(corpus["table"])):
        ids = tok.encode(text, add_special_tokens=False).ids
        if ids:
            out[i] = ids + [eod]
    return out


def reassemble(seqs: list[dict]) -> dict[int, list[int]]:
    parts: dict[int, list] = {}
    for s in seqs:
        for doc, off, toks in s["pieces"]:
            parts.setdefault(doc, []).append((off, toks))
    out = {}
    for doc, ps in parts.items():
        ps.sort(key=lambda p: p[0])
        pos = 0
        for off, toks in ps:
            assert off == pos
            pos += len(toks)
        out[doc] = np.concatenate([t for _, t in ps]).tolist()
    return out


def run_pack(corpus, out: Path, **kw) -> training.PackResult:
    device = kw.pop("device", "cpu")
    cfg = training.PackConfig(seq_len=kw.pop("seq_len", SEQ), **kw)
    return training.pack_version(str(corpus["table"]), corpus["tokenizer"], out, config=cfg, device=device,
                             progress=False)


def digest(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("shard-*"))
            if not p.name.endswith(".done.json")}


# --------------------------------------------------------------------------- tests

def test_bfd_shards_read_back_as_the_tokenized_documents(corpus, tmp_path):
    result = run_pack(corpus, tmp_path / "out", window_docs=120)
    seqs = read_output(tmp_path / "out")
    want = expected_docs(corpus)
    assert reassemble(seqs) == want  # ids == tokenizer.encode(doc) + EOD, every document, nothing else
    assert all(len(s["tokens"]) <= SEQ for s in seqs)
    s = result.summary
    assert s["shards"] == 3 and s["documents"] == 300 and s["empty_documents"] == 1
    assert s["tokens"] == sum(map(len, want.values())) == s["tokens_kept"]
    assert s["padding_tokens"] == s["sequences"] * SEQ - s["tokens"]
    assert s["short_documents_split"] == 0 and s["tokens_dropped"] == 0
    assert s["documents_split"] == sum(len(v) > SEQ for v in want.values()) > 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["tokenizer"]["sha256"] == hashlib.sha256(corpus["tokenizer"].read_bytes()).hexdigest()
    assert manifest["source"]["version"] == 2 and manifest["dtype"] == "uint16"
    for shard in manifest["shards"]:
        for info in shard["files"].values():
            assert hashlib.sha256((tmp_path / "out" / info["path"]).read_bytes()).hexdigest() == info["sha256"]
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["padding_ratio"] == s["padding_ratio"]


def test_bfd_never_cuts_a_short_document_and_splits_long_ones_at_seq_len(corpus, tmp_path):
    run_pack(corpus, tmp_path / "out")
    pieces: dict[int, list] = {}
    for s in read_output(tmp_path / "out"):
        for doc, off, toks in s["pieces"]:
            pieces.setdefault(doc, []).append((off, len(toks)))
    for doc, n in ((d, len(t)) for d, t in expected_docs(corpus).items()):
        got = sorted(pieces[doc])
        if n <= SEQ:
            assert got == [(0, n)]
        else:
            k = -(-n // SEQ)
            assert got == [(j * SEQ, min(SEQ, n - j * SEQ)) for j in range(k)]


def _reference_bfd(sizes: list[int], cap: int) -> list[int]:
    """Item-by-item best-fit decreasing: the loads of the bins."""
    loads: list[int] = []
    for s in sorted(sizes, reverse=True):
        best = min((i for i, l in enumerate(loads) if cap - l >= s), key=lambda i: cap - loads[i], default=None)
        if best is None:
            loads.append(s)
        else:
            loads[best] += s
    return sorted(loads)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bfd_runs_match_item_by_item_best_fit(seed):
    rng = np.random.default_rng(seed)
    cap = 50
    sizes = np.concatenate([rng.integers(1, cap + 1, 300), rng.integers(1, 8, 200)])
    runs_bins, runs_counts, n_bins = bfd.bfd_runs(np.bincount(sizes, minlength=cap + 1), cap)
    order = sorted(sizes.tolist(), reverse=True)
    bins = np.repeat(runs_bins, runs_counts)
    assert len(bins) == len(order)
    loads = np.zeros(n_bins, np.int64)
    np.add.at(loads, bins, order)
    assert loads.max() <= cap
    assert sorted(loads.tolist()) == _reference_bfd(sizes.tolist(), cap)


def _loads(bins: np.ndarray, lens: np.ndarray, n_bins: int) -> np.ndarray:
    return np.bincount(bins, weights=lens, minlength=n_bins).astype(np.int64)


def test_the_bin_best_fit_leaves_nearly_empty_is_emptied_by_moves_and_trades():
    # best-fit decreasing puts 28+27 | 21+19+18 | 10 (3 bins; 2 would do): 10 fits nowhere and nothing is
    # shorter, so 27 and 21 trade places (the second bin takes the difference) and 10 goes beside 28+21
    doc_lens = np.array([27, 26, 20, 18, 17, 9])  # + EOD
    flat = np.arange(int(doc_lens.sum()), dtype=np.int32)
    config = training.PackConfig(seq_len=64, shuffle=False)
    counts = np.bincount(doc_lens + 1, minlength=65)
    assert bfd.bfd_runs(counts, 64)[2] == 3
    packed = packer.pack_window(backends.NumpyBackend(), flat, doc_lens, config, eod_id=-1)
    assert packed.stats["sequences"] == 2 and packed.stats["padding_tokens"] == 128 - int(doc_lens.sum()) - 6
    assert sorted(packed.lengths.tolist()) == [59, 64]
    assert packed.stats["documents_split"] == 0
    assert sorted(packed.tokens.tolist()) == sorted(flat.tolist() + [-1] * 6)  # every token once, whole docs
    for s in range(2):
        cu = packed.cu_seqlens[packed.cu_index[s]:packed.cu_index[s + 1]]
        start = int(packed.pointers[s] // 2)
        seq = packed.tokens[start:start + packed.lengths[s]]
        assert all(seq[e - 1] == -1 for e in cu[1:])  # each piece ends with its EOD: no document cut


def test_a_bin_that_cannot_be_emptied_stays_as_it_was():
    lens = np.array([40, 40, 40, 30])  # 40 | 40 | 40 | 30 at capacity 50: nothing can share a bin
    bins = np.array([0, 1, 2, 3])
    out, n = bfd.empty_underfull_bins(bins, lens, 4, 50)
    assert n == 4 and out.tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize("seed", range(4))
def test_emptying_underfull_bins_keeps_every_piece_whole_and_within_capacity(seed):
    rng = np.random.default_rng(seed)
    cap, improved = 200, 0
    for _ in range(150):
        sizes = rng.integers(20, 120, rng.integers(5, 40))
        counts = np.bincount(sizes, minlength=cap + 1)
        runs_bins, runs_counts, n_bins = bfd.bfd_runs(counts, cap)
        lens = np.repeat(np.arange(cap, 0, -1), counts[cap:0:-1])
        bins, n = bfd.empty_underfull_bins(np.repeat(runs_bins, runs_counts), lens, n_bins, cap)
        loads = _loads(bins, lens, n)
        assert n <= n_bins and len(bins) == len(lens)
        assert loads.max() <= cap and loads.min() > 0  # within capacity, no bin left empty
        assert n >= -(-int(lens.sum()) // cap)
        improved += n < n_bins
    assert improved > 0  # the random windows include ones where best fit alone wastes a bin

def test_concat_and_chunk(corpus, tmp_path):
    result = run_pack(corpus, tmp_path / "out", algorithm="concat", shuffle=False, window_docs=1000)
    seqs = read_output(tmp_path / "out")
    want = expected_docs(corpus)
    stream = [t for d in sorted(want) for t in want[d]]
    assert np.concatenate([s["tokens"] for s in seqs]).tolist() == stream
    assert all(len(s["tokens"]) == SEQ for s in seqs[:-1]) and 0 < len(seqs[-1]["tokens"]) <= SEQ
    assert reassemble(seqs) == want
    assert result.summary["short_documents_split"] > 0  # what bfd avoids
    dropped = run_pack(corpus, tmp_path / "drop", algorithm="concat", shuffle=False, window_docs=1000,
                       drop_last=True).summary
    assert dropped["tokens_dropped"] == len(stream) % SEQ
    assert dropped["sequences"] == len(stream) // SEQ and dropped["padding_tokens"] == 0


def test_shuffle_is_deterministic_by_seed(corpus, tmp_path):
    a = run_pack(corpus, tmp_path / "a", seed=5)
    b = run_pack(corpus, tmp_path / "b", seed=5)
    c = run_pack(corpus, tmp_path / "c", seed=6)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    as_set = lambda out: sorted(tuple(s["tokens"].tolist()) for s in read_output(out))  # noqa: E731
    assert as_set(tmp_path / "a") == as_set(tmp_path / "c")
    assert a.summary["padding_ratio"] == b.summary["padding_ratio"] == c.summary["padding_ratio"]


def test_a_rerun_skips_finished_shards_and_redoes_unfinished_ones(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_pack(corpus, out, window_docs=100)
    before = digest(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("shard-*")}
    calls = []
    real = job.encode_documents
    monkeypatch.setattr(job, "encode_documents", lambda *a, **k: calls.append(1) or real(*a, **k))

    again = run_pack(corpus, out, window_docs=100)
    assert calls == [] and again.summary["throughput"]["shards_skipped"] == 3
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("shard-*")} == mtimes

    # a crash after writing shard 1's data but before its marker: the rerun redoes shard 1 only
    (out / "shard-000001.done.json").unlink()
    (out / "shard-000001.bin").write_bytes(b"partial")
    third = run_pack(corpus, out, window_docs=100)
    assert calls and third.summary["throughput"]["shards_skipped"] == 2
    assert digest(out) == before
    for name in ("shard-000000.bin", "shard-000002.bin"):
        assert (out / name).stat().st_mtime_ns == mtimes[name]
    with pytest.raises(ValueError, match="another"):
        run_pack(corpus, out, window_docs=100, seed=9)


def test_windows_depend_on_texts_only():
    texts = [("x" * n) for n in [5, 1, 9, 3, 3, 8, 2, 7, 1, 1, 4]]
    arr = pa.array(texts)

    def cut(batch):
        arrays = (arr.slice(i, batch) for i in range(0, len(arr), batch))
        return [(w.first_doc, w.n_docs, w.n_bytes) for w in stream.iter_windows(arrays, 4, 12)]

    assert cut(1) == cut(3) == cut(100)
    assert sum(n for _, n, _ in cut(2)) == len(texts)
    assert all(n <= 4 for _, n, _ in cut(2))


def test_torch_and_numpy_give_byte_identical_shards(corpus, tmp_path):
    try:
        import torch
    except ImportError:
        pytest.skip("torch is not installed (pip install torch==2.13.0): the torch path cannot be compared")
    devices = ["torch-cpu"] + (["cuda"] if torch.cuda.is_available() else [])  # the GPU too, where there is one
    for algorithm in ("bfd", "concat"):
        a = run_pack(corpus, tmp_path / f"np-{algorithm}", algorithm=algorithm, device="cpu", window_docs=150)
        for device in devices:
            b = run_pack(corpus, tmp_path / f"{device}-{algorithm}", algorithm=algorithm, device=device,
                         window_docs=150)
            assert b.summary["throughput"]["backend"] == ("torch-cuda" if device == "cuda" else device)
            assert digest(tmp_path / f"np-{algorithm}") == digest(tmp_path / f"{device}-{algorithm}")
            assert a.summary["padding_tokens"] == b.summary["padding_tokens"]
    # and on random windows with long documents, every array
    rng = np.random.default_rng(3)
    lens = np.concatenate([rng.integers(1, 40, 500), rng.integers(100, 400, 20)])
    flat = rng.integers(0, 60000, int(lens.sum())).astype(np.int32)
    for algorithm in ("bfd", "concat"):
        for drop_last in (False, True):
            cfg = training.PackConfig(seq_len=96, algorithm=algorithm, seed=4, drop_last=drop_last)
            x = packer.pack_window(backends.NumpyBackend(), flat, lens, cfg, eod_id=7, window=2)
            for device in devices:
                be = backends.TorchBackend("cpu" if device == "torch-cpu" else "cuda")
                y = packer.pack_window(be, flat, lens, cfg, eod_id=7, window=2)
                for f in ("tokens", "lengths", "pointers", "cu_seqlens", "cu_index", "piece_docs", "piece_offsets"):
                    assert np.array_equal(getattr(x, f), getattr(y, f)), (algorithm, device, f)
                assert x.stats == y.stats


def test_auto_keeps_small_windows_off_the_gpu(corpus, tmp_path, monkeypatch):
    """auto packs a window under AUTO_GPU_MIN_TOKENS on numpy even where a GPU backend is chosen (there
    the launches cost more than the work); the bytes are the same either way."""
    pytest.importorskip("torch")
    monkeypatch.setattr(job, "select_backend", lambda device: backends.TorchBackend("cpu"))  # stands in for CUDA
    small = run_pack(corpus, tmp_path / "small", device="auto", window_docs=150)
    assert small.summary["throughput"]["backend"] == "numpy"
    monkeypatch.setattr(job, "AUTO_GPU_MIN_TOKENS", 0)
    large = run_pack(corpus, tmp_path / "large", device="auto", window_docs=150)
    assert large.summary["throughput"]["backend"] == "torch-cpu"
    assert digest(tmp_path / "small") == digest(tmp_path / "large")


def test_dataset_yields_padded_ids_labels_positions_and_cu_seqlens(corpus, tmp_path):
    run_pack(corpus, tmp_path / "out", window_docs=120)
    ds = training.PackedDataset(tmp_path / "out", as_numpy=True)
    seqs = read_output(tmp_path / "out")
    assert len(ds) == len(seqs)
    pad = ds.pad_id
    assert pad == training.load_tokenizer(corpus["tokenizer"]).token_to_id("<|pad|>")
    padded_seen = False
    for i, s in enumerate(seqs):
        item = ds[i]
        n = len(s["tokens"])
        assert item["input_ids"].shape == (SEQ,) and item["length"] == n
        assert item["input_ids"][:n].tolist() == s["tokens"].tolist()
        assert (item["input_ids"][n:] == pad).all()
        assert (item["labels"][:n] == item["input_ids"][:n]).all() and (item["labels"][n:] == -100).all()
        cu = item["cu_seqlens"]
        assert cu[0] == 0 and cu[-1] == SEQ and cu.dtype == np.int32
        ends = [0]
        for _, _, toks in s["pieces"]:
            ends.append(ends[-1] + len(toks))
        assert cu.tolist() == (ends if n == SEQ else ends + [SEQ])
        for a, b in zip(cu[:-1], cu[1:]):
            assert item["position_ids"][a:b].tolist() == list(range(b - a))
        padded_seen |= n < SEQ
    assert padded_seen
    try:
        import torch
    except ImportError:
        return
    t = training.PackedDataset(tmp_path / "out")[0]
    assert t["input_ids"].dtype == torch.int64 and t["cu_seqlens"].dtype == torch.int32


def test_train_tokenizer_is_byte_level_and_offline(corpus):
    info = corpus["info"]
    assert info["special_tokens"] == {"<|endoftext|>": 0, "<|pad|>": 1}
    assert info["vocab_size"] <= 400 and info["documents"] == 300
    tok = training.load_tokenizer(corpus["tokenizer"])
    for text in ("Patient denies chest pain.", "患者主诉头痛三天", "unseen ŋ glyph ☃ and émoji 🙂"):
        assert tok.decode(tok.encode(text).ids) == text  # byte-level: nothing is unknown


def test_any_tokenizer_json_works_and_large_vocab_is_int32(corpus, tmp_path):
    """A trainer's own tokenizer.json: saved with truncation and padding on, a large vocabulary."""
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {"[UNK]": 0, "</s>": 1, "<pad>": 2, **{w: i + 3 for i, w in enumerate(WORDS)}}
    vocab.update({f"filler{i}": len(vocab) + i for i in range(70_000)})
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok.enable_truncation(max_length=4)
    tok.enable_padding(length=8, pad_id=2, pad_token="<pad>")
    path = tmp_path / "wordlevel.json"
    tok.save(str(path))
    result = training.pack_version(str(corpus["table"]), path, tmp_path / "out",
                               config=training.PackConfig(seq_len=SEQ), device="cpu", progress=False)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["dtype"] == "int32" and manifest["megatron"]["dtype_code"] == 4
    assert manifest["tokenizer"]["eod_id"] == 1 and manifest["tokenizer"]["pad_id"] == 2
    seqs = read_output(tmp_path / "out")
    plain = Tokenizer.from_file(str(path))
    plain.no_truncation()
    plain.no_padding()
    for doc, toks in reassemble(seqs).items():
        assert toks == plain.encode(_stream_texts(corpus["table"])[doc]).ids + [1]
    assert result.summary["tokens"] > 4 * 300


def test_cli_entry_points(corpus, tmp_path, capsys):
    tok = tmp_path / "tok.json"
    assert cli.main(["train-tokenizer", str(corpus["table"]), "--out", str(tok), "--vocab-size", "300",
                     "--max-docs", "50"]) == 0
    assert "trained on 50 documents" in capsys.readouterr().out
    assert cli.main(["pack", str(corpus["table"]), "--version", "1", "--tokenizer", str(tok), "--seq-len", "128",
                     "--out", str(tmp_path / "out"), "--algorithm", "concat", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "padding ratio" in printed and "tokens/s" in printed
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["source"]["version"] == 1 and manifest["config"]["algorithm"] == "concat"
    assert manifest["summary"]["documents"] == 200  # versions 0..1 hold two of the three appends


@pytest.fixture
def gated(tmp_path):
    """Version 0 passed validation (20 documents, tagged "good"); version 1, the latest, failed (5)."""
    table = tmp_path / "gated"
    commit(table, docs("a", range(20)))
    commit(table, docs("a", range(5)), status="failed", failed=["documents/phi.ssn"])
    set_tag(str(table), "good", 0)
    return str(table)


def test_a_failed_version_is_refused_unless_allow_invalid(corpus, gated, tmp_path):
    for version in (None, 1):  # the latest is the failed one: refused, not swapped for an earlier one
        with pytest.raises(InvalidVersionError, match=r"version 1 .*failed validation.*phi\.ssn"):
            training.pack_version(gated, corpus["tokenizer"], tmp_path / "out", version=version, progress=False)
        with pytest.raises(InvalidVersionError, match="failed validation"):
            training.train_tokenizer(gated, tmp_path / "tok.json", version=version, vocab_size=300)
    assert not (tmp_path / "out").exists() and not (tmp_path / "tok.json").exists()

    packed = training.pack_version(gated, corpus["tokenizer"], tmp_path / "out", device="cpu", progress=False,
                                   allow_invalid=True)
    assert packed.manifest["source"]["version"] == 1 and packed.summary["documents"] == 5
    info = training.train_tokenizer(gated, tmp_path / "tok.json", vocab_size=300, min_frequency=1, allow_invalid=True)
    assert info["version"] == 1 and info["documents"] == 5
    tagged = training.pack_version(gated, corpus["tokenizer"], tmp_path / "tagged", tag="good", device="cpu",
                                   progress=False)
    assert tagged.manifest["source"]["version"] == 0 and tagged.summary["documents"] == 20


def test_a_rejects_table_or_a_plain_delta_table_is_refused(corpus, tmp_path):
    rejects = tmp_path / "rejects"
    meta = {"kind": "rejects", "run_id": "r0", "documents_table": str(tmp_path / "documents")}
    deltalake.write_deltalake(str(rejects), pa.table({"text": ["a rejected note"]}),
                              commit_properties=_medcorpus_commit(meta))
    plain = tmp_path / "plain"
    deltalake.write_deltalake(str(plain), pa.table({"text": ["no run metadata"]}))
    for table, what in ((rejects, "is a medcorpus rejects table"), (plain, "not a medcorpus documents table")):
        with pytest.raises(NotAMedcorpusTable, match=what):
            training.pack_version(str(table), corpus["tokenizer"], tmp_path / "out", progress=False)
        with pytest.raises(NotAMedcorpusTable, match=what):
            training.train_tokenizer(str(table), tmp_path / "tok.json", allow_invalid=True)
    assert not (tmp_path / "out").exists() and not (tmp_path / "tok.json").exists()


def test_cli_gates_versions_with_one_line_errors(corpus, gated, tmp_path, capsys):
    tok = str(corpus["tokenizer"])
    pack_cmd = ["pack", gated, "--tokenizer", tok, "--seq-len", "64", "--device", "cpu", "--quiet", "--out"]
    assert cli.main([*pack_cmd, str(tmp_path / "refused")]) == 3  # as `pull` exits on a failed version
    err = capsys.readouterr().err
    assert err.startswith("medcorpus pack: version 1 of") and "--allow-invalid" in err and err.count("\n") == 1
    assert cli.main(["train-tokenizer", gated, "--out", str(tmp_path / "t.json"), "--vocab-size", "300"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("medcorpus train-tokenizer: version 1 of") and err.count("\n") == 1
    assert not (tmp_path / "refused").exists() and not (tmp_path / "t.json").exists()

    assert cli.main([*pack_cmd, str(tmp_path / "invalid"), "--allow-invalid"]) == 0
    assert json.loads((tmp_path / "invalid" / "manifest.json").read_text())["source"]["version"] == 1
    assert cli.main([*pack_cmd, str(tmp_path / "good"), "--tag", "good"]) == 0
    assert json.loads((tmp_path / "good" / "manifest.json").read_text())["source"]["version"] == 0
    assert cli.main(["train-tokenizer", gated, "--tag", "good", "--out", str(tmp_path / "t.json"),
                     "--vocab-size", "300"]) == 0
    assert "of " + gated + " version 0 " in capsys.readouterr().out
    assert cli.main([*pack_cmd, str(tmp_path / "x"), "--tag", "missing"]) == 2
    assert capsys.readouterr().err.startswith("medcorpus pack: no tag 'missing'")


def test_progress_line_reports_tokens_per_second_and_stays_quiet_when_off():
    import io

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    bar = shards.Progress(total_docs=10, stream=tty)
    bar.update(5, 1000, force=True)
    bar.close()
    assert "50.0%" in tty.getvalue() and "tokens/s" in tty.getvalue() and tty.getvalue().startswith("\r")
    log = io.StringIO()
    quiet = shards.Progress(stream=log)  # not a terminal: a line only every 30 s
    quiet.update(5, 1000)
    off = shards.Progress(stream=log, enabled=False)
    off.update(5, 1000, force=True)
    assert log.getvalue() == ""
