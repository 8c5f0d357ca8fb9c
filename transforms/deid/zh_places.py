"""Chinese places: named facilities, address chains and cities."""

from __future__ import annotations

import re

from medcorpus.transforms.deid.zh_lexicon import Lexicon
from medcorpus.transforms.deid.zh_text import Cand, alt, is_han
from medcorpus.transforms.deid.zh_vocab import (
    CITY_LEFT_CHARS, COUNTRIES, FACILITY_TYPES, FAMOUS_HOSPITAL_HEADS, GENERIC_FACILITY_WORDS, HAN, MAJOR_CITIES,
    NON_NAME_CHARS, NOT_PLACES, PROVINCE_STEMS, SP,
)

_PROVINCE_RE = re.compile(
    rf"(?:{alt(PROVINCE_STEMS)})(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)?"
)
_ADMIN_SUFFIX_RE = re.compile(r"[市区县旗州]")
_ADDRESS_KEYS = (
    "现住址 家庭住址 家庭地址 联系地址 通讯地址 户籍地址 户口地址 居住地址 住址 地址 家住 住在 现住 居住于 居住在 我住 住于 "
    "户籍地 居住地 户籍所在地 户口所在地 工作单位地址 单位地址"
).split()
_ADDRESS_KEY_RE = re.compile(rf"(?:{alt(_ADDRESS_KEYS)}){SP}*[：:]?{SP}*(?=[{HAN}\d])")
# A form field (地址：...): its whole value up to the field's end, when it opens with an address part
_ADDRESS_FIELD_RE = re.compile(rf"(?:{alt(_ADDRESS_KEYS)}){SP}*[：:]{SP}*(?P<val>[^\s，。；;,、！？!?（）()：:]{{4,60}})")
_FIELD_LABEL_RE = re.compile("职业|婚姻|民族|电话|籍贯|性别|年龄|出生|邮编|联系|工作单位")  # the next field's label
_CITY_KEYS = (
    "籍贯 出生地 出生于 生于 久居 来自 老家是 老家在 老家 原籍 户籍 居住于 长期居住于 长期居住在 居住在 定居于 定居在 "
    "现居 现居住于 出生并长期居住于 移居 迁居 迁至 前往 去过 到过 从"
).split()
_REGION_TUPLE = tuple(PROVINCE_STEMS + COUNTRIES)
_POSTCODE_AFTER_RE = re.compile(r"[ \t,，]*(?:邮编[：:]?[ \t]*)?(\d{6})(?!\d)")  # 某路8号 100083
_CITY_KEY_RE = re.compile(rf"(?:{alt(_CITY_KEYS)}){SP}*[：:]?{SP}*(?=[{HAN}])")
_CITY_AFTER_RE = re.compile(r"人[，。,；;\s]|人$|十几年|多年|几年|(?<!\d)\d{1,2}年|工作|打工|务工|生活|定居|上学|读书")
# A character of a place or building name: not a digit and not a function word that starts prose.
_NAME_CH = r"[^\W\d_的了是在因与及或等我你他她们这那哪有也就还被把将对从到为以个些岁次予给诉述伴并其该去来不没很会能要想说看吃做医病痛]"
# One part of a Chinese address, tried in order at the current position.
_ADDRESS_PARTS = re.compile(
    rf"(?:{alt(PROVINCE_STEMS)})(?:省|市|(?:壮族|回族|维吾尔)?自治区)?(?!大道|大街|路|街|巷)"
    rf"|{_NAME_CH}{{1,7}}?(?:自治州|自治县|地区|新区|开发区|市|区|县|旗|盟|镇|乡)"
    rf"|{_NAME_CH}{{2,7}}?(?:街道|社区|村|屯|组)"
    rf"|[\dA-Za-z]*{_NAME_CH}{{1,8}}?(?:大道|大街|胡同|路|街|巷|弄|道)(?:[东西南北中]段)?"
    rf"|(?:\d+(?:[\-—]\d+)*|[A-Za-z]\d*)(?:号楼|号院|号|栋|幢|座|单元|室|楼|层|户|弄|组)"
    rf"|{_NAME_CH}{{2,8}}?(?:小区|花园|家园|公寓|大厦|苑|城|庭|府|园|宿舍|新村|广场|公馆|山庄|名都|新都会|国际|院)"
    r"|\d+(?:[\-—]\d+){1,3}|[A-Za-z]?\d{3,5}"
)
_FACILITY_RE = re.compile(alt(FACILITY_TYPES))
_ADMIN_UNIT_RE = re.compile(rf"[{HAN}]{{2,4}}?(?:省|市|区|县|镇|乡|旗)")  # 龙泉镇 before 卫生院
_FACILITY_HEAD_RE = re.compile(alt(FAMOUS_HOSPITAL_HEADS + PROVINCE_STEMS))  # 四川大学华西医院 starts at 四川
# The unit a township or district hospital is named after, right before the type: 白云镇卫生院,
# 丰都区人民医院, 东城镇中心卫生院. Its name may be an everyday word (白云, 新城), the unit is the evidence.
_UNIT_BEFORE_TYPE_RE = re.compile(r"[镇乡区县旗](?:人民|中心|中医|第[一二三四五六七八九十\d]{1,3}人民)?$")
_NOT_UNIT_NAMES = set(
    "当地 本地 外地 老家 家乡 附近 周边 我们 咱们 他们 你们 这个 那个 所在 乡下 农村 这边 那边 隔壁 邻近 下面 上面 城乡 "
    "县里 市里 镇上 乡镇 城区 郊区 市区 社区 小区 园区 校区 病区 景区".split()
) | set(GENERIC_FACILITY_WORDS)
_FACILITY_STOP = set("在到去于至赴往从来请经由转入住送及与的是为了过我你他她们这那该本某各其个所哪什么几些就诊曾已后前时或")
_EN_FACILITY_RE = re.compile(
    r"(?=[A-Z])\b(?:[A-Z][A-Za-z'&.\-]+ ){1,6}(?:Hospital|Medical Center|Health Center|Clinic|Infirmary)\b"
)


def _place_at(text: str, s: int, res: Lexicon) -> int:
    """End of a known place name (with its suffix, or a city stem) starting at s, else 0."""
    for n in (6, 5, 4, 3, 2):
        if s + n <= len(text) and text[s:s + n] in res.places:
            return s + n
    for n in (4, 3, 2):
        if s + n <= len(text) and text[s:s + n] in res.city_stems:
            return s + n
    return 0


_GENERIC_FACILITY_RE = re.compile(alt(GENERIC_FACILITY_WORDS) + r"|[\d一二三四五六七八九十]")


def _distinctive(name: str) -> bool:
    """Whether a facility name keeps two characters once generic words are removed."""
    return len(_GENERIC_FACILITY_RE.sub("", name)) >= 2


def _head_end(text: str, p: int) -> int:
    """End of a well-known hospital name or a province name starting at p, else 0."""
    m = _FACILITY_HEAD_RE.match(text, p)
    return m.end() if m else 0


def _unit_named(text: str, cut: int, i: int, res: Lexicon) -> int | None:
    """Start of the unit name in 门头沟镇卫生院 / 现新城镇卫生院 (the facility type starts at i)."""
    um = _UNIT_BEFORE_TYPE_RE.search(text, max(cut, i - 12), i)
    if not um:
        return None
    u = um.start()
    if text[u - 1:u + 1] in _NOT_UNIT_NAMES:
        return None  # 社区医院, 乡镇卫生院
    for n in (4, 3, 2):  # a known word or place decides where the name starts (现|新城镇)
        stem = text[u - n:u]
        if u - n >= cut and (stem in res.words or stem in res.city_stems or stem + text[u] in res.places):
            return u - n if stem not in _NOT_UNIT_NAMES else None
    stem = text[cut:u]
    if 2 <= len(stem) <= 4 and all(map(is_han, stem)) and stem not in _NOT_UNIT_NAMES and stem[0] not in "本该我这那各每全某当其":
        return cut
    return None


def find_facilities(text: str, res: Lexicon, out: list) -> None:
    prev_end = 0  # a name never reaches back into the facility before it (县医院和市人民医院)
    for m in _FACILITY_RE.finditer(text):
        i = m.start()
        j = i
        while j > prev_end and i - j < 24 and (is_han(text[j - 1]) or text[j - 1].isdigit()):
            j -= 1
        prev_end = m.end()
        # cut after the last word that ends the sentence before the name (在, 到, 转入...)
        cut = j
        for q in range(i - 1, j - 1, -1):
            if text[q] in _FACILITY_STOP:
                cut = q + 1
                break
        start, score = None, 0.0
        for p in range(max(j, cut - 3), i):
            end = _place_at(text, p, res) or _head_end(text, p)
            if end and (p >= cut or end >= cut):  # the stop character may be part of the place: 本溪市
                start, score = p, 0.9
                break
        if start is None:
            k = text.find("大学", cut, i)
            if k < 0:
                k = text.find("医学院", cut, i)
            if k >= 0:
                start, score = max(cut, k - 4), 0.85
        if start is None:
            start = _unit_named(text, cut, i, res)
            score = 0.9  # the unit name is checked there: 大东镇 keeps only one non-generic character
        if start is None:
            # an admin unit not in the gazetteer: 龙泉镇卫生院, 迎宾社区卫生服务中心 after 某区
            am = _ADMIN_UNIT_RE.match(text, cut, i)
            stem = text[cut:am.end() - 1] if am else ""
            if am and text[am.end() - 2:am.end()] not in NOT_PLACES and stem not in res.words \
                    and not any(c in NON_NAME_CHARS for c in stem):
                start, score = cut, 0.8
        if start is None:
            continue  # 当地医院, 正规医院, 痔疮专科医院: no name, not PHI
        if score < 0.9 and not _distinctive(text[start:i]):
            continue  # 县人民医院 / 市中心医院: only generic words
        out.append(Cand(start, m.end(), "FACILITY", "zh.facility", score))
    for m in _EN_FACILITY_RE.finditer(text):  # English names in mixed text
        out.append(Cand(m.start(), m.end(), "FACILITY", "zh.facility.en", 0.75))


def _address_from(text: str, pos: int) -> tuple[int, int]:
    """Consume address parts from pos; returns (end, number of parts)."""
    end, parts, limit = pos, 0, min(len(text), pos + 80)
    while end < limit:
        m = _ADDRESS_PARTS.match(text, end, limit)
        if not m or m.end() == end:
            break
        end, parts = m.end(), parts + 1
    return end, parts


def _is_street_level(value: str) -> bool:
    return bool(re.search(r"[路街巷弄道里村组号栋幢室单元]|小区|花园|家园|公寓|\d+-\d+", value))


def find_addresses(text: str, res: Lexicon, out: list) -> None:
    starts: dict[int, float] = {}
    for m in _ADDRESS_KEY_RE.finditer(text):
        starts[m.end()] = 0.9
    for m in _PROVINCE_RE.finditer(text):
        starts.setdefault(m.start(), 0.85)
    for m in _ADMIN_SUFFIX_RE.finditer(text):
        i = m.start()
        for n in (5, 4, 3, 2):
            if i - n + 1 >= 0 and text[i - n + 1:i + 1] in res.places:
                starts.setdefault(i - n + 1, 0.85)
                break
    covered = -1  # a place inside a chain already read starts no new one (only a keyword does)
    for s in sorted(starts):
        keyed = starts[s] >= 0.9
        if s < covered and not keyed:
            continue
        end, parts = _address_from(text, s)
        covered = max(covered, end)
        value = text[s:end]
        if parts >= 2 and _is_street_level(value) or parts >= 1 and keyed and _is_street_level(value):
            out.append(Cand(s, end, "ADDRESS", "zh.address", starts[s]))
            if post := _POSTCODE_AFTER_RE.match(text, end):
                out.append(Cand(post.start(1), post.end(1), "ZIP", "zh.zip.address", 0.9))
        elif parts >= 2 and keyed and value[-1] in "区县镇乡":
            out.append(Cand(s, end, "ADDRESS", "zh.address", 0.8))  # 住址：朝阳区 / 某县某镇
    for m in _ADDRESS_FIELD_RE.finditer(text):
        # 住址：宁夏回族自治区某县花溪盟街G座: parts the chain does not read (a league 盟 before 街) end it early;
        # the field is one address when it opens with two parts and names a street or a building
        # (not 居住地：城市社区居民, 河北省农村; not the next field of a run-on form: 职业：工人)
        value = m.group("val")
        if _address_from(text, m.start("val"))[1] >= 2 and _is_street_level(value) \
                and not _FIELD_LABEL_RE.search(value):
            out.append(Cand(m.start("val"), m.end("val"), "ADDRESS", "zh.address.field", 0.85))


def find_cities(text: str, res: Lexicon, out: list) -> None:
    # after a context word: an optional province, then the city (with or without 市)
    for m in _CITY_KEY_RE.finditer(text):
        s = m.end()
        pm = _PROVINCE_RE.match(text, s)
        if pm:
            after = _place_at(text, pm.end(), res)
            if after and text[after - 1] not in "区县":
                s = pm.end()  # 湖北省武汉市 / 江苏无锡: the province is not labelled
        e = _place_at(text, s, res)
        if e and text[s:e] not in NOT_PLACES and text[e - 1] not in "区县":
            if text[e:e + 1] == "市":
                e += 1
            out.append(Cand(s, e, "CITY", "zh.city.context", 0.85))
    # a city with 市 anywhere (信阳市), or a bare city before 人/工作/十几年
    for m in re.finditer(r"市", text):
        i = m.start()
        for n in (4, 3, 2):
            s = i - n
            if s >= 0 and text[s:i] in res.city_stems and text[s:i + 1] not in NOT_PLACES:
                out.append(Cand(s, i + 1, "CITY", "zh.city", 0.75))
                # a county or district right after the city is one too (丹东市宽甸县 发热门诊); with a
                # street after it the address recognizer takes the whole chain instead
                for k in (5, 4, 3, 2):
                    county = text[i + 1:i + 1 + k]
                    if county[-1:] in ("县", "区", "旗") and county in res.places:
                        out.append(Cand(i + 1, i + 1 + len(county), "CITY", "zh.city.county", 0.75))
                        break
                break
    # a well-known city alone (我们在梧州，济南应该还有, 广东贵阳): it must start a word and not begin a
    # longer one (湖南宁乡 holds no 南宁, 大理石 no 大理)
    for m in res.city_re.finditer(text):
        s, e = m.span()
        if s and is_han(text[s - 1]) and not text.endswith(_REGION_TUPLE, max(0, s - 5), s) \
                and (text[s - 1] not in CITY_LEFT_CHARS or text[s - 1:s + 1] in res.words):
            continue
        if text[s:e + 1] in res.words or text[s:e + 2] in res.words:
            continue
        out.append(Cand(s, e + (text[e:e + 1] == "市"), "CITY", "zh.city.alone", 0.7))
    # only well-known cities here, after a clear start: 我是无锡人, 去过武汉工作 (not 其中和生活)
    for m in _CITY_AFTER_RE.finditer(text):
        e = m.start()
        if not e or not is_han(text[e - 1]):
            continue
        for n in (4, 3, 2):
            s = e - n
            if s >= 0 and text[s:e] in MAJOR_CITIES and (s == 0 or not is_han(text[s - 1])
                                                          or text[s - 1] in "在去来回从到是住于省"):
                out.append(Cand(s, e, "CITY", "zh.city.context", 0.75))
                break

