"""De-identification benchmark: medcorpus against presidio's own AnalyzerEngine, side by side.

    .venv/bin/python bench/deid_bench.py [--n 400] [--rounds 3] [--gold FILE.jsonl]

Both run on one core over the same English notes (generated gold notes, or a gold JSONL
file such as a planted set): presidio with its offline engine (blank spaCy tokenizer and
its predefined recognizers, the setup that works without a model download) and medcorpus'
recognizers through the same AnalyzerEngine API. Reports notes/s per round, the median
ratio, and any-overlap recall/precision of each against the gold spans, so "faster"
is never bought with "finds less".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")


def presidio_baseline():
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank_en"}])
    engine.nlp = {"en": spacy.blank("en")}  # no model can be downloaded: presidio's offline setup
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
    return lambda text: [{"start": r.start, "end": r.end, "label": r.entity_type}
                         for r in analyzer.analyze(text, language="en")]


def medcorpus_detector():
    from medcorpus.transforms.deid import DeidConfig, Deidentifier, detect_phi

    deid = Deidentifier(DeidConfig(mode="mask"))
    return lambda text: [s._asdict() for s in detect_phi(deid.analyzer, text, "en", deid.config)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=400, help="generated notes when no --gold is given")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gold", type=Path, help="English gold JSONL to time and score on instead")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, for both

    from medcorpus.reports.deid_eval import evaluate
    from medcorpus.sample_data.generator import generate_notes

    if args.gold:
        gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        gold = [g for g in gold if g.get("lang", "en") == "en"]
    else:
        gold = generate_notes("en", args.n, seed=4242)
    texts = [g["text"] for g in gold]
    detectors = {"presidio": presidio_baseline(), "medcorpus": medcorpus_detector()}
    for detect in detectors.values():
        detect(texts[0])  # load and warm up outside the timing

    rates = {name: [] for name in detectors}
    found = {}
    for _ in range(args.rounds):
        for name, detect in detectors.items():  # alternate, so machine noise hits both alike
            start = time.perf_counter()
            found[name] = {g["id"]: detect(g["text"]) for g in gold}
            rates[name].append(len(texts) / (time.perf_counter() - start))
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} English notes, mean {mean_chars:.0f} characters, {args.rounds} rounds, one core")
    result = {"notes": len(texts), "mean_chars": round(mean_chars), "rounds": args.rounds}
    for name in detectors:
        score = evaluate(gold, found[name])["span"]["overall"]
        median = statistics.median(rates[name])
        result[name] = {"notes_per_s": [round(r, 1) for r in rates[name]], "median_notes_per_s": round(median, 1),
                        "recall": score["recall"], "precision": score["precision"]}
        print(f"{name:<10} {median:8.1f} notes/s (rounds: {', '.join(f'{r:.0f}' for r in rates[name])})  "
              f"recall {score['recall']:.3f}  precision {score['precision']:.3f}")
    ratio = statistics.median(m / p for m, p in zip(rates["medcorpus"], rates["presidio"]))
    result["speedup_median"] = round(ratio, 2)
    print(f"medcorpus / presidio: {ratio:.1f}x (median of per-round ratios)")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"deid-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=1))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
