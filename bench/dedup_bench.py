"""Deduplication benchmark: medcorpus against datasketch, side by side on the same documents.

    .venv/bin/python bench/dedup_bench.py [all|signatures|scurve|accuracy|corpora|stage|shuffle] [--corpora DIR]

The side-by-side run (whole stage vs datasketch, fresh processes, one core each, plus the bytes
the stage shuffles), in one command:

    nice .venv/bin/python bench/dedup_bench.py stage shuffle --sizes 5000,20000

signatures  text -> MinHash signatures on ONE core, medians over --rounds: medcorpus' vectorised
            batch against datasketch's ``MinHash.bulk`` with the same ``hashfunc`` (medcorpus'
            ``base_hash``), and for reference with ``zlib.crc32`` (the fastest C hash a
            Python caller can hand it) and its default SHA-1; checks the signatures are equal.
scurve      planted pairs with controlled Jaccard: measured share-a-bucket rate against
            1 - (1 - s^r)^b for the configured bands x rows.
accuracy    up to --n documents (MTSamples + planted near duplicates): the Beam stage against
            brute-force exact Jaccard (all pairs with J >= threshold - 0.1, by prefix
            filtering): recall of pairs with J >= threshold + 0.05 (same final cluster),
            precision of every removal (true J to the kept doc >= threshold).
corpora     what the stage finds in MTSamples, cMedQA, the Toyhom dialogues and MIE windows.
stage       the whole stage (Beam DirectRunner, one worker, one core) against datasketch's
            MinHashLSH used the usual way (query, then insert; same base hash and shingles) on
            real English documents (MTSamples, MedQuAD, PubMed abstracts, interleaved; read once
            and handed to the children in a temporary file) at each of --sizes: docs/s per core and
            peak RSS (VmHWM), each implementation in a fresh process.
shuffle     bytes crossing each GroupByKey of the stage per input document (Beam's sampled
            encoded size x element count of every GroupByKey's input, from the runner's
            monitoring infos) on --shuffle-n of the same English documents, with the stage's
            --execution (default distributed: the graph Dataflow runs; single_process is what
            the DirectRunner runs, where the components are one union-find under one key).

Corpus data is read from ../shared/corpora and never copied; results go to bench/results/.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = HERE.parent.parent / "shared" / "corpora"


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


# --------------------------------------------------------------------------- documents

def read_source(corpora: Path, name: str) -> list[tuple[str, str]]:
    """(source_id, text) of one source of bench/corpora.yaml, through medcorpus' readers."""
    import yaml

    from medcorpus.pipelines.config import parse_config
    from medcorpus.transforms.ingest import match_inputs
    from medcorpus.transforms.ingest.readers import READERS, detect_encoding, peek

    raw = yaml.safe_load((HERE / "corpora.yaml").read_text(encoding="utf-8"))
    config = parse_config(raw, corpora, "corpora.yaml")
    src = next(s for s in config.sources if s.name == name)
    out = []
    for f in match_inputs(src):
        with open(f.path, "rb") as fh:
            stream = gzip.GzipFile(fileobj=fh) if f.path.endswith(".gz") else fh
            sample, stream = peek(stream)
            enc = detect_encoding(sample, src.encoding)
            for r in READERS[src.format](stream, src, enc):
                if not r.error and r.texts and any(t.strip() for t in r.texts):
                    out.append((f"{Path(f.path).name}:{r.source_id}", "\n\n".join(r.texts)))
    return out


def mtsamples(corpora: Path) -> list[str]:
    csv.field_size_limit(1 << 30)
    with open(corpora / "mtsamples_en" / "mtsamples.csv", encoding="utf-8") as f:
        return [r["transcription"] for r in csv.DictReader(f) if r["transcription"].strip()]


def planted_variant(rng: random.Random, words: list[str], jaccard: float, n: int, vocab: list[str]) -> list[str]:
    """A copy of ``words`` whose n-shingle set has about the given Jaccard with the original:
    the first k shingles shared, the rest of the text replaced by fresh words."""
    total = len(words) - n + 1
    k = round(2 * total * jaccard / (1 + jaccard))
    keep = min(len(words), k + n - 1)
    return words[:keep] + [rng.choice(vocab) for _ in range(len(words) - keep)]


def planted_corpus(rng: random.Random, n_docs: int, vocab: list[str], n: int = 5) -> list[str]:
    """Random-word base documents, each followed by 0-3 variants at Jaccard drawn from [0.5, 1]."""
    docs: list[str] = []
    while len(docs) < n_docs:
        base = [rng.choice(vocab) for _ in range(rng.randint(60, 400))]
        docs.append(" ".join(base))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            if len(docs) < n_docs:
                docs.append(" ".join(planted_variant(rng, base, rng.uniform(0.5, 1.0), n, vocab)))
    return docs


def iter_docs(texts, source: str = "bench", lang: str | None = None, seed: int = 0):
    """Documents of medcorpus' schema around the texts, with a random quality score each."""
    from medcorpus.schemas import make_document, provenance

    rng = random.Random(seed)
    for i, t in enumerate(texts):
        d = make_document(source=source, source_id=str(i), text=t, prov=provenance("bench", source, i), lang=lang)
        d["quality"] = {"score": round(rng.random(), 3), "signals": []}
        yield d


def make_docs(texts: list[str], source: str = "bench", lang: str | None = None, seed: int = 0) -> list[dict]:
    return list(iter_docs(texts, source, lang, seed))


def write_jsonl(docs, path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d) + "\n")


def run_stage(docs: list[dict], config) -> tuple[list[dict], list[dict], list[dict]]:
    """The Deduplicate stage on the in-process DirectRunner; returns (kept, rejects, report)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "docs.jsonl")
        write_jsonl(docs, source)
        return run_stage_file(source, config)


def run_stage_file(source: str, config) -> tuple[list[dict], list[dict], list[dict]]:
    """The stage over the documents of a JSON-lines file, read as a pipeline reads its input
    (``beam.Create`` of a large list spends longer inferring its type and compressing it into the
    graph than the stage runs, and keeps a second copy of the input in the process)."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions

    from medcorpus.pipelines.build import direct_runner
    from medcorpus.transforms.dedup import Deduplicate

    with tempfile.TemporaryDirectory() as tmp:
        def sink(label):
            path = os.path.join(tmp, label + ".jsonl")
            return beam.combiners.ToList() | beam.Map(
                lambda xs: Path(path).write_text("\n".join(json.dumps(x, default=str) for x in xs)))

        options = PipelineOptions(["--runner=DirectRunner"])
        with beam.Pipeline(runner=direct_runner(options), options=options) as p:  # as builds run: no Prism download
            res = (p | beam.io.ReadFromText(source) | "Parse" >> beam.Map(json.loads).with_output_types(dict)
                   | Deduplicate(config))
            _ = res.docs | beam.Map(lambda d: {"doc_id": d["doc_id"], "source": d["source"], "dedup": d["dedup"]}) \
                | "SinkDocs" >> sink("docs")
            _ = res.rejects | beam.Map(lambda r: {k: r[k] for k in ("doc_id", "source", "reason", "duplicate_of")}) \
                | "SinkRejects" >> sink("rejects")
            _ = res.report | "SinkReport" >> sink("report")

        def load(label):
            text = Path(tmp, label + ".jsonl").read_text()
            return [json.loads(x) for x in text.splitlines() if x]
        return load("docs"), load("rejects"), load("report")


# --------------------------------------------------------------------------- signatures

def bench_signatures(corpora: Path, rounds: int, n_docs: int) -> dict:
    from datasketch import MinHash

    from medcorpus.transforms.dedup.minhash import MinHasher, base_hash
    from medcorpus.transforms.dedup.text import shingle_text, shingles

    one_core()
    texts = mtsamples(corpora)[:n_docs] if (corpora / "mtsamples_en").exists() else \
        planted_corpus(random.Random(0), n_docs, [f"w{i}" for i in range(20000)])
    hasher = MinHasher(128, 1)
    stexts = [shingle_text(t, "word") for t in texts]
    modes = ["word"] * len(texts)
    n_shingles = sum(len(shingles(s, "word", 5)) for s in stexts)
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        t0 = time.perf_counter()
        st = [shingle_text(t, "word") for t in texts]
        t1 = time.perf_counter()
        ours = hasher.signatures(st, modes, 5, 5)
        t2 = time.perf_counter()
        timings["normalise"].append(t1 - t0)
        timings["medcorpus"].append(t2 - t1)
        for name, fn in (("datasketch_base_hash", base_hash), ("datasketch_crc32", zlib.crc32), ("datasketch_sha1", None)):
            if name == "datasketch_sha1" and len(timings[name]) >= 1:
                continue  # slow and not comparable: once is enough
            t3 = time.perf_counter()
            sh = [shingles(s, "word", 5) for s in st]
            kw = {"hashfunc": fn} if fn else {}
            ms = MinHash.bulk(sh, num_perm=128, seed=1, **kw)
            timings[name].append(time.perf_counter() - t3)
            if name == "datasketch_base_hash":
                identical = all(np.array_equal(m.hashvalues.astype(np.uint32), o) for m, o in zip(ms, ours))
    med = {k: statistics.median(v) for k, v in timings.items()}
    out = {"docs": len(texts), "shingles": n_shingles, "num_perm": 128, "rounds": rounds, "one_core": True,
           "identical_to_datasketch": identical,
           "seconds_median": {k: round(v, 4) for k, v in med.items()},
           "docs_per_s": {k: round(len(texts) / v, 1) for k, v in med.items()},
           "speedup_vs": {k: round(v / med["medcorpus"], 1) for k, v in med.items() if k.startswith("datasketch")},
           "speedup_incl_normalise_vs": {k: round((v + med["normalise"]) / (med["medcorpus"] + med["normalise"]), 1)
                                         for k, v in med.items() if k.startswith("datasketch")}}
    return out


# --------------------------------------------------------------------------- S-curve

def bench_scurve(pairs_per_point: int = 300) -> dict:
    from medcorpus.transforms.dedup import DedupConfig
    from medcorpus.transforms.dedup.lsh import band_hashes, candidate_probability
    from medcorpus.transforms.dedup.minhash import MinHasher, estimate_margin
    from medcorpus.transforms.dedup.text import shingle_text, shingles

    cfg = DedupConfig()
    bands, rows = cfg.band_layout()
    margin = estimate_margin(cfg.num_perm, cfg.threshold)
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(50000)]
    hasher = MinHasher(cfg.num_perm, cfg.seed)
    points = []
    for s in np.round(np.arange(0.3, 1.0001, 0.05), 2):
        a_texts, b_texts, js = [], [], []
        for _ in range(pairs_per_point):
            words = rng.sample(vocab, 300)
            a, b = " ".join(words), " ".join(planted_variant(rng, words, float(s), 5, vocab))
            sa, sb = set(shingles(a, "word", 5)), set(shingles(b, "word", 5))
            js.append(len(sa & sb) / len(sa | sb))
            a_texts.append(shingle_text(a, "word"))
            b_texts.append(shingle_text(b, "word"))
        sig_a = hasher.signatures(a_texts, ["word"] * len(a_texts), 5, 5)
        sig_b = hasher.signatures(b_texts, ["word"] * len(b_texts), 5, 5)
        hit = np.any(band_hashes(sig_a, bands, rows) == band_hashes(sig_b, bands, rows), axis=1).tolist()
        estimates = [float(np.mean(x == y)) for x, y in zip(sig_a, sig_b)]
        by_estimate = [h and e >= cfg.threshold for h, e in zip(hit, estimates)]
        # the stage's rule: the estimate decides outside the margin, the exact Jaccard inside it
        verified = [h and (e >= cfg.threshold if abs(e - cfg.threshold) >= margin else j >= cfg.threshold)
                    for h, e, j in zip(hit, estimates, js)]
        mean_j = float(np.mean(js))
        points.append({"jaccard": round(mean_j, 3), "measured_candidate": round(float(np.mean(hit)), 3),
                       "theory": round(float(candidate_probability(mean_j, bands, rows)), 3),
                       "measured_verified": round(float(np.mean(verified)), 3),
                       "verified_by_estimate_alone": round(float(np.mean(by_estimate)), 3)})
    return {"bands": bands, "rows": rows, "threshold": cfg.threshold, "pairs_per_point": pairs_per_point,
            "points": points}


# --------------------------------------------------------------------------- accuracy

def shingle_sets(texts: list[str], n: int = 5) -> list[frozenset]:
    from medcorpus.transforms.dedup.text import shingle_mode, shingle_text, shingles

    out = []
    for t in texts:
        mode = shingle_mode(t, None)
        out.append(frozenset(map(hash, shingles(shingle_text(t, mode), mode, n))))
    return out


def similar_pairs(sets: list[frozenset], tau: float) -> dict[tuple[int, int], float]:
    """All pairs with exact Jaccard >= tau, by prefix filtering (rarest shingles first)."""
    df = Counter(x for s in sets for x in s)
    index: dict[int, list[int]] = defaultdict(list)
    out = {}
    order = sorted(range(len(sets)), key=lambda i: len(sets[i]))
    for i in order:
        s = sets[i]
        if not s:
            continue
        toks = sorted(s, key=lambda x: (df[x], x))
        prefix = toks[:len(s) - int(np.ceil(tau * len(s))) + 1]
        cands = set()
        for x in prefix:
            cands.update(index[x])
        for j in cands:
            inter = len(s & sets[j])
            jac = inter / (len(s) + len(sets[j]) - inter)
            if jac >= tau:
                out[(min(i, j), max(i, j))] = jac
        for x in prefix:
            index[x].append(i)
    return out


def bench_accuracy(corpora: Path, n: int) -> dict:
    from medcorpus.transforms.dedup import DedupConfig

    cfg = DedupConfig()
    rng = random.Random(11)
    texts = mtsamples(corpora) if (corpora / "mtsamples_en").exists() else []
    vocab = sorted({w for t in texts[:500] for w in t.split()}) or [f"w{i}" for i in range(20000)]
    n_real = min(n, len(texts))
    texts = texts[:n] + planted_corpus(rng, max(0, n - len(texts)), vocab)
    docs = make_docs(texts)
    t0 = time.perf_counter()
    kept, rejects, _ = run_stage(docs, cfg)
    stage_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    sets = shingle_sets(texts)
    truth = similar_pairs(sets, cfg.threshold - 0.1)
    brute_s = time.perf_counter() - t0
    pos = {d["doc_id"]: i for i, d in enumerate(docs)}
    cluster = {pos[d["doc_id"]]: d["dedup"]["cluster_id"] for d in kept}
    cluster.update({pos[r["doc_id"]]: r["duplicate_of"] for r in rejects})

    def jac(i, j):
        if i == j:
            return 1.0
        a, b = sets[i], sets[j]
        return len(a & b) / max(1, len(a | b))

    hi = {p for p, j in truth.items() if j >= cfg.threshold + 0.05}
    found = sum(1 for i, j in hi if cluster[i] == cluster[j])
    removal = [(pos[r["doc_id"]], pos[r["duplicate_of"]], r["reason"]) for r in rejects]
    true_removals = sum(1 for i, j, _ in removal if jac(i, j) >= cfg.threshold)
    near = [(i, j) for i, j, reason in removal if reason == "near_duplicate"]
    # pair-level precision over the clusters: every pair inside a final cluster
    members = defaultdict(list)
    for i, c in cluster.items():
        members[c].append(i)
    cluster_pairs = [(a, b) for m in members.values() if len(m) > 1 for x, a in enumerate(m) for b in m[x + 1:]]
    cluster_true = sum(1 for a, b in cluster_pairs if jac(a, b) >= cfg.threshold)
    return {"docs": len(docs), "mtsamples": n_real, "threshold": cfg.threshold,
            "pairs_at_or_above_threshold_plus_0.05": len(hi), "recall": round(found / max(1, len(hi)), 4),
            "removals": len(removal), "near_removals": len(near),
            "removal_precision": round(true_removals / max(1, len(removal)), 4),
            "removal_precision_at_threshold_minus_0.05": round(
                sum(1 for i, j, _ in removal if jac(i, j) >= cfg.threshold - 0.05) / max(1, len(removal)), 4),
            "near_removal_precision": round(sum(1 for i, j in near if jac(i, j) >= cfg.threshold) / max(1, len(near)), 4),
            "cluster_pairs": len(cluster_pairs), "cluster_pair_precision": round(cluster_true / max(1, len(cluster_pairs)), 4),
            "stage_seconds": round(stage_s, 1), "brute_force_seconds": round(brute_s, 1)}


# --------------------------------------------------------------------------- corpora

CORPORA = {"mtsamples": ("mtsamples", "en"), "cmedqa": ("cmedqa", "zh"), "toyhom_csv": ("toyhom_csv", "zh"),
           "toyhom_txt": ("toyhom_txt", "zh"), "mie": ("mie", "zh")}


def bench_corpora(corpora: Path) -> dict:
    from medcorpus.transforms.dedup import DedupConfig

    out = {}
    for label, (source, lang) in CORPORA.items():
        try:
            recs = read_source(corpora, source)
        except (StopIteration, OSError) as exc:
            out[label] = {"error": type(exc).__name__}
            continue
        docs = make_docs([t for _, t in recs], source=label, lang=lang)
        t0 = time.perf_counter()
        kept, rejects, report = run_stage(docs, DedupConfig())
        reasons = Counter(r["reason"] for r in rejects)
        sizes = Counter(d["dedup"]["cluster_size"] for d in kept if d["dedup"]["cluster_size"] > 1)
        out[label] = {"docs": len(docs), "kept": len(kept), "exact_removed": reasons.get("exact_duplicate", 0),
                      "near_removed": reasons.get("near_duplicate", 0), "clusters": sum(sizes.values()),
                      "largest_clusters": sorted(sizes.elements(), reverse=True)[:5] if sizes else [],
                      "seconds": round(time.perf_counter() - t0, 1)}
        print(label, out[label], flush=True)
    return out


# --------------------------------------------------------------------------- whole stage vs MinHashLSH

ENGLISH = ("mtsamples", "medquad", "pubmed")


def english_texts(corpora: Path) -> list[str]:
    """MTSamples notes, MedQuAD question-answer pairs and PubMed abstracts, interleaved (same mix at every size)."""
    by_source = [[t for _, t in read_source(corpora, name)] for name in ENGLISH]
    out = []
    for i in range(max(map(len, by_source))):
        out.extend(texts[i] for texts in by_source if i < len(texts))
    return out


def _stage_child(kind: str, n: int, texts_file: str) -> None:
    """Runs in a fresh process: one implementation over the first n texts of the file; prints JSON."""
    one_core()
    with gzip.open(texts_file, "rt", encoding="utf-8") as f:
        texts = json.load(f)[:n]
    rss0 = peak_rss_mib()
    if kind == "medcorpus":  # timed from here: Beam's import, the graph, the run (input read from a file)
        from medcorpus.pipelines.workers import lean_malloc
        from medcorpus.transforms.dedup import DedupConfig

        n_docs = len(texts)
        source = texts_file + ".docs.jsonl"
        write_jsonl(iter_docs(texts), source)
        del texts
        t0 = time.perf_counter()
        with lean_malloc():  # the malloc settings a build gives its workers
            _, rejects, _ = run_stage_file(source, DedupConfig())
        removed = len(rejects)
    else:  # timed from here: datasketch's import (scipy), signing, the LSH
        t0 = time.perf_counter()
        from datasketch import MinHash, MinHashLSH

        from medcorpus.transforms.dedup.minhash import base_hash
        from medcorpus.transforms.dedup.text import exact_hash, shingle_mode, shingle_text, shingles

        n_docs = len(texts)
        lsh = MinHashLSH(threshold=0.8, num_perm=128)
        seen, removed = set(), 0
        for i, t in enumerate(texts):
            key = exact_hash(t)
            if key in seen:
                removed += 1
                continue
            seen.add(key)
            mode = shingle_mode(t, None)
            m = MinHash(num_perm=128, hashfunc=base_hash)
            m.update_batch(shingles(shingle_text(t, mode), mode, 5))
            if lsh.query(m):
                removed += 1
            else:
                lsh.insert(i, m)
    dt = time.perf_counter() - t0
    print(json.dumps({"kind": kind, "docs": n_docs, "seconds": round(dt, 2),
                      "docs_per_s_per_core": round(n_docs / dt, 1), "removed": removed,
                      "peak_rss_mib": peak_rss_mib(), "rss_after_loading_mib": rss0}))


def peak_rss_mib() -> float:
    """VmHWM of this process (ru_maxrss would carry the parent's peak across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_stage(texts: list[str], sizes: list[int]) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = os.path.join(tmp, "texts.json.gz")
        with gzip.open(texts_file, "wt", encoding="utf-8") as f:
            json.dump(texts[:max(sizes)], f)
        for n in sizes:
            for kind in ("medcorpus", "datasketch"):
                res = subprocess.run([sys.executable, __file__, "_child", kind, str(n), texts_file],
                                     capture_output=True, text=True)
                line = [x for x in res.stdout.splitlines() if x.startswith("{")]
                row = json.loads(line[-1]) if line else {"kind": kind, "docs": n, "error": res.stderr[-500:]}
                rows.append(row)
                print(row, flush=True)
    return rows


def bench_shuffle(texts: list[str], n: int, execution: str) -> dict:
    """Encoded bytes per input document entering each GroupByKey of the stage (CoGroupByKeys are
    GroupByKeys inside), from the DirectRunner's sampled byte sizes and element counts."""
    import apache_beam as beam
    from apache_beam.metrics import monitoring_infos as mi
    from apache_beam.options.pipeline_options import PipelineOptions

    from medcorpus.pipelines.build import direct_runner
    from medcorpus.transforms.dedup import DedupConfig, Deduplicate

    docs = make_docs(texts[:n])
    options = PipelineOptions(["--runner=DirectRunner"])
    p = beam.Pipeline(runner=direct_runner(options), options=options)  # the runner builds use: no Prism download
    res = p | beam.Create(docs, reshuffle=False) | "Deduplicate" >> Deduplicate(DedupConfig(execution=execution))
    for label, pcoll in (("Docs", res.docs), ("Rejects", res.rejects), ("Report", res.report)):
        _ = pcoll | f"Count{label}" >> beam.combiners.Count.Globally()
    result = p.run()
    result.wait_until_finish()
    sampled: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])  # PCollection -> [bytes, elements] sampled
    counts: dict[str, int] = defaultdict(int)
    for info in result.monitoring_infos():
        pc = info.labels.get("PCOLLECTION")
        if info.urn == mi.SAMPLED_BYTE_SIZE_URN:
            dist = mi.extract_metric_result_map_value(info)
            sampled[pc][0] += dist.sum
            sampled[pc][1] += dist.count
        elif info.urn == mi.ELEMENT_COUNT_URN:
            counts[pc] += mi.extract_metric_result_map_value(info)
    size = {pc: total / n for pc, (total, n) in sampled.items() if n}
    per_gbk: dict[str, float] = defaultdict(float)
    for t in p.to_runner_api().components.transforms.values():
        if t.spec.urn == "beam:transform:group_by_key:v1" and t.unique_name.startswith("Deduplicate/"):
            pc = next(iter(t.inputs.values()))
            label = t.unique_name.split("/")[1]
            per_gbk[label] += size.get(pc, 0.0) * counts.get(pc, 0) / len(docs)
    doc_bytes = statistics.mean(len(json.dumps(d, default=str).encode()) for d in docs[:500])
    return {"docs": len(docs), "execution": execution, "bytes_per_doc_total": round(sum(per_gbk.values())),
            "bytes_per_doc_by_shuffle": {k: round(v) for k, v in sorted(per_gbk.items(), key=lambda kv: -kv[1])},
            "document_json_bytes_mean": round(doc_bytes)}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "_child":
        _stage_child(argv[1], int(argv[2]), argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="*", default=["all"],
                        choices=["all", "signatures", "scurve", "accuracy", "corpora", "stage", "shuffle"])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sig-docs", type=int, default=2000)
    parser.add_argument("--n", type=int, default=20000, help="documents for the accuracy run")
    parser.add_argument("--sizes", default="5000,20000", help="documents for the stage run")
    parser.add_argument("--shuffle-n", type=int, default=5000, help="documents for the shuffle measurement")
    parser.add_argument("--execution", default="distributed", choices=["auto", "distributed", "single_process"],
                        help="the stage's execution for the shuffle measurement (distributed: as on Dataflow)")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    what = ({"signatures", "scurve", "accuracy", "corpora", "stage", "shuffle"} if "all" in args.what
            else set(args.what))
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpu_count": os.cpu_count()}
    if "signatures" in what:
        results["signatures"] = bench_signatures(args.corpora, args.rounds, args.sig_docs)
        print("signatures", json.dumps(results["signatures"], indent=1), flush=True)
    if "scurve" in what:
        results["scurve"] = bench_scurve()
        print("scurve", json.dumps(results["scurve"], indent=1), flush=True)
    if "accuracy" in what:
        results["accuracy"] = bench_accuracy(args.corpora, args.n)
        print("accuracy", json.dumps(results["accuracy"], indent=1), flush=True)
    if "corpora" in what:
        results["corpora"] = bench_corpora(args.corpora)
    texts = english_texts(args.corpora) if what & {"stage", "shuffle"} else []
    if "stage" in what:
        results["stage"] = bench_stage(texts, [int(x) for x in args.sizes.split(",")])
    if "shuffle" in what:
        results["shuffle"] = bench_shuffle(texts, args.shuffle_n, args.execution)
        print("shuffle", json.dumps(results["shuffle"], indent=1), flush=True)
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"dedup-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
