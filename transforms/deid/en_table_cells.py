"""Tables whose header row names the columns: each data cell is read as the value of its column's label.

A pipe table ("| Name | DOB | MRN |", an optional "|---|" row, then "| ... |" rows) or a tab-separated one
puts the cue a value needs (MRN, DOB, Phone) in the header, away from the value: prose rules see a bare
number under a column of names. The reader finds table blocks (consecutive lines with the same number of
cells; or one line holding a whole table, its line breaks lost), takes the first row as the header when its
cells are labels, not values, and runs the detector on a virtual text with one "Label: value" line per cell
of a labelled column; what it finds there is mapped back to the cell and wins over the ordinary reading of
that cell. The header's field names are no PHI ("DOB" after "Name |" is no name).

A column is labelled when its header is a field name that says its value identifies someone
(``metadata.field_label``: name, mrn, dob, phone...) or an identifier cue the detector reads in prose. A name column is read so only in a table about people
(a column of a person's identifier beside it): "| Name | Dose |" lists drugs, and "Name: Xarelto" reads as a person.
Columns of any other header keep their ordinary reading.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from medcorpus.schemas.phi import PHI_LABELS, PhiSpan
from medcorpus.transforms.deid.en_lexicon import person_name_words, safe_words
from medcorpus.transforms.deid.en_patterns import Spans, resources
from medcorpus.transforms.deid.metadata import field_label

_ALL_LABELS = frozenset(PHI_LABELS)
_SEPARATOR_CELL_RE = re.compile(r":?-+:?")  # "---", ":--:"
_HEADER_WORD_RE = re.compile(r"[A-Za-z]+")
# columns that make a table one of people, whose name column names persons (a lot or serial column does not:
# "| Name | Lot # |" lists vaccines)
_PERSON_FIELDS = frozenset({"DATE", "MRN", "SSN", "PHONE", "FAX", "EMAIL", "ADDRESS", "NATIONAL_ID", "HEALTH_PLAN",
                            "ACCOUNT"})
_FLAT_SEPARATOR_RE = re.compile(r"(?<=\|)[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+(?=\|)")  # "|---|---|" in a line

Cells = list[tuple[int, int]]


def _split(text: str, start: int, end: int, sep: str) -> Cells:
    """The cells of text[start:end] parted by sep, as (start, end) offsets without their blanks."""
    cells = []
    for part in text[start:end].split(sep):
        s = start + len(part) - len(part.lstrip(" \t\r"))
        cells.append((s, max(s, start + len(part.rstrip(" \t\r")))))
        start += len(part) + 1
    return cells


def _rows(text: str, sep: str) -> Iterator[tuple[int, Cells]]:
    """(line number, cells) of each line with two cells or more. A pipe row is the part of its line between its
    first and last bar when the line ends with one (a header after prose on its line); one without outer bars
    is split whole."""
    pos = 0
    for n, line in enumerate(text.split("\n")):
        start, end = pos, pos + len(line)
        pos = end + 1
        if sep not in line:
            continue
        if sep == "|" and line.rstrip().endswith("|"):
            start, end = start + line.index("|") + 1, start + len(line.rstrip()) - 1
        cells = _split(text, start, end, sep)
        if len(cells) >= 2:
            yield n, cells


def _blocks(text: str, sep: str) -> Iterator[list[Cells]]:
    """Tables: runs of consecutive lines with the same number of cells, two lines or more."""
    block: list[Cells] = []
    last = -2
    for n, cells in _rows(text, sep):
        if block and (n != last + 1 or len(cells) != len(block[0])):
            if len(block) > 1:
                yield block
            block = []
        block.append(cells)
        last = n
    if len(block) > 1:
        yield block


def _flat_blocks(text: str) -> Iterator[list[Cells]]:
    """Tables flattened onto one line, their line breaks lost ("| Name | MRN | |---|---| | Ann Lee | 55012 |"):
    the separator row says how many cells a row has, and an empty cell parts the rows. The header is the
    cells before the separator (prose may open its line), the rows each following run of as many cells."""
    m = _FLAT_SEPARATOR_RE.search(text)
    while m:  # each line once, however many tables it holds
        start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        groups: list[Cells] = [[]]
        for cell in _split(text, start, text.rfind("|", m.end(), line_end), "|"):  # prose may follow the last bar
            if cell[0] == cell[1]:
                groups.append([])  # an empty cell: the row's end
            else:
                groups[-1].append(cell)
        groups = [group for group in groups if group]
        for k in range(1, len(groups)):  # not the first: a separator row on its own line is the line reader's
            width = len(groups[k])
            if width < 2 or len(groups[k - 1]) < width or not _is_separator(text, groups[k]):
                continue
            block = [groups[k - 1][-width:], groups[k]]
            for row in groups[k + 1:]:
                if len(row) < width or _is_separator(text, row):
                    break  # prose after the table, or the next table
                block.append(row[:width])
                if len(row) > width:
                    break  # the last row, the next table's words after it
            yield block
        m = _FLAT_SEPARATOR_RE.search(text, line_end)


def _is_separator(text: str, cells: Cells) -> bool:
    return all(_SEPARATOR_CELL_RE.fullmatch(text, s, e) for s, e in cells)


# a column of whoever signed each row: their initials ("| Date | BP | RN |", "| By |")
_SIGNER_HEADERS = frozenset("rn lpn lvn nurse staff tech by sign signed init initials".split())


def _field(cell: str) -> str | None:
    """The PHI category a field name says its value is: a metadata field name ("DOB", "Patient Name") or an
    identifier cue of the detector ("Med. Rec. No.", "Acct #"); a signer's column holds names."""
    if cell.lower() in _SIGNER_HEADERS:
        return "NAME"
    if cell.lower() in ("age", "age (y)", "age (yrs)", "age/sex"):
        return "AGE"  # "Age: 97" is read as an age over 89 or not at all (not a metadata field: ages under 90 stay)
    m = resources().id_cue_re.fullmatch(cell.lower())
    return m.lastgroup[2:] if m else field_label(cell.replace(".", ""), _ALL_LABELS)


def _column_labels(text: str, header: Cells) -> list[str | None] | None:
    """Each header cell's PHI category (None: a label of something else), or None when the row is no header:
    a header's cells are labels, not values (field names or ordinary words, no digits), one of them a field
    name that says its value identifies someone."""
    found = []
    for s, e in header:
        cell = text[s:e]
        if any(c.isdigit() for c in cell) or len(cell) > 40:
            return None
        label = _field(cell)
        if label is None and not all(map(_header_word, _HEADER_WORD_RE.findall(cell))):
            return None  # "| Smith, John | Patient |": a value, not a label
        found.append(label)
    return found if any(found) else None


def _header_word(word: str) -> bool:
    """Whether a word can stand in a header: an ordinary word, or a short abbreviation that is no name ("UF",
    "Kt/V", "Wt"; not "Li" of "| Li, Wu | Patient |")."""
    low = word.lower()
    return low in safe_words() or len(word) <= 3 and (word.isupper() or low not in person_name_words())


def read_tables(text: str, spans: Spans, detect: Callable[[str], list[PhiSpan]]) -> None:
    """Reads the text's header-row tables into ``spans`` (before they are resolved): header cells lose what was
    found in them; a labelled column's cells take what ``detect`` finds in "Label: value"."""
    for sep in ("|", "\t"):
        if sep in text:
            for block in _blocks(text, sep):
                _read_table(text, block, spans, detect)
    if "-|" in text:
        for block in _flat_blocks(text):
            _read_table(text, block, spans, detect)


def _read_table(text: str, block: list[Cells], spans: Spans, detect: Callable[[str], list[PhiSpan]]) -> None:
    header, rows = block[0], [row for row in block[1:] if not _is_separator(text, row)]
    labels = _column_labels(text, header)
    if labels is None or any(_field(text[s:e]) for (s, e) in (row[0] for row in rows)):
        return  # no header, or a key-value table ("| MRN | 123 |" rows): its label is beside its value
    people = not _PERSON_FIELDS.isdisjoint(labels)
    signers = [text[s:e].lower() in _SIGNER_HEADERS for s, e in header]  # read by the initials' shape: any table
    columns = [k for k, label in enumerate(labels) if label is not None and (label != "NAME" or people or signers[k])]
    labels_at = [cell for cell, label in zip(header, labels) if label is not None]  # "DOB" after "Name |" is no name
    spans.items = [item for item in spans.items if not any(s <= item[0] < e for s, e in labels_at)]
    lines, where = [], []  # the virtual text's lines; (virtual start, cell start, cell end) of each value
    offset = 0
    for row in rows:
        for k in columns:
            s, e = row[k]
            if s == e:
                continue
            # as field_label read it ("D.O.B." is "DOB"); a signer's as en_initials reads initials: "Initials: A.M."
            cue = "Initials" if signers[k] else text[header[k][0]:header[k][1]].replace(".", "")
            value = text[s:e].replace("|", " ").replace("\t", " ")  # no table in the virtual text: no recursion
            line = f"{cue}: {value}\n"
            where.append((offset + len(cue) + 2, s, e))
            lines.append(line)
            offset += len(line)
    if not lines:
        return
    found = []
    k = 0
    for span in detect("".join(lines)):  # sorted by start
        while k < len(where) and span.start >= where[k][0] + where[k][2] - where[k][1]:
            k += 1  # past this cell's value: the next cell
        if k == len(where):
            break
        vs, s, e = where[k]
        start, end = s + max(0, span.start - vs), min(e, s + span.end - vs)
        if start < end:
            found.append((start, end, span.label, "en.table." + span.recognizer.removeprefix("en."), span.score))
    starts = [f[0] for f in found]  # in the text's order, disjoint: the one before an item's end is the only one
    kept = []  # that can overlap it
    for item in spans.items:
        i = bisect.bisect_left(starts, item[1])
        if not i or found[i - 1][1] <= item[0]:
            kept.append(item)
    spans.items = kept + found


# A cell that is a record number: letters, then digits with inner dashes ("MR816101", "79-769-837", "a0332504")
_RECORD_CELL_RE = re.compile(r"[A-Za-z]{0,4}-?\d[\d-]{4,14}\d")
_ISSN_RE = re.compile(r"\d{4}-\d{3}[\dX]")  # a journal's number in a citation's row


def record_cells(text: str, spans: Spans) -> None:
    """A row without a header that names a person in one cell and holds a number in another ("Bed 2 | Dylan
    Cole | 79-769-837 | 22F", "Summary;CHEN, CHARLOTTE;A9656042;1976-11-07"): the number is the person's record
    number. Added to ``spans`` before they are resolved; a number another rule read (a phone) keeps that reading."""
    names = sorted((item[0], item[1]) for item in spans.items if item[2] == "NAME")
    if not names:
        return
    starts = [s for s, _ in names]
    for sep in ("|", ";"):
        if sep not in text:
            continue
        for _, cells in _rows(text, sep):
            if len(cells) < 3:
                continue
            numbers = [(s, e) for s, e in cells if _RECORD_CELL_RE.fullmatch(text, s, e)
                       and sum(c.isdigit() for c in text[s:e]) >= 6 and not _ISSN_RE.fullmatch(text, s, e)]
            if numbers and any(_covered(starts, names, s, e) for s, e in cells if (s, e) not in numbers):
                for s, e in numbers:
                    spans.add(s, e, "MRN", "en.id.row", 0.6)


def _covered(starts: list[int], names: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether one NAME candidate covers the cell text[s:e] whole."""
    i = bisect.bisect_right(starts, s)
    return any(ns <= s and ne >= e for ns, ne in names[max(0, i - 3):i]) if e > s else False
