"""A value given in answer to a question that names its field: a chat's or a call's "And the ZIP code?" and, on
the next line, "[23:00] Customer: 37978". The question says what the answer is, as a form's label would; the
field names are those metadata is scrubbed by (``metadata.field_label``). Names are left to the name rules ("hi
its Tuan" is no bare value).
"""

from __future__ import annotations

import re

from medcorpus.schemas.phi import PHI_LABELS
from medcorpus.transforms.deid.en_patterns import Resources, Spans
from medcorpus.transforms.deid.metadata import field_label

_LABELS = frozenset(PHI_LABELS) - {"NAME"}
# a turn asking a question that ends its line, and the next turn: a time stamp or a speaker (a word of three
# letters or more: not "Q:", "A:") before each, as a chat or a call's transcript writes them
_TURN = r"[ \t]*(?:\[[^\]\n]{1,12}\][ \t]*(?:[A-Za-z][\w .'\u2019-]{2,30}:[ \t]*)?|[A-Za-z][\w .'\u2019-]{2,30}:[ \t]*)"
_QUESTION_RE = re.compile(rf"(?:^|(?<=\n)){_TURN}(?P<q>[^\n?]{{3,80}})\?[ \t]*\n(?:[ \t]*\n)?{_TURN}"
                          r"(?P<a>[^\n]{2,60}?)[ \t]*(?:\n|$)")
_VALUE_SHAPES = {  # what an answer must look like to be the field's value, not a sentence
    "ZIP": re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]{1,9}"),
    "EMAIL": re.compile(r"\S+@\S+"),
}
_DIGITS_RE = re.compile(r"\d")
_FIELD_ENDS = frozenset("code postcode zip number no # id address email e-mail birth dob phone mobile cell ssn iban "
                        "plate vin card".split())


def answers(text: str, low: str, res: Resources, out: Spans) -> None:
    if "?" not in text or "\n" not in text:
        return
    for m in _QUESTION_RE.finditer(text):
        words = m.group("q").lower().split()
        if words[-1] not in _FIELD_ENDS:
            continue  # "any phone calls overnight?": the question must end with the field's name
        label = field_label(" ".join(words[-4:]), _LABELS)
        answer = m.group("a")
        if label is None or len(answer.split()) > 6:
            continue
        shape = _VALUE_SHAPES.get(label)
        if (shape.fullmatch(answer) if shape else len(_DIGITS_RE.findall(answer)) >= 4) \
                and (label != "ZIP" or _DIGITS_RE.search(answer)):
            out.add(m.start("a"), m.end("a"), label, "en.answer", 0.8)
