"""Quality stage: calibration on every source of the real corpora, a junk set, ROC AUC and speed.

    .venv/bin/python bench/quality_bench.py [--corpora DIR] [--per-set N] [--sets NAME ...] [--show N]
    .venv/bin/python bench/quality_bench.py build-terms [--corpora DIR]   # regenerate transforms/resources/

Sets: every source of bench/corpora.yaml plus the CBLUE task files and cMedQANER (EXTRA_SOURCES);
the COVID dialogues are two sets, covid_zh and covid_en. Each set holds its non-duplicate documents
(exact repeats of a text read once) and is split in two halves by a hash of the record id: thresholds
are calibrated on the calibration half (``--show`` prints only its rejects) and the held-out half is
reported beside it. Printed per set: keep rate on both halves and the held-out reject reasons; the
clinical-record and dialogue sets (RECORD_SETS) are marked where they keep under 98%. Short query
sets (CBLUE, cMedIR, cMedQQ, cMedIC) are reported but not held to that: many are a few characters.

Junk is built deterministically from each half of the prose, note and dialogue sets (JUNK_BASE):
shuffled words, repeated lines, navigation boilerplate, random characters, mojibake, number tables,
truncated fragments; drop rate per kind on both halves (marked under 95%), the ROC AUC of the score
on real-vs-junk per half, and quality-signal throughput on one core (median docs/s over rounds,
~1.5 KB documents). Writes the same as JSON under bench/results/.

Nothing from the corpora is written into the repository: the term-list builder keeps only
word lists (see transforms/resources/README.md for sources and licences).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import hashlib
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import NamedTuple

import yaml

from medcorpus.pipelines.config import parse_config
from medcorpus.transforms.ingest import match_inputs, normalize_text
from medcorpus.transforms.quality import QualityConfig, decide, penalties, quality_score
from medcorpus.transforms.quality_signals import RESOURCES, is_han_code_point, quality_signals
from medcorpus.transforms.ingest.readers import READERS, detect_encoding, peek

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = HERE.parent.parent / "shared" / "corpora"

JUNK_KINDS = ("shuffled_words", "repeated_lines", "navigation", "random_chars", "mojibake", "number_table",
              "fragment")
FRAGMENT_TRIES = 20  # cuts tried per document for one that falls inside running text at both ends


# --------------------------------------------------------------------------- real documents

# sources read in the bench besides bench/corpora.yaml (which ingest_bench shares): CBLUE's task files and
# cMedQANER, short real texts in JSON shapes of their own
EXTRA_SOURCES = [
    {"name": "cmedqaner", "format": "jsonl", "path": "chineseblue_zh/data/cMedQANER/*.json", "lang": "zh"},
    {"name": "cblue_cmeie", "format": "jsonl", "path": "cblue_zh/data/CMeIE/CMeIE_*.json", "lang": "zh"},
    {"name": "cblue_cmeee", "format": "json", "path": "cblue_zh/data/CMeEE/CMeEE_*.json", "text": "text", "lang": "zh"},
    {"name": "cblue_ctc", "format": "json", "path": "cblue_zh/data/CHIP-CTC/CHIP-CTC_*.json", "id": "id",
     "id_scope": "file", "text": "text", "lang": "zh"},
    {"name": "cblue_cdn", "format": "json", "path": "cblue_zh/data/CHIP-CDN/CHIP-CDN_*.json", "text": "text",
     "lang": "zh"},
    {"name": "cblue_sts", "format": "json", "path": "cblue_zh/data/CHIP-STS/CHIP-STS_*.json", "id": "id",
     "id_scope": "file", "text": ["text1", "text2"], "lang": "zh"},
    {"name": "cblue_qic", "format": "json", "path": "cblue_zh/data/KUAKE-QIC/KUAKE-QIC_*.json", "id": "id",
     "id_scope": "file", "text": "query", "lang": "zh"},
    {"name": "cblue_qqr", "format": "json", "path": "cblue_zh/data/KUAKE-QQR/KUAKE-QQR_*.json", "id": "id",
     "id_scope": "file", "text": ["query1", "query2"], "lang": "zh"},
    {"name": "cblue_qtr", "format": "json", "path": "cblue_zh/data/KUAKE-QTR/KUAKE-QTR_*.json", "id": "id",
     "id_scope": "file", "text": ["query", "title"], "lang": "zh"},
]
# the clinical-record and dialogue sets: each must keep >= RECORD_KEEP_TARGET of its documents
RECORD_SETS = ("cehr", "cmdd", "covid_zh", "covid_en", "toyhom_csv", "toyhom_txt", "mie", "cmedqa", "mtsamples")
RECORD_KEEP_TARGET = 0.98
JUNK_DROP_TARGET = 0.95
# the sets junk is built from (prose, notes and dialogues; short queries make poor junk)
JUNK_BASE = ("mtsamples", "medquad", "pubmed", "cehr", "cmdd", "toyhom_csv", "covid_zh", "covid_en", "mie", "cmedqa")
AUC_SETS = frozenset(JUNK_BASE) | frozenset(RECORD_SETS)  # the real side of the ROC AUC
CALIBRATION, HELD_OUT = "calibration", "held_out"


class Doc(NamedTuple):
    record_id: str  # <file>:<source id or row>, what the halves are split by
    text: str
    lang: str | None


def record_half(set_name: str, record_id: str) -> str:
    """The half a record falls in, by a hash of its id: calibrate on one, report the other."""
    digest = hashlib.blake2b(f"{set_name}\x1f{record_id}".encode(), digest_size=8).digest()
    return CALIBRATION if digest[0] % 2 == 0 else HELD_OUT


def _set_name(src_name: str, relpath: str) -> str:
    if src_name == "covid_dialogue":  # one source, two languages: two sets
        return "covid_zh" if "Chinese" in relpath else "covid_en"
    return src_name


def read_source(src) -> dict[str, list[Doc]]:
    """Every readable record of a source as (record id, text, lang), by set; exact repeats of a
    text within a set are read once (the non-duplicate documents)."""
    sets: dict[str, list[Doc]] = collections.defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for f in match_inputs(src):
        name = _set_name(src.name, f.relpath)
        with open(f.path, "rb") as raw:
            stream = gzip.GzipFile(fileobj=raw) if f.path.endswith(".gz") else raw
            sample, stream = peek(stream)
            encoding = detect_encoding(sample, src.encoding)
            for record in READERS[src.format](stream, src, encoding):
                if record.error:
                    continue
                # exactly what ingest hands on: parts normalised and joined with a blank line
                text = "\n\n".join(t for t in (normalize_text(p) for p in record.texts) if t)
                if not text or (name, text) in seen:
                    continue
                seen.add((name, text))
                lang = src.lang or ("zh" if name == "covid_zh" else "en" if name == "covid_en" else None)
                sets[name].append(Doc(f"{f.relpath}:{record.source_id or record.row}", text, lang))
    return sets


def load_real(corpora: Path, per_set: int, seed: int = 13, only: tuple[str, ...] = ()) -> dict[str, list[Doc]]:
    """Every source of the corpora folder (or the sources named in ``only``), by set, shuffled and cut to
    ``per_set`` (0: all)."""
    raw = yaml.safe_load((HERE / "corpora.yaml").read_text(encoding="utf-8"))
    raw["sources"] += EXTRA_SOURCES
    raw["output"]["table"] = "unused"
    config = parse_config(raw, corpora.resolve(), "bench/corpora.yaml")
    real: dict[str, list[Doc]] = {}
    for src in config.sources:
        if only and src.name not in only:
            continue
        for name, docs in read_source(src).items():
            random.Random(f"{seed}:{name}").shuffle(docs)
            real[name] = docs[:per_set] if per_set else docs
    return real


# --------------------------------------------------------------------------- junk

NAV_EN = ["Home | About Us | Contact | Site Map", "Skip to main content", "Log in  Sign up  Forgot password?",
          "Privacy Policy | Terms of Use | Cookie Settings", "Share on Facebook  Tweet  Email  Print",
          "Copyright © 2019 HealthSite Media. All rights reserved.", "Subscribe to our newsletter",
          "Menu  Search  Health A-Z  Drugs  Conditions  News", "« Previous  1 2 3 4 5  Next »",
          "Related articles", "Advertisement", "Click here to read more", "Back to top",
          "Follow us on Twitter", "This site uses cookies. Accept", "Home > Health > Conditions > Heart"]
NAV_ZH = ["首页 | 关于我们 | 联系我们 | 网站地图", "登录  注册  忘记密码", "版权所有 © 2019 健康网 保留所有权利",
          "免责声明 | 隐私政策 | 使用条款", "上一篇  下一篇", "返回顶部", "分享到：微信 微博 QQ空间",
          "扫一扫关注我们", "热门推荐  最新文章  专题", "首页 > 健康频道 > 疾病百科", "点击查看更多", "广告",
          "本站所有内容仅供参考", "客服热线 工作时间 9:00-18:00", "友情链接", "网站导航"]


def _words(text: str, lang: str | None) -> list[str]:
    return list(text.replace("\n", "")) if lang == "zh" else text.split()


def make_junk(kind: str, text: str, lang: str | None, rng: random.Random) -> str | None:
    """A corrupted variant of a real document; None where the corruption would not change it."""
    zh = lang == "zh"
    lines = [line for line in text.split("\n") if line.strip()]
    if kind == "shuffled_words":
        # words shuffled within each line (characters for Chinese): the line structure survives
        out = []
        for line in lines:
            units = list(line) if zh else line.split()
            rng.shuffle(units)
            out.append(("" if zh else " ").join(units))
        return "\n".join(out)
    if kind == "repeated_lines":
        picked = rng.sample(lines, min(len(lines), rng.randint(1, 3)))
        body = [rng.choice(picked)[:200] for _ in range(rng.randint(8, 30))]
        return "\n".join(body)
    if kind == "navigation":
        nav = NAV_ZH if zh else NAV_EN
        body = [rng.choice(nav) for _ in range(rng.randint(8, 20))]
        sentence = re.split(r"(?<=[.。!?！？])\s*", text)[0][:160]
        body.insert(rng.randint(0, len(body)), sentence)  # a little real content in the chrome
        return "\n".join(body)
    if kind == "random_chars":
        if zh:
            return "".join(chr(rng.randint(0x4E00, 0x9FA5)) if not ch.isspace() else ch for ch in text[:1500])
        pool = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()_+-=[]{};:'\",.<>/?\\|`~"
        return " ".join("".join(rng.choice(pool) for _ in range(rng.randint(1, 10)))
                        for _ in range(max(5, len(text[:1500].split()))))
    if kind == "mojibake":
        raw = text.encode("utf-8")
        wrong = rng.choice(("latin-1", "cp1252", "gbk")) if zh else rng.choice(("latin-1", "cp1252"))
        out = normalize_text(raw.decode(wrong, errors="replace"))  # what ingest would hand on
        # only non-ASCII characters change: a (nearly) ASCII document survives mis-decoding intact
        return out if sum(ord(c) > 127 for c in text) >= 0.02 * len(text) else None
    if kind == "number_table":
        cols = rng.randint(3, 9)
        rows = []
        if rng.random() < 0.5:
            rows.append("  ".join(rng.choice(_words(text, lang) or ["x"])[:8] for _ in range(cols)))
        for _ in range(rng.randint(6, 40)):
            cells = [f"{rng.uniform(0, 999):.{rng.randint(0, 3)}f}" for _ in range(cols)]
            rows.append(rng.choice(("\t", "  ", " | ", ",")).join(cells))
        return "\n".join(rows)
    if kind == "fragment":
        # a window cut inside running text at both ends: between two letters, digits or Han characters, so
        # it starts and ends mid-word (mid-sentence in Chinese); a window that happens to begin at a line
        # start and stop at a line end is a real passage, not a fragment, so another cut is tried
        size = rng.randint(10, 40) if zh else rng.randint(30, 160)
        if len(text) < size + 10:
            return None
        for _ in range(FRAGMENT_TRIES):
            start = rng.randint(1, len(text) - size - 1)
            end = start + size
            if all(c.isalnum() for c in (text[start - 1], text[start], text[end - 1], text[end])):
                return text[start:end]
        return None
    raise ValueError(kind)


def build_junk(docs: list[Doc], per_kind: int, seed: int = 7) -> dict[str, list[Doc]]:
    """``per_kind`` corrupted variants of each kind, built from ``docs`` in a seeded order."""
    junk = {}
    for kind in JUNK_KINDS:
        rng = random.Random(f"{seed}:{kind}")
        out = []
        order = list(range(len(docs)))
        rng.shuffle(order)
        for i in order:
            doc = docs[i]
            variant = make_junk(kind, doc.text, doc.lang, rng)
            if variant and variant.strip() and variant != doc.text:
                out.append(Doc(f"{kind}:{doc.record_id}", variant, doc.lang))
            if len(out) >= per_kind:
                break
        junk[kind] = out
    return junk


# --------------------------------------------------------------------------- evaluation

def roc_auc(pos: list[float], neg: list[float]) -> float:
    """P(score of a real document > score of a junk one), ties counted half (Mann-Whitney U)."""
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        avg_rank = (i + j + 1) / 2  # 1-based average rank of the tie group
        rank_sum += avg_rank * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def evaluate(docs: list[Doc], config: QualityConfig) -> tuple[list[float], collections.Counter]:
    scores, reasons = [], collections.Counter()
    for doc in docs:
        signals = quality_signals(doc.text, doc.lang)
        score = quality_score(signals)
        failed = decide(signals, score, config)
        scores.append(score)
        reasons[failed[0] if failed else "kept"] += 1
    return scores, reasons


def throughput(docs: list[Doc], rounds: int) -> dict[str, float]:
    """Docs/s of quality_signals + quality_score on one core; median over rounds."""
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass  # not Linux: the number is still single-threaded
    wall, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        for doc in docs:
            quality_score(quality_signals(doc.text, doc.lang))
        wall.append(len(docs) / (time.perf_counter() - started))
        cpu.append(len(docs) / (time.process_time() - started_cpu))
    # per CPU-second is what one core delivers even when other processes share the machine
    return {"median_docs_per_s": round(statistics.median(wall)), "min": round(min(wall)), "max": round(max(wall)),
            "median_docs_per_cpu_s": round(statistics.median(cpu)), "load_avg_1m": round(os.getloadavg()[0], 2)}


def bench_docs(real: dict[str, list[Doc]], n: int = 2000) -> list[Doc]:
    """~1.5 KB documents: real texts cut to 1.3-1.7 KB (UTF-8) at a line or word boundary, en and zh."""
    out = []
    rng = random.Random(3)
    pool = [d for docs in real.values() for d in docs]
    rng.shuffle(pool)
    for doc in pool:
        size = rng.randint(1300, 1700)
        data = doc.text.encode("utf-8")
        if len(data) < 1300:
            continue
        cut = data[:size].decode("utf-8", errors="ignore")
        out.append(Doc(doc.record_id, cut.rsplit(" ", 1)[0] if doc.lang != "zh" else cut, doc.lang))
        if len(out) >= n:
            break
    return out


# --------------------------------------------------------------------------- term lists (maintenance)

# Hand-curated by medcorpus (Apache-2.0): clinical abbreviations that MeSH headings do not spell.
CLINICAL_ABBREVIATIONS = """
abd abg ace acl adl afib aki alt ap ast bid bmi bmp bp bpm bun cabg cad cbc ccu chf ckd cmp cns copd cpr crp csf ct
cva cxr dm dvt dx ecg ed eeg egd ekg ent er esr ett fev fh gcs gerd gfr gi gu hba1c hct hdl heent hgb hpi hr htn hx icu
im inr iv ivc jvd kub lad ldl lft llq lmp loc luq mg mi ml mmhg mri mrsa nad nkda npo nsaid nsr ob or pa pcp pe peep
perrla pft pmh po pod pr prn pt ptt qd qhs qid ros rr rrr rlq ruq rx sob spo2 stat sx tia tid tsh tx uri uti wbc wnl
""".split()

# Hand-curated by medcorpus (Apache-2.0): characters that mark a Chinese medical word (disease,
# symptom, organ, treatment); jieba dictionary words containing one are the Chinese term list.
ZH_MEDICAL_MORPHEMES = set(
    "病症炎痛疼痒癌瘤肿疮疹痘疱疡痢疟痫瘫痪痰咳喘嗽烧热晕吐泻秘胀酸麻瘀血脓"
    "肝肺肾胃肠脾胆胰心脑脊髓骨筋肌膜腺囊腔颅鼻咽喉耳眼齿龈舌乳宫卵睾膀胱"
    "药剂片丸膏针注输疫苗菌毒染"
    "医诊疗治术护患孕胎产哺"
)
ZH_MEDICAL_EXTRA = ("医生 患者 病人 症状 治疗 检查 诊断 手术 药物 复查 化验 血常规 发烧 发热 咳嗽 感冒 头痛 腹泻 "
                    "过敏 炎症 感染 住院 门诊 处方 剂量 口服 静脉 输液 抗生素 布洛芬 血压 血糖 心率 体温 CT 彩超 "
                    "B超 核磁 挂号 科室 中医 西医 病情 病史 既往史 过敏史 康复").split()


def _resource_header(name: str, source: str, licence: str, count: int) -> str:
    return (f"# {name}: {count} entries, one per line. Generated by `bench/quality_bench.py build-terms`.\n"
            f"# source: {source}\n# licence: {licence}\n")


EDGE_MIN_PAIR = 10  # a pair seen fewer times is left out of zh_edges: its character's rates stand for it


def zh_edge_counts(texts: list[str]) -> list[str]:
    """``unit\tstarts\tends\tseen`` rows: how often each Han character, and each pair of Han characters,
    begins or ends a run of Han characters (a clause, a line, a text: punctuation, a digit or a space ends
    one). Real starts and ends are what a fragment cut in running text lacks (``edge_fit`` in
    quality_signals)."""
    seen, starts, ends = collections.Counter(), collections.Counter(), collections.Counter()
    for text in texts:
        han = [is_han_code_point(ord(c)) for c in text] + [False]
        for i, ch in enumerate(text):
            if not han[i]:
                continue
            begins = i == 0 or not han[i - 1]
            units = [ch, text[i:i + 2]] if han[i + 1] else [ch]
            for unit in units:
                stop = i + len(unit)
                seen[unit] += 1
                starts[unit] += begins
                ends[unit] += not han[stop]
    return [f"{u}\t{starts[u]}\t{ends[u]}\t{n}" for u, n in sorted(seen.items())
            if len(u) == 1 or n >= EDGE_MIN_PAIR]


def build_terms(argv: list[str]) -> int:
    """Regenerate the compact word lists in transforms/resources/ from open sources."""
    import jieba  # noqa: PLC0415 - only the maintenance command needs it
    from spacy.lang.en.stop_words import STOP_WORDS  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="quality_bench.py build-terms")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args(argv)
    RESOURCES.mkdir(exist_ok=True)
    lists: dict[str, tuple[list[str], str, str]] = {}

    lists["en_stopwords"] = (sorted(STOP_WORDS),
                             "spaCy 3.8 spacy/lang/en/stop_words.py (STOP_WORDS)", "MIT (spaCy)")

    # MeSH descriptor names indexed on the MEDLINE citations of pubmed20n0014: their words,
    # ranked by how many citations carry a heading containing them
    mesh = collections.Counter()
    path = args.corpora / "pubmed_medline_xml_en" / "pubmed20n0014.xml.gz"
    with gzip.open(path, "rt", encoding="utf-8") as xml:
        for heading in re.findall(r"<DescriptorName[^>]*>([^<]+)</DescriptorName>", xml.read()):
            for word in set(re.findall(r"[a-z]+", heading.lower())):
                mesh[word] += 1
    words = [w for w, _ in mesh.most_common() if len(w) >= 4 and w not in STOP_WORDS][:3000]
    lists["en_medical"] = (sorted(set(words) | set(CLINICAL_ABBREVIATIONS)),
                           "words of MeSH descriptor names (NLM Medical Subject Headings, as indexed in "
                           "pubmed20n0014.xml.gz), top 3000 by citation count, plus medcorpus' hand-curated "
                           "clinical abbreviations",
                           "MeSH: NLM, freely usable with attribution (US Government work); "
                           "abbreviations: Apache-2.0 (medcorpus)")

    freq: dict[str, int] = {}
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, count, *_ = line.split()
        freq[word] = int(count)
    han = re.compile(r"^[\u4e00-\u9fff]+$")
    chars = collections.Counter()
    for word, count in freq.items():
        if han.match(word):
            for ch in word:
                chars[ch] += count
    medical = sorted((w for w in freq if han.match(w) and 2 <= len(w) <= 4 and ZH_MEDICAL_MORPHEMES & set(w)),
                     key=lambda w: (-freq[w], w))[:3000]
    medical = sorted(set(medical) | set(ZH_MEDICAL_EXTRA))
    common = {ch for ch, _ in chars.most_common(4000)} | {ch for w in medical for ch in w if han.match(ch)}
    lists["zh_common_chars"] = (sorted(common), "jieba 0.42.1 dict.txt: the 4000 most frequent Han characters "
                                "(by summed word frequency) plus the characters of zh_medical", "MIT (jieba)")
    bigrams = sorted((w for w in freq if len(w) == 2 and han.match(w)), key=lambda w: (-freq[w], w))[:6000]
    lists["zh_bigrams"] = (sorted(bigrams), "jieba 0.42.1 dict.txt: the 6000 most frequent two-character words",
                           "MIT (jieba)")
    lists["zh_medical"] = (medical, "jieba 0.42.1 dict.txt words of 2-4 Han characters containing a hand-curated "
                           "medical morpheme (top 3000 by frequency), plus hand-curated terms",
                           "MIT (jieba); morphemes and extra terms: Apache-2.0 (medcorpus)")
    edge_sets = ("toyhom_csv", "toyhom_txt")
    dialogues = load_real(args.corpora, 0, only=edge_sets)
    lists["zh_edges"] = (zh_edge_counts([d.text for name in edge_sets for d in dialogues[name]
                                         if record_half(name, d.record_id) == CALIBRATION]),
                         "where Chinese text starts and ends: per Han character and per two-character pair seen "
                         f"{EDGE_MIN_PAIR}+ times, tab-separated: unit, times it starts a run of Han characters, "
                         "times it ends one, times seen; counted on the calibration half of the Toyhom medical dialogues "
                         "(github.com/Toyhom/Chinese-medical-dialogue-data, sample CSV and IM .txt)",
                         "MIT (Toyhom/Chinese-medical-dialogue-data)")
    for name, (entries, source, licence) in lists.items():
        body = _resource_header(name, source, licence, len(entries)) + "\n".join(entries) + "\n"
        (RESOURCES / f"{name}.txt").write_text(body, encoding="utf-8")
        print(f"{name}: {len(entries)} entries")
    return 0


def _split(docs: list[Doc], set_name: str) -> dict[str, list[Doc]]:
    halves: dict[str, list[Doc]] = {CALIBRATION: [], HELD_OUT: []}
    for doc in docs:
        halves[record_half(set_name, doc.record_id)].append(doc)
    return halves


def _top_penalties(signals: dict[str, float]) -> list[tuple[str, float]]:
    return [(k, round(v, 2)) for k, v in sorted(penalties(signals).items(), key=lambda kv: -kv[1])[:3] if v]


def show_rejected(docs: list[Doc], config: QualityConfig, n: int) -> None:
    """Up to n rejected documents with their reason and largest penalties (calibration half only)."""
    shown = 0
    for doc in docs:
        signals = quality_signals(doc.text, doc.lang)
        failed = decide(signals, quality_score(signals), config)
        if failed and shown < n:
            shown += 1
            print("   ", failed, _top_penalties(signals), repr(doc.text[:120]))


def show_kept(docs: list[Doc], config: QualityConfig, n: int) -> None:
    shown = 0
    for doc in docs:
        signals = quality_signals(doc.text, doc.lang)
        score = quality_score(signals)
        if not decide(signals, score, config) and shown < n:
            shown += 1
            print("   ", round(score, 3), repr(doc.text[:160]))


def calibrate(real: dict[str, list[Doc]], junk_per_kind: int, config: QualityConfig, show: int) -> dict:
    """Keep rate per set and drop rate per junk kind on both halves; ROC AUC per half."""
    report: dict = {"config": config.model_dump(), "real": {}, "junk": {}, "roc_auc": {}}
    halves = {name: _split(docs, name) for name, docs in real.items()}
    scores: dict[str, dict[str, list[float]]] = {h: {"real": [], "junk": []} for h in (CALIBRATION, HELD_OUT)}
    print(f"{'set':<14}{'calib docs':>11}{'keep':>8}{'held-out':>10}{'keep':>8}  held-out reasons")
    for name in sorted(real):
        row = {}
        for half in (CALIBRATION, HELD_OUT):
            docs = halves[name][half]
            set_scores, reasons = evaluate(docs, config)
            if name in AUC_SETS:
                scores[half]["real"] += set_scores
            row[half] = {"docs": len(docs), "keep_rate": round(reasons["kept"] / max(1, len(docs)), 4),
                         "reasons": dict(reasons)}
        report["real"][name] = row
        cal, held = row[CALIBRATION], row[HELD_OUT]
        flag = "  < target" if name in RECORD_SETS and min(cal["keep_rate"], held["keep_rate"]) < RECORD_KEEP_TARGET \
            else ""
        reasons = {k: v for k, v in sorted(held["reasons"].items(), key=lambda kv: -kv[1]) if k != "kept"}
        print(f"{name:<14}{cal['docs']:>11}{cal['keep_rate']:>8.2%}{held['docs']:>10}{held['keep_rate']:>8.2%}"
              f"  {dict(list(reasons.items())[:4])}{flag}")
        if show:
            show_rejected(halves[name][CALIBRATION], config, show)
    junk = {half: build_junk([d for name in JUNK_BASE for d in halves.get(name, {}).get(half, [])], junk_per_kind)
            for half in (CALIBRATION, HELD_OUT)}
    for kind in JUNK_KINDS:
        row = {}
        for half in (CALIBRATION, HELD_OUT):
            docs = junk[half][kind]
            kind_scores, reasons = evaluate(docs, config)
            scores[half]["junk"] += kind_scores
            row[half] = {"docs": len(docs), "drop_rate": round(1 - reasons["kept"] / max(1, len(docs)), 4),
                         "reasons": dict(reasons)}
        report["junk"][kind] = row
        cal, held = row[CALIBRATION], row[HELD_OUT]
        flag = "  < target" if min(cal["drop_rate"], held["drop_rate"]) < JUNK_DROP_TARGET else ""
        reasons = {k: v for k, v in sorted(held["reasons"].items(), key=lambda kv: -kv[1])}
        print(f"{kind:<14}{cal['docs']:>11}{cal['drop_rate']:>8.2%}{held['docs']:>10}{held['drop_rate']:>8.2%}"
              f"  drop {dict(list(reasons.items())[:4])}{flag}")
        if show:
            show_kept(junk[CALIBRATION][kind], config, show)
    for half in (CALIBRATION, HELD_OUT):
        report["roc_auc"][half] = round(roc_auc(scores[half]["real"], scores[half]["junk"]), 4)
    print(f"ROC AUC of the score, real vs junk: calibration {report['roc_auc'][CALIBRATION]}, "
          f"held-out {report['roc_auc'][HELD_OUT]}")
    return report


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["build-terms"]:
        return build_terms(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--per-set", type=int, default=0, help="real documents per set (0: all)")
    parser.add_argument("--sets", nargs="*", help="only these sets (default: every source of the corpora)")
    parser.add_argument("--junk-per-kind", type=int, default=1000, help="per kind and half")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--show", type=int, default=0, help="print N rejected calibration documents per set "
                                                            "and N kept junk documents per kind")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}: pass --corpora DIR", file=sys.stderr)
        return 2
    config = QualityConfig()
    real = load_real(args.corpora, args.per_set)
    if args.sets:
        real = {name: docs for name, docs in real.items() if name in args.sets}
    report = calibrate(real, args.junk_per_kind, config, args.show)

    docs = bench_docs({name: real[name] for name in JUNK_BASE if name in real})
    if docs:
        mean_kb = statistics.mean(len(d.text.encode()) for d in docs) / 1000
        speed = throughput(docs, args.rounds)
        report["speed"] = {"docs": len(docs), "mean_kb": round(mean_kb, 2), "one_core": speed}
        print(f"speed: {len(docs)} docs of {mean_kb:.2f} KB mean, one core: {speed['median_docs_per_s']} docs/s "
              f"wall (median of {args.rounds}; min {speed['min']}, max {speed['max']}), "
              f"{speed['median_docs_per_cpu_s']} docs per CPU-second; load average {speed['load_avg_1m']}")
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    path = args.results / f"quality-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
