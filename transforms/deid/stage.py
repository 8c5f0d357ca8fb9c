"""De-identification stage: find PHI with presidio-analyzer, replace it, keep an audit trail.

presidio is the framework: an AnalyzerEngine whose registry holds medcorpus' English and
Chinese recognizers (``phi_en``, ``phi_zh``: fast pattern, context and name-list rules
covering the HIPAA Safe Harbor categories), plus a spaCy NER recognizer when the config
names an installed spaCy pipeline. It runs on presidio's no-op NLP engine, so nothing
needs a downloaded model. Replacement is keyed surrogates (``surrogates.py``) or category
masks; each replaced span leaves an audit record (category, recognizer, score, position
in the OUTPUT text, replacement kind), never the original value.

What is removed depends on the source (``profiles.py``): every category from clinical
text, contact and identity numbers only from literature, nothing from a ``none`` source.

Metadata leaves by one path (``Deidentifier.metadata``): every string of every nesting level,
nested keys and numbers included, goes through the detectors of both languages with the
document's profile, and the field-name and shape rules of ``metadata.py`` replace identifier
fields whole; ids and file names were keyed pseudonyms since ingest.

After this stage no text, reject, log line or error message carries the input text. This
stage is the one place that decides what a failure means: detectors let their errors
propagate, and a document whose detection or replacement raises is quarantined as a
``deid_failed`` reject without text, counted, and reported by exception type only.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from typing import Any, Iterator, Literal

import apache_beam as beam
from pydantic import Field, field_validator, model_validator

from medcorpus.schemas import DEID, PHI_LABEL_NAMES, PhiSpan, RejectReason, keyed_hex
from medcorpus.transforms.stage import RunContext, Stage, StageConfig, count, keep, reject
from medcorpus.transforms.deid import phi_en, phi_zh
from medcorpus.transforms.deid.keys import DEFAULT_KEY_SOURCE, ENV_SCHEME, check_key_source, deid_key, surrogate_key
from medcorpus.transforms.deid.keys import MissingKeyError  # noqa: F401 - re-exported: the stage's launch error
from medcorpus.transforms.deid.metadata import field_label, is_field_name, shape_label
from medcorpus.transforms.deid.profiles import DEFAULT_PROFILE, PROFILE_LABELS, profile_labels, source_profile
from medcorpus.transforms.deid.surrogates import Surrogates

LANGUAGES = ("en", "zh")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Metadata values and short documents repeat (a specialty, a journal, a MeSH term: one distinct value in
# ten; a search query): the spans found in a short text are kept per worker, in memory only, and the memo
# starts over when full.
_MEMO_VALUE_CHARS, _MEMO_SIZE = 200, 20_000


class DeidConfig(StageConfig):

    mode: Literal["surrogate", "mask"] = Field("surrogate", description="realistic keyed surrogates, or [LABEL] masks")
    key_source: str = Field(DEFAULT_KEY_SOURCE, description="where the surrogate HMAC key is read, on the workers: "
                                                            "env:NAME or gcp-secret://projects/P/secrets/S/versions/V")
    patient_field: str | None = Field(None, description="metadata field naming the patient: surrogates and date "
                                                        "shifts are consistent per patient; default per document")
    score_threshold: float = Field(0.5, ge=0, le=1, description="spans scored below this are kept as text")
    labels: list[str] = Field(default_factory=lambda: list(PHI_LABEL_NAMES), description="categories to remove")
    default_lang: Literal["en", "zh"] = Field("en", description="recognizers for documents with no language hint "
                                                                "and no Han script")
    chunk_chars: int = Field(100_000, ge=1_000, description="longer texts are analysed in overlapping chunks")
    chunk_overlap: int = Field(500, ge=0, description="characters shared by neighbouring chunks")
    spacy_model: str | None = Field(None, description="an installed spaCy NER pipeline to add (English)")

    @model_validator(mode="before")
    @classmethod
    def _key_env_shorthand(cls, data: Any) -> Any:
        """`key_env: NAME` (the older form) is `key_source: env:NAME`."""
        if isinstance(data, dict) and "key_env" in data:
            if "key_source" in data:
                raise ValueError("give the key's source once: key_source (key_env: NAME is its older form)")
            data = {**data, "key_source": f"{ENV_SCHEME}{data['key_env']}"}
            del data["key_env"]
        return data

    @field_validator("key_source")
    @classmethod
    def _known_key_source(cls, source: str) -> str:
        return check_key_source(source)

    @field_validator("enabled")
    @classmethod
    def _never_disabled(cls, enabled: bool) -> bool:
        if not enabled:  # raw PHI would reach the table; a source without PHI says so itself
            raise ValueError("the deid stage cannot be disabled; give a source that holds no PHI "
                             "`deid_profile: none`")
        return enabled

    @field_validator("labels")
    @classmethod
    def _known_labels(cls, labels: list[str]) -> list[str]:
        unknown = sorted(set(labels) - set(PHI_LABEL_NAMES))
        if unknown:
            raise ValueError(f"unknown PHI labels {unknown}; known: {', '.join(PHI_LABEL_NAMES)}")
        return labels

    def secret_key(self) -> bytes:
        """The surrogate key from ``key_source`` (keys.py): required in surrogate mode, never stored
        in the config; MissingKeyError with the reason when it cannot be read."""
        return surrogate_key(self.key_source, self.mode)


# --------------------------------------------------------------------------- presidio

# presidio drops analysis explanations from its results; the rule that fired travels in the metadata
_RULE_KEY = "medcorpus_rule"


def _presidio_recognizer(language: str):
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    detector = phi_en if language == "en" else phi_zh

    class MedcorpusRecognizer(EntityRecognizer):
        """medcorpus' rules for one language, as a presidio recognizer. Errors are not caught
        here: they reach the stage, which quarantines the document."""

        def load(self) -> None:
            pass

        def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list:
            # the profile's categories: only their recognizers run, and only their spans come back
            return [RecognizerResult(s.label, s.start, s.end, s.score, recognition_metadata={_RULE_KEY: s.recognizer})
                    for s in detector.detect(text, frozenset(entities))]

    return MedcorpusRecognizer(supported_entities=list(PHI_LABEL_NAMES), name=f"medcorpus-{language}",
                               supported_language=language)


def _import_presidio(spacy_model: str | None) -> None:
    """presidio imports spaCy, whose thinc imports torch whenever it is installed (the gpu extra): about
    180 MB in every process that de-identifies, and a CUDA start on GPU machines, for layers no medcorpus
    recognizer uses. Without a configured spaCy pipeline torch is hidden while they first import (thinc
    then runs without it); ``import torch`` works as before afterwards."""
    hide = not spacy_model and "torch" not in sys.modules and "thinc.compat" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # makes `import torch` raise ImportError
    try:
        import presidio_analyzer  # noqa: F401 - imported here for the side effect above
    finally:
        if hide:
            del sys.modules["torch"]


def build_analyzer(config: DeidConfig):
    _import_presidio(config.spacy_model)
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # tldextract must not reach for the network
    class FixedRegistry(RecognizerRegistry):
        """presidio filters every recognizer by language and category on each analyze() call (2.5% of English
        deid time): the filtered lists are kept per request until a recognizer is added or removed."""

        def __init__(self, **kwargs):
            self._filtered: dict[tuple, list] = {}
            super().__init__(**kwargs)

        def add_recognizer(self, recognizer) -> None:
            super().add_recognizer(recognizer)
            self._filtered.clear()

        def remove_recognizer(self, *args, **kwargs) -> None:
            super().remove_recognizer(*args, **kwargs)
            self._filtered.clear()

        def get_recognizers(self, language, entities=None, all_fields=False, ad_hoc_recognizers=None):
            if ad_hoc_recognizers:
                return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
            key = (language, tuple(entities) if entities is not None else None, all_fields)
            if key not in self._filtered:
                self._filtered[key] = super().get_recognizers(language, entities, all_fields)
            return list(self._filtered[key])

    registry = FixedRegistry(supported_languages=list(LANGUAGES))
    for language in LANGUAGES:
        registry.add_recognizer(_presidio_recognizer(language))
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": lang, "model_name": "none"} for lang in LANGUAGES])
    if config.spacy_model:
        registry.add_recognizer(_spacy_ner_recognizer(config.spacy_model))
    nlp_engine.load()
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=list(LANGUAGES),
                          context_aware_enhancer=_no_context_enhancer())


def _no_context_enhancer():
    """presidio's default enhancer raises scores by context words near a result, found through the NLP
    engine's lemmas. The no-op engine has none and no recognizer here declares context words (each weighs
    its own context), so it only deep-copied every result: about 4% of English deid time."""
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

    class NoContextEnhancer(ContextAwareEnhancer):
        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
            return raw_results

    return NoContextEnhancer(context_similarity_factor=0.0, min_score_with_context_similarity=0.0,
                             context_prefix_count=0, context_suffix_count=0)


_SPACY_LABELS = {"PERSON": "NAME", "GPE": "CITY", "LOC": "CITY", "FAC": "FACILITY", "ORG": "FACILITY", "DATE": "DATE"}


def _spacy_ner_recognizer(model: str):
    """An installed spaCy NER pipeline as one more English recognizer (never downloaded)."""
    import spacy
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    nlp = spacy.load(model, disable=["lemmatizer", "parser", "tagger"])

    class SpacyNerRecognizer(EntityRecognizer):
        def load(self) -> None:
            pass

        def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list:
            out = []
            for ent in nlp(text).ents:
                label = _SPACY_LABELS.get(ent.label_)
                if label in entities:
                    out.append(RecognizerResult(label, ent.start_char, ent.end_char, 0.6,
                                                recognition_metadata={_RULE_KEY: f"en.spacy.{ent.label_}"}))
            return out

    return SpacyNerRecognizer(supported_entities=list(PHI_LABEL_NAMES), name=f"spacy-{model}", supported_language="en")


# --------------------------------------------------------------------------- detection

def document_language(lang: str | None, text: str, default: str) -> str:
    """The recognizers to run: the document's language when we have rules for it, else
    its script (Han text is Chinese), else the configured default."""
    if lang in LANGUAGES:
        return lang
    sample = text[:2000]
    return "zh" if len(_HAN.findall(sample)) > 0.2 * max(1, len(sample.strip())) else default


def _merge(spans: list[PhiSpan]) -> list[PhiSpan]:
    """Overlapping spans become one covering span (removal must cover the union), labelled
    by the most confident of them."""
    merged: list[PhiSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            best = last if last.score >= span.score else span
            merged[-1] = PhiSpan(last.start, max(last.end, span.end), best.label, best.recognizer,
                                 max(last.score, span.score))
        else:
            merged.append(span)
    return merged


@functools.lru_cache(maxsize=8)
def _empty_artifacts(nlp_engine, language: str):
    """The no-op engine's NLP artifacts hold nothing from the text (an empty spaCy Doc): built once per
    language rather than on every call (a tenth of the analyzer's cost on a short text)."""
    return nlp_engine.process_text("", language)


def _nlp_artifacts(analyzer, language: str):
    from presidio_analyzer.nlp_engine import NoOpNlpEngine  # heavy: presidio loads on a worker's first document

    return _empty_artifacts(analyzer.nlp_engine, language) if isinstance(analyzer.nlp_engine, NoOpNlpEngine) else None


def detect_phi(analyzer, text: str, lang: str, config: DeidConfig, labels: list[str] | None = None) -> list[PhiSpan]:
    """PHI spans of ``labels`` (default: the configured ones) in ``text``, analysed in
    overlapping chunks when it is long, so an entity cut by one chunk's edge is whole in the next."""
    labels = config.labels if labels is None else labels
    if not labels:  # presidio reads an empty entity list as "all of them"
        return []
    step = config.chunk_chars - min(config.chunk_overlap, config.chunk_chars // 2)
    spans: list[PhiSpan] = []
    for begin in range(0, max(1, len(text)), step):
        chunk = text[begin:begin + config.chunk_chars]
        for r in analyzer.analyze(chunk, language=lang, entities=labels, score_threshold=config.score_threshold,
                                  nlp_artifacts=_nlp_artifacts(analyzer, lang)):
            recognizer = (r.recognition_metadata or {}).get(_RULE_KEY) or "presidio"
            spans.append(PhiSpan(begin + r.start, begin + r.end, r.entity_type, recognizer, float(r.score)))
        if begin + config.chunk_chars >= len(text):
            break
    return _merge(spans)


# --------------------------------------------------------------------------- replacement

def replace_spans(text: str, spans: list[PhiSpan], mode: str, surrogates: Surrogates | None,
                  lang: str) -> tuple[str, list[dict[str, Any]]]:
    """The de-identified text and one audit record per span, positioned in that text."""
    out: list[str] = []
    records: list[dict[str, Any]] = []
    pos = length = 0
    for span in spans:
        out.append(text[pos:span.start])
        length += span.start - pos
        if mode == "mask" or surrogates is None:
            new, kind = f"[{span.label}]", "mask"
        else:
            new, kind = surrogates.replace(span.label, text[span.start:span.end], lang)
        records.append({"start": length, "end": length + len(new), "label": span.label,
                        "recognizer": span.recognizer, "score": round(span.score, 4), "replacement": kind})
        out.append(new)
        length += len(new)
        pos = span.end
    out.append(text[pos:])
    return "".join(out), records


class Deidentifier:
    """Detection + replacement for one worker: the analyzer and key load once."""

    def __init__(self, config: DeidConfig):
        self.config = config
        self.key = config.secret_key()
        self._id_key = b""  # read when a metadata key first needs a pseudonym: detection alone needs no key
        self.analyzer = build_analyzer(config)
        self._labels = {profile: profile_labels(profile, config.labels) for profile in PROFILE_LABELS}
        self._spans: dict[tuple[str, str, tuple[str, ...]], list[PhiSpan]] = {}  # see _detect

    def labels(self, profile: str) -> list[str]:
        """The categories removed under ``profile``: the configured labels it covers."""
        return self._labels[profile]

    def scope(self, doc_id: str, metadata: dict[str, Any]) -> str:
        if self.config.patient_field and metadata.get(self.config.patient_field) not in (None, ""):
            return f"patient:{metadata[self.config.patient_field]}"
        return f"doc:{doc_id}"

    def text(self, text: str, lang: str | None, surrogates: Surrogates | None,
             profile: str = DEFAULT_PROFILE) -> tuple[str, list[dict], str]:
        language = document_language(lang, text, self.config.default_lang)
        spans = self._detect(text, language, tuple(self.labels(profile)))
        new_text, records = replace_spans(text, spans, self.config.mode, surrogates, language)
        return new_text, records, language

    def document(self, doc: dict[str, Any], profile: str = DEFAULT_PROFILE) -> dict[str, Any]:
        metadata = json.loads(doc["metadata"]) if doc["metadata"] else {}
        surrogates = Surrogates(self.key, self.scope(doc["doc_id"], metadata)) if self.config.mode == "surrogate" \
            else None
        text, records, language = self.text(doc["text"], doc["lang"], surrogates, profile)
        clean_metadata = self.metadata(metadata, language, surrogates, profile)
        return {
            **doc,
            "text": text,
            "metadata": json.dumps(clean_metadata, ensure_ascii=False, sort_keys=True) if metadata else None,
            "deid": {"mode": self.config.mode, "num_spans": len(records),
                     "categories": sorted({r["label"] for r in records}), "spans": records},
        }

    def metadata(self, metadata: dict[str, Any], lang: str, surrogates: Surrogates | None,
                 profile: str) -> dict[str, Any]:
        """The one path out for metadata. Top-level keys are the field names the config chose;
        what is under them is data from the source, to the last nested key and number."""
        labels = frozenset(self.labels(profile))
        return {key: self._value(value, lang, surrogates, labels, field_label(key, labels))
                for key, value in metadata.items()}

    def _value(self, value: Any, lang: str, surrogates: Surrogates | None, labels: frozenset[str],
               label: str | None) -> Any:
        """``label``: the category of the field the value is under (replaced whole), or None."""
        if isinstance(value, list):
            return [self._value(v, lang, surrogates, labels, label) for v in value]
        if isinstance(value, dict):
            return {self._key(k, lang, surrogates, labels): self._value(v, lang, surrogates, labels,
                                                                         label or field_label(k, labels))
                    for k, v in value.items()}
        if value is None or isinstance(value, bool):
            return value
        label = label or shape_label(value, labels)
        if label is not None:
            return self._whole(str(value), label, lang, surrogates)
        return self.scrub(value, lang, surrogates, labels) if isinstance(value, str) else value

    def _key(self, key: str, lang: str, surrogates: Surrogates | None, labels: frozenset[str]) -> str:
        """A nested key, which may be data (a relative's name keyed to their phone): one that is
        not shaped like a field name, or in which a detector finds PHI, becomes a keyed pseudonym
        (unique, so no two keys merge)."""
        if not labels or (is_field_name(key) and self.scrub(key, lang, surrogates, labels) == key
                          and shape_label(key, labels) is None):
            return key
        if not self._id_key:  # in mask mode too: the pseudonym is keyed like the ids
            self._id_key = self.key or deid_key(self.config.key_source)
        return "key-" + keyed_hex(self._id_key, "metadata_key", key)[:12]

    def scrub(self, value: str, lang: str, surrogates: Surrogates | None, labels: frozenset[str]) -> str:
        """A metadata string through the detectors of BOTH languages (a 身份证 number in an English
        document's metadata has no English context), replaced like text."""
        wanted = tuple(lb for lb in self.config.labels if lb in labels)
        spans = _merge([s for language in LANGUAGES for s in self._detect(value, language, wanted)])
        return replace_spans(value, spans, self.config.mode, surrogates, lang)[0] if spans else value

    def _detect(self, text: str, language: str, labels: tuple[str, ...]) -> list[PhiSpan]:
        """detect_phi, remembered for short texts: metadata values and short documents repeat (12% of the
        documents in ../shared/corpora are exact repeats, most of them short queries), and the Chinese
        tagger costs a call per text however short. A detector error is raised, never remembered."""
        key = (text, language, labels)
        spans = self._spans.get(key)
        if spans is None:
            spans = detect_phi(self.analyzer, text, language, self.config, list(labels))
            if len(text) <= _MEMO_VALUE_CHARS:
                if len(self._spans) >= _MEMO_SIZE:
                    self._spans.clear()
                self._spans[key] = spans
        return spans

    def _whole(self, value: str, label: str, lang: str, surrogates: Surrogates | None) -> str:
        """An identifier field's value, replaced whole (a surrogate, or the category's mask)."""
        return replace_spans(value, [PhiSpan(0, len(value), label, "metadata.field", 1.0)], self.config.mode,
                             surrogates, lang)[0]


class _DeidentifyFn(beam.DoFn):
    def __init__(self, config: DeidConfig, profiles: dict[str, str]):
        self.config = config
        self.profiles = profiles
        self.deidentifier: Deidentifier | None = None

    def setup(self) -> None:
        self.deidentifier = Deidentifier(self.config)

    def process(self, doc: dict[str, Any]) -> Iterator[Any]:
        profile = self.profiles.get(doc["source"], DEFAULT_PROFILE)
        try:
            clean = self.deidentifier.document(doc, profile)
        except Exception as exc:  # any detector or replacement error: quarantined, never raw text, never a crash
            yield reject(DEID, RejectReason.DEID_FAILED, f"de-identification raised {type(exc).__name__}", doc=doc)
            return
        count(DEID, "spans", clean["deid"]["num_spans"])
        yield keep(DEID, clean)


class Deidentify(Stage):
    """Documents -> de-identified documents with span audit records."""

    name = DEID
    config_model = DeidConfig

    def __init__(self, config: DeidConfig | None = None):
        super().__init__(config)
        self.config.secret_key()  # fail at launch, not on the workers; the key is read again in DoFn.setup
        self.profiles: dict[str, str] = {}  # source -> profile; unlisted sources are clinical

    def bind_run(self, context: RunContext) -> None:
        super().bind_run(context)
        self.profiles = {source.name: source_profile(source) for source in context.sources}

    def run_metadata(self) -> dict[str, Any]:
        used = sorted(set(self.profiles.values()) | {DEFAULT_PROFILE})
        return {"profiles": dict(sorted(self.profiles.items())),
                "profile_labels": {p: profile_labels(p, self.config.labels) for p in used}}

    def make_fn(self) -> beam.DoFn:
        return _DeidentifyFn(self.config, self.profiles)
