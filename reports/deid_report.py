"""The de-identification compliance report: one self-contained HTML page plus JSON.

Built after a run from what the deid stage stored (span records in each document's
``deid`` annotation), never by instrumenting the hot path. Everything shown is
de-identified: sample contexts come from the OUTPUT text, with the replacement marked.
Charts are inline SVG; the page loads nothing from anywhere.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter, defaultdict
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any, Iterable

from medcorpus.schemas import PHI_LABELS

SCORE_BINS = [i / 10 for i in range(11)]


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
                     "documents": sorted(doc_id for doc_id, spans in residual.items() if spans)[:200]},
    }


def build_report(summary: dict[str, Any], *, config: dict[str, Any], dataset: dict[str, Any],
                 evaluation: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "title": "De-identification compliance report",
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "dataset": dataset,
        "config": config,
        "versions": {dist: _version(dist) for dist in ("medcorpus", "presidio-analyzer", "faker", "names", "jieba")},
        "summary": summary,
        "evaluation": evaluation,
    }


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#57606a}
.ctx{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap}
mark{background:#ffe58f;padding:0 .15rem;border-radius:2px}.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:1rem}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _bar_chart(counts: dict[str, int], width: int = 640) -> str:
    if not counts:
        return '<p class="muted">none</p>'
    top = max(counts.values())
    row = 20
    height = row * len(counts) + 10
    bars = []
    for i, (label, n) in enumerate(sorted(counts.items(), key=lambda kv: -kv[1])):
        w = max(1, int((width - 260) * n / top))
        y = 5 + i * row
        bars.append(f'<text x="0" y="{y + 14}" font-size="12">{_e(label)}</text>'
                    f'<rect x="200" y="{y + 3}" width="{w}" height="14" fill="#0969da"/>'
                    f'<text x="{205 + w}" y="{y + 14}" font-size="12">{n}</text>')
    return f'<svg role="img" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'


def _histogram(counts: list[int], label: str) -> str:
    width, height = 240, 90
    top = max(counts) or 1
    bw = width / len(counts)
    bars = "".join(
        f'<rect x="{i * bw + 1:.1f}" y="{height - 20 - (height - 30) * n / top:.1f}" width="{bw - 2:.1f}" '
        f'height="{(height - 30) * n / top:.1f}" fill="#8250df"><title>{SCORE_BINS[i]:.1f}-{SCORE_BINS[i + 1]:.1f}: {n}'
        f'</title></rect>' for i, n in enumerate(counts))
    axis = f'<text x="0" y="{height - 5}" font-size="10">0</text><text x="{width - 20}" y="{height - 5}" ' \
           f'font-size="10">1.0</text>'
    return (f'<div class="card"><b>{_e(label)}</b><br><svg role="img" width="{width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg">{bars}{axis}</svg></div>')


def _table(headers: list[str], rows: list[list[Any]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f'<td class="{"n" if i in numeric else ""}">{c}</td>' for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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
        f"<h1>{_e(report['title'])}</h1>",
        f'<p class="muted">{_e(ds.get("name", ""))} version {_e(ds.get("version", ""))} · run {_e(ds.get("run_id", ""))}'
        f" · generated {_e(report['generated'])}</p>",
        "<h2>Summary</h2>",
        _table(["documents", "with PHI", "spans replaced", "residual spans after replacement"],
               [[s["documents"], s["documents_with_phi"], s["spans"],
                 f'<span class="{"ok" if s["residual"]["spans"] == 0 else "bad"}">{s["residual"]["spans"]}</span>']],
               {0, 1, 2, 3}),
        "<h2>Spans by HIPAA Safe Harbor category</h2>",
        _table(["category", "spans"], [[_e(c), n] for c, n in sorted(s["by_hipaa_category"].items())], {1}),
        "<h2>Spans by label</h2>",
        _bar_chart({k: v["count"] for k, v in s["by_label"].items()}),
        "<h2>Spans by recognizer</h2>",
        _bar_chart(s["by_recognizer"]),
        "<h2>Replacement kinds</h2>",
        _table(["kind", "spans"], [[_e(k), n] for k, n in s["by_replacement"].items()], {1}),
        "<h2>Score distributions</h2>",
        f'<p class="muted">threshold {_e(report["config"].get("score_threshold"))}: spans scored below it are not '
        f"replaced, so they do not appear here.</p>",
        '<div class="grid">' + "".join(_histogram(c, l) for l, c in sorted(s["score_histogram"]["by_label"].items()))
        + "</div>",
        "<h2>Residual scan</h2>",
        f'<p>Detection re-run on the de-identified output of {s["residual"]["documents_scanned"]} documents, counting '
        f"what it finds outside the replacements.</p>",
        _table(["label", "residual spans"], [[_e(k), n] for k, n in sorted(s["residual"]["by_label"].items())] or
               [["none", 0]], {1}),
        "<h2>Sample contexts (de-identified output)</h2>",
    ]
    for label, samples in sorted(s["samples"].items()):
        rows = [[f'<span class="ctx">…{_e(x["left"])}<mark>{_e(x["replacement"])}</mark>{_e(x["right"])}…</span>']
                for x in samples]
        parts.append(f"<h3>{_e(label)}</h3>" + _table(["context"], rows))
    evaluation = report.get("evaluation")
    if evaluation:
        span = evaluation["span"]
        parts.append("<h2>Evaluation against the gold set</h2>")
        parts.append(f'<p>{_e(evaluation.get("n_docs"))} documents, {_e(evaluation.get("n_gold_spans"))} gold spans; '
                     "any-overlap span matching (PhysioNet deid convention), 95% Wilson intervals.</p>")
        rows = [["<b>overall</b>", span["overall"]["gold"], _ci(span["overall"], "recall"),
                 _ci(span["overall"], "precision")]]
        for label, m in sorted(span.get("per_label", {}).items()):
            rows.append([_e(label), m["gold"], _ci(m, "recall"), _ci(m, "precision")])
        parts.append(_table(["label", "gold spans", "recall [95% CI]", "precision [95% CI]"], rows, {1}))
        for title, key in (("Misses", "misses"), ("False positives", "false_positives")):
            found = evaluation.get(key) or {}
            items = found.get("items", [])
            parts.append(f"<h3>{title} ({found.get('total', len(items))}, {len(items)} shown)</h3>")
            parts.append(_table(["doc", "label", "context"], [[_e(m["id"]), _e(m["label"]),
                                                                f'<span class="ctx">{_e(m["context"])}</span>']
                                                               for m in items]))
    parts.append("<h2>Configuration and versions</h2>")
    parts.append(_table(["setting", "value"], [[_e(k), f'<span class="ctx">{_e(json.dumps(v))}</span>']
                                               for k, v in sorted(report["config"].items())]))
    parts.append(_table(["component", "version"], [[_e(k), _e(v)] for k, v in report["versions"].items()]))
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(report['title'])}</title><style>{_CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>")


def residual_scan(deidentifier, docs: list[dict[str, Any]]) -> dict[str, list[dict]]:
    """Re-run detection on de-identified texts; keep what lies outside every replacement."""
    from medcorpus.transforms.deid import detect_phi, document_language

    residual: dict[str, list[dict]] = {}
    for doc in docs:
        replaced = [(s["start"], s["end"]) for s in ((doc.get("deid") or {}).get("spans") or [])]
        lang = document_language(doc.get("lang"), doc["text"], deidentifier.config.default_lang)
        found = [s for s in detect_phi(deidentifier.analyzer, doc["text"], lang, deidentifier.config)
                 if not any(s.start < end and start < s.end for start, end in replaced)]
        residual[doc["doc_id"]] = [{"start": s.start, "end": s.end, "label": s.label, "recognizer": s.recognizer}
                                   for s in found]
    return residual


def evaluate_gold(deidentifier, gold: str | Path | list[dict[str, Any]]) -> dict[str, Any]:
    """Detection on every gold text, scored by medcorpus.reports.deid_eval."""
    from medcorpus.reports.deid_eval import evaluate
    from medcorpus.transforms.deid import detect_phi, document_language

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
    import polars as pl
    from apache_beam.io.filesystems import FileSystems
    from medcorpus.transforms.deid import DeidConfig, Deidentifier
    from medcorpus.transforms.write import commit_history, run_dir

    history = commit_history(table)
    version = max(history) if version is None else version
    meta = history[version]["medcorpus"]
    deid_config = DeidConfig.model_validate(meta.get("config", {}).get("stages", {}).get("deid", {}))
    docs = pl.scan_delta(table, version=version).select("doc_id", "lang", "text", "deid").collect().to_dicts()
    # detection only: the residual scan and the evaluation need no key
    deidentifier = Deidentifier(deid_config.model_copy(update={"mode": "mask"}))
    sample = docs[:: max(1, len(docs) // residual_sample)] if residual_sample else []
    summary = summarise(docs, residual=residual_scan(deidentifier, sample))
    summary["residual"]["documents_scanned"] = len(sample)
    report = build_report(summary, config=deid_config.model_dump(mode="json"),
                          dataset={"name": meta.get("dataset"), "version": version, "run_id": meta.get("run_id"),
                                   "table": table},
                          evaluation=evaluate_gold(deidentifier, gold) if gold else None)
    return write_report(report, out_dir or run_dir(table, meta.get("run_id", f"version-{version}")))


def write_json_and_html(data: dict[str, Any], html: str, out_dir: str, stem: str) -> tuple[str, str]:
    """``<stem>.json`` and ``<stem>.html`` in ``out_dir`` (local or an object store)."""
    from apache_beam.io.filesystems import FileSystems

    paths = []
    for name, body in ((f"{stem}.json", json.dumps(data, ensure_ascii=False, indent=1)), (f"{stem}.html", html)):
        path = FileSystems.join(out_dir, name)
        with FileSystems.create(path) as f:
            f.write(body.encode("utf-8"))
        paths.append(path)
    return paths[0], paths[1]


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
