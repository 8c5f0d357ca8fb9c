"""Probe gold sets: identifiers in many written formats, one per record, between sentences of real notes.

    .venv/bin/python tools/probe_gold.py --corpora ../shared/corpora --out /tmp/probes --seed 31
    .venv/bin/medcorpus deid-eval --gold /tmp/probes/en_formats_lower.jsonl

Where ``tools/planted_gold.py`` plants PHI where real records carry it, these probes ask one question each:
is this kind of value, written this way, found? Each record is a real sentence, one line holding one value,
and another real sentence. The values are drawn from faker and small generators here; the phrasings and
formats are written here, independently of ``medcorpus.sample_data`` and of the planting tool. Sets:

- ``en_formats``: 16 HIPAA kinds in several formats each (dates as "Sep-12", "27MAY2023", "the 4th of
  June"; phones with and without brackets, dots, country codes; plates, VINs, serials, plan and account
  numbers after their labels), around MTSamples sentences; also written in lower case and in capitals
  (``_lower``, ``_upper``: the offsets stay, as nursing notes are often written).
- ``en_facilities``: hospitals, rehabs, clinics and homes named after people, saints, mountains and towns,
  in nursing-note phrasings; three cases.
- ``en_names``: names of 21 faker locales in relation, staff and signature phrasings; three cases.
- ``en_generic``: the same kinds as synthetic PII test sets write them ("My number is ...", "Call me at ..."),
  with whole postal addresses (US, British, Canadian, Australian), towns, and first or last names alone ("Hi
  Megan,", "Her maiden name is Banks.").
- ``zh_formats``: Chinese names, phones, ID card numbers, dates, addresses, hospitals, record numbers and
  e-mail addresses between cMedQA sentences.

Gold spans hold only what HIPAA asks to remove (no titles, no credentials, no state after a town), but for
en_generic's whole postal addresses, labelled whole as synthetic PII sets label them. The
records are generated, never committed; ``../shared/corpora`` supplies the real sentences only.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import string
import sys
from pathlib import Path

from faker import Faker

from medcorpus.transforms.deid.checksums import id_card_check_digit

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
NAME_LOCALES = ["en_US", "en_GB", "es_MX", "es_ES", "fr_FR", "de_DE", "it_IT", "pt_BR", "nl_NL", "pl_PL", "vi_VN",
                "en_IN", "tr_TR", "sv_SE", "en_IE", "fil_PH", "id_ID", "cs_CZ", "da_DK", "fi_FI", "ro_RO"]
GENERIC_LOCALES = ["en_US", "en_GB", "en_CA", "en_AU", "de_DE", "fr_FR", "es_ES", "it_IT"]
ABROAD_LOCALES = ["en_GB", "en_CA", "en_AU"]  # of GENERIC_LOCALES: English written the way another country posts it


class Probe:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.fk = Faker("en_US")
        self.fk.seed_instance(seed)

    def choice(self, seq):
        return self.r.choice(seq)

    def digits(self, lo: int, hi: int) -> str:
        return str(self.r.randint(lo, hi))

    def letters(self, n: int) -> str:
        return "".join(self.r.choice(string.ascii_uppercase) for _ in range(n))

    # -- English values -------------------------------------------------------------------------------

    def date(self) -> str:
        d = self.fk.date_between("-20y", "+1y")
        m = MONTHS[d.month - 1]
        nth = f"{d.day}{'th' if 11 <= d.day <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d.day % 10, 'th')}"
        return self.choice([
            f"{d.month}/{d.day}/{d.year}", f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}", f"{d.year}-{d.month:02d}-{d.day:02d}",
            f"{m} {d.day}, {d.year}", f"{m[:3]} {d.day}, {d.year}", f"{d.day} {m} {d.year}", f"{d.day:02d}-{m[:3]}-{d.year}",
            f"{m} {nth}, {d.year}", f"{nth} of {m}", f"{m[:3]}. {d.day}", f"{d.month}/{d.day}", f"{d.month}-{d.day}-{d.year}",
            f"{d.month}.{d.day}.{d.year}", f"{d.year}/{d.month:02d}/{d.day:02d}", f"{m} {d.year}",
            f"{d.day}{m[:3].upper()}{d.year}", f"{m[:3]}-{d.day}"])

    def phone(self) -> str:
        a, b, c = self.r.randint(201, 989), self.r.randint(200, 999), self.r.randint(0, 9999)
        return self.choice([f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}", f"{a} {b} {c:04d}",
                            f"+1 {a} {b} {c:04d}", f"1-{a}-{b}-{c:04d}", f"{a}{b}{c:04d}", f"({a}){b}-{c:04d}",
                            f"{a}-{b}-{c:04d} ext. {self.r.randint(10, 999)}", f"+1-{a}-{b}-{c:04d}"])

    def ssn(self) -> str:
        a, b, c = self.r.randint(100, 665), self.r.randint(10, 99), self.r.randint(1000, 9999)
        return self.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}"])

    def mrn(self) -> str:
        return self.choice([self.digits(10**5, 10**9), self.letters(1) + self.digits(10**5, 10**8),
                            f"{self.digits(100, 999)}-{self.digits(10, 99)}-{self.digits(1000, 9999)}",
                            "MR" + self.digits(10**5, 10**7)])

    def account(self) -> str:
        return self.choice([self.digits(10**7, 10**12), f"{self.digits(1000, 9999)}-{self.digits(1000, 9999)}-{self.digits(10, 99)}",
                            "AC" + self.digits(10**5, 10**8)])

    def plan(self) -> str:
        return self.choice([self.letters(3) + self.digits(10**8, 10**9), self.digits(10**8, 10**10),
                            "W" + self.digits(10**7, 10**9), self.digits(100, 999) + self.letters(1) + self.digits(1000, 9999)])

    def licence(self) -> str:
        return self.choice([self.letters(1) + self.digits(10**6, 10**8), self.choice("ABFM") + self.letters(1) + self.digits(10**6, 10**7),
                            self.digits(10**9, 10**10 - 1),
                            f"{self.letters(1)}{self.digits(100, 999)}-{self.digits(100, 999)}-{self.digits(100, 999)}"])

    def vin(self) -> str:
        return "".join(self.r.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))

    def plate(self) -> str:
        return self.choice([f"{self.r.randint(1, 9)}{self.letters(3)}{self.digits(100, 999)}",
                            f"{self.letters(3)}-{self.digits(1000, 9999)}", f"{self.letters(3)} {self.digits(100, 999)}"])

    def serial(self) -> str:
        return self.choice([self.letters(3) + self.digits(10**5, 10**7), self.digits(10**6, 10**9),
                            f"{self.letters(1)}{self.digits(1000, 9999)}-{self.digits(1000, 9999)}"])

    def url(self) -> str:
        fk = self.fk
        return self.choice([fk.url(), f"www.{fk.domain_name()}", f"https://{fk.domain_name()}/{fk.uri_path()}",
                            f"{fk.domain_name()}/patient/{self.r.randint(100, 99999)}"])

    def name(self) -> str:
        fk = self.fk
        f, last, mi = fk.first_name(), fk.last_name(), self.letters(1)
        return self.choice([f"{f} {last}", f"{last}, {f}", f"{f} {mi}. {last}", f"{f[0]}. {last}", f"{last.upper()}, {f.upper()}",
                            f"{f} {last}-{fk.last_name()}", f"{f} {mi} {last}", f"{last}, {f} {mi}."])


def en_formats(p: Probe, sentences: list[str], n: int) -> list[dict]:
    fk = p.fk
    kinds = {
        "NAME": [("Patient: {v}", p.name), ("Seen today with {v}, her daughter.", p.name),
                 ("Attending physician: {v}, MD", p.name), ("Discussed with {v} (son) by phone.", p.name),
                 ("{v} was informed of the results.", p.name), ("Dictated by: {v}", p.name),
                 ("Referred by Dr. {v}.", fk.last_name), ("Nurse {v} notified.", fk.first_name),
                 ("Emergency contact: {v} (spouse)", p.name)],
        "DATE": [("Date of admission: {v}", p.date), ("Seen on {v} for follow-up.", p.date), ("DOB: {v}", p.date),
                 ("Surgery was performed {v}.", p.date), ("Last colonoscopy {v}, normal.", p.date),
                 ("Return visit scheduled for {v}.", p.date), ("Labs drawn {v} showed no change.", p.date)],
        "PHONE": [("Phone: {v}", p.phone), ("Call {v} with questions.", p.phone), ("Daughter can be reached at {v}.", p.phone),
                  ("Cell {v}", p.phone), ("Tel. {v}", p.phone)],
        "FAX": [("Fax: {v}", p.phone), ("Please fax records to {v}.", p.phone)],
        "EMAIL": [("Email: {v}", fk.email), ("Patient can be contacted at {v}.", fk.email), ("Send results to {v}", fk.free_email)],
        "SSN": [("SSN: {v}", p.ssn), ("Social Security Number {v}", p.ssn), ("SS# {v}", p.ssn), ("social security no. {v}", p.ssn)],
        "MRN": [("MRN: {v}", p.mrn), ("Medical record number {v}", p.mrn), ("MR# {v}", p.mrn), ("Chart #{v}", p.mrn),
                ("Hospital number: {v}", p.mrn)],
        "ACCOUNT": [("Account number: {v}", p.account), ("Acct #: {v}", p.account), ("Billing account {v}", p.account),
                    ("Bank account no. {v}", p.account)],
        "HEALTH_PLAN": [("Member ID: {v}", p.plan), ("Insurance policy number {v}", p.plan), ("Medicare ID {v}", p.plan),
                        ("Subscriber #: {v}", p.plan), ("Group/member no. {v}", p.plan)],
        "LICENSE": [("Driver's license: {v}", p.licence), ("DEA# {v}", p.licence), ("NPI: {v}", lambda: p.digits(10**9, 2 * 10**9)),
                    ("License no. {v}", p.licence), ("Medical license number {v}", p.licence)],
        "VEHICLE": [("VIN: {v}", p.vin), ("License plate {v}", p.plate), ("Vehicle plate number {v}", p.plate), ("Car VIN {v}", p.vin)],
        "DEVICE": [("Pacemaker serial number {v}", p.serial), ("Device S/N: {v}", p.serial), ("Implant serial #{v}", p.serial),
                   ("Pump serial no. {v}", p.serial)],
        "URL": [("Portal: {v}", p.url), ("See {v} for instructions.", p.url), ("Website {v}", p.url)],
        "IP_ADDRESS": [("Logged in from IP {v}", lambda: p.choice([fk.ipv4(), fk.ipv6()])), ("IP address: {v}", fk.ipv4),
                       ("Accessed from {v}.", fk.ipv4)],
        "ADDRESS": [("Address: {v}", fk.street_address), ("Lives at {v}.", fk.street_address),
                    ("Home address {v}, apartment upstairs.", fk.street_address)],
        "AGE": [("{v}-year-old female with CHF.", lambda: p.digits(90, 109)), ("Age: {v}", lambda: p.digits(90, 109)),
                ("The patient is {v} years old.", lambda: p.digits(90, 109)), ("{v} yo male", lambda: p.digits(90, 109))],
    }
    out = []
    for kind, phrasings in kinds.items():
        for i in range(n):
            template, make = p.choice(phrasings)
            out.append(_record(f"{kind}-{i}", "en", template, make(), kind, p.choice(sentences) + " ", " " + p.choice(sentences)))
    return out


def en_facilities(p: Probe, n: int) -> list[dict]:
    fk = p.fk
    saints = ["Mary", "Joseph", "Luke", "Vincent", "Francis", "Elizabeth", "Anne", "John", "Jude", "Agnes"]
    heads = ["Hospital", "Medical Center", "General Hospital", "Rehab", "Rehabilitation Center", "Nursing Home", "Clinic",
             "Health Center", "Hospice", "Regional Medical Center", "Community Hospital", "Manor", "Healthcare Center",
             "Children's Hospital", "Hosp"]
    phrasings = ["pt transferred from {v} for further care.", "Admitted to {v} on the night shift.", "was seen at {v} last week.",
                 "will be discharged to {v} tomorrow.", "Records requested from {v}.", "Pt lives at {v} and is a full code.",
                 "Family would like transfer to {v}.", "Hx obtained from {v} staff.", "Sent to {v} ED by ambulance.",
                 "followed by cardiology at {v}."]
    out = []
    for i in range(n):
        name = p.choice([fk.last_name(), fk.city(), f"{fk.last_name()} {fk.last_name()}", f"St. {p.choice(saints)}'s",
                         f"Saint {p.choice(saints)}", f"{fk.city()} Memorial", f"Mount {fk.last_name()}"])
        out.append(_record(f"F-{i}", "en", p.choice(phrasings), f"{name} {p.choice(heads)}", "FACILITY"))
    return out


def en_names(p: Probe, n: int, seed: int) -> list[dict]:
    fakers = {loc: Faker(loc) for loc in NAME_LOCALES}
    for k, f in enumerate(fakers.values()):
        f.seed_instance(seed * 100 + k)
    phrasings = ["pt's daughter {v} visited today and updated on plan.", "Spoke with {v} (son) re: code status.",
                 "wife {v} at bedside, very supportive.", "Pt states {v} is her health care proxy.", "Report given to {v}, RN.",
                 "Family meeting held with {v} and team.", "{v} called for update, all questions answered.",
                 "Per {v} pt is full code.", "Visited by friend {v} this afternoon.", "Case discussed with attending {v}."]
    out = []
    for i in range(n):
        f = fakers[p.choice(NAME_LOCALES)]
        first, last = f.first_name(), f.last_name()
        value = p.choice([f"{first} {last}", f"{first} {last}", f"{last}, {first}", first])
        out.append(_record(f"N-{i}", "en", p.choice(phrasings), value, "NAME"))
    return out


def en_generic(p: Probe, n: int, seed: int) -> list[dict]:
    fakers = {loc: Faker(loc) for loc in GENERIC_LOCALES}
    for k, f in enumerate(fakers.values()):
        f.seed_instance(seed + k)
    us = fakers["en_US"]

    def any_locale() -> Faker:
        return fakers[p.choice(GENERIC_LOCALES)] if p.r.random() < 0.4 else us

    def card() -> str:
        number = us.credit_card_number()
        return p.choice([number, " ".join(number[k:k + 4] for k in range(0, len(number), 4))])

    kinds = {
        "NAME": (["My name is {v} and I need help.", "Please forward this to {v}.", "{v} will pick up the prescription.",
                  "Hi, this is {v} calling about my appointment.", "I spoke with {v} yesterday.", "Signed, {v}", "Dear {v},",
                  "The account holder is {v}.", "Can {v} see the doctor today?", "Thanks {v}!"],
                 lambda: f"{any_locale().first_name()} {any_locale().last_name()}"),
        "ADDRESS": (["I live at {v}.", "Ship it to {v}", "My address is {v}.", "Our office moved to {v}."], us.street_address),
        # a whole postal address, its lines joined as a form or a chat would: labelled whole, state included
        "ADDRESS_POSTAL": (["Please send it to {v}", "My new address is {v}.", "Bot: Where to? User: {v}",
                            "we moved to {v} in may"],
                           lambda: us.address().replace("\n", p.choice([", ", "\n", " "]))),
        # addresses as other English-speaking countries write them, and the town a person is from
        "ADDRESS_ABROAD": (["I live at {v}.", "Ship it to {v}", "My address is {v}.", "He moved to {v} last year."],
                           lambda: fakers[p.choice(ABROAD_LOCALES)].address().replace("\n", p.choice([", ", "\n"]))),
        "CITY": (["She is from {v}.", "He was born in {v}.", "Her son lives in {v}."], lambda: any_locale().city()),
        "NAME_FIRST": (["{v} is very reliable.", "Hi {v}, how are you?", "My kid {v} is sick.", "Thanks, {v}",
                        "Sometimes people call me {v}", "{v} said no."], lambda: any_locale().first_name()),
        "NAME_LAST": (["Her maiden name is {v}.", "What's your last name? {v}", "Mr. {v} called back.",
                       "Surname: {v}"], lambda: any_locale().last_name()),
        "PHONE": (["Call me at {v}.", "My number is {v}", "You can reach her on {v} after 5pm.", "Phone: {v}"],
                  lambda: any_locale().phone_number()),
        "EMAIL": (["Email me at {v}.", "My email is {v}", "Contact: {v}", "send the report to {v} please"],
                  lambda: any_locale().email()),
        "SSN": (["My social security number is {v}.", "SSN {v}", "ssn: {v}", "Her SSN is {v}, please verify."], us.ssn),
        "DATE": (["I was born on {v}.", "My date of birth is {v}.", "The appointment is on {v}.", "DOB {v}"],
                 lambda: us.date(pattern=p.choice(["%m/%d/%Y", "%B %d, %Y", "%d %B %Y", "%Y-%m-%d", "%b %d %Y", "%d.%m.%Y"]))),
        "ACCOUNT": (["My credit card number is {v}.", "Charge it to card {v}", "Card: {v}"], card),
        "LICENSE": (["My driver's license number is {v}.", "DL# {v}", "Driver license: {v}"], p.licence),
        "ZIP": (["My zip code is {v}.", "ZIP: {v}", "postal code {v}"], us.zipcode),
    }
    out = []
    for kind, (phrasings, make) in kinds.items():
        label = kind.split("_")[0]  # ADDRESS_POSTAL is an ADDRESS, NAME_FIRST a NAME
        for i in range(n):
            out.append(_record(f"{kind}-{i}", "en", p.choice(phrasings), make(), label))
    return out


def zh_formats(p: Probe, sentences: list[str], n: int, seed: int) -> list[dict]:
    fk = Faker("zh_CN")
    fk.seed_instance(seed)
    r = p.r

    def id_card() -> str:
        body = f"{p.choice(['110101', '310104', '440305', '510107', '330106', '420102'])}{r.randint(1940, 2015)}" \
               f"{r.randint(1, 12):02d}{r.randint(1, 28):02d}{r.randint(0, 999):03d}"
        return body + id_card_check_digit(body)

    def mobile() -> str:
        m = p.choice(["138", "139", "186", "151", "177", "199"]) + f"{r.randint(0, 99999999):08d}"
        return p.choice([m, f"{m[:3]}-{m[3:7]}-{m[7:]}", f"{m[:3]} {m[3:7]} {m[7:]}", f"+86 {m}", f"+86-{m}", f"86-{m}"])

    def landline() -> str:
        area, num = p.choice(["010", "021", "0755", "020", "028", "0571"]), str(r.randint(2000000, 89999999))
        return p.choice([f"{area}-{num}", f"({area}){num}", f"{area} {num}", f"（{area}）{num}"])

    def date() -> str:
        y, m, d = r.randint(1950, 2024), r.randint(1, 12), r.randint(1, 28)
        return p.choice([f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{m}月{d}日", f"{y}.{m:02d}.{d:02d}",
                         f"{y % 100:02d}年{m}月{d}日", f"{y}年{m}月{d}号", f"{m}月{d}号"])

    def hospital() -> str:
        city = fk.city_name()
        return p.choice([f"{city}市人民医院", f"{city}市第{p.choice('一二三四五')}人民医院", f"{city}中医院",
                         f"{city}医科大学附属第一医院", f"{city}妇幼保健院"])

    kinds = {
        "NAME": [("患者{v}，因咳嗽三天就诊。", fk.name), ("我叫{v}，今年三十岁。", fk.name), ("\n{v}：医生您好，孩子发烧了。", fk.name),
                 ("主治医生{v}建议复查。", fk.name), ("家属{v}签字同意手术。", fk.name), ("感谢{v}医生的耐心解答。", fk.name),
                 ("{v}的妈妈说孩子最近吃得少。", fk.name), ("联系人：{v}\n", fk.name), ("病人{v}今日出院。", fk.name)],
        "PHONE": [("联系电话：{v}\n", mobile), ("有问题请打{v}。", mobile), ("手机{v}，随时联系。", mobile), ("科室电话{v}\n", landline),
                  ("电话：{v}\n", landline)],
        "NATIONAL_ID": [("身份证号：{v}\n", id_card), ("身份证{v}\n", id_card), ("证件号码{v}\n", id_card)],
        "DATE": [("于{v}入院。", date), ("出生日期：{v}\n", date), ("{v}行手术治疗。", date), ("复诊时间{v}\n", date), ("末次月经{v}。", date)],
        "ADDRESS": [("家住{v}。", lambda: f"{fk.province()}{fk.city()}{fk.district()}{fk.street_name()}{r.randint(1, 999)}号"),
                    ("住址：{v}\n", lambda: f"{fk.province()}{fk.city()}{fk.district()}{fk.street_name()}{r.randint(1, 999)}号")],
        "FACILITY": [("曾在{v}就诊。", hospital), ("转入{v}进一步治疗。", hospital), ("{v}诊断为肺炎。", hospital)],
        "MRN": [("住院号：{v}\n", lambda: p.digits(100000, 9999999)), ("门诊号{v}\n", lambda: p.digits(10**7, 10**8 - 1)),
                ("病案号：{v}\n", lambda: p.digits(100000, 999999))],
        "EMAIL": [("邮箱：{v}\n", fk.email), ("请发邮件到{v}\n", fk.free_email)],
    }
    out = []
    for kind, phrasings in kinds.items():
        for i in range(n):
            template, make = p.choice(phrasings)
            out.append(_record(f"{kind}-{i}", "zh", template, make(), kind, p.choice(sentences), p.choice(sentences)))
    return out


def _record(rid: str, lang: str, template: str, value: str, label: str, before: str = "", after: str = "") -> dict:
    start = len(before) + template.index("{v}")
    return {"id": rid, "lang": lang, "text": before + template.replace("{v}", value) + after,
            "spans": [{"start": start, "end": start + len(value), "label": label}]}


def _recased(records: list[dict], case: str) -> list[dict]:
    """The same records in lower case or capitals (same offsets: ASCII case changes keep lengths)."""
    out = []
    for rec in records:
        text = rec["text"].lower() if case == "lower" else rec["text"].upper()
        if len(text) == len(rec["text"]):  # a letter whose case pair differs in length would shift the spans
            out.append({**rec, "text": text})
    return out


def _en_sentences(corpora: Path) -> list[str]:
    path = corpora / "mtsamples_en" / "mtsamples.csv"
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for s in re.split(r"(?<=[.])\s+", row.get("transcription") or ""):
                # sentences with no digits and no capitalised pairs: no PHI of their own to confuse the scores
                if 40 < len(s) < 200 and s[0].isupper() and not re.search(r"\d|Dr\.|Mr|Ms|[A-Z][a-z]+ [A-Z][a-z]+", s):
                    out.append(s)
    return out


def _zh_sentences(corpora: Path) -> list[str]:
    out = []
    for path in sorted((corpora / "chineseblue_zh" / "data" / "cMedQA").glob("*.txt")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                for s in re.split(r"(?<=[。！？])", line):
                    s = s.strip().strip('"')
                    if 12 < len(s) < 60 and not re.search(r"[\dA-Za-z\t]", s):
                        out.append(s)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, required=True, help="../shared/corpora (MTSamples, cMedQA)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--n", type=int, default=200, help="records per kind (facilities and names: twice as many)")
    args = ap.parse_args(argv)
    try:
        en, zh = _en_sentences(args.corpora), _zh_sentences(args.corpora)
    except OSError as exc:
        print(f"probe_gold: cannot read the corpora: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2
    if not en or not zh:
        print("probe_gold: no sentences found in MTSamples or cMedQA under --corpora", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    sets = {
        "en_formats": en_formats(Probe(args.seed), en, args.n),
        "en_facilities": en_facilities(Probe(args.seed + 1), 2 * args.n),
        "en_names": en_names(Probe(args.seed + 2), 2 * args.n, args.seed),
        "en_generic": en_generic(Probe(args.seed + 3), args.n, args.seed),
        "zh_formats": zh_formats(Probe(args.seed + 4), zh, args.n, args.seed),
    }
    for name in ("en_formats", "en_facilities", "en_names"):
        for case in ("lower", "upper"):
            sets[f"{name}_{case}"] = _recased(sets[name], case)
    for name, records in sets.items():
        with (args.out / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"{name}: {len(records)} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
