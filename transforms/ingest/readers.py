"""Format readers for the ingest stage: plain functions, no Beam.

Each reader takes a binary stream (already decompressed) plus its source config and
yields ``RawRecord``s in file order. A record that cannot be read yields a RawRecord
with ``error`` set instead of raising, so one bad record never stops a file. Errors
describe positions and types only: raw input may hold PHI and must not leak into
reject details or logs.
"""

from __future__ import annotations

import codecs
import csv
import html.entities
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Iterator

from medcorpus.schemas import RejectReason

UNDECODABLE_RE = re.compile("[\udc80-\udcff]")  # what surrogateescape leaves for bad bytes
_DETECT_SAMPLE_BYTES = 1 << 20


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


# --------------------------------------------------------------------------- decoding

def detect_encoding(sample: bytes, configured: str = "auto") -> str:
    """The file's encoding: as configured, else UTF-8 when the sample is (almost all)
    valid UTF-8, else charset-normalizer's guess, GB2312/GBK widened to GB18030."""
    if configured != "auto":
        return codecs.lookup(configured).name
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) >= _DETECT_SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # a sample cut mid-character misleads detectors
    decoded = sample.decode("utf-8", errors="replace")
    # A UTF-8 file with a few bad records stays UTF-8 (those records get rejected);
    # guessing a legacy codec for it would turn every good record into mojibake.
    if decoded.count("\ufffd") <= max(1, len(decoded) // 1000):
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        return "utf-8"
    name = codecs.lookup(best.encoding).name
    return "gb18030" if name in ("gb2312", "gbk", "hz") else name


def peek(stream: BinaryIO, n: int = _DETECT_SAMPLE_BYTES) -> tuple[bytes, BinaryIO]:
    """Read a sample without losing it: returns the sample and a stream that replays it."""
    sample = stream.read(n)
    return sample, _Replay(sample, stream)


class _Replay(io.RawIOBase):
    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._pos, self._rest = head, 0, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._pos < len(self._head):
            n = min(len(buf), len(self._head) - self._pos)
            buf[:n] = self._head[self._pos:self._pos + n]
            self._pos += n
            return n
        data = self._rest.read(len(buf))
        buf[:len(data)] = data
        return len(data)


def text_stream(stream: BinaryIO, encoding: str) -> io.TextIOWrapper:
    """Decoded text; bad bytes become lone surrogates so the record holding them, not
    the whole file, gets rejected (see UNDECODABLE_RE)."""
    return io.TextIOWrapper(io.BufferedReader(stream) if not isinstance(stream, io.BufferedIOBase) else stream,
                            encoding=encoding, errors="surrogateescape", newline="")


def _undecodable(row: int, offset: int | None, encoding: str, where: str) -> RawRecord:
    return bad(row, RejectReason.UNDECODABLE_BYTES, f"{where} has bytes that are not valid {encoding}", offset)


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

def read_jsonl(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    offset = 0
    row = 0
    for line in io.BufferedReader(stream) if not isinstance(stream, io.BufferedIOBase) else stream:
        start, offset = offset, offset + len(line)
        if not line.strip():
            continue  # blank lines are layout, not records
        text = line.decode(encoding, errors="surrogateescape")
        if UNDECODABLE_RE.search(text):
            yield _undecodable(row, start, encoding, "line")
        else:
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield bad(row, RejectReason.MALFORMED_RECORD, f"invalid JSON: {exc.msg} at column {exc.colno}", start)
            else:
                yield _record_from_obj(obj, opts, row, start)
        row += 1


def read_json(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    text = text_stream(stream, encoding).read()
    if UNDECODABLE_RE.search(text):
        yield _undecodable(0, None, encoding, "file")
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield bad(0, RejectReason.MALFORMED_RECORD, f"invalid JSON: {exc.msg} at line {exc.lineno}")
        return
    records = get_path(doc, opts.records_path) if opts.records_path else [doc]
    if len(records) == 1 and isinstance(records[0], list):
        records = records[0]
    for row, obj in enumerate(records):
        yield _record_from_obj(obj, opts, row, None)


# --------------------------------------------------------------------------- CSV / TSV

def read_csv(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    csv.field_size_limit(1 << 30)  # size is judged per document, after decoding
    reader = csv.reader(text_stream(stream, encoding), delimiter=opts.delimiter, quotechar=opts.quotechar,
                        strict=True)
    header = list(opts.columns) if opts.columns else None
    row = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield bad(row, RejectReason.MALFORMED_RECORD, f"CSV error near line {reader.line_num}: "
                                                          f"{str(exc).split(':')[0]}")
            row += 1
            continue
        if header is None:
            header = [c.strip().lstrip("\ufeff") for c in cells]
            missing = [c for c in [opts.id, *opts.text, *opts.metadata] if c and c not in header]
            if missing:
                raise ValueError(f"CSV header has no column(s) {missing}; it has {header}")
            continue
        if not cells:
            continue
        if len(cells) != len(header):
            yield bad(row, RejectReason.MALFORMED_RECORD, f"row has {len(cells)} fields, header has {len(header)}")
            row += 1
            continue
        values = dict(zip(header, cells))
        if any(UNDECODABLE_RE.search(c) for c in cells):
            yield _undecodable(row, None, encoding, "row")
            row += 1
            continue
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
    text = text_stream(stream, encoding).read()
    pieces = [text] if not opts.record_separator else re.split(opts.record_separator, text, flags=re.MULTILINE)
    row = 0
    for piece in pieces:
        if not piece.strip() and opts.record_separator:
            continue  # the gap before the first separator, or between two
        if UNDECODABLE_RE.search(piece):
            yield _undecodable(row, None, encoding, "record")
        else:
            yield RawRecord(row=row, texts=[piece])
        row += 1


# --------------------------------------------------------------------------- Parquet

def read_parquet(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(stream)
    wanted = [c for c in [opts.id, *opts.text, *opts.metadata, opts.lang_field] if c]
    missing = [c for c in wanted if c not in pf.schema_arrow.names]
    if missing:
        raise ValueError(f"Parquet file has no column(s) {missing}")
    row = 0
    for batch in pf.iter_batches(columns=list(dict.fromkeys(wanted)), batch_size=4096):
        for rec in batch.to_pylist():
            source_id = rec.get(opts.id) if opts.id else None
            if opts.id and source_id is None:
                yield bad(row, RejectReason.MISSING_FIELD, f"id column {opts.id} is null")
            else:
                bad_col = next((c for c in opts.text if rec[c] is not None and not isinstance(rec[c], str)), None)
                if bad_col:
                    yield bad(row, RejectReason.MISSING_FIELD, f"column {bad_col} is not a string", None, str(source_id))
                else:
                    metadata = {c: rec[c] for c in opts.metadata}
                    if opts.lang_field:
                        metadata["lang"] = rec[opts.lang_field]
                    yield RawRecord(row=row, source_id=None if source_id is None else str(source_id),
                                    texts=[rec[c] for c in opts.text if rec[c]], metadata=metadata or None)
            row += 1


# --------------------------------------------------------------------------- XML

# JATS and web-sourced XML use HTML entities (&nbsp; &eacute;) that expat does not know
_HTML_ENTITIES = {name: chr(cp) for name, cp in html.entities.name2codepoint.items()}


def parse_xml(data: bytes) -> ET.Element:
    parser = ET.XMLParser()
    parser.entity.update(_HTML_ENTITIES)
    parser.feed(data)
    return parser.close()


def iter_xml_elements(stream: BinaryIO, tag: str, chunk_size: int = 1 << 20) -> Iterator[tuple[int, bytes]]:
    """Byte ranges of every <tag ...>...</tag> in a stream, without parsing the whole file,
    so one malformed record is rejected alone and memory stays bounded by a record.
    Assumes the tag does not nest in itself (true of PubmedArticle, QAPair and the like)."""
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
            if end < 0:
                break
            end += len(close)
            yield base + m.start(), buf[m.start():end]
            pos = end
        if not chunk:
            m = open_re.search(buf, pos)
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


def _xml_record(offset: int, fragment: bytes, row: int, build) -> RawRecord:
    try:
        el = parse_xml(fragment)
    except ET.ParseError as exc:
        line, col = exc.position
        return bad(row, RejectReason.MALFORMED_RECORD, f"XML not well-formed at line {line}, column {col} of record",
                   offset)
    return build(el, row, offset)


def read_medline(stream: BinaryIO, opts, encoding: str) -> Iterator[RawRecord]:
    for row, (offset, fragment) in enumerate(iter_xml_elements(stream, "PubmedArticle")):
        yield _xml_record(offset, fragment, row, lambda el, r, o: _medline_article(el, r, o, opts))


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
    try:
        root = parse_xml(data)
    except ET.ParseError as exc:
        line, col = exc.position
        yield bad(0, RejectReason.MALFORMED_RECORD, f"XML not well-formed at line {line}, column {col}")
        return
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
    yield RawRecord(row=0, offset=0, source_id=source_id, texts=[t for t in texts if t], metadata=metadata)


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


def _xml_path_values(el: ET.Element, path: str) -> list[str]:
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
            ids = _xml_path_values(el, opts.id)
            if not ids:
                return bad(row, RejectReason.MISSING_FIELD, f"id path {opts.id} not found", offset)
            source_id = ids[0]
        for path in opts.required:
            if not _xml_path_values(el, path):
                return bad(row, RejectReason.MISSING_FIELD, f"required path {path} is empty", offset, source_id)
        texts = ["\n".join(_xml_path_values(el, p)) for p in opts.text]
        metadata = {p: _xml_path_values(el, p) for p in opts.metadata} or None
        return RawRecord(row=row, offset=offset, source_id=source_id, texts=[t for t in texts if t], metadata=metadata)

    for row, (offset, fragment) in enumerate(iter_xml_elements(stream, opts.record_tag)):
        yield _xml_record(offset, fragment, row, build)


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
