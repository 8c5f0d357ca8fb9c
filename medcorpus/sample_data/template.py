"""Span-aware text building: a note's document, template filling and the per-note context base class.

A piece is: str (plain text), (value, label) tuple (a PHI span), or a list of pieces. Templates are strings
with ``{slot}`` / ``{slot:arg}`` placeholders filled by the context's ``s_<slot>`` methods.
"""

from __future__ import annotations

import random
import re
from typing import Callable, Sequence

from medcorpus.schemas.phi import PHI_LABEL_NAMES


class _Doc:
    __slots__ = ("parts", "spans", "pos")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.pos = 0

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def phi(self, s: str, label: str) -> None:
        self.spans.append((self.pos, self.pos + len(s), label))
        self.parts.append(s)
        self.pos += len(s)

    def put(self, p) -> None:
        t = type(p)
        if t is str:
            self.parts.append(p)
            self.pos += len(p)
        elif t is tuple:
            self.phi(p[0], p[1])
        else:
            for q in p:
                self.put(q)

    def text(self) -> str:
        return "".join(self.parts)


_SLOT_RE = re.compile(r"\{(\w+)(?::([\w-]+))?\}")
_TPL_CACHE: dict[str, tuple] = {}


def _compile(tpl: str) -> tuple:
    parts = _TPL_CACHE.get(tpl)
    if parts is None:
        out = []
        pos = 0
        for m in _SLOT_RE.finditer(tpl):
            if m.start() > pos:
                out.append((tpl[pos:m.start()], None, None))
            out.append((None, "s_" + m.group(1), m.group(2)))
            pos = m.end()
        if pos < len(tpl):
            out.append((tpl[pos:], None, None))
        parts = _TPL_CACHE[tpl] = tuple(out)
    return parts


class NoteContext:
    """One note being written: its RNG, its document and a cache of per-note identifiers."""

    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.doc = _Doc()
        self._cache: dict[str, object] = {}

    # template helpers ---------------------------------------------------------------------------
    def tp(self, tpl: str) -> list:
        """Fill a template into a list of pieces (for slots built from other slots)."""
        out = []
        for lit, name, arg in _compile(tpl):
            if lit is not None:
                out.append(lit)
            else:
                fn = getattr(self, name)
                out.append(fn(arg) if arg is not None else fn())
        return out

    def f(self, tpl: str) -> None:
        doc = self.doc
        for lit, name, arg in _compile(tpl):
            if lit is not None:
                doc.add(lit)
            else:
                fn = getattr(self, name)
                doc.put(fn(arg) if arg is not None else fn())

    def fc(self, pool: Sequence[str]) -> None:
        self.f(self.r.choice(pool))

    def w(self, *pieces) -> None:
        for p in pieces:
            self.doc.put(p)

    def once(self, key: str, fn: Callable[[], object]):
        v = self._cache.get(key)
        if v is None:
            v = self._cache[key] = fn()
        return v

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def sample(self, seq, k: int):
        return self.r.sample(seq, min(k, len(seq)))

    def some(self, seq, lo: int, hi: int | None = None):
        """A random subset of lo..hi items (clipped to what seq has), kept in the order of seq."""
        n = len(seq)
        hi = n if hi is None else min(hi, n)
        lo = min(lo, hi)
        idx = sorted(self.r.sample(range(n), self.r.randint(lo, hi)))
        return [seq[i] for i in idx]

    # numbers that are never PHI -------------------------------------------------------------------
    def s_n(self, key: str) -> str:
        lo, hi, nd = _NUM[key]
        if nd == 0:
            return str(self.r.randint(lo, hi))
        return f"{self.r.uniform(lo, hi):.{nd}f}"


# Clinical numbers (never PHI): key -> (low, high, decimals)
_NUM = {
    "sbp": (96, 182, 0), "dbp": (54, 102, 0), "hr": (52, 124, 0), "rr": (12, 28, 0),
    "tf": (97.1, 101.9, 1), "tc": (36.1, 38.9, 1), "spo2": (87, 100, 0), "o2l": (1, 4, 0),
    "na": (127, 145, 0), "k": (3.1, 5.6, 1), "cl": (95, 111, 0), "hco3": (17, 31, 0),
    "bun": (7, 48, 0), "cr": (0.6, 2.6, 1), "glu": (74, 320, 0), "ca": (8.1, 10.4, 1),
    "mg": (1.5, 2.6, 1), "phos": (2.4, 4.9, 1), "wbc": (3.6, 21.4, 1), "hgb": (7.4, 16.1, 1),
    "hct": (23, 48, 0), "plt": (96, 452, 0), "trop": (0.04, 9.80, 2), "bnp": (110, 3400, 0),
    "lact": (0.7, 5.1, 1), "inr": (0.9, 3.2, 1), "a1c": (5.7, 12.4, 1), "tsh": (0.3, 7.9, 2),
    "ef": (20, 65, 0), "ldl": (48, 196, 0), "egfr": (18, 98, 0), "wt": (46.0, 138.0, 1),
    "ht": (148, 196, 0), "pain": (2, 9, 0), "lipase": (210, 3300, 0), "ast": (14, 240, 0),
    "alt": (10, 260, 0), "alp": (40, 310, 0), "tbili": (0.3, 4.8, 1), "alb": (2.4, 4.6, 1),
    "ph": (7.05, 7.45, 2), "ag": (10, 29, 0), "ebl": (5, 450, 0), "mins": (28, 190, 0),
    "pack": (5, 60, 0), "crp": (3, 210, 0), "esr": (5, 96, 0), "psa": (0.4, 14.8, 1),
    "bmi": (18.5, 44.9, 1), "cm": (0.4, 6.8, 1), "mm": (2, 18, 0), "gcs": (13, 15, 0),
    "qtc": (398, 512, 0), "pr": (140, 260, 0), "fio2": (21, 60, 0), "units": (4, 40, 0),
    "ivf": (500, 2500, 0), "uop": (300, 2400, 0), "dose": (1, 4, 0), "days": (2, 10, 0),
    "weeks": (2, 8, 0), "hgbdrop": (1.2, 3.4, 1), "ck": (90, 4800, 0), "ddimer": (0.3, 6.2, 1),
    "ammonia": (20, 140, 0), "sodium_low": (118, 129, 0), "pct": (0.1, 12.0, 1), "batt": (4, 11, 0),
    "impedance": (380, 920, 0), "thresh": (0.5, 1.5, 2), "sense": (2.0, 14.0, 1), "apace": (1, 95, 0),
    "burden": (0, 18, 0), "temp_iv": (4, 72, 0), "grams": (1, 2, 0), "bpm": (60, 80, 0),
    # Chinese notes' lab values, in the units Chinese reports use
    "glu_zh": (5.2, 21.8, 1), "tbili_zh": (8.0, 62.0, 1), "hgb_zh": (62, 148, 0), "sbp_hi": (160, 200, 0),
    "cr_zh": (52, 310, 0), "la": (28, 52, 0), "k_zh": (3.1, 5.6, 2), "alt_zh": (8, 180, 0),
    "dbp_zh": (60, 105, 0),
}


_WS = " \t\r\n\u3000"


def finish_document(doc: _Doc) -> tuple[str, list[dict]]:
    text = doc.text().rstrip(_WS)
    spans = []
    last_end = 0
    for start, end, label in doc.spans:
        # Guards against template mistakes; a broken gold set is worse than a crash.
        if not (last_end <= start < end <= len(text)):
            raise AssertionError(f"bad span {start}-{end} {label}")
        value = text[start:end]
        if value != value.strip(_WS) or label not in PHI_LABEL_NAMES:
            raise AssertionError(f"bad span value {value!r} {label}")
        spans.append({"start": start, "end": end, "label": label})
        last_end = end
    return text, spans


def cap_first(s: str) -> str:
    """Upper-case the first letter only ("DKA" stays "DKA", unlike str.capitalize)."""
    return s[:1].upper() + s[1:]
