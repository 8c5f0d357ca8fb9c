"""PHI span labels: the categories used by gold sets, span records and reports.

Each label maps to the HIPAA Safe Harbor identifier (45 CFR 164.514(b)(2)(i)) it
belongs to. Labels are finer than HIPAA's list where reviewers need it (a street
address and a ZIP code are both "geographic subdivisions", but leak differently).
"""

from __future__ import annotations

from typing import NamedTuple


class PhiLabel(NamedTuple):
    name: str
    hipaa: str  # Safe Harbor identifier, as worded in the rule
    description: str


PHI_LABELS: dict[str, PhiLabel] = {
    label.name: label
    for label in (
        PhiLabel("NAME", "(A) Names", "patients, relatives, clinicians, other people"),
        PhiLabel("ADDRESS", "(B) Geographic subdivisions",
                 "street address, or a whole postal address as one value; Chinese 省/市/区/路/号 address"),
        PhiLabel("CITY", "(B) Geographic subdivisions", "city, town, county, district on its own"),
        PhiLabel("ZIP", "(B) Geographic subdivisions", "ZIP / postal code"),
        PhiLabel("FACILITY", "(B) Geographic subdivisions", "hospital, clinic, nursing home and other named facilities"),
        PhiLabel("DATE", "(C) Dates", "any date element more specific than a year, in any format"),
        PhiLabel("AGE", "(C) Ages over 89", "an age of 90 or more"),
        PhiLabel("PHONE", "(D) Telephone numbers", "landline and mobile numbers"),
        PhiLabel("FAX", "(E) Fax numbers", "fax numbers"),
        PhiLabel("EMAIL", "(F) Email addresses", "e-mail addresses"),
        PhiLabel("SSN", "(G) Social security numbers", "US social security numbers"),
        PhiLabel("MRN", "(H) Medical record numbers", "MRN; 住院号/病案号/门诊号/床号 and other record numbers"),
        PhiLabel("HEALTH_PLAN", "(I) Health plan beneficiary numbers", "insurance member / policy numbers"),
        PhiLabel("ACCOUNT", "(J) Account numbers", "billing and bank account numbers"),
        PhiLabel("LICENSE", "(K) Certificate/license numbers", "licence, certificate, DEA, NPI numbers"),
        PhiLabel("VEHICLE", "(L) Vehicle identifiers", "licence plates, VINs"),
        PhiLabel("DEVICE", "(M) Device identifiers and serial numbers", "implant and device serial numbers"),
        PhiLabel("URL", "(N) Web URLs", "web addresses"),
        PhiLabel("IP_ADDRESS", "(O) IP addresses", "IPv4 and IPv6 addresses"),
        PhiLabel("NATIONAL_ID", "(R) Any other unique identifying number", "national ID numbers such as 身份证号"),
    )
}

PHI_LABEL_NAMES: tuple[str, ...] = tuple(PHI_LABELS)


class PhiSpan(NamedTuple):
    """One detected PHI span. Offsets are Python str indices, end exclusive."""

    start: int
    end: int
    label: str  # a key of PHI_LABELS
    recognizer: str  # which recognizer found it, e.g. "en.phone", "zh.id_card"
    score: float  # confidence in [0, 1]
