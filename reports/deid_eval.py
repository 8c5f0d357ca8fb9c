"""Score a PHI detector against gold: how much PHI does de-identification actually remove?

Gold is the format of :mod:`medcorpus.sample_data.generator` and :mod:`planted_gold` (one record per
document)::

    {"id": "...", "lang": "en", "text": "...", "spans": [{"start": 3, "end": 9, "label": "NAME"}, ...]}

Predictions map a gold record's ``id`` to its predicted spans: :class:`schemas.phi.PhiSpan` tuples, dicts
with ``start``/``end``/``label`` keys, or plain ``(start, end, label, ...)`` sequences. Offsets are
Python ``str`` indices, end exclusive.

What is measured (:func:`evaluate`)
-----------------------------------
``leak`` -- the headline figure: how many gold PHI values leave NO trace in the output. A gold value
counts as *removed* only when every alphanumeric character of ``text[start:end]`` (every character,
when the value has no alphanumeric one) lies inside the union of predicted (replaced) spans; a value
replaced in part has *leaked*, although any-overlap scoring counts it as found. Gold spans shorter
than ``min_leak_chars`` (2: single initials) are not scored (``n_skipped_short``), as the leak
scorers of the real gold sets do. ``leak_recall = removed / scored``, overall and per gold label,
with 95% Wilson intervals.

``span`` -- the PhysioNet ``deid`` convention, any-overlap matching. For de-identification, removal is
what counts, so labels are ignored here:

* a gold span is *detected* (tp) when ANY predicted span overlaps it by at least one character, whatever
  the predicted label; otherwise it is a miss (fn). ``recall = tp / gold``.
* a predicted span is *correct* when it overlaps ANY gold span; otherwise it is a false positive.
  ``precision = correct / predicted``.
* ``per_label``: recall is broken down by the GOLD label, precision by the PREDICTED label.
* ``label_match``: the same counts when overlap AND equal labels are required, so reviewers can see
  category confusion (``confusion`` counts, for detected gold spans, the labels of the overlapping
  predictions).
* Every proportion comes with a 95% Wilson score interval (:func:`wilson`). A proportion with an empty
  denominator (a label with no gold spans, no predictions at all) is ``None`` (JSON ``null``), never
  0 or 1, and so is its interval.

``token`` -- tokens are maximal runs of letters/digits (any script except Han) and single Han
characters. A token is PHI when it overlaps a gold span and predicted when it overlaps a predicted
span. ``per_label`` recall counts tokens by the gold label(s) they overlap, precision by the predicted
label(s); F1 is the harmonic mean of the two. Token counts are not independent trials, so no
intervals are given for them.

``misses`` / ``false_positives`` -- the gold spans that (partly) survive in the output and the
predicted spans that overlap no gold span, each with ``context``: up to ``context_chars`` characters
either side, the span marked ``...left ⟦SPAN⟧ right...`` (line breaks shown as ``⏎``). A miss is of
``kind`` ``missed`` (no prediction touches it: ``no_overlap`` counts them) or ``partial`` (leaked
although overlapped: ``partial`` counts them; ``survived`` shows the value with its replaced runs as
``…``). At most ``max_examples`` of each are listed, ``total`` gives the full count.

Edge cases: a gold id missing from ``predicted`` has all its gold spans missed; predicted ids absent
from gold are counted (``n_predicted_ids_not_in_gold``) and otherwise ignored; exact duplicate spans
(same start, end, label) are counted once (``n_duplicate_predicted_spans``); predicted spans with
``end <= start`` are ignored (``n_empty_predicted_spans``); predicted offsets beyond the text are
clipped to it for token scoring and context. Overlapping predictions are all kept: each is scored as a
prediction of its own. Gold spans must lie inside the text (``ValueError`` otherwise) and gold ids must
be unique.

``by_lang`` repeats the leak, span and token figures per ``lang`` when gold records carry one.
:func:`format_summary` gives one line per language, leak recall first; :func:`format_table` renders a
result as a plain-text table for reports, led by that summary.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

__all__ = ["evaluate", "format_summary", "format_table", "wilson", "tokenize"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN_RE = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+")
_OPEN, _CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧
_REPLACED = "\u2026"  # … stands for a replaced run inside a partly leaked value
MIN_LEAK_CHARS = 2


# --------------------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------------------


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes in ``n`` trials (``z=1.96``: 95%).

    ``wilson(95, 100) == (0.8883..., 0.9785...)``. Raises ``ValueError`` when ``n <= 0`` (the proportion
    is undefined: :func:`evaluate` reports ``None`` instead) or ``k`` is outside ``[0, n]``.
    """
    if n <= 0:
        raise ValueError(f"wilson interval needs n > 0, got n={n}")
    if k < 0 or k > n:
        raise ValueError(f"k must be in [0, n], got k={k}, n={n}")
    p = k / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return (lo, hi)


def _ratio(k: int, n: int) -> float | None:
    return k / n if n else None


def _ci(k: int, n: int) -> list[float] | None:
    return list(wilson(k, n)) if n else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


# --------------------------------------------------------------------------------------------------
# Input normalisation
# --------------------------------------------------------------------------------------------------


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token offsets: maximal letter/digit runs, each Han character a token of its own."""
    return [m.span() for m in _TOKEN_RE.finditer(text)]


def _span_tuple(s: Any) -> tuple[int, int, str]:
    if isinstance(s, Mapping):
        return int(s["start"]), int(s["end"]), str(s["label"])
    return int(s[0]), int(s[1]), str(s[2])


class _Acc:
    """Counters for one slice of the data (everything, or one language)."""

    def __init__(self) -> None:
        self.n_docs = 0
        self.gold = Counter()  # gold label -> gold spans
        self.tp = Counter()  # gold label -> detected (any-overlap, any label)
        self.tp_lab = Counter()  # gold label -> detected by a same-label prediction
        self.pred = Counter()  # predicted label -> predicted spans
        self.correct = Counter()  # predicted label -> overlapping some gold span
        self.correct_lab = Counter()  # predicted label -> overlapping a same-label gold span
        self.leak_scored = Counter()  # gold label -> spans long enough to be leak-scored
        self.leak_removed = Counter()  # gold label -> spans with no alphanumeric character left
        self.leak_partial = Counter()  # gold label -> leaked spans that some prediction overlaps
        self.leak_skipped = 0  # gold spans shorter than min_leak_chars
        self.tok_gold = Counter()  # label -> gold tokens ("" = overall)
        self.tok_tp = Counter()
        self.tok_pred = Counter()
        self.tok_correct = Counter()
        self.n_tokens = 0


def _overlaps(spans: list[tuple[int, int, str]]):
    """Index for 'which of these spans overlap [s, e)': sorted starts plus a running max of ends."""
    spans = sorted(spans)
    starts = [s for s, _, _ in spans]
    maxend: list[int] = []
    m = -1
    for _, e, _ in spans:
        m = max(m, e)
        maxend.append(m)

    def query(s: int, e: int) -> list[tuple[int, int, str]]:
        j = bisect_left(starts, e) - 1  # spans[0..j] start before e
        out = []
        while j >= 0 and maxend[j] > s:
            if spans[j][1] > s:
                out.append(spans[j])
            j -= 1
        return out

    return query


def _leaked(covered: np.ndarray, alnum: np.ndarray) -> bool:
    """Whether a value keeps a character outside the replacements: its letters and digits count
    (punctuation and spaces inside it need not be replaced); a value without any, every character."""
    need = alnum if alnum.any() else np.ones_like(alnum)
    return bool((need & ~covered).any())


def _survived(value: str, covered: np.ndarray) -> str:
    """The value as the output keeps it, each replaced run shown as one ``…``."""
    out = []
    for ch, cov in zip(value, covered):
        if not cov:
            out.append(ch)
        elif not out or out[-1] != _REPLACED:
            out.append(_REPLACED)
    return "".join(out)


def _context(text: str, s: int, e: int, c: int) -> str:
    s = max(0, min(s, len(text)))
    e = max(s, min(e, len(text)))
    lo = max(0, s - c)
    hi = min(len(text), e + c)
    out = ("..." if lo > 0 else "") + text[lo:s] + _OPEN + text[s:e] + _CLOSE + text[e:hi] + ("..." if hi < len(text) else "")
    return out.replace("\r\n", "\u23ce").replace("\n", "\u23ce").replace("\r", "\u23ce")


# --------------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------------


def evaluate(
    gold: Iterable[dict],
    predicted: Mapping[str, Sequence[Any]],
    *,
    context_chars: int = 40,
    max_examples: int = 200,
    min_leak_chars: int = MIN_LEAK_CHARS,
) -> dict:
    """Score ``predicted`` spans against ``gold`` records; returns a JSON-serialisable dict (see module doc)."""
    overall = _Acc()
    by_lang: dict[str, _Acc] = {}
    confusion: dict[str, Counter] = defaultdict(Counter)
    misses: list[dict] = []
    fps: list[dict] = []
    n_miss = n_partial = n_fp = 0
    n_gold_spans = n_pred_spans = n_dup = n_empty = 0
    n_docs_without_pred = 0
    seen_ids: set[str] = set()
    label_bit: dict[str, int] = {}

    def bit(label: str) -> int:
        b = label_bit.get(label)
        if b is None:
            if len(label_bit) >= 62:
                raise ValueError("more than 62 distinct labels")
            b = label_bit[label] = 1 << len(label_bit)
        return b

    for rec in gold:
        rid = str(rec["id"])
        if rid in seen_ids:
            raise ValueError(f"duplicate gold id {rid!r}")
        seen_ids.add(rid)
        text = rec.get("text") or ""
        n = len(text)
        g_spans = sorted({_span_tuple(s) for s in rec.get("spans") or ()})
        for s, e, lab in g_spans:
            if not (0 <= s < e <= n):
                raise ValueError(f"gold span ({s}, {e}, {lab}) out of range in {rid!r} (len {n})")
        raw_pred = predicted.get(rid)
        if raw_pred is None:
            n_docs_without_pred += 1
            raw_pred = ()
        p_list = [_span_tuple(p) for p in raw_pred]
        p_valid = [p for p in p_list if p[1] > p[0]]
        n_empty += len(p_list) - len(p_valid)
        p_spans = sorted(set(p_valid))
        n_dup += len(p_valid) - len(p_spans)
        n_gold_spans += len(g_spans)
        n_pred_spans += len(p_spans)

        accs = [overall]
        lang = rec.get("lang")
        if lang is not None:
            accs.append(by_lang.setdefault(str(lang), _Acc()))
        for a in accs:
            a.n_docs += 1

        # ---- span level, and leaks: characters of gold values outside every replacement
        q_pred = _overlaps(p_spans)
        q_gold = _overlaps(g_spans)
        covered = np.zeros(n, dtype=bool)
        for s, e, _ in p_spans:
            covered[max(0, s):max(0, min(n, e))] = True
        alnum = np.fromiter((ch.isalnum() for ch in text), dtype=bool, count=n)
        for s, e, lab in g_spans:
            hits = q_pred(s, e)
            det = bool(hits)
            det_lab = any(h[2] == lab for h in hits)
            leaked = _leaked(covered[s:e], alnum[s:e])
            scored = e - s >= min_leak_chars
            for a in accs:
                a.gold[lab] += 1
                a.tp[lab] += det
                a.tp_lab[lab] += det_lab
                if scored:
                    a.leak_scored[lab] += 1
                    a.leak_removed[lab] += not leaked
                    a.leak_partial[lab] += leaked and det
                else:
                    a.leak_skipped += 1
            if det:
                for h in {h[2] for h in hits}:
                    confusion[lab][h] += 1
            if not det:
                n_miss += 1
            elif leaked:
                n_partial += 1
            if leaked and len(misses) < max_examples:
                miss = {"id": rid, "label": lab, "start": s, "end": e, "text": text[s:e],
                        "kind": "partial" if det else "missed", "context": _context(text, s, e, context_chars)}
                if det:
                    miss["survived"] = _survived(text[s:e], covered[s:e])
                misses.append(miss)
        for s, e, lab in p_spans:
            hits = q_gold(s, e)
            ok = bool(hits)
            ok_lab = any(h[2] == lab for h in hits)
            for a in accs:
                a.pred[lab] += 1
                a.correct[lab] += ok
                a.correct_lab[lab] += ok_lab
            if not ok:
                n_fp += 1
                if len(fps) < max_examples:
                    cs, ce = max(0, min(s, n)), max(0, min(e, n))
                    fps.append({"id": rid, "label": lab, "start": s, "end": e, "text": text[cs:ce],
                                "context": _context(text, s, e, context_chars)})

        # ---- token level: per-character label bitmasks, OR-reduced over each token
        toks = tokenize(text)
        if not toks:
            continue
        gmask = np.zeros(n + 1, dtype=np.int64)
        pmask = np.zeros(n + 1, dtype=np.int64)
        for s, e, lab in g_spans:
            gmask[s:e] |= bit(lab)
        for s, e, lab in p_spans:
            s, e = max(0, s), min(n, e)
            if e > s:
                pmask[s:e] |= bit(lab)
        idx = np.fromiter((x for t in toks for x in t), dtype=np.int64, count=2 * len(toks))
        g_tok = np.bitwise_or.reduceat(gmask, idx)[0::2]
        p_tok = np.bitwise_or.reduceat(pmask, idx)[0::2]
        is_g = g_tok != 0
        is_p = p_tok != 0
        n_tp = int(np.count_nonzero(is_g & is_p))
        for a in accs:
            a.n_tokens += len(toks)
            a.tok_gold[""] += int(np.count_nonzero(is_g))
            a.tok_pred[""] += int(np.count_nonzero(is_p))
            a.tok_tp[""] += n_tp
            a.tok_correct[""] += n_tp
        for lab, b in label_bit.items():
            in_g = (g_tok & b) != 0
            in_p = (p_tok & b) != 0
            ng, np_ = int(np.count_nonzero(in_g)), int(np.count_nonzero(in_p))
            if not ng and not np_:
                continue
            tpl = int(np.count_nonzero(in_g & is_p))
            cor = int(np.count_nonzero(in_p & is_g))
            for a in accs:
                a.tok_gold[lab] += ng
                a.tok_tp[lab] += tpl
                a.tok_pred[lab] += np_
                a.tok_correct[lab] += cor

    n_unknown = sum(1 for k in predicted if str(k) not in seen_ids)
    result = {
        "n_docs": overall.n_docs,
        "n_gold_spans": n_gold_spans,
        "n_predicted_spans": n_pred_spans,
        "n_docs_without_predictions": n_docs_without_pred,
        "n_predicted_ids_not_in_gold": n_unknown,
        "n_duplicate_predicted_spans": n_dup,
        "n_empty_predicted_spans": n_empty,
        "leak": _leak_section(overall, min_leak_chars),
        "span": _span_section(overall, per_label=True),
        "token": _token_section(overall, per_label=True),
        "confusion": {g: dict(sorted(c.items())) for g, c in sorted(confusion.items())},
        "misses": {"total": n_miss + n_partial, "no_overlap": n_miss, "partial": n_partial, "shown": len(misses),
                   "items": misses},
        "false_positives": {"total": n_fp, "shown": len(fps), "items": fps},
    }
    if by_lang:
        result["by_lang"] = {
            lang: {"n_docs": a.n_docs, "leak": _leak_section(a, min_leak_chars),
                   "span": _span_section(a, per_label=True),
                   "token": _token_section(a, per_label=False)}
            for lang, a in sorted(by_lang.items())
        }
    return result


def _leak(removed: int, scored: int, partial: int) -> dict:
    return {"scored": scored, "removed": removed, "leaked": scored - removed, "partial": partial,
            "recall": _ratio(removed, scored), "recall_ci": _ci(removed, scored)}


def _leak_section(a: _Acc, min_chars: int) -> dict:
    return {
        "min_chars": min_chars,
        "n_skipped_short": a.leak_skipped,
        "overall": _leak(sum(a.leak_removed.values()), sum(a.leak_scored.values()), sum(a.leak_partial.values())),
        "per_label": {lab: _leak(a.leak_removed[lab], a.leak_scored[lab], a.leak_partial[lab])
                      for lab in sorted(a.leak_scored)},
    }


def _rec(tp: int, gold: int) -> dict:
    return {"gold": gold, "tp": tp, "fn": gold - tp, "recall": _ratio(tp, gold), "recall_ci": _ci(tp, gold)}


def _prec(correct: int, pred: int) -> dict:
    return {"predicted": pred, "correct": correct, "fp": pred - correct,
            "precision": _ratio(correct, pred), "precision_ci": _ci(correct, pred)}


def _both(tp: int, gold: int, correct: int, pred: int) -> dict:
    d = {**_rec(tp, gold), **_prec(correct, pred)}
    d["f1"] = _f1(d["precision"], d["recall"])
    return d


def _span_section(a: _Acc, per_label: bool) -> dict:
    out = {
        "overall": _both(sum(a.tp.values()), sum(a.gold.values()), sum(a.correct.values()), sum(a.pred.values())),
        "label_match": _both(sum(a.tp_lab.values()), sum(a.gold.values()),
                             sum(a.correct_lab.values()), sum(a.pred.values())),
    }
    if per_label:
        labels = sorted(set(a.gold) | set(a.pred))
        pl = {}
        for lab in labels:
            d = _both(a.tp[lab], a.gold[lab], a.correct[lab], a.pred[lab])
            d["label_match_tp"] = a.tp_lab[lab]
            d["label_match_recall"] = _ratio(a.tp_lab[lab], a.gold[lab])
            d["label_match_precision"] = _ratio(a.correct_lab[lab], a.pred[lab])
            pl[lab] = d
        out["per_label"] = pl
    return out


def _tok(a: _Acc, lab: str) -> dict:
    g, tp, p, c = a.tok_gold[lab], a.tok_tp[lab], a.tok_pred[lab], a.tok_correct[lab]
    r, pr = _ratio(tp, g), _ratio(c, p)
    return {"gold_tokens": g, "tp": tp, "fn": g - tp, "predicted_tokens": p, "correct": c, "fp": p - c,
            "recall": r, "precision": pr, "f1": _f1(pr, r)}


def _token_section(a: _Acc, per_label: bool) -> dict:
    out = {"n_tokens": a.n_tokens, "overall": _tok(a, "")}
    if per_label:
        out["per_label"] = {lab: _tok(a, lab) for lab in sorted(k for k in set(a.tok_gold) | set(a.tok_pred) if k)}
    return out


# --------------------------------------------------------------------------------------------------
# Report table
# --------------------------------------------------------------------------------------------------


def _fmt_p(p: float | None, ci: Sequence[float] | None) -> str:
    if p is None:
        return "-"
    if ci is None:
        return f"{100 * p:5.1f}%"
    return f"{100 * p:5.1f}% [{100 * ci[0]:5.1f}-{100 * ci[1]:5.1f}]"


def _fmt_r(p: float | None, ci: Sequence[float] | None = None) -> str:
    """A proportion as 0.xxx, with its interval as [lo-hi] when given."""
    if p is None:
        return "-"
    return f"{p:.3f}" + (f" [{ci[0]:.3f}-{ci[1]:.3f}]" if ci else "")


def _summary_line(name: str, leak: dict, span: dict, token: dict) -> str:
    lk, o, t = leak["overall"], span["overall"], token["overall"]
    return (f"[{name}] leak recall {_fmt_r(lk['recall'], lk['recall_ci'])} ({lk['removed']}/{lk['scored']} values "
            f"removed; {leak['n_skipped_short']} gold spans under {leak['min_chars']} chars not scored) | "
            f"any-overlap R {_fmt_r(o['recall'])} P {_fmt_r(o['precision'])} | "
            f"token R {_fmt_r(t['recall'])} P {_fmt_r(t['precision'])}")


def format_summary(result: dict) -> str:
    """One line per language (``[en] leak recall ...``), then ``[all]`` when that adds something."""
    by_lang = result.get("by_lang", {})
    lines = [_summary_line(lang, d["leak"], d["span"], d["token"]) for lang, d in by_lang.items()]
    if len(by_lang) != 1 or by_lang[next(iter(by_lang))]["n_docs"] != result["n_docs"]:
        lines.append(_summary_line("all", result["leak"], result["span"], result["token"]))
    return "\n".join(lines)


def format_table(result: dict) -> str:
    """The summary (:func:`format_summary`), then one row per label: gold spans; leak-scored, removed, leak
    recall [95% CI]; any-overlap found, recall [CI]; predicted, correct, precision [CI]."""
    span, leak = result["span"], result["leak"]
    head = (f"{'label':<13}{'gold':>7}{'scored':>7}{'removed':>8}  {'leak recall [95% CI]':<24}{'found':>7}  "
            f"{'any-overlap recall':<24}{'pred':>7}{'correct':>8}  {'precision [95% CI]':<24}")
    lines = [format_summary(result), "", head, "-" * len(head)]
    no_leak = {"scored": "", "removed": "", "recall": None, "recall_ci": None}  # leaks are not label-matched

    def row(name: str, d: dict, lk: dict) -> str:
        return (f"{name:<13}{d['gold']:>7}{lk['scored']:>7}{lk['removed']:>8}  "
                f"{_fmt_p(lk['recall'], lk['recall_ci']):<24}{d['tp']:>7}  {_fmt_p(d['recall'], d['recall_ci']):<24}"
                f"{d['predicted']:>7}{d['correct']:>8}  {_fmt_p(d['precision'], d['precision_ci']):<24}")

    for lab, d in span.get("per_label", {}).items():
        lines.append(row(lab, d, leak["per_label"].get(lab, {**no_leak, "scored": 0, "removed": 0})))
    lines.append("-" * len(head))
    lines.append(row("ALL", span["overall"], leak["overall"]))
    lines.append(row("ALL (label)", span["label_match"], no_leak))
    tok = result.get("token", {}).get("overall")
    if tok:
        lines.append("")
        lines.append(f"tokens: recall {_fmt_p(tok['recall'], None).strip()}, precision "
                     f"{_fmt_p(tok['precision'], None).strip()}, F1 {_fmt_p(tok['f1'], None).strip()} "
                     f"({tok['gold_tokens']} PHI tokens, {tok['predicted_tokens']} predicted)")
    m = result["misses"]
    lines.append(f"{result['n_docs']} docs, {result['n_gold_spans']} gold spans, {result['n_predicted_spans']} "
                 f"predicted; {m['total']} not fully removed ({m['no_overlap']} untouched, {m['partial']} partly replaced), "
                 f"{result['false_positives']['total']} false positives; leak recall skips "
                 f"{leak['n_skipped_short']} gold spans under {leak['min_chars']} characters")
    return "\n".join(lines)
