"""What every stage shares: the dead-letter output, metrics, and the explicit pass-through.

A stage is a PTransform from documents to ``StageResult(docs, rejects)``. Rejects leave
through a tagged side output built by ``reject()``, which also counts them, so every
reject reason has a Beam Metrics counter without the stage remembering to add one.

Optional seams a stage may use:
- ``StageResult.report``: a PCollection of small dicts (say, one per cluster size) that the
  pipeline stages as ``<run dir>/<stage>.json``; the run summary carries it under
  ``stage_reports``.
- ``run_metadata()``: facts about the run known at launch (a model file's sha256, the
  parameters chosen), stored in the run summary under ``stage_metadata``.
- ``bind_run(context)``: the ``RunContext`` (table, run id, storage options), for stages
  that read earlier versions of the table.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput

from medcorpus.schemas import DOCUMENT_SCHEMA, REJECT_SCHEMA, make_reject, validate_record

DOCS = "docs"
REJECTS = "rejects"


class StageResult(NamedTuple):
    docs: beam.PCollection
    rejects: beam.PCollection
    report: beam.PCollection | None = None


class RunContext(NamedTuple):
    """Where this run writes: the documents table, the run id, object-store settings, whether
    its documents are appended to the latest version (output.mode append), and the configured
    sources (for stages whose behaviour depends on what a source is)."""

    table: str
    run_id: str
    storage_options: dict[str, str] | None = None
    append: bool = False
    sources: tuple = ()


def metrics_namespace(stage: str) -> str:
    return f"medcorpus.{stage}"


def count(stage: str, outcome: str, n: int = 1) -> None:
    Metrics.counter(metrics_namespace(stage), outcome).inc(n)


def reject(stage: str, reason: str, detail: str, **kwargs: Any) -> TaggedOutput:
    """A reject record on the dead-letter output, counted under its stage and reason."""
    record = make_reject(stage=stage, reason=reason, detail=detail, **kwargs)
    validate_record(record, REJECT_SCHEMA)
    count(stage, "rejected")
    count(stage, f"rejected.{reason}")
    return TaggedOutput(REJECTS, record)


def keep(stage: str, doc: dict[str, Any]) -> dict[str, Any]:
    """A document leaving a stage: counted, and checked against the canonical schema."""
    validate_record(doc, DOCUMENT_SCHEMA)
    count(stage, "kept")
    return doc


class _PassThroughFn(beam.DoFn):
    def __init__(self, stage: str):
        self.stage = stage

    def process(self, doc):
        count(self.stage, "passthrough")
        yield doc


class PassThrough(beam.PTransform):
    """A stage whose capability has not landed yet: documents go through unchanged and the
    run summary lists the stage as a pass-through (``passthrough = True``)."""

    passthrough = True

    def __init__(self, stage: str):
        super().__init__(label=f"PassThrough[{stage}]")
        self.stage = stage

    def expand(self, docs: beam.PCollection) -> StageResult:
        out = docs | beam.ParDo(_PassThroughFn(self.stage)).with_outputs(REJECTS, main=DOCS)
        return StageResult(out[DOCS], out[REJECTS])
