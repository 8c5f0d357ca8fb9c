"""The quality stage: each signal on small hand-written texts, the score, the decision and
its reasons, the config, and the Beam transform."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from medcorpus.schemas import (
    DOCUMENT_SCHEMA, REJECT_SCHEMA, RejectReason, make_document, provenance, signals_dict, validate_record,
)
from medcorpus.pipelines import cli
from medcorpus.pipelines.build import build, format_summary
from medcorpus.pipelines.config import load_config
from medcorpus.reports.quality_loss import quality_losses
from medcorpus.transforms.quality import (
    QualityConfig, ScoreQuality, decide, penalties, penalty_terms, quality_score,
)
from medcorpus.transforms.quality_signals import SIGNALS, en_tokens, quality_signals, term_list_provenance
from tests.conftest import REPO

NOTE = """CHIEF COMPLAINT: SOB, CP x 2 days.
HPI: 67 y/o M w/ h/o CAD s/p CABG 2015, HTN, DM2, presents w/ worsening dyspnea on exertion.
Denies fever, chills. + orthopnea, PND.
MEDS: ASA 81 mg PO daily; metoprolol 25 mg PO BID; lisinopril 10 mg daily.
VITALS: BP 148/92, HR 104, RR 22, SpO2 91% RA, T 37.1.
EXAM: JVD to angle of jaw. Bibasilar crackles. 2+ pitting edema bilat LE.
LABS: BNP 1450. Trop 0.04. Cr 1.4.
CXR: cardiomegaly, pulm vascular congestion.
A/P: Acute on chronic systolic CHF exacerbation.
- IV furosemide 40 mg BID, strict I/O, daily weights.
- Cont ASA, BB. Hold ACEi given AKI.
- Echo in AM. Cardiology consult."""

PROSE = ("The patient is a 54-year-old woman with a history of asthma who presents with a cough that has lasted "
         "for three weeks. She reports that the cough is worse at night and is associated with wheezing. She has "
         "been using her inhaler more often than usual. There is no fever and no weight loss. On examination, "
         "there are scattered expiratory wheezes in both lungs. The plan is to start an inhaled corticosteroid "
         "and to review her in two weeks.")

ZH_NOTE = ("患者男，65岁，因“反复胸闷气短3年，加重1周”入院。\n既往高血压病史10年，口服硝苯地平控释片治疗。\n"
           "查体：血压150/90mmHg，心率88次/分，双肺底可闻及湿啰音。\n诊断：冠心病，心功能不全。\n"
           "予利尿、扩血管等对症治疗，症状好转后出院。")
ZH_DIALOGUE = ("患者：医生您好，我最近总是头痛，晚上睡不好，是怎么回事？\n医生：你好，头痛多长时间了？有没有发烧或者呕吐？\n"
               "患者：大概一个星期了，没有发烧。\n医生：建议先量一下血压，注意休息，如果持续不缓解需要到医院做个检查。")

CONFIG = QualityConfig()


def judge(text: str, lang: str | None) -> tuple[str, str] | None:
    signals = quality_signals(text, lang)
    return decide(signals, quality_score(signals), CONFIG)


# --------------------------------------------------------------------------- signals

def test_every_signal_is_a_float_for_every_document():
    for text, lang in ((NOTE, "en"), (ZH_NOTE, "zh"), ("x", None), ("", "de"), ("  \n ", "en")):
        signals = quality_signals(text, lang)
        assert tuple(signals) == SIGNALS
        assert all(isinstance(v, float) for v in signals.values()), text


def test_chinese_is_counted_by_character_and_english_by_word():
    zh = quality_signals("我头痛三天了", "zh")
    assert zh["words"] == 6 and zh["lang_profile"] == 2.0 and zh["han_ratio"] == 1.0
    mixed = quality_signals("做了CT 检查", "zh")
    assert mixed["words"] == 5  # 做 了 检 查 count one each, and "CT" between them is one word
    en = quality_signals("Patient denies chest pain.", "en")
    assert en["words"] == 4 and en["lang_profile"] == 1.0
    # no language: Han script decides
    assert quality_signals(ZH_DIALOGUE, None)["lang_profile"] == 2.0
    assert quality_signals(PROSE, None)["lang_profile"] == 1.0


def test_character_ratios_and_word_length():
    s = quality_signals("abc 123 $$$ ...", "en")
    assert s["digit_ratio"] == pytest.approx(3 / 12)
    assert s["symbol_ratio"] == pytest.approx(3 / 12)
    assert s["punct_ratio"] == pytest.approx(3 / 12)
    assert s["alpha_ratio"] == pytest.approx(3 / 12)
    assert s["nonalpha_word_frac"] == pytest.approx(3 / 4)
    assert s["mean_word_len"] == pytest.approx(3.0)


def test_line_statistics_bullets_and_ellipses():
    s = quality_signals("- one item here\n- two item here\n\nthree and more...\nfour", "en")
    assert s["lines"] == 4
    assert s["bullet_line_frac"] == pytest.approx(0.5)
    assert s["ellipsis_line_frac"] == pytest.approx(0.25)
    assert s["short_line_frac"] == 1.0


def test_duplicate_lines_and_paragraphs():
    clean = quality_signals(NOTE, "en")
    assert clean["dup_line_frac"] == 0 and clean["dup_para_frac"] == 0
    repeated = quality_signals("\n".join(["Take one tablet daily with food."] * 4 + ["Call us if worse."]), "en")
    # the first repeat of a line is free (a question restated under its heading), the others count
    assert repeated["dup_line_frac"] == pytest.approx(2 * 32 / (4 * 32 + 17))
    restated = quality_signals("Description\nCan a cough last a month?\n\nDialogue\nPatient:\n"
                               "Can a cough last a month?\nDoctor:\nYes, after a viral infection it can.", "en")
    assert restated["dup_line_frac"] == 0
    paragraphs = quality_signals("\n\n".join([PROSE, PROSE, "Short closing remark."]), "en")
    assert paragraphs["dup_para_frac"] > 0.45


def test_top_ngram_repetition():
    assert quality_signals(PROSE, "en")["top_2gram_frac"] < 0.1
    spam = quality_signals("buy cheap pills " * 20 + "today", "en")
    assert spam["top_2gram_frac"] > 0.6 and spam["top_3gram_frac"] > 0.9


def test_number_table():
    table = "\n".join(" ".join(f"{(i * 37 + j * 11) % 97}.{j}" for j in range(6)) for i in range(10))
    s = quality_signals(table, "en")
    assert s["numeric_line_frac"] == 1.0 and s["digit_ratio"] > 0.6
    assert quality_signals(NOTE, "en")["numeric_line_frac"] == 0  # "BP 148/92, HR 104" is not a number table


def test_mojibake_rare_han_and_odd_characters():
    latin1 = ZH_DIALOGUE.encode("utf-8").decode("latin-1")
    assert quality_signals(latin1, "zh")["mojibake_frac"] > 0.3
    assert quality_signals("Sjögren’s syndrome", "en")["mojibake_frac"] == 0
    cp1252 = "Sjögren’s syndrome – dry eyes, naïve café".encode("utf-8").decode("cp1252")
    assert quality_signals(cp1252, "en")["mojibake_frac"] > 0.2
    gbk = ZH_DIALOGUE.encode("utf-8").decode("gbk", errors="replace")
    assert quality_signals(gbk, "zh")["rare_han_frac"] > 0.3
    assert quality_signals(ZH_DIALOGUE, "zh")["rare_han_frac"] < 0.05
    assert quality_signals("text \ufffd\ufffd \ue000", "en")["odd_char_frac"] > 0.2


def test_stopwords_and_word_order():
    prose = quality_signals(PROSE, "en")
    assert prose["stopword_frac"] > 0.3 and prose["fw_disorder"] < 0.1 and prose["lower_after_period"] == 0
    words = PROSE.split()
    random.Random(1).shuffle(words)
    shuffled = quality_signals(" ".join(words), "en")
    assert shuffled["fw_disorder"] > prose["fw_disorder"] + 0.1
    assert shuffled["lower_after_period"] > 0.5 and shuffled["misplaced_capitals"] > 0.1
    # written in lower case: lowercase after every period, no capital out of place, so no disorder
    nursing = quality_signals(PROSE.lower(), "en")
    assert nursing["misplaced_capitals"] == 0 and nursing["lower_after_period"] == 0
    keywords = quality_signals("asthma cough wheezing inhaler corticosteroid lungs fever", "en")
    assert keywords["stopword_frac"] == 0
    zh = quality_signals(ZH_DIALOGUE, "zh")
    chars = list(ZH_DIALOGUE.replace("\n", ""))
    random.Random(1).shuffle(chars)
    assert zh["stopword_frac"] > 0.05 and zh["known_bigram_frac"] > 0.2
    assert quality_signals("".join(chars), "zh")["known_bigram_frac"] < 0.1


def test_english_tokens_and_sentence_ends():
    import re

    reference = re.compile(r"[a-z0-9]+|[.,;:!?]")
    rng = random.Random(4)
    alphabet = "ab z09 .,;:!?-/()'\"\n\t\u00e9\u4e2d"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert en_tokens(text) == reference.findall(text)
    assert en_tokens("bp 120/80... pain, sob!") == ["bp", "120", "80", ".", ".", ".", "pain", ",", "sob", "!"]
    # every sentence end after a word of two or more letters, also when a sentence is one such word
    assert quality_signals("He was seen. Go on. It is ok. T. b. q.d. stop", "en")["sentence_ends"] == 3
    two = quality_signals("Stable. so. it was The", "en")  # a function word capitalised mid-sentence
    assert two["sentence_ends"] == 2 and two["misplaced_capitals"] == 0.5 and two["lower_after_period"] == 1.0


def test_boilerplate_on_short_lines_only():
    nav = "Home | About Us | Contact\nPrivacy Policy\nAll rights reserved.\nThe clinic opens at nine."
    assert quality_signals(nav, "en")["boilerplate_frac"] == 0.75
    # prose that mentions a privacy policy in a long line is not chrome
    long_line = PROSE + " Read more about our privacy policy in the leaflet handed to every patient."
    assert quality_signals(long_line, "en")["boilerplate_frac"] == 0
    assert quality_signals("首页 | 新闻 | 联系我们\n版权所有\n患者头痛三天，伴有发热。", "zh")["boilerplate_frac"] > 0.6


def test_medical_density():
    assert quality_signals(NOTE, "en")["medical_density"] > 0.15
    assert quality_signals("The weather was lovely and we walked to the old harbour for lunch.", "en"
                           )["medical_density"] < 0.05
    assert quality_signals(ZH_NOTE, "zh")["medical_density"] > quality_signals("今天天气很好，我们去公园散步了。", "zh"
                                                                                )["medical_density"]


def test_fragment_signals():
    s = quality_signals("tient was seen in the clinic and the", "en")
    assert s["starts_midword"] == 1 and s["ends_midsentence"] == 1 and s["ends_function_word"] == 1
    s = quality_signals(PROSE, "en")
    assert s["starts_midword"] == 0 and s["ends_midsentence"] == 0 and s["ends_function_word"] == 0


# Chinese windows cut inside running text (invented), and short texts that start and end where their writers
# meant them to: a question with no question mark, a numbered criterion, a dialogue turn
ZH_CUTS = ("天前无明显诱因出现发热，最高体温三十", "明显诱因出现发热，最高体温三十九度，伴有咳嗽咳", "自行服用退烧药后症状未见好")
ZH_WHOLE = ("宝宝发烧三天了怎么办", "（3）对本药成分过敏者；", "患者：孩子咳嗽好几天了，需要去医院吗", "我妈妈血压高，平时吃什么比较好",
            "术后第二天患者体温正常。")


def test_edge_fit_tells_a_cut_from_a_whole_short_text():
    threshold = QualityConfig().min_edge_fit_zh
    for text in ZH_CUTS:
        s = quality_signals(text, "zh")
        assert s["edge_fit"] < threshold, text
        assert decide(s, quality_score(s), QualityConfig())[0] == RejectReason.FRAGMENT, text
    for text in ZH_WHOLE:
        s = quality_signals(text, "zh")
        assert s["edge_fit"] >= threshold, text
        assert decide(s, quality_score(s), QualityConfig()) is None, text
    # measured on Chinese text only, and a long text is never judged a fragment by its edges
    assert quality_signals("tient was seen in the clinic and the", "en")["edge_fit"] == 0.0
    long_cut = "明显诱因" + ZH_NOTE + "伴有咳"
    s = quality_signals(long_cut, "zh")
    assert s["edge_fit"] < threshold and s["words"] > QualityConfig().fragment_max_words
    assert decide(s, quality_score(s), QualityConfig()) is None


# --------------------------------------------------------------------------- score and decision

def test_real_looking_documents_are_kept():
    for text, lang in ((NOTE, "en"), (PROSE, "en"), (ZH_NOTE, "zh"), (ZH_DIALOGUE, "zh"), (NOTE, None)):
        assert judge(text, lang) is None, (text[:30], judge(text, lang))


def _junk() -> dict[str, tuple[str, str, str]]:
    rng = random.Random(5)
    words = (PROSE + " " + PROSE.replace("She", "The patient")).split()
    rng.shuffle(words)
    chars = list((ZH_DIALOGUE + ZH_NOTE).replace("\n", ""))
    rng.shuffle(chars)
    pool = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()_+-=[]{};:'\",.<>/?\\|`~"
    random_chars = " ".join("".join(rng.choice(pool) for _ in range(rng.randint(2, 9))) for _ in range(80))
    nav = "\n".join(["Home | Health | Drugs | Conditions", "Skip to main content", "Sign in  Sign up",
                     "Privacy Policy | Terms of Use", "Share on Facebook  Tweet", "Back to top",
                     "Copyright © 2019 HealthSite. All rights reserved.", "Cough remedies."])
    table = "\n".join("\t".join(f"{rng.uniform(0, 500):.2f}" for _ in range(7)) for _ in range(15))
    return {
        "shuffled_words": (" ".join(words), "en", RejectReason.WORD_ORDER),
        "shuffled_chars": ("".join(chars), "zh", RejectReason.WORD_ORDER),
        "repeated_lines": ("\n".join(["Take one tablet daily with food."] * 12), "en", RejectReason.REPETITION),
        "navigation": (nav, "en", RejectReason.BOILERPLATE),
        "random_chars": (random_chars, "en", None),  # several rules fire; any reject will do
        "mojibake": (ZH_DIALOGUE.encode("utf-8").decode("latin-1"), "zh", RejectReason.GARBLED),
        "mojibake_gbk": (ZH_NOTE.encode("utf-8").decode("gbk", errors="replace"), "zh", RejectReason.GARBLED),
        "number_table": (table, "en", RejectReason.NUMBER_TABLE),
        "fragment": ("tient was seen in the clinic yesterday for a follow up of her", "en", RejectReason.FRAGMENT),
        "fragment_zh": ("天前无明显诱因出现发热，最高体温三十", "zh", RejectReason.FRAGMENT),
        "too_short": ("Cough.", "en", RejectReason.TOO_SHORT),
        "keywords": ("vivid orange pebbles mirror quietly seventeen banner sleepy marble window "
                     "thunder ribbon", "en", RejectReason.NO_STOPWORDS),
    }


@pytest.mark.parametrize("kind", sorted(_junk()))
def test_each_junk_kind_is_rejected_with_its_reason(kind):
    text, lang, reason = _junk()[kind]
    failed = judge(text, lang)
    assert failed is not None, kind
    if reason is not None:
        assert failed[0] == reason, (kind, failed)
    # the detail names a signal and numbers, never the text
    assert not any(word in failed[1] for word in text.split() if len(word) > 3 and word.isalpha()), failed[1]


def test_score_is_bounded_and_falls_with_each_defect():
    base = quality_score(quality_signals(PROSE, "en"))
    assert base == 1.0 or 0.9 < base <= 1.0
    for text, lang in list((t, la) for t, la, _ in _junk().values()) + [("", "en"), ("\ufffd" * 50, None)]:
        assert 0.0 <= quality_score(quality_signals(text, lang)) <= 1.0
    # more repetition, lower score
    scores = [quality_score(quality_signals("\n".join([PROSE] + ["Take one tablet daily."] * k), "en"))
              for k in (0, 3, 10, 30)]
    assert scores == sorted(scores, reverse=True) and scores[-1] < 0.2
    # more mis-decoded text, lower score
    bad = ZH_DIALOGUE.encode("utf-8").decode("latin-1")
    scores = [quality_score(quality_signals(ZH_NOTE + "\n" + bad[: k * 40], "zh")) for k in (0, 2, 6, 20)]
    assert scores == sorted(scores, reverse=True) and scores[-1] < scores[0]
    assert quality_score(quality_signals(ZH_DIALOGUE, "zh")) > quality_score(quality_signals(_junk()["mojibake"][0],
                                                                                             "zh"))


def test_penalties_explain_the_score():
    signals = quality_signals(_junk()["repeated_lines"][0], "en")
    terms = penalties(signals)
    assert max(terms, key=terms.get) == "dup_line_frac"


def test_telegraphic_clinical_text_is_exempt_from_the_stopword_floor():
    telegraphic = "Progress note: pt stable, afebrile. Continue metformin 500 mg PO BID, lisinopril 10 mg daily."
    signals = quality_signals(telegraphic, "en")
    assert signals["stopword_frac"] < CONFIG.min_stopword_frac <= CONFIG.telegraphic_medical_density
    assert signals["medical_density"] >= CONFIG.telegraphic_medical_density
    assert decide(signals, quality_score(signals), CONFIG) is None  # neither the rule nor the score drops it
    assert decide(signals, 1.0, QualityConfig(telegraphic_medical_density=1.0))[0] == RejectReason.NO_STOPWORDS


def test_low_score_alone_rejects_as_low_quality():
    signals = quality_signals(PROSE, "en")
    assert decide(signals, 0.2, CONFIG)[0] == RejectReason.LOW_QUALITY
    assert decide(signals, 0.2, QualityConfig(min_score=0.1)) is None


def test_thresholds_come_from_the_config():
    text = "\n".join(["Take one tablet daily with food."] * 3 + [PROSE])
    signals = quality_signals(text, "en")
    assert decide(signals, 1.0, CONFIG) is None
    failed = decide(signals, 1.0, QualityConfig(max_dup_line_frac=0.01))
    assert failed[0] == RejectReason.REPETITION and "dup_line_frac=" in failed[1] and "max_dup_line_frac=0.01" in failed[1]


def test_config_validation():
    with pytest.raises(ValidationError):
        QualityConfig(min_scor=0.5)
    with pytest.raises(ValidationError):
        QualityConfig(min_score=1.5)
    with pytest.raises(ValidationError):
        QualityConfig(max_dup_line_frac=-0.1)
    config = QualityConfig(min_score=0.2)
    with pytest.raises(ValidationError):
        config.min_score = 0.3  # frozen
    assert QualityConfig.model_validate(config.model_dump()) == config


def test_reject_reasons_are_registered():
    for reason in (RejectReason.TOO_SHORT, RejectReason.GARBLED, RejectReason.NUMBER_TABLE, RejectReason.SYMBOLS,
                   RejectReason.REPETITION, RejectReason.BOILERPLATE, RejectReason.NO_STOPWORDS,
                   RejectReason.WORD_ORDER, RejectReason.FRAGMENT, RejectReason.LOW_QUALITY):
        assert reason in RejectReason.all()


def test_run_metadata_names_formula_and_term_lists():
    meta = ScoreQuality(CONFIG).run_metadata()
    assert meta["formula"] and meta["penalties"]
    json.dumps(meta)
    names = {t["name"] for t in meta["term_lists"]}
    assert names == {"en_stopwords", "en_medical", "zh_common_chars", "zh_bigrams", "zh_medical", "zh_edges"}
    for entry in term_list_provenance():
        assert 100 <= entry["count"] <= 20000 and len(entry["sha256"]) == 64 and entry["source"] and entry["licence"]


# --------------------------------------------------------------------------- clinical records as exported

# Invented for these tests (not from any corpus): a telegraphic Chinese history note as EHR exports
# write it (a leading field separator, dates, sizes, a masked hospital, procedure names in quotes), a
# templated record with masks and checkboxes, consultations with their headings and speaker labels, and a
# nursing note written in lower case (and the same in capitals), as ICU nurses write them.
ZH_EHR = (",患者于3月前无明显诱因出现上腹部隐痛,伴反酸、嗳气,无恶心、呕吐,2016-05-12于**二院行胃镜检查示:胃窦溃疡,"
          ",病理:(胃窦)中分化腺癌。于2016-05-20全麻上行“腹腔镜根治性远端胃大部切除术+毕ii式吻合术”,,术中见肿物大小约"
          "3.5*3.0*2.0cm,侵及浆膜层,术后病理示淋巴结2/15见癌转移,分期pt4an1m0。术后予xelox方案化疗6周期,末次化疗"
          "2016-11-02,定期复查未见明显异常。")
ZH_EHR_SHORT = ",2012-3-5行直肠癌根治术,病理:中分化腺癌,侵及深肌层,淋巴结0/12,术后folfox化疗6周期,定期复查。"
ZH_FORM = ("患者×××，女，52岁，住院号××××××。因“发现右乳肿物1月”入院。既往史：高血压□无 ☑有；糖尿病☑无 □有。"
           "过敏史：否认。查体：右乳外上象限可触及约2×2cm肿块，质硬，边界不清，活动度差。")
EN_CONSULTATION = ("id=12\nhttps://www.example.org/qa/runny-nose-and-fever\n\nDescription\n"
                   "My son is 4 and has a runny nose and a mild fever. Should he stay home?\n\nDialogue\nPatient:\n"
                   "My son is 4 and has a runny nose and a mild fever. Should he stay home?\nDoctor:\n"
                   "Hello. A cold with a mild fever usually settles in a few days. Keep him home until the fever "
                   "is gone for a day.\nPatient:\nok. thanks doctor. he is drinking well.\nDoctor:\n"
                   "Good. If the fever lasts more than three days or he breathes fast, please see his paediatrician.")
EN_NURSING = ("npn 7a-7p\nneuro: pt alert and oriented x3. follows commands. moves all extremities. denies pain.\n"
              "resp: lungs clear bilat. sats 97% on 2l nc. encouraged to use incentive spirometer.\n"
              "cv: nsr 80s, no ectopy. bp stable. pulses palpable.\n"
              "gi: tolerating clear liquids. abd soft, nontender. + bowel sounds.\n"
              "gu: foley draining clear yellow urine, adequate amounts.\n"
              "social: wife and son in to visit. updated on plan of care.\n"
              "plan: advance diet as tolerated. oob to chair in am. cont to monitor.")
ZH_CONSULTATION = ("id=7\nhttps://www.example.cn/wenda/123.htm\n\nDescription\n疾病描述：\n孩子发烧两天，最高38.5度，有点咳嗽。"
                   "\n\nDialogue\n病人：\n孩子发烧两天了，需要去医院吗？\n医生：\n你好，目前精神状态怎么样？\n病人：\n"
                   "精神还可以，吃饭正常。\n医生：\n可以先在家观察，多喝水，体温超过38.5度可以口服布洛芬，"
                   "如果持续高热超过三天建议就诊。")


@pytest.mark.parametrize("text,lang", [(ZH_EHR, "zh"), (ZH_EHR_SHORT, "zh"), (ZH_FORM, "zh"),
                                       (EN_CONSULTATION, "en"), (ZH_CONSULTATION, "zh"),
                                       (EN_NURSING, "en"), (EN_NURSING.upper(), "en")])
def test_clinical_records_and_consultations_as_exported_are_kept(text, lang):
    assert judge(text, lang) is None, penalty_terms(quality_signals(text, lang))[:3]
    assert quality_score(quality_signals(text, lang)) > 0.6


def test_telegraphic_chinese_reads_as_word_order_through_its_medical_terms():
    signals = quality_signals(ZH_EHR, "zh")
    assert signals["known_bigram_frac"] >= CONFIG.min_known_bigram_frac
    assert signals["starts_midword"] == 0  # a leading field separator is where the record starts
    chars = list(ZH_EHR)
    random.Random(3).shuffle(chars)
    assert judge("".join(chars), "zh") is not None  # the same characters shuffled are still junk


def test_headings_and_restated_questions_are_not_repetition():
    signals = quality_signals(EN_CONSULTATION, "en")
    assert signals["dup_line_frac"] == 0 and signals["starts_midword"] == 0  # "id=12" is a key, not a cut word
    turns = "\n".join(["Patient:", "Is it serious?", "Doctor:", "No, it is not."] * 6)
    assert quality_signals(turns, "en")["dup_line_frac"] > CONFIG.max_dup_line_frac  # repeated turns still count
    assert quality_signals("ient was seen today and", "en")["starts_midword"] == 1


def test_penalty_terms_name_value_and_bounds():
    terms = penalty_terms(quality_signals(_junk()["repeated_lines"][0], "en"))
    name, value, ok, bad, weight = terms[0]
    assert name == "dup_line_frac" and value > ok and bad > ok and weight > 0
    assert [t[4] for t in terms] == sorted((t[4] for t in terms), reverse=True)
    assert penalty_terms({"lang_profile": 1.0, "words": 2.0})[0][0] == "words"  # signals of an older formula


def test_quality_losses_flag_sources_over_the_threshold():
    counts = {"by_source": {"notes": {"input": 110, "kept": 80, "rejected": 25, "duplicates_removed": 5},
                            "abstracts": {"input": 100, "kept": 98, "rejected": 2, "duplicates_removed": 0}},
              "rejected_by_source": {"notes": {"ingest": {"empty_text": 10},
                                               "quality": {"word_order": 3, "low_quality": 12},
                                               "dedup": {"exact_duplicate": 5}},
                                     "abstracts": {"quality": {"low_quality": 2}}}}
    losses = {row["source"]: row for row in quality_losses(counts, 0.05)}
    assert losses["notes"]["reached"] == 100 and losses["notes"]["rate"] == pytest.approx(0.15)
    assert list(losses["notes"]["reasons"]) == ["low_quality", "word_order"] and losses["notes"]["flagged"]
    assert not losses["abstracts"]["flagged"]
    assert all(not row["flagged"] for row in quality_losses(counts, 0.2))


# --------------------------------------------------------------------------- Beam

def _doc(i: int, text: str, lang: str | None) -> dict:
    return make_document(source="notes", source_id=f"n{i}", text=text, lang=lang,
                         prov=provenance("jsonl", "notes.jsonl", i))


def test_score_quality_transform(run_stage):
    junk = _junk()
    docs = [_doc(0, NOTE, "en"), _doc(1, ZH_DIALOGUE, "zh"), _doc(2, junk["number_table"][0], "en"),
            _doc(3, junk["mojibake"][0], "zh")]
    kept_ids = {docs[0]["doc_id"], docs[1]["doc_id"]}

    kept, rejects, _ = run_stage(ScoreQuality(CONFIG), docs)
    assert {d["doc_id"] for d in kept} == kept_ids
    for d in kept:
        validate_record(d, DOCUMENT_SCHEMA)
        assert 0 < d["quality"]["score"] <= 1 and set(signals_dict(d["quality"]["signals"])) == set(SIGNALS)
    assert sorted((r["source_id"], r["reason"]) for r in rejects) == [
        ("n2", RejectReason.NUMBER_TABLE), ("n3", RejectReason.GARBLED)]
    for r in rejects:
        validate_record(r, REJECT_SCHEMA)
        assert r["stage"] == "quality" and r["text"] and not r["contains_phi"]
        assert "=" in r["detail"] and "患" not in r["detail"] and "\t" not in r["detail"]
    assert ScoreQuality(QualityConfig()).status == "active"


GOOD_NOTES = [f"Follow-up visit {i}. The patient reports that the cough has improved and that she sleeps through "
              f"the night. Lungs are clear on examination. Continue the inhaler for {i + 2} more weeks and return "
              "if the fever comes back." for i in range(6)]
JUNK_LINES = [f"Take {i} tablets daily with food." for i in range(4)]


@pytest.mark.slow
def test_a_source_that_loses_too_much_is_flagged_and_its_rejects_explained(tmp_path, capsys):
    rows = [{"id": f"g{i}", "text": t} for i, t in enumerate(GOOD_NOTES)]
    junk = [{"id": f"j{i}", "text": "\n".join([JUNK_LINES[i]] * 12)} for i in range(4)]
    (tmp_path / "good.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "mixed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:3] + junk))
    config = {"dataset": "explain", "sources": [
        {"name": name, "format": "jsonl", "path": f"{name}.jsonl", "id": "id", "lang": "en"} for name in ("good", "mixed")],
        "stages": {"dedup": {"enabled": False}, "quality": {"max_source_loss": 0.2}},
        "output": {"table": str(tmp_path / "table")}}
    path = tmp_path / "corpus.yaml"
    path.write_text(yaml.safe_dump(config))
    result = build(load_config(path), ["--direct_running_mode=in_memory"])

    flagged = [line for line in format_summary(result.summary).splitlines() if line.lstrip().startswith("!")]
    assert len(flagged) == 1 and "quality rejected 57.1% of mixed (repetition 4)" in flagged[0]
    assert f"explain-rejects {tmp_path / 'table'} --version 0 --source mixed" in flagged[0]

    card = json.loads(Path(result.summary["dataset_card"]).with_suffix(".json").read_text())
    by_source = {row["source"]: row for row in card["quality"]["by_source"]}
    assert by_source["mixed"]["flagged"] and by_source["mixed"]["reasons"] == {"repetition": 4}
    assert not by_source["good"]["flagged"] and by_source["good"]["rejected"] == 0
    assert "over the limit" in Path(result.summary["dataset_card"]).read_text()

    assert cli.main(["explain-rejects", str(tmp_path / "table"), "--source", "mixed", "-n", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "4 document(s) of 'mixed' rejected" in out[0] and len(out) == 4
    for line in out[1:]:
        assert "repetition" in line and "dup_line_frac=" in line and "(ok 0.2, bad 0.6)" in line and "Take" in line
    assert cli.main(["explain-rejects", str(tmp_path / "table"), "--source", "good"]) == 0
    assert "0 document(s) of 'good'" in capsys.readouterr().out
    assert cli.main(["explain-rejects", str(tmp_path / "nowhere"), "--source", "good"]) == 2
    assert "not a Delta table" in capsys.readouterr().err


# --------------------------------------------------------------------------- the calibration bench

def _quality_bench():
    spec = importlib.util.spec_from_file_location("quality_bench", REPO / "bench" / "quality_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_bench_fragments_are_cut_inside_running_text():
    bench = _quality_bench()
    text = "患者三天前无明显诱因出现发热，最高体温三十九度，伴有咳嗽咳痰。\n自行服用退烧药后症状未见好转，遂来我院就诊。"
    rng = random.Random(3)
    cuts = [bench.make_junk("fragment", text, "zh", rng) for _ in range(50)]
    assert any(cuts)
    for cut in filter(None, cuts):
        i = text.index(cut)
        assert text[i - 1].isalnum() and cut[0].isalnum() and cut[-1].isalnum() and text[i + len(cut)].isalnum()


def test_edge_counts_count_starts_and_ends_of_han_runs():
    rows = {row.split("\t")[0]: tuple(map(int, row.split("\t")[1:]))
            for row in _quality_bench().zh_edge_counts(["头痛三天。头痛好转"] * 10 + ["3天头痛"])}
    # (starts, ends, seen): a run of Han characters starts at the text's start, after 。 and after a digit
    assert rows["头"] == (20, 0, 21) and rows["头痛"] == (20, 1, 21) and rows["好转"] == (0, 10, 10)
    assert rows["天"] == (1, 10, 11) and rows["转"] == (0, 10, 10)
    assert "天头" not in rows  # a pair seen fewer than EDGE_MIN_PAIR times backs off to its characters


# --------------------------------------------------------------------------- real corpora

@pytest.mark.corpora
def test_keeps_real_clinical_notes_and_dialogues():
    from tests.conftest import requires_corpora

    corpora = requires_corpora()
    bench = _quality_bench()
    from medcorpus.pipelines.config import parse_config

    raw = yaml.safe_load((Path(bench.HERE) / "corpora.yaml").read_text(encoding="utf-8"))
    raw["output"]["table"] = "unused"
    sources = {s.name: s for s in parse_config(raw, corpora, "corpora.yaml").sources}
    for name in ("mtsamples", "cmdd", "mie", "cehr", "covid_dialogue"):
        for set_name, docs in bench.read_source(sources[name]).items():
            docs = random.Random(0).sample(docs, min(len(docs), 1500))
            kept = sum(judge(doc.text, doc.lang) is None for doc in docs)
            assert kept / len(docs) >= bench.RECORD_KEEP_TARGET, (set_name, kept / len(docs))
