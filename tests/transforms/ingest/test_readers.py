"""Format readers on small inputs written by the tests: every format, every failure kind."""

from __future__ import annotations

import gzip
import io

import pytest

from medcorpus.schemas import RejectReason
from medcorpus.transforms.ingest import (
    CsvSource, JatsSource, JsonlSource, JsonSource, MedlineSource, ParquetSource, TextSource, XmlSource, normalize_text,
)
from medcorpus.transforms.ingest.readers import READERS, detect_encoding, get_path, iter_xml_elements


def read(source, data: bytes, encoding: str | None = None):
    enc = encoding or detect_encoding(data[: 1 << 20], source.encoding)
    return list(READERS[source.format](io.BytesIO(data), source, enc))


def src(cls, **kw):
    return cls(name="t", path="x", **kw)


# --------------------------------------------------------------------------- JSONL / JSON

def test_jsonl_rejects_each_bad_line_and_keeps_the_good_ones():
    lines = [
        b'{"id": 1, "text": "good one"}',
        b"{not json",
        b'["an", "array"]',
        b'{"id": 2}',
        b'{"id": 3, "text": 42}',
        b'{"id": 3, "text": ["a", "list"]}',
        b'{"id": 4, "text": "caf\xe9 latin-1 byte"}',
        b"",
        b'{"id": 5, "text": "good two", "lang": "en"}',
    ]
    data = b"\n".join(lines) + b"\n"
    out = read(src(JsonlSource, format="jsonl", id="id", lang_field="lang", encoding="utf-8"), data, "utf-8")
    assert [r.error[0] if r.error else "ok" for r in out] == [
        "ok", RejectReason.MALFORMED_RECORD, RejectReason.MALFORMED_RECORD, RejectReason.MISSING_FIELD,
        RejectReason.MISSING_FIELD, RejectReason.MISSING_FIELD, RejectReason.UNDECODABLE_BYTES, "ok",
    ]
    assert "text[*]" in out[5].error[1]
    assert out[0].source_id == "1" and out[0].texts == ["good one"] and out[0].offset == 0
    assert out[-1].metadata == {"lang": "en"}
    # rows count records, not blank lines; offsets point at the line in the file
    assert out[-1].row == 7
    assert out[1].offset == len(lines[0]) + 1
    # details never quote the input
    assert all("caf" not in r.error[1] and "not json" not in r.error[1] for r in out if r.error)
    # detected, not configured: a stray Latin-1 byte in a UTF-8 file is not guessed at either
    auto = read(src(JsonlSource, format="jsonl", id="id"), data)
    assert [r.error[0] if r.error else "ok" for r in auto] == [r.error[0] if r.error else "ok" for r in out]


def test_json_file_with_records_path_and_list_paths():
    data = b'{"meta": 1, "items": [{"k": "a", "turns": [{"s": "hi"}, {"s": "there"}]}, {"k": "b", "turns": []}]}'
    out = read(src(JsonSource, format="json", records_path="items", id="k", text="turns[*].s"), data)
    assert out[0].source_id == "a" and out[0].texts == ["hi\nthere"]
    assert out[1].error[0] == RejectReason.MISSING_FIELD  # no text at all


def test_get_path():
    obj = {"a": {"b": [{"c": 1}, {"c": 2}, {"d": 3}]}}
    assert get_path(obj, "a.b[*].c") == [1, 2]
    assert get_path(obj, "a.b[1].c") == [2]
    assert get_path(obj, "a.x") == []


# --------------------------------------------------------------------------- CSV

def test_csv_gb18030_is_detected_and_quoted_newlines_survive():
    text = "department,title,ask,answer\n内科,头痛,\"最近头痛，怎么办？\n还有点恶心\",建议就医\n儿科,发烧,孩子发烧,物理降温\n"
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert detect_encoding(data) == "gb18030"
    out = read(src(CsvSource, format="csv", text=["title", "ask", "answer"], metadata=["department"]), data)
    assert len(out) == 2 and not any(r.error for r in out)
    assert out[0].texts == ["头痛", "最近头痛，怎么办？\n还有点恶心", "建议就医"]
    assert out[0].metadata == {"department": "内科"} and out[1].row == 1


def test_csv_bad_rows_are_rejected_alone():
    data = b'id,text\n1,fine\n2,too,many\n,no id\n3,"unterminated\n'
    out = read(src(CsvSource, format="csv", id="id", text="text"), data, "utf-8")
    kinds = [r.error[0] if r.error else r.source_id for r in out]
    assert kinds[0] == "1"
    assert kinds[1] == RejectReason.MALFORMED_RECORD
    assert kinds[2] == RejectReason.MISSING_FIELD
    assert len(out) >= 4 and all(r.error for r in out[1:])


def test_tsv_without_header_and_missing_column_is_a_clear_error():
    data = "0\t问题一\t回答一\n1\t问题二\t回答二\n".encode()
    out = read(src(CsvSource, format="tsv", columns=["label", "q", "a"], text=["q", "a"], metadata=["label"]), data)
    assert [r.texts for r in out] == [["问题一", "回答一"], ["问题二", "回答二"]]
    with pytest.raises(ValueError, match="no column"):
        read(src(CsvSource, format="csv", text="nope"), b"a,b\n1,2\n")


# --------------------------------------------------------------------------- text / parquet

def test_text_whole_file_and_separated_records():
    data = "id=1\nfirst consult\n\nid=2\nsecond consult\n".encode()
    whole = read(src(TextSource, format="text"), data)
    assert len(whole) == 1 and "second consult" in whole[0].texts[0]
    split = read(src(TextSource, format="text", record_separator=r"^(?=id=)"), data)
    assert [r.texts[0].split("\n")[0] for r in split] == ["id=1", "id=2"]


def test_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table({"nid": [1, 2, None], "body": ["one", None, "three"], "dept": ["a", "b", "c"]}), buf)
    out = read(src(ParquetSource, format="parquet", id="nid", text="body", metadata="dept"), buf.getvalue(), "utf-8")
    assert out[0].source_id == "1" and out[0].texts == ["one"] and out[0].metadata == {"dept": "a"}
    assert out[1].texts == []  # empty text: the ingest stage rejects it as empty_text
    assert out[2].error[0] == RejectReason.MISSING_FIELD


# --------------------------------------------------------------------------- XML

MEDLINE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "pubmed_190101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">101</PMID><Article>
<Journal><Title>Journal of Tests</Title><JournalIssue><PubDate><Year>1980</Year></PubDate></JournalIssue></Journal>
<ArticleTitle>Effects of <i>X</i> on Y.</ArticleTitle>
<Abstract><AbstractText Label="BACKGROUND">Why we did it.</AbstractText><AbstractText Label="RESULTS">It worked &amp; was &lt;fine&gt;.</AbstractText></Abstract>
<Language>ger</Language><VernacularTitle>Wirkung von X auf Y.</VernacularTitle></Article>
<MeshHeadingList><MeshHeading><DescriptorName UI="D1">Humans</DescriptorName></MeshHeading></MeshHeadingList>
</MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">102</PMID><Article><ArticleTitle>Broken <b>record</ArticleTitle></Article></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">103</PMID><Article><ArticleTitle>Title only.</ArticleTitle><Language>eng</Language></Article></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">105</PMID><Article><ArticleTitle>PIP only.</ArticleTitle></Article><OtherAbstract Type="PIP" Language="eng"><AbstractText>Supplied by PIP.</AbstractText></OtherAbstract></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="2">104</PMID><Article><ArticleTitle>T</ArticleTitle><Abstract><AbstractText>Plain abstract.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"""


def test_medline_structured_abstracts_metadata_and_bad_records():
    out = read(src(MedlineSource, format="medline"), MEDLINE)
    assert len(out) == 5
    first = out[0]
    assert first.source_id == "101"
    assert first.texts == ["Effects of X on Y.", "BACKGROUND: Why we did it.\nRESULTS: It worked & was <fine>."]
    assert first.metadata["article_language"] == ["ger"] and first.metadata["mesh_terms"] == ["Humans"]
    assert first.metadata["journal"] == "Journal of Tests" and first.metadata["year"] == "1980"
    assert out[1].error[0] == RejectReason.MALFORMED_RECORD
    assert out[2].error == (RejectReason.MISSING_FIELD, "citation has no abstract")
    assert out[3].texts == ["PIP only.", "Supplied by PIP."]
    assert out[3].metadata["abstract_from"] == "OtherAbstract:PIP:eng"
    assert out[4].source_id == "104.2"
    # offsets point at the record in the (decompressed) stream
    assert MEDLINE[out[4].offset:].startswith(b"<PubmedArticle><MedlineCitation><PMID Version=\"2\">")
    keep_titles = read(src(MedlineSource, format="medline", require_abstract=False), MEDLINE)
    assert keep_titles[2].texts == ["Title only."]


def test_xml_element_splitter_handles_chunk_boundaries_and_truncation():
    data = b"<set>" + b"".join(b"<rec n='%d'>%s</rec>" % (i, b"x" * i) for i in range(50)) + b"<rec n='50'>cut"
    for chunk in (7, 64, 1 << 20):
        parts = list(iter_xml_elements(io.BytesIO(data), "rec", chunk_size=chunk))
        assert len(parts) == 51
        assert all(data[off:off + len(frag)] == frag for off, frag in parts)
    # the unterminated last record comes out as a malformed record, not silence
    out = read(src(XmlSource, format="xml", record_tag="rec", text="."), data)
    assert len(out) == 51 and out[-1].error[0] == RejectReason.MALFORMED_RECORD


def test_xml_element_splitter_cuts_an_unclosed_record_at_the_next_one():
    records = [b"<rec n='%d'>%s</rec>" % (i, b"x" * i) for i in range(30)]
    records[10] = records[10][:-len(b"</rec>")]  # never closed
    data = b"<set>" + b"".join(records) + b"</set>"
    for chunk in (5, 7, 64, 1 << 20):
        parts = list(iter_xml_elements(io.BytesIO(data), "rec", chunk_size=chunk))
        assert [frag for _, frag in parts] == records, chunk
        assert all(data[off:off + len(frag)] == frag for off, frag in parts)


def test_gzip_truncation_is_visible_to_the_ingest_stage():
    data = gzip.compress(MEDLINE)[:-40]
    with pytest.raises((EOFError, OSError)):
        list(READERS["medline"](gzip.GzipFile(fileobj=io.BytesIO(data)), src(MedlineSource, format="medline"), "utf-8"))


JATS = """<!DOCTYPE article PUBLIC "-//NLM//DTD Journal Archiving and Interchange DTD v2.3 20070202//EN" "archivearticle.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article" xml:lang="en"><front>
<journal-meta><journal-title>J Test</journal-title></journal-meta>
<article-meta><article-id pub-id-type="pmid">17299597</article-id><article-id pub-id-type="pmc">1790863</article-id>
<title-group><article-title>Complexity&nbsp;of things</article-title></title-group>
<contrib-group><contrib><name><surname>Doe</surname></name><email>jane@example.org</email></contrib></contrib-group>
<abstract><sec><title>Background</title><p>We studied <italic>things</italic> [<xref ref-type="bibr" rid="b1">1</xref>].</p></sec></abstract>
</article-meta></front>
<body><sec><title>Methods</title><p>First paragraph.</p>
<table-wrap><table><tr><td>1.0</td><td>2.0</td></tr></table></table-wrap>
<p>Second paragraph with a <fig><caption>Figure caption</caption></fig>figure.</p></sec></body>
<back><ref-list><ref>Some reference</ref></ref-list></back></article>
""".encode()


def test_jats_title_abstract_body_without_tables_refs_or_authors():
    out = read(src(JatsSource, format="jats"), JATS)
    assert len(out) == 1 and out[0].error is None
    rec = out[0]
    assert rec.source_id == "PMC1790863"
    text = "\n\n".join(rec.texts)
    assert text.startswith("Complexity of things")  # &nbsp; resolved, then folded like any space
    assert "Background\nWe studied things [1]." in text
    assert "Methods\nFirst paragraph.\nSecond paragraph with a figure." in text
    for absent in ("1.0", "Some reference", "jane@example.org", "Doe", "Figure caption"):
        assert absent not in text
    assert rec.metadata["article_language"] == "en"


def test_generic_xml_records_with_required_paths():
    data = b"""<Document id="d1"><QAPairs>
    <QAPair pid="1"><Question qid="d1-1" qtype="information">What is X?</Question><Answer>X is a thing.</Answer></QAPair>
    <QAPair pid="2"><Question qid="d1-2">What causes X?</Question><Answer></Answer></QAPair>
    <QAPair pid="3"><Question>No id?</Question><Answer>None.</Answer></QAPair>
    </QAPairs></Document>"""
    source = src(XmlSource, format="xml", record_tag="QAPair", id="Question/@qid", text=["Question", "Answer"],
                 metadata=["Question/@qtype"], required=["Answer"])
    out = read(source, data)
    assert out[0].source_id == "d1-1" and out[0].texts == ["What is X?", "X is a thing."]
    assert out[0].metadata == {"Question/@qtype": ["information"]}
    assert out[1].error[0] == RejectReason.MISSING_FIELD and out[1].source_id == "d1-2"
    assert out[2].error[0] == RejectReason.MISSING_FIELD


# --------------------------------------------------------------------------- decoding and normalisation

def test_detect_encoding():
    assert detect_encoding("plain ascii".encode()) == "utf-8"
    assert detect_encoding("\ufeffbom".encode("utf-8")) == "utf-8-sig"
    # a UTF-8 file with one bad byte stays UTF-8 (that record is rejected, the rest are fine)
    assert detect_encoding(("ok line é\n" * 500).encode() + b"\xff\n") == "utf-8"
    # a multi-byte character cut by the sample boundary is not an error
    assert detect_encoding("中文".encode()[:-1]) == "utf-8"
    # lines vote, not bytes: one long GB18030 line does not outvote short UTF-8 ones
    utf8 = "\n".join(f"记录{i}" for i in range(3)).encode()
    assert detect_encoding(utf8 + b"\n" + ("头痛" * 500).encode("gb18030") + b"\n") == "utf-8"
    assert detect_encoding(("头痛三天\n" * 5).encode("gb18030")) == "gb18030"
    assert detect_encoding(b"x", "latin-1") == "iso8859-1"


def test_normalize_text():
    assert normalize_text("  e\u0301t\u00e9\r\nline\x00two\x0cthree\ufeff \x85four ") == "\u00e9t\u00e9\nlinetwo\nthree \nfour"
