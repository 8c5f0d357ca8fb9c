"""Scale benchmark: the whole pipeline over ../shared/corpora at 1x, 2x, 4x its size.

    .venv/bin/python bench/scale_bench.py                      # 1x, 2x, 4x; every stage
    .venv/bin/python bench/scale_bench.py --scales 1 --no-dedup --buffered-bytes

Scale k is the corpora as configured in bench/corpora.yaml plus k-1 replicas of every
document, written once as JSONL under --cache: each replica has new ids (source
``<name>_r<k>``) and small text mutations: half of the documents get one changed character
in 100 (near duplicates of the original, which dedup should find), the other half one in 8
(new documents). Prints and writes under bench/results/ per scale: wall time, docs/s, peak
RSS (all processes, the largest one, the launcher), CPU seconds of the process tree, counts,
and with --buffered-bytes the bytes that crossed each stage boundary of the DirectRunner
(bench/beam_buffers.py) per input document.

It runs under any checkout's venv (``/tmp/basevenv/bin/python bench/scale_bench.py --scales 1``
measures an older commit the same way); replicas need this checkout's ingest.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import apache_beam as beam
import yaml
from beam_buffers import count_buffered_bytes
from ingest_bench import DEFAULT_CORPORA, HERE, MemorySampler
from medcorpus.pipelines.build import build
from medcorpus.pipelines.config import parse_config

NEAR_RATE, FAR_RATE = 100, 8  # one changed character per this many


def mutate(text: str, replica: int, key: str) -> str:
    rng = random.Random(f"{replica}:{key}")
    rate = NEAR_RATE if rng.random() < 0.5 else FAR_RATE
    chars = list(text)
    for _ in range(max(1, len(chars) // rate)):
        i, j = rng.randrange(len(chars)), rng.randrange(len(chars))
        chars[i] = chars[j] if chars[j] != chars[i] else "x"
    return "".join(chars)


def ingested(raw: dict, corpora: Path, cache: Path) -> Path:
    """Every document ingest keeps from the corpora, as JSONL lines {source, id, text, lang} (cached)."""
    out = cache / "ingested.jsonl"
    if out.is_file():
        return out
    # imported here: this file also measures older checkouts (--scales 1), whose modules differ
    from medcorpus.transforms.ingest import Ingest, match_inputs

    config = parse_config(raw, corpora.resolve(), "replicas")
    files = [f for source in config.sources for f in match_inputs(source)]
    prefix = cache / "ingested-part"
    with beam.Pipeline(argv=["--direct_running_mode=multi_processing", "--direct_num_workers=2"]) as p:
        (p | Ingest(config.sources, config.ingest, files)).docs | beam.Map(
            lambda d: json.dumps({"source": d["source"], "id": d["source_id"], "text": d["text"], "lang": d["lang"]},
                                 ensure_ascii=False)) | beam.io.WriteToText(str(prefix))
    with out.open("w", encoding="utf-8") as f:
        for part in sorted(cache.glob("ingested-part*")):
            f.write(part.read_text(encoding="utf-8"))
            part.unlink()
    return out


def replica_sources(raw: dict, corpora: Path, cache: Path, replicas: int) -> list[dict]:
    """Source configs for replicas 1..replicas, writing their JSONL files where missing."""
    from medcorpus.transforms.deid.profiles import source_profile  # imported here: see ingested()

    config = parse_config(raw, corpora.resolve(), "replicas")
    by_name = {s.name: s for s in config.sources}
    sources = []
    for r in range(1, replicas + 1):
        folder = cache / f"r{r}"
        if not (folder / "done").is_file():
            folder.mkdir(parents=True, exist_ok=True)
            files = {name: (folder / f"{name}.jsonl").open("w", encoding="utf-8") for name in by_name}
            with ingested(raw, corpora, cache).open(encoding="utf-8") as lines:
                for line in lines:
                    d = json.loads(line)
                    d["text"] = mutate(d["text"], r, d["id"])
                    files[d["source"]].write(json.dumps(d, ensure_ascii=False) + "\n")
            for f in files.values():
                f.close()
            (folder / "done").touch()
        for name, src in by_name.items():
            sources.append({"name": f"{name}_r{r}", "format": "jsonl", "path": str(folder / f"{name}.jsonl"),
                            "id": "id", "text": "text", "metadata": ["lang"], "deid_profile": source_profile(src)})
    return sources


def run_scale(raw: dict, corpora: Path, cache: Path, scale: int, beam_args: list[str], buffered: bool) -> dict:
    raw = json.loads(json.dumps(raw))
    if scale > 1:
        raw["sources"] += replica_sources(raw, corpora, cache, scale - 1)
    bytes_by_boundary = count_buffered_bytes() if buffered else None
    if bytes_by_boundary is not None:
        bytes_by_boundary.clear()
    with tempfile.TemporaryDirectory(prefix="medcorpus-scale-") as out:
        raw["output"]["table"] = f"{out}/documents"
        config = parse_config(raw, corpora.resolve(), "scale")
        sampler = MemorySampler()
        sampler.start()
        started = time.perf_counter()
        result = build(config, beam_args)
        wall = time.perf_counter() - started
        total_mib, single_mib = sampler.stop()
    counts = result.summary["counts"]
    report = {
        "scale": scale, "beam_args": beam_args, "wall_s": round(wall, 1), "documents_in": counts["input"],
        "kept": counts["kept"], "rejected": counts["rejected"], "duplicates_removed": counts["duplicates_removed"],
        "docs_per_s": round(counts["input"] / wall, 1), "cpu_s": round(sampler.cpu_s, 1),
        "cpu_ms_per_doc": round(1000 * sampler.cpu_s / max(1, counts["input"]), 2),
        "peak_rss_mib": {"all_processes": round(total_mib), "largest_process": round(single_mib),
                         "launcher": round(sampler.peak_launcher / 2**20),
                         "all_processes_while_beam_ran": round(sampler.peak_total_in_beam / 2**20)},
        "rejected_by_stage": counts["rejected_by_stage"], "cpu_by_stage": result.summary.get("cpu", {}),
        "stages": result.summary["stages"], "seconds": result.summary.get("seconds"),
    }
    if bytes_by_boundary is not None:
        n = max(1, counts["input"])
        report["buffered_bytes_per_doc"] = {
            "total": round(sum(bytes_by_boundary.values()) / n),
            "by_boundary": {k: round(v / n) for k, v in bytes_by_boundary.most_common() if v >= n}}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--config", type=Path, default=HERE / "corpora.yaml")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "medcorpus-scale-replicas",
                        help="where the replicas' JSONL is kept between runs")
    parser.add_argument("--scales", default="1,2,4", help="comma-separated multiples of the corpora")
    parser.add_argument("--no-dedup", action="store_true", help="stages.dedup.enabled: false")
    parser.add_argument("--no-detection", action="store_true",
                        help="every source's deid_profile: none (no PHI detection): the pipeline's own memory and "
                             "overhead without the deid detectors' CPU (never for data anyone keeps)")
    parser.add_argument("--buffered-bytes", action="store_true",
                        help="count the bytes crossing each DirectRunner stage boundary (launcher side)")
    parser.add_argument("--label", default="", help="a name for this checkout in the results file")
    parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    args, beam_args = parser.parse_known_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}: pass --corpora DIR", file=sys.stderr)
        return 2
    raw = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    if args.no_dedup:
        raw.setdefault("stages", {})["dedup"] = {"enabled": False}
    if args.no_detection:
        raw["sources"] = [{**source, "deid_profile": "none"} for source in raw["sources"]]
    args.cache.mkdir(parents=True, exist_ok=True)
    scales = [int(s) for s in args.scales.split(",")]
    if args.prepare_only:
        replica_sources(raw, args.corpora, args.cache, max(scales) - 1)
        return 0
    if max(scales) > 1:  # in a child process: making replicas runs a Beam job whose memory would stay in ours
        subprocess.run([sys.executable, __file__, *(argv if argv is not None else sys.argv[1:]), "--prepare-only"],
                       check=True)
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"scale-{args.label + '-' if args.label else ''}{time.strftime('%Y%m%dT%H%M%S')}.json"
    reports = []
    for scale in scales:
        report = run_scale(raw, args.corpora, args.cache, scale, beam_args, args.buffered_bytes)
        reports.append({"label": args.label, "dedup": not args.no_dedup, "detection": not args.no_detection,
                        **report})
        rss = report["peak_rss_mib"]
        print(f"{scale}x: {report['documents_in']} docs in {report['wall_s']} s = {report['docs_per_s']} docs/s, "
              f"{report['cpu_ms_per_doc']} CPU ms/doc; peak RSS {rss['all_processes']} MiB all, "
              f"{rss['largest_process']} MiB largest, {rss['launcher']} MiB launcher, {rss['all_processes_while_beam_ran']} MiB all "
              f"while Beam ran; kept {report['kept']}, "
              f"rejected {report['rejected']}, duplicates {report['duplicates_removed']}", flush=True)
        if "buffered_bytes_per_doc" in report:
            b = report["buffered_bytes_per_doc"]
            print(f"    bytes across stage boundaries per input doc: {b['total']}: " +
                  ", ".join(f"{k} {v}" for k, v in list(b["by_boundary"].items())[:8]), flush=True)
        path.write_text(json.dumps(reports, indent=1))  # after every scale: a long run keeps what it measured
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
