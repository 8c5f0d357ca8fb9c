"""Deduplication: datasketch-identical signatures, exact and near duplicates, components in
Beam, representative choice, conservation, and incremental runs against a persisted index."""

from __future__ import annotations

import json
import random
from pathlib import Path

import apache_beam as beam
import numpy as np
import pytest

from medcorpus.schemas import DOCUMENT_SCHEMA, REJECT_SCHEMA, RejectReason, make_document, provenance, validate_record
from medcorpus.transforms.dedup import DedupConfig, Deduplicate
from medcorpus.transforms.dedup.components import ConnectedComponents
from medcorpus.transforms.dedup.lsh import BucketPairsFn, band_hashes, bucket_entries, candidate_probability, choose_bands
from medcorpus.transforms.dedup.minhash import (
    MinHasher, base_hash, estimate_margin, estimated_jaccard, exact_jaccard, shingle_hashes, shingle_sets,
)
from medcorpus.transforms.dedup.records import make_node, node_doc_id, node_file, quality_rank
from medcorpus.transforms.parking import PARKED_SUFFIX, unpark
from medcorpus.transforms.dedup.text import (
    comparable_text, exact_hash, normalise, shingle_mode, shingle_text, shingles,
)
from medcorpus.transforms.stage import RunContext
from tests.conftest import local_pipeline

VOCAB = [f"w{i}" for i in range(5000)]
ZH = "头痛发热咳嗽患者医生建议检查血压心脏胃肠肝肾治疗药物休息饮食复查"


def random_text(rng: random.Random, n_words: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n_words))


def doc(doc_id: str, text: str, source: str = "s", score: float | None = None, lang: str | None = "en") -> dict:
    d = make_document(source=source, source_id=doc_id, text=text, prov=provenance("jsonl", "f.jsonl", 0), lang=lang)
    d["doc_id"] = doc_id  # readable ids in tests (a reject's doc_id is recomputed: use its source_id)
    d["quality"] = None if score is None else {"score": score, "signals": []}
    return d


# --------------------------------------------------------------------------- signatures


@pytest.mark.parametrize("scheme", ["affine32", "legacy"])
@pytest.mark.parametrize("seed", [1, 42, 2024])
def test_signatures_bit_identical_to_datasketch(scheme, seed):
    from datasketch import MinHash

    rng = random.Random(seed)
    texts, modes = [], []
    for i in range(120):
        n = rng.choice([0, 1, 2, 4, 5, 6, 30, 200])
        if i % 3 == 0:
            t = "".join(rng.choice(ZH + "ab1 ，。！") for _ in range(n))
        else:
            t = " ".join(rng.choice(VOCAB[:50] + ["Ünïcode", "ﬁne", "e\u0301", "naïve.", "x"]) for _ in range(n))
        mode = shingle_mode(t, "zh" if i % 3 == 0 else "en")
        texts.append(shingle_text(t, mode))
        modes.append(mode)
    hasher = MinHasher(num_perm=128, seed=seed, scheme=scheme)
    sigs = hasher.signatures(texts, modes, ngram=5, char_ngram=3)
    for text, mode, sig in zip(texts, modes, sigs):
        m = MinHash(num_perm=128, seed=seed, scheme=scheme, hashfunc=base_hash)
        m.update_batch(shingles(text, mode, 5 if mode == "word" else 3))
        assert np.array_equal(m.hashvalues.astype(np.uint32), sig), (text, mode)


def test_signature_is_independent_of_batch_and_chunking():
    rng = random.Random(3)
    texts = [random_text(rng, rng.randint(0, 300)) for _ in range(50)]
    modes = ["word"] * len(texts)
    together = MinHasher(64, chunk=97).signatures(texts, modes, 5, 5)
    alone = np.vstack([MinHasher(64).signatures([t], ["word"], 5, 5) for t in texts])
    assert np.array_equal(together, alone)


def test_base_hash_is_32_bit_and_spreads():
    values = {base_hash(f"shingle {i}".encode()) for i in range(20000)}
    assert len(values) >= 19990 and max(values) < 2 ** 32


# --------------------------------------------------------------------------- per-document logic


def test_exact_hash_folds_unicode_case_and_whitespace():
    a = "Patient  reports\tCHEST pain\n"
    assert exact_hash(a) == exact_hash("patient reports chest pain")
    assert exact_hash("ﬁne") == exact_hash("FINE")  # NFKC ligature + casefold
    assert exact_hash("ＡＢＣ１２３") == exact_hash("abc123")  # full-width forms
    assert exact_hash("患者　头痛") == exact_hash("患者 头痛")  # ideographic space
    assert exact_hash("chest pain") != exact_hash("chest pain.")
    assert normalise("  A\u00a0B  ") == "a b"


def test_shingles_words_and_chinese_characters():
    assert shingle_mode("患者头痛三天，伴发热。", None) == "char"
    assert shingle_mode("Patient has a headache", None) == "word"
    assert shingle_text("Chest-pain, severe!", "word") == "chest pain severe"
    assert shingles("a b c d", "word", 3) == [b"a b c", b"b c d"]
    assert shingles("a b", "word", 3) == [b"a b"]
    zh = shingle_text("患者 头痛，发热", "char")
    assert zh == "患者头痛发热"
    assert shingles(zh, "char", 5) == ["患者头痛发".encode(), "者头痛发热".encode()]
    assert shingles("", "word", 5) == []


def shares_bucket(sa: np.ndarray, sb: np.ndarray, bands: int, rows: int) -> bool:
    return bool(np.any(band_hashes(sa[None, :], bands, rows) == band_hashes(sb[None, :], bands, rows)))


def test_band_hashes_equal_exactly_where_band_values_are_equal():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 2 ** 32, size=128, dtype=np.uint32)
    b = a.copy()
    b[8 * 3 + 2] ^= 1  # one value of band 3 differs
    ha, hb = band_hashes(np.vstack([a, b]), 15, 8)
    assert ha.dtype == np.uint64 and ha.shape == (15,)
    assert [i for i in range(15) if ha[i] != hb[i]] == [3]
    # the band index is part of the hash: equal values in two different bands do not collide
    c = np.tile(a[:8], 16)
    hc = band_hashes(c[None, :], 15, 8)[0]
    assert len(set(hc.tolist())) == 15


def test_nodes_sort_as_earlier_version_then_score_then_doc_id():
    ranked = [(0, quality_rank({"quality": {"score": 0.1}}), "z"), (1, quality_rank({"quality": {"score": 0.9}}), "b"),
              (1, quality_rank({"quality": {"score": 0.9}}), "c"), (1, quality_rank({"quality": {"score": 0.5}}), "a"),
              (1, quality_rank({"quality": None}), "0"), (1, quality_rank({"quality": {"score": 0.9}}), "bb")]
    nodes = [make_node(*r) for r in ranked]
    assert sorted(nodes) == [make_node(*r) for r in sorted(ranked)]
    assert [node_doc_id(n) for n in sorted(nodes)] == ["z", "b", "bb", "c", "a", "0"]
    # the parked file a node names never changes the order: a shorter doc_id still sorts first
    filed = [make_node(*r, file=bytes([255 - i] * 8)) for i, r in enumerate(ranked)]
    assert [node_doc_id(n) for n in sorted(filed)] == ["z", "b", "bb", "c", "a", "0"]
    assert [node_file(n) for n in filed] == [bytes([255 - i] * 8) for i in range(len(ranked))]


def test_buckets_pair_members_once_and_never_two_earlier_documents():
    bands = np.array([[1, 2], [1, 3], [4, 2], [1, 5], [6, 7]], dtype="<u8")
    nodes = [make_node(1, 5, "a"), make_node(1, 3, "b"), make_node(0, 9, "old"), make_node(0, 8, "old2"),
             make_node(1, 1, "alone")]
    reps = [(n, bands[i].tobytes(), i + 1) for i, n in enumerate(nodes)]
    grouped = {}
    for shard, part in bucket_entries(reps, 3):
        grouped.setdefault(shard, []).append(part)
    out = [o for shard in grouped.items() for o in BucketPairsFn(64).process(shard)]
    pairs = sorted(o for o in out if not isinstance(o, beam.pvalue.TaggedOutput))
    sizes = dict(o.value for o in out if isinstance(o, beam.pvalue.TaggedOutput))
    # bucket (band 0, value 1): a, b, old2 (old2 < b < a); bucket (band 1, value 2): a, old
    assert pairs == sorted([(nodes[3], nodes[1]), (nodes[3], nodes[0]), (nodes[1], nodes[0]), (nodes[2], nodes[0])])
    assert sizes == {nodes[0]: 1, nodes[1]: 2, nodes[2]: 3, nodes[3]: 4}


def test_band_layout_targets_recall_above_threshold():
    bands, rows = choose_bands(0.8, 128)
    assert bands * rows <= 128
    assert candidate_probability(0.85, bands, rows) >= 0.99
    assert candidate_probability(0.5, bands, rows) < 0.06
    # datasketch's own choice for (0.8, 128) catches far fewer pairs at 0.8
    assert candidate_probability(0.8, 9, 13) < 0.45 < candidate_probability(0.8, bands, rows)
    with pytest.raises(ValueError):
        DedupConfig(bands=20, rows=8)


def planted_pair(rng: random.Random, jaccard: float, n_shingles: int = 400, n: int = 5) -> tuple[str, str]:
    """Two word texts whose 5-shingle sets have (close to) the given Jaccard: distinct tokens,
    so every shingle is unique; b replaces a tail of a."""
    words = rng.sample(VOCAB, n_shingles + n - 1)
    # |A & B| = k, |A | B| = 2N - k  ->  k = 2NJ / (1 + J); cutting the tail at position k
    # shares the first k - n + 1 shingles
    k = round(2 * n_shingles * jaccard / (1 + jaccard))
    shared = max(0, k)
    tail = rng.sample([w for w in VOCAB if w not in set(words)], len(words) - shared - (n - 1))
    a = " ".join(words)
    b = " ".join(words[:shared + n - 1] + tail)
    return a, b


def true_jaccard(a: str, b: str, n: int = 5) -> float:
    sa, sb = set(shingles(shingle_text(a, "word"), "word", n)), set(shingles(shingle_text(b, "word"), "word", n))
    return len(sa & sb) / len(sa | sb)


def test_estimated_jaccard_tracks_planted_jaccard():
    rng = random.Random(5)
    hasher = MinHasher(256)
    for target in (0.3, 0.6, 0.85, 0.95):
        a, b = planted_pair(rng, target)
        j = true_jaccard(a, b)
        assert abs(j - target) < 0.02
        sa, sb = hasher.signatures([shingle_text(a, "word"), shingle_text(b, "word")], ["word"] * 2, 5, 5)
        assert abs(estimated_jaccard(sa, sb) - j) < 0.1
        if j >= 0.95:
            assert shares_bucket(sa, sb, 16, 16)


def test_shingle_sets_and_exact_jaccard_match_python_sets():
    rng = random.Random(8)
    texts = [random_text(rng, rng.randint(0, 60)) for _ in range(20)]
    texts += ["".join(rng.choice(ZH) for _ in range(rng.randint(1, 40))) for _ in range(10)]
    texts += [texts[3] + " " + random_text(rng, 5), "a b", ""]
    modes = [shingle_mode(t, None) for t in texts]
    stexts = [shingle_text(t, m) for t, m in zip(texts, modes)]
    hv, owner = shingle_hashes(stexts, modes, 5, 3)
    sets = shingle_sets(hv, owner, len(texts))
    python = [{base_hash(x) for x in shingles(t, m, 5 if m == "word" else 3)} if t else set()
              for t, m in zip(stexts, modes)]
    for got, want in zip(sets, python):
        values = np.frombuffer(got, dtype="<u4")
        assert values.tolist() == sorted(want)  # distinct, ascending
    for i, j in [(3, 30), (0, 1), (20, 21), (5, 5), (32, 32), (31, 32)]:
        want = len(python[i] & python[j]) / len(python[i] | python[j]) if python[i] | python[j] else 1.0
        assert exact_jaccard(sets[i], sets[j]) == pytest.approx(want)


def _pair_the_estimate_misjudges(rng: random.Random, hasher: MinHasher, low: float, high: float,
                                  estimate_above: bool, bands: int, rows: int) -> tuple[str, str]:
    """A planted pair with true Jaccard in [low, high) whose estimate falls on the other side of 0.8
    and that shares an LSH band (so the stage sees it as a candidate)."""
    for _ in range(5000):
        a, b = planted_pair(rng, rng.uniform(low, high), 120)
        j = true_jaccard(a, b)
        sa, sb = hasher.signatures([shingle_text(a, "word"), shingle_text(b, "word")], ["word"] * 2, 5, 5)
        e = estimated_jaccard(sa, sb)
        if low <= j < high and shares_bucket(sa, sb, bands, rows) and (e >= 0.8 if estimate_above else e < 0.8):
            return a, b
    raise AssertionError("no such pair found")


def test_pairs_near_the_threshold_are_decided_by_exact_jaccard(run_stage):
    config = DedupConfig()
    bands, rows = config.band_layout()
    hasher = MinHasher(config.num_perm, config.seed, config.scheme)
    rng = random.Random(4)
    below = _pair_the_estimate_misjudges(rng, hasher, 0.7, 0.79, True, bands, rows)  # estimate says duplicate
    above = _pair_the_estimate_misjudges(rng, hasher, 0.81, 0.9, False, bands, rows)  # estimate says distinct
    assert 0.8 - estimate_margin(config.num_perm, config.threshold) < 0.7  # both within the margin: judged exactly
    docs = [doc("b1", below[0], score=0.9), doc("b2", below[1]), doc("a1", above[0], score=0.9),
            doc("a2", above[1])]
    kept, rejects, _ = run_stage(Deduplicate(config), docs)
    assert sorted(d["doc_id"] for d in kept) == ["a1", "b1", "b2"]
    assert [(r["source_id"], r["reason"], r["duplicate_of"]) for r in rejects] == [("a2", "near_duplicate", "a1")]


# --------------------------------------------------------------------------- components in Beam


def test_connected_components_chain_and_star(tmp_path):
    # a chain of 9 (needs several rounds), a star, a pair, and duplicate/reversed edges
    chain = [(f"c{i}", f"c{i + 1}") for i in range(8)]
    star = [("s0", f"s{i}") for i in range(1, 6)]
    edges = chain + star + [("p2", "p1"), ("p1", "p2"), ("c3", "c2")]
    out = tmp_path / "cc.json"
    with local_pipeline() as p:
        _ = (p | beam.Create(edges) | ConnectedComponents(max_rounds=6) | beam.combiners.ToList()
             | beam.Map(lambda xs: out.write_text(json.dumps(sorted(xs)))))
    parent = dict(json.loads(out.read_text()))
    assert parent == {**{f"c{i}": "c0" for i in range(1, 9)}, **{f"s{i}": "s0" for i in range(1, 6)}, "p2": "p1"}


# --------------------------------------------------------------------------- the stage


def corpus(rng: random.Random) -> tuple[list[dict], dict]:
    base = [random_text(rng, 120) for _ in range(6)]
    a, b = planted_pair(rng, 0.9, 200)
    c_ = " ".join(b.split()[:-12] + [rng.choice(VOCAB) for _ in range(12)])  # b ~ c, a ~ b: a chain
    docs = [
        doc("u1", base[0]), doc("u2", base[1]), doc("u3", base[2], lang=None),
        # exact duplicates: case, whitespace and Unicode form differ; best score wins, then doc_id
        doc("e1", base[3], score=0.5), doc("e2", base[3].upper(), score=0.9),
        doc("e3", "  " + base[3].replace(" ", "\n"), score=0.9, source="t"),
        # near duplicates, chained
        doc("n1", a, score=0.2), doc("n2", b, score=0.7, source="t"), doc("n3", c_, score=0.7),
        # an exact copy of a near duplicate that loses: points at the cluster's kept doc
        doc("n4", b.upper(), score=0.1),
        # Chinese near duplicates by character n-grams
        doc("z1", ZH * 3 + "，请多喝水。", lang="zh", score=0.5), doc("z2", ZH * 3 + "，请多喝热水！", lang="zh", score=0.1),
        # no shingles at all: kept, never a near duplicate of other such docs
        doc("x1", "!!!"), doc("x2", "???"),
    ]
    expected = {"kept": {"u1", "u2", "u3", "e2", "n2", "z1", "x1", "x2"},
                "exact": {"e1": "e2", "e3": "e2", "n4": "n2"}, "near": {"n1": "n2", "n3": "n2", "z2": "z1"}}
    return docs, expected


@pytest.mark.parametrize("execution", ["auto", "distributed"])  # auto: single_process on the DirectRunner
def test_stage_exact_near_representatives_and_conservation(run_stage, execution):
    docs, expected = corpus(random.Random(11))
    kept, rejects, report = run_stage(Deduplicate(DedupConfig(threshold=0.7, ngram=3, execution=execution)), docs)
    for d in kept:
        validate_record(d, DOCUMENT_SCHEMA)
    for r in rejects:
        validate_record(r, REJECT_SCHEMA)
    assert {d["doc_id"] for d in kept} == expected["kept"]
    # every input is exactly one kept doc or one reject
    assert sorted([d["doc_id"] for d in kept] + [r["source_id"] for r in rejects]) == sorted(d["doc_id"] for d in docs)
    by_id = {r["source_id"]: r for r in rejects}
    for reason, pairs in ((RejectReason.EXACT_DUPLICATE, expected["exact"]), (RejectReason.NEAR_DUPLICATE,
                                                                             expected["near"])):
        for doc_id, kept_id in pairs.items():
            assert by_id[doc_id]["reason"] == reason and by_id[doc_id]["duplicate_of"] == kept_id, doc_id
            assert by_id[doc_id]["stage"] == "dedup" and by_id[doc_id]["text"] is not None
    clusters = {d["doc_id"]: d["dedup"] for d in kept}
    assert clusters["e2"]["cluster_size"] == 3 and clusters["e2"]["cluster_id"] == "e2"
    assert clusters["n2"]["cluster_size"] == 4 and clusters["z1"]["cluster_size"] == 2
    assert clusters["u1"] == {"exact_hash": exact_hash(docs[0]["text"]), "cluster_id": "u1", "cluster_size": 1}
    removed = {(e["source"], e["reason"]): e["count"] for e in report if e["metric"] == "removed"}
    assert removed == {("s", "exact_duplicate"): 2, ("t", "exact_duplicate"): 1, ("s", "near_duplicate"): 3}
    sizes = {e["size"]: e["clusters"] for e in report if e["metric"] == "cluster_size"}
    assert sizes == {"2": 1, "3": 1, "4": 1}
    assert next(e for e in report if e["metric"] == "components_unconverged")["count"] == 0


def test_representative_ties_break_on_doc_id(run_stage):
    text = random_text(random.Random(2), 50)
    docs = [doc("b", text, score=0.5), doc("a", text, score=0.5), doc("c", text, score=None)]
    kept, rejects, _ = run_stage(Deduplicate(DedupConfig()), docs)
    assert [d["doc_id"] for d in kept] == ["a"]
    assert {r["source_id"]: r["duplicate_of"] for r in rejects} == {"b": "a", "c": "a"}


def test_disabled_stage_passes_through(run_stage):
    docs, _ = corpus(random.Random(1))
    kept, rejects, report = run_stage(Deduplicate(DedupConfig(enabled=False)), docs)
    assert len(kept) == len(docs) and rejects == [] and report == []
    assert all(d["dedup"] is None for d in kept)


# --------------------------------------------------------------------------- incremental


def commit_fake_version(table: Path, run_id: str) -> None:
    """A Delta version whose commit metadata names the run (as pipelines/build.py writes it)."""
    import pyarrow as pa

    from medcorpus.table import commit_version

    commit_version(str(table), pa.schema([pa.field("doc_id", pa.string())]), [],
                   {"kind": "documents", "run_id": run_id}, name="t")


def test_incremental_against_persisted_signatures(tmp_path, run_stage):
    rng = random.Random(21)
    table = tmp_path / "table"
    old_texts = [random_text(rng, 80) for _ in range(4)]
    a, b = planted_pair(rng, 0.9, 150)
    first = [doc(f"old{i}", t, score=0.1) for i, t in enumerate(old_texts)] + [doc("olda", a, score=0.1)]
    config = DedupConfig(against="latest", threshold=0.7, ngram=3)

    # nothing to deduplicate against yet: a no-op
    kept1, rejects1, _ = run_stage(Deduplicate(config), first, RunContext(str(table), "run1"))
    assert len(kept1) == 5 and rejects1 == []
    # the documents waited for their decisions in the run's folder, in files, their signatures beside
    # them (the build removes them)
    folder = table / "_medcorpus/runs/run1/parked/dedup"
    parked = [d for f in folder.glob(f"*{PARKED_SUFFIX}") for d in unpark(str(f))]
    assert sorted(d["doc_id"] for d in parked) == sorted(d["doc_id"] for d in first)
    assert len(list(folder.glob("*.sigs"))) == len(list(folder.glob(f"*{PARKED_SUFFIX}")))
    commit_fake_version(table, "run1")
    index = json.loads((table / "_medcorpus/runs/run1/dedup/index.json").read_text())
    assert index["runs"] == ["run1"] and index["params"]["num_perm"] == 128
    import pyarrow.parquet as pq

    persisted = [r for f in sorted((table / "_medcorpus/runs/run1/dedup").glob("signatures-*.parquet"))
                 for r in pq.read_table(f).to_pylist()]
    by_id = {r["doc_id"]: r for r in persisted}
    assert sorted(by_id) == sorted(d["doc_id"] for d in first)
    config_sets = shingle_sets(*shingle_hashes([shingle_text(a, "word")], ["word"], 3, 5), 1)
    assert by_id["olda"]["shingles"] == config_sets[0]  # the set an unsure pair is judged by later

    second = [doc("new_exact", old_texts[1].upper(), score=0.99),  # earlier docs win even with a lower score
              doc("new_near", b, score=0.99), doc("new_unique", random_text(rng, 80), score=0.5),
              doc("new_unique_copy", "", score=0.2)]
    second[-1]["text"] = second[2]["text"]
    kept2, rejects2, report2 = run_stage(Deduplicate(config), second, RunContext(str(table), "run2"))
    assert [d["doc_id"] for d in kept2] == ["new_unique"]  # earlier docs are not emitted again
    assert kept2[0]["dedup"]["cluster_size"] == 2
    assert {r["source_id"]: (r["reason"], r["duplicate_of"]) for r in rejects2} == {
        "new_exact": ("exact_duplicate", "old1"), "new_near": ("near_duplicate", "olda"),
        "new_unique_copy": ("exact_duplicate", "new_unique")}
    commit_fake_version(table, "run2")
    assert json.loads((table / "_medcorpus/runs/run2/dedup/index.json").read_text())["runs"] == ["run1", "run2"]

    # a third run sees both earlier runs through the chained index
    third = [doc("again", second[2]["text"]), doc("again_old", old_texts[0])]
    kept3, rejects3, _ = run_stage(Deduplicate(config), third, RunContext(str(table), "run3"))
    assert kept3 == [] and {r["duplicate_of"] for r in rejects3} == {"new_unique", "old0"}

    # parameters must match the persisted signatures
    with pytest.raises(ValueError, match="other parameters"):
        Deduplicate(DedupConfig(against="latest", num_perm=64)).bind_run(RunContext(str(table), "run4"))
    # against: none ignores them; a pinned version reads that version's index
    none = Deduplicate(DedupConfig())
    none.bind_run(RunContext(str(table), "run5"))
    assert none.earlier is None
    pinned = Deduplicate(DedupConfig(against=0, threshold=0.7, ngram=3))
    pinned.bind_run(RunContext(str(table), "run5"))
    assert pinned.earlier["runs"] == ["run1"] and pinned.run_metadata()["against_version"] == 0


def test_copies_with_different_surrogates_are_still_duplicates():
    """deid draws surrogates per document, so two copies of a note differ in their fake names and
    dates; dedup judges the text with each recorded span folded back to its label."""
    def doc(name: str, date: str) -> dict:
        text = f"Seen by Dr. {name} on {date}. Stable, continue lisinopril."
        s1 = text.index(name)
        s2 = text.index(date)
        spans = [{"start": s1, "end": s1 + len(name), "label": "NAME"},
                 {"start": s2, "end": s2 + len(date), "label": "DATE"}]
        return {"text": text, "deid": {"spans": spans}}

    a, b = doc("Ann Lee", "3/14/2021"), doc("Bo Park", "11/02/2020")
    assert a["text"] != b["text"]
    assert comparable_text(a) == comparable_text(b) == "Seen by Dr. [NAME] on [DATE]. Stable, continue lisinopril."
    assert exact_hash(comparable_text(a)) == exact_hash(comparable_text(b))
    assert comparable_text({"text": "no spans", "deid": None}) == "no spans"
