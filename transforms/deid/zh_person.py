"""Chinese person names in running text, without a cue word: LAC's PER tags, checked and trimmed by rules;
outside clinical text also doubled-character pet names (芊芊) that are not words; social-media handles (@用户名)."""

from __future__ import annotations

import functools
import re

import numpy as np

from medcorpus.transforms.deid.zh_lexicon import Lexicon
from medcorpus.transforms.deid.zh_names import crosses_word, surname_len
from medcorpus.transforms.deid.zh_tagger import person_spans
from medcorpus.transforms.deid.zh_text import Cand, is_han
from medcorpus.transforms.deid.zh_vocab import (
    AMBIGUOUS_SURNAMES, COMMON_SURNAMES, DRUG_AFTER, DRUG_BEFORE, FUNCTION_CHARS, GIVEN_CHARS, HEALTH_WORDS,
    INTERJECTIONS, MEDICAL_CHARS, NAME_HEADS3, NAME_LEFT_CHARS, NOT_IN_GIVEN_NAMES, TITLE_TUPLE,
)

# @handle as Weibo and WeChat write it, often several in a row (@甲@乙); an e-mail address is found, with
# a higher score, by the number recognizers.
_HANDLE_RE = re.compile(r"@([^\s@:：,，。！？!?、；;()（）\[\]【】“”\"'/|]{1,30})")
# A verb of taking a few characters before: 吃了阿奇, 用的艾畅, 换了伊可新, 吃着妈咪爱.
_TAKEN_RE = re.compile(r"(?:[吃服用喝输换加停开买抹涂][了的点过完上个着]?|口服|服用|静滴|雾化|给予|予以)$")
# A dose right after: 艾恒200mg, 康忻1/2颗, 金双歧2周.
_DOSE_RE = re.compile(
    r" ?[\d０-９][\d.]*(?:/\d+)? ?(?:mg|g|ml|ug|μg|[iI][uU]|毫|克|片|粒|颗|支|袋|瓶|丸|滴|喷|周|天|日|次|/)"
)
# radicals social-media names are decorated with and split by (丶林小雨灬): never part of a name
_DECORATION_RE = re.compile("[丶灬丿乀乄亅]")
_DOUBLED_RE = re.compile(r"([\u4e00-\u9fff])\1+")  # a Han character written twice or more
_MEDICAL_WINDOW = 8  # characters on each side of a span searched for medical talk
_IS_MEDICAL = np.zeros(0x10000, dtype=bool)  # by code point (the basic plane: all of MEDICAL_CHARS)
_IS_MEDICAL[[ord(c) for c in MEDICAL_CHARS]] = True
_HEALTH_WORD_RE = re.compile("|".join(sorted(HEALTH_WORDS, key=len, reverse=True)))
_TITLE_AT_RE = re.compile(f"(?={'|'.join(map(re.escape, TITLE_TUPLE))})")  # every start, overlaps too
_LONGEST_TITLE = max(map(len, TITLE_TUPLE))
_CLINICAL_SHARE = 0.06  # see _medical_share
GIVEN_LEADS = "小"  # leads a two-character given name (刘小燕) but is too common a character for GIVEN_CHARS
_SURE = 0.9  # the tagger's lowest PER probability over a span from which, outside clinical text, it is trusted
_CERTAIN = 0.95  # ... and from which, in clinical text, a two-character name is
_DRUG_FORM_CHARS = frozenset(w for w in DRUG_AFTER if len(w) == 1)
_MULTI_DRUG_FORMS = tuple(w for w in DRUG_AFTER if len(w) > 1)
_WORD_STARTERS = _DRUG_FORM_CHARS - {"药", "剂"}  # drug forms that may start another word (片刻, 针对, 类似)


def _is_name_char(c: str) -> bool:
    return is_han(c) or c.isascii() and c.isalpha() or c == "·"


def _name_shaped(text: str, s: int, e: int, k: int) -> bool:
    """A compound or frequent surname, then one or two common given-name characters (欧阳娜娜, 王芳, 黄建安,
    or 小 and one: 刘小燕); an everyday-word surname needs two (黄建安, not 林美)."""
    given = text[s + k:e]
    if given[:1] in GIVEN_LEADS and len(given) == 2:
        given = given[1:]
    if not (k and 1 <= e - s - k <= 2 and all(c in GIVEN_CHARS for c in given)):
        return False
    return k > 1 or text[s] in COMMON_SURNAMES and (text[s] not in AMBIGUOUS_SURNAMES or e - s == 3)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # one per character


def _medical_mask(text: str, codes: np.ndarray) -> np.ndarray:
    """For each character: whether it belongs to medical talk (one of MEDICAL_CHARS, or inside one of
    HEALTH_WORDS)."""
    medical = _IS_MEDICAL[np.minimum(codes, 0xFFFF)]
    for m in _HEALTH_WORD_RE.finditer(text):
        medical[m.start():m.end()] = True
    return medical


def _medical_share(codes: np.ndarray, medical: np.ndarray) -> float:
    """The share of Han characters that belong to medical talk: 0.09 to 0.19 (medians) in clinical notes,
    health questions and doctor-patient dialogues, under 0.03 in 94% of Weibo posts."""
    han = np.count_nonzero((codes >= 0x4E00) & (codes <= 0x9FFF) | (codes >= 0x3400) & (codes <= 0x4DBF))
    return np.count_nonzero(medical) / han if han else 0.0


def _trim(text: str, s: int, e: int, lex: Lexicon) -> tuple[int, int, bool, int]:
    """The tagger's PER span cut to where a name can be: (start, end, whether a title follows, surname
    length)."""
    while s < e and not _is_name_char(text[s]):
        s += 1
    while e > s and (not _is_name_char(text[e - 1]) or e - s > 2 and text[e - 1] in FUNCTION_CHARS
                     or e - s > 3 and text[e - 1:e + 1] in lex.common and surname_len(text, s, lex)):
        e -= 1  # 林涛我, 胡劳斯昨|儿: the run took the next word's first character (杨知明|说 is a name before
        # 说, 奥卡西|平 no name)
    while e - s > 2 and text[s] in INTERJECTIONS and (s and text[s - 1] == text[s] or not surname_len(text, s, lex)) \
            and (surname_len(text, s + 1, lex) or text[s + 1] in "小阿老"):
        s += 1  # 哈哈小梅: laughter, then the name
    if e - s > 2 and text[s] in NAME_LEFT_CHARS and not surname_len(text, s, lex) and surname_len(text, s + 1, lex):
        s += 1  # 约郁知秋 tagged 约郁知: a word that stands before names, then a surname
    if e - s > 2 and s and text[s - 1:s + 1] in lex.common and surname_len(text, s + 1, lex):
        s += 1  # 汗颜罗建平 tagged 颜罗建平: its first character ends the word before, then a surname
    titled = text.startswith(TITLE_TUPLE, e)
    for i in range(s + 1, e):
        if text.startswith(TITLE_TUPLE, i):
            e, titled = i, True  # 陶老师 -> 陶: the title is not part of the name
            break
    k = surname_len(text, s, lex) if s < e else 0
    if e - s > 4 and k and "·" not in text[s:e]:
        e = s + k + 2  # 林雨桐周子涵: two names run together; keep the first
    if not k and not titled and s and surname_len(text, s - 1, lex) == 1 and (
            1 <= e - s <= 2 and _name_shaped(text, s - 1, e, 1) and text[max(0, s - 2):s] not in lex.common
            or 2 <= e - s <= 3 and text[s - 1] in COMMON_SURNAMES and text[s - 1:s + 1] not in lex.words
            and text[max(0, s - 2):s] not in lex.words):
        # 曾|雨涵, 顾|天池: the tagger's run starts after a surname (one of the frequent ones before any given
        # name), unless the surname character ends the word before (感谢|婷婷) or starts a word with the run
        s, k = s - 1, 1
    if not titled and 2 <= e - s < 4 and text[e:e + 1] == text[e - 1] and text[e + 1:e + 2] != text[e]:
        e += 1  # 顾晚晚, 林朵朵: a doubled last character the tagger's marginals fade on
    return s, e, titled, k


def _plausible(text: str, s: int, e: int, titled: bool, k: int, lex: Lexicon, clinical: bool,
               medical: np.ndarray, sure: bool = False, certain: bool = False) -> bool:
    """Whether a trimmed span is a plausible name, not clearly something else. In clinical text (dense
    medical vocabulary, where drug names abound) only a full Chinese name or a titled one. ``sure``: the
    tagger is all but certain, outside clinical text; it outweighs the word and character checks (陈治国说,
    张治平), not the dictionary, the drug context or medical words nearby (卡马西平)."""
    value = text[s:e]
    han = sum(map(is_han, value))
    if han < 2 and not (titled and k and k == len(value)):
        return False  # 嗯, 哈, a letter: single characters are not names unless a title follows
    if han < len(value) - value.count("·"):
        return False  # Latin letters or digits inside: a drug, a test or a product code
    if han > 4 and "·" not in value or han > 2 and len(set(value)) == 1:
        return False  # a Chinese name has two to four characters (a transliterated one has dots): 叒叒叒
    if value in lex.words and value not in lex.famous or value[-1] == "氏":
        return False  # 云朵, 月子, 黄连: a word of the dictionary; 王氏 names a remedy or a syndrome
    if not sure and any(c in NOT_IN_GIVEN_NAMES for c in value[k:]):
        return False  # 肛周, 黄腻, 神志清: clinical vocabulary
    if all(c in INTERJECTIONS for c in value):
        return False  # 恩恩, 奥奥
    if _drug_form_after(text, e, lex) or text.endswith(DRUG_BEFORE, max(0, s - 2), s) \
            or _TAKEN_RE.search(text, max(0, s - 3), s) or _DOSE_RE.match(text, e) \
            or text[e:e + 1] == "+" or text[s - 1:s] == "+" and s > 0:
        return False  # 吃了阿奇, 艾恒200mg, 奥沙利铂+希罗达
    shaped = titled or _name_shaped(text, s, e, k)
    if not titled and (not sure and crosses_word(text, s, e, lex)
                       or s > 0 and text[s - 1:s + 1] in lex.common):
        return False  # 小红|点, 叶微|小, 月|余因: the tagger cut a word
    if clinical and not (titled or shaped and (e - s >= 3 or k > 1 or certain and text[s] not in AMBIGUOUS_SURNAMES)):
        return False  # 希罗达, 程新|辅助: in a clinical note a name the rules did not find is a full one, or
        # one of a frequent surname and a given-name character that the tagger is certain of (请张岩到诊室)
    if not shaped and 0 < s and e < len(text) and text[s - 1] in "(（" and text[e] in ")）":
        return False  # 奥沙利铂(艾恒): a brand name in brackets after the drug
    if not shaped:
        # one medical character beside a name the tagger is sure of is no medical talk (巴 of 欧巴)
        near = np.count_nonzero(medical[max(0, s - _MEDICAL_WINDOW):s]) \
            + np.count_nonzero(medical[e:e + _MEDICAL_WINDOW])
        if near > (1 if sure else 0) or medical[s:e].any() and not sure:
            return False
    return True


def _drug_form_after(text: str, e: int, lex: Lexicon) -> bool:
    """A drug form or use right after the span (阿奇片, 艾恒注射), unless its one character starts another word
    there (林雨桐类似的歌, 张伟针对此事: 类似 and 针对 are no drug forms; 针剂, 药片 are)."""
    if not text.startswith(DRUG_AFTER, e):
        return False
    word = text[e:e + 2]
    other_word = word[:1] in _WORD_STARTERS and word[1:] not in _DRUG_FORM_CHARS and word in lex.words \
        and not text.startswith(_MULTI_DRUG_FORMS, e)
    return not other_word


@functools.lru_cache(maxsize=4)
def _surname_start_re(lex: Lexicon) -> re.Pattern:
    firsts = {name[0] for name in lex.surnames | lex.compound | NAME_HEADS3}
    return re.compile(f"[{re.escape(''.join(sorted(firsts)))}]")


def _untitled_free(medical: np.ndarray) -> np.ndarray:
    """For each position s: at most one medical character within the window of a span of two or more
    characters starting at s, the only way a name that is neither titled nor name-shaped is kept (one only
    when the tagger is sure of the name)."""
    seen = np.concatenate(([0], np.cumsum(medical)))
    starts = np.arange(len(medical))
    lo = np.maximum(starts - _MEDICAL_WINDOW, 0)
    hi = np.minimum(starts + 2 + _MEDICAL_WINDOW, len(medical))
    return seen[hi] - seen[lo] <= 1


def _name_possible(text: str, a: int, b: int, lex: Lexicon, clinical: bool, medical: np.ndarray,
                   free: np.ndarray | None) -> bool:
    """Whether some span inside text[a:b] could pass _plausible. A name the rules keep is titled, or a
    surname and one or two given-name characters, or (outside clinical text) far from medical words; the
    tagger, the costly part, runs only where one of these can be. One case is not looked for: a tagged
    run of five or more characters up to a title, cut to its first name by _trim (two names before one
    title): sentences with a title and any surname would all pass, and on 1.5M characters of clinical
    dialogue (CMDD, COVID dialogues, toyhom) it never gave a name."""
    if free is not None and free[a:b - 1].any():
        return True
    for m in _surname_start_re(lex).finditer(text, a, b):
        s = m.start()
        k = surname_len(text, s, lex)
        for e in (s + k + 1, s + k + 2) if k else ():
            titled = text.startswith(TITLE_TUPLE, e)
            if e > b or clinical and not titled and not _name_shaped(text, s, e, k):
                continue  # _plausible's clinical check, run first because it is the cheap one
            # certain=True: the tagger has not run yet, and a name it may turn out certain of must be tagged
            if _plausible(text, s, e, titled, k, lex, clinical, medical, certain=True):
                return True
    for m in _TITLE_AT_RE.finditer(text, a + 1, min(len(text), b + _LONGEST_TITLE)):
        j = m.start()
        if j > b:
            break
        s, dotted = j, False  # a name right before the title: Han characters (or dots) only
        while s > a and (is_han(text[s - 1]) or text[s - 1] == "·"):
            s -= 1
            dotted = dotted or text[s] == "·"
            if (j - s <= 4 or dotted) and _plausible(text, s, j, True, surname_len(text, s, lex), lex, clinical,
                                                     medical):
                return True
    return False


def find_free_names(text: str, lex: Lexicon, out: list) -> None:
    codes = _code_points(text)
    medical = _medical_mask(text, codes)
    clinical = _medical_share(codes, medical) >= _CLINICAL_SHARE
    # In a text without a single medical character or health word (92% of Weibo posts, 1% of health questions
    # and dialogues) every tagged run is trusted as a sure one is elsewhere: the checks a sure name skips
    # (clinical characters in the given name, a word it would cut) are there for drug, symptom and food
    # words, and a name such as 格格巫, 侧田 fails them.
    health_talk = medical.any()
    free = None if clinical else _untitled_free(medical)
    spans = person_spans(text, keep=lambda a, b: _name_possible(text, a, b, lex, clinical, medical, free),
                         grow=not clinical)
    for start, end, confidence in spans:
        for piece in _DECORATION_RE.split(text[start:end]):  # 丶林小雨灬: a decorated name
            a, b = start, start + len(piece)
            while a < b:
                s, e, titled, k = _trim(text, a, b, lex)
                if _plausible(text, s, e, titled, k, lex, clinical, medical,
                              sure=not clinical and (confidence >= _SURE or not health_talk), certain=confidence >= _CERTAIN):
                    out.append(Cand(s, e, "NAME", "zh.name.tagger", 0.75))
                # two names run together (陈雨琼夏邦): the rest is read as a name when it starts with a surname
                a = e if s < e < b - 1 and not titled and surname_len(text, e, lex) else b
            start += len(piece) + 1
    if not clinical:
        for m in _DOUBLED_RE.finditer(text):
            s, e = m.span()
            if e - s == 2 and text[s] in GIVEN_CHARS and text[s] not in INTERJECTIONS and text[s:e] not in lex.words \
                    and text[s - 1:e - 1] not in lex.words and text[s + 1:e + 1] not in lex.words \
                    and not any(text[a:a + n] in lex.words for n in (3, 4) for a in range(max(0, e - n), s + 1)):
                # not a word, nor part of one: 亚基|基因, 小心翼翼, 栩栩如生
                out.append(Cand(s, e, "NAME", "zh.name.nickname", 0.6))  # 芊芊, 琳琳: a pet name, not a word
    if "@" in text:
        for m in _HANDLE_RE.finditer(text):
            out.append(Cand(m.start(1), m.end(1), "NAME", "zh.name.handle", 0.8))
