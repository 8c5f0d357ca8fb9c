"""The canonical records: stable ids, the reject helper's rules, and record validation."""

from __future__ import annotations


import pytest

from medcorpus.pipelines.stages import STAGE_CLASSES, StagesConfig
from medcorpus.schemas import (
    DEDUP, DOCUMENT_SCHEMA, INGEST, QUALITY, REJECT_SCHEMA, STAGES, RejectReason, make_doc_id, make_document,
    make_file_name, make_reject, make_source_id, provenance, validate_record,
)
from tests.conftest import REPO


def doc(**overrides):
    d = make_document(source="notes", source_id="42", text="Seen today.", prov=provenance("jsonl", "a.jsonl", 3, 120))
    d.update(overrides)
    return d


KEY, OTHER_KEY = b"k" * 16, b"o" * 16


def test_doc_id_is_keyed_stable_and_unambiguous():
    assert make_doc_id(KEY, "notes", "42") == make_doc_id(KEY, "notes", "42")
    assert len(make_doc_id(KEY, "notes", "42")) == 32
    assert make_doc_id(KEY, "a", "b:c") != make_doc_id(KEY, "a:b", "c")
    assert make_doc_id(KEY, "notes", "42") != make_doc_id(KEY, "notes2", "42")
    # another key, other ids: without the key an id cannot be recomputed from a guessed MRN
    assert make_doc_id(OTHER_KEY, "notes", "42") != make_doc_id(KEY, "notes", "42")
    with pytest.raises(ValueError, match="key"):
        make_doc_id(b"", "notes", "42")


def test_source_ids_and_file_names_are_keyed_pseudonyms_that_keep_only_format_suffixes():
    sid = make_source_id(KEY, "notes", "MRN-99120934")
    assert sid.startswith("sid-") and "99120934" not in sid
    assert sid != make_source_id(OTHER_KEY, "notes", "MRN-99120934")
    name = make_file_name(KEY, "notes", "2021/Ottoline.Vanderpumpe.jsonl.gz")
    assert name.startswith("f-") and name.endswith(".jsonl.gz") and "Vanderpumpe" not in name.lower()
    assert make_file_name(KEY, "notes", "Ottoline.Vanderpumpe").count(".") == 0
    assert make_file_name(KEY, "notes", "a.csv") != make_file_name(KEY, "notes", "b.csv")


def test_a_reject_of_a_document_keeps_the_documents_keyed_id():
    keyed = doc(doc_id=make_doc_id(KEY, "notes", "42"))
    assert make_reject(stage=QUALITY, reason=RejectReason.LANGUAGE, detail="x", doc=keyed)["doc_id"] == keyed["doc_id"]


def test_rejects_keep_text_only_after_deid():
    before = make_reject(stage=INGEST, reason=RejectReason.EMPTY_TEXT, detail="x", doc=doc())
    assert before["text"] is None and before["contains_phi"] is True
    after = make_reject(stage=QUALITY, reason=RejectReason.LANGUAGE, detail="x", doc=doc())
    assert after["text"] == "Seen today." and after["contains_phi"] is False
    dup = make_reject(stage=DEDUP, reason=RejectReason.EXACT_DUPLICATE, detail="x", doc=doc(), duplicate_of="abc")
    assert dup["duplicate_of"] == "abc" and dup["doc_id"] == doc()["doc_id"]
    validate_record(before, REJECT_SCHEMA)
    validate_record(dup, REJECT_SCHEMA)


def test_reject_reasons_and_stages_are_named_constants():
    with pytest.raises(ValueError, match="unknown reject reason"):
        make_reject(stage=INGEST, reason="typo_reason", detail="", doc=doc())
    with pytest.raises(ValueError, match="unknown stage"):
        make_reject(stage="nowhere", reason=RejectReason.EMPTY_TEXT, detail="", doc=doc())
    with pytest.raises(ValueError, match="needs the document"):
        make_reject(stage=INGEST, reason=RejectReason.EMPTY_TEXT, detail="", source="s")


def test_validate_record_names_the_field_never_the_value():
    validate_record(doc(), DOCUMENT_SCHEMA)
    cases = {
        "missing=['text']": {k: v for k, v in doc().items() if k != "text"},
        "unexpected=['extra']": {**doc(), "extra": 1},
        "field text must not be null": doc(text=None),
        "field lang_score must be float, got str": doc(lang_score="0.9"),
        "field provenance.row must be int64, got bool": doc(provenance={**doc()["provenance"], "row": True}),
        "field quality has unexpected members ['secret']": doc(quality={"score": 1.0, "signals": [], "secret": "x"}),
    }
    for message, record in cases.items():
        with pytest.raises(ValueError) as err:
            validate_record(record, DOCUMENT_SCHEMA)
        assert message in str(err.value)
    with pytest.raises(ValueError) as err:
        validate_record(doc(source_id=12345), DOCUMENT_SCHEMA)
    assert "12345" not in str(err.value)


def test_the_readme_tells_the_one_stage_order():
    """schemas.STAGES is the one pipeline order; the README's diagram and the config section follow it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "  -> " + " -> ".join(STAGES) + "   (Beam)" in readme
    inner = [s for s in STAGES if s not in ("ingest", "write")]
    assert [cls.name for cls in STAGE_CLASSES] == inner
    assert list(StagesConfig.model_fields) == inner
