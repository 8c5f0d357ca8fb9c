"""Format readers for the ingest stage: plain functions, no Beam.

Each reader takes a binary stream (already decompressed) plus its source config and
yields ``RawRecord``s in file order. A record that cannot be read yields a RawRecord
with ``error`` set instead of raising, so one bad record never stops a file; what a
broken record swallowed (the rows after an unterminated CSV quote) is counted as
rejected records too, so the run's balance sees every loss. Errors describe positions,
types, counts and configured names only, never the file's content: raw input may hold
PHI and must not leak into reject details or logs.
"""

from __future__ import annotations

import base64
import csv
import datetime
import decimal
import html.entities
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Iterator

import pyarrow.parquet as pq

from medcorpus.schemas import RejectReason
from medcorpus.transforms.ingest.decoding import RecordDecoder, detect_encoding, peek, text_stream


class ReaderError(ValueError):
    """A file whose layout does not fit its config (a configured column missing, a header
    that cannot be read). The message becomes the file's reject detail, so it names
    positions, counts and configured names only, never what the file holds."""


@dataclass
class RawRecord:
    row: int  # 0-based record index within the file
    offset: int | None = None  # byte offset in the decompressed stream, where known
    source_id: str | None = None  # None: the caller derives <file>:<row>
    texts: list[str] = field(default_factory=list)  # parts joined with a blank line
    metadata: dict[str, Any] | None = None
    error: tuple[str, str] | None = None  # (RejectReason, detail)


def bad(row: int, reason: str, detail: str, offset: int | None = None, source_id: str | None = None) -> RawRecord:
    return RawRecord(row=row, offset=offset, source_id=source_id, error=(reason, detail))


def _undecodable(row: int, offset: int | None, decoder: RecordDecoder, where: str) -> RawRecord:
    also = "; no other encoding tried reads them" if decoder.per_record else ""
    return bad(row, RejectReason.UNDECODABLE_BYTES, f"{where} has bytes that are not valid {decoder.codec}{also}",
               offset)


# --------------------------------------------------------------------------- field access

_PATH_PART = re.compile(r"^([^\[\]]+)?((?:\[(?:\*|\d+)\])*)$")


def get_path(obj: Any, path: str) -> list[Any]:
    """Values at a dotted path: ``a.b``, ``items[*].text``, ``items[0]``. Missing -> []."""
    values = [obj]
    for part in path.split("."):
        m = _PATH_PART.match(part)
        if not m:
            raise ValueError(f"bad field path {path!r}")
        key, indexes = m.group(1), re.findall(r"\[(\*|\d+)\]", m.group(2))
        found = []
        for v in values:
            if key is not None:
                if not isinstance(v, dict) or key not in v:
                    continue
                v = v[key]
            current = [v]
            for idx in indexes:
                lists = [c for c in current if isinstance(c, list)]
                current = [x for c in lists for x in c] if idx == "*" else [c[int(idx)] for c in lists if int(idx) < len(c)]
            found.extend(current)
        values = found
    return values


def _scalar_text(values: list[Any], path: str) -> tuple[str | None, str | None]:
    """Join found values into text: (text, error detail)."""
    parts = []
    for v in values:
        if v is None or v == "":
            continue  # padding (empty utterances, null cells) is not a line of text
        if isinstance(v, list):
            return None, f"field {path} is a list, expected string (write {path}[*] to join its items)"
        if not isinstance(v, str):
            return None, f"field {path} is {type(v).__name__}, expected string"
        parts.append(v)
    return "\n".join(parts), None


def _record_from_obj(obj: Any, opts, row: int, offset: int | None) -> RawRecord:
    """Shared by JSON and JSONL: id, text parts and metadata from one object."""
    if not isinstance(obj, dict):
        return bad(row, RejectReason.MALFORMED_RECORD, f"record is a JSON {type(obj).__name__}, expected object", offset)
    source_id = None
    if opts.id:
        ids = [v for v in get_path(obj, opts.id) if v is not None]
        if not ids or isinstance(ids[0], (dict, list, bool)):
            return bad(row, RejectReason.MISSING_FIELD, f"id field {opts.id} missing or not a scalar", offset)
        source_id = str(ids[0])
    texts = []
    for path in opts.text:
        values = get_path(obj, path)
        text, err = _scalar_text(values, path)
        if err:
            return bad(row, RejectReason.MISSING_FIELD, err, offset, source_id)
        if text:
            texts.append(text)
    if not texts and not any(get_path(obj, p) for p in opts.text):
        return bad(row, RejectReason.MISSING_FIELD, f"text field(s) {', '.join(opts.text)} missing", offset,
                   source_id)
    metadata = {}
    for path in opts.metadata:
        values = get_path(obj, path)
        if values:
            metadata[path] = values[0] if len(values) == 1 else values
    if opts.lang_field:
        langs = get_path(obj, opts.lang_field)
        if langs and isinstance(langs[0], str):
            metadata["lang"] = langs[0]
    return RawRecord(row=row, offset=offset, source_id=source_id, texts=texts, metadata=metadata or None)


# --------------------------------------------------------------------------- JSON lines / JSON

def _parse_json(text: str) -> tuple[Any, str | None]:
    """(value, None) or (None, what is wrong): one bad document never raises."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:  # its msg is a fixed phrase; never the input
        return None, f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    except RecursionError:
        return None, "invalid JSON: nested too deeply to read"
    except ValueError:  # an integer over Python's digit limit
        return None, "invalid JSON: a number too long to read"


def read_jsonl(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    decoder = RecordDecoder(encoding, opts.encoding == "auto")
    offset = 0
    row = 0
    for line in io.BufferedReader(stream) if not isinstance(stream, io.BufferedIOBase) else stream:
        start, offset = offset, offset + len(line)
        if not line.strip():
            continue  # blank lines are layout, not records
        text = decoder.decode(line)
        if text is None:
            yield _undecodable(row, start, decoder, "line")
        else:
            obj, err = _parse_json(text)
            if err:
                yield bad(row, RejectReason.MALFORMED_RECORD, err, start)
            else:
                yield _record_from_obj(obj, opts, row, start)
        row += 1


def read_json(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    decoder = RecordDecoder(encoding, opts.encoding == "auto")
    text = decoder.decode(stream.read())
    if text is None:
        yield _undecodable(0, None, decoder, "file")
        return
    doc, err = _parse_json(text)
    if err:
        yield bad(0, RejectReason.MALFORMED_RECORD, err)
        return
    records = get_path(doc, opts.records_path) if opts.records_path else [doc]
    if not records:  # a path that leads nowhere would otherwise lose the file without a trace
        yield bad(0, RejectReason.MISSING_FIELD, f"records_path {opts.records_path} not found")
        return
    if len(records) == 1 and isinstance(records[0], list):
        records = records[0]
    for row, obj in enumerate(records):
        yield _record_from_obj(obj, opts, row, None)


# --------------------------------------------------------------------------- CSV / TSV

# csv.Error messages, by a phrase each contains -> what the reject says (csv's own text may
# quote the configured delimiter or quote character; these never quote anything)
_CSV_PROBLEMS = {
    "unexpected end of data": "unterminated quote at end of file",
    "expected after": "text after a closing quote",
    "new-line character": "line break inside an unquoted field",
    "NUL": "NUL byte in a line",
    "field larger than field limit": "field over the size limit",
}


def _csv_problem(exc: csv.Error) -> str:
    return next((said for phrase, said in _CSV_PROBLEMS.items() if phrase in str(exc)), "CSV syntax error")


class _CountedLines:
    """The lines csv reads, counting the non-blank ones: a malformed CSV record is charged
    with every line it swallowed."""

    def __init__(self, lines: Iterator[str]):
        self._lines, self.nonblank = iter(lines), 0

    def __iter__(self) -> "_CountedLines":
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if line.strip():
            self.nonblank += 1
        return line


def _malformed_rows(row: int, lines: int, line_num: int, problem: str) -> Iterator[RawRecord]:
    """One reject for a malformed CSV record, and one for each further line it swallowed
    (an unterminated quote takes every row after it): lost rows are counted, not hidden."""
    yield bad(row, RejectReason.MALFORMED_RECORD, f"CSV record at line {line_num}: {problem}"
              + (f"; it runs over {lines} non-blank lines" if lines > 1 else ""))
    for i in range(1, lines):
        yield bad(row + i, RejectReason.MALFORMED_RECORD,
                  f"non-blank line {i + 1} of {lines} swallowed by the malformed CSV record at line {line_num}")


def csv_columns_needed(opts) -> list[str]:
    return [c for c in [opts.id, *opts.text, *opts.metadata, opts.lang_field] if c]


def read_csv(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    csv.field_size_limit(1 << 30)  # size is judged per document, after decoding
    decoder = RecordDecoder(encoding, opts.encoding == "auto")
    lines = _CountedLines(text_stream(stream, encoding))
    reader = csv.reader(lines, delimiter=opts.delimiter, quotechar=opts.quotechar, strict=True)
    header = list(opts.columns) if opts.columns else None
    row = 0
    while True:
        line_num, seen = reader.line_num + 1, lines.nonblank
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if header is None:
                raise ReaderError(f"CSV header row is malformed: {_csv_problem(exc)}") from None
            spanned = max(1, lines.nonblank - seen)
            yield from _malformed_rows(row, spanned, line_num, _csv_problem(exc))
            row += spanned
            continue
        if header is None:
            names = decoder.redecode(cells)
            if names is None:
                raise ReaderError(f"CSV header row has bytes that are not valid {encoding}")
            header = [c.strip().lstrip("\ufeff") for c in names]
            missing = [c for c in csv_columns_needed(opts) if c not in header]
            if missing:  # names from the config only: the header may be a data row (names, numbers)
                raise ReaderError(f"CSV header has no column(s) {missing}; it has {len(header)} columns")
            continue
        if not cells:
            continue
        if len(cells) != len(header):
            spanned = max(1, lines.nonblank - seen)
            yield from _malformed_rows(row, spanned, line_num, f"{len(cells)} fields, header has {len(header)}")
            row += spanned
            continue
        cells = decoder.redecode(cells)
        if cells is None:
            yield _undecodable(row, None, decoder, "row")
            row += 1
            continue
        values = dict(zip(header, cells))
        source_id = values[opts.id].strip() if opts.id else None
        if opts.id and not source_id:
            yield bad(row, RejectReason.MISSING_FIELD, f"id column {opts.id} is empty")
            row += 1
            continue
        texts = [values[c] for c in opts.text if values[c].strip()]
        metadata = {c: values[c] for c in opts.metadata}
        if opts.lang_field:
            metadata["lang"] = values[opts.lang_field]
        yield RawRecord(row=row, source_id=source_id, texts=texts, metadata=metadata or None)
        row += 1


# --------------------------------------------------------------------------- plain text

def read_text(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    decoder = RecordDecoder(encoding, opts.encoding == "auto")
    # newlines normalised before splitting: the separator's '^' and '$' know only '\n'
    text = text_stream(stream, encoding, newline=None).read()
    pieces = [text] if not opts.record_separator else re.split(opts.record_separator, text, flags=re.MULTILINE)
    row = 0
    for piece in pieces:
        if not piece.strip() and opts.record_separator:
            continue  # the gap before the first separator, or between two
        decoded = decoder.redecode([piece])
        yield _undecodable(row, None, decoder, "record") if decoded is None else RawRecord(row=row, texts=decoded)
        row += 1


# --------------------------------------------------------------------------- Parquet

def json_safe(value: Any) -> Any:
    """A column value as JSON can hold it: dates and times as ISO strings, durations in
    seconds, binary as base64, decimals as strings (exact)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def read_parquet(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    pf = pq.ParquetFile(stream)
    wanted = list(dict.fromkeys(c for c in [opts.id, *opts.text, *opts.metadata, opts.lang_field] if c))
    missing = [c for c in wanted if c not in pf.schema_arrow.names]
    if missing:
        raise ReaderError(f"Parquet file has no column(s) {missing}")
    row = 0
    for batch in pf.iter_batches(columns=wanted, batch_size=4096):
        for rec, out_of_range in _batch_rows(batch):
            yield _parquet_record(rec, out_of_range, opts, row)
            row += 1


def _batch_rows(batch) -> Iterator[tuple[dict[str, Any], str | None]]:
    """A batch's rows as dicts, each with the column (if any) holding a value Python cannot
    hold, such as a timestamp past year 9999: that row alone is rejected, not the batch."""
    try:
        for rec in batch.to_pylist():
            yield rec, None
        return
    except (ValueError, OverflowError):
        pass
    for i in range(batch.num_rows):
        rec, out_of_range = {}, None
        for name, column in zip(batch.schema.names, batch.columns):
            try:
                rec[name] = column[i].as_py()
            except (ValueError, OverflowError):
                rec[name], out_of_range = None, out_of_range or name
        yield rec, out_of_range


def _parquet_record(rec: dict[str, Any], out_of_range: str | None, opts, row: int) -> RawRecord:
    source_id = rec.get(opts.id) if opts.id else None
    if opts.id and source_id is None and out_of_range != opts.id:
        return bad(row, RejectReason.MISSING_FIELD, f"id column {opts.id} is null")
    source_id = None if source_id is None else str(json_safe(source_id))
    if out_of_range:
        return bad(row, RejectReason.MALFORMED_RECORD, f"column {out_of_range} holds a value out of range", None,
                   source_id)
    bad_col = next((c for c in opts.text if rec[c] is not None and not isinstance(rec[c], str)), None)
    if bad_col:
        return bad(row, RejectReason.MISSING_FIELD, f"column {bad_col} is not a string", None, source_id)
    metadata = {c: json_safe(rec[c]) for c in opts.metadata}
    if opts.lang_field:
        metadata["lang"] = rec[opts.lang_field]
    return RawRecord(row=row, source_id=source_id, texts=[rec[c] for c in opts.text if rec[c]],
                     metadata=metadata or None)


# --------------------------------------------------------------------------- XML

# JATS and web-sourced XML use HTML entities (&nbsp; &eacute;) that expat does not know
_HTML_ENTITIES = {name: chr(cp) for name, cp in html.entities.name2codepoint.items()}


def parse_xml(data: bytes | str) -> ET.Element:
    parser = ET.XMLParser()
    parser.entity.update(_HTML_ENTITIES)
    parser.feed(data)
    return parser.close()


def iter_xml_elements(stream: BinaryIO, tag: str, chunk_size: int = 1 << 20) -> Iterator[tuple[int, bytes]]:
    """Byte ranges of every <tag ...>...</tag> in a stream, without parsing the whole file,
    so one malformed record is rejected alone and memory stays bounded by a record.
    The tag does not nest in itself (true of PubmedArticle, QAPair and the like): a start
    tag that meets another start tag before its end tag is a broken record, cut there, so
    it is rejected alone and does not swallow the record after it."""
    open_re = re.compile(rb"<" + re.escape(tag.encode()) + rb"[\s>/]")
    close = b"</" + tag.encode() + b">"
    buf, base = b"", 0  # base: stream offset of buf[0]
    while True:
        chunk = stream.read(chunk_size)
        buf += chunk
        pos = 0
        while True:
            m = open_re.search(buf, pos)
            if not m:
                break
            end = buf.find(close, m.end())
            nested = open_re.search(buf, m.end(), end if end >= 0 else len(buf))
            if nested:
                yield base + m.start(), buf[m.start():nested.start()]
                pos = nested.start()
                continue
            if end < 0:
                break
            end += len(close)
            yield base + m.start(), buf[m.start():end]
            pos = end
        if not chunk:
            if m:  # an opening tag that never closes: the file was cut short
                yield base + m.start(), buf[m.start():]
            return
        keep_from = m.start() if m else max(pos, len(buf) - len(tag) - 2)
        base += keep_from
        buf = buf[keep_from:]


def _itertext(el: ET.Element | None, skip: frozenset[str] = frozenset()) -> str:
    if el is None:
        return ""
    parts: list[str] = []

    def walk(node: ET.Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if _local(child.tag) not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml_record(offset: int, fragment: bytes, row: int, build, decoder: RecordDecoder) -> RawRecord:
    found = decoder.decoded(fragment)
    if found is None:
        return _undecodable(row, offset, decoder, "record")
    codec, text = found
    try:  # expat reads UTF-8 bytes itself; other encodings reach it as text
        return build(parse_xml(fragment if codec == "utf-8" else text), row, offset)
    except ET.ParseError as exc:
        line, col = exc.position
        return bad(row, RejectReason.MALFORMED_RECORD, f"XML not well-formed at line {line}, column {col} of record",
                   offset)
    except RecursionError:
        return bad(row, RejectReason.MALFORMED_RECORD, "XML record nested too deeply to read", offset)


def read_medline(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    decoder = RecordDecoder(encoding, opts.encoding == "auto")
    for row, (offset, fragment) in enumerate(iter_xml_elements(stream, "PubmedArticle")):
        yield _xml_record(offset, fragment, row, lambda el, r, o: _medline_article(el, r, o, opts), decoder)


def _medline_article(el: ET.Element, row: int, offset: int, opts) -> RawRecord:
    pmid_el = el.find("MedlineCitation/PMID")
    if pmid_el is None or not (pmid_el.text or "").strip():
        return bad(row, RejectReason.MISSING_FIELD, "article has no PMID", offset)
    pmid = pmid_el.text.strip()
    version = pmid_el.get("Version", "1")
    source_id = pmid if version == "1" else f"{pmid}.{version}"
    article = el.find("MedlineCitation/Article")
    title = _itertext(article.find("ArticleTitle")) if article is not None else ""
    abstract_from = "Abstract"
    sections = _abstract_sections(article.findall("Abstract/AbstractText") if article is not None else [])
    if not sections:
        # Some citations carry only an abstract supplied by another body (PIP, KIE, NASA)
        for other in el.findall("MedlineCitation/OtherAbstract"):
            sections = _abstract_sections(other.findall("AbstractText"))
            if sections:
                abstract_from = f"OtherAbstract:{other.get('Type', '')}:{other.get('Language', '')}"
                break
    if opts.require_abstract and not sections:
        return bad(row, RejectReason.MISSING_FIELD, "citation has no abstract", offset, source_id)
    journal = el.find("MedlineCitation/Article/Journal/Title")
    year = el.find("MedlineCitation/Article/Journal/JournalIssue/PubDate/Year")
    metadata = {
        "pmid": pmid,
        "article_language": [x.text for x in article.findall("Language") if x.text] if article is not None else [],
        "mesh_terms": [_itertext(d) for d in el.findall("MedlineCitation/MeshHeadingList/MeshHeading/DescriptorName")],
        "journal": _itertext(journal) or None,
        "year": year.text if year is not None else None,
        "vernacular_title": _itertext(article.find("VernacularTitle")) if article is not None else None,
        "abstract_sections": [ab.get("Label") for ab in article.findall("Abstract/AbstractText") if ab.get("Label")]
        if article is not None else [],
        "abstract_from": abstract_from if sections else None,
    }
    return RawRecord(row=row, offset=offset, source_id=source_id,
                     texts=[t for t in [title, "\n".join(sections)] if t], metadata=metadata)


def _abstract_sections(texts: list[ET.Element]) -> list[str]:
    sections = []
    for ab in texts:
        body = _itertext(ab)
        if body:
            label = ab.get("Label")
            sections.append(f"{label}: {body}" if label else body)
    return sections


_JATS_SKIP = frozenset({"table-wrap", "table", "fig", "disp-formula", "alternatives", "ref-list", "fn-group",
                        "supplementary-material", "graphic", "media"})


def read_jats(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    data = stream.read()
    if opts.encoding != "auto":  # configured: it wins over the file's XML declaration
        decoder = RecordDecoder(encoding, auto=False)
        data = decoder.decode(data)
        if data is None:
            yield _undecodable(0, 0, decoder, "file")
            return
    try:  # auto: expat follows the file's own XML declaration (UTF-8 without one)
        yield _jats_article(parse_xml(data))
    except ET.ParseError as exc:
        line, col = exc.position
        yield bad(0, RejectReason.MALFORMED_RECORD, f"XML not well-formed at line {line}, column {col}")
    except RecursionError:
        yield bad(0, RejectReason.MALFORMED_RECORD, "XML nested too deeply to read")


def _jats_article(root: ET.Element) -> RawRecord:
    meta = root.find("front/article-meta")
    ids = {a.get("pub-id-type"): (a.text or "").strip() for a in meta.findall("article-id")} if meta is not None else {}
    source_id = (f"PMC{ids['pmc']}" if ids.get("pmc") else ids.get("pmid") or ids.get("doi")) or None
    title = _itertext(meta.find("title-group/article-title")) if meta is not None else ""
    abstract = meta.find("abstract") if meta is not None else None
    texts = [title] if title else []
    if abstract is not None:
        texts.append(_jats_sections(abstract))
    body = root.find("body")
    if body is not None:
        texts.append(_jats_sections(body))
    lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    metadata = {"article_ids": ids, "article_type": root.get("article-type"), "article_language": lang,
                "journal": _itertext(root.find("front/journal-meta/journal-title-group/journal-title"))
                or _itertext(root.find("front/journal-meta/journal-title")) or None}
    return RawRecord(row=0, offset=0, source_id=source_id, texts=[t for t in texts if t], metadata=metadata)


def _jats_sections(el: ET.Element) -> str:
    """Section titles and paragraphs in reading order, one paragraph a line."""
    out: list[str] = []

    def walk(node: ET.Element) -> None:
        for child in node:
            name = _local(child.tag)
            if name in _JATS_SKIP:
                continue
            if name == "title":
                text = _itertext(child)
                if text:
                    out.append(text)
            elif name == "p":
                text = _itertext(child, _JATS_SKIP)
                if text:
                    out.append(text)
            else:
                walk(child)

    walk(el)
    return "\n".join(out)


def xml_path_values(el: ET.Element, path: str) -> list[str]:
    """ElementTree path with an optional ``/@attr`` tail: ``Question/@qid``."""
    if "/@" in path or path.startswith("@"):
        elem_path, attr = path.rsplit("@", 1)
        elem_path = elem_path.rstrip("/")
        nodes = [el] if not elem_path else el.findall(elem_path)
        return [n.get(attr) for n in nodes if n.get(attr) is not None]
    return [t for t in (_itertext(n) for n in el.findall(path)) if t]


def read_xml(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    def build(el: ET.Element, row: int, offset: int) -> RawRecord:
        source_id = None
        if opts.id:
            ids = xml_path_values(el, opts.id)
            if not ids:
                return bad(row, RejectReason.MISSING_FIELD, f"id path {opts.id} not found", offset)
            source_id = ids[0]
        for path in opts.required:
            if not xml_path_values(el, path):
                return bad(row, RejectReason.MISSING_FIELD, f"required path {path} is empty", offset, source_id)
        texts = ["\n".join(xml_path_values(el, p)) for p in opts.text]
        metadata = {p: xml_path_values(el, p) for p in opts.metadata} or None
        return RawRecord(row=row, offset=offset, source_id=source_id, texts=[t for t in texts if t], metadata=metadata)

    decoder = RecordDecoder(encoding, opts.encoding == "auto")
    for row, (offset, fragment) in enumerate(iter_xml_elements(stream, opts.record_tag)):
        yield _xml_record(offset, fragment, row, build, decoder)


READERS = {
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "tsv": read_csv,
    "text": read_text,
    "parquet": read_parquet,
    "medline": read_medline,
    "jats": read_jats,
    "xml": read_xml,
}


def read_file(stream: BinaryIO, opts) -> tuple[str, Iterator[RawRecord]]:
    """A decompressed stream (seekable for Parquet) -> the file's main encoding and its
    records, the way the ingest stage reads every file."""
    if opts.format == "parquet":
        return "utf-8", read_parquet(stream, opts, "utf-8")
    sample, stream = peek(stream)
    encoding = detect_encoding(sample, opts.encoding)
    return encoding, READERS[opts.format](stream, opts, encoding)
