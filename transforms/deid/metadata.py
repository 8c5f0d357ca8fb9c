"""Which metadata values are identifiers by their field name or their shape alone.

The deid stage runs every metadata string through the detectors (``stage.Deidentifier.scrub``);
these rules catch what detectors cannot see without the words around a value in prose: a bare
``patient_name: "..."``, an MRN stored as an int, a nested key that is a person's name.

- Field names (``resources/identifier_fields.txt``): a field whose name says it identifies
  someone (name, mrn, ssn, phone, email, address, dob, id card, 姓名, 电话, 住址, 身份证 ...) is
  replaced whole, with every value nested under it.
- Shapes: a bare number or code of six digits or more (``A99120934``, ``99120934``) is a record
  number; fifteen or more, an identity number.
- Nested keys: a key that is not shaped like a field name (words with spaces, punctuation)
  is data, not a name of a field: it is replaced by a keyed pseudonym.

Each rule names a PHI category; it applies only where the document's profile removes that
category (a ``none`` source keeps its metadata; literature keeps author names).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

_FIELDS_FILE = os.path.join(os.path.dirname(__file__), "resources", "identifier_fields.txt")
_HAN = re.compile(r"[\u3400-\u9fff]")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_RECORD_NUMBER = re.compile(r"[A-Za-z]{0,4}[-#:]?\d{6,}[A-Za-z]?")
_IDENTITY_NUMBER = re.compile(r"\d{15,}[Xx]?")
# what a field name looks like: a word with _ . - joints, or a few Han characters
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,63}|[\u3400-\u9fff]{1,12}")


def field_words(name: str) -> tuple[str, ...]:
    """patient_name, PatientName and "Patient Name" all give ("patient", "name")."""
    return tuple(w.lower() for w in _WORDS.findall(name))


@lru_cache(maxsize=1)
def _rules() -> tuple[dict[tuple[str, ...], str], list[tuple[tuple[str, ...], str]], list[tuple[str, str]]]:
    """(exact word tuples, word runs, Han substrings) -> label."""
    exact, runs, han = {}, [], []
    with open(_FIELDS_FILE, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            label, entry = line.rstrip("\n").split("\t")
            if _HAN.search(entry):
                han.append((entry, label))
            elif entry.startswith("="):
                exact[field_words(entry[1:])] = label
            else:
                runs.append((field_words(entry), label))
    return exact, runs, han


def _contains(words: tuple[str, ...], run: tuple[str, ...]) -> bool:
    return any(words[i:i + len(run)] == run for i in range(len(words) - len(run) + 1))


@lru_cache(maxsize=4096)  # field names repeat in every document; nested keys too (in memory only, as the text)
def field_label(name: str, labels: frozenset[str]) -> str | None:
    """The PHI category a field's name says its value is, when the profile removes it."""
    exact, runs, han = _rules()
    words = field_words(name)
    found = [exact[words]] if words in exact else []
    found += [label for run, label in runs if _contains(words, run)]
    found += [label for entry, label in han if entry in name]
    return next((label for label in found if label in labels), None)


def shape_label(value: str | int | float, labels: frozenset[str]) -> str | None:
    """The category a bare number or code is by its shape alone (identity or record number)."""
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(abs(value)) if isinstance(value, int) else value.strip()
    if _IDENTITY_NUMBER.fullmatch(text) and "NATIONAL_ID" in labels:
        return "NATIONAL_ID"
    if _RECORD_NUMBER.fullmatch(text) and "MRN" in labels:
        return "MRN"
    return None


def is_field_name(key: str) -> bool:
    """Whether a nested key reads as the name of a field rather than as a value."""
    return bool(_FIELD_NAME.fullmatch(key))
