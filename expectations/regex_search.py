"""Python ``re.search`` over a column of texts, with RE2 (pyarrow.compute) ruling out most rows first.

The gate's residual-PHI expectations are Python regexes with lookbehinds, which RE2 does not
have, so pandas ran them as one ``re.search`` per document (8 s of the launcher's 14 s gate on
89,000 documents). ``re2_superset`` turns a Python pattern into an RE2 pattern that matches
wherever the Python pattern matches, and possibly elsewhere:

- zero-width assertions (lookarounds, ``\\b``, ``^``, ``$``) are dropped;
- ``\\d`` and ``\\s`` become the exact character sets Python's ``re`` gives them for ``str``
  (Unicode decimal digits, ``str.isspace``), built from this interpreter, where RE2's own
  ``\\d`` and ``\\s`` are ASCII only;
- under IGNORECASE every cased literal, any class holding one, and every negated class become
  "any character" (Python folds more than RE2: ``ı`` matches ``i``, ``K`` (Kelvin) matches ``k``);
- anything else that is not a plain literal, class, group, alternation or repeat (\\w, a
  negated category, a backreference) either widens to "any character" or gives up (None).

``search`` runs the RE2 pattern over the whole column in C++, then Python's ``re.search`` on
the rows it matched only: the answer is Python's, row for row.
"""

from __future__ import annotations

import _sre
import re
import sys
from functools import cache, lru_cache
from re import _constants as C
from re import _parser

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ANY = r"[\x{0}-\x{10ffff}]"
_MAX_RE2_REPEAT = 1000


class _Unsupported(Exception):
    pass


def _item(a: int, b: int) -> str:
    return f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}"


@cache
def _python_set(kind: str) -> str:
    """The RE2 class body of the characters Python's ``\\d`` / ``\\s`` match in a ``str`` pattern."""
    pred = str.isdecimal if kind == "digit" else str.isspace
    out, start, prev = [], None, None
    for cp in range(sys.maxunicode + 1):
        if pred(chr(cp)):
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            out.append(_item(start, prev))
            start = None
    if start is not None:
        out.append(_item(start, prev))
    return "".join(out)


_CATEGORIES = {C.CATEGORY_DIGIT: "digit", C.CATEGORY_UNI_DIGIT: "digit",
               C.CATEGORY_SPACE: "space", C.CATEGORY_UNI_SPACE: "space"}


def _cased(a: int, b: int) -> bool:
    return any(_sre.unicode_iscased(c) for c in range(a, b + 1))


def _class(items: list, icase: bool) -> str:
    parts, negate = [], False
    for op, av in items:
        if op is C.NEGATE:
            if icase:
                return ANY
            negate = True
        elif op is C.LITERAL:
            if icase and _cased(av, av):
                return ANY
            parts.append(_item(av, av))
        elif op is C.RANGE:
            if icase and _cased(*av):
                return ANY
            parts.append(_item(*av))
        elif op is C.CATEGORY and av in _CATEGORIES:
            parts.append(_python_set(_CATEGORIES[av]))
        else:  # \w, a negated category: any character (wider, never narrower)
            return ANY
    if not parts:
        raise _Unsupported("empty class")
    return f"[{'^' if negate else ''}{''.join(parts)}]"


_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())
_ZERO_WIDTH = {C.ASSERT, C.ASSERT_NOT, C.AT}


def _emit(parsed, icase: bool) -> str:
    out = []
    for op, av in parsed:
        if op is C.LITERAL:
            out.append(ANY if icase and _cased(av, av) else _item(av, av))
        elif op in (C.NOT_LITERAL, C.ANY):
            out.append(ANY)  # ANY without DOTALL is "not a newline": wider is fine
        elif op is C.IN:
            out.append(_class(av, icase))
        elif op in _REPEATS:
            low, high, sub = av
            if low > _MAX_RE2_REPEAT or (high != C.MAXREPEAT and high > _MAX_RE2_REPEAT):
                raise _Unsupported("repeat count")
            out.append(f"(?:{_emit(sub, icase)}){{{low},{'' if high == C.MAXREPEAT else high}}}")
        elif op is C.SUBPATTERN:
            _, add, remove, sub = av
            out.append(f"(?:{_emit(sub, (icase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE)})")
        elif op is getattr(C, "ATOMIC_GROUP", None):
            out.append(f"(?:{_emit(av, icase)})")  # atomic matches less than plain: wider is fine
        elif op is C.BRANCH:
            out.append("(?:" + "|".join(_emit(branch, icase) for branch in av[1]) + ")")
        elif op in _ZERO_WIDTH:
            continue  # dropping a zero-width condition matches more, never less
        else:
            raise _Unsupported(str(op))
    return "".join(out)


@lru_cache(maxsize=256)
def re2_superset(pattern: str) -> str | None:
    """An RE2 pattern matching wherever ``re.search(pattern)`` matches a str (None: not translated)."""
    try:
        parsed = _parser.parse(pattern)
    except (re.error, TypeError):
        return None
    if parsed.state.flags & (re.ASCII | re.LOCALE) or not isinstance(pattern, str):
        return None
    try:
        return _emit(parsed, bool(parsed.state.flags & re.IGNORECASE))
    except _Unsupported:
        return None


def search(texts, pattern: str) -> np.ndarray | None:
    """``[re.search(pattern, t) is not None for t in texts]`` as a bool array, for a pandas Series or
    list of str without nulls; None where RE2 cannot help (the caller then searches in Python)."""
    prefilter = re2_superset(pattern)
    if prefilter is None:
        return None
    try:
        arr = pa.array(getattr(texts, "array", texts))
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if arr.null_count or not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            return None
        candidates = pc.match_substring_regex(arr, prefilter)
    except (pa.ArrowException, TypeError, ValueError):
        return None  # RE2 refused the pattern (size, features): the caller's Python search decides
    out = np.zeros(len(arr), dtype=bool)
    rows = np.flatnonzero(candidates.to_numpy(zero_copy_only=False))
    if len(rows):
        rx = re.compile(pattern)
        values = arr.take(pa.array(rows)).to_pylist()
        out[rows] = [rx.search(v) is not None for v in values]
    return out
