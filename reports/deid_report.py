"""The de-identification compliance report: one self-contained HTML page plus JSON.

Built after a run from what the deid stage stored (span records in each document's
``deid`` annotation), never by instrumenting the hot path. Everything shown is
de-identified: sample contexts come from the OUTPUT text, with the replacement marked.
Charts are inline SVG; the page loads nothing from anywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any, Iterable, Iterator

import polars as pl

from medcorpus.reports.deid_eval import evaluate
from medcorpus.reports.html import (
    bar_chart, escape, histogram, page, table, with_contents, write_json_and_html,
)
from medcorpus.schemas import PHI_LABELS
from medcorpus.table import commit_history, run_dir
from medcorpus.transforms.deid.stage import DeidConfig, Deidentifier, detect_phi, document_language
from medcorpus.transforms.deid.profiles import DEFAULT_PROFILE

SCORE_BINS = [i / 10 for i in range(11)]
SIGN_OFF_DECISIONS = ("approve", "approve with conditions", "reject")
RESIDUAL_ITEMS = 200  # residual hits listed with their context (all are counted)
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
    candidates: dict[str, list[tuple[str, dict]]] = defaultdict(list)  # label -> (rank, sample)
    residual = residual or {}
    residual_items: list[dict] = []
    n_docs = docs_with_phi = 0
    for doc in docs:
        n_docs += 1
        deid = doc.get("deid") or {}
        spans = deid.get("spans") or []
        docs_with_phi += bool(spans)
        by_lang[doc.get("lang") or "unknown"] += len(spans)
        text = doc["text"]
        sampled: set[str] = set()
        found = residual.get(doc["doc_id"]) or []
        for span in spans:
            label = span["label"]
            by_label[label] += 1
            by_recognizer[span["recognizer"]] += 1
            by_kind[span["replacement"]] += 1
            scores[label][min(int(span["score"] * 10), 9)] += 1
            if label not in sampled:  # one sample per label and document
                sampled.add(label)
                left = masked_window(text, found, span["start"] - context_chars, span["start"])
                right = masked_window(text, found, span["end"], span["end"] + context_chars)
                candidates[label].append((_sample_rank(doc["doc_id"], label), {
                    "doc_id": doc["doc_id"], "left": left, "replacement": text[span["start"]:span["end"]],
                    "right": right}))
                if len(candidates[label]) > 4 * samples_per_label:
                    candidates[label] = sorted(candidates[label], key=lambda c: c[0])[:samples_per_label]
        for hit in found[:max(0, RESIDUAL_ITEMS - len(residual_items))]:
            residual_items.append({"doc_id": doc["doc_id"], "label": hit["label"], "recognizer": hit["recognizer"],
                                   "context": residual_context(text, found, hit, context_chars)})
    samples = {label: [c for _, c in sorted(found, key=lambda c: c[0])[:samples_per_label]]
               for label, found in sorted(candidates.items())}
    by_hipaa: Counter = Counter()
    for label, n in by_label.items():
        by_hipaa[PHI_LABELS[label].hipaa] += n
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
        "samples": samples,
        "residual": {"documents_scanned": n_docs, "spans": sum(residual_by_label.values()),
                     "by_label": dict(residual_by_label),
                     "partial_replacements": {"tokens": sum(partial_by_label.values()),
                                              "by_label": dict(partial_by_label)},
                     "documents": sorted(doc_id for doc_id, spans in residual.items() if spans)[:RESIDUAL_ITEMS],
                     "items": residual_items},
    }


def _sample_rank(doc_id: str, label: str) -> str:
    """A fixed pseudo-random order of documents per label, so samples spread over the corpus
    instead of coming from its first documents in doc_id order."""
    return hashlib.blake2b(f"{label}\x00{doc_id}".encode(), digest_size=8).hexdigest()


def residual_context(text: str, found: list[dict], hit: dict, chars: int) -> str:
    """The de-identified text around a residual hit, with every hit masked, on one line."""
    return masked_window(text, found, hit["start"] - chars, hit["end"] + chars).replace("\n", "\u23ce")


def masked_window(text: str, found: list[dict], lo: int, hi: int) -> str:
    """``text[lo:hi]`` with every residual hit in it masked as ``⟦LABEL?⟧``: what the scan found
    may be a leaked value, so the report shows where it is and never what it is."""
    lo, hi = max(0, lo), min(len(text), hi)
    pieces, at = [], lo
    for s in sorted(found, key=lambda s: s["start"]):
        if s["end"] <= lo or s["start"] >= hi:
            continue
        pieces += [text[at:max(at, s["start"])], f"\u27e6{s['label']}?\u27e7"]
        at = max(at, min(s["end"], hi))
    pieces.append(text[at:hi])
    return "".join(pieces)


def config_sha256(config: dict[str, Any]) -> str:
    """The hash of a deid config as shown in the report: canonical JSON, sorted keys."""
    return hashlib.sha256(json.dumps(config, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def build_report(summary: dict[str, Any], *, config: dict[str, Any], dataset: dict[str, Any],
                 evaluation: dict[str, Any] | None = None, profiles: dict[str, Any] | None = None,
                 provenance: dict[str, Any] | None = None) -> dict[str, Any]:
    """``profiles``: the deid stage's run metadata (source -> profile, profile -> labels).
    ``provenance``: what made the data (the run's ``code_version`` and ``config_sha256``)."""
    return {
        "title": "De-identification compliance report",
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "dataset": dataset,
        "provenance": {"code_version": None, "config_sha256": None, **(provenance or {}),
                       "deid_config_sha256": config_sha256(config)},
        "sign_off": {"reviewer": None, "date": None, "decision": None, "notes": None},
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
        _provenance_html(report.get("provenance") or {}),
        "<h2>Summary</h2>",
        table(["documents", "with PHI", "spans replaced", "residual spans after replacement"],
              [[s["documents"], s["documents_with_phi"], s["spans"],
                f'<span class="{"ok" if s["residual"]["spans"] == 0 else "bad"}">{s["residual"]["spans"]}</span>']],
              {0, 1, 2, 3}),
        *_evaluation_html(report.get("evaluation")),
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
        _residual_items_html(s["residual"]),
        "<h2>Sample contexts (de-identified output)</h2>",
    ]
    for label, samples in sorted(s["samples"].items()):
        rows = [[f'<span class="ctx">…{escape(x["left"])}<mark>{escape(x["replacement"])}</mark>'
                 f'{escape(x["right"])}…</span>'] for x in samples]
        parts.append(f"<h3>{escape(label)}</h3>" + table(["context"], rows))
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
    parts.append(_sign_off_html(report.get("sign_off") or {}))
    return page(report["title"], with_contents(parts))


def _provenance_html(prov: dict[str, Any]) -> str:
    return (f'<p class="muted">code version <span class="ctx">{escape(prov.get("code_version") or "not recorded")}'
            f'</span> · config sha256 <span class="ctx">{escape(prov.get("config_sha256") or "not recorded")}</span>'
            f' · deid config sha256 <span class="ctx">{escape(prov.get("deid_config_sha256") or "")}</span></p>')


def _evaluation_html(evaluation: dict[str, Any] | None) -> list[str]:
    """Leak recall first (gold values left with no trace), then any-overlap span scores and examples."""
    if not evaluation:
        return []
    leak, span = evaluation.get("leak") or {}, evaluation["span"]
    parts = ["<h2>Evaluation against the gold set</h2>",
             f'<p>{escape(evaluation.get("n_docs"))} documents, {escape(evaluation.get("n_gold_spans"))} gold spans; '
             "95% Wilson intervals.</p>"]
    if leak:
        o = leak["overall"]
        parts.append(f'<p class="headline">Leak recall {_ci(o, "recall")}</p>'
                     f'<p>{o["removed"]} of {o["scored"]} gold PHI values removed without a trace; '
                     f'{o["leaked"]} leaked '
                     f'(at least one letter or digit left in the output), {o["partial"]} of them only in part. Values '
                     f'under {escape(leak.get("min_chars"))} characters are not scored '
                     f'({escape(leak.get("n_skipped_short"))}).</p>')
        rows = [[escape(label), m["scored"], m["removed"], m["leaked"], _ci(m, "recall")]
                for label, m in sorted(leak.get("per_label", {}).items())]
        rows += [[f"<b>{escape(lang)}</b>", r["leak"]["overall"]["scored"], r["leak"]["overall"]["removed"],
                  r["leak"]["overall"]["leaked"], _ci(r["leak"]["overall"], "recall")]
                 for lang, r in sorted((evaluation.get("by_lang") or {}).items())]
        parts.append(table(["gold label / language", "scored", "removed", "leaked", "leak recall [95% CI]"],
                           rows, {1, 2, 3}))
    parts.append("<h3>Span detection (any-overlap, PhysioNet deid convention)</h3>")
    rows = [["<b>overall</b>", span["overall"]["gold"], _ci(span["overall"], "recall"),
             _ci(span["overall"], "precision")]]
    rows += [[escape(label), m["gold"], _ci(m, "recall"), _ci(m, "precision")]
             for label, m in sorted(span.get("per_label", {}).items())]
    parts.append(table(["label", "gold spans", "recall [95% CI]", "precision [95% CI]"], rows, {1}))
    for title, key in (("Misses and partial leaks", "misses"), ("False positives", "false_positives")):
        found = evaluation.get(key) or {}
        items = found.get("items", [])
        parts.append(f"<h3>{title} ({found.get('total', len(items))}, {len(items)} shown)</h3>")
        parts.append(table(["doc", "label", "context"],
                           [[escape(m["id"]), escape(m["label"]),
                             f'<span class="ctx">{escape(m["context"])}</span>'] for m in items]))
    return parts


def _residual_items_html(residual: dict[str, Any]) -> str:
    items = residual.get("items") or []
    if not items:
        return ""
    rows = [[f'<span class="ctx">{escape(x["doc_id"])}</span>', escape(x["label"]), escape(x["recognizer"]),
             '<span class="ctx">' + re.sub("(\u27e6[^\u27e7]*\u27e7)", r"<mark>\1</mark>", escape(x["context"]))
             + "</span>"] for x in items]
    return (f"<p>{len(items)} hits by document, in the de-identified output; each hit is masked as "
            "<mark>\u27e6LABEL?\u27e7</mark> because it may be a leaked value.</p>"
            + table(["doc_id", "label", "found by", "context (de-identified output)"], rows))


def _sign_off_html(sign_off: dict[str, Any]) -> str:
    """The reviewer's decision: recorded values when ``medcorpus sign-off`` stored them, else a
    form to fill in and print (no script, no submit button: two text fields block implicit submission)."""
    head = "<h2>Sign-off</h2>"
    if sign_off.get("decision"):
        return head + table(["", ""], [[k, escape(sign_off.get(k) or "")] for k in
                                       ("reviewer", "date", "decision", "notes")])
    choices = "".join(f'<label style="font-weight:normal"><input type="radio" name="decision" value="{escape(d)}"> '
                      f"{escape(d)}</label>" for d in SIGN_OFF_DECISIONS)
    return (head + '<form class="signoff">'
            '<label for="reviewer">Reviewer</label><input type="text" id="reviewer" name="reviewer">'
            '<label for="date">Date</label><input type="date" id="date" name="date">'
            f"<label>Decision</label>{choices}"
            '<label for="notes">Notes and conditions</label><textarea id="notes" name="notes"></textarea>'
            '</form><p class="muted">Fill in and print this page to keep a signed copy, or record the decision in '
            "the report&#39;s JSON: <code>medcorpus sign-off deid-report.json --reviewer NAME --decision approve "
            "[--notes TEXT]</code>.</p>")


def record_sign_off(json_path: str | Path, *, reviewer: str, decision: str, notes: str | None = None,
                    date: str | None = None) -> tuple[str, str]:
    """Store a reviewer's decision in a report's JSON and re-render its HTML beside it."""
    if decision not in SIGN_OFF_DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(SIGN_OFF_DECISIONS)}; got {decision!r}")
    if not reviewer.strip():
        raise ValueError("reviewer is empty")
    path = Path(json_path)
    report = json.loads(path.read_text(encoding="utf-8"))
    report["sign_off"] = {"reviewer": reviewer.strip(), "decision": decision, "notes": notes,
                          "date": date or dt.datetime.now(dt.timezone.utc).date().isoformat()}
    return write_report(report, str(path.parent))


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


STAGED_COLUMNS = ["doc_id", "source", "lang", "text", "deid"]


def staged_rows(table: str, shards: list[dict], stride: int = 1) -> Iterator[dict[str, Any]]:
    """Every ``stride``-th staged document (from the first, in shard order), with the report's
    columns, one record batch in memory at a time; only the rows taken become Python dicts."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from apache_beam.io.filesystems import FileSystems

    at = 0  # rows before this batch
    for shard in shards:
        with FileSystems.open(FileSystems.join(table, shard["path"])) as f:
            for batch in pq.ParquetFile(f).iter_batches(batch_size=1024, columns=STAGED_COLUMNS):
                if stride == 1:
                    yield from batch.to_pylist()
                else:
                    take = range((-at) % stride, batch.num_rows, stride)
                    if len(take):
                        yield from batch.take(pa.array(take, pa.int64())).to_pylist()
                at += batch.num_rows


def staged_summary(table: str, shards: list[dict], deid_config: DeidConfig, profiles: dict[str, str] | None,
                   residual_sample: int) -> dict[str, Any]:
    """``summarise`` of a run's staged shards, with the residual scan of about ``residual_sample``
    of them (every n-th). The shards are streamed twice (the sample, then the counts): memory
    holds the sample, not the corpus. The launcher runs it while the validation gate runs in a
    background process (``pipelines.background``)."""
    # detection only: the residual scan needs no surrogates
    deidentifier = Deidentifier(deid_config.model_copy(update={"mode": "mask"}))
    stride = max(1, sum(shard["num_records"] for shard in shards) // residual_sample)
    sample = list(staged_rows(table, shards, stride))
    summary = summarise(staged_rows(table, shards), residual=residual_scan(deidentifier, sample, profiles))
    summary["residual"]["documents_scanned"] = len(sample)
    return summary


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
                          evaluation=evaluate_gold(deidentifier, gold) if gold else None, profiles=profiles,
                          provenance={"code_version": meta.get("code_version"),
                                      "config_sha256": meta.get("config_sha256")})
    return write_report(report, out_dir or run_dir(table, meta.get("run_id", f"version-{version}")))


def write_report(report: dict[str, Any], out_dir: str) -> tuple[str, str]:
    """deid-report.json and deid-report.html in ``out_dir``."""
    return write_json_and_html(report, render_html(report), out_dir, "deid-report")


def report_for_gold(deidentifier, gold_path: str | Path, out_dir: str, *, code_version: str | None = None
                    ) -> tuple[dict[str, Any], tuple[str, str]]:
    """Evaluate on a gold set and write the full report of de-identifying it (``code_version``:
    the caller's, e.g. ``pipelines.build.code_version()``)."""
    gold = [json.loads(line) for line in Path(gold_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    evaluation = evaluate_gold(deidentifier, gold)
    docs = []
    for g in gold:
        text, spans, lang = deidentifier.text(g["text"], g.get("lang"), None)
        docs.append({"doc_id": g["id"], "lang": lang, "text": text, "deid": {"spans": spans}})
    summary = summarise(docs, residual=residual_scan(deidentifier, docs))
    report = build_report(summary, config=deidentifier.config.model_dump(mode="json"),
                          dataset={"name": Path(gold_path).name, "version": "gold"}, evaluation=evaluation,
                          provenance={"code_version": code_version})
    return evaluation, write_report(report, out_dir)
