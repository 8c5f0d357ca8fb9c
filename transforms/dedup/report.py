"""The dedup report: entries counted in Beam (staged as ``dedup.json``) and the run summary's lines."""

from __future__ import annotations

import heapq
from typing import Any

import apache_beam as beam

from medcorpus.schemas import RejectReason

LARGEST = 10


class _ReportFn(beam.CombineFn):
    """Counts (int inputs) summed, clusters ((size, cluster_id) inputs) cut to the ``LARGEST``: one
    CombinePerKey does every metric."""

    def create_accumulator(self):
        return 0, []

    def add_input(self, acc, value):
        total, top = acc
        if isinstance(value, int):
            return total + value, top
        return total, heapq.nlargest(LARGEST, [*top, value])

    def merge_accumulators(self, accs):
        accs = list(accs)
        return sum(a[0] for a in accs), heapq.nlargest(LARGEST, [v for a in accs for v in a[1]])

    def extract_output(self, acc):
        return acc


def report_entries(p: beam.Pipeline, kept: beam.PCollection, rejects: beam.PCollection,
                   clusters: beam.PCollection, edges: beam.PCollection, parents: beam.PCollection,
                   unconverged: beam.PCollection | None, params: dict[str, Any], max_rounds: int) -> beam.PCollection:
    """Small dicts, one per metric: kept and removed per source (and reason), cluster sizes, verified
    edges, absorbed nodes, the largest clusters, unconverged component nodes (None: the components
    were solved whole, nothing is unconverged), and the parameters."""
    entries = [
        kept | "ReportKept" >> beam.Map(lambda d: (("kept", d["source"], ""), 1)),
        rejects | "ReportRemoved" >> beam.Map(lambda r: (("removed", r["source"], r["reason"]), 1)),
        clusters | "ReportClusters" >> beam.FlatMap(lambda kv: [(("cluster_size", _size_bucket(kv[1]), ""), 1),
                                                                 (("largest_clusters", "", ""), (kv[1], kv[0]))]),
        edges | "ReportEdges" >> beam.Map(lambda e: (("verified_edges", "", ""), 1)),
        parents | "ReportNearRemoved" >> beam.Map(lambda e: (("near_nodes_absorbed", "", ""), 1)),
    ]
    counted = (entries | "ReportFlatten" >> beam.Flatten() | "ReportSum" >> beam.CombinePerKey(_ReportFn())
               | "ReportDicts" >> beam.Map(_report_dict))
    fixed = [{"metric": "params", **params}]
    if unconverged is None:
        fixed.append({"metric": "components_unconverged", "count": 0, "max_rounds": max_rounds})
    outputs = [counted, p | "ReportParams" >> beam.Create(fixed)]
    if unconverged is not None:
        outputs.append(unconverged | "UnconvergedDict" >> beam.Map(
            lambda n: {"metric": "components_unconverged", "count": n, "max_rounds": max_rounds}))
    return outputs | "ReportAll" >> beam.Flatten()


def _size_bucket(n: int) -> str:
    if n <= 4:
        return str(n)
    lo = 1 << (n - 1).bit_length() - 1
    return f"{lo + 1}-{lo * 2}"


def _report_dict(kv) -> dict[str, Any]:
    (metric, a, b), (n, top) = kv
    if metric == "largest_clusters":
        return {"metric": metric, "clusters": [{"cluster_id": k, "size": size} for size, k in top]}
    if metric in ("kept",):
        return {"metric": metric, "source": a, "count": n}
    if metric == "removed":
        return {"metric": metric, "source": a, "reason": b, "count": n}
    if metric == "cluster_size":
        return {"metric": metric, "size": a, "clusters": n}
    return {"metric": metric, "count": n}


def format_report(entries: list[dict[str, Any]], metadata: dict[str, Any] | None = None) -> list[str]:
    """The run summary's dedup section (lines), from the staged ``dedup.json`` entries."""
    removed: dict[str, dict[str, int]] = {}
    kept: dict[str, int] = {}
    sizes: dict[str, int] = {}
    other: dict[str, Any] = {}
    for e in entries:
        m = e.get("metric")
        if m == "removed":
            removed.setdefault(e["source"], {})[e["reason"]] = e["count"]
        elif m == "kept":
            kept[e["source"]] = e["count"]
        elif m == "cluster_size":
            sizes[e["size"]] = e["clusters"]
        else:
            other[m] = e
    n_clusters = sum(sizes.values())
    md = metadata or {}
    lines = [f"  dedup      threshold {md.get('threshold', '?')}, {md.get('num_perm', '?')} perms = "
             f"{md.get('bands', '?')} bands x {md.get('rows', '?')} rows, "
             f"{md.get('ngram', '?')}-word / {md.get('char_ngram', '?')}-char shingles"
             + (f"; against version {md['against_version']}" if md.get("against_version") is not None else "")]
    hist = ", ".join(f"{k}: {sizes[k]}" for k in sorted(sizes, key=lambda s: int(s.split("-")[0])))
    lines.append(f"    clusters with duplicates {n_clusters}" + (f"  (size: clusters  {hist})" if hist else ""))
    top = other.get("largest_clusters", {}).get("clusters") or []
    if top:
        lines.append("    largest: " + ", ".join(f"{c['cluster_id'][:12]} x{c['size']}" for c in top[:5]))
    unconverged = other.get("components_unconverged", {}).get("count")
    if unconverged:
        lines.append(f"    WARNING: {unconverged} nodes unconverged after {md.get('max_rounds')} rounds "
                     f"(raise stages.dedup.max_rounds)")
    for source in sorted(set(removed) | set(kept)):
        r = removed.get(source, {})
        same_id = r.get(RejectReason.ID_IN_VERSION, 0)
        lines.append(f"    {source:<24} kept {kept.get(source, 0):>8}  exact removed "
                     f"{r.get(RejectReason.EXACT_DUPLICATE, 0):>6}  near removed {r.get(RejectReason.NEAR_DUPLICATE, 0):>6}"
                     + (f"  id already in the version {same_id:>6}" if same_id else ""))
    return lines
