"""The dataset card of one version: a self-contained HTML page plus JSON.

Built after the commit from what the version stores: the run summary in the commit
metadata (counts per stage and reason, inputs with fingerprints, config, code version,
validation result) and the committed documents (languages, quality scores, duplicate
cluster sizes, de-identification annotations). Charts are inline SVG made by
``medcorpus.reports.html``; the page loads nothing from anywhere. Written to
``<table>/_medcorpus/runs/<run_id>/dataset-card.{html,json}``, beside the deid report and
the Data Docs it links to (relative links, so a copied run folder keeps working).
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from bisect import bisect_right
from collections import Counter
from typing import Any

import polars as pl

from medcorpus.pipelines.datasets import diff
from medcorpus.reports.html import (
    bar_chart, column_chart, escape, histogram, page, table, with_contents, write_json_and_html,
)
from medcorpus.reports.quality_loss import TOP_REASONS, quality_losses
from medcorpus.schemas import ACTIVE, DEDUP, DEID, LANGID, QUALITY
from medcorpus.table import NOT_VALIDATED, history, read_tags, run_dir

QUALITY_BINS = 10
LENGTH_BINS = [0, 100, 300, 1000, 3000, 10_000, 30_000, 100_000]  # lower edges, characters
TOKEN_RULE = "whitespace-separated words; Chinese (lang zh): non-space characters"


def card_data(table: str, version: int | None = None, *,
              storage_options: dict[str, str] | None = None) -> dict[str, Any]:
    hist = history(table, storage_options)
    version = max(hist) if version is None else version
    meta = hist[version]["medcorpus"]
    stages = meta.get("stages") or {}
    lf = pl.scan_delta(table, version=version, storage_options=storage_options or None)
    docs = lf.select(
        "lang",
        pl.col("quality").struct.field("score").alias("quality_score"),
        pl.col("dedup").struct.field("cluster_size").alias("cluster_size"),
        pl.col("deid").struct.field("num_spans").alias("deid_spans"),
        pl.col("deid").struct.field("categories").alias("deid_categories"),
        pl.col("text").str.len_chars().alias("chars"),
        pl.when(pl.col("lang") == "zh").then(pl.col("text").str.count_matches(r"\S"))
        .otherwise(pl.col("text").str.count_matches(r"\S+")).alias("tokens"),
    ).collect()

    languages = Counter(docs["lang"].fill_null("unknown").to_list())
    scores = [s for s in docs["quality_score"].to_list() if s is not None]
    quality_counts = [0] * QUALITY_BINS
    for s in scores:
        quality_counts[min(max(int(s * QUALITY_BINS), 0), QUALITY_BINS - 1)] += 1
    clusters = Counter(c for c in docs["cluster_size"].to_list() if c is not None)
    categories: Counter = Counter()
    for cats in docs["deid_categories"].to_list():
        categories.update(cats or [])
    counts = meta.get("counts") or {}
    rejected_by_stage = counts.get("rejected_by_stage") or {}
    max_loss = ((meta.get("stage_metadata") or {}).get(QUALITY) or {}).get("max_source_loss")
    parent = max((v for v in hist if v < version), default=None)
    run = meta.get("run_id")
    tags = sorted(n for n, t in read_tags(table).items() if t["version"] == version)
    chars = docs["chars"]
    parent_meta = hist[parent]["medcorpus"] if parent is not None else None
    return {
        "title": f"Dataset card: {meta.get('dataset')} version {version}",
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "dataset": meta.get("dataset"), "description": (meta.get("config") or {}).get("description", ""),
        "table": table, "version": version, "tags": tags, "run_id": run,
        "committed": dt.datetime.fromtimestamp(hist[version]["timestamp"] / 1000, dt.timezone.utc)
        .isoformat(timespec="seconds") if hist[version]["timestamp"] else None,
        "stages": stages,
        "conservation": {
            "input": counts.get("input"), "kept": counts.get("kept"), "rejected": counts.get("rejected"),
            "duplicates_removed": counts.get("duplicates_removed"), "balanced": counts.get("balanced"),
            "by_source": counts.get("by_source") or {}, "rejected_by_stage": rejected_by_stage,
        },
        "documents": {"rows": docs.height, "chars_total": int(chars.sum() or 0),
                      "chars_median": int(chars.median() or 0) if docs.height else 0,
                      "chars_max": int(chars.max() or 0) if docs.height else 0,
                      "tokens_total": int(docs["tokens"].sum() or 0), "token_rule": TOKEN_RULE,
                      "by_language": _size_by_language(docs),
                      "length_histogram": _length_histogram(chars.to_list())},
        "changes": _changes(table, parent, version, parent_meta, meta, storage_options),
        "loading": _loading(table, version, meta),
        "languages": dict(languages.most_common()),
        "quality": {"active": stages.get(QUALITY) == ACTIVE, "scored": len(scores),
                    "bins": [i / QUALITY_BINS for i in range(QUALITY_BINS + 1)], "histogram": quality_counts,
                    "max_source_loss": max_loss,
                    # versions built before counts by source and stage have nothing to show here
                    "by_source": quality_losses(counts, max_loss) if "rejected_by_source" in counts else []},
        "dedup": {"active": stages.get(DEDUP) == ACTIVE,
                  "cluster_sizes": {str(k): v for k, v in sorted(clusters.items())},
                  "removed": {r: n for s, reasons in rejected_by_stage.items() for r, n in reasons.items()
                              if s == "dedup"}},
        "deid": {"active": stages.get(DEID) == ACTIVE,
                 "mode": ((meta.get("config") or {}).get("stages") or {}).get("deid", {}).get("mode"),
                 "documents_with_phi": int((docs["deid_spans"].fill_null(0) > 0).sum()),
                 "spans": int(docs["deid_spans"].fill_null(0).sum()),
                 "categories": dict(categories.most_common()),
                 "report": "deid-report.html" if meta.get("deid_report") else None},
        "validation": meta.get("validation") or {"status": NOT_VALIDATED},
        "cost": {"cpu": meta.get("cpu") or {}, "input": counts.get("input")},
        "lineage": {
            "inputs": meta.get("inputs") or [], "config_sha256": meta.get("config_sha256"),
            "config": meta.get("config"), "code_version": meta.get("code_version"), "runner": meta.get("runner"),
            "started": meta.get("started"), "finished": meta.get("finished"),
            "parent_version": parent,
            "parent_run_id": hist[parent]["medcorpus"].get("run_id") if parent is not None else None,
            # output.mode append: this version = that one's documents + this run's kept ones
            "appended_to": meta.get("appended_to") if "appended_to" in meta else False,
            "rejects": meta.get("rejects"),
        },
    }


def _size_by_language(docs: pl.DataFrame) -> dict[str, dict[str, int]]:
    by = docs.group_by(pl.col("lang").fill_null("unknown")).agg(
        pl.len().alias("documents"), pl.col("chars").sum(), pl.col("tokens").sum()).sort("lang")
    return {r["lang"]: {"documents": r["documents"], "chars": int(r["chars"] or 0), "tokens": int(r["tokens"] or 0)}
            for r in by.iter_rows(named=True)}


def _length_histogram(chars: list[int]) -> list[dict[str, Any]]:
    """Documents by text length in characters, in the bins of LENGTH_BINS."""
    counts = [0] * len(LENGTH_BINS)
    for n in chars:
        counts[bisect_right(LENGTH_BINS, n) - 1] += 1
    labels = [f"{_k(lo)}\u2013{_k(hi)}" for lo, hi in zip(LENGTH_BINS, LENGTH_BINS[1:])]  # [lo, hi)
    labels.append(f"{_k(LENGTH_BINS[-1])}+")
    return [{"chars": label, "documents": n} for label, n in zip(labels, counts)]


def _k(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 else str(n)


def _flatten(config: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(config, dict):
        out: dict[str, Any] = {}
        for k, v in config.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: config}


def config_diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Dotted keys whose value differs between two configs (absent on one side: ``None``)."""
    a, b = _flatten(old or {}), _flatten(new or {})
    return [{"key": k, "parent": a.get(k), "this": b.get(k)} for k in sorted(a.keys() | b.keys())
            if a.get(k) != b.get(k)]


def _changes(table: str, parent: int | None, version: int, parent_meta: dict | None, meta: dict,
             storage_options: dict[str, str] | None) -> dict[str, Any] | None:
    """What changed from the parent version: documents (``medcorpus diff``) and config keys."""
    if parent is None:
        return None
    docs = diff(table, parent, version, storage_options=storage_options)
    return {"parent_version": parent, "documents": docs["totals"], "by_source": docs["by_source"],
            "examples": docs["examples"],
            "config": config_diff((parent_meta or {}).get("config"), meta.get("config")),
            "config_sha256": {"parent": (parent_meta or {}).get("config_sha256"), "this": meta.get("config_sha256")}}


def _loading(table: str, version: int, meta: dict) -> dict[str, str]:
    invalid = (meta.get("validation") or {}).get("status") == "failed"
    folder = f"./{meta.get('dataset') or 'dataset'}-v{version}"
    return {
        "python": "from medcorpus import open_dataset\n\n"
                  f"docs = open_dataset({json.dumps(table)}, version={version}"
                  f"{', allow_invalid=True' if invalid else ''})  # a polars LazyFrame\n"
                  'docs.select("doc_id", "lang", "text").collect()',
        "cli": f"medcorpus pull {shlex.quote(table)} --version {version} --to {shlex.quote(folder)}"
               f"{' --allow-invalid' if invalid else ''}",
    }


def _status(status: str) -> str:
    cls = {"passed": "ok", "failed": "bad"}.get(status, "muted")
    return f'<span class="{cls}">{escape(status)}</span>'


def render_html(card: dict[str, Any]) -> str:
    c = card["conservation"]
    v = card["validation"]
    lin = card["lineage"]
    stages = card["stages"]
    parts = [
        f"<h1>{escape(card['title'])}</h1>",
        f'<p class="muted">{escape(card["table"])} · run {escape(card["run_id"])} · '
        f'committed {escape(card["committed"])}{" · tags " + escape(", ".join(card["tags"])) if card["tags"] else ""}'
        f' · generated {escape(card["generated"])}</p>',
        f"<p>{escape(card['description'])}</p>" if card.get("description") else "",
        f"<p>Validation: {_status(v.get('status', 'not validated'))} · {card['documents']['rows']} documents · "
        f"stages: " + ", ".join(f"{escape(s)} ({escape(st)})" for s, st in stages.items()) + "</p>",
        *_size_html(card["documents"]),
        *_loading_html(card.get("loading")),
        *_changes_html(card.get("changes")),
        "<h2>Conservation</h2>",
        f'<p>input {c["input"]} = kept {c["kept"]} + rejected {c["rejected"]} + duplicates removed '
        f'{c["duplicates_removed"]} <span class="{"ok" if c["balanced"] else "bad"}">'
        f'{"balanced" if c["balanced"] else "NOT balanced"}</span></p>',
        table(["source", "input", "kept", "rejected", "duplicates removed"],
              [[escape(s), r["input"], r["kept"], r["rejected"], r["duplicates_removed"]]
               for s, r in sorted(c["by_source"].items())], {1, 2, 3, 4}),
        table(["stage", "reason", "records"],
              [[escape(stage), escape(reason), n] for stage, reasons in c["rejected_by_stage"].items()
               for reason, n in sorted(reasons.items())] or [["none", "", 0]], {2}),
        "<h2>Languages</h2>",
        "" if stages.get(LANGID) == ACTIVE else
        '<p class="muted">The langid stage was disabled in this version&#39;s config: <code>lang</code> is the hint from '
        "ingest (source config or metadata), not a detection.</p>",
        bar_chart(card["languages"]),
        "<h2>Quality scores</h2>",
    ]
    q = card["quality"]
    if q["active"] and q["scored"]:
        parts.append(f"<p>{q['scored']} scored documents (kept ones; rejects hold the rest).</p>"
                     + '<div class="grid">' + histogram(q["histogram"], "quality.score") + "</div>")
        parts.extend(_quality_by_source_html(q, card["table"], card["version"]))
    else:
        parts.append('<p class="muted">The quality stage was disabled in this version&#39;s config: no scores.</p>')
    parts.append("<h2>Duplicates</h2>")
    dd = card["dedup"]
    if dd["active"]:
        parts.append(table(["removed as", "records"], [[escape(r), n] for r, n in dd["removed"].items()] or
                           [["none", 0]], {1}))
        parts.append("<p>Kept documents by the size of their duplicate cluster (1: no duplicate).</p>")
        parts.append(bar_chart({f"cluster size {k}": n for k, n in dd["cluster_sizes"].items()}))
    else:
        parts.append('<p class="muted">The dedup stage was disabled in this version&#39;s config: no clusters.</p>')
    parts.append("<h2>De-identification</h2>")
    di = card["deid"]
    if di["active"]:
        link = f' <a href="{escape(di["report"])}">Compliance report</a>.' if di["report"] else ""
        parts.append(f"<p>mode {escape(di['mode'])} · {di['documents_with_phi']} documents with PHI replaced · "
                     f"{di['spans']} spans.{link}</p><p>Documents by PHI category replaced:</p>")
        parts.append(bar_chart(di["categories"]))
    else:
        parts.append('<p class="bad">The deid stage did not run on this version.</p>')
    parts.append("<h2>Validation</h2>")
    docs_link = ' <a href="data-docs/index.html">Data Docs</a>.' if v.get("data_docs") else ""
    parts.append(f"<p>{_status(v.get('status', 'not validated'))}: {v.get('evaluated', 0)} expectations over "
                 f"{v.get('shards', 0)} shards (great-expectations {escape(v.get('great_expectations', ''))})."
                 f"{docs_link}</p>")
    if v.get("failed"):
        parts.append(table(["failed expectation", "detail"],
                           [[escape(n), escape((v.get("details") or {}).get(n, ""))] for n in v["failed"]]))
        parts.append('<p class="bad">This version is kept for inspection but not published as valid: '
                     "<code>open_dataset</code> and <code>medcorpus pull</code> refuse it unless "
                     "<code>allow_invalid=True</code> / <code>--allow-invalid</code>.</p>")
    parts.extend(_cost_html(card.get("cost")))
    parts.append("<h2>Lineage</h2>")
    parent = lin["parent_version"]
    parts.append(table(["", ""], [
        ["code version", escape(lin["code_version"])], ["runner", escape(lin["runner"])],
        ["config sha256", f'<span class="ctx">{escape(lin["config_sha256"])}</span>'],
        ["parent version",
         "none (first version)" if parent is None else f"{parent} (run {escape(lin['parent_run_id'])})"],
        ["mode", "replace: this run's documents only" if lin["appended_to"] is False else
         "append: this run's documents added to " + ("a new table" if lin["appended_to"] is None
                                                      else f"version {lin['appended_to']}")],
        ["rejects", escape(f"{(lin['rejects'] or {}).get('table')} version {(lin['rejects'] or {}).get('version')}")],
        ["run", escape(f"{lin['started']} .. {lin['finished']}")],
    ]))
    parts.append(table(["source", "input file", "bytes", "records", "sha256"], [
        [escape(i.get("source")), f'<span class="ctx">{escape(i.get("path"))}</span>', i.get("size"),
         i.get("records"), f'<span class="ctx">{escape(i.get("sha256"))}</span>'] for i in lin["inputs"]], {2, 3}))
    parts.append("<details><summary>config</summary><pre class=\"ctx\">"
                 + escape(json.dumps(lin["config"], indent=1, ensure_ascii=False)) + "</pre></details>")
    return page(card["title"], with_contents(parts))


def _quality_by_source_html(q: dict[str, Any], table_uri: str, version: int) -> list[str]:
    limit = q.get("max_source_loss")
    rows = [[escape(r["source"]), r["reached"], r["rejected"],
             f"{1 - r['rate']:.1%}" if r["reached"] else "-",
             escape(", ".join(f"{reason} {n}" for reason, n in list(r["reasons"].items())[:TOP_REASONS])),
             '<span class="bad">over the limit</span>' if r["flagged"] else ""]
            for r in q.get("by_source") or []]
    if not rows:
        return []
    note = (f"A source losing more than {limit:.0%} of the documents that reach the quality stage "
            f"(<code>stages.quality.max_source_loss</code>) is flagged: list its rejects with the signals behind "
            f"each one with <code>medcorpus explain-rejects {escape(table_uri)} --version {version} --source "
            f"SOURCE</code>.") if limit is not None else "This version was built before per-source limits existed."
    return [f"<p>Keep rate per source at the quality stage. {note}</p>",
            table(["source", "reached quality", "rejected", "keep rate", "top reasons", ""], rows, {1, 2, 3})]


def _cost_html(cost: dict[str, Any] | None) -> list[str]:
    """CPU time per stage (the run's cpu_us Distributions): where a build's time went."""
    if not cost or not cost.get("cpu"):
        return []
    cpu, n = cost["cpu"], max(1, cost.get("input") or 0)
    total = sum(r["cpu_s"] for r in cpu.values()) or 1
    rows = [[escape(stage), f'{r["cpu_s"]:,.1f}', f'{r["cpu_s"] / total:.0%}', f'{r["cpu_s"] * 1e6 / n:,.0f}',
             f'{r["elements"]:,}', f'{r["us_per_element"]:,.0f}'] for stage, r in cpu.items()]
    return ["<h2>Build cost</h2>",
            "<p>CPU time each stage&#39;s own code spent (all workers; Beam&#39;s shuffles and the launcher are not "
            "in it). Elements are documents, except files at ingest, batches and shards at write, and batches, "
            "bucket shards and files at dedup.</p>",
            table(["stage", "CPU s", "share", "µs per input document", "elements", "µs per element"], rows,
                  {1, 2, 3, 4, 5})]


def _size_html(d: dict[str, Any]) -> list[str]:
    rows = [[escape(lang), r["documents"], f'{r["chars"]:,}', f'{r["tokens"]:,}']
            for lang, r in d.get("by_language", {}).items()]
    rows.append(["<b>all</b>", d["rows"], f'{d["chars_total"]:,}', f'{d.get("tokens_total", 0):,}'])
    return ["<h2>Size</h2>",
            f'<p>Tokens here are {escape(d.get("token_rule", TOKEN_RULE))} (not a model tokenizer&#39;s count). '
            f'Median document {d["chars_median"]:,} characters, longest {d["chars_max"]:,}.</p>',
            table(["language", "documents", "characters", "tokens"], rows, {1, 2, 3}),
            "<p>Documents by length in characters:</p>",
            column_chart([(b["chars"], b["documents"]) for b in d.get("length_histogram", [])])]


def _loading_html(loading: dict[str, str] | None) -> list[str]:
    if not loading:
        return []
    return ["<h2>Loading</h2>", f'<pre class="ctx">{escape(loading["python"])}</pre>',
            "<p>or copy the version&#39;s shards with a manifest of checksums:</p>",
            f'<pre class="ctx">{escape(loading["cli"])}</pre>']


def _changes_html(changes: dict[str, Any] | None) -> list[str]:
    if not changes:
        return ["<h2>Changes from the parent version</h2>", "<p>None: this is the table&#39;s first version.</p>"]
    t = changes["documents"]
    parts = ["<h2>Changes from the parent version</h2>",
             f'<p>From version {changes["parent_version"]}: {t["added"]} documents added, {t["removed"]} removed, '
             f'{t["changed"]} changed (same doc_id, other text), {t["unchanged"]} unchanged.</p>',
             table(["source", "added", "removed", "changed", "unchanged"],
                   [[escape(src), r["added"], r["removed"], r["changed"], r["unchanged"]]
                    for src, r in changes["by_source"].items()], {1, 2, 3, 4})]
    rows = [[f'<span class="ctx">{escape(c["key"])}</span>',
             f'<span class="ctx">{escape(json.dumps(c["parent"], ensure_ascii=False))}</span>',
             f'<span class="ctx">{escape(json.dumps(c["this"], ensure_ascii=False))}</span>']
            for c in changes["config"]]
    parts.append(f"<p>Config: {len(rows)} settings changed.</p>" if rows else
                 "<p>Config: unchanged.</p>")
    if rows:
        parts.append(table(["setting", "parent version", "this version"], rows))
    return parts


def write_card(card: dict[str, Any], out_dir: str) -> tuple[str, str]:
    return write_json_and_html(card, render_html(card), out_dir, "dataset-card")


def card_for_version(table: str, version: int | None = None, *, out_dir: str | None = None,
                     storage_options: dict[str, str] | None = None) -> tuple[str, str]:
    """Write the card of one committed version (default: into its run folder)."""
    card = card_data(table, version, storage_options=storage_options)
    return write_card(card, out_dir or run_dir(table, card["run_id"] or f"version-{card['version']}"))
