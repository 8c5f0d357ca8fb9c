"""The canonical records every stage reads and emits, declared once.

Documents and rejects travel through Beam as plain dicts whose keys are the
field names below; the writer turns them into Arrow tables with these schemas.
A stage adds only its own fields and leaves the others untouched.

Document fields
---------------
doc_id        keyed pseudonymous id: HMAC-SHA256 (the deid key, ``transforms/deid/keys.py``) of
              ``source`` and the record's raw id, 128 bits in hex (``make_doc_id``). A rerun over
              the same inputs with the same key gives the same ids; without the key nobody can
              map an id back to an MRN (``medcorpus reveal-id`` does, with the key and the inputs).
source        the source name from the config (``sources[].name``).
source_id     a keyed pseudonym (``sid-<hex>``, ``make_source_id``) of the record's id in its
              source: the id field/column when configured (PMID for MEDLINE, article id for
              JATS), else ``<file>:<row>``. The raw id is never stored.
text          the document text: decoded, Unicode NFC, control characters removed.
              After the deid stage it is de-identified text.
lang          ISO 639-1 language code: a hint from ingest (source config or metadata)
              until the langid stage sets it from detection.
lang_score    confidence of ``lang`` (null when it is only a hint).
lang_mix      for documents in more than one language: each detected language and the
              fraction of the text in it (from line/paragraph-level detection); null when
              the document is in one language or langid is disabled.
metadata      JSON object with the source's metadata fields (CSV columns, MeSH terms,
              journal, section titles...); a JSON string keeps the schema stable
              across sources. After the deid stage every string, number and nested key in it
              has been through the same detectors as the text, and fields whose name says
              they identify someone (``transforms/deid/resources/identifier_fields.txt``)
              are replaced whole.
provenance    where the record came from: ``format``, ``file`` (a keyed pseudonym of the source's
              relative path, extension kept: ``f-<hex16>.jsonl``; ``make_file_name``), ``row``
              (0-based record index in the file), ``offset`` (byte offset in the
              decompressed stream, when the format has one).
deid          de-identification: ``mode`` (surrogate/mask), ``num_spans``, the ``categories``
              found, and ``spans``: one audit record per replaced span (label, recognizer,
              score, start/end in the OUTPUT text, replacement kind), never the original value.
quality       ``score`` in [0, 1] and the measured ``signals`` (a list of {name, value}), kept
              apart from the keep/drop decision. Null while the stage is disabled.
dedup         ``exact_hash`` of the normalised text, near-duplicate ``cluster_id`` and
              ``cluster_size``. Null while the stage is disabled.

Reject fields
-------------
doc_id, source, source_id, provenance   as above (doc_id of the record that was rejected).
stage         the stage that rejected it (``STAGES``).
reason        a named reason (``RejectReason``); what a reviewer filters on.
detail        a short human-readable explanation. Never carries input text: messages
              are built from positions and types, not from the content.
duplicate_of  for duplicate rejects, the doc_id that was kept.
text          the de-identified text, for rejects after the deid stage, so a reviewer
              can re-decide; always null for rejects before it.
quality       for quality rejects, the ``score`` and ``signals`` the decision was made from
              (as on kept documents), so a reviewer re-decides without recomputing; null
              for rejects of other stages.
contains_phi  true when the reject was made before de-identification: its provenance
              points at raw input that may hold PHI (quarantine).
"""

from __future__ import annotations

import hashlib
import hmac
import posixpath
from typing import Any

import pyarrow as pa

# Stage names, in pipeline order.
INGEST = "ingest"
DEID = "deid"
LANGID = "langid"
DEDUP = "dedup"
QUALITY = "quality"
WRITE = "write"
# quality before dedup: a duplicate cluster keeps its best document, so scores must exist first
STAGES: tuple[str, ...] = (INGEST, DEID, LANGID, QUALITY, DEDUP, WRITE)
# What a version's summary, card and commit metadata say of each stage.
ACTIVE = "active"
DISABLED = "disabled"  # enabled: false in the config; documents passed through unchanged


class RejectReason:
    """Reject reasons, one constant each: stages never spell a reason inline."""

    # ingest
    MALFORMED_RECORD = "malformed_record"  # unparseable JSON line / XML record / CSV row
    UNDECODABLE_BYTES = "undecodable_bytes"  # bytes not valid in the file's encoding
    MISSING_FIELD = "missing_field"  # configured id/text field absent or of the wrong type
    EMPTY_TEXT = "empty_text"  # nothing left after normalisation
    TOO_LARGE = "too_large"  # over ingest.max_doc_chars
    UNREADABLE_FILE = "unreadable_file"  # the rest of a file could not be read (I/O, truncated gzip)
    DUPLICATE_SOURCE_ID = "duplicate_source_id"  # same source + source_id seen again; the last wins
    # deid
    DEID_FAILED = "deid_failed"  # detection or replacement raised: quarantined, never passed on
    # langid
    LANGUAGE = "language"
    # dedup
    EXACT_DUPLICATE = "exact_duplicate"
    NEAR_DUPLICATE = "near_duplicate"
    # append: the version added to holds this doc_id (same source and source_id); the earlier one stays
    ID_IN_VERSION = "id_in_version"
    # quality: one per hard-rule family (the detail names the failing signal), then the score
    TOO_SHORT = "too_short"  # words (Han characters count one each) under the minimum
    GARBLED = "garbled"  # mojibake, control/private-use/U+FFFD characters, rare Han (mis-decoded text)
    NUMBER_TABLE = "number_table"  # lines of bare numbers, digit-dominated text
    SYMBOLS = "symbols"  # symbol-heavy text, words without letters
    REPETITION = "repetition"  # repeated lines/paragraphs, one n-gram dominating
    BOILERPLATE = "boilerplate"  # navigation, legal and sharing chrome
    NO_STOPWORDS = "no_stopwords"  # no function words: word salad, lists of keywords
    WORD_ORDER = "word_order"  # function words where they cannot be: shuffled words/characters
    FRAGMENT = "fragment"  # a short piece that starts mid-word and ends mid-sentence
    LOW_QUALITY = "low_quality"  # no single rule failed, but the score is under min_score

    @classmethod
    def all(cls) -> frozenset[str]:
        return frozenset(v for k, v in vars(cls).items() if k.isupper())


DUPLICATE_REASONS = frozenset({RejectReason.EXACT_DUPLICATE, RejectReason.NEAR_DUPLICATE, RejectReason.ID_IN_VERSION})

PROVENANCE_TYPE = pa.struct(
    [
        pa.field("format", pa.string(), nullable=False),
        pa.field("file", pa.string(), nullable=False),
        pa.field("row", pa.int64()),
        pa.field("offset", pa.int64()),
    ]
)

# One record per replaced span: where it is in the OUTPUT text and what replaced it;
# never the original value.
SPAN_TYPE = pa.struct(
    [
        pa.field("start", pa.int32()),
        pa.field("end", pa.int32()),
        pa.field("label", pa.string()),
        pa.field("recognizer", pa.string()),
        pa.field("score", pa.float32()),
        pa.field("replacement", pa.string()),  # surrogate, shift, generalize or mask
    ]
)

DEID_TYPE = pa.struct(
    [
        pa.field("mode", pa.string()),
        pa.field("num_spans", pa.int32()),
        pa.field("categories", pa.list_(pa.string())),
        pa.field("spans", pa.list_(SPAN_TYPE)),
    ]
)

LANG_SHARE_TYPE = pa.struct([pa.field("lang", pa.string()), pa.field("fraction", pa.float32())])

# name/value pairs, not an Arrow map: Hugging Face datasets and other readers cannot read map columns
SIGNAL_TYPE = pa.struct([pa.field("name", pa.string()), pa.field("value", pa.float64())])

QUALITY_TYPE = pa.struct(
    [
        pa.field("score", pa.float64()),
        pa.field("signals", pa.list_(SIGNAL_TYPE)),
    ]
)


def signal_entries(signals: dict[str, float]) -> list[dict[str, Any]]:
    """The stored form of a signal dict (``quality.signals``)."""
    return [{"name": name, "value": value} for name, value in signals.items()]


def signals_dict(entries: list[dict[str, Any]] | None) -> dict[str, float]:
    """Back from the stored form."""
    return {e["name"]: e["value"] for e in entries or ()}

DEDUP_TYPE = pa.struct(
    [
        pa.field("exact_hash", pa.string()),
        pa.field("cluster_id", pa.string()),
        pa.field("cluster_size", pa.int32()),
    ]
)

DOCUMENT_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("text", pa.large_string(), nullable=False),
        pa.field("lang", pa.string()),
        pa.field("lang_score", pa.float32()),
        pa.field("lang_mix", pa.list_(LANG_SHARE_TYPE)),
        pa.field("metadata", pa.string()),
        pa.field("provenance", PROVENANCE_TYPE, nullable=False),
        pa.field("deid", DEID_TYPE),
        pa.field("quality", QUALITY_TYPE),
        pa.field("dedup", DEDUP_TYPE),
    ],
    metadata={b"medcorpus.record": b"document", b"medcorpus.schema_version": b"2"},
)

REJECT_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
        pa.field("duplicate_of", pa.string()),
        pa.field("text", pa.large_string()),
        pa.field("quality", QUALITY_TYPE),
        pa.field("contains_phi", pa.bool_(), nullable=False),
        pa.field("provenance", PROVENANCE_TYPE, nullable=False),
    ],
    metadata={b"medcorpus.record": b"reject", b"medcorpus.schema_version": b"2"},
)


def keyed_hex(key: bytes, kind: str, *parts: str) -> str:
    """HMAC-SHA256 of ``parts`` under ``key``, in hex: the one keyed digest behind every stored
    pseudonym. ``kind`` keeps ids, file names and values apart; the unit separator keeps
    ("a", "b:c") and ("a:b", "c") apart."""
    if not key:
        raise ValueError("pseudonymous ids need the deid key")
    return hmac.new(key, "\x1f".join((kind, *parts)).encode(), hashlib.sha256).hexdigest()


def make_doc_id(key: bytes, source: str, raw_id: str) -> str:
    """Stable 128-bit keyed id of a record: same key and input, same id; no key, no way back."""
    return keyed_hex(key, "doc", source, raw_id)[:32]


def make_source_id(key: bytes, source: str, raw_id: str) -> str:
    """The stored ``source_id``: a keyed pseudonym of the record's raw id in its source."""
    return "sid-" + keyed_hex(key, "source_id", source, raw_id)[:24]


# suffixes kept on a file pseudonym: formats and compressions only (a name part never passes)
_KEPT_SUFFIXES = frozenset({"jsonl", "json", "ndjson", "csv", "tsv", "txt", "text", "xml", "nxml", "parquet",
                            "gz", "bz2"})


def make_file_name(key: bytes, source: str, relpath: str) -> str:
    """``f-<hex16>.<ext>``: the keyed pseudonym of an input file (its path relative to the
    source's path, so it stays the same when the data moves); a name never reaches the output."""
    parts = posixpath.basename(relpath).lower().split(".")[1:]
    kept: list[str] = []
    while parts and parts[-1] in _KEPT_SUFFIXES and len(kept) < 2:
        kept.insert(0, parts.pop())
    return "f-" + keyed_hex(key, "file", source, relpath)[:16] + "".join(f".{x}" for x in kept)


def _derived_id(source: str, source_id: str) -> str:
    """doc_id of a record whose ``source_id`` is already a pseudonym (tests, benchmarks): a plain
    digest of it, which reveals nothing the pseudonym does not."""
    return hashlib.blake2b(f"{source}\x1f{source_id}".encode(), digest_size=16).hexdigest()


def provenance(fmt: str, file: str, row: int | None = None, offset: int | None = None) -> dict[str, Any]:
    return {"format": fmt, "file": file, "row": row, "offset": offset}


def make_document(
    *, source: str, source_id: str, text: str, prov: dict[str, Any],
    lang: str | None = None, metadata: str | None = None, doc_id: str | None = None,
) -> dict[str, Any]:
    """A document; ``source_id`` and ``prov["file"]`` are pseudonyms already (ingest makes them),
    ``doc_id`` the keyed id (``make_doc_id``)."""
    return {
        "doc_id": doc_id or _derived_id(source, source_id),
        "source": source,
        "source_id": source_id,
        "text": text,
        "lang": lang,
        "lang_score": None,
        "lang_mix": None,
        "metadata": metadata,
        "provenance": prov,
        "deid": None,
        "quality": None,
        "dedup": None,
    }


def make_reject(
    *, stage: str, reason: str, detail: str, doc: dict[str, Any] | None = None,
    source: str | None = None, source_id: str | None = None, prov: dict[str, Any] | None = None,
    doc_id: str | None = None, duplicate_of: str | None = None, quality: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The one way to build a reject: from the document it rejects (keeping its doc_id), or, at
    ingest, from where the unreadable record was (pseudonymous ``source_id`` and file, keyed
    ``doc_id``). Text is kept only after de-identification; ``quality`` ({score, signals}) only
    from the quality stage."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    if reason not in RejectReason.all():
        raise ValueError(f"unknown reject reason {reason!r}; add it to RejectReason")
    before_deid = STAGES.index(stage) <= STAGES.index(DEID)
    if doc is not None:
        source, source_id, prov, doc_id = doc["source"], doc["source_id"], doc["provenance"], doc["doc_id"]
    if source is None or source_id is None or prov is None:
        raise ValueError("a reject needs the document or its source, source_id and provenance")
    return {
        "doc_id": doc_id or _derived_id(source, source_id),
        "source": source,
        "source_id": source_id,
        "stage": stage,
        "reason": reason,
        "detail": detail,
        "duplicate_of": duplicate_of,
        "text": None if before_deid or doc is None else doc["text"],
        "quality": quality,
        "contains_phi": before_deid,
        "provenance": prov,
    }


_PY_TYPES = {
    pa.types.is_string: str,
    pa.types.is_large_string: str,
    pa.types.is_boolean: bool,
    pa.types.is_integer: int,
    pa.types.is_floating: (float, int),
    pa.types.is_struct: dict,
    pa.types.is_list: (list, tuple),
    pa.types.is_map: (dict, list),
}


def _py_type(arrow_type: pa.DataType):
    for test, py in _PY_TYPES.items():
        if test(arrow_type):
            return py
    raise TypeError(f"no Python type for {arrow_type}")


def validate_record(record: dict[str, Any], schema: pa.Schema) -> None:
    """Cheap per-record check of what a stage emits: exact field set, non-null where
    required, top-level and struct-member types. Raises ValueError naming the field.

    A violation is a bug in a stage, never bad input, so it fails the run loudly;
    messages name fields and types only, never values (they may hold PHI).
    """
    names = set(schema.names)
    keys = set(record)
    if keys != names:
        missing, extra = sorted(names - keys), sorted(keys - names)
        raise ValueError(f"{schema.metadata[b'medcorpus.record'].decode()} record fields differ from schema: "
                         f"missing={missing} unexpected={extra}")
    for field in schema:
        _validate_value(record[field.name], field, field.name)


def _validate_value(value: Any, field: pa.Field, path: str) -> None:
    if value is None:
        if not field.nullable:
            raise ValueError(f"field {path} must not be null")
        return
    expected = _py_type(field.type)
    if isinstance(value, bool) and expected in (int, (float, int)):
        raise ValueError(f"field {path} must be {field.type}, got bool")
    if not isinstance(value, expected):
        raise ValueError(f"field {path} must be {field.type}, got {type(value).__name__}")
    if pa.types.is_struct(field.type):
        for child in field.type:
            _validate_value(value.get(child.name), child, f"{path}.{child.name}")
        unexpected = set(value) - {child.name for child in field.type}
        if unexpected:
            raise ValueError(f"field {path} has unexpected members {sorted(unexpected)}")
