"""English planting: MTSamples transcriptions with their PHI replaced and new PHI inserted."""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path
from typing import Callable

from planting.edits import MIN_SOURCE_FRACTION, Edits, Reject, make_record, pieces_len
from planting.en_fake import (
    BIG_CITY_RE, CITY_STATE_RE, EN_ALT_STYLES, EN_DATE_PATTERNS, EN_FULL, HOLIDAYS, EnFake, en_date,
)
from planting.en_leftovers import (
    CRED_RE, GENERIC_FAC, NAME_STOP, NAME_TOKEN_RE, PLACEHOLDER_RE, TITLE_RE, EnCorpusStats, facility_phrases,
    find_en_leftovers,
)
from planting.values import Date, random_digits, safe_date, shift_days


_SECTION_RE = re.compile(r"(?:(?<=^)|(?<=[,.\n]))\s*(?P<name>[A-Z][A-Z0-9 /&'()\-]{2,60}):\s*,?\s*")
_PLAN_SECTIONS = ("PLAN", "DISPOSITION", "FOLLOW-UP", "FOLLOWUP", "FOLLOW UP", "RECOMMENDATION", "RECOMMENDATIONS",
                  "DISCHARGE INSTRUCTIONS", "INSTRUCTIONS", "ASSESSMENT AND PLAN", "IMPRESSION AND PLAN",
                  "ASSESSMENT/PLAN", "IMPRESSION/PLAN", "DISCHARGE PLAN", "FOLLOWUP INSTRUCTIONS")
_FEMALE_RE = re.compile(r"\b(?:she|her|hers|woman|female|girl|lady|Mrs|Ms)\b", re.I)
_MALE_RE = re.compile(r"\b(?:he|his|him|man|male|boy|gentleman|Mr)\b", re.I)
_AGE_RE = re.compile(r"\b(?P<n>\d{1,3})(?P<rest>(?:[- ]?(?:years?|yrs?)[- ]old|\s*(?:y/o|yo|y\.o\.)(?![a-z])|-year\b))", re.I)
_AGE2_RE = re.compile(r"\b(?:age|aged)\s+(?:of\s+)?(?P<n>\d{1,3})\b", re.I)
_SERIAL_RE = re.compile(r"(?i)\bserial\s*(?:number|no\.?|#)\s*:?\s*(?P<v>(?=[A-Z0-9*-]*\d|\*)[A-Z0-9*][A-Z0-9*-]{2,})")
_RECORD_NO_RE = re.compile(r"(?i)\b(?:medical record|MRN|MR|chart)\s*(?:number|no\.?|#)\s*:?\s*(?P<v>\d{3,})")
_SUBJECT_RE = re.compile(r"(?P<subj>\b(?:The patient|This patient|Patient)(?= (?:is|was) an? \d{1,3}[- ](?:year|month|week|day))"
                         r"|\bThis is(?= an? \d{1,3}[- ](?:year|month)))")
_RELATIVE_RE = re.compile(r"\b(?:his|her|the patient's) (wife|husband|daughter|son|mother|father|sister|brother)\b(?![-'’])")
_REFERRER_RE = re.compile(r"\breferred (?:to us |here )?by (?:his|her|the patient's) (?:primary care physician|primary care provider|"
                          r"PCP|pediatrician|family physician|cardiologist|oncologist|neurologist)\b")
_FAC_GENERIC_PHRASE_RE = re.compile(r"\b(?:the|our|this) (?P<kind>hospital|emergency room|emergency department|ER|clinic|office|urgent care)\b")


class _EnPlanter:
    def __init__(self, src: str, r: random.Random, stats: EnCorpusStats | None = None) -> None:
        self.stats = stats
        self.src = src
        self.r = r
        self.fk = EnFake(r)
        self.ed = Edits(src)
        fem = len(_FEMALE_RE.findall(src))
        mal = len(_MALE_RE.findall(src))
        self.sex = "F" if fem > mal else ("M" if mal > fem else r.choice("MF"))
        self.patient = self.fk.person(self.sex)
        self.people: dict[tuple[str, str], tuple[str, str]] = {}
        self.shift = r.choice((-1, 1)) * r.randint(45, 3650)
        self.dates: list[Date] = []
        self.age: int | None = None

    # -- helpers
    def _upper_ctx(self, pos: int) -> bool:
        ctx = self.src[max(0, pos - 30):pos]
        letters = [c for c in ctx if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8

    def _person_for(self, title: str, original: str) -> tuple[str, str]:
        t = title.lower()
        cls = "pt" if t in ("mr", "mrs", "ms", "miss", "mister") else "dr"
        key = (cls, original.rstrip(".").replace("’", "'").removesuffix("'s"))
        p = self.people.get(key)
        if p is None:
            if cls == "pt" and not any(k[0] == "pt" for k in self.people):
                sex = "M" if t in ("mr", "mister") else "F"
                p = self.patient if sex == self.sex else self.fk.person(sex)
                if sex != self.sex:
                    self.patient = p
                    self.sex = sex
            else:
                p = self.fk.person("M" if t in ("mr", "mister") else ("F" if cls == "pt" else None))
            self.people[key] = p
        return p

    # -- 1. replacements
    def replace_facilities(self) -> None:
        for s, e, named in facility_phrases(self.src):
            if named:
                self.ed.replace(s, e, [(self.fk.facility(), "FACILITY")])

    def replace_title_names(self) -> None:
        src = self.src
        for m in TITLE_RE.finditer(src):
            pos = m.end()
            toks: list[tuple[int, int]] = []
            while len(toks) < 3:
                tm = NAME_TOKEN_RE.match(src, pos)
                if not tm:
                    break
                tok = tm.group(0)
                bare = tok.rstrip(".").removesuffix("'s").removesuffix("’s")
                if bare in NAME_STOP and not (not toks and len(bare) == 1):
                    break
                toks.append(tm.span())
                pos = tm.end()
                if tok.endswith(("'s", "’s")):
                    break
                nm = re.match(r"[ \t]+(?=[A-Z])", src[pos:])
                if not nm or tok.endswith(".") and len(tok) > 2:
                    break
                pos += nm.end()
            if not toks:
                continue
            s, e = toks[0][0], toks[-1][1]
            orig = src[s:e]
            if orig.endswith(("'s", "’s")):
                e -= 2
            # a trailing period belongs to the sentence unless it is an initial followed by more name
            while e > s and src[e - 1] == "." and not (e - s == 2):
                e -= 1
            if e - s == 2 and src[s + 1] == "." and len(toks) == 1:
                e -= 1
            orig = src[s:e]
            if not orig:
                continue
            first, last = self._person_for(m.group("title"), orig)
            n_tok = len(orig.split())
            val = last if n_tok == 1 else (f"{first} {last}" if n_tok == 2 else f"{first} {self.r.choice('ABCDEFGHJKLMNPRSTW')}. {last}")
            if orig.isupper() and (len(orig) > 3 and not PLACEHOLDER_RE.fullmatch(orig) or self._upper_ctx(m.start())):
                val = val.upper()
            self.ed.replace(s, e, [(val, "NAME")])

    def replace_credential_names(self) -> None:
        for m in CRED_RE.finditer(self.src):
            s, e = m.span("name")
            words = m.group("name").split()
            if any(w.lower() in GENERIC_FAC or w in ("General", "Practitioner") for w in words):
                continue
            first, last = self.fk.person()
            self.ed.replace(s, e, [(f"{first} {last}", "NAME")])

    def replace_numbers(self) -> None:
        r = self.r
        for m in _SERIAL_RE.finditer(self.src):
            s, e = m.span("v")
            val = "".join(r.choice("0123456789") if c.isdigit() or c == "*" else
                          (r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") if c.isalpha() else c) for c in m.group("v"))
            if len(val) < 6:
                val = r.choice(("", "SN", "PJN", "RNF")) + random_digits(r, r.randint(6, 9))
            self.ed.replace(s, e, [(val, "DEVICE")])
        for m in _RECORD_NO_RE.finditer(self.src):
            s, e = m.span("v")
            self.ed.replace(s, e, [(self.fk.mrn(), "MRN")])

    def replace_places(self) -> None:
        for m in CITY_STATE_RE.finditer(self.src):
            s, e = m.span(1)
            words = m.group(1).split()
            if any(w.lower() in GENERIC_FAC for w in words):
                continue
            self.ed.replace(s, e, [(self.fk.city(), "CITY")])
            zm = re.search(r"\d{5}(?:-\d{4})?$", m.group(0))
            if zm:
                self.ed.replace(m.start() + zm.start(), m.end(), [(self.fk.zip(), "ZIP")])
        for m in BIG_CITY_RE.finditer(self.src):
            if re.search(r"\b[A-Z][a-z]+ $", self.src[max(0, m.start() - 20):m.start()]):
                continue  # "John Houston": a person, or part of a longer name; the leftover check decides
            self.ed.replace(m.start(), m.end(), [(self.fk.city(), "CITY")])

    def replace_dates(self) -> None:
        r = self.r
        base_year = None
        for pat, kind, parse in EN_DATE_PATTERNS:
            for m in pat.finditer(self.src):
                vs, ve = m.span("v") if "v" in pat.groupindex else m.span()
                if not self.ed.free(vs, ve):
                    continue
                y, mo, d, style = parse(m)
                if mo is not None and not 1 <= mo <= 12 or d is not None and not 1 <= d <= 31:
                    continue
                yy = y if y is not None else (base_year or r.randint(2003, 2012))
                orig = safe_date(yy, mo or r.randint(1, 12), d or r.randint(1, 28))
                new = shift_days(orig, self.shift)
                if y is not None:
                    base_year = base_year or y
                    self.dates.append(new)
                if r.random() < 0.35:
                    style = r.choice(EN_ALT_STYLES[kind])
                if kind == "holiday":
                    val = r.choice([h.removeprefix("the ") for h in HOLIDAYS if h.removeprefix("the ") != m.group("v")])
                else:
                    val = en_date(new, style)
                self.ed.replace(vs, ve, [(val, "DATE")])

    def replace_ages(self) -> None:
        r = self.r
        mentions = []
        for pat in (_AGE_RE, _AGE2_RE):
            for m in pat.finditer(self.src):
                mentions.append((m.start("n"), m.end("n"), int(m.group("n"))))
        mentions.sort()
        if not mentions:
            return
        self.age = mentions[0][2]
        remap: dict[int, int] = {}
        if 60 <= mentions[0][2] <= 89 and r.random() < 0.3:
            remap[mentions[0][2]] = r.randint(90, 104)
        for s, e, v in mentions:
            if v in remap:
                nv = remap[v]
            elif v >= 90:
                nv = remap.setdefault(v, r.randint(90, 104) if r.random() < 0.5 else v)
            else:
                continue
            self.ed.replace(s, e, [(str(nv), "AGE")])
            if v < 90 and self.src[max(0, s - 3):s] in ("an ", "An "):
                self.ed.replace(s - 3, s - 1, [self.src[s - 3]])  # "an 84-year-old" -> "a 94-year-old"
            if s == mentions[0][0]:
                self.age = nv

    # -- 2. insertions
    def _dos(self) -> Date:
        if self.dates:
            return max(self.dates)
        return Date.fromordinal(self.r.randint(Date(2004, 1, 1).toordinal(), Date(2023, 12, 31).toordinal()))

    def _dob(self, dos: Date) -> Date:
        age = self.age if self.age is not None and self.age < 110 else self.r.randint(25, 85)
        return safe_date(dos.year - age - (1 if self.r.random() < 0.5 else 0), self.r.randint(1, 12), self.r.randint(1, 28))

    def header(self) -> list:
        r, fk = self.r, self.fk
        first, last = self.patient
        dos = self._dos()
        style = r.randrange(4)
        dstyle = r.choice(("mm/dd/yyyy", "m/d/yyyy", "mm/dd/yy", "Month d, yyyy", "yyyy-mm-dd", "dd-Mon-yyyy"))
        fields = [("name", 1.0), ("dob", 0.7), ("mrn", 0.75), ("dos", 0.6), ("ssn", 0.2), ("acct", 0.2), ("plan", 0.15)]
        chosen = [f for f, p in fields if r.random() < p] or ["name"]
        if "name" not in chosen:
            chosen.insert(0, "name")
        keys = {
            "name": ("PATIENT NAME", "PATIENT", "NAME", "Patient Name", "Patient", "Name"),
            "dob": ("DATE OF BIRTH", "DOB", "Date of Birth", "D.O.B.", "Birth date"),
            "mrn": ("MEDICAL RECORD NUMBER", "MRN", "MR#", "Medical Record #", "Med Rec No.", "Chart #", "Record No."),
            "dos": ("DATE OF SERVICE", "DATE OF VISIT", "Date of Service", "Visit date", "DATE OF ADMISSION", "Admission Date", "DOS"),
            "ssn": ("SSN", "Social Security #", "SOCIAL SECURITY NUMBER", "SS#"),
            "acct": ("ACCOUNT NUMBER", "Account #", "Acct No.", "FIN", "Billing account"),
            "plan": ("INSURANCE ID", "Member ID", "Policy #", "Medicaid ID", "Subscriber ID"),
        }
        name_style = r.choice(("fl", "lf", "LF", "FL", "fml"))

        def value(f: str):
            if f == "name":
                return (fk.full_name(first, last, name_style), "NAME")
            if f == "dob":
                return (en_date(self._dob(dos), dstyle), "DATE")
            if f == "mrn":
                return (fk.mrn(), "MRN")
            if f == "dos":
                return (en_date(dos, dstyle), "DATE")
            if f == "ssn":
                return (fk.ssn(), "SSN")
            if f == "acct":
                return (fk.account(), "ACCOUNT")
            return (fk.health_plan(), "HEALTH_PLAN")

        upper = style == 0 or r.random() < 0.3
        out: list = []
        if style == 0:  # MTSamples-like "KEY: , value," run
            for f in chosen:
                k = r.choice([x for x in keys[f] if x.isupper()] or keys[f]).upper()
                out += [f"{k}: , ", value(f), ","]
        elif style == 1:  # lines
            sep = r.choice(("\n", "    ", "  |  "))
            parts = []
            for f in chosen:
                k = r.choice(keys[f])
                parts.append([f"{k.upper() if upper else k}: ", value(f)])
            for i, p in enumerate(parts):
                out += p + [sep if i < len(parts) - 1 else "\n"]
            out.append("\n" if r.random() < 0.5 else "")
        elif style == 2:  # RE: line
            out += ["RE: ", value("name")]
            extra = [f for f in chosen if f != "name"]
            if extra:
                out.append(" (")
                for i, f in enumerate(extra):
                    out += [r.choice(keys[f]) + " ", value(f)] + ([", "] if i < len(extra) - 1 else [])
                out.append(")")
            out.append(r.choice(("\n", "\n\n", ",")))
        else:  # registration-style block with the patient and a PCP
            for f in chosen:
                out += [f"{r.choice(keys[f])}: ", value(f), "\n"]
            if r.random() < 0.5:
                pf, pl = fk.person()
                out += [r.choice(("PCP: Dr. ", "Primary care: Dr. ", "Referring physician: ")), (f"{pf} {pl}" if r.random() < 0.5 else pl, "NAME"), "\n"]
            if r.random() < 0.35:
                out += [r.choice(("Address: ", "Home address: ")), (fk.street(), "ADDRESS"), ", ", (fk.city(), "CITY"), ", ", fk.state(), " ", (fk.zip(), "ZIP"), "\n"]
            if r.random() < 0.35:
                out += [r.choice(("Home phone: ", "Phone: ", "Tel: ", "Cell: ")), (fk.phone(), "PHONE"), "\n"]
            out.append("\n")
        return out

    def footer(self) -> list:
        r, fk = self.r, self.fk
        f, l_ = fk.person()
        cred = r.choice(("MD", "M.D.", "DO", "MD, FACS", "M.D.", "PA-C", "NP"))
        dos = self._dos()
        d1 = shift_days(dos, r.randint(0, 3))
        d2 = shift_days(d1, r.randint(0, 2))
        dstyle = r.choice(("mm/dd/yyyy", "m/d/yyyy", "mm/dd/yy", "Month d, yyyy"))
        sep = r.choice((",", "\n\n", "\n", " "))
        k = r.randrange(5)
        out: list = [sep]
        if k == 0:
            out += [r.choice(("Dictated by: ", "DICTATED BY: ", "Dictating physician: ")), (f"{f} {l_}", "NAME"), f", {cred}"]
            if r.random() < 0.7:
                out += [r.choice(("\nD: ", "  D: ", ", D: ")), (en_date(d1, dstyle), "DATE"), r.choice(("  T: ", "\nT: ", ", T: ")), (en_date(d2, dstyle), "DATE")]
        elif k == 1:
            out += [r.choice(("Electronically signed by ", "Electronically signed by: ", "Signed electronically by ")), (f"{f} {l_}", "NAME"),
                    f", {cred} on ", (en_date(d2, dstyle), "DATE"), r.choice(("", f" at {r.randint(7, 18)}:{r.randint(0, 59):02d}"))]
        elif k == 2:
            cf, cl = fk.person()
            out += ["cc: Dr. ", (cl if r.random() < 0.5 else f"{cf} {cl}", "NAME")]
            if r.random() < 0.6:
                out += [", ", (fk.facility(), "FACILITY")]
            if r.random() < 0.6:
                out += [r.choice((", fax ", " (fax ", ", Fax: ")), (fk.phone(), "FAX")]
                if out[-2].startswith(" ("):
                    out.append(")")
        elif k == 3:
            out += [(f"{f} {l_}", "NAME"), f", {cred}", r.choice(("\nNPI: ", ", NPI ", "\nNPI # ")), (fk.npi(), "LICENSE")]
        else:
            out += [r.choice(("Attending physician: ", "Attending: ", "Surgeon: ")), (f"{f} {l_}", "NAME"), f", {cred}",
                    r.choice(("  Pager ", ", pager ", ". Office: ")), (fk.phone(), "PHONE")]
        return out

    def contact_sentence(self) -> list:
        r, fk = self.r, self.fk
        k = r.randrange(9)
        if k == 0:
            return [" ", r.choice(("Call the office at ", "She may call the clinic at ", "He will call ", "Contact our office at ")), (fk.phone(), "PHONE"), " with any questions."]
        if k == 1:
            return [" ", "Records to be faxed to ", (fk.phone(), "FAX"), "."]
        if k == 2:
            f, l_ = self.patient
            return [" ", r.choice(("Results will be sent to the patient at ", "Patient prefers e-mail contact: ", "Instructions were e-mailed to ")), (fk.email(f, l_), "EMAIL"), "."]
        if k == 3:
            return [" ", "Questions may be sent through the patient portal at ", (fk.url(), "URL"), " or by phone at ", (fk.phone(), "PHONE"), "."]
        if k == 4:
            return [" ", "Our office phone is ", (fk.phone(), "PHONE"), " and fax is ", (fk.phone(), "FAX"), "."]
        if k == 5:
            cf, cl = fk.person()
            return [" ", "Follow up with Dr. ", (cl, "NAME"), " at ", (fk.facility(), "FACILITY"), ", phone ", (fk.phone(), "PHONE"), "."]
        if k == 6:
            f, l_ = fk.person()
            return [" ", "A copy of this report was faxed to ", (fk.phone(), "FAX"), " and e-mailed to ", (fk.email(f, l_), "EMAIL"), "."]
        if k == 7:
            return [" ", "The family can be reached at ", (fk.phone(), "PHONE"), "."]
        return [" ", "Return visit scheduled for ", (en_date(shift_days(self._dos(), r.randint(7, 90)), r.choice(EN_FULL)), "DATE"), "."]

    def address_sentence(self) -> list:
        r, fk = self.r, self.fk
        k = r.randrange(6)
        street = (fk.street(), "ADDRESS")
        city = (fk.city(), "CITY")
        st = fk.state()
        z = (fk.zip(), "ZIP")
        if k == 0:
            return ["Lives at ", street, ", ", city, ", ", st, " ", z, ". "]
        if k == 1:
            return ["Home address: ", street, ", ", city, ", ", st, " ", z, ". "]
        if k == 2:
            return ["The patient resides at ", street, " in ", city, ", ", st, ". "]
        if k == 3:
            return [r.choice(("Originally from ", "Grew up in ", "Moved here from ")), city, ", ", st, ". "]
        if k == 4:
            return ["Resides in ", city, " (", st, " ", z, "). "]
        return ["Address on file is ", street, ", ", city, " ", st, " ", z, ". "]

    def inline_names(self, add: Callable[..., None]) -> None:
        """Names put into real sentences: the patient as subject, a relative, a referring physician."""
        r, fk = self.r, self.fk
        first, last = self.patient
        m = _SUBJECT_RE.search(self.src)
        if m and self.ed.free(m.start("subj"), m.end("subj")):
            if m.group("subj").startswith("This is"):
                add(m.end("subj"), [" ", (f"{first} {last}", "NAME"), ","], "inline")
            else:
                title = "Mr." if self.sex == "M" else r.choice(("Ms.", "Mrs."))
                val = [f"{title} ", (last, "NAME")] if r.random() < 0.6 else [(f"{first} {last}", "NAME")]
                if self.ed.fraction_if(pieces_len(val)) >= MIN_SOURCE_FRACTION:
                    self.ed.replace(m.start("subj"), m.end("subj"), val, "inline")
        m = _RELATIVE_RE.search(self.src)
        if m and r.random() < 0.6:
            rf, rl = fk.person({"wife": "F", "daughter": "F", "mother": "F", "sister": "F"}.get(m.group(1), "M"))
            add(m.end(), [" (", (rf if r.random() < 0.5 else f"{rf} {rl}", "NAME"), ")"], "inline")
        m = _REFERRER_RE.search(self.src)
        if m and r.random() < 0.6:
            add(m.end(), [", Dr. ", (fk.person()[1], "NAME"), ","], "inline")

    def facility_mention(self) -> None:
        r = self.r
        ms = [m for m in _FAC_GENERIC_PHRASE_RE.finditer(self.src) if self.ed.free(m.start(), m.end())]
        if not ms:
            return
        m = r.choice(ms)
        fac = (self.fk.facility(), "FACILITY")
        if m.group("kind") == "hospital" and r.random() < 0.6:
            self.ed.replace(m.start(), m.end(), [fac])
        else:
            self.ed.insert(m.end(), [r.choice((" at ", " of ", " at ")), fac], "inline")

    def plant(self) -> tuple[str, list, int]:
        r = self.r
        # 1. replace what is already there
        self.replace_facilities()
        self.replace_title_names()
        self.replace_credential_names()
        self.replace_numbers()
        self.replace_places()
        self.replace_dates()
        self.replace_ages()
        if self.ed.fraction_if(0) < MIN_SOURCE_FRACTION:
            raise Reject("too much replaced")
        # 2. insert identifiers where real notes carry them
        sections = [m for m in _SECTION_RE.finditer(self.src) if self.ed.free(m.start(), m.end())]
        plan = [m for m in sections if m.group("name").strip().upper() in _PLAN_SECTIONS]
        social = [m for m in sections if "SOCIAL" in m.group("name").upper()]
        wishes: list[tuple[float, Callable[[], None]]] = []

        def add(pos: int, pieces: list, origin: str = "added") -> None:
            if self.ed.fraction_if(pieces_len(pieces)) >= MIN_SOURCE_FRACTION:
                self.ed.insert(pos, pieces, origin)

        wishes.append((0.6, lambda: add(0, self.header())))
        wishes.append((0.55, lambda: add(len(self.src), self.footer())))
        if social:
            wishes.append((0.5, lambda: add(social[0].end(), self.address_sentence())))
        if plan:
            def plan_contact():
                m = r.choice(plan)
                nxt = [s for s in sections if s.start() > m.end()]
                pos = nxt[0].start() if nxt else len(self.src)
                while pos > m.end() and self.src[pos - 1] in ", \n":
                    pos -= 1
                if self.ed.free(pos, pos):
                    add(pos, self.contact_sentence())
            wishes.append((0.6, plan_contact))
        else:
            wishes.append((0.3, lambda: add(len(self.src), self.contact_sentence())))
        wishes.append((0.5, self.facility_mention))
        wishes.append((0.35, lambda: self.inline_names(add)))
        r.shuffle(wishes)
        for p, fn in wishes:
            if r.random() < p:
                fn()
        if not self.ed.reps and not self.ed.ins:
            add(0, self.header())
        text, spans, kept = self.ed.build()
        if not spans:
            raise Reject("nothing planted")
        left = find_en_leftovers(text, spans, self.stats)
        if left:
            raise Reject("; ".join(left[:3]))
        if kept / len(text) < 0.8:
            raise Reject("source fraction")
        return text, spans, kept


def _read_mtsamples(path: Path) -> list[tuple[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out = []
    seen: set[str] = set()
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            t = (row.get("transcription") or "").strip()
            if not t or t in seen:
                continue
            seen.add(t)
            out.append((str(row.get("note_id") or len(out)), t))
    return out


def _plant_en_text(src: str, seed: int, source_id: str, stats: EnCorpusStats | None) -> tuple[str, list, int]:
    r = random.Random(f"planted-en:{seed}:{source_id}")
    return _EnPlanter(src, r, stats).plant()


def plant_english(mtsamples_csv: Path, n: int, seed: int, *, stats: dict | None = None) -> list[dict]:
    """``n`` gold records: MTSamples transcriptions with their PHI-like slots replaced and identifiers planted.

    Sources are unique transcriptions of 500-8,000 characters visited in a seeded order; a note that
    cannot be planted safely is skipped (reasons counted in ``stats`` when given). Returns fewer than
    ``n`` records only when the corpus runs out.
    """
    all_notes = _read_mtsamples(Path(mtsamples_csv))
    corpus_stats = EnCorpusStats(t for _, t in all_notes)
    notes = [(i, t) for i, t in all_notes if 500 <= len(t) <= 8000]
    random.Random(f"planted-en-order:{seed}").shuffle(notes)
    out: list[dict] = []
    for note_id, src in notes:
        if len(out) >= n:
            break
        try:
            text, spans, kept = _plant_en_text(src, seed, note_id, corpus_stats)
        except Reject as exc:
            if stats is not None:
                key = str(exc).split(":")[0]
                stats[key] = stats.get(key, 0) + 1
            continue
        out.append(make_record("planted-en", len(out) + 1, "en", "mtsamples_en", note_id, text, spans, kept))
    return out
