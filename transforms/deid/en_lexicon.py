"""Word lists behind English PHI detection: person names, and the words that are not PHI.

* Person names: US Census 1990 (package ``names``), the Latin-script person lists of ``faker``'s locales, and
  hand-written lists of romanised names of the origins those miss (``resources/en_world_*.txt``).
* Safe words (``resources/en_safe_words.txt``, see its README): words that clinical and consumer-health
  text writes in lower case, so ordinary words; plus hand-written clinical shorthand
  (``resources/en_clinical_shorthand.txt``), name-list entries that are common words
  (``resources/en_common_name_words.txt``) and eponyms (``resources/en_eponyms.txt``). A word on neither
  list that stands where a name stands ("dr ..", "son ..") is taken for a name: the safe-list idea of
  Philter (Norgeot et al. 2020).
"""

from __future__ import annotations

import functools
import importlib
import itertools
import operator
import os
import pkgutil
import re
import unicodedata

_RESOURCES = os.path.join(os.path.dirname(__file__), "resources")
_QUALITY_RESOURCES = os.path.join(os.path.dirname(__file__), "..", "resources")  # the quality stage's lists


def letter_class(predicate) -> str:
    """Regex class body of the Latin letters (Latin-1 to Latin Extended Additional, IPA) that satisfy
    ``predicate``: names in notes are written Nguyễn, Şensoy, Akɔmaa, SCHÜLER."""
    chars = [c for block in ((0x41, 0x7B), (0xC0, 0x250), (0x250, 0x2B0), (0x1E00, 0x1F00))
             for c in map(chr, range(*block)) if c.isalpha() and predicate(c)]
    runs, start = [], 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or ord(chars[i]) != ord(chars[i - 1]) + 1:
            runs.append(chars[start] if i - start == 1 else f"{chars[start]}-{chars[i - 1]}")
            start = i
    return "".join(runs)


UP = letter_class(str.isupper)
LO = letter_class(lambda c: not c.isupper())  # lower case, and caseless letters such as ɔ's kin


def census_names(filename: str, limit: int | None = None) -> set[str]:
    """The names of a US Census 1990 list, lower case; with ``limit``, its ``limit`` most frequent (the
    lists are in order of frequency)."""
    import names  # US Census 1990 lists ship inside the package folder

    path = os.path.join(os.path.dirname(names.__file__), filename)
    with open(path, encoding="ascii", errors="ignore") as fh:
        rows = (line.split(None, 1)[0].lower() for line in fh if line.strip())
        return set(itertools.islice(rows, limit))


# Common surnames that after a first-name word are as often a colour or a place: "sandy brown stools",
# "endo gia white load", "Olive Green sputum", "myrtle beach"
_COLOUR_AND_PLACE_SURNAMES = frozenset("""
white black brown green gray grey beach park lake bay rock banks rivers hill hills woods field fields marsh
""".split())


@functools.lru_cache(maxsize=1)
def frequent_surnames() -> frozenset[str]:
    """The 1,000 commonest US surnames (Young, Cross, Price: 43% of Americans in the 1990 census bear one):
    after a first name such a word is a surname, where a rarer surname that is also a word ("levels",
    "rounds") is not. Colours and place words are left out."""
    return frozenset(census_names("dist.all.last", 1000)) - _COLOUR_AND_PLACE_SURNAMES


def faker_names() -> tuple[set[str], set[str]]:
    """First and last names from every faker locale, Latin script only (the detector reads Latin text)."""
    import faker.providers.person as person

    firsts: set[str] = set()
    lasts: set[str] = set()

    def values(provider, attr):
        for klass in provider.__mro__:
            if attr in klass.__dict__:
                try:
                    return list(klass.__dict__[attr] or ())
                except TypeError:  # some locales expose properties, not lists
                    return []
        return []

    latin_word = re.compile(f"[{UP}{LO}]+")

    def latin(words):
        for w in words:
            if isinstance(w, str):
                for part in re.split(r"[\s'-]+", w):
                    if len(part) > 1 and latin_word.fullmatch(part):
                        yield part.lower()

    for mod in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"{person.__name__}.{mod.name}").Provider
        except (ImportError, AttributeError):
            continue
        # middle names too: Vietnamese writes them between given name and surname (Kim Đức Nguyễn)
        for attr in ("first_names", "first_names_male", "first_names_female", "first_romanized_names",
                     "middle_names"):
            firsts.update(latin(values(provider, attr)))
        for attr in ("last_names", "last_romanized_names"):
            lasts.update(latin(values(provider, attr)))
    return firsts, lasts


# Words for the list-based recognizers; hyphens split ("social-wife"), an apostrophe part stays ("o'hara")
_LETTERS = "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF"  # Latin letters, not the signs × and ÷ among them
_WORD_RE = re.compile(rf"[{_LETTERS}]+(?:['\u2019][A-Za-z]+)?")
_SPLIT_RE = re.compile(rf"([{_LETTERS}]+(?:['\u2019][A-Za-z]+)?)")
_LAST_TOKENS: tuple = ("", [])
_LAST_WORD_SET: tuple = ("", frozenset())
_LAST_APOSTROPHES: tuple = ("", [])
_APOSTROPHE_RE = re.compile("['\u2019]")
_START, _WORD = operator.itemgetter(0), operator.itemgetter(2)


def sentence_start(text: str, s: int) -> bool:
    """Whether position s opens a sentence or a line (only spaces after a full stop, colon, line break)."""
    before = text[max(0, s - 40):s].rstrip(" \t")
    return not before or before[-1] in ".!?:;\n\"'("


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-case word) for each word; the last text's tokens are kept, as two recognizers
    read the same note one after the other."""
    global _LAST_TOKENS
    cached = _LAST_TOKENS
    if cached[0] is text:
        return cached[1]
    low = text.lower()
    if len(low) == len(text):  # split and sum lengths: the offsets without a Python step per word
        parts = _SPLIT_RE.split(low)
        ends = list(itertools.accumulate(map(len, parts)))
        toks = list(zip(ends[0::2], ends[1::2], parts[1::2]))
    else:  # a letter whose lower case is longer ("İ")
        toks = [(m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text)]
    _LAST_TOKENS = (text, toks)
    return toks


def word_set(text: str) -> frozenset[str]:
    """The words of ``word_tokens``, and the two parts of each word with an apostrophe ("son's": "son", "s"),
    kept for the last text. A pattern for whole words of a list can match only where one of them is in this
    set: a set test is its gate, where a scan of the note would be one more pass over every character."""
    global _LAST_WORD_SET
    cached = _LAST_WORD_SET
    if cached[0] is text:
        return cached[1]
    words = frozenset(map(operator.itemgetter(2), word_tokens(text)))
    if "'" in text or "\u2019" in text:
        words = words.union(*[_APOSTROPHE_RE.split(w) for w in words if "'" in w or "\u2019" in w])
    _LAST_WORD_SET = (text, words)
    return words


def matches_at_words(pattern: re.Pattern, text: str, low: str, heads: frozenset[str],
                     then: frozenset[str] | None = None):
    """``pattern.finditer(low)`` where a match can only open with a word of ``heads`` (lower-case, as word_tokens
    reads them) and, with ``then``, only before a word of ``then``: left to right and none inside another, tried
    only where such a word starts, and in a word with an apostrophe before and after it ("pt's", "o'dr"). Pays
    where the heads are few in a note and a scan would try a long alternation at every letter (the set test per
    word runs in C); measure before using it for a pattern the engine skips ahead through."""
    toks = word_tokens(text)
    if then is None:
        starts = list(itertools.compress(map(_START, toks), map(heads.__contains__, map(_WORD, toks))))
    else:
        heads_at = itertools.compress(range(len(toks)), map(heads.__contains__, map(_WORD, toks)))
        starts = [toks[k][0] for k in heads_at if k + 1 < len(toks) and toks[k + 1][2] in then]
    if "'" in text or "\u2019" in text:
        starts = sorted(starts + _apostrophe_starts(text))
    end = 0
    for p in starts:
        if p >= end and (m := pattern.match(low, p)):
            end = m.end()
            yield m


def _apostrophe_starts(text: str) -> list[int]:
    """Where the words with an apostrophe start, and each position after an apostrophe; kept for the last text."""
    global _LAST_APOSTROPHES
    if _LAST_APOSTROPHES[0] is not text:
        toks = word_tokens(text)
        starts = [m.end() for m in _APOSTROPHE_RE.finditer(text)]
        for mark in "'\u2019":
            if mark in text:  # (a set test per word in C: operator.contains mapped over the words)
                has_mark = map(operator.contains, map(_WORD, toks), itertools.repeat(mark))
                starts += itertools.compress(map(_START, toks), has_mark)
        _LAST_APOSTROPHES = (text, starts)
    return _LAST_APOSTROPHES[1]


def last_words(phrases) -> frozenset[str]:
    """The last word of each phrase as ``word_tokens`` reads it ("salem" of "Winston-Salem", "st" of "St."): the
    word gate, tested on ``word_set``, of a pattern that matches these phrases whole."""
    return frozenset(word_tokens(p)[-1][2] for p in phrases)


# Latin letters that NFKD does not split into a base letter and a mark
_UNSPLIT = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ŧ": "t", "ß": "ss", "æ": "ae",
                          "œ": "oe", "þ": "th", "ð": "d"})


def name_list_forms(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """word_tokens with each word as the name lists spell it (for name lookups only: "são" folds to a
    listed name, and is still a city)."""
    return [t if t[2].isascii() else (t[0], t[1], _listed_form(t[2])) for t in toks]


def _listed_form(word: str) -> str:
    """A lower-case word as the name lists spell it: as written, or else without its diacritics when
    only that form is listed (ayşe -> ayse). The lists themselves are not folded: folded, some of their
    entries are drug names (an Icelandic first name folds to a brand of fluticasone)."""
    firsts, lasts = person_names()
    if word in firsts or word in lasts:
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNSPLIT))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded if folded in firsts or folded in lasts else word


@functools.lru_cache(maxsize=1)
def person_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names), lower case: census, faker, and names of the origins those lists miss
    (``resources/en_world_*.txt``: "Xiaoming", "Oluwaseun", "Bekele")."""
    firsts, lasts = faker_names()
    firsts |= census_names("dist.male.first") | census_names("dist.female.first")
    firsts |= read_words("en_world_first_names.txt")
    lasts |= census_names("dist.all.last") | read_words("en_world_surnames.txt")
    return frozenset(firsts), frozenset(lasts)


@functools.lru_cache(maxsize=1)
def person_name_words() -> frozenset[str]:
    """First and last names together (``person_names``), for the tests that ask whether a word is any name."""
    firsts, lasts = person_names()
    return firsts | lasts


def read_words(filename: str, folder: str = _RESOURCES) -> frozenset[str]:
    """One lower-case entry per line; ``#`` lines are provenance."""
    path = os.path.join(folder, filename)
    if not os.path.exists(path):
        return frozenset()
    with open(path, encoding="utf-8") as fh:
        return frozenset(w.strip().lower() for w in fh if w.strip() and not w.startswith("#"))


def read_lines(filename: str) -> tuple[str, ...]:
    """The entries of a resource file as written (case kept)."""
    with open(os.path.join(_RESOURCES, filename), encoding="utf-8") as fh:
        return tuple(line.strip() for line in fh if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """One-word US states and countries, lower case: a first name that is also a place ("Georgia",
    "Alabama") is no name on its own."""
    lines = read_lines("en_not_cities.txt") + read_lines("en_us_states.txt")  # not cities: many are surnames
    return frozenset(line.lower() for line in lines if " " not in line)


@functools.lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Stop words and clinical shorthand: never a name after a relation word ("son in", "wife may")."""
    return read_words("en_stopwords.txt", _QUALITY_RESOURCES) | read_words("en_clinical_shorthand.txt")


@functools.lru_cache(maxsize=1)
def medical_words() -> frozenset[str]:
    """Words of MeSH headings and clinical abbreviations (the quality stage's list)."""
    return read_words("en_medical.txt", _QUALITY_RESOURCES)


@functools.lru_cache(maxsize=1)
def safe_words() -> frozenset[str]:
    """Words that are not PHI on their own: corpus vocabulary, clinical shorthand, quality-stage lists."""
    quality = _QUALITY_RESOURCES
    return (read_words("en_safe_words.txt") | read_words("en_clinical_shorthand.txt")
            | read_words("en_common_name_words.txt") | read_words("en_eponyms.txt")
            | read_words("en_stopwords.txt", quality) | read_words("en_medical.txt", quality))


@functools.lru_cache(maxsize=1)
def _safe_word_drops() -> frozenset[str]:
    return frozenset(w[:k] + w[k + 1:] for w in safe_words() if len(w) >= 5 for k in range(len(w)))


def misspelt(w: str) -> bool:
    """Whether w is a safe word with a letter dropped, doubled or added, or two letters swapped: the
    commonest misspellings in notes ("afer", "additon"), which no name or town rule should take."""
    safe = safe_words()
    return w in _safe_word_drops() or any(w[:k] + w[k + 1:] in safe for k in range(len(w))) or any(
        w[:k] + w[k + 1] + w[k] + w[k + 2:] in safe for k in range(len(w) - 1))
