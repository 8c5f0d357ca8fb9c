"""The one pipeline: ingest, the stages in ``schemas.STAGES`` order, write; then one commit.

``assemble`` chains the stages; ``build`` runs them on any Beam runner, proves that
every input record is accounted for, and only then commits the staged shards as one new
Delta version (rejects table first, so a documents version never points at missing
rejects). No per-document logic lives here.

Integrity when the launcher dies: the summary, validation result, deid report and a card
placeholder are written BEFORE the documents commit, so a version's commit metadata never
names a missing file (the card is re-rendered after the commit); a rejects version whose
run never committed documents reads as orphaned (``orphaned_rejects``); SIGTERM/SIGINT end
the local Beam workers with the launcher (``workers.py``). Input paths never leave the
launcher's memory raw: the summary, commit metadata and card carry the keyed file pseudonyms.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import logging
import os
import subprocess
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import (
    DirectOptions, GoogleCloudOptions, PipelineOptions, PortableOptions, SetupOptions, StandardOptions, TestOptions,
)
from apache_beam.portability.api import beam_provision_api_pb2
from apache_beam.runners.portability.fn_api_runner import fn_runner
from apache_beam.runners.portability.portable_runner import JobServiceHandle
from apache_beam.runners.runner import PipelineState

import medcorpus
from medcorpus.expectations.gate import validate_guarded
from medcorpus.pipelines.config import CorpusConfig
from medcorpus.schemas import (
    ACTIVE, DEDUP, DEID, DISABLED, DOCUMENT_SCHEMA, DUPLICATE_REASONS, INGEST, QUALITY, REJECT_SCHEMA, STAGES,
    WRITE, make_file_name,
)
from medcorpus.table import (
    FAILED, commit_history, commit_version, ensure_writable, is_table, latest_version, load_json, parked_dir, run_dir,
    save_json, validation_status,
)
from medcorpus.pipelines.background import Background, BackgroundError
from medcorpus.pipelines.progress import BuildProgress
from medcorpus.pipelines.workers import lean_malloc, workers_end_with_launcher
from medcorpus.pipelines.stages import STAGE_CLASSES
from medcorpus.reports.dataset_card import card_for_version
from medcorpus.reports.deid_report import build_report, staged_summary, write_report
from medcorpus.reports.quality_loss import flag_line, quality_losses
from medcorpus.transforms.dedup import format_report
from medcorpus.transforms.deid.keys import deid_key, refuse_unreachable_key, runner_kind
from medcorpus.transforms.ingest import Ingest, InputFile, match_inputs
from medcorpus.transforms.stage import CPU_US, RunContext
from medcorpus.transforms.write import StageJson, WriteShards

_log = logging.getLogger(__name__)
RESIDUAL_SAMPLE = 5000  # documents the deid report re-scans for what detection left

class BuildError(RuntimeError):
    """The run did not produce a version; nothing was committed."""


class BeamOptionsError(BuildError):
    """The command line holds an option Beam does not know; nothing ran."""


def assemble(p: beam.Pipeline, config: CorpusConfig, files: list[InputFile], run_id: str
             ) -> tuple[dict[str, str], dict[str, Any]]:
    """Chain the stages into ``p``; returns each stage's status (active / disabled) and
    the launch-time facts stages report (``run_metadata()``)."""
    out = config.output
    context = RunContext(out.table, run_id, out.storage_options or None, append=out.mode == "append",
                         sources=tuple(config.sources))
    ingest = p | "Ingest" >> Ingest(config.sources, config.ingest, files, config.stages.deid.key_source,
                                    parked_dir(out.table, run_id, INGEST))
    docs, rejects = ingest.docs, [ingest.rejects]
    status = {INGEST: ACTIVE}
    metadata: dict[str, Any] = {}
    for stage_cls in STAGE_CLASSES:
        stage = stage_cls(getattr(config.stages, stage_cls.name))
        stage.bind_run(context)
        status[stage.name] = stage.status
        if stage.status == ACTIVE:
            metadata[stage.name] = stage.run_metadata()
        result = docs | stage.name.capitalize() >> stage
        docs = result.docs
        rejects.append(result.rejects)
        if result.report is not None:
            result.report | f"{stage.name.capitalize()}Report" >> StageJson(
                FileSystems.join(run_dir(out.table, run_id), f"{stage.name}.json"))
    parked = parked_dir(out.table, run_id, WRITE)
    docs | "WriteDocuments" >> WriteShards(out.table, run_id, DOCUMENT_SCHEMA, out, "documents", ("source",), parked)
    tuple(rejects) | "WriteRejects" >> WriteShards(out.rejects_uri, run_id, REJECT_SCHEMA, out, "rejects",
                                                   ("source", "stage", "reason"), parked)
    ingest.ledger | "StageLedger" >> StageJson(FileSystems.join(run_dir(out.table, run_id), "ledger.json"))
    status[WRITE] = ACTIVE
    return status, metadata


def beam_option_parser() -> argparse.ArgumentParser:
    """Every option Beam's PipelineOptions classes know: what `build --help-beam` prints."""
    parser = argparse.ArgumentParser(prog="medcorpus build --config CONFIG", allow_abbrev=False,
                                     description="Beam pipeline options (all runners).")
    seen: dict[str, type] = {}
    for cls in PipelineOptions.__subclasses__():
        seen.setdefault(cls.__name__, cls)
    for cls in seen.values():
        cls._add_argparse_args(parser)  # noqa: SLF001 - how Beam itself collects its options
    return parser


def unknown_beam_options(beam_args: list[str]) -> list[str]:
    """Options no Beam options class knows (a typo such as --runnr): Beam would silently ignore them."""
    _, unknown = beam_option_parser().parse_known_args(beam_args)
    return [a for a in unknown if a.startswith("-")]


def pipeline_options(beam_args: list[str]) -> PipelineOptions:
    """Beam options from the command line; locally, default to all cores in parallel."""
    unknown = unknown_beam_options(beam_args)
    if unknown:
        raise BeamOptionsError(f"unknown Beam option(s) {' '.join(unknown)}: nothing was run (see `medcorpus build "
                               "--help-beam` for the options Beam knows)")
    if not any(a.startswith("--default_sdk_harness_log_level") for a in beam_args):
        # worker processes log every channel they open at INFO: quiet unless asked for (-v)
        level = "INFO" if logging.getLogger().getEffectiveLevel() <= logging.INFO else "ERROR"
        beam_args = [*beam_args, f"--default_sdk_harness_log_level={level}"]
    options = PipelineOptions(beam_args)
    standard = options.view_as(StandardOptions)
    runner = standard.runner or "DirectRunner"
    standard.runner = runner
    if runner.endswith("DirectRunner") and not any(a.startswith("--direct_running_mode") for a in beam_args):
        direct = options.view_as(DirectOptions)
        direct.direct_running_mode = "multi_processing"
        if not any(a.startswith("--direct_num_workers") for a in beam_args):
            direct.direct_num_workers = max(1, min(os.cpu_count() or 1, 8))
    setup = options.view_as(SetupOptions)
    if runner.endswith("DataflowRunner") and not (setup.setup_file or setup.extra_packages):
        pyproject = Path(medcorpus.__file__).resolve().parent.parent / "pyproject.toml"
        if pyproject.is_file():
            setup.setup_file = str(pyproject)  # workers install this very checkout
            _log.info("workers will install medcorpus from %s", pyproject)
    return options


def conservation(ledger: list[dict], documents: list[dict], rejects: list[dict]) -> dict[str, Any]:
    """input = kept + rejected + duplicates removed, per source and overall."""
    inputs = Counter()
    for entry in ledger:
        inputs[entry["source"]] += entry["records"]
    kept = Counter()
    for shard in documents:
        for source, n in shard["counts"].items():
            kept[source] += n
    rejected: dict[str, Counter] = defaultdict(Counter)
    by_reason: dict[str, Counter] = defaultdict(Counter)
    by_source_reason: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for shard in rejects:
        for key, n in shard["counts"].items():
            source, stage, reason = key.split("|")
            rejected[source]["duplicates" if reason in DUPLICATE_REASONS else "rejected"] += n
            by_reason[stage][reason] += n
            by_source_reason[source][stage][reason] += n
    by_source = {}
    unbalanced = []
    for source in sorted(set(inputs) | set(kept) | set(rejected)):
        row = {"input": inputs[source], "kept": kept[source], "rejected": rejected[source]["rejected"],
               "duplicates_removed": rejected[source]["duplicates"]}
        by_source[source] = row
        if row["input"] != row["kept"] + row["rejected"] + row["duplicates_removed"]:
            unbalanced.append(source)
    totals = {k: sum(r[k] for r in by_source.values()) for k in ("input", "kept", "rejected", "duplicates_removed")}
    return {**totals, "by_source": by_source, "rejected_by_stage": {s: dict(sorted(c.items())) for s, c in
                                                                     sorted(by_reason.items())},
            "rejected_by_source": {src: {s: dict(sorted(c.items())) for s, c in sorted(stages.items())}
                                   for src, stages in sorted(by_source_reason.items())},
            "balanced": not unbalanced, "unbalanced_sources": unbalanced}


def beam_counters(result: Any) -> dict[str, dict[str, int]]:
    """The medcorpus.* Metrics counters, summed over steps; {} where a runner has none."""
    try:
        counters = result.metrics().query()["counters"]
    except Exception:  # some runners cannot be queried; counts then come from the manifests alone
        return {}
    out: dict[str, Counter] = defaultdict(Counter)
    for c in counters:
        ns = c.key.metric.namespace
        if ns.startswith("medcorpus."):
            value = c.committed if c.committed is not None else c.attempted
            out[ns.split(".", 1)[1]][c.key.metric.name] += value or 0
    return {stage: dict(sorted(c.items())) for stage, c in sorted(out.items())}


def stage_cpu(result: Any) -> dict[str, dict[str, float]]:
    """Per stage, the CPU its DoFns spent (the ``medcorpus.<stage>/cpu_us`` Distributions):
    seconds in all, the elements timed (documents; files at ingest, batches and shards at
    write, batches, bucket shards and files at dedup) and µs per element (mean, max). {} where a
    runner has no distributions."""
    try:
        distributions = result.metrics().query(MetricsFilter().with_name(CPU_US))["distributions"]
    except Exception:  # some runners cannot be queried; the summary then has no CPU section
        return {}
    out = {}
    for d in distributions:
        ns = d.key.metric.namespace
        value = d.committed if d.committed is not None else d.attempted
        if not ns.startswith("medcorpus.") or value is None or not value.count:
            continue
        stage = ns.split(".", 1)[1]
        total, n, peak = out.get(stage, (0, 0, 0))
        out[stage] = (total + value.sum, n + value.count, max(peak, value.max))
    order = {s: i for i, s in enumerate(STAGES)}
    return {stage: {"cpu_s": round(total / 1e6, 3), "elements": n, "us_per_element": round(total / n, 1),
                    "max_us": peak}
            for stage, (total, n, peak) in sorted(out.items(), key=lambda kv: order.get(kv[0], len(order)))}


def _log_dataflow_job(result: Any, options: PipelineOptions) -> None:
    """Dataflow shows a job's progress itself: say where (no network call of ours), and that
    this process commits the version, so it must outlive the job."""
    gcp = options.view_as(GoogleCloudOptions)
    job_id = getattr(result, "job_id", lambda: None)()
    if job_id:
        _log.warning("Dataflow job %s: https://console.cloud.google.com/dataflow/jobs/%s/%s?project=%s",
                     job_id, gcp.region, job_id, gcp.project)
        _log.warning("keep this launcher running until job %s ends: it commits the version. If it is killed, "
                     "nothing is committed: the job's staged shards stay unreferenced (Delta's vacuum removes "
                     "them) and the build must run again", job_id)


def code_version() -> str:
    version = medcorpus.__version__
    repo = Path(medcorpus.__file__).resolve().parent.parent
    try:
        sha = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                             text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return f"{version}+g{sha}{'.dirty' if dirty else ''}"
    except (OSError, subprocess.SubprocessError):
        return version


def _input_fingerprints(files: list[InputFile], ledger: list[dict], key: bytes) -> list[dict[str, Any]]:
    """Per input file: its pseudonym (as in provenance.file and the ledger), size, time, sha256."""
    by_name = {e["file"]: e for e in ledger}
    out = []
    for f in files:
        name = make_file_name(key, f.source, f.relpath)
        entry = by_name.get(name, {})
        out.append({"source": f.source, "path": name, "size": f.size,
                    "mtime": dt.datetime.fromtimestamp(f.mtime, dt.timezone.utc).isoformat(timespec="seconds"),
                    "sha256": entry.get("sha256"), "records": entry.get("records"), "encoding": entry.get("encoding")})
    return out


def stored_config(config: CorpusConfig, key: bytes) -> dict[str, Any]:
    """The config as a version's commit metadata keeps it: each source's path patterns as keyed
    pseudonyms (a pattern may be a file named after a patient); config_sha256 still names the real one."""
    dumped = config.model_dump(mode="json")
    for source in dumped["sources"]:
        source["path"] = [make_file_name(key, source["name"], path) for path in source["path"]]
    return dumped


@dataclass
class BuildResult:
    run_id: str
    table: str
    version: int
    rejects_table: str
    rejects_version: int
    summary: dict[str, Any]


def is_dry_run(beam_args: list[str]) -> bool:
    return bool(PipelineOptions(beam_args).view_as(TestOptions).dry_run)


def dataflow_dry_run(config: CorpusConfig, beam_args: list[str]) -> dict[str, Any]:
    """The Dataflow job a build would submit, built offline by Beam's ``--dry_run``: the same graph
    (``assemble``), translated as Dataflow receives it, with the workers' package built from
    ``--setup_file`` and the same launch checks (options, key source, inputs); nothing is submitted,
    uploaded or written to a table."""
    options = pipeline_options(beam_args)
    runner = options.view_as(StandardOptions).runner
    if not runner.endswith("DataflowRunner"):
        raise BeamOptionsError("--dry_run builds the Dataflow job without submitting it: use it with "
                               "--runner=DataflowRunner")
    refuse_unreachable_key(config.stages.deid.key_source, runner, options.view_as(PortableOptions).environment_type)
    files = [f for source in config.sources for f in match_inputs(source)]
    p = beam.Pipeline(options=options)
    stages, _ = assemble(p, config, files, "dry-run")
    try:
        job = p.run().job
    except RuntimeError as exc:  # Beam's staging: the workers' package could not be built
        raise BuildError(f"the Dataflow job could not be built: {str(exc).splitlines()[0]}") from None
    graph = job.proto_pipeline.components.transforms
    (root,) = job.proto_pipeline.root_transform_ids
    return {
        "job_name": job.proto.name,
        "stages": stages,
        "steps": [graph[t].unique_name for t in graph[root].subtransforms],
        "transforms": len(graph),
        "input_files": len(files),
        "setup_file": options.view_as(SetupOptions).setup_file,
    }


def direct_runner(options: PipelineOptions):
    """What Beam's DirectRunner runs a batch pipeline on (its FnApiRunner, options given to the workers as
    DirectRunner gives them), without DirectRunner's first choice: since Beam 2.6x it tries PrismRunner,
    which downloads a binary from GitHub at run time (offline: a failed request, then this fallback)."""
    encoded = JobServiceHandle.encode_pipeline_options(options.get_all_options())
    info = beam_provision_api_pb2.ProvisionInfo(pipeline_options=encoded)
    return fn_runner.FnApiRunner(provision_info=fn_runner.ExtendedProvisionInfo(info))


def build(config: CorpusConfig, beam_args: list[str] | None = None) -> BuildResult:
    beam_args = list(beam_args or [])
    started = dt.datetime.now(dt.timezone.utc)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    options = pipeline_options(beam_args)
    runner = options.view_as(StandardOptions).runner
    refuse_unreachable_key(config.stages.deid.key_source, runner,  # before anything runs
                           options.view_as(PortableOptions).environment_type)
    key = deid_key(config.stages.deid.key_source)  # the file pseudonyms of the summary; never stored
    files = [f for source in config.sources for f in match_inputs(source)]
    _log.info("run %s: %d input files, runner %s", run_id, len(files), runner)

    out = config.output
    for table in (out.table, out.rejects_uri):  # a read-only output folder is refused before anything runs
        ensure_writable(table)
    append = out.mode == "append"
    base = _append_base(config) if append else None
    direct = runner_kind(runner) in ("direct", "switchingdirect")
    p = beam.Pipeline(runner=direct_runner(options) if direct else None, options=options)
    stages, stage_metadata = assemble(p, config, files, run_id)
    if append and stage_metadata.get(DEDUP, {}).get("against_version") != base:
        raise BuildError(f"output.mode append: {out.table} is at version {base} but dedup read the index of "
                         f"version {stage_metadata.get(DEDUP, {}).get('against_version')} (the table moved, or version "
                         f"{base} was built without dedup); nothing was run or committed")
    run_started = time.monotonic()
    try:
        if runner.endswith("DataflowRunner"):
            result = p.run()
            _log_dataflow_job(result, options)
            state = result.wait_until_finish()
        else:
            with lean_malloc(), workers_end_with_launcher(), \
                    BuildProgress([s for s in STAGES if stages.get(s) == ACTIVE]):
                result = p.run()
                state = result.wait_until_finish()
    finally:
        _remove_parked_documents(out.table, run_id)
    if state != PipelineState.DONE:
        raise BuildError(f"run {run_id} ended in state {state}; no version was committed")

    try:
        ledger = load_json(FileSystems.join(run_dir(out.table, run_id), "ledger.json"))
        documents = load_json(FileSystems.join(run_dir(out.table, run_id), "documents.json"))
        rejects = load_json(FileSystems.join(run_dir(out.rejects_uri, run_id), "rejects.json"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"run {run_id} finished without its staged manifests ({type(exc).__name__}); "
                         "no version was committed") from None
    stage_reports = {}
    for stage in STAGES:
        path = FileSystems.join(run_dir(out.table, run_id), f"{stage}.json")
        if FileSystems.exists(path):
            stage_reports[stage] = load_json(path)
    counts = conservation(ledger, documents, rejects)
    if not counts["balanced"]:
        raise BuildError(
            f"run {run_id} does not balance (input != kept + rejected + duplicates) for sources "
            f"{counts['unbalanced_sources']}: {counts['by_source']}; no version was committed")

    # the gate: validate the staged shards and the run's facts BEFORE anything is committed. It runs in
    # a second process while this one summarises the shards for the deid report (its residual scan
    # re-runs detection): two cores at work where one did both steps in turn
    validating = time.monotonic()
    gate = _Gate(config, run_id, documents, counts, stages)
    try:
        deid_summary = _deid_summary(config, documents, stage_metadata) if stages[DEID] == ACTIVE else None
    except BaseException:
        gate.cancel()  # no process left behind
        raise
    validation, gate_s = gate.result()
    seconds = {"pipeline": round(validating - run_started, 1), "validation": round(gate_s, 1)}

    summary = {
        "run_id": run_id,
        "dataset": config.dataset,
        "started": started.isoformat(timespec="seconds"),
        "runner": runner,
        "code_version": code_version(),
        "config_sha256": config.fingerprint(),
        "stages": stages,
        "counts": counts,
        "metrics": beam_counters(result),
        "cpu": stage_cpu(result),
        "seconds": seconds,  # wall time of the Beam run and of the validation gate
        "inputs": _input_fingerprints(files, ledger, key),
        "stage_metadata": stage_metadata,
        "stage_reports": stage_reports,
        "validation": {k: v for k, v in validation.items() if k not in ("expectations", "bounds")},
        "dataset_card": FileSystems.join(run_dir(out.table, run_id), "dataset-card.html"),
    }
    if append and latest_version(out.table, out.storage_options or None) != base:
        raise BuildError(f"output.mode append: {out.table} moved past version {base} while this run deduplicated "
                         "against it; nothing was committed, run the build again")
    rejects_version = commit_version(
        out.rejects_uri, REJECT_SCHEMA, rejects,
        {"kind": "rejects", "run_id": run_id, "dataset": config.dataset, "documents_table": out.table},
        name=f"{config.dataset}_rejects", storage_options=out.storage_options or None)
    summary["rejects"] = {"table": out.rejects_uri, "version": rejects_version}
    if stages[DEID] == ACTIVE:
        summary["deid_report"] = FileSystems.join(run_dir(out.table, run_id), "deid-report.html")
    if append:
        previous = _version_rows(out.table, base, out.storage_options or None) if base is not None else 0
        summary["appended_to"] = base
        summary["documents_in_version"] = previous + counts["kept"]
    summary["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    summary["table"] = out.table
    # every file the commit metadata names exists before the commit: a kill after it leaves none dangling
    expected = _next_version(out.table, base if append else False, out.storage_options or None)
    _write_run_files(config, summary, validation, deid_summary, expected)
    version = commit_version(
        out.table, DOCUMENT_SCHEMA, documents,
        {"kind": "documents", **summary, "config": stored_config(config, key)},
        name=config.dataset, storage_options=out.storage_options or None, append_to=base if append else False)
    if version != expected:  # another writer committed in between: the files say the number that landed
        _write_run_files(config, summary, validation, deid_summary, version)
    _card(out.table, version, out.storage_options or None)  # re-rendered from the committed version
    return BuildResult(run_id, out.table, version, out.rejects_uri, rejects_version, summary)


def _remove_parked_documents(table: str, run_id: str) -> None:
    """The documents the stages parked while they waited: the staged shards hold what the run keeps."""
    folder = parked_dir(table, run_id)
    files = [m.path for match in FileSystems.match([FileSystems.join(folder, "*", "*")]) for m in match.metadata_list]
    if files:
        FileSystems.delete(files)
    if FileSystems.exists(folder):
        FileSystems.delete([folder])


def _next_version(table: str, append_to: int | None | bool, storage_options: dict[str, str] | None) -> int:
    """The version the documents commit will most likely get (the one after the latest)."""
    if append_to is not False:
        return 0 if append_to is None else append_to + 1
    latest = latest_version(table, storage_options)
    return 0 if latest is None else latest + 1


def _write_run_files(config: CorpusConfig, summary: dict[str, Any], validation: dict[str, Any],
                     deid_summary: dict[str, Any] | None, version: int) -> None:
    """summary.json, validation.json, the deid report (from the staged shards) and a card placeholder."""
    out = config.output
    folder = run_dir(out.table, summary["run_id"])
    summary["version"] = version
    save_json(FileSystems.join(folder, "summary.json"), summary)
    save_json(FileSystems.join(folder, "validation.json"), validation)
    if "deid_report" in summary:
        _staged_deid_report(config, summary, deid_summary, version)
    with FileSystems.create(summary["dataset_card"]) as f:
        f.write((f"<!doctype html><meta charset=utf-8><title>{config.dataset} version {version}</title>"
                 f"<p>The dataset card of version {version} (run {summary['run_id']}) is rendered after its "
                 "commit. If this page stays, the launcher stopped right after the commit: render it with "
                 "<code>python -c \"from medcorpus.reports.dataset_card import card_for_version; "
                 f"card_for_version('{out.table}', {version})\"</code>.").encode())


class _Gate:
    """The validation gate (``gate.validate_guarded``) in a background process, from the moment the
    run's manifests are read: the launcher summarises the deid report meanwhile, with the detectors'
    modules it already holds. Where the background process fails, the launcher validates itself."""

    def __init__(self, config: CorpusConfig, run_id: str, documents: list[dict], counts: dict[str, Any],
                  stages: dict[str, str]):
        self.args, self.kwargs = _gate_call(config, run_id, documents, counts, stages)
        try:
            self.job: Background | None = Background(validate_guarded, *self.args, **self.kwargs)
        except OSError as exc:
            _log.warning("the validation gate could not start in the background (%s): it runs here", exc)
            self.job = None

    def result(self) -> tuple[dict[str, Any], float]:
        """The gate's result and its wall time."""
        if self.job is not None:
            job, self.job = self.job, None
            try:
                return job.result()
            except BackgroundError as exc:
                _log.warning("%s: the validation gate runs here", exc)
        return validate_guarded(*self.args, **self.kwargs)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None


def _deid_summary(config: CorpusConfig, documents: list[dict], stage_metadata: dict[str, Any]) -> dict[str, Any]:
    """The deid report's summary of the staged shards (what the version will hold)."""
    return staged_summary(config.output.table, documents, config.stages.deid,
                          stage_metadata.get(DEID, {}).get("profiles"), RESIDUAL_SAMPLE)


def _staged_deid_report(config: CorpusConfig, summary: dict[str, Any], deid_summary: dict[str, Any],
                        version: int) -> None:
    """The deid report of the run's staged shards (what the version will hold), before the commit."""
    deid_config = config.stages.deid
    profiles = summary["stage_metadata"].get(DEID, {})
    report = build_report(copy.deepcopy(deid_summary), config=deid_config.model_dump(mode="json"),
                          profiles=profiles,
                          dataset={"name": config.dataset, "version": version, "run_id": summary["run_id"],
                                   "table": config.output.table},
                          provenance={"code_version": summary["code_version"],
                                      "config_sha256": summary["config_sha256"]})
    write_report(report, run_dir(config.output.table, summary["run_id"]))


def _append_base(config: CorpusConfig) -> int | None:
    """The version an append run adds to (None: no table yet); refuses one that failed validation,
    whose rows readers refuse and an append would pass off as validated."""
    out = config.output
    if not is_table(out.table, out.storage_options or None):
        return None
    history = commit_history(out.table, out.storage_options or None)
    base = max(history)
    if validation_status(history[base]["medcorpus"]) == FAILED:
        raise BuildError(f"output.mode append: version {base} of {out.table} failed validation; fix it "
                         "(or build a replacing version) before appending to it")
    return base


def orphaned_rejects(table: str, rejects_table: str | None = None,
                     storage_options: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """(rejects version, run_id) of every rejects version whose run never committed documents: the
    launcher died between the two commits. Readers of rejects leave those versions out."""
    rejects_table = rejects_table or table.rstrip("/") + "_rejects"
    if not is_table(rejects_table, storage_options):
        return []
    runs = ({e["medcorpus"].get("run_id") for e in commit_history(table, storage_options).values()}
            if is_table(table, storage_options) else set())
    return [(v, e["medcorpus"]["run_id"]) for v, e in commit_history(rejects_table, storage_options).items()
            if e["medcorpus"].get("kind") == "rejects" and e["medcorpus"].get("run_id") not in runs]


def _version_rows(table: str, version: int, storage_options: dict[str, str] | None) -> int:
    from deltalake import DeltaTable  # heavy: only for appends

    adds = DeltaTable(table, version=version, storage_options=storage_options).get_add_actions(flatten=True)
    return int(sum(adds.column("num_records").to_pylist()))


def validate_run(config: CorpusConfig, run_id: str, documents: list[dict], counts: dict[str, Any],
                 stages: dict[str, str]) -> dict[str, Any]:
    """Run the expectation suites (expectations/) on the staged shards, in this process; never raises:
    a gate that cannot run fails the version (committed, refused by readers), it loses nothing."""
    args, kwargs = _gate_call(config, run_id, documents, counts, stages)
    return validate_guarded(*args, **kwargs)[0]


def _gate_call(config: CorpusConfig, run_id: str, documents: list[dict], counts: dict[str, Any],
               stages: dict[str, str]) -> tuple[tuple, dict[str, Any]]:
    """The arguments of ``gate.validate_guarded`` for a run."""
    out = config.output
    return ((run_id, out.table, documents, counts, stages, config.validation),
            {"expected_schema": DOCUMENT_SCHEMA, "max_text_chars": config.ingest.max_doc_chars,
             "docs_dir": FileSystems.join(run_dir(out.table, run_id), "data-docs")})


def _card(table: str, version: int, storage_options: dict[str, str] | None) -> None:
    """The dataset card, from the committed version and its stored summary (after the fact)."""
    try:
        card_for_version(table, version, storage_options=storage_options)
    except Exception:  # noqa: BLE001 - the version is committed; a card can be rebuilt later
        _log.exception("dataset card for version %s of %s could not be written", version, table)


def _validation_lines(summary: dict[str, Any]) -> list[str]:
    v = summary.get("validation")
    if not v:
        return []
    lines = []
    if v["status"] == "passed":
        lines.append(f"  validation passed ({v.get('evaluated', 0)} expectations over {v.get('shards', 0)} shards, "
                     f"{sum((v.get('seconds') or {}).values()):.1f} s)")
    elif v["status"] == "failed":
        lines.append(f"  validation FAILED: version {summary.get('version')} is committed for inspection but is not "
                     "published as valid (open_dataset/pull refuse it unless allow_invalid / --allow-invalid)")
        for name in v.get("failed", []):
            detail = (v.get("details") or {}).get(name)
            lines.append(f"    failed {name}" + (f": {detail}" if detail else ""))
    else:
        lines.append(f"  validation {v['status']}")
    if v.get("data_docs"):
        lines.append(f"  data docs  {v['data_docs']}")
    if summary.get("dataset_card"):
        lines.append(f"  card       {summary['dataset_card']}")
    return lines


def format_summary(summary: dict[str, Any]) -> str:
    c = summary["counts"]
    stages = summary["stages"]
    active = [s for s, v in stages.items() if v == ACTIVE]
    disabled = [s for s, v in stages.items() if v == DISABLED]
    lines = [
        f"dataset {summary['dataset']!r}: version {summary['version']} committed (run {summary['run_id']})",
        f"  documents  {summary['table']}" + (
            f" (appended to version {summary['appended_to']}: {summary['documents_in_version']} documents in all)"
            if summary.get("appended_to") is not None else ""),
        f"  rejects    {summary['rejects']['table']} (version {summary['rejects']['version']})",
        *([f"  deid report {summary['deid_report']}"] if summary.get("deid_report") else []),
        *_validation_lines(summary),
        f"  read with  polars.scan_delta({summary['table']!r}, version={summary['version']})",
        f"  stages     active: {', '.join(active)}" + (f"; disabled: {', '.join(disabled)}" if disabled else ""),
        f"  input {c['input']} = kept {c['kept']} + rejected {c['rejected']} + duplicates removed "
        f"{c['duplicates_removed']}  [balanced]",
    ]
    for stage, reasons in c["rejected_by_stage"].items():
        lines.append(f"    rejected at {stage}: " + ", ".join(f"{r} {n}" for r, n in reasons.items()))
    lines.append("  by source:")
    for source, row in c["by_source"].items():
        lines.append(f"    {source:<24} input {row['input']:>8}  kept {row['kept']:>8}  rejected {row['rejected']:>6}"
                     f"  duplicates {row['duplicates_removed']:>6}")
    quality_meta = summary.get("stage_metadata", {}).get(QUALITY)
    if quality_meta:  # the quality stage ran: flag the sources it took too much of
        lines.extend("  " + flag_line(loss, summary["table"], summary.get("version"))
                     for loss in quality_losses(c, quality_meta["max_source_loss"]) if loss["flagged"])
    dedup_report = summary.get("stage_reports", {}).get(DEDUP)
    if dedup_report:
        lines.extend(format_report(dedup_report, summary.get("stage_metadata", {}).get(DEDUP)))
    return "\n".join(lines)
