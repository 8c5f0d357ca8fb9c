"""Chinese number-shaped identifiers (keyed numbers, 身份证, phones, e-mail, URL, IPv4, plates), dates and
ages over 89."""

from __future__ import annotations

import datetime as _dt
import re

from medcorpus.transforms.deid.checksums import valid_id_card
from medcorpus.transforms.deid.zh_text import Cand, alt
from medcorpus.transforms.deid.zh_vocab import SP

_TODAY_YEAR = _dt.date.today().year

# Keyword -> label for numbers written after a keyword. Only the value is labelled.
_NUMBER_KEYS: dict[str, str] = {}
for _label, _keys in {
    "MRN": "住院号 住院病历号 住院编号 病案号 病案编号 病历号 门诊号 门诊病历号 急诊号 ID号 患者ID 病人ID 病员号 床号 "
           "床位号 检查号 检查编号 检查单号 影像号 放射号 超声号 病理号 标本号 登记号 就诊号 就诊卡号 诊疗卡号 就诊卡 "
           "门诊卡号 申请单号 报告编号 报告单号 档案号 健康档案号 流水号 条码号 样本号 胃镜号 肠镜号 心电图号 CT号 MR号 "
           "MRI号 DR号 X线号 PET号 住院流水号 ID MRN",
    "HEALTH_PLAN": "医保卡号 医保号 医保编号 医保账号 社保卡号 社保号 社保编号 社会保障卡号 社会保障号 医疗保险号 医疗保险卡号 "
                   "参保号 参保人编号 新农合号 新农合卡号 合作医疗证号 保险单号 保单号 商业保险号",
    "NATIONAL_ID": "身份证号 身份证号码 身份证 公民身份号码 公民身份证号 证件号 证件号码 护照号 护照号码 军官证号 港澳通行证号",
    "ACCOUNT": "银行卡号 银行账号 账号 帐号 账户 帐户 卡号 银行卡 信用卡号 信用卡 储蓄卡号 借记卡号 收款账号 转账到 汇款到",
    "LICENSE": "执业证号 执业证书编号 资格证号 资格证书编号 医师资格证号 执业医师证号 驾驶证号 驾照号",
    "VEHICLE": "车牌号 车牌号码 车牌",
    "DEVICE": "批号 序列号 产品序列号 设备编号 植入物编号 器械编号 条码 条形码 SN S/N UDI",
    "ZIP": "邮编 邮政编码",
    "ACCOUNT_IM": "QQ QQ号 微信 微信号",
    "PHONE": "电话 电话号码 联系电话 手机 手机号 手机号码 联系方式 移动电话 座机 固话 Tel TEL tel",
    "FAX": "传真 传真号 传真号码 Fax FAX fax",
}.items():
    for _k in _keys.split():
        _NUMBER_KEYS[_k] = "ACCOUNT" if _label == "ACCOUNT_IM" else _label  # QQ/WeChat ids are accounts
# Speed: every pattern starts with a literal or a character class, or with a lookahead on one
# ((?=\d)...): Python's re then skips ahead to candidate positions instead of trying each one.
_NUMBER_RE = re.compile(
    rf"({alt(_NUMBER_KEYS)})(?:号码|编号)?{SP}*(?:[：:]|是|为)?{SP}*"
    r"(\+?[A-Za-z0-9](?:[A-Za-z0-9_]|-(?=[A-Za-z0-9])|(?<=\d)\.(?=\d))*)"  # 病理号：2143.2870 whole
)

# A bed written as a number before 床 (上次住院是25床, B15床, 12号床); 床位/床旁 are not beds' ids.
# Found from 床, which is rare, then the number is read backwards (a scan from each digit is slow).
_BED_RE = re.compile(r"床(?![位旁边头垫栏单])")
_BED_NUMBER_RE = re.compile(r"(?<![\dA-Za-z.+\-])([A-Za-z]?\d{1,3})号?$")
# A code alone in brackets, as pathology and specimen numbers are cited in 病程 and 出院小结:
# 术后病理(201413928), 病理回报(z0442250), (mn20160037)该病例..., (9302.2012)
_PAREN_CODE_RE = re.compile(r"[（(]([A-Za-z]{0,3}\d{4,12}(?:\.\d{2,4})?)[）)]")
_YEAR_MONTH_RE = re.compile(r"(?:19|20)\d\d\.\d\d?")  # (2015.12) is a date, not a code

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# China's country code before a number: +86, 0086, (+86), （+86）, 86-
_CC86 = r"(?:(?:\+|00)86[ \-]?|86-|[(（](?:\+|00)?86[)）][ \-]?)?"
# Numbers known by their shape, in one scan; each branch keeps its own boundaries.
_SHAPED_RE = re.compile(
    r"(?=[\d+(（])(?:"
    r"(?P<id18>(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z]))"
    rf"|(?P<mobile>(?<![\d+]){_CC86}1[3-9]\d(?:\d{{8}}|[ \-]\d{{4}}[ \-]\d{{4}})(?!\d))"
    rf"|(?P<landline>(?<![\d.]){_CC86}(?:[(（]0\d{{2,3}}[)）]|0\d{{2,3}})[ \-]?(?:\d{{3,4}}[ \-]?\d{{4}}|\d{{4}}[ \-]\d{{3}})(?!\d)"
    rf"(?:{SP}*(?:转|分机|ext\.?|EXT\.?){SP}*\d{{1,5}}|-\d{{1,5}}(?![\d\-]))?)"  # an extension: 转2821, -1814
    r"|(?P<service>(?<!\d)[48]00[ \-]?\d{3}[ \-]?\d{4}(?!\d))"
    rf"|(?P<ip>(?<![\d.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\d.]))"
    # nine or more digits that no shape above took: a card, account, QQ or record number; 8 a compact date
    r"|(?P<long>(?<![\dA-Za-z.\-])\d{9,19}(?![\dA-Za-z]|\.\d))"
    r"|(?P<ymd8>(?<![\dA-Za-z.\-])(?:19|20)\d{6}(?![\dA-Za-z]|\.\d))"
    r")"
)
# the look-behind makes only the start of a run a candidate: linear time on long letter runs
_EMAIL_RE = re.compile(r"(?=[A-Za-z0-9])(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_URL_RE = re.compile(r"(?=[hHwW])(?:https?://|www\.)[^\s<>\"'，。；、！？（）()【】《》“”]+", re.I)
_COUNT_UNIT_RE = re.compile(r"\s*(?:[IiUu]|copies|拷贝|/|个|次|元|万|亿|mg|g\b|ml|μ|cfu|CFU)")
_PLATE_RE = re.compile(
    r"(?=[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])(?<![A-Za-z0-9])"
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·\- ]?"  # I and O too: generators write them
    r"[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])"
)

_CN_DIGITS = "〇零一二三四五六七八九十"
_DATE_CN_RE = re.compile(
    rf"(?=[{_CN_DIGITS}])(?:[{_CN_DIGITS}]{{2,4}}年[{_CN_DIGITS}]{{1,2}}月(?:[{_CN_DIGITS}]{{1,3}}[日号])?"
    rf"|[{_CN_DIGITS}]{{1,2}}月[{_CN_DIGITS}]{{1,3}}[日号])"
)
# Dates written with Arabic digits, in one scan: 2021年3月14日, 2021-03-14, 21/3/14, 03/14/2021,
# 2021-03, 3月14日. Times (14:30), decimals and fractions are kept out by the boundaries.
_DATE_RE = re.compile(
    r"(?=\d)(?<![\d.])(?:"
    rf"(?P<ymd>(?P<ymd_y>(?:19|20)?\d{{2}}){SP}*年{SP}*(?P<ymd_m>\d{{1,2}}){SP}*月"
    rf"(?:{SP}*(?P<ymd_d>\d{{1,2}}){SP}*[日号])?(?!\d))"
    r"|(?P<num>(?<![/\-])(?<!\d:)(?P<num_y>\d{4}|\d{2})(?P<num_sep>[\-/.])(?P<num_m>\d{1,2})(?P=num_sep)"
    r"(?P<num_d>\d{1,2})(?![\d:]|\.\d|/\d))"
    r"|(?P<dmy>(?<![/\-])(?P<dmy_a>\d{1,2})(?P<dmy_sep>[/.\-])(?P<dmy_b>\d{1,2})(?P=dmy_sep)(?P<dmy_y>(?:19|20)\d{2})(?!\d))"
    r"|(?P<ym>(?<![/\-])(?<!\d:)(?P<ym_y>(?:19|20)\d{2})[\-/.](?P<ym_m>\d{1,2})(?:月份?)?(?![\d\-/.:%]))"  # 2014.1月
    rf"|(?P<md>(?P<md_m>\d{{1,2}}){SP}*月{SP}*(?P<md_d>\d{{1,2}}){SP}*[日号](?!\d))"
    r")"
)
_DATE_COMPACT_RE = re.compile(r"(?:日期|时间|生日|出生)[：:\s]{0,3}((?:19|20)\d{6})(?!\d)")
# a day alone, only where it reads as a date: 本月12号, 于14日 (but 于17号染色体)
_DATE_D_RE = re.compile(r"(?:(?:本月|当月|次月|同月|上月|下月|该月)(\d{1,2})[日号]|于(\d{1,2})日)(?![\d前后内余])")

# Dates as patients write them, by day: 3.22号 / 3.1日 (but 7.5号导管 is a tube's size and
# 希罗达1.5日二次 a dose), 10月25 with no 日, a month as 7月份, and a day alone where a time of day or
# an event follows (9号夜里, 16号去打针, 13日早上) but not 17号染色体, 3号楼, 第3日, 术后3日.
_DATE_DAY_RE = re.compile(
    r"(?=\d)(?<![\d.\-/])(?:"
    r"(?P<dot_m>\d{1,2})\.(?P<dot_d>\d{1,2})[号日](?![\d前后内余管针线刀鞘]|[一二两三四]次|气管|导管|插管|手套|球囊|支架|喉罩|电极)"
    r"|(?P<bare_m>\d{1,2})月(?P<bare_d>\d{1,2})(?![\d.\-~～至到天日号年岁周次个例人小分时秒度余多床克毫升斤元倍片粒支袋瓶只A-Za-z%％])"
    r"|(?P<mon>\d{1,2})月(?=份)"
    r"|(?<!第)(?P<day_h>\d{1,2})号(?=早上|上午|中午|下午|晚上|夜里|夜间|半夜|凌晨|白天|那天|当天|晚|早|晨|开始|起|以后|之后|以前|之前|"
    r"左右|后|时|去|回|来|到|至|出现|发|又|再|才|就|已|曾|刚|突然|就诊|复查|复诊|检查|住院|入院|出院|隔离|做|查|测|量|验|抽|拍|出|打|吃|输|挂)"
    r"|(?<![第每共近约续后前内余])(?P<day>\d{1,2})日(?=早上|上午|中午|下午|晚上|夜里|夜间|凌晨|白天|那天|当天|晨))"
)
# Holidays name a day (从圣诞节开始咳嗽, 春节的时候); 清明 alone also means lucid, so only 清明节.
_HOLIDAY_RE = re.compile(r"春节|元旦|除夕|大年初[一二三四五六七八九十]|元宵节?|清明节|端午节?|中秋节?|国庆节?|劳动节|圣诞节?|平安夜|七夕|重阳节")
# The end of a range after a full date: 2013/11/2-11.6, 2016.4.28至5.12, 2016.4.28-2016.5.12
_DATE_TAIL_RE = re.compile(r"[\-~～至到—](?:(?:19|20)\d\d[./\-])?(\d{1,2})[./\-](\d{1,2})(?![\d./\-])")

_AGE_RE = re.compile(rf"(?=\d)(?<![\d.])(\d{{2,3}})(?={SP}*多?(?:岁|周岁|歲|高龄|[Yy](?![A-Za-z])))")  # 92岁, 95多岁, 92Y
_AGE_FIELD_RE = re.compile(rf"(?:年龄|今年|享年){SP}*[：:]?{SP}*(\d{{2,3}})(?![\d.])")  # 年龄：95, 今年91了
_AGE_RANGE_AFTER = ("以上", "以下", "左右", "之间", "之后", "以后", "以前", "前后", "~", "-", "至", "到", "～")


def _valid_date(y: int, m: int, d: int, lo: int = 1900) -> bool:
    if not (lo <= y <= _TODAY_YEAR + 1):
        return False
    try:
        _dt.date(y, m, d)
    except ValueError:
        return False
    return True


def find_numbers(text: str, out: list) -> None:
    for m in _NUMBER_RE.finditer(text):
        key, value = m.group(1), m.group(2)
        if key.isascii() and m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha():
            continue  # ID/SN/Tel inside a longer English word
        label = _NUMBER_KEYS[key]
        start, end = m.span(2)
        if not any(c.isdigit() for c in value):
            continue
        if key in ("床号", "床位号"):
            out.append(Cand(start, end, "MRN", "zh.mrn.context", 0.85))
            continue
        if len(value) < 4:  # a count or a bed-like number after a generic keyword
            continue
        if label == "DEVICE" and key in ("条码", "条形码") and "起搏" not in text[max(0, m.start() - 12):m.start()] \
                and not re.search(r"[器架体管瓣物]（?$", text[max(0, m.start() - 3):m.start()]):
            label = "MRN"  # a specimen or request barcode, not an implant's
        if label == "ZIP" and not re.fullmatch(r"\d{6}", value):
            continue
        if label in ("PHONE", "FAX"):
            digits = sum(c.isdigit() for c in value)
            if not 7 <= digits <= 12 or not value.replace("-", "").isdigit():
                continue
        if label == "NATIONAL_ID":
            ok = re.fullmatch(r"\d{15}|\d{17}[\dXx]", value)
            score = 0.98 if ok and (len(value) == 15 or valid_id_card(value)) else 0.85
            out.append(Cand(start, end, label, "zh.id_card.context", score))
            continue
        # below the shaped phone recognizers, which also take an extension (转2821)
        score = 0.8 if label in ("PHONE", "FAX") else 0.85 if label == "ACCOUNT" else 0.95
        out.append(Cand(start, end, label, f"zh.{label.lower()}.context", score))

    for m in _BED_RE.finditer(text):
        bed = _BED_NUMBER_RE.search(text, max(0, m.start() - 5), m.start())
        if bed:
            out.append(Cand(bed.start(1), bed.end(1), "MRN", "zh.mrn.bed", 0.8))
    for m in _PAREN_CODE_RE.finditer(text):
        value = m.group(1)
        if sum(c.isdigit() for c in value) < 6 or _YEAR_MONTH_RE.fullmatch(value):
            continue
        if value.isdigit() and len(value) == 8 and _valid_date(int(value[:4]), int(value[4:6]), int(value[6:])):
            continue  # 药敏(20170204): a date
        out.append(Cand(m.start(1), m.end(1), "MRN", "zh.mrn.code", 0.75))

    for m in _SHAPED_RE.finditer(text):
        kind, start, end = m.lastgroup, m.start(), m.end()
        if kind == "id18":
            if valid_id_card(m.group()):
                out.append(Cand(start, end, "NATIONAL_ID", "zh.id_card", 0.9))
            else:
                out.append(Cand(start, end, "ACCOUNT", "zh.number.long", 0.5))
        elif kind == "long":
            if not _COUNT_UNIT_RE.match(text, end):  # HBV-DNA 120000000 IU/ml is a count
                out.append(Cand(start, end, "ACCOUNT", "zh.number.long", 0.5))
        elif kind == "ymd8":
            v = m.group()
            if _valid_date(int(v[:4]), int(v[4:6]), int(v[6:])):
                out.append(Cand(start, end, "DATE", "zh.date.compact", 0.6))
        elif kind == "mobile":
            out.append(Cand(start, end, "PHONE", "zh.phone.mobile", 0.9))
        elif kind == "landline":
            digits = sum(c.isdigit() for c in m.group())
            fax = "传真" in text[max(0, start - 8):start]
            out.append(Cand(start, end, "FAX" if fax else "PHONE", "zh.phone.landline", 0.85 if digits >= 10 else 0.6))
        elif kind == "service":
            out.append(Cand(start, end, "PHONE", "zh.phone.service", 0.7))
        else:
            # 肝S2.4.6.8 lists liver segments: without an IP keyword, two octets must have 2+ digits
            context = re.search(r"IP|ip|地址|服务器|主机|网关", text[max(0, start - 12):start])
            if context or sum(len(o) >= 2 for o in m.group().split(".")) >= 2:
                out.append(Cand(start, end, "IP_ADDRESS", "zh.ip", 0.85))
    for m in _EMAIL_RE.finditer(text):
        out.append(Cand(m.start(), m.end(), "EMAIL", "zh.email", 0.95))
    for m in _URL_RE.finditer(text):
        out.append(Cand(m.start(), m.end(), "URL", "zh.url", 0.9))
    for m in _PLATE_RE.finditer(text):
        out.append(Cand(m.start(), m.end(), "VEHICLE", "zh.plate", 0.75))


# --------------------------------------------------------------------------------------------------
# Dates and ages
# --------------------------------------------------------------------------------------------------


def find_dates(text: str, out: list) -> None:
    for m in _DATE_RE.finditer(text):
        kind, start, end = m.lastgroup, m.start(), m.end()
        if kind == "ymd":
            mo, d = int(m["ymd_m"]), m["ymd_d"]
            # 10年3月 reads as a duration: a month and a year only with a four-digit year
            # but 18年8月份 names a calendar month
            if 1 <= mo <= 12 and (1 <= int(d) <= 31 if d else len(m["ymd_y"]) == 4 or text.startswith("份", end)):
                out.append(Cand(start, end, "DATE", "zh.date.cn", 0.95))
        elif kind == "num":
            y, mo, d = m["num_y"], int(m["num_m"]), int(m["num_d"])
            if len(y) == 4:
                if _valid_date(int(y), mo, d):
                    out.append(Cand(start, end, "DATE", "zh.date.numeric", 0.95))
                    tail = _DATE_TAIL_RE.match(text, end)
                    if tail and 1 <= int(tail.group(1)) <= 12 and 1 <= int(tail.group(2)) <= 31:
                        out.append(Cand(tail.start() + 1, tail.end(), "DATE", "zh.date.range_end", 0.85))
            elif 1 <= mo <= 12 and 1 <= d <= 31 and (m["num_sep"] != "." or len(m["num_d"]) == 2):
                out.append(Cand(start, end, "DATE", "zh.date.numeric_short", 0.7))  # 16-9-12, 13.4.12
        elif kind == "dmy":
            a, b, y = int(m["dmy_a"]), int(m["dmy_b"]), int(m["dmy_y"])
            if _valid_date(y, a, b) or _valid_date(y, b, a):
                out.append(Cand(start, end, "DATE", "zh.date.numeric_dmy", 0.9))
        elif kind == "ym":
            if 1 <= int(m["ym_m"]) <= 12 and int(m["ym_y"]) <= _TODAY_YEAR + 1:
                out.append(Cand(start, end, "DATE", "zh.date.year_month", 0.7))
        elif 1 <= int(m["md_m"]) <= 12 and 1 <= int(m["md_d"]) <= 31:
            out.append(Cand(start, end, "DATE", "zh.date.month_day", 0.9))
    for m in _DATE_CN_RE.finditer(text):
        out.append(Cand(m.start(), m.end(), "DATE", "zh.date.cn_numerals", 0.8))
    for m in _DATE_COMPACT_RE.finditer(text):
        v = m.group(1)
        if _valid_date(int(v[:4]), int(v[4:6]), int(v[6:])):
            out.append(Cand(m.start(1), m.end(1), "DATE", "zh.date.compact", 0.85))
    for m in _DATE_DAY_RE.finditer(text):
        if m["mon"]:
            ok = 1 <= int(m["mon"]) <= 12
        elif m["day"] or m["day_h"]:
            ok = 1 <= int(m["day"] or m["day_h"]) <= 31
        else:
            mo, d = (m["dot_m"], m["dot_d"]) if m["dot_m"] else (m["bare_m"], m["bare_d"])
            ok = 1 <= int(mo) <= 12 and 1 <= int(d) <= 31
        if ok:
            out.append(Cand(m.start(), m.end(), "DATE", "zh.date.day", 0.7))
    for m in _HOLIDAY_RE.finditer(text):
        out.append(Cand(m.start(), m.end(), "DATE", "zh.date.holiday", 0.7))
    for m in _DATE_D_RE.finditer(text):
        g = 1 if m.group(1) else 2
        if 1 <= int(m.group(g)) <= 31:
            out.append(Cand(m.start(g), m.end(), "DATE", "zh.date.day", 0.7))


_AGE_CN_RE = re.compile(r"九十[一二三四五六七八九]?(?=岁|周岁)|一百[零一二三四五六七八九十]{0,2}(?=岁|周岁)")


def find_ages(text: str, out: list) -> None:
    for m in (*_AGE_RE.finditer(text), *_AGE_FIELD_RE.finditer(text)):
        start, end = m.span(1)
        if not 90 <= int(m.group(1)) <= 130:
            continue
        after = text[end:end + 5].lstrip(" \t岁周歲")
        before = text[max(0, start - 1):start]
        if after.startswith(_AGE_RANGE_AFTER) or before in "~-至到～、<>≤≥＜＞" or text[max(0, start - 4):start] in ("&lt;", "&gt;"):
            continue  # a range or a population ("90岁以上老人"), not one person's age
        out.append(Cand(start, end, "AGE", "zh.age", 0.9))
    for m in _AGE_CN_RE.finditer(text):
        out.append(Cand(m.start(), m.end(), "AGE", "zh.age.cn_numerals", 0.85))
