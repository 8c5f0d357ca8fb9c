"""Record schemas shared by every stage: declared here once."""

from medcorpus.schemas.phi import PHI_LABEL_NAMES, PHI_LABELS, PhiLabel, PhiSpan
from medcorpus.schemas.records import (
    ACTIVE, DEDUP, DISABLED, DEID, DOCUMENT_SCHEMA, DUPLICATE_REASONS, INGEST, LANGID, QUALITY, REJECT_SCHEMA,
    STAGES, WRITE, RejectReason, keyed_hex, make_doc_id, make_document, make_file_name, make_reject,
    make_source_id, provenance, signal_entries, signals_dict, validate_record,
)

__all__ = [
    "ACTIVE", "DEDUP", "DISABLED", "DEID", "DOCUMENT_SCHEMA", "DUPLICATE_REASONS", "INGEST", "LANGID", "PHI_LABELS",
    "PHI_LABEL_NAMES", "PhiLabel", "PhiSpan", "QUALITY", "REJECT_SCHEMA", "STAGES", "WRITE", "RejectReason",
    "keyed_hex", "make_doc_id", "make_document", "make_file_name", "make_reject", "make_source_id", "provenance",
    "signal_entries", "signals_dict", "validate_record",
]
