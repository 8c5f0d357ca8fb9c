"""The expectation suites that gate every version, as code (versioned with it).

Three suites, each a list of great-expectations expectations built from the corpus
config's ``validation:`` section and the run's stage status:

``documents``  run on every staged document shard, on a frame derived from it:
               schema and types, ids, non-empty text and length bounds, language in the
               allowed set (only once the langid stage is active: before that ``lang`` is a
               hint), quality score in range (nulls allowed while quality is a
               disabled), dedup cluster sizes, and no residual PHI shapes.
``run``        one row of run facts: balanced counts, kept fraction, no duplicate doc_id
               across shards, every shard's Parquet schema equal to the document schema.
``sources``    one row per source: kept documents within the configured bounds.

Residual PHI shapes (SSN, phone, e-mail, 18-digit 身份证, MRN-like "MRN: 1234567") are
matched on ``text_outside_deid``: the text with every span the deid stage replaced
blanked out. A PHI-shaped string inside a replacement is our own surrogate (surrogates
keep the shape: a phone stays phone-shaped) and carries a span record; one outside every
span is a leak. The check is the same in surrogate and mask mode. Results never quote
text: ``partial_unexpected_count`` is 0, so the Data Docs and the commit metadata carry
counts and doc_ids, never values.

Every expectation carries ``meta.name``, the stable name reports and errors use.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from medcorpus.schemas import ACTIVE, DEID, LANGID, QUALITY

# name -> (regex, what it catches). Python `re` syntax; matched with search semantics.
PHI_PATTERNS: dict[str, tuple[str, str]] = {
    "ssn": (r"(?<![\dA-Za-z-])\d{3}-\d{2}-\d{4}(?![\d-])", "US social security number (ddd-dd-dddd)"),
    "phone": (r"(?<![\dA-Za-z])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)",
              "North American phone (555) 123-4567, 555-123-4567"),
    "phone_cn": (r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)", "Chinese mobile 138 1234 5678"),
    "email": (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", "e-mail address"),
    "cn_id_card": (r"(?<![\dA-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
                   r"(?![\dA-Za-z])", "18-digit 身份证 number (region, birth date, sequence, check digit)"),
    "mrn": (r"(?i)(?:\bMRN|\bmedical record (?:number|no\.?)|病案号|住院号|病历号)\s*[:：#]?\s*[A-Za-z]{0,3}\d{5,}",
            "record number after its label: MRN: 1234567, 住院号 1234567"),
}


class SourceBounds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min: int = Field(0, ge=0, description="fewest kept documents")
    max: int | None = Field(None, ge=0, description="most kept documents")


class ValidationConfig(BaseModel):
    """The ``validation:`` section of a corpus config: bounds the gate checks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="false: versions are committed as 'skipped' (not validated)")
    min_documents: int = Field(1, ge=0, description="fewest kept documents in a version")
    min_text_chars: int = Field(1, ge=1, description="shortest kept text")
    max_text_chars: int | None = Field(None, gt=0, description="longest kept text; default ingest.max_doc_chars")
    min_kept_fraction: float = Field(0.25, ge=0, le=1, description="kept / input, lower bound")
    max_kept_fraction: float = Field(1.0, ge=0, le=1, description="kept / input, upper bound")
    min_docs_per_source: int = Field(0, ge=0, description="every source keeps at least this many documents")
    sources: dict[str, SourceBounds] = Field(default_factory=dict, description="per-source kept bounds")
    allowed_languages: list[str] = Field(["en", "zh"], description="checked once the langid stage is active")
    quality_score_range: tuple[float, float] = (0.0, 1.0)
    phi_patterns: list[str] = Field(default_factory=lambda: list(PHI_PATTERNS),
                                    description="residual PHI shapes to check (names in PHI_PATTERNS)")
    phi_mostly: float = Field(1.0, ge=0, le=1, description="fraction of documents that must be free of each shape")

    @model_validator(mode="after")
    def _check(self) -> "ValidationConfig":
        unknown = sorted(set(self.phi_patterns) - set(PHI_PATTERNS))
        if unknown:
            raise ValueError(f"unknown phi_patterns {unknown}; known: {sorted(PHI_PATTERNS)}")
        if self.min_kept_fraction > self.max_kept_fraction:
            raise ValueError("min_kept_fraction is above max_kept_fraction")
        low, high = self.quality_score_range
        if low > high:
            raise ValueError("quality_score_range: low is above high")
        return self


def _named(expectation, name: str, note: str = ""):
    """``meta.name`` for reports and errors; the Data Docs show ``description`` in place of
    GE's template (which would spell out regexes): the name, then what it checks."""
    expectation.meta = {"name": name, **({"notes": note} if note else {})}
    expectation.description = f"{name}: {note}" if note else name
    return expectation


def document_expectations(config: ValidationConfig, *, stages: dict[str, str], max_text_chars: int | None,
                          columns: list[str]) -> list:
    import great_expectations.expectations as gxe

    out = [
        _named(gxe.ExpectTableColumnsToMatchOrderedList(column_list=columns), "schema.columns",
               "the validated frame has the document columns"),
        _named(gxe.ExpectColumnValuesToNotBeNull(column="doc_id"), "doc_id.not_null", "every document has a doc_id"),
        _named(gxe.ExpectColumnValuesToBeOfType(column="doc_id", type_="str"), "doc_id.type", "doc_id is a string"),
        _named(gxe.ExpectColumnValuesToMatchRegex(column="doc_id", regex=r"^[0-9a-f]{32}$"), "doc_id.shape",
               "doc_id is 32 lowercase hex digits"),
        _named(gxe.ExpectColumnValuesToBeUnique(column="doc_id"), "doc_id.unique",
               "a doc_id's shard follows from the doc_id, so unique per shard is unique per version"),
        _named(gxe.ExpectColumnValuesToNotBeNull(column="source"), "source.not_null",
               "every document names its source"),
        _named(gxe.ExpectColumnValuesToBeOfType(column="source", type_="str"), "source.type", "source is a string"),
        _named(gxe.ExpectColumnValuesToNotBeNull(column="source_id"), "source_id.not_null",
               "every document keeps its id in the source"),
        _named(gxe.ExpectColumnValuesToNotBeNull(column="text_chars"), "text.not_null", "every document has text"),
        _named(gxe.ExpectColumnValuesToBeBetween(column="text_chars", min_value=config.min_text_chars,
                                                 max_value=max_text_chars), "text.length",
               f"text of {config.min_text_chars} to {max_text_chars or 'any number of'} characters"),
        _named(gxe.ExpectColumnValuesToBeBetween(column="lang_score", min_value=0, max_value=1), "lang_score.range",
               "language confidence within 0..1"),
        _named(gxe.ExpectColumnValuesToBeBetween(column="quality_score", min_value=config.quality_score_range[0],
                                                 max_value=config.quality_score_range[1]), "quality.score_range",
               f"quality score within {config.quality_score_range[0]}..{config.quality_score_range[1]}; "
               "nulls allowed while the quality stage is disabled"),
        _named(gxe.ExpectColumnValuesToBeBetween(column="dedup_cluster_size", min_value=1), "dedup.cluster_size",
               "duplicate cluster sizes are at least 1"),
    ]
    if stages.get(LANGID) == ACTIVE:
        out.append(_named(gxe.ExpectColumnValuesToBeInSet(column="lang", value_set=list(config.allowed_languages)),
                          "lang.allowed", f"language is one of {', '.join(config.allowed_languages)}"))
    if stages.get(QUALITY) == ACTIVE:
        out.append(_named(gxe.ExpectColumnValuesToNotBeNull(column="quality_score"), "quality.score_present",
                          "every document has a quality score"))
    if stages.get(DEID) == ACTIVE:
        out.append(_named(gxe.ExpectColumnValuesToNotBeNull(column="deid_mode"), "deid.applied",
                          "every document went through de-identification"))
    for name in config.phi_patterns:
        regex, what = PHI_PATTERNS[name]
        out.append(_named(gxe.ExpectColumnValuesToNotMatchRegex(column="text_outside_deid", regex=regex,
                                                                 mostly=config.phi_mostly),
                          f"phi.{name}", f"no {what} outside the de-identified spans"))
    return out


def run_expectations(config: ValidationConfig) -> list:
    import great_expectations.expectations as gxe

    return [
        _named(gxe.ExpectColumnValuesToBeInSet(column="balanced", value_set=[True]), "run.balanced",
               "input = kept + rejected + duplicates removed"),
        _named(gxe.ExpectColumnValuesToBeBetween(column="kept", min_value=config.min_documents), "run.min_documents",
               f"at least {config.min_documents} documents kept"),
        _named(gxe.ExpectColumnValuesToBeBetween(column="kept_fraction", min_value=config.min_kept_fraction,
                                                 max_value=config.max_kept_fraction), "run.kept_fraction",
               f"kept / input within {config.min_kept_fraction}..{config.max_kept_fraction}"),
        _named(gxe.ExpectColumnValuesToBeBetween(column="duplicate_doc_ids", min_value=0, max_value=0),
               "run.doc_id_unique", "no doc_id twice across shards"),
        _named(gxe.ExpectColumnValuesToBeBetween(column="schema_mismatches", min_value=0, max_value=0),
               "run.schema", "every shard's Parquet schema is the document schema (names, types, nullability)"),
        _named(gxe.ExpectColumnValuesToBeBetween(column="rows_vs_manifest", min_value=0, max_value=0),
               "run.rows_match_counts", "rows read from the shards = kept in the run counts"),
    ]


def source_expectations(config: ValidationConfig) -> list:
    import great_expectations.expectations as gxe

    return [
        _named(gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="kept", column_B="min_kept", or_equal=True),
               "sources.min_kept", "each source keeps at least its lower bound"),
        _named(gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="max_kept", column_B="kept", or_equal=True),
               "sources.max_kept", "each source keeps at most its upper bound"),
    ]


def source_bounds(config: ValidationConfig, source: str) -> tuple[int, int]:
    bounds = config.sources.get(source)
    low = max(config.min_docs_per_source, bounds.min if bounds else 0)
    high = bounds.max if bounds and bounds.max is not None else 2**62
    return low, high


def describe() -> dict[str, Any]:
    """The patterns, for reports."""
    return {name: {"regex": regex, "catches": what} for name, (regex, what) in PHI_PATTERNS.items()}
