"""Gold note generation: pick a note type by weight, write it, and return text with its PHI spans."""

from __future__ import annotations

import random
from typing import Callable

from medcorpus.sample_data.en_clinic_notes import (
    en_consult_letter, en_device, en_facesheet, en_medlist, en_nursing, en_phone, en_socialwork, en_telehealth,
)
from medcorpus.sample_data.en_context import EnglishNote
from medcorpus.sample_data.en_hospital_notes import en_discharge, en_ed, en_hp, en_operative, en_progress, en_radiology
from medcorpus.sample_data.template import finish_document
from medcorpus.sample_data.zh_context import ChineseNote
from medcorpus.sample_data.zh_notes import (
    zh_admission, zh_consult, zh_dialogue, zh_discharge, zh_exam, zh_operation, zh_outpatient, zh_progress,
)


_EN_TYPES: tuple[tuple[str, Callable[[EnglishNote], None], int], ...] = (
    ("discharge_summary", en_discharge, 12), ("history_physical", en_hp, 8), ("progress_note", en_progress, 10),
    ("ed_note", en_ed, 10), ("radiology_report", en_radiology, 9), ("operative_note", en_operative, 7),
    ("consult_letter", en_consult_letter, 7), ("medication_list", en_medlist, 6),
    ("telephone_encounter", en_phone, 6),
    ("telehealth_visit", en_telehealth, 6), ("face_sheet", en_facesheet, 6), ("nursing_note", en_nursing, 6),
    ("social_work_note", en_socialwork, 5), ("device_clinic_note", en_device, 4),
)


_ZH_TYPES: tuple[tuple[str, Callable[[ChineseNote], None], int], ...] = (
    ("admission_record", zh_admission, 16), ("discharge_summary", zh_discharge, 14),
    ("outpatient_record", zh_outpatient, 14),
    ("progress_record", zh_progress, 12), ("dialogue", zh_dialogue, 16), ("exam_report", zh_exam, 10),
    ("operation_record", zh_operation, 8), ("consult_record", zh_consult, 8),
)


def _weighted(r: random.Random, table):
    total = sum(t[-1] for t in table)
    x = r.random() * total
    for t in table:
        x -= t[-1]
        if x < 0:
            return t
    return table[-1]


def _note_rng(lang: str, seed: int, i: int) -> random.Random:
    # The seed strings define the corpus: keep "medcorpus.synthetic|..." as it is.
    # String seeds are hashed with SHA-512 by random.seed (version 2): stable across machines and runs.
    return random.Random(f"medcorpus.synthetic|{lang}|{seed}|{i}")


def make_note(lang: str, seed: int, i: int) -> dict:
    r = _note_rng(lang, seed, i)
    if lang == "en":
        c = EnglishNote(r)
        name, fn, _ = _weighted(r, _EN_TYPES)
    else:
        c = ChineseNote(r)
        name, fn, _ = _weighted(r, _ZH_TYPES)
    fn(c)
    text, spans = finish_document(c.doc)
    return {"id": f"{lang}-note-{i:06d}", "lang": lang, "kind": "note", "note_type": name, "text": text, "spans": spans}


def generate_notes(lang: str, n: int, seed: int) -> list[dict]:
    """Generate ``n`` gold notes in ``lang`` ("en" or "zh"). Note i depends only on (lang, seed, i)."""
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    if n < 0:
        raise ValueError("n must be >= 0")
    return [make_note(lang, seed, i) for i in range(n)]
