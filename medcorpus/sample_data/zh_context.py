"""Chinese note context: the fake patient and the slots Chinese templates fill."""

from __future__ import annotations

import random

from medcorpus.sample_data.fakers import (
    ENC_HI, ENC_LO, Date, date_of_birth, random_alnum, random_date, random_digits, shift_days,
)
from medcorpus.sample_data.template import NoteContext
from medcorpus.sample_data.zh_vocab import (
    ZH_COMMUNITIES, ZH_EMAIL_DOMAINS, ZH_FAMOUS, ZH_FULL, ZH_GIVEN_F, ZH_GIVEN_M, ZH_MOBILE_PREFIX, ZH_NUMS, ZH_OCC,
    ZH_PMH, ZH_REGIONS, ZH_ROADS, ZH_SCENARIOS, ZH_SURNAMES, ZH_TOWNS, ZH_VILLAGES, zh_date,
)
from medcorpus.transforms.deid.checksums import id_card_check_digit


class ChineseNote(NoteContext):
    """A Chinese note being written: one fake patient, their people, places, identifiers and clinical facts."""

    def __init__(self, r: random.Random) -> None:
        super().__init__(r)
        self.male = r.random() < 0.5
        self.sur, self.sur_py = r.choice(ZH_SURNAMES)
        self.given, self.given_py = self._given(self.male)
        self.age = r.randint(90, 103) if r.random() < 0.17 else int(r.triangular(18, 89.99, 64))
        self.enc = random_date(r, ENC_LO, ENC_HI)
        self.dob = date_of_birth(r, self.enc, self.age)
        self.los = r.randint(3, 16)
        self.adm = shift_days(self.enc, -self.los)
        self.region = r.choice(ZH_REGIONS)
        self.birth_region = self.region if r.random() < 0.6 else r.choice(ZH_REGIONS)
        self.style = r.choice((0, 0, 0, 1, 2, 2, 3, 4))
        self.scen = r.choice(ZH_SCENARIOS)
        self.pmh = r.sample([p for p in ZH_PMH if self.male or "前列腺" not in p], r.randint(0, 3))
        self.hstyle = r.randrange(4)
        self._people: dict[str, tuple[str, str, str]] = {}

    def _given(self, male: bool) -> tuple[str, str]:
        pool = ZH_GIVEN_M if male else ZH_GIVEN_F
        parts = self.r.sample(pool, self.r.choice((1, 2, 2, 2)))
        return "".join(p[0] for p in parts), "".join(p[1] for p in parts)

    def inpatient(self) -> None:
        while self.scen.get("minor"):
            self.scen = self.pick(ZH_SCENARIOS)

    # ---- names -------------------------------------------------------------------------------------
    def s_pt(self, arg=None):
        k = self.r.random()
        if k < 0.65:
            return (self.sur + self.given, "NAME")
        if k < 0.9:  # 张先生 / 李女士: the surname alone is the span
            return [(self.sur, "NAME"), "先生" if self.male else self.pick(("女士", "女士", "阿姨"))]
        return [(self.sur, "NAME"), "大爷" if self.male else "奶奶"] if self.age > 70 else (self.sur + self.given, "NAME")

    def s_ptname(self, arg=None):
        return (self.sur + self.given, "NAME")

    def person(self, role: str) -> tuple[str, str]:
        p = self._people.get(role)
        if p is None:
            sur = self.pick(ZH_SURNAMES)[0]
            given = self._given(self.r.random() < 0.5)[0]
            p = self._people[role] = (sur, given)
        return p

    def s_doc(self, role="att"):
        sur, given = self.person(role)
        return (sur + given, "NAME")

    def s_docref(self, role="att"):  # 李医生 / 王主任 / 张主任医师
        sur, given = self.person(role)
        if self.chance(0.5):
            return [(sur, "NAME"), self.pick(("医生", "主任", "大夫", "主任医师", "教授"))]
        return [(sur + given, "NAME"), self.pick(("医生", "主任", "医师"))]

    def _rel(self):
        def mk():
            r = self.r
            rel = r.choice(("儿子", "女儿", "配偶", "妻子" if self.male else "丈夫", "儿子", "女儿", "孙子", "外孙女", "侄子", "儿媳", "女婿"))
            male = rel in ("儿子", "丈夫", "孙子", "侄子", "女婿")
            sur = self.sur if rel in ("儿子", "女儿", "孙子", "侄子") and r.random() < 0.85 else r.choice(ZH_SURNAMES)[0]
            return rel, sur, self._given(male)[0]
        return self.once("rel", mk)

    def s_relw(self, arg=None):
        return self._rel()[0]

    def s_reln(self, arg=None):
        rel, sur, given = self._rel()
        return (sur + given, "NAME")

    def s_rel(self, arg=None):
        rel, sur, given = self._rel()
        k = self.r.randrange(4)
        if k == 0:
            return [f"其{rel}", (sur + given, "NAME")]
        if k == 1:
            return [(sur + given, "NAME"), f"（{rel}）"]
        if k == 2:
            return [f"{rel}", (sur + given, "NAME")]
        return [f"患者{rel}", (sur + given, "NAME")]

    # ---- demographics ------------------------------------------------------------------------------
    def s_sex(self, arg=None):
        return "男" if self.male else "女"

    def s_ta(self, arg=None):
        return "他" if self.male else "她"

    def s_agen(self, arg=None):
        return (str(self.age), "AGE") if self.age >= 90 else str(self.age)

    def s_age(self, arg=None):
        return [self.s_agen(), self.pick(("岁", "岁", "岁", "周岁"))]

    def s_year(self, arg=None):
        return str(self.enc.year - self.r.randint(1, 20))

    def _d(self, d: Date, full: bool = True):
        st = self.style if self.chance(0.7) else self.pick(ZH_FULL if full else (0, 1, 2, 3, 4, 5, 6, 7))
        return (zh_date(d, st), "DATE")

    def s_enc(self, arg=None):
        return self._d(self.enc)

    def s_adm(self, arg=None):
        return self._d(self.adm)

    def s_dc(self, arg=None):
        return self._d(self.enc)

    def s_dob(self, arg=None):
        return self._d(self.dob)

    def s_d(self, arg=None):
        return self._d(shift_days(self.enc, -self.r.randint(0, self.los)), full=False)

    def s_dshort(self, arg=None):
        d = shift_days(self.enc, -self.r.randint(0, self.los + 5))
        return (f"{d.month}月{d.day}日", "DATE")

    def s_dpast(self, arg=None):
        d = shift_days(self.enc, -self.r.randint(90, 3000))
        if self.chance(0.35):
            return (f"{d.year}年{d.month}月", "DATE")
        return self._d(d)

    def s_dfu(self, arg=None):
        return self._d(shift_days(self.enc, self.r.randint(7, 60)), full=False)

    def s_time(self, arg=None):
        return f"{self.r.randrange(24):02d}:{self.r.randrange(60):02d}"

    def s_dur(self, arg=None):
        return self.pick(("3天", "1周", "2天", "半月", "1月余", "10余天", "5小时", "1天", "4天", "2周", "3天余", "6小时"))

    # ---- identifiers -------------------------------------------------------------------------------
    def s_idno(self, arg=None):
        def mk():
            body = self.birth_region[3] + f"{self.dob.year:04d}{self.dob.month:02d}{self.dob.day:02d}"
            seq = self.r.randint(0, 99)
            # The 17th digit is odd for men, even for women.
            sex_digit = self.r.choice("13579" if self.male else "02468")
            first17 = body + f"{seq:02d}" + sex_digit
            return first17 + id_card_check_digit(first17)
        return (self.once("idno", mk), "NATIONAL_ID")

    def _mobile(self, key: str) -> str:
        return self.once("mob:" + key, lambda: self.pick(ZH_MOBILE_PREFIX) + random_digits(self.r, 8))

    def s_mobile(self, key="pt"):
        m = self._mobile(key)
        k = self.r.randrange(6)
        v = (m, m, f"{m[:3]} {m[3:7]} {m[7:]}", f"{m[:3]}-{m[3:7]}-{m[7:]}", f"+86 {m[:3]} {m[3:7]} {m[7:]}",
             f"+86-{m}")[k]
        return (v, "PHONE")

    def s_tel(self, key="pt"):
        area = self.region[4]
        num = self.once("tel:" + key,
                        lambda: str(self.r.randint(2, 8)) + random_digits(self.r,
                                                                    7 if len(area) == 3 or self.r.random() < 0.6 else 6))
        k = self.r.randrange(5)
        v = (f"{area}-{num}", f"({area}){num}", f"{area} {num[:-4]} {num[-4:]}", f"（{area}）{num}", f"{area}-{num}")[k]
        if key in ("dept", "fac") and self.chance(0.25):
            v += f"转{self.r.randint(100, 8999)}"
        return (v, "PHONE")

    def s_phone(self, key="pt"):
        return self.s_mobile(key) if key in ("pt", "rel") and self.chance(0.8) else self.s_tel(key)

    def s_email(self, arg="pt"):
        def mk():
            r = self.r
            if r.random() < 0.3:
                return f"{r.randint(10000, 2999999999)}@qq.com"
            py = self.sur_py + self.given_py
            return r.choice((f"{py}{self.dob.year}", f"{py}{r.randint(1, 999)}", f"{self.sur_py}_{self.given_py}",
                             f"{py}")) + "@" + r.choice(ZH_EMAIL_DOMAINS)
        return (self.once("email", mk), "EMAIL")

    def s_zyh(self, arg=None):  # 住院号
        return (self.once("zyh",
                          lambda: self.pick((random_digits(self.r, 10), f"{self.adm.year}{random_digits(self.r, 6)}",
                                             "ZY" + random_digits(self.r, 8), random_digits(self.r, 7)))), "MRN")

    def s_bah(self, arg=None):  # 病案号
        return (self.once("bah",
                          lambda: self.pick((random_digits(self.r, 8), random_digits(self.r, 6), "BA" + random_digits(self.r, 7)))),
                          "MRN")

    def s_mzh(self, arg=None):  # 门诊号
        return (self.once("mzh",
                          lambda: self.pick((random_digits(self.r, 12), "MZ" + random_digits(self.r, 10),
                                             f"{self.enc:%Y%m%d}{random_digits(self.r, 4)}"))), "MRN")

    def s_bed(self, arg=None):  # 床号
        return (self.once("bed",
                          lambda: self.pick((str(self.r.randint(1, 60)), f"+{self.r.randint(1, 9)}",
                                             f"{self.r.randint(1, 30):02d}",
                                                    f"{self.pick('ABC')}{self.r.randint(1, 40)}"))), "MRN")

    def s_jch(self, arg=None):  # 检查号 / 影像号
        return (self.once("jch",
                          lambda: self.pick((f"CT{self.enc:%Y%m%d}{random_digits(self.r, 4)}",
                                             f"US-{self.enc.year}-{random_digits(self.r, 6)}",
                                                    random_digits(self.r, 9), f"MR{random_digits(self.r, 8)}",
                                                    f"DR{self.enc:%y%m%d}{random_digits(self.r, 3)}"))), "MRN")

    def s_ybk(self, arg=None):  # 医保卡号 / 社保卡号
        return (self.once("ybk",
                          lambda: self.pick((random_digits(self.r, 10), self.birth_region[3][:2] + random_digits(self.r, 16),
                                             "M" + random_digits(self.r, 8) + self.pick("ABCD")))), "HEALTH_PLAN")

    # ---- places ------------------------------------------------------------------------------------
    def _city_short(self, reg=None) -> str:
        return (reg or self.region)[1].rstrip("市")

    def s_city(self, arg=None):
        reg = self.region if arg != "birth" else self.birth_region
        return (reg[1] if self.chance(0.7) else reg[1].rstrip("市"), "CITY")

    def s_prov(self, arg=None):  # a province alone is not labelled (like a US state)
        reg = self.region if arg != "birth" else self.birth_region
        return reg[0] if reg[0] != reg[1] else ""

    def s_birthplace(self, arg=None):
        reg = self.birth_region
        if reg[0] == reg[1]:
            return (reg[1], "CITY")
        if self.chance(0.5):
            return [reg[0], (reg[1], "CITY")]
        return [reg[0].rstrip("省"), (reg[1].rstrip("市"), "CITY")]

    def s_addr(self, arg=None):
        def mk():
            r = self.r
            prov, city, dist = self.region[:3]
            head = (city if prov == city else (prov + city if r.random() < 0.7 else city)) + dist
            if r.random() < 0.3:
                head = dist if r.random() < 0.5 and not dist.endswith("县") else head
            if dist.endswith("县"):
                return head + r.choice(ZH_TOWNS) + "镇" + r.choice(ZH_VILLAGES) + "村" + r.choice(("", f"{r.randint(1, 12)}组", f"{r.randint(1, 99)}号"))
            road = r.choice(ZH_ROADS)
            k = r.randrange(4)
            if k == 0:
                return f"{head}{road}{r.randint(1, 399)}号{r.choice(ZH_COMMUNITIES)}{r.randint(1, 30)}栋{r.randint(1, 6)}单元{r.randint(1, 33)}{r.randint(1, 4):02d}室"
            if k == 1:
                return f"{head}{road}{r.randint(1, 399)}号院{r.randint(1, 20)}号楼{r.randint(1, 28)}{r.randint(1, 6):02d}"
            if k == 2:
                return f"{head}{road}{r.randint(1, 999)}号"
            return f"{head}{r.choice(ZH_COMMUNITIES)}{r.randint(1, 30)}-{r.randint(1, 6)}-{r.randint(1, 28)}0{r.randint(1, 4)}"
        return (self.once("addr", mk), "ADDRESS")

    def _facility(self, key: str) -> str:
        def mk():
            r = self.r
            reg = self.region if key == "main" else r.choice(ZH_REGIONS)
            cs = reg[1].rstrip("市")
            k = r.randrange(10)
            if k < 3:
                return r.choice(ZH_FAMOUS)
            return (f"{cs}市第{r.choice(ZH_NUMS[:6])}人民医院", f"{cs}市中心医院", f"{cs}市中医医院", f"{reg[2]}人民医院",
                    f"{cs}医科大学附属第{r.choice(ZH_NUMS[:3])}医院", f"{reg[2]}{r.choice(ZH_ROADS)[:2]}社区卫生服务中心",
                    f"{cs}市妇幼保健院")[k - 3]
        return self.once("fac:" + key, mk)

    def s_fac(self, key="main"):
        return (self._facility(key), "FACILITY")

    def s_ofac(self, arg=None):
        return (self._facility("other"), "FACILITY")

    def s_dept(self, arg=None):
        return self.scen["dept"]

    # ---- clinical ----------------------------------------------------------------------------------
    def s_cc(self, arg=None):
        return self.tp(self.once("cc", lambda: self.pick(self.scen["cc"])))

    def s_dx(self, arg=None):
        main = self.once("dx", lambda: self.scen["dx"][0])
        return self.pick(self.scen["dx"]) if self.chance(0.15) else main

    def s_dcons(self, arg=None):  # request and reply share a day
        d = self.once("dcons", lambda: shift_days(self.adm, self.r.randint(1, max(1, self.los - 1))))
        return self._d(d, full=False)

    def s_dpre(self, arg=None):  # before admission, for the history
        return self._d(shift_days(self.adm, -self.r.randint(1, 40)), full=False)

    def s_vitals(self, arg=None):
        n = self.s_n
        return self.pick((f"T {n('tc')}℃，P {n('hr')}次/分，R {n('rr')}次/分，BP {n('sbp')}/{n('dbp_zh')}mmHg",
                          f"体温{n('tc')}℃，脉搏{n('hr')}次/分，呼吸{n('rr')}次/分，血压{n('sbp')}/{n('dbp_zh')}mmHg",
                          f"T:{n('tc')}℃ P:{n('hr')}bpm R:{n('rr')}bpm BP:{n('sbp')}/{n('dbp_zh')}mmHg SpO2:{n('spo2')}%"))

    def s_labs(self, arg=None):
        n = self.s_n
        return self.pick((f"血常规：WBC {n('wbc')}×10^9/L，Hb {n('hgb_zh')}g/L，PLT {n('plt')}×10^9/L。",
                          f"肝肾功能：ALT {n('alt_zh')}U/L，Cr {n('cr_zh')}μmol/L，K+ {n('k_zh')}mmol/L。",
                          f"生化：血钾{n('k_zh')}mmol/L，肌酐{n('cr_zh')}μmol/L，空腹血糖{n('glu_zh')}mmol/L。",
                          f"凝血功能未见明显异常，D-二聚体 {n('ddimer')}mg/L。"))

    def s_pmhtext(self, arg=None):
        if not self.pmh:
            return "既往体健。"
        return self.tp("有" + "，".join(self.pmh) + "。")

    def s_meds(self, arg=None):
        return "；".join(self.scen["meds"]) if self.scen["meds"] else "无特殊用药"

    def s_sn(self, arg=None):  # implant serial / lot
        return (self.once("sn", lambda: random_alnum(self.r, 2, "ABCDEFGHJKLMNPRSTUVWXYZ") + random_digits(self.r, 8)), "DEVICE")

    def s_los(self, arg=None):
        return str(self.los)

    def s_relage(self, arg=None):
        n = self.r.randint(85, 101)
        return (str(n), "AGE") if n >= 90 else str(n)

    def s_occ(self, arg=None):
        return self.pick(ZH_OCC)

    def s_tx(self, arg=None):
        return self.pick(self.scen["tx"])

    def s_test(self, arg=None):
        return self.pick(("血常规", "胸部CT", "心电图", "腹部彩超", "头颅MRI", "尿常规", "胃镜"))

    def s_med(self, arg=None):
        return self.pick(self.scen["meds"]) if self.scen["meds"] else "布洛芬缓释胶囊 0.3g 口服 每日两次"

    def head(self, name: str) -> None:
        st = self.hstyle
        self.doc.add((f"{name}：", f"【{name}】", f"{name}：\n", f"{name}:")[st])
