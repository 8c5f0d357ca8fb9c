"""The stage contract: what every stage shares.

A stage is a ``Stage`` (a Beam PTransform) from documents to ``StageResult(docs, rejects,
report)``. It has a ``name`` (one of ``schemas.STAGES``, which is the one pipeline order) and a
config model derived from ``StageConfig``; ``status`` follows from that config (``enabled:
false`` -> disabled: documents pass through unchanged and the summary, card and commit
metadata say so). A stage writes one thing: ``make_fn()``, the DoFn that handles one document
(``expand`` is written once, here); a stage with a graph of its own (dedup) overrides ``expand``.

Rejects leave through a tagged side output built by ``reject()``, which also counts them, so
every reject reason has a Beam Metrics counter without the stage remembering to add one.
``expand`` runs the DoFn inside ``TimedFn``, which records its CPU time per element in the
Distribution ``medcorpus.<stage>/cpu_us`` (the run summary's ``cpu`` section and the card's
table); ``count()`` also feeds the live progress tally (``transforms/progress.py``).

Seams with defaults a stage may override:
- ``run_metadata()``: facts about the run known at launch (a model file's sha256, the
  parameters chosen), stored in the run summary under ``stage_metadata``.
- ``bind_run(context)``: the ``RunContext`` (table, run id, storage options, sources), for
  stages that read earlier versions of the table or depend on what a source is.
- ``StageResult.report``: a PCollection of small dicts that the pipeline stages as
  ``<run dir>/<stage>.json``; the run summary carries it under ``stage_reports``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import islice
from typing import Any, ClassVar, NamedTuple

import apache_beam as beam
import pyarrow as pa
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput
from pydantic import BaseModel, ConfigDict, Field

from medcorpus.schemas import ACTIVE, DISABLED, DOCUMENT_SCHEMA, REJECT_SCHEMA, make_reject, validate_record
from medcorpus.schemas.records import _py_type
from medcorpus.transforms.progress import tally, tally_cpu

DOCS = "docs"
REJECTS = "rejects"
CPU_US = "cpu_us"  # the Distribution each timed DoFn updates, one value per element
TIMED_CHUNK = 64  # outputs a TimedFn collects before it reads the clock and passes them on


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


_COUNTERS: dict[tuple[str, str], Any] = {}


def count(stage: str, outcome: str, n: int = 1) -> None:
    # one Metrics.counter per (stage, outcome) and process: it only names the metric (inc() finds the
    # current bundle's container each time), and building its MetricName cost ~3 us per call
    counter = _COUNTERS.get((stage, outcome))
    if counter is None:
        counter = _COUNTERS[stage, outcome] = Metrics.counter(metrics_namespace(stage), outcome)
    counter.inc(n)
    tally(stage, outcome, n)


class TimedFn(beam.DoFn):
    """Runs ``fn`` and records the CPU time of each ``process`` call under ``stage``: only the
    DoFn's own time, not that of the fused steps downstream that consume what it yields."""

    def __init__(self, stage: str, fn: beam.DoFn):
        self.stage, self.fn = stage, fn
        self.cpu = Metrics.distribution(metrics_namespace(stage), CPU_US)

    def setup(self) -> None:
        self.fn.setup()

    def start_bundle(self) -> None:
        self.fn.start_bundle()

    def process(self, element, *args, **kwargs) -> Iterator[Any]:
        # Outputs are taken TIMED_CHUNK at a time and yielded after the clock is read: the process CPU
        # clock is a system call (~2 us, more with the worker's threads), and reading it around every
        # single output cost four calls per document and stage.
        spent = 0.0
        started = time.process_time()
        outs = iter(self.fn.process(element, *args, **kwargs) or ())
        while True:
            chunk = list(islice(outs, TIMED_CHUNK))
            spent += time.process_time() - started
            if not chunk:
                break
            yield from chunk
            if len(chunk) < TIMED_CHUNK:  # a short chunk: the DoFn has no more outputs
                break
            started = time.process_time()
        us = round(spent * 1e6)
        self.cpu.update(us)
        tally_cpu(self.stage, us)

    def finish_bundle(self):
        return self.fn.finish_bundle()

    def teardown(self) -> None:
        self.fn.teardown()


def _field_check(field: pa.Field) -> tuple:
    """(name, nullable, Python type, refuses bool, the struct's member checks or None, their names)."""
    py = _py_type(field.type)
    members = tuple(_field_check(child) for child in field.type) if pa.types.is_struct(field.type) else None
    return (field.name, field.nullable, py, py in (int, (float, int)), members,
            frozenset(m[0] for m in members) if members is not None else None)


def _passes(value: Any, checks: tuple) -> bool:
    for name, nullable, py_type, no_bool, members, member_names in checks:
        v = value.get(name)
        if v is None:
            if not nullable:
                return False
        elif (not isinstance(v, py_type) or (no_bool and isinstance(v, bool))
              or (members is not None and not (v.keys() <= member_names and _passes(v, members)))):
            return False
    return True


class _RecordCheck:
    """``validate_record``'s rules compiled once per schema: pyarrow's Field and type objects
    are slow to walk for every record (~0.2 ms, 5 times per document). A record that fails
    goes through ``validate_record`` itself, so errors read the same."""

    def __init__(self, schema: pa.Schema):
        self.schema, self.names = schema, frozenset(schema.names)
        self.fields = tuple(_field_check(f) for f in schema)

    def __call__(self, record: dict[str, Any]) -> None:
        if not (record.keys() == self.names and _passes(record, self.fields)):
            validate_record(record, self.schema)


_check_document = _RecordCheck(DOCUMENT_SCHEMA)
_check_reject = _RecordCheck(REJECT_SCHEMA)


def reject(stage: str, reason: str, detail: str, **kwargs: Any) -> TaggedOutput:
    """A reject record on the dead-letter output, counted under its stage and reason."""
    record = make_reject(stage=stage, reason=reason, detail=detail, **kwargs)
    _check_reject(record)
    count(stage, "rejected")
    count(stage, f"rejected.{reason}")
    return TaggedOutput(REJECTS, record)


def keep(stage: str, doc: dict[str, Any]) -> dict[str, Any]:
    """A document leaving a stage: counted, and checked against the canonical schema."""
    _check_document(doc)
    count(stage, "kept")
    return doc


class StageConfig(BaseModel):
    """What every stage's config has: strict keys, frozen, and a switch."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="false: documents pass through unchanged; the summary, the card and "
                                            "the commit metadata say the stage was disabled")


class _PassThroughFn(beam.DoFn):
    def __init__(self, stage: str):
        self.stage = stage

    def process(self, doc):
        count(self.stage, "passthrough")
        yield doc


class Stage(beam.PTransform):
    """Base of every stage after ingest. Subclasses set ``name`` and ``config_model`` and write
    ``make_fn``; see the module docstring."""

    name: ClassVar[str]
    config_model: ClassVar[type[StageConfig]]

    def __init__(self, config: StageConfig | None = None):
        super().__init__()
        self.config = config if config is not None else self.config_model()
        self.context: RunContext | None = None

    @property
    def status(self) -> str:
        return ACTIVE if self.config.enabled else DISABLED

    def bind_run(self, context: RunContext) -> None:
        self.context = context

    def run_metadata(self) -> dict[str, Any]:
        return {}

    def make_fn(self) -> beam.DoFn:
        raise NotImplementedError(f"{type(self).__name__} must define make_fn() or expand()")

    def expand(self, docs: beam.PCollection) -> StageResult:
        fn = self.make_fn() if self.status == ACTIVE else _PassThroughFn(self.name)
        out = docs | beam.ParDo(TimedFn(self.name, fn)).with_outputs(REJECTS, main=DOCS)
        return StageResult(out[DOCS], out[REJECTS])

