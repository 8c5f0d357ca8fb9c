"""Chinese planting: CMDD and COVID dialogues and cEHRNER paragraphs with their PHI replaced and new PHI
inserted."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Callable

from planting.edits import MIN_SOURCE_FRACTION, Edits, Reject, make_record, pieces_len
from planting.values import Date, safe_date, shift_days
from planting.zh_fake import HANZI, ZH_COMPOUND_SURNAMES, ZH_DEPTS, ZH_FULL_STYLES, ZhFake, zh_date, zh_dates
from planting.zh_leftovers import find_zh_leftovers, gazetteer_re, zh_city_mentions, zh_named_facilities, zh_title_names


def _read_cmdd(corpora_dir: Path) -> list[tuple[str, str, str]]:
    base = corpora_dir / "chineseblue_zh" / "data" / "CMDD"
    out = []
    for split in ("train", "dev", "test"):
        files = sorted((base / split).glob("*.json"), key=lambda p: (len(p.stem), p.stem))
        for f in files:
            try:
                d = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            lines = []
            for u in d.get("dialogue-content") or ():
                sp = str(u.get("speaker") or "").strip()
                se = re.sub(r"\s*\n\s*", " ", str(u.get("sentence") or "")).strip()
                if sp in ("医生", "患者") and se:
                    lines.append(f"{sp}：{se}")
            if lines:
                out.append(("chineseblue_zh/CMDD", f"CMDD/{split}/{d.get('example-id', f.stem)}", "\n".join(lines)))
    return out


def _read_covid(corpora_dir: Path) -> list[tuple[str, str, str]]:
    path = corpora_dir / "zh_medical_dialogue" / "covid_dialogue" / "COVID-Dialogue-Dataset-Chinese.txt"
    if not path.exists():
        return []
    raw = path.read_text(encoding="utf-8")
    out = []
    for block in re.split(r"\n(?=id=\d+\s*\n)", "\n" + raw):
        block = block.strip("\n")
        m = re.match(r"id=(\d+)", block)
        if not m:
            continue
        section = None
        desc: list[str] = []
        utts: list[list] = []
        diag: list[str] = []
        for line in block.split("\n")[1:]:
            s = line.strip()
            if s in ("Doctor faculty", "Description", "Dialogue", "Diagnosis and suggestions"):
                section = s
                continue
            if not s or s.startswith("http"):
                continue
            if section == "Description":
                desc.append(s)
            elif section == "Dialogue":
                if s in ("医生：", "病人：", "医生:", "病人:"):
                    utts.append(["医生" if s.startswith("医生") else "患者", []])
                elif utts:
                    utts[-1][1].append(s)
            elif section == "Diagnosis and suggestions":
                diag.append(s)
        lines = desc + [f"{sp}：{' '.join(x)}" for sp, x in utts if x] + diag
        if len(lines) >= 3 and utts:
            out.append(("zh_medical_dialogue/covid_dialogue", f"covid/{m.group(1)}", "\n".join(lines)))
    return out


def _read_cehrner(corpora_dir: Path) -> list[tuple[str, str, str]]:
    path = corpora_dir / "chineseblue_zh" / "data" / "cEHRNER" / "train.json"
    out = []
    if not path.exists():
        return out
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            try:
                t = str(json.loads(line).get("text") or "").strip()
            except ValueError:
                continue
            if t and t not in seen:
                seen.add(t)
                out.append(("chineseblue_zh/cEHRNER", f"cEHRNER/train/{i}", t))
    return out


# ---- Chinese planting --------------------------------------------------------------------------


class _ZhPlanter:
    def __init__(self, corpus: str, src: str, r: random.Random) -> None:
        self.corpus = corpus
        self.src = src
        self.r = r
        self.fk = ZhFake(r)
        self.ed = Edits(src)
        covid = "covid" in corpus
        # COVID-era consultations keep their dates within months of the real ones, so the story still fits
        self.shift = r.choice((-1, 1)) * (r.randint(5, 150) if covid else r.randint(40, 1500))
        self.base_year = 2020 if covid else r.randint(2015, 2022)
        self.patient_sex = r.choice("MF")
        self.dates: list[Date] = []
        self.age: int | None = None

    def _sex_word(self) -> str:
        return "男" if self.patient_sex == "M" else "女"

    # -- 1. replacements
    def replace_masks(self) -> None:
        fk = self.fk
        for m in re.finditer(r"\*{2,}", self.src):
            s, e = m.span()
            after = self.src[e:e + 8]
            before = self.src[max(0, s - 2):s]
            fm = re.match(r"[" + HANZI + r"]{0,6}?(?:医院|卫生院|保健院|诊所|[一二三四五六七八九]院|附院|中心)", after)
            if fm:
                self.ed.replace(s, e + fm.end(), [(fk.hospital(), "FACILITY")])
            elif re.match(r"主任|教授|医生|医师|大夫|护士", after):
                sur, giv = fk.name()
                self.ed.replace(s, e, [(sur if self.r.random() < 0.6 else sur + giv, "NAME")])
            elif (re.search(r"[在于到入至赴转月日]$", before)
                  and re.match(r"就诊|住院|治疗|行|查|复查|检查|手术|门诊|胸片|ct|CT|胃镜|肠镜|b超|彩超|mri|MRI|pet", after)):
                self.ed.replace(s, e, [(fk.hospital(), "FACILITY")])
            else:
                raise Reject("mask: " + self.src[max(0, s - 4):e + 4])

    def replace_names(self) -> None:
        fk = self.fk
        people: dict[str, tuple[str, str]] = {}
        for s, e, kind in zh_title_names(self.src):
            if kind != "name" or not self.ed.free(s, e):
                continue
            orig = self.src[s:e]
            p = people.get(orig)
            if p is None:
                p = people[orig] = fk.name()
            val = p[0] if (len(orig) == 1 or orig in ZH_COMPOUND_SURNAMES) else p[0] + p[1]
            self.ed.replace(s, e, [(val, "NAME")])
        # "预约医生： 李田" and similar fields hold a name (or nothing)
        for m in re.finditer(r"(?m)^(?:预约医生|就诊患者|主治医生|医生姓名)[：:][ \t]*(?P<n>[" + HANZI + r"]{2,4})[ \t]*$", self.src):
            s, e = m.span("n")
            if self.ed.free(s, e):
                sur, giv = fk.name()
                self.ed.replace(s, e, [(sur + giv, "NAME")])

    def replace_facilities(self) -> None:
        fk = self.fk
        for m in re.finditer(r"(?m)^(?:已就诊医院及科室|检查医院|就诊地点|就诊医院)[：:][ \t]*(?P<v>\S+)", self.src):
            s, e = m.span("v")
            if re.search(r"院|中心|诊所", m.group("v")) and self.ed.free(s, e):
                self.ed.replace(s, e, [(fk.hospital(), "FACILITY")])
        for s, e in zh_named_facilities(self.src):
            if self.ed.free(s, e):
                self.ed.replace(s, e, [(fk.hospital(), "FACILITY")])

    def replace_cities(self) -> None:
        for s, e, kind in zh_city_mentions(self.src):
            if kind == "ambiguous" or not self.ed.free(s, e):
                continue
            orig = self.src[s:e]
            if kind == "foreign":  # "现居日本东京": a foreign city is kept and labelled
                self.ed.replace(s, e, [(orig, "CITY")])
                continue
            if orig in ("武汉", "武汉市") and "covid" in self.corpus:  # the epidemic's origin: kept, labelled
                self.ed.replace(s, e, [(orig, "CITY")])
                continue
            dist = re.search(rf"(?:市)?([{HANZI}]{{2,3}}(?:区|县))$", orig) if len(orig) > 3 else None
            if dist and gazetteer_re(False).match(orig) and gazetteer_re(False).match(orig).end() < dist.start(1):
                val = self.fk.city().removesuffix("市") + ("市" if "市" in orig else "") + self.r.choice(self.fk.L.districts) + orig[-1]
            else:
                suffix = orig[-1] if orig[-1] in "市县" else ""
                val = self.fk.city().removesuffix("市") + suffix
            self.ed.replace(s, e, [(val, "CITY")])

    def replace_dates(self) -> None:
        r = self.r
        for s, e, kind, (y, mo, d, style) in zh_dates(self.src):
            if not self.ed.free(s, e):
                continue
            if kind == "holiday":  # a public holiday: labelled as it is
                self.ed.replace(s, e, [(self.src[s:e], "DATE")])
                continue
            yy = y if y is not None else self.base_year
            orig = safe_date(yy, mo or r.randint(1, 12), d or r.randint(1, 28))
            new = shift_days(orig, self.shift)
            if kind == "day":  # keep a day of month that still reads naturally
                new = safe_date(new.year, new.month, r.randint(1, 28))
            if y is not None:
                self.dates.append(new)
            if kind == "full" and r.random() < 0.2:
                style = r.choice(ZH_FULL_STYLES)
            self.ed.replace(s, e, [(zh_date(new, style), "DATE")])

    def replace_ages_and_numbers(self) -> None:
        r = self.r
        first = True
        for m in re.finditer(r"(?<![\d.])(?P<n>\d{1,3})(?=多?(?:岁|周岁))", self.src):
            v = int(m.group("n"))
            if first:
                self.age = v
            if v >= 90 or (first and 65 <= v <= 89 and r.random() < 0.3):
                nv = v if v >= 90 and r.random() < 0.5 else r.randint(90, 101)
                self.ed.replace(m.start("n"), m.end("n"), [(str(nv), "AGE")])
                if first:
                    self.age = nv
            first = False
        # pathology / specimen numbers in EHR paragraphs: "术后病理(201131862)", "病理:13862.2012", "(mm20160037)"
        if self.corpus.endswith("cEHRNER"):
            pats = (r"病[理检][号示回报告:：,，(（\s]{0,8}(?P<v>[a-zA-Z]{0,2}\d[\d.\-]{4,14}\d)",
                    r"(?<![\w.])(?P<v>[a-zA-Z]{0,2}\d{7,10})(?![\d.])")
            for pat in pats:
                for m in re.finditer(pat, self.src):
                    s, e = m.span("v")
                    v = m.group("v")
                    if re.fullmatch(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])", v) or not self.ed.free(s, e):
                        continue
                    val = "".join(self.r.choice("0123456789") if c.isdigit() else c for c in v)
                    self.ed.replace(s, e, [(val, "MRN")])

    # -- 2. insertions
    def _lines(self) -> list[tuple[int, int, str]]:
        out = []
        pos = 0
        for line in self.src.split("\n"):
            out.append((pos, pos + len(line), line))
            pos += len(line) + 1
        return out

    def _date_val(self, past_days: tuple[int, int] = (1, 30)) -> tuple[str, str]:
        ref = max(self.dates) if self.dates else Date(self.base_year, self.r.randint(1, 12), self.r.randint(1, 28))
        d = shift_days(ref, -self.r.randint(*past_days))
        return (zh_date(d, self.r.choice(("ymd", "ymd", "md", "md号", "y-m-d", "y.m.d", "y/m/d", "ymd0"))), "DATE")

    def patient_intro(self) -> list:
        r, fk = self.r, self.fk
        sur, giv = fk.name(self.patient_sex)
        full = (sur + giv, "NAME")
        kid = self.corpus.endswith("CMDD")
        k = r.randrange(9)
        if k == 0:
            return [r.choice(("医生您好，", "您好，", "你好，")), "我是", full, ("的妈妈，" if kid else "，")]
        if k == 1:
            return ["我叫", full, "，"]
        if k == 2:
            birth = fk.birth(r.randint(0, 8) if kid else None, Date(self.base_year, 6, 1))
            return [r.choice(("孩子叫", "宝宝叫")) if kid else "患者", full, "，身份证号", (fk.id_card(birth, self.patient_sex), "NATIONAL_ID"), "，"]
        if k == 3:
            return ["你好，我姓", (sur, "NAME"), "，"]
        if k == 4:
            return ["我是", full, "，门诊号", (fk.mrn(), "MRN"), "，"]
        if k == 5:
            return ["医生好，我是", (sur, "NAME"), r.choice(("先生", "女士")), "，电话", (fk.mobile(), "PHONE"), "，"]
        if k == 6:
            return ["我是", full, "家属，", "之前在", (fk.hospital(), "FACILITY"), "看过，"]
        if k == 7:
            return ["您好，就诊人", full, "，", (self._date_val()[0], "DATE"), "开始不舒服，"]
        return ["我们在", (fk.city(), "CITY"), "，", "我是", full, "，"]

    def doctor_intro(self) -> list:
        r, fk = self.r, self.fk
        sur, giv = fk.name()
        k = r.randrange(6)
        if k == 0:
            return ["您好，我是", (fk.hospital(), "FACILITY"), r.choice(ZH_DEPTS), "的", (sur, "NAME"), "医生，"]
        if k == 1:
            return ["你好，我是", (sur + giv, "NAME"), "医生，"]
        if k == 2:
            return ["您好，我是", (fk.hospital(), "FACILITY"), r.choice(("主治医师", "副主任医师", "主任医师")), (sur + giv, "NAME"), "，"]
        if k == 3:
            return ["我是", (sur, "NAME"), "主任团队的医生，"]
        if k == 4:
            return ["您好，我是", r.choice(ZH_DEPTS), (sur + giv, "NAME"), "，"]
        return ["你好，", (fk.hospital(), "FACILITY"), "，我是", (sur, "NAME"), "大夫，"]

    def doctor_line(self) -> list:
        r, fk = self.r, self.fk
        k = r.randrange(7)
        if k == 0:
            return ["医生：如有需要可以拨打科室电话", (fk.landline(), "PHONE"), "预约复诊。"]
        if k == 1:
            return ["医生：加重的话直接打护士站电话", (fk.landline(), "PHONE"), "，或者打我手机", (fk.mobile(), "PHONE"), "。"]
        if k == 2:
            return ["医生：复诊时请带上门诊号", (fk.mrn(), "MRN"), "和之前的检查单。"]
        if k == 3:
            return ["医生：可以到", (fk.hospital(), "FACILITY"), "门诊找我，", (self._date_val((-14, -1))[0], "DATE"), "上午我出诊。"]
        if k == 4:
            sur, _ = fk.name()
            return ["医生：我们科", (sur, "NAME"), "主任看这个病很有经验，可以挂他的号。"]
        if k == 5:
            return ["医生：报告出来后可以传真到", (fk.landline(), "FAX"), "，或者拍照发给我。"]
        return ["医生：有问题打这个电话", (fk.mobile(), "PHONE"), "，找", (fk.surname(), "NAME"), "护士。"]

    def patient_line(self) -> list:
        r, fk = self.r, self.fk
        k = r.randrange(9)
        if k == 8:
            return ["患者：", r.choice(("我家住", "家庭住址是", "我们住在")), (fk.address(), "ADDRESS"), "，", r.choice(("过去要一个小时。", "可以寄过来吗？", "附近有医院吗？"))]
        if k == 0:
            return ["患者：之前在", (fk.hospital(), "FACILITY"), "住过院，住院号是", (fk.mrn(), "MRN"), "。"]
        if k == 1:
            return ["患者：", self._date_val(), "在", (fk.hospital(), "FACILITY"), "查的血常规。"]
        if k == 2:
            return ["患者：我们家在", (fk.address(), "ADDRESS"), "，离医院比较远。"]
        if k == 3:
            return ["患者：上次住院是", (fk.bed(), "MRN"), "床，住院号", (fk.mrn(), "MRN"), "。"]
        if k == 4:
            return ["患者：我的电话是", (fk.mobile(), "PHONE"), "，有结果麻烦通知我。"]
        if k == 5:
            return ["患者：预约需要身份证号吗？", (fk.id_card(sex=self.patient_sex), "NATIONAL_ID"), "。"]
        if k == 6:
            return ["患者：", self._date_val(), "开始发烧的，最高39度。"]
        return ["患者：我们住", (fk.city(), "CITY"), "，", (fk.hospital(), "FACILITY"), "离得近一些。"]

    def ehr_header(self) -> list:
        r, fk = self.r, self.fk
        sur, giv = fk.name(self.patient_sex)
        age = r.randint(90, 99) if r.random() < 0.2 else r.randint(28, 86)
        age_p = (str(age), "AGE") if age >= 90 else str(age)
        dt = self._date_val((0, 5))
        k = r.randrange(6)
        if k == 0:
            return ["姓名：", (sur + giv, "NAME"), "  性别：", self._sex_word(), "  年龄：", age_p, "岁  住院号：", (fk.mrn(), "MRN"),
                    "  床号：", (fk.bed(), "MRN"), "\n"]
        if k == 1:
            return ["患者", (sur + giv, "NAME"), "，", self._sex_word(), "，", age_p, "岁，住院号", (fk.mrn(), "MRN"), "，于", dt, "入院。\n"]
        if k == 2:
            return ["科室：", r.choice(ZH_DEPTS), "  床号：", (fk.bed(), "MRN"), "床  姓名：", (sur + giv, "NAME"), "  病案号：",
                    (fk.mrn(), "MRN"), "  入院日期：", dt, "\n"]
        if k == 3:
            return [(fk.hospital(), "FACILITY"), "  入院记录\n姓名：", (sur + giv, "NAME"), "  身份证号：",
                    (fk.id_card(fk.birth(age), self.patient_sex), "NATIONAL_ID"), "  联系电话：", (fk.mobile(), "PHONE"), "\n"]
        if k == 4:
            rel_s, rel_g = fk.name()
            return ["姓名：", (sur + giv, "NAME"), "，住址：", (fk.address(), "ADDRESS"), "，联系人：", (rel_s + rel_g, "NAME"),
                    r.choice(("（配偶）", "（女儿）", "（儿子）")), "，电话：", (fk.mobile() if r.random() < 0.7 else fk.landline(), "PHONE"), "\n"]
        return ["病案号：", (fk.mrn(), "MRN"), "  ", (sur + giv, "NAME"), "  ", self._sex_word(), "  ", age_p, "岁  ", dt, "\n"]

    def ehr_footer(self) -> list:
        r, fk = self.r, self.fk
        sur, giv = fk.name()
        return [r.choice(("\n记录医师：", "\n医师签名：", "\n主治医师：")), (sur + giv, "NAME"), "  ", self._date_val((-3, 0))]

    def plant(self) -> tuple[str, list, int]:
        r = self.r
        self.replace_masks()
        self.replace_facilities()
        self.replace_names()
        self.replace_cities()
        self.replace_dates()
        self.replace_ages_and_numbers()
        if self.ed.fraction_if(0) < MIN_SOURCE_FRACTION:
            raise Reject("too much replaced")

        def add(pos: int, pieces: list, origin: str = "added") -> None:
            if self.ed.fraction_if(pieces_len(pieces)) >= MIN_SOURCE_FRACTION:
                self.ed.insert(pos, pieces, origin)

        wishes: list[tuple[float, Callable[[], None]]] = []
        if self.corpus.endswith("cEHRNER"):
            wishes.append((0.9, lambda: add(0, self.ehr_header())))
            wishes.append((0.35, lambda: add(len(self.src), self.ehr_footer())))
        else:
            lines = self._lines()
            pat = [x for x in lines if x[2].startswith("患者：")]
            doc = [x for x in lines if x[2].startswith("医生：")]
            if pat:
                wishes.append((0.55, lambda: add(pat[0][0] + 3, self.patient_intro(), "inline")))
                wishes.append((0.45, lambda: add(r.choice(pat)[1], ["\n"] + self.patient_line())))
            if doc:
                wishes.append((0.4, lambda: add(doc[0][0] + 3, self.doctor_intro(), "inline")))
                wishes.append((0.45, lambda: add(r.choice(doc[len(doc) // 2:])[1], ["\n"] + self.doctor_line())))
        r.shuffle(wishes)
        for p, fn in wishes:
            if r.random() < p:
                fn()
        if not self.ed.reps and not self.ed.ins:
            for _, fn in wishes[:1]:
                fn()
        text, spans, kept = self.ed.build()
        if not spans:
            raise Reject("nothing planted")
        left = find_zh_leftovers(text, spans)
        if left:
            raise Reject("; ".join(left[:3]))
        if kept / len(text) < 0.8:
            raise Reject("source fraction")
        return text, spans, kept


def zh_sources(corpora_dir: Path, seed: int) -> list[tuple[str, str, str]]:
    """CMDD, COVID and cEHRNER texts, each corpus shuffled with the seed, interleaved 2:1:1."""
    pools = [
        [x for x in _read_cmdd(corpora_dir) if 120 <= len(x[2]) <= 3000],
        [x for x in _read_covid(corpora_dir) if 150 <= len(x[2]) <= 3000],
        [x for x in _read_cehrner(corpora_dir) if 120 <= len(x[2]) <= 2500],
    ]
    for i, pool in enumerate(pools):
        random.Random(f"planted-zh-order:{seed}:{i}").shuffle(pool)
    out = []
    idx = [0, 0, 0]
    pattern = (0, 1, 0, 2)
    while any(idx[i] < len(pools[i]) for i in range(3)):
        for i in pattern:
            if idx[i] < len(pools[i]):
                out.append(pools[i][idx[i]])
                idx[i] += 1
    return out


def _plant_zh_text(corpus: str, src: str, seed: int, source_id: str) -> tuple[str, list, int]:
    r = random.Random(f"planted-zh:{seed}:{source_id}")
    return _ZhPlanter(corpus, src, r).plant()


def plant_chinese(corpora_dir: Path, n: int, seed: int, *, stats: dict | None = None) -> list[dict]:
    """``n`` gold records from CMDD / COVID dialogues and cEHRNER paragraphs with fake PHI planted.

    ``corpora_dir`` is the folder holding ``chineseblue_zh`` and ``zh_medical_dialogue``. Texts that
    cannot be planted safely are skipped (reasons counted in ``stats`` when given).
    """
    out: list[dict] = []
    for corpus, source_id, src in zh_sources(Path(corpora_dir), seed):
        if len(out) >= n:
            break
        try:
            text, spans, kept = _plant_zh_text(corpus, src, seed, source_id)
        except Reject as exc:
            if stats is not None:
                key = str(exc).split(":")[0]
                stats[key] = stats.get(key, 0) + 1
            continue
        out.append(make_record("planted-zh", len(out) + 1, "zh", corpus, source_id, text, spans, kept))
    return out
