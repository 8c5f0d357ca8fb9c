"""regex_search: RE2 rules rows out, Python's re decides; the answer is re.search's, row for row."""

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medcorpus.expectations import regex_search
from medcorpus.expectations.suites import PHI_PATTERNS

# texts that match, nearly match, or match only by Python's Unicode rules (\d is every decimal
# digit, \s every str.isspace character, IGNORECASE folds ı to i and K (Kelvin) to k)
TEXTS = [
    "", "no phi here", "SSN 123-45-6789.", "x123-45-6789", "123-45-67890", "call (555) 123-4567 now",
    "555.123.4567", "+1 555-123-4567", "a555-123-4567", "tel 138 1234 5678", "+86-13812345678", "12812345678",
    "mail john.doe@example.org today", "a@b.c", "id 110105199003071234 ok", "110105199013071234",
    "MRN: 1234567", "mrn#12345", "medical record no. AB123456", "Medical Record Number 99999", "病案号：1234567",
    "住院号 12345", "MRN 1234", "xMRN: 1234567", "\u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669",
    "\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19", "MRN:\u3000\uff11\uff12\uff13\uff14\uff15",
    "MRN:\u00a012345", "medıcal record number 12345", "\u212aMRN 12345", "mrn\n\n12345", "555\n123-4567",
    "(555)\u2003123-4567", "line\n123-45-6789\nend", "\U0001d7ce\U0001d7cf\U0001d7d0-45-6789",
]


@pytest.mark.parametrize("name", sorted(PHI_PATTERNS))
def test_phi_patterns_translate_and_agree_with_python(name):
    pattern = PHI_PATTERNS[name][0]
    assert regex_search.re2_superset(pattern) is not None
    rx = re.compile(pattern)
    expected = [rx.search(t) is not None for t in TEXTS]
    assert any(expected) or name == "cn_id_card"
    assert regex_search.search(pd.Series(TEXTS, dtype="str"), pattern).tolist() == expected
    assert regex_search.search(TEXTS, pattern).tolist() == expected


_ALPHABET = st.sampled_from(list("0123456789-. ()+@#:：xXkKiIMRNmrnedcalo住院号\n\t\u00a0\u3000\uff11\u0661ı\u212a"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=40), min_size=1, max_size=8))
def test_random_texts_agree_with_python(texts):
    for pattern, _ in PHI_PATTERNS.values():
        rx = re.compile(pattern)
        assert regex_search.search(texts, pattern).tolist() == [rx.search(t) is not None for t in texts]


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?a)\d{3}"])
def test_what_it_cannot_translate_is_left_to_python(pattern):
    assert regex_search.re2_superset(pattern) is None
    assert regex_search.search(["aa"], pattern) is None


def test_nulls_are_left_to_python():
    assert regex_search.search(pd.Series(["a", None], dtype="str"), r"a") is None


def test_the_gate_counts_what_python_counts(tmp_path):
    """Through great-expectations (the gate registers the RE2 condition): each phi expectation's
    unexpected_count and residual doc_ids are Python re's."""
    from great_expectations.execution_engine import PandasExecutionEngine
    from great_expectations.expectations.registry import get_metric_provider

    from medcorpus.expectations.gate import validate_staged
    from medcorpus.expectations.suites import ValidationConfig
    from medcorpus.schemas import DOCUMENT_SCHEMA
    from tests.dataset_helpers import docs
    from tests.expectations.test_validation import STAGES, counts, stage, with_deid

    records = with_deid(docs("a", range(len(TEXTS)), text=lambda i: TEXTS[i] or "x"))
    shards = stage(tmp_path / "t", records)
    result = validate_staged(str(tmp_path / "t"), shards, counts(records), STAGES, ValidationConfig(),
                             expected_schema=DOCUMENT_SCHEMA, max_text_chars=1000, docs_dir=None)
    provider, _ = get_metric_provider("column_values.not_match_regex.condition", PandasExecutionEngine(None))
    assert provider.__name__ == "ColumnValuesNotMatchRegexRE2"
    for name, (pattern, _) in PHI_PATTERNS.items():
        hits = sorted(r["doc_id"] for r in records if re.search(pattern, r["text"]))
        assert result["expectations"][f"documents/phi.{name}"]["unexpected_count"] == len(hits), name
        assert result["residual_phi_documents"].get(f"phi.{name}", []) == hits, name
