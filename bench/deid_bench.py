"""De-identification benchmark on real text: medcorpus beside presidio's own AnalyzerEngine.

    make bench-deid
    .venv/bin/python bench/deid_bench.py [--limit 1500] [--rounds 3] [--abstracts 300] [--gold FILE.jsonl ...]

Gold sets: the real development sets in ``../shared/gold`` that are present (PhysioNet deid nursing
notes, the same notes under i2b2-2014 labels, Weibo NER posts; each absent file is skipped with a
printed line), plus any ``--gold`` file (a planted set, say). With none of them, generated notes.
At most ``--limit`` records of each set are read. Sets with the same texts are detected once.

Both detectors run on one core over the same texts, in alternating rounds so machine noise hits
both alike: presidio with its offline engine (a blank spaCy tokenizer and its predefined
recognizers, the setup that works without a model download; English recognizers only, so on
Chinese text it can find shapes such as phone numbers, never names) and medcorpus' recognizers
through the same AnalyzerEngine API. Per set: leak recall (a gold value counts as removed only
when none of its letters or digits survive; spans under 2 characters are not scored), any-overlap
recall and precision, all per category with 95% Wilson intervals in the JSON, notes/s and the
speed ratio.

Precision where there is no patient: replaced spans per 100 English MEDLINE abstracts of
``../shared/corpora/pubmed_medline_xml_en`` (read with the project's MEDLINE reader), medcorpus
with the deid profile the source gets (literature) and, for reference, the clinical profile.
Abstracts name no patient, so nearly every replacement there costs corpus text for nothing.

Results are saved as JSON under ``bench/results/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

from medcorpus.reports.deid_eval import evaluate
from medcorpus.sample_data.generator import generate_notes
from medcorpus.transforms.deid.stage import DeidConfig, Deidentifier, detect_phi, document_language
from medcorpus.transforms.deid.profiles import DEFAULT_PROFILE, source_profile
from medcorpus.transforms.ingest.readers import read_medline
from medcorpus.transforms.ingest.stage import MedlineSource

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

ROOT = Path(__file__).resolve().parent.parent
REAL_SETS = ("physionet_deid_dev.jsonl", "physionet_deid_i2b2_dev.jsonl", "weibo_ner_dev.jsonl")
MEDLINE_FILES = ("pubmed20n0014.xml.gz", "pubmed-29768149.xml")
Detector = Callable[[dict], list[dict]]


# --------------------------------------------------------------------------- detectors

def presidio_baseline() -> Detector:
    # presidio and spaCy are heavy: imported only when the benchmark runs
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank_en"}])
    engine.nlp = {"en": spacy.blank("en")}  # no model can be downloaded: presidio's offline setup
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
    return lambda doc: [{"start": r.start, "end": r.end, "label": r.entity_type}
                        for r in analyzer.analyze(doc["text"], language="en")]


def medcorpus_detector(deid: Deidentifier, profile: str = DEFAULT_PROFILE) -> Detector:
    """Detection as the deid stage runs it for a source of this profile (the spans it replaces)."""
    config, labels = deid.config, deid.labels(profile)

    def detect(doc: dict) -> list[dict]:
        lang = document_language(doc.get("lang"), doc["text"], config.default_lang)
        return [s._asdict() for s in detect_phi(deid.analyzer, doc["text"], lang, config, labels)]

    return detect


# --------------------------------------------------------------------------- data

def read_jsonl(path: Path, limit: int) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
                if len(out) >= limit:
                    break
    return out


def gold_sets(gold_dir: Path, extra: list[Path], limit: int, generated: int) -> dict[str, list[dict]]:
    sets = {}
    for name in REAL_SETS:
        path = gold_dir / name
        if path.is_file():
            sets[path.stem] = read_jsonl(path, limit)
        else:
            print(f"skip {path.stem}: {path} not found")
    for path in extra:
        sets[path.stem] = read_jsonl(path, limit)
    if not sets:
        print(f"no gold sets found: {generated} generated notes (they only show that the detectors find what "
              f"the generator writes)")
        sets["generated_en"] = generate_notes("en", generated, seed=4242)
    return sets


def medline_abstracts(folder: Path, limit: int) -> tuple[list[dict], str]:
    """The first ``limit`` English citations with an abstract, as the ingest stage would text them,
    and the deid profile the source gets."""
    paths = [folder / name for name in MEDLINE_FILES if (folder / name).is_file()]
    if not paths:
        return [], DEFAULT_PROFILE
    source = MedlineSource(name="pubmed", format="medline", path=[str(p) for p in paths])
    profile = source_profile(source)
    docs: list[dict] = []
    for path in paths:
        with (gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")) as stream:
            for rec in read_medline(stream, source, "utf-8"):
                if rec.error or "eng" not in (rec.metadata or {}).get("article_language", []):
                    continue
                docs.append({"id": rec.source_id, "lang": "en", "text": "\n\n".join(rec.texts)})
                if len(docs) >= limit:
                    return docs, profile
    return docs, profile


# --------------------------------------------------------------------------- measuring

def timed_rounds(detectors: dict[str, Detector], docs: list[dict], rounds: int):
    """Predictions per detector, and notes/s per round; detectors alternate within each round."""
    rates: dict[str, list[float]] = {name: [] for name in detectors}
    found: dict[str, dict] = {}
    for _ in range(rounds):
        for name, detect in detectors.items():
            start = time.perf_counter()
            found[name] = {d["id"]: detect(d) for d in docs}
            rates[name].append(len(docs) / (time.perf_counter() - start))
    return found, rates


def scores(gold: list[dict], predicted: dict) -> dict:
    res = evaluate(gold, predicted, max_examples=0)
    span, leak = res["span"], res["leak"]
    keep = ("recall", "recall_ci", "precision", "precision_ci", "gold", "predicted")
    return {
        "leak": {"n_skipped_short": leak["n_skipped_short"], "min_chars": leak["min_chars"],
                 "overall": leak["overall"], "per_label": leak["per_label"]},
        "any_overlap": {"overall": {k: span["overall"][k] for k in keep},
                        "per_label": {lab: {k: d[k] for k in keep} for lab, d in span["per_label"].items()}},
        "token": {k: res["token"]["overall"][k] for k in ("recall", "precision")},
    }


def _r(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _ci(x: list[float] | None) -> str:
    return "" if x is None else f"[{x[0]:.3f}-{x[1]:.3f}]"


def print_set(name: str, gold: list[dict], by_detector: dict[str, dict]) -> None:
    first = next(iter(by_detector.values()))
    print(f"  {name}: {len(gold)} docs, {first['leak']['overall']['scored']} gold values leak-scored "
          f"({first['leak']['n_skipped_short']} under {first['leak']['min_chars']} chars not scored)")
    for det, s in by_detector.items():
        lk, ao = s["leak"]["overall"], s["any_overlap"]["overall"]
        print(f"    {det:<10} leak recall {_r(lk['recall'])} {_ci(lk['recall_ci']):<14} | any-overlap "
              f"R {_r(ao['recall'])} P {_r(ao['precision'])} ({ao['predicted']} spans) | token "
              f"R {_r(s['token']['recall'])} P {_r(s['token']['precision'])}")
    labels = sorted(first["leak"]["per_label"], key=lambda lab: -first["leak"]["per_label"][lab]["scored"])
    print(f"    {'category':<10}{'values':>7}   " + "   ".join(f"{d + ' leak R / any-overlap R':<34}"
                                                          for d in by_detector))
    for lab in labels:
        cells = []
        for s in by_detector.values():
            lk, ao = s["leak"]["per_label"][lab], s["any_overlap"]["per_label"][lab]
            cells.append(f"{_r(lk['recall'])} {_ci(lk['recall_ci']):<14} / {_r(ao['recall'])}")
        print(f"    {lab:<10}{first['leak']['per_label'][lab]['scored']:>7}   " + "   ".join(f"{c:<34}" for c in cells))
    annotated = {span["label"] for g in gold for span in g["spans"]}
    per_label = by_detector["medcorpus"]["any_overlap"]["per_label"]
    prec = ", ".join(f"{lab} {_r(d['precision'])} ({d['predicted']})"
                     for lab, d in per_label.items() if d["predicted"] and lab in annotated)
    other = ", ".join(f"{lab} {d['predicted']}" for lab, d in per_label.items()
                      if d["predicted"] and lab not in annotated)
    print(f"    medcorpus precision by predicted label: {prec or 'no predictions'}"
          + (f"; labels this set does not annotate (not scorable, counted in P above): {other}" if other else ""))


def _merged(spans: list[dict]) -> int:
    """How many replacements the spans make once overlapping ones are merged (what an anonymizer replaces)."""
    n, end = 0, -1
    for s in sorted(spans, key=lambda s: s["start"]):
        if s["start"] >= end:
            n += 1
        end = max(end, s["end"])
    return n


def no_patient_figure(detectors: dict[str, Detector], docs: list[dict]) -> dict:
    out = {}
    for name, detect in detectors.items():
        found = [(d, detect(d)) for d in docs]
        per_label = Counter(s["label"] for _, spans in found for s in spans)
        values = Counter((s["label"], d["text"][s["start"]:s["end"]]) for d, spans in found for s in spans)
        replaced = sum(_merged(spans) for _, spans in found)
        out[name] = {"replaced_spans": replaced, "per_100_abstracts": round(100 * replaced / len(docs), 1),
                     "abstracts_touched": sum(1 for _, spans in found if spans),
                     "per_label": dict(per_label.most_common()),
                     "top_values": [[lab, text, n] for (lab, text), n in values.most_common(25)]}
    return out


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=1500, help="records read from each gold set (the real dev "
                                                                "sets have ~1.3k each; all of them take ~1 minute)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--abstracts", type=int, default=300, help="MEDLINE abstracts for the no-patient figure")
    parser.add_argument("--gold-dir", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--gold", type=Path, action="append", default=[], help="another gold JSONL to score on")
    parser.add_argument("--generated", type=int, default=400, help="generated notes when no gold set is found")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, for both

    sets = gold_sets(args.gold_dir, args.gold, args.limit, args.generated)
    deid = Deidentifier(DeidConfig(mode="mask"))
    detectors = {"medcorpus": medcorpus_detector(deid), "presidio": presidio_baseline()}
    for detect in detectors.values():
        detect({"id": "warm-up", "lang": "en", "text": "Seen by Dr. Ann Lee on 3/14/2021, call 555-123-4567."})
    result: dict = {"rounds": args.rounds, "limit": args.limit, "sets": {}, "timing": []}

    groups: dict[tuple, list[str]] = {}  # sets sharing their texts are detected (and timed) once
    for name, gold in sets.items():
        groups.setdefault(tuple((g["id"], g["text"]) for g in gold), []).append(name)
    print(f"one core, {args.rounds} alternating rounds per text set")
    for names in groups.values():
        docs = sets[names[0]]
        found, rates = timed_rounds(detectors, docs, args.rounds)
        mean_chars = sum(len(d["text"]) for d in docs) / max(1, len(docs))
        median = {name: statistics.median(r) for name, r in rates.items()}
        ratio = statistics.median(m / p for m, p in zip(rates["medcorpus"], rates["presidio"]))
        print(f"\n{' + '.join(names)}: {len(docs)} texts, mean {mean_chars:.0f} chars | notes/s "
              + ", ".join(f"{name} {v:.0f}" for name, v in median.items())
              + f" | medcorpus/presidio {ratio:.1f}x (median of per-round ratios)")
        if any(d.get("lang") == "zh" for d in docs):
            print("  (presidio has no Chinese recognizers offline: its English patterns can match shapes only)")
        result["timing"].append({"sets": names, "texts": len(docs), "mean_chars": round(mean_chars),
                                 "notes_per_s": {n: [round(x, 1) for x in r] for n, r in rates.items()},
                                 "median_notes_per_s": {n: round(v, 1) for n, v in median.items()},
                                 "speedup_median": round(ratio, 2)})
        for name in names:
            by_detector = {det: scores(sets[name], found[det]) for det in detectors}
            print_set(name, sets[name], by_detector)
            result["sets"][name] = by_detector

    folder = args.corpora / "pubmed_medline_xml_en"
    abstracts, profile = medline_abstracts(folder, args.abstracts) if folder.is_dir() else ([], DEFAULT_PROFILE)
    if not abstracts:
        print(f"\nskip the no-patient figure: no MEDLINE abstracts under {folder}")
    else:
        lit = {"medcorpus": medcorpus_detector(deid, profile), f"medcorpus ({DEFAULT_PROFILE} profile)":
               detectors["medcorpus"], "presidio": detectors["presidio"]}
        figure = no_patient_figure(lit, abstracts)
        result["no_patient"] = {"abstracts": len(abstracts), "medcorpus_profile": profile, **figure}
        print(f"\nno patient: {len(abstracts)} English MEDLINE abstracts (medcorpus with the source's deid profile, "
              f"{profile}: {', '.join(deid.labels(profile)) or 'nothing'})")
        for name, f in figure.items():
            top = ", ".join(f"{lab} {n}" for lab, n in list(f["per_label"].items())[:6])
            print(f"  {name:<28} {f['per_100_abstracts']:6.1f} replaced spans per 100 abstracts "
                  f"({f['abstracts_touched']} abstracts touched; {top or 'none'})")
        for name in lit:
            if name != "presidio" and figure[name]["top_values"]:
                print(f"  {name} most replaced: " + "; ".join(f"{lab} {text!r} x{n}"
                                                              for lab, text, n in figure[name]["top_values"][:8]))

    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"deid-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
