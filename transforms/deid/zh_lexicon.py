"""Word lists the Chinese recognizers build once, lazily: surnames (faker), jieba's dictionary as a word
list and gazetteer, and the cities that may be named alone."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

from medcorpus.transforms.deid.zh_text import trie_re
from medcorpus.transforms.deid.zh_vocab import (
    AMBIGUOUS_CITIES, CITY_STEMS, COMPOUND_SURNAMES, EXTRA_SURNAMES, FOREIGN_CITIES, MAJOR_CITIES, NOT_PLACES,
    PROVINCE_STEMS,
)


class Lexicon(NamedTuple):
    surnames: frozenset  # single-character surnames
    compound: frozenset  # two-character surnames and Tibetan name heads
    words: frozenset  # jieba words of 2-4 characters (person names of 3+ characters left out)
    common: frozenset  # the frequent ones: a name must not cut one in two
    xiao_lao: frozenset  # 小王, 老李: jieba tags these as person names (小时, 老年 are words)
    famous: frozenset  # jieba's well-known and transliterated person names (金庸, 比尔): names, though words
    city_stems: frozenset  # city names without 市
    places: frozenset  # full place names with their suffix: 朝阳区, 信阳市, 隆回县, 湖北省
    city_re: re.Pattern  # well-known cities that can be named alone (武汉, 六盘水, 香港)


_NAME_TAGS = ("nr", "nrt", "nrfg", "ns")
# A doubled character that jieba lists under 10 times and not as a verb, adverb, numeral or sound (婷婷 3,
# 佳佳 3, 晶晶 3, beside 看看, 刚刚, 哈哈) is a pet name far more often than a word: not vocabulary a name avoids.
_RARE_DOUBLED = 10
_DOUBLED_WORD_TAGS = ("v", "d", "m", "o", "y", "p", "c")


def _jieba_dict() -> Path:
    import jieba  # only for the location of its bundled dictionary

    return Path(jieba.__file__).with_name("dict.txt")


@functools.lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    from faker.providers.address.zh_CN import Provider as Address
    from faker.providers.person.zh_CN import Provider as Person

    surnames = {s for s in Person.last_names if len(s) == 1} | set(EXTRA_SURNAMES)
    compound = {s for s in Person.last_names if len(s) == 2} | set(COMPOUND_SURNAMES)
    words: set[str] = set()
    common: set[str] = set()
    xiao_lao: set[str] = set()
    famous: set[str] = set()
    city_stems = set(CITY_STEMS)
    places = {p + s for p in PROVINCE_STEMS for s in ("省", "市")}
    plain_words: set[str] = set()  # verbs and adjectives: 统治区, 表演区 are not districts
    unit_names: list[tuple[str, str]] = []
    with _jieba_dict().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3:
                continue
            word, freq, tag = parts
            n, f = len(word), int(freq)
            # vocabulary that a name candidate must not be; rare person and place entries are
            # usually real names (赵军, 林旭), frequent ones everyday words (明白, 高峰, 谢谢)
            pet_name = n == 2 and word[0] == word[1] and f < _RARE_DOUBLED and not tag.startswith(_DOUBLED_WORD_TAGS)
            if 2 <= n <= 4 and (tag not in _NAME_TAGS or n == 2 and f >= 100) and not pet_name:
                words.add(word)
                if n <= 3 and f >= 30:
                    common.add(word)
            if n == 2 and tag == "nr" and word[0] in "小老":
                xiao_lao.add(word)
            if tag in ("nrt", "nrfg"):
                famous.add(word)
            if tag[0] in "vad":
                plain_words.add(word)
            # place names with their administrative suffix (jieba tags districts ns, n, nr or nt)
            if 3 <= n <= 7 and word[-1] in "市县区旗州" and tag in ("ns", "nr", "n", "nt", "nz"):
                if word[-1] == "市" and tag == "ns":
                    city_stems.add(word[:-1])
                if tag == "ns" or word[-1] in "区县旗":
                    unit_names.append((word, tag))
            elif n == 2 and word[-1] == "县" and tag == "ns" and word[0] not in "东西南北中大小外地新旧本全该各每上下镇":
                unit_names.append((word, tag))  # 沛县, 萧县
    places.update(w for w, tag in unit_names if tag == "ns" or w[:-1] not in plain_words)
    places -= NOT_PLACES
    places |= {c + "市" for c in city_stems}
    # faker's list adds county-level cities (海门, 大冶, 六盘水) to the prefecture-level ones
    alone = MAJOR_CITIES | {c for c in Address.cities if len(c) >= 2 and c[-1] != "盟"} | set(FOREIGN_CITIES)
    city_stems |= alone
    return Lexicon(frozenset(surnames), frozenset(compound), frozenset(words), frozenset(common), frozenset(xiao_lao),
                   frozenset(famous),
                frozenset(city_stems),
                frozenset(places), trie_re(alone - AMBIGUOUS_CITIES))
