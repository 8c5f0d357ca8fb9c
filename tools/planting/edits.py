"""Span-aware editing of a source text, the planted record and its checks."""

from __future__ import annotations

from typing import Iterable, Sequence

from medcorpus.schemas.phi import PHI_LABELS


MIN_SOURCE_FRACTION = 0.82  # planning target; records are guaranteed >= 0.80


# ==================================================================================================
# Shared machinery: span-aware editing of a source text
# ==================================================================================================


class Edits:
    """Replacements and insertions on a source text; ``build`` returns the new text with span offsets."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.reps: list[tuple[int, int, int, list]] = []  # (start, end, seq, pieces)
        self.ins: list[tuple[int, int, list]] = []  # (pos, seq, pieces)
        self.origin: dict[int, str] = {}  # seq -> "replaced" | "inline" | "added"
        self._seq = 0

    def free(self, s: int, e: int) -> bool:
        """True when [s, e) touches no replacement (an insertion point s == e may sit on a boundary)."""
        for a, b, _, _ in self.reps:
            if s == e:
                if a < s < b:
                    return False
            elif s < b and a < e:
                return False
        return True

    def replace(self, s: int, e: int, pieces: list, origin: str = "replaced") -> bool:
        if e <= s or not self.free(s, e) or any(s < p < e for p, _, _ in self.ins):
            return False
        self._seq += 1
        self.reps.append((s, e, self._seq, pieces))
        self.origin[self._seq] = origin
        return True

    def insert(self, pos: int, pieces: list, origin: str = "added") -> bool:
        """Insert pieces at ``pos``; ``origin`` "inline" for words put inside a real sentence or utterance."""
        if not self.free(pos, pos):
            return False
        self._seq += 1
        self.ins.append((pos, self._seq, pieces))
        self.origin[self._seq] = origin
        return True

    def new_chars(self) -> int:
        return sum(pieces_len(p) for *_, p in self.reps) + sum(pieces_len(p) for *_, p in self.ins)

    def kept(self) -> int:
        return len(self.src) - sum(e - s for s, e, _, _ in self.reps)

    def fraction_if(self, extra: int) -> float:
        k = self.kept()
        return k / max(1, k + self.new_chars() + extra)

    def build(self) -> tuple[str, list[tuple[int, int, str, str]], int]:
        """(text, spans as (start, end, label, origin), number of source characters kept)."""
        ops = [(p, 0, q, p, pieces) for p, q, pieces in self.ins] + [(s, 1, q, e, pieces) for s, e, q, pieces in self.reps]
        ops.sort(key=lambda o: (o[0], o[1], o[2]))
        out: list[str] = []
        spans: list[tuple[int, int, str, str]] = []
        pos = 0  # position in src
        n = 0  # length of out so far
        for start, _kind, q, end, pieces in ops:
            if start > pos:
                out.append(self.src[pos:start])
                n += start - pos
                pos = start
            for p in _flatten(pieces):
                if isinstance(p, tuple):
                    spans.append((n, n + len(p[0]), p[1], self.origin[q]))
                    out.append(p[0])
                    n += len(p[0])
                else:
                    out.append(p)
                    n += len(p)
            pos = max(pos, end)
        out.append(self.src[pos:])
        return "".join(out), spans, self.kept()


def _flatten(pieces) -> Iterable:
    for p in pieces:
        if isinstance(p, list):
            yield from _flatten(p)
        else:
            yield p


def pieces_len(pieces) -> int:
    return sum(len(p[0]) if isinstance(p, tuple) else len(p) for p in _flatten(pieces))


def mask_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """The text with every labelled span blanked out (NUL characters), for leftover checks."""
    if not spans:
        return text
    parts = []
    pos = 0
    for s, e, *_ in spans:
        parts.append(text[pos:s])
        parts.append("\0" * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def check_record(rec: dict) -> None:
    """Raise ``ValueError`` unless the record's spans are sorted, disjoint, in range, labelled and trimmed."""
    text = rec["text"]
    prev = 0
    for sp in rec["spans"]:
        s, e, lab = sp["start"], sp["end"], sp["label"]
        if lab not in PHI_LABELS:
            raise ValueError(f"{rec['id']}: unknown label {lab}")
        if not (prev <= s < e <= len(text)):
            raise ValueError(f"{rec['id']}: bad or overlapping span {sp}")
        v = text[s:e]
        if v != v.strip() or not v.strip():
            raise ValueError(f"{rec['id']}: span {sp} has surrounding whitespace: {v!r}")
        prev = e


def make_record(prefix: str, i: int, lang: str, source: str, source_id: str, text: str, spans, kept: int) -> dict:
    rec = {
        "id": f"{prefix}-{i:06d}",
        "lang": lang,
        "source": source,
        "source_id": source_id,
        "text": text,
        "spans": [{"start": s, "end": e, "label": lab} for s, e, lab, *_ in spans],
        "span_origin": [x[3] if len(x) > 3 else "added" for x in spans],
        "source_fraction": round(kept / max(1, len(text)), 4),
    }
    check_record(rec)
    return rec


class Reject(Exception):
    """This source text cannot be planted safely (leftover PHI-like content, too short, ...)."""
