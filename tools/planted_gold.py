"""PHI gold sets built from REAL clinical text: fake PHI planted into real English notes and Chinese dialogues.

Why
---
:mod:`medcorpus.sample_data` generates whole notes from templates, so a detector tuned on it can score well
on its phrasings and still miss PHI in real prose. Here the clinical prose is real -- MTSamples
transcriptions (English); CMDD paediatric dialogues and cEHRNER EHR paragraphs (ChineseBLUE) and haodf.com
COVID consultations (Chinese) -- and only the PHI is fake. Nothing comes from ``medcorpus.sample_data``: names,
places and number prefixes are drawn from faker's per-locale lists (``faker.providers.*``: person names
from en_US and 23 other Latin-script locales for English, zh_CN surnames/given names/cities/districts/
provinces/ID area codes for Chinese) and small generators in this module; the phrasings that carry them
are written here.

How planting works
------------------
1. REPLACE what is already there. Each source text is scanned for PHI-like content the regexes can find
   and bound, which is replaced by a fake value of the same kind and labelled: names after titles
   (``Dr. Xyz``, ``Mr. Abc``, ``Dr. Trask``, ``Dr. A``; ``马医生``, ``主治医师张姣姣``, ``预约医生： 李田``,
   masked ``**主任``), names before credentials (``Rebecca Richardson, MD``), placeholder and named
   facilities (``ABCD General Hospital``, ``St. Luke's Hospital``, ``南京市儿童医院``, ``已就诊医院及科室：``
   values, masked ``*****医院``), ``City, State`` and a list of big US cities, Chinese cities/counties
   (gazetteer or ``XX市/XX县``), dates (every date of a document shifted by one offset so intervals stay
   plausible; the written format kept, or for English sometimes changed; month-only mentions and holidays
   are dates too), ages (an existing 90+ age is labelled, an existing 60-89 age is sometimes moved to
   90-104; ``an 84-year-old`` becomes ``a 94-year-old``), device serial numbers (DEVICE), record numbers
   and cEHRNER pathology/specimen numbers (MRN).
2. INSERT identifiers where real records carry them, with varied phrasings and formats. English: a header
   (name, MRN, DOB, date of service, SSN, account, member ID; MTSamples-like ``KEY: , value,`` runs, line
   style, ``RE:`` style, registration block with PCP/address/phone), a footer (dictated by / electronically
   signed by / cc with facility and fax / NPI / attending with pager, dictation and transcription dates),
   phone/fax/e-mail/portal URL/return-visit date in the plan or follow-up section, an address or home town
   at the start of the social history, a hospital name after ``the emergency room``/``our clinic`` or in
   place of ``the hospital``, names inside real sentences (``The patient is a 64-year-old`` -> ``Mr. Ito is
   a 64-year-old``, ``This is Ana Ruiz, a ...``, ``her daughter (Maria)``, ``referred by his PCP, Dr. Lund,``).
   Chinese dialogues: the patient introducing themselves or the child (name,
   姓/先生/女士, 身份证号, 门诊号, phone, city), the doctor introducing themselves (hospital, department,
   title, name), a doctor line with a landline/mobile/fax/门诊号/clinic day, a patient line with 住院号/床号,
   an address, a hospital and a date. cEHRNER: a first line (``姓名：… 性别：… 年龄：… 住院号：… 床号：…`` and five
   other layouts with 病案号, 身份证号, 联系电话, 住址, 联系人, 入院日期) and sometimes a signature line.
3. SKIP rather than guess. A text is kept only when, after 1-2, no PHI-like pattern is left outside the
   labelled spans. English: a title followed by a capital, placeholders (``XYZ``, ``Xxxx``, ``Sample``),
   any recognised date format, 90+ ages, phone/SSN/e-mail/URL/7+ digit runs, ``City, ST``, ``ST 12345``,
   non-generic facility names, institution acronyms (``UIHC``), US first names mid-sentence (unless an
   eponym: ``Kelly clamp``), first+last name pairs, and rare capitalised words after ``in/from/at/to/with``
   (corpus-wide: in at most 3 notes and never written in lower case -- how ``lives in Sacaton`` and
   ``works at Norcraft`` are caught). Chinese: ``X医生``-type mentions that are not clearly a name or
   clearly not one (``谢医生解答``), named or numbered hospitals (``浙一医院``, ``967医院``), cities inside
   other words, dates and date-like tokens (``宝宝现在9月``, ``十二号``, ``201912``), 90+ ages, long digit
   runs and mobile numbers, street numbers, ``*`` masks. At least 80% of every kept text's characters
   are copied unchanged from the source (``source_fraction``); insertions are dropped when they would
   push it lower.
4. Every record is checked (:func:`check_record`): spans sorted, non-overlapping, in range,
   ``text[start:end]`` the planted value with no surrounding whitespace, label in ``PHI_LABELS``.

Records (one JSON object per line in ``planted_en.jsonl`` / ``planted_zh.jsonl``)::

    {"id": "planted-en-000001", "lang": "en", "source": "mtsamples_en", "source_id": "419",
     "text": "...", "spans": [{"start": 10, "end": 21, "label": "NAME"}, ...],
     "span_origin": ["added", ...], "source_fraction": 0.9011}

``span_origin`` says, per span, where its value sits: ``replaced`` (a PHI-like slot of the source text,
inside a real sentence), ``inline`` (inserted into a real sentence or utterance) or ``added`` (in a
header, footer or sentence/line written by this module). Reviewers can score each group separately.

``source`` is ``mtsamples_en``, ``chineseblue_zh/CMDD``, ``chineseblue_zh/cEHRNER`` or
``zh_medical_dialogue/covid_dialogue``; ``source_id`` the note id / ``CMDD/<split>/<example-id>`` /
``cEHRNER/train/<line>`` / ``covid/<id>``. Span conventions are medcorpus.sample_data's: NAME without title or
credentials, AGE only 90+ and only the number, a US address split into ADDRESS/CITY/ZIP with the state
unlabelled, one ADDRESS span for a Chinese address, a city or county on its own CITY, provinces and
states unlabelled, 床号/住院号/病理号 values MRN. English month-only mentions (``in November``) and
holidays are DATE, as HIPAA counts any date element but the year; weekdays are not labelled.

Determinism: every choice comes from ``random.Random`` instances seeded with strings built from
(seed, source id); sources are visited in a seeded order (Chinese: CMDD, COVID, CMDD, cEHRNER, ...). A
seed gives the same records on any machine and under any ``PYTHONHASHSEED``, and the first k records
of a larger set equal the set built with ``n=k``.

Limits
------
* Leftover PHI is found with regexes and word lists, not by reading. What can survive unlabelled: a bare
  surname without a title, a town named in more than three notes or after an unusual preposition, an employer or school, a named residential compound (``万科城``), a hospital
  named without any place or number (``仁爱医院``), a month written as a word in Chinese. The filters
  err on the side of skipping texts, and the tests look for leftovers, but the gold is not guaranteed
  perfect.
* Skipping biases the sets: notes dense with real names and places (and, in Chinese, texts with
  ``谢医生`` phrasing or colloquial dates like ``宝宝现在9月``) are under-represented. With seed 7, 87 of the
  387 English notes visited (22%) and 45 of the 345 Chinese texts (13%) were skipped; English notes
  shorter than 500 or longer than 8,000 characters are not used.
* ``m/d`` without a year is a date only in clear contexts (zero-padded, or after ``on/since/until``);
  ``5/5 strength`` and ``10/11 mm trocar`` stay unlabelled, as does ``12日后`` (twelve days later).
* Replacement values ignore the surrounding facts: a Hubei city may replace a Henan one, a township
  clinic can get an oncology department. ``武汉`` in COVID consultations and foreign cities (``东京``) are
  kept as written and labelled CITY, as are Chinese public holidays (DATE).
* The inserted headers, footers and dialogue lines come from a few dozen templates per kind. With seed 7,
  only 351 of the 1,658 English spans (21%) sit inside real sentences (``span_origin`` replaced/inline)
  -- MTSamples has few PHI slots left -- against 771 of 1,192 Chinese spans (65%); report recall per
  ``span_origin`` group, not only overall.
* Name diversity follows faker's lists; common names (``James Smith``, ``王伟``) also occur in other
  name lists, so a dictionary-based detector has some head start on them.
* MTSamples is US transcription style with commas where line breaks were; the Chinese set mixes
  paediatric CMDD chats, COVID-era online consultations and oncology/surgery EHR paragraphs.

Layout: this file is the entry point (``write_planted``, the CLI); the work is in ``tools/planting/``:
``edits`` (span-aware editing, records), ``values`` (shared fake-value helpers), ``en_fake`` /
``en_leftovers`` / ``english`` and ``zh_fake`` / ``zh_leftovers`` / ``chinese`` (fake values, leftover
checks and planting per language).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterable, Sequence

from planting.chinese import plant_chinese
from planting.edits import check_record
from planting.english import plant_english

__all__ = ["plant_english", "plant_chinese", "write_planted", "check_record"]


def write_planted(corpora_dir: Path, out_dir: Path, n_en: int = 300, n_zh: int = 300, seed: int = 7) -> dict:
    """Write ``planted_en.jsonl`` and ``planted_zh.jsonl`` under ``out_dir``; returns counts per file and label."""
    corpora_dir = Path(corpora_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sets = {
        "planted_en.jsonl": plant_english(corpora_dir / "mtsamples_en" / "mtsamples.csv", n_en, seed),
        "planted_zh.jsonl": plant_chinese(corpora_dir, n_zh, seed),
    }
    summary: dict = {"seed": seed}
    for name, recs in sets.items():
        with open(out_dir / name, "w", encoding="utf-8", newline="\n") as fh:
            for rec in recs:
                line = json.dumps(rec, ensure_ascii=False)
                line = line.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
                fh.write(line + "\n")
        labels: dict[str, int] = {}
        for rec in recs:
            for sp in rec["spans"]:
                labels[sp["label"]] = labels.get(sp["label"], 0) + 1
        summary[name] = {"records": len(recs), "spans": sum(labels.values()), "labels": dict(sorted(labels.items())),
                         "sources": dict(sorted(_count(r["source"] for r in recs).items()))}
    return summary


def _count(xs: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in xs:
        out[x] = out.get(x, 0) + 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write planted PHI gold sets built from real clinical text.")
    ap.add_argument("--corpora", type=Path, required=True, help="folder holding mtsamples_en/, chineseblue_zh/, zh_medical_dialogue/")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n-en", type=int, default=300)
    ap.add_argument("--n-zh", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    print(json.dumps(write_planted(args.corpora, args.out, args.n_en, args.n_zh, args.seed), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
