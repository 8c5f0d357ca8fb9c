"""Quality stage: measured signals, a score in [0, 1], and config thresholds that decide.

Three plain functions do the per-document work (easy to test and benchmark without Beam):

- ``quality_signals(text, lang)`` (``quality_signals.py``) measures every signal (``SIGNALS``).
- ``quality_score(signals)`` turns them into a score with a documented formula (below).
- ``decide(signals, score, config)`` returns the first failing hard rule as
  ``(reason, detail)``, else ``low_quality`` when the score is under ``min_score``, else None.

Score and decision need only the stored signals, so a reviewer can re-decide a version
without the text. Kept documents carry ``quality = {score, signals}``; rejects carry the same,
the de-identified text, the reason and a detail naming the signal, its value and threshold.

Language. ``lang`` (set by langid, or the ingest hint) picks the profile: ``en`` and ``zh``
have stopword, word-order and medical term lists; other languages get the script-neutral
signals only. Without a ``lang``, Han script above 30% of letters means zh, else en. Han
characters always count as one word each (Chinese has no spaces).

Clinical text. Notes are short-lined, telegraphic and abbreviation-heavy, so the web-text
rules that would discard them (Gopher's "at least 50 words", "lines ending in punctuation",
"no short lines", "2 of 8 stopwords") are not hard rules here: short lines and bullets are
measured but only weakly scored, the stopword floor is low and does not apply to text dense
in medical terms (``telegraphic_medical_density``), and abbreviations count as medical terms.
Chinese clinical text is dense in terms no general word list has, so a character pair inside a
medical term counts as a known bigram. Records keep their export structure: a leading field
separator (",患者因..."), an id or URL header, speaker and section labels ("Patient:", "医生：")
repeated on every turn, a question restated under its heading; none of these is read as damage.
Thresholds are calibrated with ``bench/quality_bench.py`` on one half (by record id hash) of
every source in the shared corpora (clinical records, dialogues, QA, abstracts, short queries)
against a junk set built from corrupted copies of them, and reported on the other half.

Score formula (``FORMULA_VERSION``)::

    score = exp(-sum_i w_i * e_i * ramp(x_i; ok_i, bad_i))
    ramp(x; ok, bad) = clip((x - ok) / (bad - ok), 0, 1)     # 0 at or before ok, 1 at or past bad
    e_i = min(1, evidence_i / full_i)                         # 1 for terms without an evidence count

over the penalty terms in ``PENALTIES`` that apply to the document's profile. A document
with no penalty scores 1; a term at its ``bad`` end multiplies the score by ``exp(-w)``.
Word-order terms weigh in only as far as there is evidence (``EVIDENCE``): a radiology
report with four function words or a nursing note with three full stops says little about
word order, while shuffled prose has hundreds.

Term lists (``transforms/resources/``, built by ``bench/quality_bench.py build-terms``):
English stopwords from spaCy (MIT); English medical words from MeSH descriptor names (NLM)
plus hand-curated clinical abbreviations; Chinese common characters, common two-character
words and medical terms from jieba's dictionary (MIT). See the resources README.
"""

from __future__ import annotations

import math
from typing import Any, Iterator

import apache_beam as beam
from pydantic import Field

from medcorpus.schemas import QUALITY, RejectReason, signal_entries
from medcorpus.transforms.quality_signals import EN, OTHER, ZH, quality_signals, tables, term_list_provenance
from medcorpus.transforms.stage import Stage, StageConfig, keep, reject

# 4: medical-term pairs count as known Chinese bigrams, weighed by the Han pairs there are (han_pairs);
# Chinese n-grams over all non-space characters; label lines and one repeat of a line are not duplicates;
# a leading field separator, key or URL is not a cut start; sentence-end evidence full at 20; masks and
# checkboxes (×××, □, ☑) are letters, not symbols
FORMULA_VERSION = "quality-4"


class QualityConfig(StageConfig):
    """Thresholds; defaults calibrated on the real corpora (see bench/quality_bench.py)."""

    min_score: float = Field(0.35, ge=0, le=1, description="documents scoring below this are rejected (low_quality)")
    min_words: int = Field(5, ge=0, description="fewer words is too_short (Han characters count one each)")
    min_words_zh: int = Field(8, ge=0, description="the same for Chinese documents, in characters")
    max_mojibake_frac: float = Field(0.04, ge=0, le=1, description="characters in UTF-8-read-as-Latin-1 pairs")
    max_odd_char_frac: float = Field(0.02, ge=0, le=1, description="control, private-use, unassigned, U+FFFD")
    max_rare_han_frac: float = Field(0.25, ge=0, le=1, description="Han characters outside the common set")
    max_numeric_line_frac: float = Field(0.5, ge=0, le=1, description="lines that are only numbers")
    max_digit_ratio: float = Field(0.45, ge=0, le=1, description="digits among non-space characters")
    max_symbol_ratio: float = Field(0.2, ge=0, le=1, description="symbols (Unicode S*) among non-space characters")
    max_nonalpha_word_frac: float = Field(0.6, ge=0, le=1, description="words without a letter")
    max_dup_line_frac: float = Field(0.5, ge=0, le=1, description="characters in lines repeating an earlier line")
    max_dup_para_frac: float = Field(0.5, ge=0, le=1, description="characters in repeated paragraphs")
    max_top_2gram_frac: float = Field(0.35, ge=0, le=1, description="words covered by the most frequent 2-gram")
    max_top_3gram_frac: float = Field(0.35, ge=0, le=1, description="words covered by the most frequent 3-gram")
    max_boilerplate_frac: float = Field(0.4, ge=0, le=1, description="lines with navigation/legal boilerplate")
    min_stopword_frac: float = Field(0.02, ge=0, le=1, description="English stopwords among words")
    min_stopword_frac_zh: float = Field(0.0, ge=0, le=1, description="Chinese function characters among Han "
                                                                     "(0: off; short records can have none)")
    telegraphic_medical_density: float = Field(0.25, ge=0, le=1, description="text at least this dense in medical "
                                               "terms is telegraphic clinical text: the stopword floors do not apply")
    max_fw_disorder: float = Field(0.2, ge=0, le=1, description="English function words followed by one that "
                                                                "cannot follow them (shuffled words)")
    min_function_words: int = Field(20, ge=0, description="fewer function words: fw_disorder is not judged")
    max_lower_after_period: float = Field(0.5, ge=0, le=1, description="sentence ends followed by a lowercase "
                                                                       "word (shuffled words)")
    min_sentence_ends: int = Field(8, ge=0, description="fewer sentence ends: lower_after_period is not judged")
    min_known_bigram_frac: float = Field(0.12, ge=0, le=1, description="Chinese adjacent-character pairs that are "
                                                                       "common words (shuffled characters)")
    min_han_for_order: int = Field(30, ge=0, description="fewer adjacent Han pairs: known_bigram_frac is not judged")
    max_source_loss: float = Field(0.05, ge=0, le=1, description="a source losing a larger share of the "
                                   "documents that reach quality is flagged in the run summary and the dataset card")
    fragment_max_words: int = Field(40, ge=0, description="a text this short that starts mid-word and ends "
                                                          "mid-sentence, or ends on a function word, is a fragment")
    min_edge_fit_zh: float = Field(0.5, description="a Chinese text of at most fragment_max_words whose first and "
                                   "last characters fit a real start and end less (edge_fit) is a fragment")


# --------------------------------------------------------------------------- score

ALL, EN_ONLY, ZH_ONLY, NOT_ZH = frozenset({OTHER, EN, ZH}), frozenset({EN}), frozenset({ZH}), frozenset({OTHER, EN})

# (signal, ok, bad, weight, profiles): the penalty ramps from 0 at ``ok`` to 1 at ``bad``
PENALTIES: tuple[tuple[str, float, float, float, frozenset], ...] = (
    ("words", 20, 3, 1.5, NOT_ZH),
    ("words", 15, 3, 1.5, ZH_ONLY),
    ("mojibake_frac", 0.005, 0.05, 3.0, ALL),
    ("odd_char_frac", 0.002, 0.03, 3.0, ALL),
    ("rare_han_frac", 0.05, 0.3, 3.0, ALL),
    ("digit_ratio", 0.25, 0.55, 2.0, ALL),  # lab and exam reports are digit-heavy
    ("numeric_line_frac", 0.1, 0.6, 2.0, ALL),
    ("symbol_ratio", 0.03, 0.2, 2.0, ALL),
    ("punct_ratio", 0.2, 0.4, 1.5, ALL),
    ("nonalpha_word_frac", 0.25, 0.7, 1.5, NOT_ZH),
    ("mean_word_len", 9, 15, 1.5, NOT_ZH),
    ("mean_word_len", 3, 1.5, 1.5, NOT_ZH),
    ("dup_line_frac", 0.2, 0.6, 2.0, ALL),
    ("dup_para_frac", 0.2, 0.6, 1.5, ALL),
    ("top_2gram_frac", 0.15, 0.4, 1.0, ALL),
    ("top_3gram_frac", 0.15, 0.4, 1.0, ALL),
    ("boilerplate_frac", 0.05, 0.5, 3.0, ALL),
    ("bullet_line_frac", 0.7, 1.0, 0.5, ALL),
    ("ellipsis_line_frac", 0.2, 0.5, 1.0, ALL),
    ("known_word_frac", 0.25, 0.05, 2.0, EN_ONLY),
    ("stopword_frac", 0.03, 0.0, 0.3, ZH_ONLY),  # structured EHR text has few function characters
    ("fw_disorder", 0.1, 0.3, 2.5, EN_ONLY),
    ("lower_after_period", 0.3, 0.6, 2.5, NOT_ZH),  # patients write "hi. thanks" in consultations
    ("known_bigram_frac", 0.18, 0.08, 2.5, ZH_ONLY),
    ("medical_density", 0.02, 0.0, 0.5, EN_ONLY | ZH_ONLY),
    ("starts_midword", 0, 1, 0.5, ALL),
    ("ends_midsentence", 0, 1, 0.3, ALL),
    ("ends_function_word", 0, 1, 1.0, ALL),
)


# signal -> (the count it is measured from, the count at which it weighs fully)
EVIDENCE = {"fw_disorder": ("function_words", 24), "lower_after_period": ("sentence_ends", 20),
            "known_bigram_frac": ("han_pairs", 30)}


# per profile: (signal, ok, bad - ok, weight, EVIDENCE entry or None), so scoring does no lookups twice
_PENALTIES_BY_PROFILE = {profile: [(name, ok, bad - ok, weight, EVIDENCE.get(name))
                                   for name, ok, bad, weight, profiles in PENALTIES if profile in profiles]
                         for profile in ALL}


def penalties(signals: dict[str, float]) -> dict[str, float]:
    """The weighted penalty terms that apply to a document, by signal (what lowered its score)."""
    out: dict[str, float] = {}
    for name, ok, span, weight, evidence in _PENALTIES_BY_PROFILE[signals["lang_profile"]]:
        if evidence:
            weight *= min(1.0, signals[evidence[0]] / evidence[1])
        ramp = (signals[name] - ok) / span  # from 0 at ok to 1 at bad; inline: ~25 times per document
        out[name] = out.get(name, 0.0) + weight * (1.0 if ramp >= 1.0 else ramp if ramp > 0.0 else 0.0)
    return out


def penalty_terms(signals: dict[str, float]) -> list[tuple[str, float, float, float, float]]:
    """(signal, value, ok, bad, weighted penalty) of every term that lowered the score, largest first:
    why a document scored what it did, from its stored signals alone. Signals a version stored under
    an earlier formula lacks weigh nothing."""
    terms = _PENALTIES_BY_PROFILE[signals.get("lang_profile", OTHER)]
    defaults = {name: ok for name, ok, _, _, _ in terms} | {e[0]: 0.0 for *_, e in terms if e}
    values = defaults | signals
    bounds = {name: (ok, ok + span) for name, ok, span, _, _ in terms}
    found = [(name, values[name], *bounds[name], p) for name, p in penalties(values).items() if p > 0]
    return sorted(found, key=lambda t: -t[4])


def quality_score(signals: dict[str, float]) -> float:
    """exp(-sum of weighted penalties), in [0, 1]; see the module docstring."""
    return math.exp(-sum(penalties(signals).values()))


# --------------------------------------------------------------------------- decision

# (reason, signal, "min"/"max", config field, profiles, guard): the rule is judged only when the
# guard holds, (signal, ">=", field) or (signal, "<", field)
RULES: tuple[tuple[str, str, str, str, frozenset, tuple[str, str, str] | None], ...] = (
    (RejectReason.GARBLED, "mojibake_frac", "max", "max_mojibake_frac", ALL, None),
    (RejectReason.GARBLED, "odd_char_frac", "max", "max_odd_char_frac", ALL, None),
    (RejectReason.GARBLED, "rare_han_frac", "max", "max_rare_han_frac", ALL, None),
    (RejectReason.TOO_SHORT, "words", "min", "min_words", NOT_ZH, None),
    (RejectReason.TOO_SHORT, "words", "min", "min_words_zh", ZH_ONLY, None),
    (RejectReason.NUMBER_TABLE, "numeric_line_frac", "max", "max_numeric_line_frac", ALL, None),
    (RejectReason.NUMBER_TABLE, "digit_ratio", "max", "max_digit_ratio", ALL, None),
    (RejectReason.SYMBOLS, "symbol_ratio", "max", "max_symbol_ratio", ALL, None),
    (RejectReason.SYMBOLS, "nonalpha_word_frac", "max", "max_nonalpha_word_frac", NOT_ZH, None),
    (RejectReason.REPETITION, "dup_line_frac", "max", "max_dup_line_frac", ALL, None),
    (RejectReason.REPETITION, "dup_para_frac", "max", "max_dup_para_frac", ALL, None),
    (RejectReason.REPETITION, "top_2gram_frac", "max", "max_top_2gram_frac", ALL, None),
    (RejectReason.REPETITION, "top_3gram_frac", "max", "max_top_3gram_frac", ALL, None),
    (RejectReason.BOILERPLATE, "boilerplate_frac", "max", "max_boilerplate_frac", ALL, None),
    (RejectReason.NO_STOPWORDS, "stopword_frac", "min", "min_stopword_frac", EN_ONLY,
     ("medical_density", "<", "telegraphic_medical_density")),
    (RejectReason.NO_STOPWORDS, "stopword_frac", "min", "min_stopword_frac_zh", ZH_ONLY,
     ("medical_density", "<", "telegraphic_medical_density")),
    (RejectReason.WORD_ORDER, "fw_disorder", "max", "max_fw_disorder", EN_ONLY,
     ("function_words", ">=", "min_function_words")),
    (RejectReason.WORD_ORDER, "lower_after_period", "max", "max_lower_after_period", NOT_ZH,
     ("sentence_ends", ">=", "min_sentence_ends")),
    (RejectReason.WORD_ORDER, "known_bigram_frac", "min", "min_known_bigram_frac", ZH_ONLY,
     ("han_pairs", ">=", "min_han_for_order")),
)


def decide(signals: dict[str, float], score: float, config: QualityConfig) -> tuple[str, str] | None:
    """The first failing rule as (reason, detail), or None to keep. Details name signals and
    numbers only, never text."""
    profile = signals["lang_profile"]
    for reason, name, kind, field, profiles, guard in RULES:
        if profile not in profiles:
            continue
        if guard:
            guard_value, guard_threshold = signals[guard[0]], getattr(config, guard[2])
            if (guard_value < guard_threshold) != (guard[1] == "<"):
                continue
        value, threshold = signals[name], getattr(config, field)
        if value < threshold if kind == "min" else value > threshold:
            op = "<" if kind == "min" else ">"
            return reason, f"{name}={value:.4g} {op} {field}={threshold}"
    if signals["words"] <= config.fragment_max_words:
        if signals["ends_function_word"]:
            return RejectReason.FRAGMENT, (f"ends_function_word=1 and words={signals['words']:.0f} "
                                           f"<= fragment_max_words={config.fragment_max_words}")
        if signals["starts_midword"] and signals["ends_midsentence"]:
            return RejectReason.FRAGMENT, (f"starts_midword=1 and ends_midsentence=1 and words={signals['words']:.0f} "
                                           f"<= fragment_max_words={config.fragment_max_words}")
        if profile == ZH and signals["ends_midsentence"] and signals["edge_fit"] < config.min_edge_fit_zh:
            return RejectReason.FRAGMENT, (f"ends_midsentence=1 and edge_fit={signals['edge_fit']:.3g} < min_edge_fit_zh="
                                           f"{config.min_edge_fit_zh} and words={signals['words']:.0f} "
                                           f"<= fragment_max_words={config.fragment_max_words}")
    if score < config.min_score:
        return RejectReason.LOW_QUALITY, f"score={score:.4g} < min_score={config.min_score}"
    return None


# --------------------------------------------------------------------------- Beam

class _ScoreQualityFn(beam.DoFn):
    def __init__(self, config: QualityConfig):
        self.config = config

    def setup(self) -> None:
        tables()  # the lookup tables and term lists load once per worker

    def process(self, doc: dict[str, Any]) -> Iterator[Any]:
        signals = quality_signals(doc["text"], doc["lang"])
        score = quality_score(signals)
        failed = decide(signals, score, self.config)
        if failed:
            # the signals travel with the reject: `medcorpus explain-rejects` reads them back
            yield reject(QUALITY, failed[0], failed[1], doc=doc, quality={"score": score, "signals": signal_entries(signals)})
            return
        yield keep(QUALITY, {**doc, "quality": {"score": score, "signals": signal_entries(signals)}})


class ScoreQuality(Stage):
    """Documents -> documents with ``quality`` {score, signals}; rejects name the failing signal."""

    name = QUALITY
    config_model = QualityConfig

    def run_metadata(self) -> dict[str, Any]:
        return {
            "formula": FORMULA_VERSION,
            "max_source_loss": self.config.max_source_loss,
            "score": "exp(-sum w * clip((x - ok) / (bad - ok), 0, 1))",
            "penalties": [{"signal": s, "ok": ok, "bad": bad, "weight": w, "profiles": sorted(_PROFILE_NAMES[p]
                                                                                              for p in profiles)}
                          for s, ok, bad, w, profiles in PENALTIES],
            "term_lists": term_list_provenance(),
        }

    def make_fn(self) -> beam.DoFn:
        return _ScoreQualityFn(self.config)


_PROFILE_NAMES = {OTHER: "other", EN: "en", ZH: "zh"}
