"""Chinese person names found by rules: field labels, titles, context and kinship words, gender/age
notes, signature lines, 小王/老李 and 我姓王."""

from __future__ import annotations

import re

from medcorpus.transforms.deid.zh_lexicon import Lexicon
from medcorpus.transforms.deid.zh_text import Cand, alt, is_han, spaced_alt
from medcorpus.transforms.deid.zh_vocab import (
    AMBIGUOUS_SURNAMES, COMMON_SURNAMES, FUNCTION_SURNAMES, GIVEN_CHARS, HAN, KIN_NOTES, KIN_WORDS, NAME_FIELDS,
    NAME_HEADS3, NAME_LEFT_CHARS, NAME_LEFT_WORDS, NAME_PREFIXES, NON_NAME_CHARS, NOT_NAMES, PERSONAL_TITLES, SP,
    TITLES, TITLE_TUPLE,
)

_NAME_FIELD_RE = re.compile(
    rf"(?:{spaced_alt(NAME_FIELDS)})(?:{SP}*(?:[：:]|】|\]|』){SP}*(?:\r?\n{SP}*)?|(?P<ws>{SP}+))"
    rf"(?:(?:其|患者|病人)?(?:{alt(KIN_WORDS)})(?=[{HAN}]{{2}}))?"
    rf"(?P<value>[{HAN}·]{{1,10}}(?:{SP}*[/、]{SP}*[{HAN}·]{{1,10}})*)"
)
_PREFIX_WORDS = [p + k for p in ("", "其", "患者", "病人", "之") for k in KIN_WORDS] + NAME_PREFIXES
_NAME_PREFIX_RE = re.compile(
    rf"(?=[\d{''.join(sorted({w[0] for w in _PREFIX_WORDS}))}])"
    rf"(?:{alt(_PREFIX_WORDS)}|\d{{1,3}}床{SP}*)[（(]?(?=[{HAN}])"  # 12床 李四 in nursing notes
)
_SURNAME_GIVEN_RE = re.compile(rf"(?:我|免贵|本人|患者|病人|他|她)姓([{HAN}]{{1,2}}?)(?=[，。！？,.!?\s]|$|名|叫)")
_TITLE_RE = re.compile(alt(TITLES))
_TITLE_END_RE = re.compile(f"(?:{alt(TITLES)})$")
# What follows a name: gender (，男，/ 男 65岁), an age (，52岁) or a kinship note (（女儿）).
_GENDER_AFTER_RE = re.compile(rf"[男女]性?{SP}*[，,、；; \t）)]|[，,]{SP}*\d{{1,3}}(?:岁|周岁)")
_KIN_AFTER_RE = re.compile(rf"[（(](?:{alt(KIN_NOTES)})(?=[）)，,、；; ]|$)")
# 我是王芳家属, 我是曾文的妈妈: the speaker names the patient before saying who they are
_FAMILY_AFTER_RE = re.compile(
    r"(?:家属|家长|的(?:妈妈|爸爸|母亲|父亲|家属|家长|爱人|老公|老婆|丈夫|妻子|女儿|儿子|孩子|奶奶|爷爷|外婆|外公))"
)
# Words for the patient before 叫 (宝宝叫王芳, 孩子叫李明); 也叫/又叫 name a thing instead.
_CALLED_BY = ("宝宝", "宝贝", "孩子", "小孩", "患儿", "病人", "患者", *KIN_WORDS)
# A department written right before a doctor's name (我是新生儿科沈桂芳, 发热门诊丁强洁).
_DEPT_RE = re.compile(rf"(?:科|门诊)(?=[{HAN}])")
_STANDALONE_RE = re.compile(rf"[\s/|]([{HAN}]{{2,5}})(?=$|[\s/|])")
# a dialogue turn: the speaker's name at the start of a line, then a colon (张岩：医生您好)
_SPEAKER_RE = re.compile(rf"(?:^|\n){SP}*([{HAN}]{{2,4}}){SP}*[：:]")
_ROLE_TURN_RE = re.compile(rf"(?:^|\n){SP}*(?:医生|患者|病人|家属|护士|医师|大夫|问|答|用户|网友|病友|咨询者|患方|医方){SP}*[：:]")
_GREETINGS = ("医生", "大夫", "您好", "你好", "谢谢", "请问")  # how a patient's turn opens
_STANDALONE_START_RE = re.compile(rf"([{HAN}]{{2,5}})(?=$|[\s/|])")
_XIAO_LAO_RE = re.compile(rf"[小老]([{HAN}])(?=[，。！？；：,.!?;:\s]|$)")
_EN_TITLE_RE = re.compile(rf"(?=[DMP])\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?{SP}+([A-Z][a-z]+(?:{SP}[A-Z][a-z]+)?)")


def surname_len(text: str, s: int, res: Lexicon) -> int:
    """Length of the surname (or name head) starting at s, 0 if there is none."""
    if text[s:s + 3] in NAME_HEADS3:
        return 3
    if text[s:s + 2] in res.compound:
        return 2
    return 1 if s < len(text) and text[s] in res.surnames else 0


def crosses_word(text: str, s: int, e: int, res: Lexicon) -> bool:
    """Whether a frequent word starts inside [s, e) and runs past e (the name would cut it)."""
    words = res.common
    for j in range(max(s, e - 2), e):
        for n in (2, 3):
            if j + n > e and text[j:j + n] in words:
                return True
    return False


def _given_ok(text: str, s: int, e: int, strict: bool) -> bool:
    """Whether text[s:e] can be the given name: Han characters that do not start a title or a word."""
    for i in range(s, e):
        c = text[i]
        if not is_han(c) or c in NON_NAME_CHARS or (strict and c not in GIVEN_CHARS):
            return False
        if text.startswith(("宝宝", "宝贝", "大家", "孩子"), i):
            return False  # 祝宝宝早日康复
        if text.startswith(TITLE_TUPLE, i):
            return False  # 杨大夫: 大夫 is the title, not the given name
    return True


def _plausible_name(text: str, s: int, e: int, k: int, res: Lexicon, strict: bool = False,
                    left_known: bool = False) -> bool:
    """A surname of length k at s plus 1-2 given characters up to e, not better read as words.

    Rejected: the whole candidate is a word (黄疸, 高血压), the surname ends the word before it
    (谢谢曲医生 -> 曲 alone; skipped when a context word ends right before s), or the surname and the
    first given character or the given name are a word (豆腐菜, 呼吸动, 曾间断) unless the given
    characters are common in names (白雪艳, 程欣怡) and the surname is not an everyday word too.
    """
    if not 1 <= e - s - k <= 2 or not _given_ok(text, s + k, e, strict):
        return False
    words = res.words
    if text[s:e] in words or (not left_known and s > 0 and text[s - 1:s + 1] in words):
        return False
    if k == 1 and text[s] in AMBIGUOUS_SURNAMES:
        # 常常可, 祝健康, 应增强, 方案: no exception for frequent words after an ambiguous surname
        return text[s + 1] != text[s] and not (e - s == 3 and (text[s + 1:e] in res.common or text[s:s + 2] in res.common))
    if e - s - k == 2 and (text[s + k:e] in words or k == 1 and text[s:s + 2] in words):
        return all(c in GIVEN_CHARS for c in text[s + k:e])
    return True


def _clear_right(text: str, e: int) -> bool:
    """A name really ends at e: punctuation, end of text, gender, a title, a bracketed note or a word that opens
    the clause (今日, 因) follow."""
    if e >= len(text) or not is_han(text[e]):
        return True
    return text[e] in "男女说讲" or text.startswith(TITLE_TUPLE, e) or text.startswith(_CLAUSE_STARTS, e)


# words that open the clause after a subject, never a name's last character: 病人王芳今日出院, 患者刘伟因胸痛入院
_CLAUSE_STARTS = ("今日", "今天", "昨日", "昨天", "明日", "明天", "现在", "目前", "于", "因", "自诉", "诉", "主诉", "已经",
                  "已", "出院", "入院", "签字", "同意", "要求", "拒绝")
_WEAK_PREFIXES = {"患者", "病人", "病患", "患儿"}  # often followed by a verb or a disease, not a name
_COUNT_CHARS = set("一二三四五六七八九十百千几两第每各本该")


def _prefix_name(text: str, s: int, res: Lexicon, weak: bool) -> tuple[int, int] | None:
    """A name right after a context word (患者张三, 其女李四): returns its span or None."""
    k = surname_len(text, s, res)
    if not k:
        return None
    ambiguous = k == 1 and text[s] in AMBIGUOUS_SURNAMES
    for e in (s + k + 2, s + k + 1):
        if e > len(text) or not _plausible_name(text, s, e, k, res, strict=ambiguous, left_known=True):
            continue
        if crosses_word(text, s, e, res):
            continue  # the name would cut a word in two: 王明今日 -> 王明
        if ambiguous and (e - s == 2 or text[s] in FUNCTION_SURNAMES) and not _clear_right(text, e):
            continue  # 于今日 / 高热: an ambiguous surname needs a clear end
        if weak and e - s == 2 and e < len(text) and is_han(text[e]) and text[e] not in "男女" \
                and not text.startswith(TITLE_TUPLE, e) and not text.startswith(_CLAUSE_STARTS, e):
            continue  # 患者艾灸高血压: a two-character name after 患者 must end clearly (or before 今日, 因, 于...)
        return s, e
    return None


_NAMING_WORDS = {"叫", "我叫", "名叫", "叫做", "就诊人"}  # what follows is the name itself


def _called_name(text: str, s: int, res: Lexicon) -> tuple[int, int] | None:
    """After 叫/就诊人 a clause that is a surname plus one or two characters is the name, even when
    the given name is also a word (孩子叫曾红军，); a number after it means a drug (叫金双歧2周)."""
    k = surname_len(text, s, res)
    for e in (s + k + 2, s + k + 1):
        if k and e <= len(text) and (e == len(text) or not text[e].isalnum()) \
                and _given_ok(text, s + k, e, strict=False) and text[s:e] not in res.words:
            return s, e
    return None


def _title_name(text: str, p: int, title_end: int, res: Lexicon) -> tuple[int, int] | None:
    """The name right before a title at p..title_end (张先生 -> 张, 王建国主任 -> 王建国)."""
    # full names first: their start must follow a boundary or a word such as 通知/是/的, unless the
    # surname is unambiguous and every given character is a common name character (随吴国华主任查房)
    for length in (5, 4, 3, 2):
        s = p - length
        if s < 0:
            continue
        k = surname_len(text, s, res)
        if not k or not _plausible_name(text, s, p, k, res, strict=k == 1 and text[s] in AMBIGUOUS_SURNAMES):
            continue
        if s == 0 or not is_han(text[s - 1]) or text[s - 1] in NAME_LEFT_CHARS \
                or text[max(0, s - 2):s] in NAME_LEFT_WORDS \
                or text[s] not in AMBIGUOUS_SURNAMES and all(c in GIVEN_CHARS for c in text[s + k:p]):
            return s, p
    # a surname alone (李主任): it must not end the previous word (处方, 每周, 责任, 谢谢)
    for k in (3, 2, 1):
        s = p - k
        if s < 0 or surname_len(text, s, res) != k:
            continue
        if k == 1:
            if text[s - 1:s] in _COUNT_CHARS:
                continue  # 九楼护士台: a floor, not Mr Lou
            after_context = text[s - 1:s] in ("是", "叫", "您") or text[max(0, s - 2):s] in NAME_LEFT_WORDS
            if text[s] in FUNCTION_SURNAMES and not (text[s] in "于向" and (
                    after_context or text.startswith(PERSONAL_TITLES, p))):
                continue  # 但医生说, 向医生咨询, 爷爷和奶奶; but 是于大夫 and 于先生 are names
            if s > 0 and text[s - 1:s + 1] in res.words and not after_context:
                continue
            if text[s:title_end] in res.common:
                continue  # 班主任 is a word, not Mr Ban's title
            if text[s] in AMBIGUOUS_SURNAMES and not (after_context or s == 0 or not is_han(text[s - 1])
                                                         or text[s - 1] in NAME_LEFT_CHARS and text[s - 1] not in "院组"):
                continue  # 转氨酶高医生建议, 大三阳大夫, 医院查医生说
        return s, p
    return None


def _field_names(text: str, res: Lexicon, out: list) -> None:
    """Names after a field label: 姓名：张三, 医师签名：李四/王五, 【手术者】赵六."""
    for m in _NAME_FIELD_RE.finditer(text):
        if m.end("value") < len(text) and text[m.end("value")].isdigit():
            continue  # 家属：病人今年51岁 is a sentence, not a field value
        spaced = m.group("ws") is not None  # "姓名 张三": without a colon only a surname-led value counts
        pos = m.start("value")
        for piece in re.split(rf"({SP}*[/、]{SP}*)", m.group("value")):
            s, e = pos, pos + len(piece)
            pos = e
            if not piece or not is_han(piece[0]):
                continue
            t = _TITLE_END_RE.search(piece, 1)  # 陶大夫 -> 陶
            titled = t is not None
            if titled:
                e -= len(t.group())
            value = text[s:e]
            if value in NOT_NAMES:
                continue
            k = surname_len(text, s, res)
            if k and (k < e - s <= k + 2 or titled and e - s == k):
                out.append(Cand(s, e, "NAME", "zh.name.field", 0.95))
            elif not spaced and (2 <= e - s <= 4 or "·" in value and e - s <= 12) and value not in res.words \
                    and not any(c in NON_NAME_CHARS or c in "患人" for c in value):
                out.append(Cand(s, e, "NAME", "zh.name.field", 0.7))


def _run_end(text: str, p: int, skip: str) -> int:
    """End of the text before p once the characters in skip (spaces, commas, brackets) are passed."""
    while p > 0 and text[p - 1] in skip:
        p -= 1
    return p


def _standalone_tokens(text: str):
    """Runs of 2-5 Han characters between line breaks, spaces or slashes."""
    first = _STANDALONE_START_RE.match(text)
    if first:
        yield first
    yield from _STANDALONE_RE.finditer(text)


def _name_before(text: str, e: int, res: Lexicon, need_left: bool) -> tuple[int, int] | None:
    """The name that ends a run of Han characters at e (住院期间姚健春 -> 姚健春)."""
    run_start = e
    while run_start > 0 and e - run_start < 8 and is_han(text[run_start - 1]):
        run_start -= 1
    for length in (3, 2, 4, 5):
        s = e - length
        if s < run_start:
            continue
        k = surname_len(text, s, res)
        if not k or not _plausible_name(text, s, e, k, res, strict=k == 1 and text[s] in AMBIGUOUS_SURNAMES):
            continue
        before = text[run_start:s]
        if need_left and before and not (before[-1] in NAME_LEFT_CHARS or before[-2:] in NAME_LEFT_WORDS
                                         or before.endswith(tuple(NAME_PREFIXES))):
            continue
        return s, e
    return None


def find_names(text: str, res: Lexicon, out: list) -> None:
    _field_names(text, res, out)

    for m in _NAME_PREFIX_RE.finditer(text):
        word = m.group().rstrip("（(")
        if word == "叫" and m.start() and text[m.start() - 1] not in "，,：:我他她您名" \
                and not text.endswith(_CALLED_BY, 0, m.start()):
            continue  # 也叫羊癫疯, 又叫安博维: naming a thing
        if word != m.group() and not word.endswith(tuple(KIN_WORDS)):
            continue  # a bracket after a kinship word holds a name (女儿（王丽）), after 通知 a document
        span = _prefix_name(text, m.end(), res, weak=word in _WEAK_PREFIXES)
        if not span and word in _NAMING_WORDS:
            span = _called_name(text, m.end(), res)
        if span:
            out.append(Cand(*span, "NAME", "zh.name.context", 0.85))

    for m in _TITLE_RE.finditer(text):
        if not m.start() or not is_han(text[m.start() - 1]):
            continue
        span = _title_name(text, m.start(), m.end(), res)
        if span:
            out.append(Cand(*span, "NAME", "zh.name.title", 0.85))

    # gender or age after the name (范飞明，男，30岁): the run before may hold a context word
    for m in _GENDER_AFTER_RE.finditer(text):
        span = _name_before(text, _run_end(text, m.start(), " \t\u3000，,、（("), res, need_left=True)
        if span:
            out.append(Cand(*span, "NAME", "zh.name.gender", 0.85))
    # a bracketed kinship note after the name (王芳（女儿）) is evidence enough
    for m in _KIN_AFTER_RE.finditer(text):
        span = _name_before(text, _run_end(text, m.start(), " \t\u3000"), res, need_left=False)
        if span:
            out.append(Cand(*span, "NAME", "zh.name.kin", 0.85))

    for m in _FAMILY_AFTER_RE.finditer(text):
        span = _name_before(text, m.start(), res, need_left=True)
        if span:
            out.append(Cand(*span, "NAME", "zh.name.family", 0.85))
    # after a department only a name that ends the clause: 内科治疗, 门诊随访 are not names
    for m in _DEPT_RE.finditer(text):
        if text[m.end() - 1:m.end() + 1] in res.words:
            continue  # 科普, 科学, 诊疗
        span = _prefix_name(text, m.end(), res, weak=True)
        if span and (span[1] == len(text) or not is_han(text[span[1]])):
            out.append(Cand(*span, "NAME", "zh.name.dept", 0.8))

    # a name standing alone between line breaks, slashes or spaces (signature lines)
    for m in _standalone_tokens(text):
        s, e = m.span(1)
        k = surname_len(text, s, res)
        if not k:
            continue
        # in a 白雪艳/梁涵 signature pair, common name characters are enough
        paired = "/" in text[max(0, s - 1):e + 1]
        if not (_plausible_name(text, s, e, k, res, strict=True, left_known=True) or paired
                and 1 <= e - s - k <= 2 and _given_ok(text, s + k, e, strict=True) and text[s:e] not in res.words):
            continue
        if k == 1 and text[s] in AMBIGUOUS_SURNAMES and e - s == 2 and not paired:
            continue  # 江X alone on a line may be a word; 金萍涵 or a 龙凯/尹悦珍 signature pair are names
        out.append(Cand(s, e, "NAME", "zh.name.standalone", 0.7))

    # only in a dialogue, known by a turn of a role (医生：, 患者：) or by the turn itself greeting the doctor
    # (张丽丽：医生您好): headings (张力：正常, 柴胡：10g) are no speakers
    dialogue = _ROLE_TURN_RE.search(text) is not None
    for m in _SPEAKER_RE.finditer(text) if dialogue or "：" in text or ":" in text else ():
        if not dialogue and not text.startswith(_GREETINGS, m.end()):
            continue
        s, e = m.span(1)
        k = surname_len(text, s, res)
        if k and text[s:e] not in NOT_NAMES and text[e - 1] != "氏" and _plausible_name(
                text, s, e, k, res, strict=k == 1 and text[s] in AMBIGUOUS_SURNAMES, left_known=True):
            out.append(Cand(s, e, "NAME", "zh.name.speaker", 0.8))

    # 小王 / 老李 as a form of address: label the surname
    for m in _XIAO_LAO_RE.finditer(text):
        if m.start() and text[m.start() - 1] not in "：:。！？!?\n\r\t 叫是找和跟给让":
            continue  # 老姜 in a list of foods, 大小X
        s = m.start(1)
        pair = text[s - 1:s + 1]
        if text[s] in COMMON_SURNAMES and text[s] not in AMBIGUOUS_SURNAMES \
                and (pair in res.xiao_lao or pair not in res.words):  # 老李, but not 老公
            out.append(Cand(s, s + 1, "NAME", "zh.name.xiao_lao", 0.6))

    for m in _SURNAME_GIVEN_RE.finditer(text):  # 我姓王
        s, e = m.span(1)
        if surname_len(text, s, res) == e - s:
            out.append(Cand(s, e, "NAME", "zh.name.surname", 0.8))

    for m in _EN_TITLE_RE.finditer(text):
        out.append(Cand(m.start(1), m.end(1), "NAME", "zh.name.en_title", 0.8))

