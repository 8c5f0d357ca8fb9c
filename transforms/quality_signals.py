"""Quality signals: what the quality stage measures in one document, and the tables it looks up.

``quality_signals(text, lang)`` measures every signal in ``SIGNALS``; ``transforms/quality.py``
turns them into a score and a decision. The lookup tables (a character class per code point,
English token codes, Chinese character and word lists) are built once per process by ``tables()``
from the term lists in ``transforms/resources/`` (provenance in its README).
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

RESOURCES = Path(__file__).resolve().parent / "resources"

# lang_profile signal values
OTHER, EN, ZH = 0.0, 1.0, 2.0

# --------------------------------------------------------------------------- term lists

def _read_list(name: str) -> tuple[list[str], str]:
    """Entries of a resource list and its provenance header (comment lines)."""
    entries, header = [], []
    for line in (RESOURCES / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            header.append(line[1:].strip())
        elif line.strip():
            entries.append(line.strip())
    return entries, " ".join(header)


TERM_LISTS = ("en_stopwords", "en_medical", "zh_common_chars", "zh_bigrams", "zh_medical", "zh_edges")


@functools.cache
def term_list_provenance() -> list[dict[str, Any]]:
    out = []
    for name in TERM_LISTS:
        path = RESOURCES / f"{name}.txt"
        entries, header = _read_list(name)
        source = re.search(r"source: (.*?)(?: licence:|$)", header)
        licence = re.search(r"licence: (.*)$", header)
        out.append({"name": name, "count": len(entries), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                    "source": source.group(1) if source else None, "licence": licence.group(1) if licence else None})
    return out


# --------------------------------------------------------------------------- tables

# character classes, one uint8 per BMP code point; astral ones (emoji, rare Han) read as symbols
SPACE, ASCII_LETTER, LETTER, HAN, DIGIT, PUNCT, SYMBOL, ODD = range(8)
_NCLASS = 8
_ASTRAL = 0x10000
_CODE_POINTS = 0x110000  # tables cover all of Unicode, so code points index them directly
_ZH_DANGLING = set("和与及或在对把被从向给为而但")
_TERMINAL = set(".!?。！？;；…~～)）」』”’\"'")  # ";": a list item ends on it
_EN_PROFILE_LANGS = {"en"}
_FORM_MARKS = "×□■☐☑☒√✓✔○◎"


def is_han_code_point(cp: int) -> bool:
    """A CJK ideograph: the basic block, extension A, compatibility ideographs."""
    return 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF


def _class_table() -> np.ndarray:
    table = np.full(_CODE_POINTS, SYMBOL, dtype=np.uint8)
    for cp in range(_ASTRAL):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if ch.isspace():
            cls = SPACE
        elif cp < 128 and ch.isalpha():
            cls = ASCII_LETTER
        elif is_han_code_point(cp):
            cls = HAN
        elif cat[0] in "LM":
            cls = LETTER
        elif cat == "Nd":
            cls = DIGIT
        elif cat[0] == "P":
            cls = PUNCT
        elif cat[0] in "SN":  # No (superscripts, fractions) reads like a symbol in prose
            cls = SYMBOL
        else:  # Cc, Cf, Co, Cn, Cs
            cls = ODD
        table[cp] = cls
    table[0xFFFD] = ODD  # the replacement character: something was undecodable
    # form marks stand in for words, they are not symbols: the masks de-identified exports write for
    # names and numbers ("患者×××", "住院号××××") and the checkboxes of templated records ("□无 ☑有")
    table[[ord(ch) for ch in _FORM_MARKS]] = LETTER
    return table


def _mask(chars: str) -> np.ndarray:
    mask = np.zeros(_CODE_POINTS, dtype=bool)
    mask[[ord(c) for c in chars]] = True
    return mask


def _pair_keys(words: list[str]) -> np.ndarray:
    """Sorted keys of every adjacent character pair in ``words`` (for np.searchsorted)."""
    keys = {(ord(w[i]) << 17) | ord(w[i + 1]) for w in words for i in range(len(w) - 1)}
    return np.array(sorted(keys), dtype=np.int64)


# Chinese function characters (hand-curated): particles, pronouns, copula, common adverbs
_ZH_FUNCTION_CHARS = "的了是在我你他她它们有和与不也就都这那个吗呢吧啊么着过被把给要会能可以还很没从对"

# medical affixes (hand-curated): a word built on one is medical whatever the list says
_EN_MED_SUFFIXES = tuple(
    "itis ectomy otomy ostomy ology ologist emia aemia osis algia pathy plasty scopy graphy oma omas cyte cytes "
    "penia uria trophy plegia megaly centesis rrhea rrhoea sclerosis genic lytic mycin cillin azole olol pril "
    "sartan statin mab tinib".split())
_MEMO_LIMIT = 200_000  # English token codes remembered per process (~20 MB; vocabularies are Zipfian)


class _Tables:
    """Everything the signals look things up in, built once per process."""

    def __init__(self) -> None:
        self.classes = _class_table()
        stopwords, _ = _read_list("en_stopwords")
        medical, _ = _read_list("en_medical")
        # one code per English token: D determiner, P preposition, C conjunction/auxiliary,
        # s other stopword, m medical word, . sentence/clause punctuation, n number, w other word
        codes = {w: "s" for w in stopwords}
        codes.update({w: "m" for w in medical if w not in codes})
        codes.update({w: "D" for w in "the a an this these those his their its our your my".split()})
        codes.update({w: "P" for w in "of in to for with on at by from into than between during without "
                                       "within under".split()})
        codes.update({w: "C" for w in "and or but is are was were".split()})
        codes.update({p: "." for p in ".,;:!?"})
        self.en_codes = codes
        self._fixed_codes = len(codes)
        self.common_han = _mask("".join(_read_list("zh_common_chars")[0]))
        self.zh_function = _mask(_ZH_FUNCTION_CHARS)
        self.zh_medical = _pair_keys(_read_list("zh_medical")[0])
        # a pair inside a medical term is as much a word as a common one: clinical text is dense in them
        self.zh_known_pairs = np.union1d(_pair_keys(_read_list("zh_bigrams")[0]), self.zh_medical)
        self.zh_start_fit, self.zh_end_fit = _edge_fits(_read_list("zh_edges")[0])

    def en_code_string(self, tokens: list[str]) -> str:
        """One code per token. Tokens outside the lists are medical by their suffix, else plain
        words; they are remembered, so a warm worker codes a document in one C-level pass."""
        codes = self.en_codes
        try:
            return "".join(map(codes.__getitem__, tokens))
        except KeyError:
            pass
        new = {tok: "n" if tok[0].isdigit() else "m" if len(tok) > 5 and tok.endswith(_EN_MED_SUFFIXES) else "w"
               for tok in set(tokens).difference(codes)}
        if len(codes) + len(new) <= self._fixed_codes + _MEMO_LIMIT:
            codes.update(new)
            return "".join(map(codes.__getitem__, tokens))
        return "".join([codes.get(tok) or new[tok] for tok in tokens])


_EDGE_PSEUDO_COUNT = 5  # pulls a rarely seen unit's start/end rate toward its character's (or the overall) rate


def _edge_fits(rows: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Per Han character and pair: log of how much more often it starts (ends) a run of Han characters
    than an average character does; a pair backs off to its first (last) character's rate."""
    counts = [(unit, int(s), int(e), int(n)) for unit, s, e, n in (row.split("\t") for row in rows)]
    chars = [c for c in counts if len(c[0]) == 1]
    seen = sum(n for *_, n in chars)
    start_rate, end_rate = sum(c[1] for c in chars) / seen, sum(c[2] for c in chars) / seen
    m = _EDGE_PSEUDO_COUNT
    start_p: dict[str, float] = {}
    end_p: dict[str, float] = {}
    for unit, starts, ends, n in sorted(counts, key=lambda c: len(c[0])):  # characters before pairs
        start_p[unit] = (starts + m * start_p.get(unit[0], start_rate)) / (n + m)
        end_p[unit] = (ends + m * end_p.get(unit[-1], end_rate)) / (n + m)
    return ({u: math.log(p / start_rate) for u, p in start_p.items()},
            {u: math.log(p / end_rate) for u, p in end_p.items()})


@functools.cache
def tables() -> _Tables:
    return _Tables()


# --------------------------------------------------------------------------- signals

_EN_TOKEN = re.compile(r"[a-z0-9]+|[.,;:!?]")
# the same tokens for ASCII text with byte operations (a third of the regex's time)
_EN_TOKEN_BYTES = bytes(b if chr(b) in "abcdefghijklmnopqrstuvwxyz0123456789.,;:!?" else 32 for b in range(256))
_EN_PUNCT = tuple(p.encode() for p in ".,;:!?")
# D or P followed by what cannot follow it in English: another determiner/preposition,
# a conjunction/auxiliary, or the end of a clause ("the of", "with and", "the.")
_FW_BAD = re.compile(r"(?=D[DPC.]|P[PC.])")
# the character after a sentence end (a word of 2+ letters, then . ! or ?): lowercase there is
# rare in prose (single-letter abbreviations like "e.g." and "q.d." are left out) and the rule in
# shuffled text. The mark is matched first and the two letters looked back at: a regex that starts
# with [a-z]{2} tries every letter of the text (three times slower)
_AFTER_SENTENCE = re.compile(r"[.!?](?<=[a-z]{2}[.!?]) +(\S)")
# a capitalised word in mid-sentence (after a lowercase letter, digit, comma or bracket): where it is a
# function word ("pain and The", "of In") a sentence start was moved, which is what shuffling does
_MID_TITLE = re.compile(r"(?<=[a-z0-9,;)] )[A-Z][a-z]{0,6}\b")
_FUNCTION_CODES = frozenset("DPC")
# misplaced capitals per sentence end at which lowercase after a period counts fully: nurses who write
# in lower case ("pt resting. vss. will monitor") have lowercase after every period and no capital
# out of place; shuffled prose has both (median 0.54 per sentence end, real prose under 0.16 in 9 of 10)
_MISPLACED_FULL = 0.1
# whitespace-delimited tokens without a letter (any non-ASCII character counts as one: cheap),
# searched in the text padded with a space at each end
_NONALPHA_TOKEN = re.compile(r"\s[^\sa-zA-Z\u00c0-\uffff]+(?=\s)")
_BULLETS = tuple("-*•·●▪◦‣►–")
_NUMERIC_LINE = re.compile(r"[-+(]?\d[\d.,:/%)]*(?:[ \t|,;]+[-+(]?\d[\d.,:/%)]*){2,}[ \t|]*")
_PARAGRAPH = re.compile(r"\n\s*\n")
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
# Navigation, legal and sharing chrome: markers (lowercase substrings) on short lines, or two
# or more separators (| » ›) on one. Prose that mentions "privacy policy" is a long line.
_BOILERPLATE_MARKERS_EN = (
    "all rights reserved", "copyright", "©", "privacy policy", "terms of use", "terms of service",
    "terms and conditions", "cookie", "skip to", "log in", "login", "sign in", "sign up", "subscribe", "newsletter",
    "click here", "read more", "back to top", "share on", "share this", "follow us", "advertisement", "sitemap",
    "site map", "contact us", "about us", "javascript", "password", "related articles",
)
_BOILERPLATE_MARKERS_ZH = (
    "版权所有", "保留所有权利", "免责声明", "隐私政策", "使用条款", "首页", "登录", "上一篇", "下一篇", "返回顶部", "分享到",
    "关注我们", "网站地图", "联系我们", "关于我们", "点击查看", "友情链接", "扫一扫", "网站导航",
)
_BOILERPLATE_MAX_LINE = 150
_NAV_SEPARATOR = re.compile(r"[|»›][^|»›]*[|»›]")
_NAV_SPLIT = re.compile(r"[|»›]")


def _nav_line(line: str) -> bool:
    """Menu items between separators ("Home | About | Contact"): short words without digits, unlike
    the vitals and medication tables notes write the same way ("Temp 37.5 | Pulse 87 | BP 171/66")."""
    if not _NAV_SEPARATOR.search(line):
        return False
    items = [item.strip() for item in _NAV_SPLIT.split(line) if item.strip()]
    return all(len(item) <= 30 and sum(_menu_char(ch) for ch in item) >= 0.8 * len(item) for item in items)


def _menu_char(ch: str) -> bool:
    # menu words are plain letters; mojibake's "Â»" runs are not menus
    return (ch.isascii() and (ch.isalpha() or ch in " &-'")) or "\u4e00" <= ch <= "\u9fff"


@functools.lru_cache(maxsize=2)
def _marker_re(markers: tuple[str, ...]) -> re.Pattern:
    # whole words only: "Subscriber ID" on an insurance line is not "subscribe"
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, markers)) + r")(?!\w)")


def _has_marker(text: str, markers: tuple[str, ...]) -> bool:
    return _marker_re(markers).search(text) is not None


def _boilerplate_lines(lines: list[str], han: int) -> int:
    short = [line.lower() for line in lines if len(line) < _BOILERPLATE_MAX_LINE]
    if not short:
        return 0
    joined = "\n".join(short)
    # one pass over the document before any per-line work; Chinese markers only where there is Han
    markers = _BOILERPLATE_MARKERS_EN + _BOILERPLATE_MARKERS_ZH if han else _BOILERPLATE_MARKERS_EN
    found = _has_marker(joined, markers)
    separators = "|" in joined or "»" in joined or "›" in joined
    if not (found or separators):
        return 0
    return sum(1 for line in short
               if (separators and _nav_line(line)) or (found and _has_marker(line, markers)))


SIGNALS = (
    "chars", "words", "lang_profile", "mean_word_len", "alpha_ratio", "digit_ratio", "punct_ratio", "symbol_ratio",
    "han_ratio", "odd_char_frac", "nonalpha_word_frac", "lines", "mean_line_len", "short_line_frac",
    "bullet_line_frac", "ellipsis_line_frac", "numeric_line_frac", "dup_line_frac", "dup_para_frac",
    "top_2gram_frac", "top_3gram_frac", "stopword_frac", "known_word_frac", "function_words", "fw_disorder", "sentence_ends",
    "lower_after_period", "misplaced_capitals", "known_bigram_frac", "han_pairs",
    "boilerplate_frac", "mojibake_frac", "rare_han_frac", "medical_density", "starts_midword", "ends_midsentence",
    "ends_function_word", "edge_fit",
)


def language_profile(lang: str | None, han: int, letters: int) -> float:
    if lang:
        lang = lang.lower()
        return ZH if lang.startswith("zh") else EN if lang in _EN_PROFILE_LANGS else OTHER
    return ZH if han > 0.3 * max(1, letters) else EN


def _top_ngram_frac(ids: np.ndarray, n: int) -> float:
    """Fraction of the sequence covered by its most frequent n-gram (count x n / length)."""
    m = len(ids) - n + 1
    if m < 2:
        return 0.0
    key = ids[:m].copy()
    for k in range(1, n):
        key *= 1_000_003  # wraps around: a hash of the n-gram, not a number
        key += ids[k:m + k]
    key.sort()
    boundaries = np.flatnonzero(key[1:] != key[:-1])
    if len(boundaries) == m - 1:
        return 0.0  # every n-gram is distinct
    edges = np.concatenate(([-1], boundaries, [m - 1]))
    return int((edges[1:] - edges[:-1]).max()) * n / len(ids)


def _dup_frac(parts: list[str], free_copies: int = 0) -> float:
    """Characters in parts that repeat an earlier part, over all characters of the parts; the first
    ``free_copies`` repeats of each part are not counted."""
    seen: dict[str, int] = {}
    dup = total = 0
    for part in parts:
        total += len(part)
        copies = seen.get(part, 0)
        if copies > free_copies:
            dup += len(part)
        seen[part] = copies + 1
    return dup / total if total else 0.0


def en_tokens(low: str) -> list[str]:
    """``_EN_TOKEN.findall(low)``: runs of ASCII letters and digits, and clause punctuation."""
    if not low.isascii():
        return _EN_TOKEN.findall(low)
    spaced = low.encode().translate(_EN_TOKEN_BYTES)
    for mark in _EN_PUNCT:
        if mark in spaced:
            spaced = spaced.replace(mark, b" " + mark + b" ")
    return spaced.decode().split()


def quality_signals(text: str, lang: str | None) -> dict[str, float]:
    """Every signal in ``SIGNALS`` for one document; ratios over an empty base are 0."""
    t = tables()
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    cls = t.classes[cps]
    hist = np.bincount(cls, minlength=_NCLASS)
    nonspace = max(1, len(text) - int(hist[SPACE]))
    han = int(hist[HAN])
    letters = int(hist[ASCII_LETTER] + hist[LETTER]) + han
    profile = language_profile(lang, han, letters)

    low = text.lower()
    tokens = low.split()
    if han:  # each Han character is a word, and so is each run of other non-space characters
        other = (cls != HAN) & (cls != SPACE)
        words = han + int(other[0]) + int(np.count_nonzero(other[1:] & ~other[:-1])) if len(other) else 0
    else:
        words = len(tokens)

    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    n_lines = max(1, len(lines))
    paragraphs = [p.strip() for p in _PARAGRAPH.split(text)]

    if han or profile == ZH:
        is_han = cls == HAN
        han_cps = cps[is_han].astype(np.int64)
    if profile == ZH:
        code = ""
        stop = int(t.zh_function[han_cps].sum()) / max(1, han)
        pairs = ((cps[:-1].astype(np.int64) << 17) | cps[1:])[is_han[:-1] & is_han[1:]]
        known = _sorted_hits(t.zh_known_pairs, pairs) / max(1, len(pairs))
        medical = _sorted_hits(t.zh_medical, pairs) / max(1, han)
        # every non-space character is a unit of the n-gram statistics (over Han alone, a lab line
        # "肝功能：ALT 35U/L ... 肾功能：..." is a few characters that repeat), and a run of one
        # non-Han character is one unit: masks ("XXXX年XX月", "***") and rules ("-----") are not repetition
        visible = cls != SPACE
        chars, other = cps[visible].astype(np.int64), cls[visible] != HAN
        ids = chars[np.concatenate(([True], (chars[1:] != chars[:-1]) | ~other[1:]))] if len(chars) else chars
        han_pairs = len(pairs)
    else:
        # English tokens coded by class, one dict lookup each; counting is then string work
        code = t.en_code_string(en_tokens(low)) if profile == EN else ""
        plain, medical_words, numbers = code.count("w"), code.count("m"), code.count("n")
        alpha_words = max(1, len(code) - code.count(".") - numbers)
        stop = (alpha_words - plain - medical_words) / alpha_words if code else 0.0
        known = 0.0
        han_pairs = 0
        medical = medical_words / alpha_words if code else 0.0
        ids = np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens))
    fw = code.count("D") + code.count("P")
    rare = han - int(t.common_han[han_cps].sum()) if han else 0
    # mojibake pairs start with a Latin-1 letter: ASCII-only text cannot have any
    mojibake = len(_MOJIBAKE.findall(text)) if hist[LETTER] else 0

    bullets = ellipses = numeric = short = 0
    for line in lines:
        short += len(line) < 30
        bullets += line.startswith(_BULLETS)
        ellipses += line.endswith(("...", "…"))
        numeric += (line[0].isdigit() or line[0] in "-+(|") and _NUMERIC_LINE.fullmatch(line) is not None

    top2 = _top_ngram_frac(ids, 2)
    after = _AFTER_SENTENCE.findall(text)
    lower_after = sum(1 for c in after if c.islower()) / len(after) if after else 0.0
    misplaced = 0.0
    if profile == EN and after:
        codes = t.en_codes
        misplaced = sum(codes.get(w.lower()) in _FUNCTION_CODES for w in _MID_TITLE.findall(text)) / len(after)
    # "pt resting. vss.": written in lower case, so a lower-case first letter is no cut either
    lower_case_writer = len(after) >= 2 and lower_after >= 0.5 and misplaced < _MISPLACED_FULL
    if profile == EN:
        lower_after *= min(1.0, misplaced / _MISPLACED_FULL)  # lower-case writing is a style, not disorder

    stripped = text.strip()
    first, last = (stripped[0], stripped[-1]) if stripped else (" ", ".")
    # a text that stops on "the"/"of"/"and" (or 和/在/把...) was cut off
    ends_function_word = code[-1:] in ("D", "P", "C") if profile != ZH else last in _ZH_DANGLING
    return {
        "chars": float(len(text)),
        "words": float(words),
        "lang_profile": profile,
        "mean_word_len": (nonspace - han) / (words - han) if words > han else 0.0,
        "alpha_ratio": letters / nonspace,
        "digit_ratio": int(hist[DIGIT]) / nonspace,
        "punct_ratio": int(hist[PUNCT]) / nonspace,
        "symbol_ratio": int(hist[SYMBOL]) / nonspace,
        "han_ratio": han / nonspace,
        "odd_char_frac": int(hist[ODD]) / nonspace,
        "nonalpha_word_frac": len(_NONALPHA_TOKEN.findall(f" {text} ")) / len(tokens) if tokens else 0.0,
        "lines": float(len(lines)),
        "mean_line_len": sum(map(len, lines)) / n_lines,
        "short_line_frac": short / n_lines,
        "bullet_line_frac": bullets / n_lines,
        "ellipsis_line_frac": ellipses / n_lines,
        "numeric_line_frac": numeric / n_lines,
        # labels aside, and one repeat of a line free: a dialogue restates its question under a heading
        "dup_line_frac": _dup_frac([line for line in lines if not _label_line(line)], free_copies=1),
        "dup_para_frac": _dup_frac(paragraphs) if len(paragraphs) > 1 else 0.0,
        "top_2gram_frac": top2,
        "top_3gram_frac": _top_ngram_frac(ids, 3) if top2 else 0.0,  # no repeated 2-gram, no repeated 3-gram
        "stopword_frac": stop,
        # function words or medical terms: prose has the first, telegraphic clinical text the second
        "known_word_frac": min(1.0, stop + medical) if profile == EN else 0.0,
        "function_words": float(fw),
        "fw_disorder": len(_FW_BAD.findall(code)) / fw if fw else 0.0,
        "sentence_ends": float(len(after)),
        "lower_after_period": lower_after,
        "misplaced_capitals": misplaced,
        "known_bigram_frac": known,
        "han_pairs": float(han_pairs),
        "boilerplate_frac": _boilerplate_lines(lines, han) / n_lines,
        "mojibake_frac": 2 * mojibake / nonspace,
        "rare_han_frac": rare / han if han else 0.0,
        "medical_density": min(1.0, medical),
        "starts_midword": 1.0 if _starts_midword(stripped, first, profile) and not lower_case_writer else 0.0,
        "ends_midsentence": 0.0 if last in _TERMINAL else 1.0,
        "ends_function_word": 1.0 if ends_function_word else 0.0,
        "edge_fit": _edge_fit(stripped, t) if profile == ZH and stripped else 0.0,
    }


# a label line: a speaker or section heading that dialogues and notes repeat by design ("Patient:", "医生：")
_LABEL_LINE = re.compile(r"[^\s:：]{1,12}(?: [^\s:：]{1,12}){0,2}\s*[:：]")
# a first token that is a key, an id or a URL ("id=3", "https://..."), not the tail of a cut word
_KEY_OR_URL = re.compile(r"\S*[=/@\d]")
# separators an export leaves before the first field of a record (",患者因..."), and masks ("**医院"): the
# record still starts at its beginning
_NOT_A_CUT = set(",，、;；*#")
# a text that starts on a closing mark or a sentence end was cut just after it (". Mild ...", ") was ...")
_CUT_START = set(".!?:)]}")


def _label_line(line: str) -> bool:
    return line[-1] in ":：" and len(line) <= 30 and _LABEL_LINE.fullmatch(line) is not None


def _starts_midword(stripped: str, first: str, profile: float) -> bool:
    if first in _CUT_START:
        return True
    if profile == ZH:
        return unicodedata.category(first) == "Po" and first not in _NOT_A_CUT
    return first.islower() and _KEY_OR_URL.match(stripped) is None


# a text that ends on a terminal mark (。？；) or starts with a list number ((3), 2., ②, 三、) begins or ends
# where its writer meant it to
_REAL_EDGE_FIT = 3.0
_LIST_NUMBER = re.compile(r"[(（]?\d{1,3}[)）.、．]|[(（]\d{1,3}|[\u2460-\u249b]|[一二三四五六七八九十]{1,3}、")


def _edge_fit(stripped: str, t: _Tables) -> float:
    """How much the first and last characters of a Chinese text look like a real start and end: the sum of
    their log rate ratios (``zh_edges``; a pair when both of the first or last two are Han). A window cut
    from running text starts and ends on ordinary characters and scores below 0; a question starts on
    我/请/宝宝 and ends on 吗/办/？. Other characters (digits, Latin letters) count 0."""
    if _LIST_NUMBER.match(stripped):
        start = _REAL_EDGE_FIT
    else:
        start = t.zh_start_fit.get(stripped[:2], t.zh_start_fit.get(stripped[0], 0.0))
    last = stripped[-1]
    if last in _TERMINAL:
        return start + _REAL_EDGE_FIT
    return start + t.zh_end_fit.get(stripped[-2:], t.zh_end_fit.get(last, 0.0))


def _sorted_hits(sorted_keys: np.ndarray, keys: np.ndarray) -> int:
    if not len(keys) or not len(sorted_keys):
        return 0
    idx = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return int((sorted_keys[idx] == keys).sum())
