"""Ingest stage: files -> canonical documents, with a reject for everything unreadable.

Files are matched on the launching machine (their list and sizes become the version's
lineage), then read one file per element on the workers through Beam's FileSystems,
so ``gs://`` paths work wherever the gcp extra is installed. Each file also yields a
ledger entry (records read, bytes, sha256) that the run's conservation check and
fingerprints are built from.

Nothing that identifies a record leaves this stage raw: the record's id becomes a keyed
``doc_id`` and ``source_id`` and its file a keyed file pseudonym (``f-<hex16>.jsonl``), in
documents, rejects, the ledger and log lines alike (HMAC with the deid key, read on the
workers). ``reveal`` maps them back for whoever holds the key and the inputs.
"""

from __future__ import annotations

import tempfile

import bz2
import codecs
import gzip
import hashlib
import json
import logging
import posixpath
import re
import unicodedata
import xml.etree.ElementTree as ET
import zlib
from typing import Annotated, Any, BinaryIO, Iterator, Literal, NamedTuple, Union

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import TaggedOutput
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from medcorpus.schemas import (
    INGEST, RejectReason, make_doc_id, make_document, make_file_name, make_source_id, provenance,
)
from medcorpus.transforms.deid.keys import DEFAULT_KEY_SOURCE, deid_key
from medcorpus.transforms.deid.profiles import DeidProfile
from medcorpus.transforms.ingest.decoding import SURROGATE_RE
from medcorpus.transforms.ingest.readers import (
    RawRecord, ReaderError, csv_columns_needed, get_path, read_file, xml_path_values,
)
from medcorpus.transforms.parking import Spread
from medcorpus.transforms.stage import DOCS, REJECTS, StageResult, TimedFn, count, keep, reject

LEDGER = "ledger"
_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- config

def _as_list(v: Any) -> Any:
    return [v] if isinstance(v, str) else v


def _decodes_ascii(codec: codecs.CodecInfo) -> bool:
    """False for codecs that refuse all input ('undefined')."""
    try:
        return codec.decode(b"a")[0] == "a"
    except UnicodeError:
        return False


class _Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", description="source name; part of every doc_id")
    path: list[str] = Field(min_length=1, description="file, glob or folder (local or gs://); one or a list")
    encoding: str = Field("auto", description="'auto' detects; else a Python codec name")
    lang: str | None = Field(None, description="language hint for every document of this source")
    id_scope: Literal["source", "file"] = Field("source", description="'file' when record ids repeat across "
                                                "files: the file's relative path is prefixed to each id")
    deid_profile: DeidProfile | None = Field(None, description="what de-identification removes: clinical (every "
                                             "Safe Harbor category), literature (contact and identity numbers) "
                                             "or none; default literature for medline/jats, else clinical")

    _as_list_path = field_validator("path", mode="before")(_as_list)

    @field_validator("encoding")
    @classmethod
    def _text_codec(cls, v: str) -> str:
        if v != "auto":
            try:
                codec = codecs.lookup(v)
            except LookupError:
                raise ValueError(f"unknown encoding {v!r}") from None
            # rot13, base64, zlib... are codecs Python knows, but they do not turn bytes into text
            if not codec._is_text_encoding or not _decodes_ascii(codec):
                raise ValueError(f"encoding {v!r} is not a text encoding (e.g. utf-8, gb18030, latin-1)")
        return v

    @property
    def one_record_per_file(self) -> bool:
        return False


class _Fields(_Source):
    id: str | None = Field(None, description="field/column holding the record id; none: <file>:<row>")
    text: list[str] = Field(min_length=1, description="field(s)/column(s) joined into the text")
    metadata: list[str] = Field(default_factory=list, description="fields kept as metadata")
    lang_field: str | None = Field(None, description="field/column holding a language hint")

    _as_list_text = field_validator("text", "metadata", mode="before")(_as_list)

    @field_validator("id", "text", "metadata", "lang_field")
    @classmethod
    def _valid_paths(cls, v: Any) -> Any:
        for path in [v] if isinstance(v, str) else v or []:
            get_path({}, path)  # raises ValueError naming the bad path
        return v


class JsonlSource(_Fields):
    format: Literal["jsonl"]
    text: list[str] = ["text"]


class JsonSource(_Fields):
    format: Literal["json"]
    records_path: str | None = Field(None, description="path to the list of records; none: the file is one "
                                                       "record, or a list of them")


class CsvSource(_Fields):
    format: Literal["csv", "tsv"]
    delimiter: str = Field(",", min_length=1, max_length=1)
    quotechar: str = Field('"', min_length=1, max_length=1)
    columns: list[str] | None = Field(None, description="column names when the file has no header row")

    def model_post_init(self, _ctx: Any) -> None:
        if self.format == "tsv" and self.delimiter == ",":
            object.__setattr__(self, "delimiter", "\t")

    @model_validator(mode="after")
    def _columns_cover_fields(self) -> "CsvSource":
        missing = [c for c in csv_columns_needed(self) if self.columns and c not in self.columns]
        if missing:
            raise ValueError(f"columns has no {missing}: id, text, metadata and lang_field must be among them")
        return self


class ParquetSource(_Fields):
    format: Literal["parquet"]


class TextSource(_Source):
    format: Literal["text"]
    record_separator: str | None = Field(None, description="regex (multiline) splitting a file into records; "
                                                           "none: one document per file")

    @field_validator("record_separator")
    @classmethod
    def _valid_regex(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"record_separator is not a valid regex: {exc}") from None
        return v

    @property
    def one_record_per_file(self) -> bool:
        return self.record_separator is None


class MedlineSource(_Source):
    format: Literal["medline"]
    require_abstract: bool = Field(True, description="reject citations without an abstract")


class JatsSource(_Source):
    format: Literal["jats"]

    @property
    def one_record_per_file(self) -> bool:
        return True


class XmlSource(_Source):
    format: Literal["xml"]
    record_tag: str = Field(description="element that is one record, e.g. QAPair")
    id: str | None = Field(None, description="ElementTree path to the id, '/@attr' for an attribute")
    text: list[str] = Field(min_length=1, description="paths whose text is joined into the document")
    metadata: list[str] = Field(default_factory=list)
    required: list[str] = Field(default_factory=list, description="paths that must be non-empty")

    _as_list_text = field_validator("text", "metadata", "required", mode="before")(_as_list)

    @field_validator("id", "text", "metadata", "required")
    @classmethod
    def _valid_xml_paths(cls, v: Any) -> Any:
        for path in [v] if isinstance(v, str) else v or []:
            try:
                xml_path_values(ET.Element("record"), path)
            except (SyntaxError, KeyError, TypeError, ValueError):  # what ElementPath raises for a bad path
                raise ValueError(f"bad XML path {path!r}") from None
        return v


SourceConfig = Annotated[
    Union[JsonlSource, JsonSource, CsvSource, ParquetSource, TextSource, MedlineSource, JatsSource, XmlSource],
    Field(discriminator="format"),
]


class IngestConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_doc_chars: int = Field(1_000_000, gt=0, description="longer documents are rejected as too_large")


# --------------------------------------------------------------------------- file matching (launcher side)

class InputFile(NamedTuple):
    source: str
    path: str  # as matched
    relpath: str  # relative to the source path's fixed prefix; part of derived ids
    size: int
    mtime: float


def glob_base(pattern: str) -> str:
    """The directory before the first wildcard: ids stay the same when the data moves."""
    head = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
    return head if head.endswith("/") else posixpath.dirname(head) + "/"


def match_inputs(source: _Source) -> list[InputFile]:
    files: list[InputFile] = []
    for path in source.path:
        is_dir = path.endswith("/") or FileSystems.get_filesystem(path).scheme() == "file" and _is_local_dir(path)
        pattern = path.rstrip("/") + "/**" if is_dir else path
        base = glob_base(pattern)
        for m in FileSystems.match([pattern])[0].metadata_list:
            if posixpath.basename(m.path).startswith("."):
                continue  # editor and OS droppings (.DS_Store, .~lock)
            rel = m.path[len(base):] if m.path.startswith(base) else posixpath.basename(m.path)
            files.append(InputFile(source.name, m.path, rel, m.size_in_bytes, m.last_updated_in_seconds))
    if not files:
        raise FileNotFoundError(f"source {source.name!r}: no files match {source.path}")
    return sorted(set(files))


def _is_local_dir(path: str) -> bool:
    import os

    return os.path.isdir(path)


# --------------------------------------------------------------------------- text normalisation

# C0/C1 controls except tab and newline, BOMs and non-characters; \x0b and \x0c are line breaks.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_BREAKS_RE = re.compile("\r\n?|[\x0b\x0c\u2028\u2029\x85]")


def normalize_text(text: str) -> str:
    text = _BREAKS_RE.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    return _CONTROL_RE.sub("", text).strip()


_LANG_CODE_RE = re.compile(r"[a-z]{2,3}")


def _lang_hint(value: Any) -> str | None:
    """An ISO 639 code from a language field ('en', 'zh_CN', 'eng'); anything else is no hint."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if _LANG_CODE_RE.fullmatch(code) else None


# --------------------------------------------------------------------------- reading

class _HashingReader:
    """Counts and hashes the raw bytes as they are read: the input's fingerprint."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.sha256, self.nbytes = raw, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.sha256.update(data)
        self.nbytes += len(data)
        return data

    def readable(self) -> bool:
        return True

    def drain(self) -> None:
        while self.read(1 << 20):
            pass


def _decompress(stream: _HashingReader, path: str) -> BinaryIO:
    lower = path.lower()
    if lower.endswith(".gz"):
        return gzip.GzipFile(fileobj=stream, mode="rb")
    if lower.endswith(".bz2"):
        return bz2.BZ2File(stream, mode="rb")
    return stream


# What a broken stream raises part-way through a file (truncated gzip, I/O error).
_STREAM_ERRORS = (OSError, EOFError, zlib.error)


def raw_record_id(src: _Source, f: InputFile, raw: RawRecord) -> str:
    """The record's id in its source before pseudonymisation: the configured id (prefixed by the
    file in id_scope: file), else ``<relpath>:<row>`` (the file itself for one-record files)."""
    if raw.source_id is not None and not SURROGATE_RE.search(raw.source_id):
        return raw.source_id if src.id_scope == "source" else f"{f.relpath}#{raw.source_id}"
    return f.relpath if src.one_record_per_file else f"{f.relpath}:{raw.row}"


def record_ids(key: bytes, source: str, raw_id: str) -> dict[str, str]:
    """What is stored of a record's id: its keyed doc_id and pseudonymous source_id."""
    return {"source": source, "source_id": make_source_id(key, source, raw_id),
            "doc_id": make_doc_id(key, source, raw_id)}


class ReadInputFile(beam.DoFn):
    """(source index, InputFile) -> documents, rejects, and one ledger entry per file."""

    def __init__(self, sources: list[_Source], config: IngestConfig, key_source: str = DEFAULT_KEY_SOURCE):
        self.sources = sources
        self.config = config
        self.key_source = key_source  # the key itself never travels with the pickled DoFn
        self.key = b""

    def setup(self) -> None:
        self.key = deid_key(self.key_source)

    def process(self, task: tuple[int, InputFile]) -> Iterator[Any]:
        if not self.key:  # called without setup (tests, tools)
            self.setup()
        index, f = task
        src = self.sources[index]
        file_name = make_file_name(self.key, src.name, f.relpath)
        records = 0
        complete = False
        encoding = None
        hashing = None
        try:
            hashing = _HashingReader(FileSystems.open(f.path, compression_type=CompressionTypes.UNCOMPRESSED))
            if src.format == "parquet":  # random access: fingerprint first, then read footer-first
                hashing.drain()
                hashing.raw.seek(0)
                stream = hashing.raw
            else:
                stream = _decompress(hashing, f.path)
            encoding, raws = read_file(stream, src)
            while True:
                # only the reader is guarded: an error in _output is a bug and fails loudly
                try:
                    raw = next(raws)
                except StopIteration:
                    break
                records += 1
                yield self._output(src, f, file_name, raw)
            hashing.drain()
            complete = True
        except (*_STREAM_ERRORS, ValueError, RecursionError) as exc:
            # The rest of the file is unreadable: one reject stands for it. ReaderError: a
            # file whose layout does not match the config (missing column); its message names
            # configured columns and counts only. Any other message may quote the input.
            detail = f": {exc}" if isinstance(exc, ReaderError) else ""
            records += 1
            _log.warning("ingest: %s unreadable after %d records: %s", file_name, records - 1, type(exc).__name__)
            yield reject(INGEST, RejectReason.UNREADABLE_FILE,
                         f"file unreadable after {records - 1} records: {type(exc).__name__}{detail}",
                         **record_ids(self.key, src.name, f"{f.relpath}#unread-after-{records - 1}"),
                         prov=provenance(src.format, file_name))
        finally:
            if hashing is not None:
                hashing.raw.close()
        count(INGEST, "files")
        yield TaggedOutput(LEDGER, {
            "source": src.name, "file": file_name, "records": records,
            "bytes": hashing.nbytes if hashing else 0,
            "sha256": hashing.sha256.hexdigest() if hashing and complete else None,
            "encoding": encoding, "complete": complete,
        })

    def _output(self, src: _Source, f: InputFile, file_name: str, raw: RawRecord) -> Any:
        count(INGEST, "records")
        ids = record_ids(self.key, src.name, raw_record_id(src, f, raw))
        prov = provenance(src.format, file_name, raw.row, raw.offset)
        if raw.source_id is not None and SURROGATE_RE.search(raw.source_id):  # known by its position instead
            return reject(INGEST, RejectReason.MALFORMED_RECORD, f"record id {_LONE_SURROGATE}", **ids, prov=prov)
        if raw.error is not None:
            reason, detail = raw.error
            return reject(INGEST, reason, detail, **ids, prov=prov)
        text = "\n\n".join(t for t in (normalize_text(part) for part in raw.texts) if t)
        if SURROGATE_RE.search(text):
            return reject(INGEST, RejectReason.MALFORMED_RECORD, f"text {_LONE_SURROGATE}", **ids, prov=prov)
        if not text:
            return reject(INGEST, RejectReason.EMPTY_TEXT, "no text left after normalisation", **ids, prov=prov)
        if len(text) > self.config.max_doc_chars:
            return reject(INGEST, RejectReason.TOO_LARGE,
                          f"{len(text)} characters, over ingest.max_doc_chars={self.config.max_doc_chars}",
                          **ids, prov=prov)
        metadata = dict(raw.metadata or {})
        lang = src.lang or _lang_hint(metadata.pop("lang", None))
        metadata_json, problem = _metadata_json(metadata)
        if problem:
            return reject(INGEST, RejectReason.MALFORMED_RECORD, problem, **ids, prov=prov)
        doc = make_document(**ids, text=text, prov=prov, lang=lang, metadata=metadata_json)
        return keep(INGEST, doc)


_LONE_SURROGATE = "holds a lone UTF-16 surrogate (a \\ud800-\\udfff escape), which no text file can hold"


def _metadata_json(metadata: dict[str, Any]) -> tuple[str | None, str | None]:
    """(the metadata as JSON text, None), or (None, what keeps it from being written)."""
    if not metadata:
        return None, None
    try:
        text = json.dumps(metadata, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        return None, f"metadata holds a value JSON cannot hold ({type(exc).__name__})"
    except RecursionError:
        return None, "metadata nested too deeply to write"
    if SURROGATE_RE.search(text):
        return None, f"metadata {_LONE_SURROGATE}"
    return text, None


# --------------------------------------------------------------------------- revealing ids (key holders only)

def reveal(sources: list[_Source], key: bytes, wanted: set[str]) -> Iterator[dict[str, Any]]:
    """Re-read the inputs and recompute every pseudonym: the files and records whose file
    pseudonym, doc_id or source_id is in ``wanted``, with their raw source id, file and row.
    What it yields holds PHI: for a compliance officer's terminal, never for a log."""
    for src in sources:
        for f in match_inputs(src):
            file_name = make_file_name(key, src.name, f.relpath)
            if file_name in wanted:
                yield {"pseudonym": file_name, "source": src.name, "file": f.path}
            records = 0
            raw_id = None
            try:
                stream = _decompress(_HashingReader(FileSystems.open(
                    f.path, compression_type=CompressionTypes.UNCOMPRESSED)), f.path)
                for raw in read_file(stream, src)[1]:
                    records += 1
                    raw_id = raw_record_id(src, f, raw)
                    yield from _matches(key, src, f, raw_id, raw.row, wanted)
            except (*_STREAM_ERRORS, ValueError, RecursionError):
                raw_id = f"{f.relpath}#unread-after-{records}"
                yield from _matches(key, src, f, raw_id, None, wanted)


def _matches(key: bytes, src: _Source, f: InputFile, raw_id: str, row: int | None,
             wanted: set[str]) -> Iterator[dict[str, Any]]:
    ids = record_ids(key, src.name, raw_id)
    for kind in ("doc_id", "source_id"):
        if ids[kind] in wanted:
            yield {"pseudonym": ids[kind], "source": src.name, "source_id": raw_id, "file": f.path, "row": row}


# --------------------------------------------------------------------------- unique ids

def _position(doc: dict[str, Any]) -> tuple[str, int, int]:
    p = doc["provenance"]
    return p["file"], p["row"] if p["row"] is not None else -1, p["offset"] if p["offset"] is not None else -1


def _superseded(item: tuple[str, list[tuple[str, int, int]]]) -> Iterator[tuple[tuple, tuple]]:
    doc_id, positions = item
    if len(positions) > 1:
        positions = sorted(positions)
        for pos in positions[:-1]:
            yield (doc_id, *pos), positions[-1]


class _DropSuperseded(beam.DoFn):
    def process(self, doc: dict[str, Any], superseded: dict) -> Iterator[Any]:
        winner = superseded.get((doc["doc_id"], *_position(doc)))
        if winner is None:
            yield doc
        else:
            yield reject(INGEST, RejectReason.DUPLICATE_SOURCE_ID,
                         f"same source id again at {winner[0]} row {winner[1]}; the last occurrence is kept",
                         doc=doc)


class KeepLastSourceId(beam.PTransform):
    """One document per doc_id. Only ids and positions are shuffled, not texts: the
    (usually tiny) set of superseded records then reaches every worker as a side input."""

    def __init__(self, parking: str):
        super().__init__()
        self.parking = parking

    def expand(self, docs: beam.PCollection) -> StageResult:
        superseded = (
            docs
            | "IdPositions" >> beam.Map(lambda d: (d["doc_id"], _position(d)))
            | "ById" >> beam.GroupByKey()
            | "Superseded" >> beam.FlatMap(_superseded)
        )
        # the side input makes the runner wait for every document: they wait parked in files, and
        # are spread evenly over the workers as they are read back
        out = (docs
               | "SpreadDocs" >> Spread(self.parking)
               | beam.ParDo(_DropSuperseded(), beam.pvalue.AsDict(superseded)).with_outputs(REJECTS, main=DOCS))
        return StageResult(out[DOCS], out[REJECTS])


# --------------------------------------------------------------------------- the stage

class IngestResult(NamedTuple):
    docs: beam.PCollection
    rejects: beam.PCollection
    ledger: beam.PCollection


class Ingest(beam.PTransform):
    """Read every matched input file into canonical documents."""

    def __init__(self, sources: list[_Source], config: IngestConfig, files: list[InputFile],
                 key_source: str = DEFAULT_KEY_SOURCE, parking: str | None = None):
        """``parking``: where documents wait for the superseded ids (the run's parked folder; by
        default a temporary folder that lives as long as this transform, for a pipeline run in this
        process, as dedup's does)."""
        super().__init__()
        self.sources, self.config, self.files, self.key_source = sources, config, files, key_source
        self._scratch = None if parking else tempfile.TemporaryDirectory(prefix="medcorpus-ingest-")
        self.parking = parking or self._scratch.name

    def expand(self, pbegin: beam.pvalue.PBegin) -> IngestResult:
        index = {s.name: i for i, s in enumerate(self.sources)}
        read = (
            pbegin
            | "InputFiles" >> beam.Create([(index[f.source], f) for f in self.files])
            | "SpreadFiles" >> beam.Reshuffle()
            | "Read" >> beam.ParDo(TimedFn(INGEST, ReadInputFile(self.sources, self.config, self.key_source)))
            .with_outputs(REJECTS, LEDGER, main=DOCS)
        )
        unique = read[DOCS] | "UniqueIds" >> KeepLastSourceId(self.parking)
        rejects = (read[REJECTS], unique.rejects) | "IngestRejects" >> beam.Flatten()
        return IngestResult(unique.docs, rejects, read[LEDGER])
