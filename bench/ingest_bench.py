"""Ingest benchmark: the whole pipeline over every format in ../shared/corpora.

    make bench                      # or: .venv/bin/python bench/ingest_bench.py [--corpora DIR] [beam options]

Prints documents, MB, docs/s, peak memory and CPU seconds (all processes, and each stage's own
code) per run, documents and rejects per source, and counts per reject reason; writes the same
as JSON under bench/results/. bench/scale_bench.py runs the same at 2x and 4x the size.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import polars as pl
import yaml

from medcorpus.pipelines.build import build
from medcorpus.pipelines.config import parse_config

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = HERE.parent.parent / "shared" / "corpora"


class MemorySampler(threading.Thread):
    """Peak resident memory of this process plus all its descendants (the Beam workers),
    sampled from /proc: the total the machine had to hold, the largest single process, and
    this (the launcher) process; and the CPU seconds the whole tree used (the last sample of
    each process, so a process that lived under one interval is missed)."""

    def __init__(self, interval_s: float = 0.2):
        super().__init__(daemon=True)
        self.interval_s, self.peak_total, self.peak_single, self.peak_launcher = interval_s, 0, 0, 0
        self.cpu_ticks: dict[int, int] = {}
        self.peak_total_in_beam = 0  # the same peak while the Beam pipeline ran (not validation and reports)
        self._done = threading.Event()

    @staticmethod
    def _tree() -> dict[int, tuple[int, int]]:
        """pid -> (RSS bytes, CPU ticks) for this process and its descendants."""
        parents, stats = {}, {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                pid = int(stat.parent.name)
                parents[pid] = int(fields[1])
                stats[pid] = (int(fields[21]) * resource.getpagesize(), int(fields[11]) + int(fields[12]))
            except (OSError, IndexError, ValueError):
                continue  # the process ended while we looked
        tree, frontier = {os.getpid()}, [os.getpid()]
        while frontier:
            parent = frontier.pop()
            for pid, ppid in parents.items():
                if ppid == parent and pid not in tree:
                    tree.add(pid)
                    frontier.append(pid)
        return {p: stats[p] for p in tree if p in stats}

    def run(self) -> None:
        while not self._done.wait(self.interval_s):
            tree = self._tree()
            sizes = [rss for rss, _ in tree.values()]
            self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_single = max(self.peak_single, max(sizes, default=0))
            self.peak_launcher = max(self.peak_launcher, tree.get(os.getpid(), (0, 0))[0])
            if os.environ.get("MEDCORPUS_PROGRESS_DIR"):  # set by the build while Beam runs
                self.peak_total_in_beam = max(self.peak_total_in_beam, sum(sizes))
            self.cpu_ticks.update({pid: ticks for pid, (_, ticks) in tree.items()})

    def stop(self) -> tuple[float, float]:
        self._done.set()
        self.join()
        return self.peak_total / 2**20, self.peak_single / 2**20

    @property
    def cpu_s(self) -> float:
        return sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--config", type=Path, default=HERE / "corpora.yaml")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    args, beam_args = parser.parse_known_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger().handlers[0].addFilter(lambda r: "apitools not found" not in r.getMessage())
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}: pass --corpora DIR", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="medcorpus-bench-") as out:
        raw = yaml.safe_load(args.config.read_text(encoding="utf-8"))
        raw["output"]["table"] = f"{out}/documents"
        config = parse_config(raw, args.corpora.resolve(), str(args.config))
        sampler = MemorySampler()
        sampler.start()
        started = time.perf_counter()
        result = build(config, beam_args)
        wall = time.perf_counter() - started
        total_mib, single_mib = sampler.stop()
        text_mb = pl.scan_delta(result.table).select(pl.col("text").str.len_bytes().sum()).collect().item() / 1e6

    counts = result.summary["counts"]
    input_mb = sum(i["size"] for i in result.summary["inputs"]) / 1e6
    report = {
        "runner": result.summary["runner"], "beam_args": beam_args, "wall_s": round(wall, 2),
        "documents_in": counts["input"], "kept": counts["kept"], "rejected": counts["rejected"],
        "input_mb": round(input_mb, 1), "kept_text_mb": round(text_mb, 1),
        "docs_per_s": round(counts["input"] / wall, 1), "input_mb_per_s": round(input_mb / wall, 2),
        "peak_rss_mib": {"all_processes": round(total_mib), "largest_process": round(single_mib),
                         "launcher": round(sampler.peak_launcher / 2**20),
                         "all_processes_while_beam_ran": round(sampler.peak_total_in_beam / 2**20)},
        "cpu_s": round(sampler.cpu_s, 1), "cpu_by_stage": result.summary.get("cpu", {}),
        "by_source": counts["by_source"], "rejected_by_stage": counts["rejected_by_stage"],
        "files": len(result.summary["inputs"]),
    }
    print(f"runner {report['runner']} {' '.join(beam_args)}")
    print(f"{report['files']} files, {input_mb:.1f} MB on disk -> {counts['input']} records in {wall:.1f} s: "
          f"{report['docs_per_s']} docs/s, {report['input_mb_per_s']} MB/s")
    print(f"kept {counts['kept']} ({text_mb:.1f} MB of text), rejected {counts['rejected']}; "
          f"peak RSS {total_mib:.0f} MiB over all processes, {single_mib:.0f} MiB the largest one")
    print(f"CPU {report['cpu_s']} s over all processes; by stage (own code): " + ", ".join(
        f"{stage} {r['cpu_s']:.1f} s" for stage, r in report["cpu_by_stage"].items()))
    print(f"{'source':<16}{'input':>9}{'kept':>9}{'rejected':>10}")
    for source, row in counts["by_source"].items():
        print(f"{source:<16}{row['input']:>9}{row['kept']:>9}{row['rejected']:>10}")
    for stage, reasons in counts["rejected_by_stage"].items():
        for reason, n in reasons.items():
            print(f"rejected at {stage}: {reason:<22}{n:>8}")
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"ingest-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=1))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
