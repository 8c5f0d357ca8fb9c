"""What duplicates are judged on: the comparable text, its exact hash, and its shingles.

``normalise`` and ``exact_hash`` decide exact duplicates; ``shingle_text`` and ``shingles``
cut the word or character n-grams that MinHash and the exact Jaccard compare.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any, Iterable

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def comparable_text(doc: dict[str, Any]) -> str:
    """The text duplicates are judged on: each PHI span the deid stage recorded becomes its label
    again. Surrogates are drawn per document, so two copies of one note come out of deid with
    different fake names and dates; with the spans folded back they are copies again."""
    text = doc["text"]
    spans = (doc.get("deid") or {}).get("spans") or ()
    if not spans:
        return text
    parts, pos = [], 0
    for span in sorted(spans, key=lambda sp: sp["start"]):
        if span["start"] < pos:
            continue
        parts.append(text[pos:span["start"]])
        parts.append(f"[{span['label']}]")
        pos = span["end"]
    parts.append(text[pos:])
    return "".join(parts)


def normalise(text: str) -> str:
    """Unicode NFKC, case folded, whitespace runs folded to one space, stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def exact_hash(text: str) -> str:
    """blake2b-128 of the normalised text: equal for texts that differ only in Unicode
    form, case or whitespace."""
    return hashlib.blake2b(normalise(text).encode(), digest_size=16).hexdigest()


def shingle_mode(text: str, lang: str | None, char_langs: Iterable[str] = ("zh", "ja")) -> str:
    """'char' for Chinese/Japanese (by language, or Han script over 30% of the sample), else 'word'."""
    if lang in tuple(char_langs):
        return "char"
    sample = text[:2000]
    return "char" if len(_HAN.findall(sample)) > 0.3 * max(1, len(sample.strip())) else "word"


def shingle_text(text: str, mode: str) -> str:
    """The text shingles are cut from: normalised, punctuation dropped; words separated by
    exactly one space (word mode) or no whitespace at all (char mode)."""
    return _shingle_text_folded(unicodedata.normalize("NFKC", text).casefold(), mode)


_ASCII_NON_WORD = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()})
_WORD = re.compile(r"[^\W_]+")


def _shingle_text_folded(folded: str, mode: str) -> str:
    # equal to re.sub(r"[\W_]+", " ", folded).strip(), faster: ASCII by translate + split, else findall
    if folded.isascii():
        words = folded.translate(_ASCII_NON_WORD).split()
    else:
        words = _WORD.findall(folded)
    return ("" if mode == "char" else " ").join(words)


def prepare(text: str, lang: str | None, char_langs: Iterable[str] = ("zh", "ja")) -> tuple[str, str, str]:
    """(exact_hash, shingle mode, shingle text) with one Unicode normalisation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    ehash = hashlib.blake2b(" ".join(folded.split()).encode(), digest_size=16).hexdigest()
    mode = shingle_mode(text, lang, char_langs)
    return ehash, mode, _shingle_text_folded(folded, mode)


def shingles(stext: str, mode: str, n: int) -> list[bytes]:
    """UTF-8 shingles of a ``shingle_text``: word or character n-grams; a text shorter than
    n units is one shingle; an empty text has none. (The reference for ``signatures``.)"""
    if not stext:
        return []
    units = stext.split(" ") if mode == "word" else list(stext)
    sep = " " if mode == "word" else ""
    if len(units) < n:
        return [stext.encode()]
    return [sep.join(units[i:i + n]).encode() for i in range(len(units) - n + 1)]
