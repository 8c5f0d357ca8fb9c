"""English note context, part two: identifiers, addresses, clinical slots and section headers."""

from __future__ import annotations

from typing import Callable

from medcorpus.sample_data.en_clinical import BRANDS, EN_HEAD, FREQ, ROUTE
from medcorpus.sample_data.en_patient import EnglishPatient
from medcorpus.sample_data.en_vocab import (
    AREA_CODES, CARS, COLORS, DIRS, EMAIL_DOMAINS, OCCUPATIONS, PAYERS, STATES, STREET_SFX, STREETS, city_name,
    en_facility, slug,
)
from medcorpus.sample_data.fakers import fake_dea, fake_npi, fake_vin, random_alnum, random_digits
from medcorpus.sample_data.template import cap_first


class EnglishNote(EnglishPatient):
    """An English note being written: the patient plus their identifiers, places, clinical facts and headers."""

    # ---- identifiers -------------------------------------------------------------------------------
    def _phone_digits(self, key: str) -> tuple[str, str, str]:
        return self.once("ph:" + key,
                         lambda: (self.pick(AREA_CODES), str(self.r.randint(200, 999)), random_digits(self.r, 4)))

    def _fmt_phone(self, a: str, b: str, c: str, ext_ok: bool) -> str:
        k = self.pick(self.pstyles) if self.chance(0.75) else self.r.randrange(9)
        s = (f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"+1 ({a}) {b}-{c}",
             f"{a} {b} {c}", f"{a}{b}{c}", f"1-{a}-{b}-{c}", f"({a}){b}-{c}")[k]
        if ext_ok and self.chance(0.3):
            s += self.pick((" ext. ", " x", " ext ", " Ext. ")) + str(self.r.randint(100, 9999))
        return s

    def s_phone(self, key="home"):
        return (self._fmt_phone(*self._phone_digits(key), ext_ok=key in ("clinic", "office", "cons", "fac")), "PHONE")

    def s_fax(self, key="clinic"):
        return (self._fmt_phone(*self._phone_digits("fax:" + key), ext_ok=False), "FAX")

    def s_email(self, arg="pt"):
        def mk():
            r = self.r
            if arg == "pt":
                f, l = slug(self.first), slug(self.last)
            elif arg == "rel":
                _, f, l = self._relative()
                f, l = slug(f), slug(l)
            else:
                f, l = slug(self.person(arg)[0]), slug(self.person(arg)[1])
                return f"{f[0]}{l}@{slug(self._fac('hospital'))[:14]}.org"
            local = r.choice((f"{f}.{l}", f"{f[0]}{l}", f"{f}{l}{r.randint(1, 99)}", f"{f}_{l}",
                              f"{l}.{f}{r.randint(50, 99)}",
                              f"{f}{r.randint(1940, 2005)}", f"{f[0]}{l}{r.randint(1, 999)}"))
            return f"{local}@{r.choice(EMAIL_DOMAINS)}"
        return (self.once("em:" + arg, mk), "EMAIL")

    def s_ssn(self, arg=None):
        def mk():
            r = self.r
            area = r.randint(1, 899)
            if area == 666:
                area = 667
            return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
        v = self.once("ssn", mk)
        return (v.replace("-", "") if self.chance(0.1) else v, "SSN")

    def s_ssn4(self, arg=None):
        return (self.s_ssn()[0][-4:], "SSN")

    def s_mrn(self, arg=None):
        def mk():
            r = self.r
            k = r.randrange(6)
            return (random_digits(r, 8), random_digits(r, 7), "00" + random_digits(r, 8),
                    f"{random_digits(r, 3)}-{random_digits(r, 2)}-{random_digits(r, 2)}",
                    "M" + random_digits(r, 7), f"{r.choice('ABCEKMRT')}{r.choice('ABCEKMRT')}{random_digits(r, 6)}")[k]
        return (self.once("mrn", mk), "MRN")

    def s_acc(self, arg=None):  # accession numbers are record numbers
        return (self.once("acc",
                          lambda: self.pick(("", "RAD", "CT", "A")) + random_digits(self.r, self.r.choice((7, 8, 9)))), "MRN")

    def s_acct(self, arg=None):
        def mk():
            r = self.r
            return r.choice((random_digits(r, 10), "A" + random_digits(r, 9), f"{random_digits(r, 4)}-{random_digits(r, 3)}-{random_digits(r, 2)}",
                             "HAR " + random_digits(r, 9), random_digits(r, 12)))
        v = self.once("acct", mk)
        if v.startswith("HAR "):  # "HAR" is the account type, not part of the number
            return ["HAR ", (v[4:], "ACCOUNT")]
        return (v, "ACCOUNT")

    def s_plan(self, arg=None):
        def mk():
            r = self.r
            k = r.randrange(6)
            if k == 0:  # Medicare beneficiary identifier shape
                L = "ACDEFGHJKMNPQRTUVWXY"
                v = (str(r.randint(1, 9)) + r.choice(L) + r.choice(L + "0123456789") + str(r.randrange(10)) + "-" + r.choice(L)
                     + r.choice(L + "0123456789") + str(r.randrange(10)) + "-" + r.choice(L) + r.choice(L) + random_digits(r, 2))
                return v
            return (None, r.choice("XYZWHJ") + r.choice("ABCDEGHK") + r.choice("ABCDEGHK") + random_digits(r, 9),
                    "W" + random_digits(r, 9),
                    random_digits(r, 3) + "-" + random_digits(r, 2) + "-" + random_digits(r, 4) + "-" + random_digits(r, 2),
                    "MBR" + random_digits(r, 8),
                    random_digits(r, 11) + r.choice("ABCD"))[k]
        return (self.once("plan", mk), "HEALTH_PLAN")

    def s_payer(self, arg=None):
        return self.once("payer", lambda: self.pick(PAYERS))

    def s_natid(self, arg=None):
        def mk():
            r = self.r
            A = "ABCDEFGHJKLMNPRSTUVWXYZ"
            k = r.randrange(6)
            if k == 0:
                return "Passport #: ", random_alnum(r, 2, A) + random_digits(r, 7)
            if k == 1:
                return "Alien Registration #: ", f"A{random_digits(r, 3)}-{random_digits(r, 3)}-{random_digits(r, 3)}"
            if k == 2:
                return "Aadhaar: ", f"{r.randint(2, 9)}{random_digits(r, 3)} {random_digits(r, 4)} {random_digits(r, 4)}"
            if k == 3:
                return "CURP: ", (random_alnum(r, 4, A) + random_digits(r, 6) + r.choice("HM") + random_alnum(r, 5, A) + random_digits(r, 2))
            if k == 4:
                return "Canadian SIN: ", f"{r.randint(1, 7)}{random_digits(r, 2)} {random_digits(r, 3)} {random_digits(r, 3)}"
            return "National ID card: ", random_digits(r, 10)
        lab, v = self.once("natid", mk)
        return (v, "NATIONAL_ID") if arg == "bare" else [lab, (v, "NATIONAL_ID")]

    def s_dl(self, arg=None):
        def mk():
            r = self.r
            return r.choice((r.choice("ABDEFGHJKLMNPRSTWY") + random_digits(r, 7), random_digits(r, 9),
                             f"S{random_digits(r, 3)}-{random_digits(r, 4)}-{random_digits(r, 4)}",
                             f"{r.choice('ABCDEFGHJKLMNPRSTVWXYZ')}{random_digits(r, 3)}-{random_digits(r, 3)}-{random_digits(r, 2)}-{random_digits(r, 3)}-0",
                             f"{r.choice('ABCDEFGHJKLMNPRSTVWXYZ')}{random_digits(r, 12)}"))
        return (self.once("dl", mk), "LICENSE")

    def s_dea(self, role="att"):
        return (self.once("dea:" + role, lambda: fake_dea(self.r, self.person(role)[1])), "LICENSE")

    def s_npi(self, role="att"):
        return (self.once("npi:" + role, lambda: fake_npi(self.r)), "LICENSE")

    def s_medlic(self, role="att"):
        return (self.once("lic:" + role,
                          lambda: self.pick(("", "MD", "DO", "")) + random_digits(self.r, self.r.choice((5, 6, 7)))),
                          "LICENSE")

    def s_plate(self, arg=None):
        def mk():
            r = self.r
            A = "ABCDEFGHJKLMNPRSTUVWXYZ"
            return r.choice((f"{r.randint(1, 9)}{random_alnum(r, 3, A)}{random_digits(r, 3)}", f"{random_alnum(r, 3, A)}-{random_digits(r, 4)}",
                             f"{random_alnum(r, 3, A)} {random_digits(r, 4)}", f"{random_digits(r, 3)} {random_alnum(r, 3, A)}",
                             f"{random_alnum(r, 2, A)}{random_digits(r, 2)}{random_alnum(r, 3, A)}",
                             f"{r.randint(1, 9)}{random_alnum(r, 2, A)}-{random_digits(r, 4)}"))
        return (self.once("plate", mk), "VEHICLE")

    def s_vin(self, arg=None):
        return (self.once("vin", lambda: fake_vin(self.r)), "VEHICLE")

    def s_car(self, arg=None):  # make/model/year/colour are not identifiers
        return f"{self.r.randint(2004, 2022)} {self.pick(COLORS)} {self.pick(CARS)}"

    def s_serial(self, arg=None):
        def mk():
            r = self.r
            A = "ABCDEFGHJKLMNPRSTUVWXYZ"
            return r.choice((f"{random_alnum(r, 3, A)}{random_digits(r, 6)}{r.choice('SHGR')}", f"{random_digits(r, 4)}-{random_digits(r, 5)}",
                             f"SN{random_digits(r, 8)}", f"{random_alnum(r, 2, A)}{random_digits(r, 7)}", f"{random_digits(r, 10)}",
                             f"{random_alnum(r, 4, A)}-{random_alnum(r, 4)}-{random_digits(r, 3)}"))
        return (self.once("serial:" + (arg or ""), mk), "DEVICE")

    def s_lot(self, arg=None):
        r = self.r
        return (self.pick((f"{random_digits(r, 4)}{self.pick('ABCDEFGH')}{random_digits(r, 3)}", f"{random_digits(r, 8)}",
                           f"{random_alnum(r, 2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}{random_digits(r, 6)}", f"L{random_digits(r, 7)}")), "DEVICE")

    def s_udi(self, arg=None):  # GS1 UDI device identifier with serial
        r = self.r
        return (f"(01){random_digits(r, 14)}(21){random_digits(r, 8)}", "DEVICE")

    def s_url(self, arg="portal"):
        def mk():
            r = self.r
            f, l = slug(self.first), slug(self.last)
            fac = slug(self._fac("hospital"))[:16]
            tok = random_alnum(r, 8, "abcdefghjkmnpqrstuvwxyz23456789")
            if arg == "tele":
                return r.choice((f"https://telehealth.{fac}.org/join/{tok}",
                                 f"https://{fac}.zoomgov.example/j/{random_digits(r, 10)}",
                                 f"https://vv.{fac}.org/visit?room={tok}"))
            if arg == "fund":
                return r.choice((f"https://www.gofundme.com/f/help-{f}-{l}", f"www.caringbridge.org/visit/{f}{l}",
                                 f"https://www.mealtrain.com/trains/{tok}", f"http://{f}{l}.blogspot.com"))
            return r.choice((f"https://mychart.{fac}.org/MyChart/Visit?id={random_digits(r, 9)}",
                             f"https://portal.{fac}.org/p/{tok}",
                             f"https://{fac}.followmyhealth.com/patient/{random_digits(r, 8)}",
                             f"https://records.{fac}.org/req/{tok}"))
        return (self.once("url:" + (arg or ""), mk), "URL")

    def s_ip(self, arg=None):
        r = self.r
        k = r.randrange(5)
        if k == 0:
            return (f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randint(1, 254)}", "IP_ADDRESS")
        if k == 1:
            return (f"192.168.{r.randrange(256)}.{r.randint(1, 254)}", "IP_ADDRESS")
        if k in (2, 3):
            return (f"{r.choice((24, 50, 66, 67, 68, 71, 73, 76, 98, 104, 108, 172, 174, 184, 198))}.{r.randrange(256)}."
                    f"{r.randrange(256)}.{r.randint(1, 254)}", "IP_ADDRESS")
        groups = [f"{r.randrange(65536):x}" for _ in range(4)]
        return (self.pick((f"2601:{groups[0]}:{groups[1]}:{groups[2]}::{groups[3]}",
                           f"2001:db8:{groups[0]}:{groups[1]}:{groups[2]}:{groups[3]}:{r.randrange(65536):x}:{r.randrange(65536):x}",
                           f"fe80::{groups[0]}:{groups[1]}:{groups[2]}:{groups[3]}")), "IP_ADDRESS")

    # ---- places ------------------------------------------------------------------------------------
    def _fac(self, kind: str) -> str:
        return self.once("fac:" + kind,
                         lambda: en_facility(self.r,
                                              kind if kind in ("hospital", "nh", "clinic", "pharm") else "clinic"))

    def s_fac(self, kind="hospital"):
        name = self._fac(kind)
        if kind == "hospital" and name.startswith(("St. ", "Saint ")) and self.chance(0.25):
            # Short forms ("St. Mary's") are how staff actually write them.
            saint = name.split()[1]
            saint = saint[:-2] if saint.endswith("'s") else saint
            return (f"St. {saint}'s", "FACILITY")
        return (name, "FACILITY")

    def s_ofac(self, arg=None):  # an outside hospital
        return (self.once("fac:other", lambda: en_facility(self.r, "hospital")), "FACILITY")

    def _addr(self, key: str) -> tuple[str, str, str, str]:
        def mk():
            r = self.r
            street = r.choice(STREETS)
            num = str(r.choice((r.randint(1, 99), r.randint(100, 999), r.randint(1000, 9999), r.randint(10000, 29999))))
            pre = (r.choice(DIRS) + " ") if r.random() < 0.2 else ""
            line = f"{num} {pre}{street} {r.choice(STREET_SFX)}"
            k = r.random()
            if k < 0.12:
                line = f"PO Box {r.randint(10, 9999)}"
            elif k < 0.4:
                line += r.choice((", Apt ", " Apt. ", ", Unit ", " #", ", Suite ", ", Apt. ", " Fl ")) + r.choice(
                    (str(r.randint(1, 30)) + r.choice(("", "A", "B", "C", "D")), str(r.randint(101, 1210))))
            zip5 = f"{r.randint(1, 99999):05d}"
            z = zip5 + (f"-{r.randint(1, 9999):04d}" if r.random() < 0.3 else "")
            return line, city_name(r), r.choice(STATES), z
        return self.once("addr:" + key, mk)

    def s_street(self, key="pt"):
        return (self._addr(key)[0], "ADDRESS")

    def s_city(self, key="pt"):
        return (self._addr(key)[1], "CITY")

    def s_state(self, key="pt"):
        return self._addr(key)[2]

    def s_zip(self, key="pt"):
        return (self._addr(key)[3], "ZIP")

    def s_streetname(self, key="pt"):  # "Hawthorne Street" on its own is still a street address
        return (self.once("sn:" + key,
                          lambda: f"{self.pick(STREETS)} {self.pick(('Street', 'Avenue', 'Road', 'Lane', 'Drive'))}"),
                          "ADDRESS")

    def s_cityline(self, key="pt"):  # "Oakfield, MA 01234"
        line, city, st, z = self._addr(key)
        sep = self.pick((", ", ", ", " "))
        return [(city, "CITY"), f"{sep}{st} ", (z, "ZIP")]

    def s_addr1(self, key="pt"):  # one-line full address
        return [self.s_street(key), self.pick((", ", ", ", " ")), self.s_cityline(key)]

    def s_addr2(self, key="pt"):  # two-line block
        return [self.s_street(key), "\n", self.s_cityline(key)]

    # ---- clinical ----------------------------------------------------------------------------------
    def s_cc(self, arg=None):
        # One complaint per note, with an occasional synonym, as a real chart reads.
        main = self.once("cc", lambda: self.pick(self.scen["cc"]))
        return self.pick(self.scen["cc"]) if self.chance(0.15) else main

    def s_dx(self, arg=None):
        return self.pick(self.scen["dx"])

    def s_service(self, arg=None):
        return self.scen["service"]

    def s_pmhlist(self, arg=None):
        names = [self.pick((p[0],) + p[1]) for p in self.pmh]
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + self.pick((", and ", " and ", ", ")) + names[-1]

    def s_fu_svc(self, arg=None):
        return cap_first(self.scen["fu"]) if self.chance(0.5) else self.scen["fu"]

    def s_pre(self, arg=None):
        return self.proc["pre"].lower()

    def s_rx(self, arg=None):
        return self.medline(self.pick(self.scen["meds"]), 0)

    def s_drug(self, arg=None):
        meds = self.meds()
        return (self.pick(meds) if meds else self.pick(self.scen["meds"]))[0]

    def s_where(self, arg=None):
        return self.pick(("alone", "with family", "with a roommate", "in senior housing", "independently"))

    def s_occ(self, arg=None):
        return self.pick(OCCUPATIONS)

    def s_vitals(self, arg=None):
        r = self.r
        tf = self.s_n("tf")
        sp = self.s_n("spo2")
        o2 = self.pick(("RA", "room air", f"{self.s_n('o2l')}L NC", "on RA"))
        k = r.randrange(5)
        if k == 0:
            return f"T {tf} F, HR {self.s_n('hr')}, BP {self.s_n('sbp')}/{self.s_n('dbp')}, RR {self.s_n('rr')}, SpO2 {sp}% {o2}"
        if k == 1:
            return (f"Temp {self.s_n('tc')} C | Pulse {self.s_n('hr')} | BP {self.s_n('sbp')}/{self.s_n('dbp')} | Resp {self.s_n('rr')} | "
                    f"O2 sat {sp}% {o2}")
        if k == 2:
            return f"VS: {tf}, {self.s_n('hr')}, {self.s_n('sbp')}/{self.s_n('dbp')}, {self.s_n('rr')}, {sp}% {o2}"
        if k == 3:
            return (f"BP: {self.s_n('sbp')}/{self.s_n('dbp')} mmHg  HR: {self.s_n('hr')} bpm  RR: {self.s_n('rr')}  T: {self.s_n('tc')}°C  "
                    f"SpO2: {sp}%")
        return f"afebrile, HR {self.s_n('hr')}, BP {self.s_n('sbp')}/{self.s_n('dbp')}, sat {sp}% {o2}"

    def s_htwt(self, arg=None):
        ht = self.r.randint(150, 193)
        wt = self.r.uniform(48, 130)
        return self.pick((f"Ht {ht} cm, Wt {wt:.1f} kg, BMI {wt / (ht / 100) ** 2:.1f}",
                          f"Height: {ht // 30.48:.0f}' {round((ht / 2.54) % 12)}\" ({ht} cm)  Weight: {wt * 2.2046:.0f} lb ({wt:.1f} kg)",
                          f"Wt {wt:.1f} kg"))

    def s_labs(self, arg=None):
        r = self.r
        n = self.s_n
        k = r.randrange(5)
        if k == 0:
            return (f"Na {n('na')}, K {n('k')}, Cl {n('cl')}, HCO3 {n('hco3')}, BUN {n('bun')}, Cr {n('cr')}, Glu {n('glu')}. "
                    f"WBC {n('wbc')}, Hgb {n('hgb')}, Plt {n('plt')}.")
        if k == 1:
            return (f"{n('na')} | {n('cl')} | {n('bun')}\n{n('k')} | {n('hco3')} | {n('cr')} < {n('glu')}\n"
                    f"WBC {n('wbc')} > Hgb {n('hgb')} / Hct {n('hct')} < Plt {n('plt')}")
        if k == 2:
            rows = [("Sodium", n("na"), "mmol/L", "135-145"), ("Potassium", n("k"), "mmol/L", "3.5-5.1"),
                    ("Creatinine", n("cr"), "mg/dL", "0.6-1.3"), ("Glucose", n("glu"), "mg/dL", "70-99"),
                    ("WBC", n("wbc"), "K/uL", "4.0-11.0"), ("Hemoglobin", n("hgb"), "g/dL", "12.0-16.0"),
                    ("Platelets", n("plt"), "K/uL", "150-400"), ("INR", n("inr"), "", "0.9-1.1"),
                    ("Troponin I", n("trop"), "ng/mL", "<0.04"), ("Lactate", n("lact"), "mmol/L", "0.5-2.0"),
                    ("ALT", n("alt"), "U/L", "7-56"), ("TSH", n("tsh"), "uIU/mL", "0.4-4.0")]
            rows = r.sample(rows, r.randint(4, 8))
            return "\n".join(f"{a:<12}{b:>7} {c:<7} ({d})" for a, b, c, d in rows)
        if k == 3:
            return f"BMP notable for Cr {n('cr')} and K {n('k')}; CBC with WBC {n('wbc')}, Hgb {n('hgb')}. A1c {n('a1c')}%."
        return f"CBC: {n('wbc')}/{n('hgb')}/{n('hct')}/{n('plt')}. Chem 7: {n('na')}/{n('k')}/{n('cl')}/{n('hco3')}/{n('bun')}/{n('cr')}/{n('glu')}."

    def s_results(self, arg=None):
        res = self.some(self.scen["results"], 1)
        return self.tp(" ".join(res))

    def medline(self, med, style: int) -> str:
        drug, dose, route, freq = med
        fr = self.pick(FREQ[freq])
        rt = self.pick(ROUTE[route])
        if style == 0:
            return f"{drug} {dose} {rt} {fr}"
        if style == 1:
            return f"{cap_first(drug)} {dose.replace(' ', '')} {rt.lower()} {fr.lower()}"
        if style == 2:
            b = BRANDS.get(drug)
            return f"{drug} ({b.upper()}) {dose} tablet, take {dose} {rt} {fr}" if b else f"{drug} {dose}, {rt} {fr}"
        if style == 3:
            return f"{drug.upper()} {dose} {fr.upper()}"
        return f"{cap_first(drug)} {dose} | {rt} | {fr}"

    def meds(self, extra=()) -> list:
        out = []
        for p in self.pmh:
            if p[3]:
                out.extend(self.some(list(p[3]), 1, 2))
        out.extend(extra)
        seen, uniq = set(), []
        for m in out:
            if m[0] not in seen:
                seen.add(m[0])
                uniq.append(m)
        return uniq

    # ---- section headers ---------------------------------------------------------------------------
    def hname(self, key: str) -> str:
        return self.once("h:" + key, lambda: self.pick(EN_HEAD[key]) if key in EN_HEAD else key)

    def head(self, key: str, block: bool = False) -> None:
        name = self.hname(key)
        st = self.hstyle
        up = name.upper()
        if st == 0:
            s = f"{up}:\n"
        elif st == 1:
            s = f"{name}:\n"
        elif st == 2:
            s = f"{up}:\n" if block else f"{up}: "
        elif st == 3:
            s = f"{name}:\n" if block else f"{name}: "
        elif st == 4:
            s = f"{up}\n"
        elif st == 5:
            s = f"--- {name} ---\n"
        else:
            s = f"{up}\n{'-' * len(up)}\n"
        self.doc.add(s)

    def sep(self) -> None:
        self.doc.add(self.once("sep", lambda: self.pick(("\n\n", "\n\n", "\n"))))

    def section(self, key: str, body: Callable[[], None], block: bool = False) -> None:
        self.head(key, block)
        body()
        self.sep()
