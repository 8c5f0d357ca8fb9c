"""De-identification profiles: what a source is decides which PHI categories are removed.

A clinical note is about a patient, so every Safe Harbor category goes. Biomedical
literature (MEDLINE citations, JATS articles) has no patient: its names are authors and
eponyms, its places are study sites and countries, its dates are study periods, and
replacing them corrupts the text ("verified by Sanger sequencing" -> "Mullen sequencing")
without protecting anyone. Literature keeps only the identifiers that never belong in a
paper's text: contact numbers and addresses (EMAIL, PHONE, FAX) and identity numbers
(SSN, NATIONAL_ID). URLs and IP addresses stay: in a paper they point at registries,
databases and code, not at a person. ``none`` passes a source through undetected.
"""

from __future__ import annotations

from typing import Literal

from medcorpus.schemas import PHI_LABEL_NAMES

DeidProfile = Literal["clinical", "literature", "none"]

PROFILE_LABELS: dict[str, frozenset[str]] = {
    "clinical": frozenset(PHI_LABEL_NAMES),
    "literature": frozenset({"EMAIL", "PHONE", "FAX", "SSN", "NATIONAL_ID"}),
    "none": frozenset(),
}
DEFAULT_PROFILE = "clinical"  # a source we know nothing about is treated as the riskiest kind
_FORMAT_PROFILES = {"medline": "literature", "jats": "literature"}


def source_profile(source) -> str:
    """The source's ``deid_profile``, else its format's default (literature formats) or clinical."""
    return getattr(source, "deid_profile", None) or _FORMAT_PROFILES.get(source.format, DEFAULT_PROFILE)


def profile_labels(profile: str, labels: list[str] | tuple[str, ...]) -> list[str]:
    """The configured ``labels`` this profile removes, in their configured order."""
    return [label for label in labels if label in PROFILE_LABELS[profile]]
