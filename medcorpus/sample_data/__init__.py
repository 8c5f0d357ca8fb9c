"""Deterministic synthetic clinical text with labelled fake PHI: the project's sample data and PHI gold set.

What it generates
-----------------
* English notes (``lang="en"``): discharge summaries, H&Ps, SOAP progress notes, ED notes, radiology
  reports, operative notes, consult letters, medication reconciliations, telephone encounters,
  telehealth visits, registration face sheets, nursing notes, social-work notes and device-clinic notes.
* Chinese notes (``lang="zh"``): 入院记录, 出院小结, 门诊病历, 病程记录, 医患对话, 检查报告, 手术记录, 会诊记录.

Every note is composed from randomly chosen sections, header spellings, sentence templates and field
orders around one fake patient, so the set cannot be learned as one template. Clinical facts (diagnoses, drugs,
doses, vitals, lab values, ICD codes, years on their own, pain scores, murmur grades) are never labelled,
so a de-identifier's precision can be measured as well as its recall.

Gold format (one JSON object per line in the ``.jsonl`` files)::

    {"id": "en-note-000042", "lang": "en", "kind": "note", "note_type": "discharge_summary",
     "text": "...", "spans": [{"start": 10, "end": 21, "label": "NAME"}, ...]}

``start``/``end`` are Python ``str`` offsets (end exclusive); spans are sorted, non-overlapping and
``text[start:end]`` is exactly the PHI value. Labels are ``medcorpus.schemas.phi.PHI_LABEL_NAMES``.
Span conventions a scorer needs to know:

* NAME: the name only. Titles (Mr./Ms./Mrs./Dr./先生/女士/医生) and credentials (MD, RN) stay outside.
* AGE: only ages of 90 or more, and only the number ("92" in "92-year-old", "92" in "92岁").
  Younger ages appear in the text unlabelled.
* DATE: anything more specific than a year ("3/14", "March 14th", "Mar 2021", "2021年3月14日"). In
  "on the 14th" the span is "14th". Years on their own ("in 2019") and clock times are not labelled.
* US addresses are split: ADDRESS is the street line (with the unit), CITY the city, ZIP the ZIP code;
  the state abbreviation stays unlabelled. A Chinese 省/市/区/路/号 address is one ADDRESS span; a city
  named on its own (成都市) is CITY, a province on its own is not labelled.
* MRN covers record-type numbers: MRN, accession/exam numbers, 住院号/病案号/门诊号/床号/检查号.
* PHONE/FAX include an extension when one is written ("555-123-4567 ext. 204").
* A PHI value is one span even when it contains another kind (a URL with a name in it is URL only).
* Whoever an identifier belongs to, it is labelled: clinicians' names, clinic phone and fax numbers,
  hospital names and addresses are gold PHI just like the patient's and relatives'.
* Not PHI, never labelled: clock times, years alone, ages under 90, department/ward names, device
  makes and models, car makes/models/years, eponyms ("Murphy sign", "Henry approach"), drug and lab
  values, ICD codes, pharmacy BINs and implant catalogue (REF) numbers.

Planted records (``write_sample_corpus``) follow the gold notes in the same files, in shuffled order:

* ``exact_duplicate``: ``duplicate_of`` (an earlier note id), same text and spans, new id.
* ``near_duplicate``: ``duplicate_of``, ``edit_fraction`` ((chars removed + chars inserted) / source
  length) after 1-3 edits (word swap, number change, line removed, line added); spans re-offset and
  correct; PHI values are never edited.
* ``junk``: ``junk_type`` in shuffled_words, repeated_lines, boilerplate, random_chars, mojibake,
  number_table, truncated_fragment; built from PHI-free text, ``spans: []``.
* ``foreign``: ``lang`` in de/fr/es/ru/ja, short clinical paragraphs, ``spans: []``.

Other files: ``dialogues_zh.csv`` (GB18030, header department,title,ask,answer; no PHI),
``malformed.jsonl`` (lines a robust reader must reject, between three valid records; the manifest lists
the kind of every line) and ``manifest.json``. U+0085/U+2028/U+2029 are written as JSON escapes so a
line splitter that honours them still sees one record per line.

Everything comes from ``random.Random`` instances seeded from (lang, seed, index), so a note does not
depend on how many notes are asked for, and the same seed gives byte-identical files on any machine.

Modules: ``template`` (span-aware text building), ``fakers`` (identifiers with check digits, dates),
``en_vocab`` / ``en_clinical`` / ``en_scenarios`` (English word lists and scenarios), ``en_patient`` /
``en_context`` (the English note context), ``en_sections``, ``en_hospital_notes`` and ``en_clinic_notes``
(English note types), ``zh_vocab`` / ``zh_context`` / ``zh_notes`` (Chinese), ``notes`` (``generate_notes``),
``planted`` (duplicates, junk, foreign text) and ``generator`` (files, manifest and CLI).

CLI: ``medcorpus sample-data`` or ``python -m medcorpus.sample_data.generator --out DIR [--seed N] [--n-en N]
[--n-zh N]``.
"""

from medcorpus.sample_data.generator import MAX_TEXT_CHARS, main, write_sample_corpus
from medcorpus.sample_data.notes import generate_notes

__all__ = ["generate_notes", "write_sample_corpus", "main", "MAX_TEXT_CHARS"]
