"""Chinese fake values from faker's zh_CN lists, Chinese date spellings and the date-like text left alone."""

from __future__ import annotations

import functools
import importlib
import random
import re
from typing import Callable

from medcorpus.transforms.deid.checksums import id_card_check_digit

from planting.values import Date, faker_attr, random_digits, safe_date

HANZI = "\u4e00-\u9fff"
_ZH_LANDLINE_AREAS = ("010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0311", "0351", "0371",
                      "0431", "0451", "0471", "0531", "0532", "0551", "0571", "0574", "0591", "0592", "0731", "0755",
                      "0757", "0769", "0771", "0791", "0851", "0871", "0898", "0931", "0951", "0971", "0991", "0512",
                      "0510", "0516", "0535", "0536", "0374", "0377", "0710", "0717", "0816", "0831")
_ZH_EXTRA_MOBILE = (166, 170, 173, 175, 176, 177, 178, 191, 198, 199)
ZH_DEPTS = ("儿科", "小儿内科", "呼吸内科", "消化内科", "感染科", "发热门诊", "普外科", "胃肠外科", "肿瘤内科", "心内科",
             "新生儿科", "儿童保健科", "中医科", "急诊科", "妇产科", "血液科", "内分泌科")
_ZH_HOSP_UNIV = ("医科大学", "大学医学院", "中医药大学", "医学院")
ZH_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "尉迟", "公孙", "夏侯", "长孙")
_ZH_BUILDING_SFX = ("小区", "花园", "家园", "新村", "公寓", "苑", "华庭", "嘉园")


class _ZhLists:
    def __init__(self) -> None:
        P = importlib.import_module("faker.providers.person.zh_CN").Provider
        A = importlib.import_module("faker.providers.address.zh_CN").Provider
        S = importlib.import_module("faker.providers.ssn.zh_CN").Provider
        ln = P.last_names
        self.surnames = [str(x) for x in ln]
        self.surname_w = [float(ln[x]) for x in ln] if isinstance(ln, dict) else [1.0] * len(ln)
        self.male = [str(x) for x in P.first_names_male]
        self.female = [str(x) for x in P.first_names_female]
        self.given_chars = sorted({c for x in self.male + self.female for c in x})
        self.cities = sorted({str(c) for c in A.cities if len(c) >= 2 and not c.endswith("盟")})
        self.provinces = [str(p) for p in A.provinces]
        self.districts = sorted({str(d) for d in A.districts})
        self.area_codes = [str(a) for a in S.area_codes if len(str(a)) == 6]
        self.surname_set = set(self.surnames) | set(ZH_COMPOUND_SURNAMES)


@functools.cache  # built once per process, on first use
def zh_lists() -> _ZhLists:
    return _ZhLists()


class ZhFake:
    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.L = zh_lists()

    def surname(self) -> str:
        if self.r.random() < 0.01:
            return self.r.choice(ZH_COMPOUND_SURNAMES)
        return self.r.choices(self.L.surnames, weights=self.L.surname_w)[0]

    def given(self, sex: str | None = None) -> str:
        r = self.r
        pool = self.L.male if (sex or r.choice("MF")) == "M" else self.L.female
        if r.random() < 0.45:
            g = r.choice(pool)
            if len(g) == 1 and r.random() < 0.6:
                g += r.choice(self.L.given_chars)
            return g
        return r.choice(pool)

    def name(self, sex: str | None = None) -> tuple[str, str]:
        return self.surname(), self.given(sex)

    def city(self) -> str:
        c = self.r.choice(self.L.cities)
        return c + "市" if self.r.random() < 0.4 and c not in ("香港", "澳门") else c

    def birth(self, age: int | None = None, ref: Date | None = None) -> Date:
        ref = ref or Date(2020, 6, 1)
        age = age if age is not None else self.r.randint(1, 85)
        return safe_date(ref.year - age, self.r.randint(1, 12), self.r.randint(1, 28))

    def id_card(self, birth: Date | None = None, sex: str | None = None) -> str:
        r = self.r
        b = birth or self.birth()
        seq = r.randint(0, 99) * 10 + (r.choice((1, 3, 5, 7, 9)) if (sex or r.choice("MF")) == "M" else r.choice((0, 2, 4, 6, 8)))
        first17 = f"{r.choice(self.L.area_codes)}{b.year:04d}{b.month:02d}{b.day:02d}{seq:03d}"
        return first17 + id_card_check_digit(first17)

    def mobile(self) -> str:
        r = self.r
        prefixes = [int(p) for p in faker_attr("faker.providers.phone_number.zh_CN", "phonenumber_prefixes")] + list(_ZH_EXTRA_MOBILE)
        num = f"{r.choice(prefixes)}{random_digits(r, 8)}"
        k = r.randrange(8)
        if k == 5:
            return f"{num[:3]}-{num[3:7]}-{num[7:]}"
        if k == 6:
            return f"{num[:3]} {num[3:7]} {num[7:]}"
        if k == 7:
            return r.choice(("+86 ", "+86-", "(+86)")) + num
        return num

    def landline(self) -> str:
        r = self.r
        area = r.choice(_ZH_LANDLINE_AREAS)
        local = random_digits(r, 8 if len(area) == 3 else r.choice((7, 8)), first_nonzero=True)
        local = str(r.randint(2, 8)) + local[1:]
        k = r.randrange(5)
        s = (f"{area}-{local}", f"({area}){local}", f"{area} {local[:4]} {local[4:]}", f"（{area}）{local}", f"{area}-{local}")[k]
        if r.random() < 0.12:
            s += r.choice(("转", "-")) + str(r.randint(100, 8999))
        return s

    def mrn(self) -> str:
        r = self.r
        k = r.randrange(6)
        if k == 0:
            return random_digits(r, r.choice((6, 7, 8, 10)), first_nonzero=True)
        if k == 1:
            return f"{r.randint(2012, 2023)}{random_digits(r, r.choice((5, 6)))}"
        if k == 2:
            return r.choice(("ZY", "MZ", "BA", "Z")) + random_digits(r, r.choice((7, 8, 9)))
        if k == 3:
            return "0" + random_digits(r, r.choice((6, 7)))
        if k == 4:
            return f"{random_digits(r, 2, True)}-{random_digits(r, 6)}"
        return random_digits(r, 9, first_nonzero=True)

    def bed(self) -> str:
        r = self.r
        return str(r.randint(1, 60)) if r.random() < 0.8 else f"{r.choice('ABC')}{r.randint(1, 40)}"

    def address(self) -> str:
        r = self.r
        L = self.L
        A = importlib.import_module("faker.providers.address.zh_CN").Provider
        parts = []
        if r.random() < 0.55:
            parts.append(r.choice([p for p in L.provinces if p.endswith(("省", "自治区")) and p != "台湾省"]))
        parts.append(r.choice(L.cities).removesuffix("市") + "市")
        parts.append(r.choice(L.districts).removesuffix("区") + r.choice(("区", "区", "县")))
        street = (r.choice(L.cities) if r.random() < 0.5 else self.surname() + r.choice("家庄湾桥")) + r.choice(tuple(A.street_suffixes) + ("大道", "中路", "东路", "北街"))
        parts.append(street + f"{r.randint(1, 999)}号")
        k = r.random()
        if k < 0.35:
            parts.append(f"{r.randint(1, 30)}栋{r.randint(1, 6)}单元{r.randint(1, 32)}0{r.randint(1, 4)}室")
        elif k < 0.6:
            parts.append(r.choice(L.given_chars) + r.choice(L.given_chars) + r.choice(_ZH_BUILDING_SFX) + f"{r.randint(1, 20)}号楼{r.randint(1, 28)}0{r.randint(1, 4)}")
        return "".join(parts)

    def hospital(self) -> str:
        r = self.r
        city = r.choice(self.L.cities).removesuffix("市")
        num = "一二三四五六七八九"[r.randrange(9)]
        k = r.randrange(10)
        if k == 0:
            return f"{city}市第{num}人民医院"
        if k == 1:
            return f"{city}市中心医院"
        if k == 2:
            return f"{r.choice(self.L.provinces).removesuffix('省')}省人民医院"
        if k == 3:
            return f"{city}市中医院"
        if k == 4:
            return f"{city}市妇幼保健院"
        if k == 5:
            return f"{city}市儿童医院"
        if k == 6:
            return f"{city}{r.choice(_ZH_HOSP_UNIV)}附属第{num}医院"
        if k == 7:
            return f"{r.choice(self.L.districts).removesuffix('区')}区人民医院"
        if k == 8:
            return f"{city}{r.choice(('协和', '仁爱', '博爱', '仁济', '同仁', '康复'))}医院"
        return f"{r.choice(self.L.districts).removesuffix('区')}镇卫生院"


def zh_date(d: Date, style: str) -> str:
    y, m, dd = d.year, d.month, d.day
    return {
        "ymd": f"{y}年{m}月{dd}日", "ymd0": f"{y}年{m:02d}月{dd:02d}日", "ymd号": f"{y}年{m}月{dd}号",
        "y-m-d": f"{y}-{m:02d}-{dd:02d}", "y-m-d1": f"{y}-{m}-{dd}", "y/m/d": f"{y}/{m}/{dd}", "y.m.d": f"{y}.{m}.{dd}",
        "y.m.d0": f"{y}.{m:02d}.{dd:02d}", "md": f"{m}月{dd}日", "md号": f"{m}月{dd}号", "md_": f"{m}月{dd}",
        "ym": f"{y}年{m}月", "y.m月": f"{y}.{m}月", "y-m": f"{y}-{m:02d}", "yy年md": f"{y % 100:02d}年{m}月{dd}日",
        "yy年m": f"{y % 100:02d}年{m}月", "d号": f"{dd}号", "d日": f"{dd}日", "m.d号": f"{m}.{dd}号", "m月": f"{m}月",
        "m-d": f"{m}-{dd}", "y.m": f"{y}.{m}", "y/m": f"{y}/{m}", "m.d": f"{m}.{dd}", "m/d": f"{m}/{dd}", "m.d日": f"{m}.{dd}日",
    }[style]


ZH_FULL_STYLES = ("ymd", "ymd", "ymd0", "y-m-d", "y/m/d", "y.m.d", "ymd号")

# (regex, kind, parse -> (y, m, d, style)); all matched on the source text, value in group "v" when present
_ZH_DATE_PATTERNS: list[tuple[re.Pattern, str, Callable]] = [
    (re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})(?P<suf>[日号])"), "full",
     lambda m: (int(m["y"]), int(m["m"]), int(m["d"]), ("ymd0" if len(m["m"]) == 2 and m["m"][0] == "0" else "ymd") if m["suf"] == "日" else "ymd号")),
    (re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.])"), "full",
     lambda m: (int(m["y"]), int(m["m"]), int(m["d"]),
                {"-": "y-m-d" if len(m["m"]) == 2 else "y-m-d1", "/": "y/m/d", ".": "y.m.d0" if len(m["m"]) == 2 else "y.m.d"}[m["sep"]])),
    (re.compile(r"(?<!\d)(?P<y>\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"), "full",
     lambda m: (2000 + int(m["y"]) if int(m["y"]) < 30 else 1900 + int(m["y"]), int(m["m"]), int(m["d"]), "yy年md")),
    (re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?!\d)"), "month_year",
     lambda m: (int(m["y"]), int(m["m"]), None, "ym")),
    (re.compile(r"(?<!\d)(?P<y>\d\d)年(?P<m>\d{1,2})月(?!\d)"), "month_year",
     lambda m: (2000 + int(m["y"]) if int(m["y"]) < 30 else 1900 + int(m["y"]), int(m["m"]), None, "yy年m")),
    (re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)\.(?P<m>\d{1,2})月"), "month_year",
     lambda m: (int(m["y"]), int(m["m"]), None, "y.m月")),
    (re.compile(r"(?<![\d.\-/])(?P<y>(?:19|20)\d\d)(?P<sep>[-./])(?P<m>0?[1-9]|1[0-2])(?![\d.\-/])"), "month_year",
     lambda m: (int(m["y"]), int(m["m"]), None, {"-": "y-m", ".": "y.m", "/": "y/m"}[m["sep"]])),
    (re.compile(r"(?<![\d./\-])(?P<m>\d{1,2})月(?P<d>\d{1,2})(?P<suf>[日号]?)(?![\d天个余多周岁次小时分斤克度])"), "month_day",
     lambda m: (None, int(m["m"]), int(m["d"]), {"日": "md", "号": "md号", "": "md_"}[m["suf"]])),
    (re.compile(r"(?<![\d.])(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?P<suf>[号日])"), "month_day",
     lambda m: (None, int(m["m"]), int(m["d"]), "m.d号" if m["suf"] == "号" else "m.d日")),
    (re.compile(r"(?:(?:19|20)\d\d年)?(?:元旦|春节|除夕|大年三十|大年初[一二三四五六七八九十]|正月初[一二三四五六七八九十]|元宵节|"
                r"清明节|端午节|中秋节|国庆节|劳动节|圣诞节|情人节|七夕节?|腊八节?|重阳节|小年夜)"), "holiday",
     lambda m: (None, None, None, "holiday")),
    (re.compile(r"(?<=[于在至到从自，,。；;：:\s])(?P<m>1[0-2]|0?[1-9])-(?P<d>[12]\d|3[01]|0?[1-9])(?=[,，在入行于出开])"), "month_day",
     lambda m: (None, int(m["m"]), int(m["d"]), "m-d")),
    (re.compile(r"(?<![\d./月])(?P<d>\d{1,2})号(?![楼床线房院门病字码机位单元室栋口药方球服鞋]|密码子|外显子|染色体|位点|亚型)"), "day",
     lambda m: (None, None, int(m["d"]), "d号")),
    (re.compile(r"(?<=[于在至到从自，,。；;：:\s])(?P<d>\d{1,2})日(?![后余内前左右])"), "day",
     lambda m: (None, None, int(m["d"]), "d日")),
    (re.compile(r"(?<![\d./\-年])(?P<m>\d{1,2})月(?=份|初|中旬|上旬|下旬|底|末)"), "month",
     lambda m: (None, int(m["m"]), None, "m月")),
]
# Date-like things we do not relabel: a text containing one outside the gold spans is skipped.
ZH_DATE_AMBIG_RE = re.compile(
    r"(?<![\d./\-年])\d{1,2}月(?![\d份初中上下底末前余后内龄大多左右以个半期])"  # "宝宝现在9月", "5月宝宝"
    r"|(?<![\d.月])\d{1,2}日(?![后余内前左右])"
    r"|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]|[一二三四五六七八九十]{1,3}月(?:份|初|底|中旬)|[正腊]月"
    r"|(?<![第\d])[一二三四五六七八九十]{1,3}号(?![楼床线房院门病字码机位单元室栋口药方])"
    r"|(?<!\d)(?:19|20)\d\d(?:0[1-9]|1[0-2])(?!\d)"
    # "3.17打了疫苗": month.day without 号/日 (temperatures, doses and sizes carry a unit and are left alone)
    r"|(?<![\d.])(?:1[0-2]|[1-9])\.(?:[12]\d|3[01]|0?[1-9])(?![\d.]|\s*(?:度|℃|°|cm|mm|kg|g|mg|ml|mL|l|L|%|万|岁|倍|分|秒|小时|天|周|个|次|斤|公斤|克|升|米|厘米|毫米|mmol|μ|u|U|ng|pg|iu|IU|×|x|\*|/|-|～|~|到|至))")


def zh_dates(text: str) -> list[tuple[int, int, str, tuple]]:
    """(start, end, kind, parsed) of the date mentions the patterns find, non-overlapping, first pattern wins."""
    out: list[tuple[int, int, str, tuple]] = []
    taken: list[tuple[int, int]] = []
    for pat, kind, parse in _ZH_DATE_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span("v") if "v" in pat.groupindex else m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            y, mo, d, style = parse(m)
            if mo is not None and not 1 <= mo <= 12 or d is not None and not 1 <= d <= 31:
                continue
            taken.append((s, e))
            out.append((s, e, kind, (y, mo, d, style)))
    # the far end of a range written after a date: "2013/11/2-4.16", "3月1号-5号", "2月10-16号"
    for s, e, kind, _ in list(out):
        m = re.match(r"[-~至到](?P<v>(?P<m>1[0-2]|0?[1-9])(?P<sep>[./\-])(?P<d>[12]\d|3[01]|0?[1-9])(?![\d.]))", text[e:e + 8])
        if m and kind in ("full", "month_day"):
            vs, ve = e + m.start("v"), e + m.end("v")
            if not any(vs < b and a < ve for a, b in taken):
                taken.append((vs, ve))
                out.append((vs, ve, "month_day", (None, int(m["m"]), int(m["d"]), {".": "m.d", "/": "m/d", "-": "m-d"}[m["sep"]])))
    return sorted(out)
