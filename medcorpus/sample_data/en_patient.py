"""English note context, part one: the fake patient, their dates, clinicians and relatives."""

from __future__ import annotations

import random

from medcorpus.sample_data.en_scenarios import CHRONIC, CHRONIC_FIT, OUTPATIENT_SCEN, SCENARIOS
from medcorpus.sample_data.en_vocab import (
    CREDENTIALS, EN_FEMALE, EN_FULL_STYLES, EN_LAST, EN_MALE, EN_PRIMARY, EN_SHORT_STYLES, MIDDLE_INITIALS, en_date,
    ordinal,
)
from medcorpus.sample_data.fakers import ENC_HI, ENC_LO, Date, date_of_birth, random_date, shift_days
from medcorpus.sample_data.template import NoteContext


class EnglishPatient(NoteContext):
    """An English note's patient: name, demographics, dates, clinicians and relatives."""

    def __init__(self, r: random.Random) -> None:
        super().__init__(r)
        self.male = r.random() < 0.5
        self.first = r.choice(EN_MALE if self.male else EN_FEMALE)
        self.last = r.choice(EN_LAST)
        self.mid = r.choice(MIDDLE_INITIALS) if r.random() < 0.35 else ""
        # Over-sample the 90+ band so AGE has enough gold; younger ages stay the majority.
        self.age = r.randint(90, 104) if r.random() < 0.17 else int(r.triangular(19, 89.99, 66))
        self.enc = random_date(r, ENC_LO, ENC_HI)
        self.dob = date_of_birth(r, self.enc, self.age)
        self.los = r.randint(1, 9)
        self.adm = shift_days(self.enc, -self.los)
        self.style = r.choice(EN_PRIMARY)
        self.pstyles = r.sample(range(9), 2)
        self.hstyle = r.randrange(7)
        npmh = r.randint(1, 3) + (self.age > 60) + (self.age > 75) + (r.random() < 0.3)
        fits = [p for p in CHRONIC if self._fits(p[0])]
        self.pmh = r.sample(fits, min(npmh, len(fits)))
        self.scen = r.choice(SCENARIOS)
        self.proc = None
        self._people: dict[str, tuple[str, str, str]] = {}

    def _fits(self, problem: str) -> bool:
        sex, min_age = CHRONIC_FIT.get(problem, (None, 0))
        return self.age >= min_age and (sex is None or (sex == "M") == self.male)

    def outpatient(self) -> None:
        """Clinic / video / phone notes get a problem that is seen outside hospital."""
        while self.scen["key"] not in OUTPATIENT_SCEN:
            self.scen = self.pick(SCENARIOS)

    def inpatient(self) -> None:
        """Admission-type notes need a scenario that gets admitted."""
        while self.scen.get("minor"):
            self.scen = self.pick(SCENARIOS)

    # ---- patient name ------------------------------------------------------------------------------
    def _title(self) -> str:
        if self.male:
            return self.pick(("Mr. ", "Mr. ", "Mr. ", "Mr "))
        return self.pick(("Ms. ", "Ms. ", "Mrs. ", "Mrs. ", "Miss ", "Ms "))

    def _full(self) -> tuple[str, str]:
        if self.mid and self.chance(0.5):
            return (f"{self.first} {self.mid}. {self.last}", "NAME")
        return (f"{self.first} {self.last}", "NAME")

    def s_pt(self, arg=None):
        k = self.r.random()
        if k < 0.20:
            return self._full()
        if k < 0.52:
            return [self._title(), (self.last, "NAME")]
        if k < 0.60:
            return [self._title(), self._full()]
        if k < 0.72:
            return (self.first, "NAME")
        if k < 0.80:
            return (self.last, "NAME")
        if k < 0.90:
            return (f"{self.first[0]}. {self.last}", "NAME")
        return (f"{self.last}, {self.first}", "NAME")

    def s_ptt(self, arg=None):  # titled form only, the usual way notes refer back to the patient
        return [self._title(), (self.last, "NAME")] if self.chance(0.8) else self._full()

    def s_ptfirst(self, arg=None):
        return (self.first, "NAME")

    def s_ptname(self, arg=None):  # header/label form
        k = self.r.randrange(7)
        m = f" {self.mid}" if self.mid else ""
        v = (f"{self.last}, {self.first}{m}", f"{self.last.upper()}, {self.first.upper()}{m}",
             f"{self.first} {self.last}",
             f"{self.first}{m + '.' if m else ''} {self.last}", f"{self.last.upper()}, {self.first.upper()}",
             f"{self.first} {self.last}", f"{self.last}, {self.first}")[k]
        return (v, "NAME")

    def s_ptinit(self, arg=None):
        return (f"{self.first[0]}.{self.mid + '.' if self.mid else ''} {self.last}", "NAME")

    # ---- pronouns and demographics -----------------------------------------------------------------
    def s_he(self, arg=None):
        return "he" if self.male else "she"

    def s_He(self, arg=None):
        return "He" if self.male else "She"

    def s_his(self, arg=None):
        return "his" if self.male else "her"

    def s_His(self, arg=None):
        return "His" if self.male else "Her"

    def s_him(self, arg=None):
        return "him" if self.male else "her"

    def s_man(self, arg=None):
        return self.pick(("man", "gentleman", "male")) if self.male else self.pick(("woman", "lady", "female"))

    def s_MF(self, arg=None):
        return "M" if self.male else "F"

    def s_sex(self, arg=None):
        return self.pick(("Male", "M", "male")) if self.male else self.pick(("Female", "F", "female"))

    def _agep(self, n: int):
        return (str(n), "AGE") if n >= 90 else str(n)

    def s_agen(self, arg=None):
        return self._agep(self.age)

    def s_age(self, arg=None):
        a = self._agep(self.age)
        k = self.r.randrange(8)
        return ([a, "-year-old"], [a, " yo"], [a, " y/o"], [a, "-year-old"], [a, " year old"], [a, "-yr-old"],
                [a, "-year-old"], [a, "yo"])[k]

    def s_agesex(self, arg=None):  # "67M", "92 y.o. F", "67 yo F"
        a = self._agep(self.age)
        mf = "M" if self.male else "F"
        return self.pick(([a, mf], [a, " y.o. ", mf], [a, " yo ", mf], [a, "/", mf], [a, " ", mf]))

    # ---- dates -------------------------------------------------------------------------------------
    def _dstyle(self, need_year: bool = False) -> str:
        if self.chance(0.7):
            return self.style
        return self.pick(EN_FULL_STYLES if need_year else EN_FULL_STYLES + EN_SHORT_STYLES)

    def _d(self, d: Date, need_year: bool = False):
        return (en_date(d, self._dstyle(need_year)), "DATE")

    def s_enc(self, arg=None):
        return self._d(self.enc, True)

    def s_adm(self, arg=None):
        return self._d(self.adm, True)

    def s_dc(self, arg=None):
        return self._d(self.enc, True)

    def s_dob(self, arg=None):
        return self._d(self.dob, True)

    def s_d(self, arg=None):  # a date during the stay / around the visit
        d = shift_days(self.enc, -self.r.randint(0, self.los + 3))
        return self._d(d)

    def s_dshort(self, arg=None):
        d = shift_days(self.enc, -self.r.randint(0, self.los + 2))
        return (en_date(d, self.pick(EN_SHORT_STYLES)), "DATE")

    def s_dord(self, arg=None):  # "on the 14th": the span is "14th"
        d = shift_days(self.enc, -self.r.randint(1, 20))
        return (ordinal(d.day), "DATE")

    def s_dpast(self, arg=None):  # months-to-years ago
        d = shift_days(self.enc, -self.r.randint(60, 3000))
        return (en_date(d, self.pick(EN_FULL_STYLES + ("Mon yyyy", "Month yyyy", "Mon yyyy"))), "DATE")

    def s_dmy(self, arg=None):
        d = shift_days(self.enc, -self.r.randint(30, 2500))
        return (en_date(d, self.pick(("Mon yyyy", "Month yyyy"))), "DATE")

    def s_dfu(self, arg=None):
        d = shift_days(self.enc, self.r.randint(5, 60))
        return self._d(d)

    def s_year(self, arg=None):  # a year on its own is not PHI
        return str(self.enc.year - self.r.randint(1, 18))

    def s_time(self, arg=None):
        h, m = self.r.randrange(24), self.r.randrange(0, 60, 1)
        k = self.r.randrange(3)
        if k == 0:
            return f"{h:02d}:{m:02d}"
        if k == 1:
            return f"{h:02d}{m:02d}"
        return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"

    def s_dur(self, arg=None):
        return self.pick(("2 days", "3 days", "1 week", "several days", "4-5 days", "24 hours", "2 weeks", "6 hours",
                          "three days", "about a week", "5 days", "48 hours", "10 days"))

    # ---- people ------------------------------------------------------------------------------------
    def person(self, role: str) -> tuple[str, str, str]:
        p = self._people.get(role)
        if p is None:
            male = self.r.random() < 0.5
            p = (self.pick(EN_MALE if male else EN_FEMALE), self.pick(EN_LAST), self.pick(CREDENTIALS.get(role, ("MD",))))
            self._people[role] = p
        return p

    def s_dr(self, role="att"):  # in-text reference
        first, last, cred = self.person(role)
        if cred in ("RN", "RN, BSN", "LPN", "LICSW", "LCSW", "MSW", "PharmD", "RPh", "CRNA", "NP", "ANP-BC", "PA-C",
                    "FNP-C"):
            return self.pick(([(f"{first} {last}", "NAME"), f", {cred}"], (first, "NAME"), (f"{first} {last}", "NAME")))
        k = self.r.randrange(6)
        if k < 3:
            return ["Dr. ", (last, "NAME")]
        if k == 3:
            return ["Dr. ", (f"{first} {last}", "NAME")]
        if k == 4:
            return ["Dr ", (last, "NAME")]
        return [(f"{first} {last}", "NAME"), f", {cred}"]

    def s_drsig(self, role="att"):  # signature / header form
        first, last, cred = self.person(role)
        mi = self.pick(MIDDLE_INITIALS)
        k = self.r.randrange(6)
        if k == 0:
            return [(f"{first} {last}", "NAME"), f", {cred}"]
        if k == 1:
            return [(f"{first} {mi}. {last}", "NAME"), f", {cred}"]
        if k == 2:
            return [(f"{last}, {first}", "NAME"), f" {cred}"]
        if k == 3:
            return [(f"{first.upper()} {last.upper()}", "NAME"), f", {cred.upper()}"]
        if k == 4:
            return [(f"{first[0]}. {last}", "NAME"), f", {cred}"]
        return [(f"{first} {last}", "NAME"), f" {cred}"]

    def s_drlast(self, role="att"):
        return (self.person(role)[1], "NAME")

    def s_drfirst(self, role="att"):
        return (self.person(role)[0], "NAME")

    def _relative(self):
        def mk():
            r = self.r
            rels = ["daughter", "son", "niece", "nephew", "sister", "brother", "grandson", "granddaughter", "friend",
                    "neighbor"]
            if self.age > 25:
                rels += ["wife" if self.male else "husband"] * 3
            if self.age < 55:
                rels += ["mother", "father"]
            rel = r.choice(rels)
            male = rel in ("son", "nephew", "brother", "grandson", "husband",
                           "father") or (rel in ("friend", "neighbor") and r.random() < 0.5)
            first = r.choice(EN_MALE if male else EN_FEMALE)
            last = self.last if rel in ("wife", "husband", "son", "grandson", "brother",
                                        "father") and r.random() < 0.8 else r.choice(EN_LAST)
            return rel, first, last
        return self.once("rel", mk)

    def s_relw(self, arg=None):
        return self._relative()[0]

    def s_reln(self, arg=None):
        rel, first, last = self._relative()
        k = self.r.randrange(4)
        if k == 0:
            return (first, "NAME")
        if k == 1:
            return (f"{first} {last}", "NAME")
        if k == 2 and rel not in ("son", "daughter", "grandson", "granddaughter", "niece", "nephew", "friend",
                                  "neighbor"):
            return [("Mr. " if rel in ("husband", "brother", "father") else "Mrs. "), (last, "NAME")]
        return (first, "NAME")

    def s_rel(self, arg=None):  # "his daughter, Maria" / "wife (Linda Park)"
        rel, _, _ = self._relative()
        k = self.r.randrange(4)
        name = self.s_reln()
        if k == 0:
            return [f"{self.s_his()} {rel}, ", name]
        if k == 1:
            return [f"{self.s_his()} {rel} ", name]
        if k == 2:
            return [f"{rel} (", name, ")"]
        return [name, f" ({rel})"]

    def s_relage(self, arg=None):  # an older relative's age, sometimes over 89
        n = self.r.randint(86, 101)
        return self._agep(n)
