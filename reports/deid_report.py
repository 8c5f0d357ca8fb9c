"""The de-identification compliance report: one self-contained HTML page plus JSON.

Built after a run from what the deid stage stored (span records in each document's
``deid`` annotation), never by instrumenting the hot path. Everything shown is
de-identified: sample contexts come from the OUTPUT text, with the replacement marked.
Charts are inline SVG; the page loads nothing from anywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any, Iterable

import polars as pl

from medcorpus.reports.deid_eval import evaluate
from medcorpus.reports.html import bar_chart, escape, histogram, page, table, write_json_and_html
from medcorpus.schemas import PHI_LABELS
from medcorpus.table import commit_history, run_dir
from medcorpus.transforms.deid.stage import DeidConfig, Deidentifier, detect_phi, document_language
from medcorpus.transforms.deid.profiles import DEFAULT_PROFILE

SCORE_BINS = [i / 10 for i in range(11)]
PARTIAL = "report.partial_replacement"  # the residual scan's name for a token left beside a replacement
_PARTIAL_LABELS = frozenset({"NAME", "CITY", "FACILITY", "ADDRESS"})
_WORD_BEFORE = re.compile(r"(?<!\w)([A-Z][a-z]\w*)[ -]?$")
_WORD_AFTER = re.compile(r"[ -]?([A-Z][a-z]\w*)(?!\w)")
_STOPWORDS_FILE = Path(__file__).resolve().parents[1] / "transforms" / "resources" / "en_stopwords.txt"


def _version(dist: str) -> str:
    try:
        return importlib_metadata.version(dist)
    except importlib_metadata.PackageNotFoundError:
        return "not installed"


def summarise(docs: Iterable[dict[str, Any]], *, residual: dict[str, list[dict]] | None = None,
              samples_per_label: int = 8, context_chars: int = 50) -> dict[str, Any]:
    """Counts, score distributions and de-identified sample contexts from stored spans.

    ``residual`` maps doc_id to spans found by re-running detection on the output text
    that do not overlap a replacement: what the first pass left behind."""
    by_label: Counter = Counter()
    by_recognizer: Counter = Counter()
    by_kind: Counter = Counter()
    by_lang: Counter = Counter()
    scores: dict[str, list[int]] = defaultdict(lambda: [0] * (len(SCORE_BINS) - 1))
    samples: dict[str, list[str]] = defaultdict(list)
    n_docs = docs_with_phi = 0
    for doc in docs:
        n_docs += 1
        deid = doc.get("deid") or {}
        spans = deid.get("spans") or []
        docs_with_phi += bool(spans)
        by_lang[doc.get("lang") or "unknown"] += len(spans)
        text = doc["text"]
        for span in spans:
            label = span["label"]
            by_label[label] += 1
            by_recognizer[span["recognizer"]] += 1
            by_kind[span["replacement"]] += 1
            scores[label][min(int(span["score"] * 10), 9)] += 1
            if len(samples[label]) < samples_per_label:
                left = text[max(0, span["start"] - context_chars):span["start"]]
                right = text[span["end"]:span["end"] + context_chars]
                samples[label].append({"doc_id": doc["doc_id"], "left": left, "replacement": text[span["start"]:span["end"]],
                                       "right": right})
    by_hipaa: Counter = Counter()
    for label, n in by_label.items():
        by_hipaa[PHI_LABELS[label].hipaa] += n
    residual = residual or {}
    residual_by_label = Counter(s["label"] for spans in residual.values() for s in spans)
    partial_by_label = Counter(s["label"] for spans in residual.values() for s in spans if s["recognizer"] == PARTIAL)
    return {
        "documents": n_docs,
        "documents_with_phi": docs_with_phi,
        "spans": sum(by_label.values()),
        "by_label": {label: {"count": by_label[label], "hipaa": PHI_LABELS[label].hipaa} for label in PHI_LABELS
                     if by_label[label]},
        "by_hipaa_category": dict(sorted(by_hipaa.items())),
        "by_recognizer": dict(by_recognizer.most_common()),
        "by_replacement": dict(by_kind),
        "spans_by_language": dict(by_lang),
        "score_histogram": {"bins": SCORE_BINS, "by_label": dict(scores)},
        "samples": dict(samples),
        "residual": {"documents_scanned": n_docs, "spans": sum(residual_by_label.values()),
                     "by_label": dict(residual_by_label),
                     "partial_replacements": {"tokens": sum(partial_by_label.values()),
                                              "by_label": dict(partial_by_label)},
                     "documents": sorted(doc_id for doc_id, spans in residual.items() if spans)[:200]},
    }


def build_report(summary: dict[str, Any], *, config: dict[str, Any], dataset: dict[str, Any],
                 evaluation: dict[str, Any] | None = None, profiles: dict[str, Any] | None = None) -> dict[str, Any]:
    """``profiles``: the deid stage's run metadata (source -> profile, profile -> labels)."""
    return {
        "title": "De-identification compliance report",
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "dataset": dataset,
        "config": config,
        "profiles": profiles or {},
        "versions": {dist: _version(dist) for dist in ("medcorpus", "presidio-analyzer", "faker", "names", "jieba")},
        "summary": summary,
        "evaluation": evaluation,
    }


# --------------------------------------------------------------------------- HTML

def _ci(metric: dict[str, Any] | None, key: str) -> str:
    if not metric or metric.get(key) is None:
        return '<span class="muted">n/a</span>'
    low, high = metric.get(f"{key}_ci", (None, None))
    ci = f" [{low:.3f}, {high:.3f}]" if low is not None else ""
    return f"{metric[key]:.3f}{ci}"


def render_html(report: dict[str, Any]) -> str:
    s = report["summary"]
    ds = report["dataset"]
    parts = [
        f"<h1>{escape(report['title'])}</h1>",
        f'<p class="muted">{escape(ds.get("name", ""))} version {escape(ds.get("version", ""))} · '
        f'run {escape(ds.get("run_id", ""))}'
        f" · generated {escape(report['generated'])}</p>",
        "<h2>Summary</h2>",
        table(["documents", "with PHI", "spans replaced", "residual spans after replacement"],
              [[s["documents"], s["documents_with_phi"], s["spans"],
                f'<span class="{"ok" if s["residual"]["spans"] == 0 else "bad"}">{s["residual"]["spans"]}</span>']],
              {0, 1, 2, 3}),
        "<h2>Spans by HIPAA Safe Harbor category</h2>",
        table(["category", "spans"], [[escape(c), n] for c, n in sorted(s["by_hipaa_category"].items())], {1}),
        "<h2>Spans by label</h2>",
        bar_chart({k: v["count"] for k, v in s["by_label"].items()}),
        "<h2>Spans by recognizer</h2>",
        bar_chart(s["by_recognizer"]),
        "<h2>Replacement kinds</h2>",
        table(["kind", "spans"], [[escape(k), n] for k, n in s["by_replacement"].items()], {1}),
        "<h2>Score distributions</h2>",
        f'<p class="muted">threshold {escape(report["config"].get("score_threshold"))}: spans scored below it are not '
        f"replaced, so they do not appear here.</p>",
        '<div class="grid">' + "".join(histogram(c, l) for l, c in sorted(s["score_histogram"]["by_label"].items()))
        + "</div>",
        "<h2>Residual scan</h2>",
        f'<p>Detection re-run on the de-identified output of {s["residual"]["documents_scanned"]} documents, counting '
        f"what it finds outside the replacements.</p>",
        table(["label", "residual spans"], [[escape(k), n] for k, n in sorted(s["residual"]["by_label"].items())]
              or [["none", 0]], {1}),
        f'<p>Of these, {s["residual"]["partial_replacements"]["tokens"]} are partly replaced values: a capitalised '
        "word that is not a stopword, directly beside a replaced name, city, facility or address "
        "(&ldquo;Lake [CITY]&rdquo;).</p>",
        "<h2>Sample contexts (de-identified output)</h2>",
    ]
    for label, samples in sorted(s["samples"].items()):
        rows = [[f'<span class="ctx">…{escape(x["left"])}<mark>{escape(x["replacement"])}</mark>'
                 f'{escape(x["right"])}…</span>'] for x in samples]
        parts.append(f"<h3>{escape(label)}</h3>" + table(["context"], rows))
    evaluation = report.get("evaluation")
    if evaluation:
        span = evaluation["span"]
        parts.append("<h2>Evaluation against the gold set</h2>")
        parts.append(f'<p>{escape(evaluation.get("n_docs"))} documents, '
                     f'{escape(evaluation.get("n_gold_spans"))} gold spans; '
                     "any-overlap span matching (PhysioNet deid convention), 95% Wilson intervals.</p>")
        rows = [["<b>overall</b>", span["overall"]["gold"], _ci(span["overall"], "recall"),
                 _ci(span["overall"], "precision")]]
        for label, m in sorted(span.get("per_label", {}).items()):
            rows.append([escape(label), m["gold"], _ci(m, "recall"), _ci(m, "precision")])
        parts.append(table(["label", "gold spans", "recall [95% CI]", "precision [95% CI]"], rows, {1}))
        for title, key in (("Misses", "misses"), ("False positives", "false_positives")):
            found = evaluation.get(key) or {}
            items = found.get("items", [])
            parts.append(f"<h3>{title} ({found.get('total', len(items))}, {len(items)} shown)</h3>")
            parts.append(table(["doc", "label", "context"],
                               [[escape(m["id"]), escape(m["label"]),
                                 f'<span class="ctx">{escape(m["context"])}</span>'] for m in items]))
    profiles = report.get("profiles") or {}
    if profiles.get("profiles"):
        parts.append("<h2>Profiles by source</h2>")
        labels = profiles.get("profile_labels", {})
        parts.append(table(["source", "profile", "categories removed"],
                           [[escape(src), escape(p), escape(", ".join(labels.get(p, [])) or "none")]
                            for src, p in sorted(profiles["profiles"].items())]))
    parts.append("<h2>Configuration and versions</h2>")
    parts.append(table(["setting", "value"], [[escape(k), f'<span class="ctx">{escape(json.dumps(v))}</span>']
                                              for k, v in sorted(report["config"].items())]))
    parts.append(table(["component", "version"], [[escape(k), escape(v)] for k, v in report["versions"].items()]))
    return page(report["title"], parts)


def _stopwords() -> frozenset[str]:
    words = [w for w in _STOPWORDS_FILE.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")]
    names = [*calendar.day_name, *calendar.month_name[1:], "Dr", "Mr", "Mrs", "Ms", "Miss", "Prof", "Patient"]
    return frozenset(w.casefold() for w in words + names)


def partial_replacements(text: str, spans: list[dict[str, Any]], stopwords: frozenset[str]) -> list[dict]:
    """Original words left directly beside a replaced name, city, facility or address: a
    capitalised word that is no stopword and no other replacement ("Lake [CITY]" where the
    city was "Lake Branford"). Positions are in the de-identified text."""
    replaced = [(s["start"], s["end"]) for s in spans]
    found = {}
    for span in spans:
        if span["label"] not in _PARTIAL_LABELS:
            continue
        before = _WORD_BEFORE.search(text, max(0, span["start"] - 40), span["start"])
        after = _WORD_AFTER.match(text, span["end"])
        for m in (before, after):
            if m and m.group(1).casefold() not in stopwords and \
                    not any(m.start(1) < end and start < m.end(1) for start, end in replaced):
                found[m.start(1)] = {"start": m.start(1), "end": m.end(1), "label": span["label"], "recognizer": PARTIAL}
    return sorted(found.values(), key=lambda s: s["start"])


def residual_scan(deidentifier, docs: list[dict[str, Any]], profiles: dict[str, str] | None = None
                  ) -> dict[str, list[dict]]:
    """Re-run detection on de-identified texts, for the categories each document's source
    profile removes; keep what lies outside every replacement, and the words left beside one."""
    profiles = profiles or {}
    stopwords = _stopwords()
    residual: dict[str, list[dict]] = {}
    for doc in docs:
        spans = (doc.get("deid") or {}).get("spans") or []
        replaced = [(s["start"], s["end"]) for s in spans]
        lang = document_language(doc.get("lang"), doc["text"], deidentifier.config.default_lang)
        labels = deidentifier.labels(profiles.get(doc.get("source"), DEFAULT_PROFILE))
        found = [s for s in detect_phi(deidentifier.analyzer, doc["text"], lang, deidentifier.config, labels)
                 if not any(s.start < end and start < s.end for start, end in replaced)]
        residual[doc["doc_id"]] = [{"start": s.start, "end": s.end, "label": s.label, "recognizer": s.recognizer}
                                   for s in found] + partial_replacements(doc["text"], spans, stopwords)
    return residual


def evaluate_gold(deidentifier, gold: str | Path | list[dict[str, Any]]) -> dict[str, Any]:
    """Detection on every gold text, scored by medcorpus.reports.deid_eval."""
    if not isinstance(gold, list):
        gold = [json.loads(line) for line in Path(gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    predicted = {
        g["id"]: detect_phi(deidentifier.analyzer, g["text"],
                            document_language(g.get("lang"), g["text"], deidentifier.config.default_lang),
                            deidentifier.config)
        for g in gold
    }
    return evaluate(gold, predicted)


def report_for_version(table: str, version: int | None = None, *, out_dir: str | None = None,
                       gold: str | Path | None = None, residual_sample: int = 5000) -> tuple[str, str]:
    """Write the report of one committed version (default: its run folder in the table)."""
    history = commit_history(table)
    version = max(history) if version is None else version
    meta = history[version]["medcorpus"]
    deid_config = DeidConfig.model_validate(meta.get("config", {}).get("stages", {}).get("deid", {}))
    docs = pl.scan_delta(table, version=version).select("doc_id", "source", "lang", "text", "deid").collect().to_dicts()
    profiles = meta.get("stage_metadata", {}).get("deid", {})  # none recorded: every source was clinical
    # detection only: the residual scan and the evaluation need no key
    deidentifier = Deidentifier(deid_config.model_copy(update={"mode": "mask"}))
    sample = docs[:: max(1, len(docs) // residual_sample)] if residual_sample else []
    summary = summarise(docs, residual=residual_scan(deidentifier, sample, profiles.get("profiles")))
    summary["residual"]["documents_scanned"] = len(sample)
    report = build_report(summary, config=deid_config.model_dump(mode="json"),
                          dataset={"name": meta.get("dataset"), "version": version, "run_id": meta.get("run_id"),
                                   "table": table},
                          evaluation=evaluate_gold(deidentifier, gold) if gold else None, profiles=profiles)
    return write_report(report, out_dir or run_dir(table, meta.get("run_id", f"version-{version}")))


def write_report(report: dict[str, Any], out_dir: str) -> tuple[str, str]:
    """deid-report.json and deid-report.html in ``out_dir``."""
    return write_json_and_html(report, render_html(report), out_dir, "deid-report")


def report_for_gold(deidentifier, gold_path: str | Path, out_dir: str) -> tuple[dict[str, Any], tuple[str, str]]:
    """Evaluate on a gold set and write the full report of de-identifying it."""
    gold = [json.loads(line) for line in Path(gold_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    evaluation = evaluate_gold(deidentifier, gold)
    docs = []
    for g in gold:
        text, spans, lang = deidentifier.text(g["text"], g.get("lang"), None)
        docs.append({"doc_id": g["id"], "lang": lang, "text": text, "deid": {"spans": spans}})
    summary = summarise(docs, residual=residual_scan(deidentifier, docs))
    report = build_report(summary, config=deidentifier.config.model_dump(mode="json"),
                          dataset={"name": Path(gold_path).name, "version": "gold"}, evaluation=evaluation)
    return evaluation, write_report(report, out_dir)
