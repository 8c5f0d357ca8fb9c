"""Fake identifiers with valid check digits (NPI, DEA, VIN), random digit strings and encounter dates."""

from __future__ import annotations

import datetime as _dt
import random

from medcorpus.transforms.deid.checksums import luhn_check_digit


Date = _dt.date
# Encounter dates fall in this range (as date ordinals).
ENC_LO = Date(2012, 1, 1).toordinal()
ENC_HI = Date(2024, 12, 31).toordinal()


# --------------------------------------------------------------------------------------------------
# Identifiers with check digits, as real ones have
# --------------------------------------------------------------------------------------------------

def fake_npi(r: random.Random) -> str:
    body = str(r.choice((1, 2))) + "".join(str(r.randrange(10)) for _ in range(8))
    # NPI check digit is Luhn over the ISO prefix 80840 plus the first nine digits.
    return body + luhn_check_digit("80840" + body)


def fake_dea(r: random.Random, last: str) -> str:
    d = [r.randrange(10) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    initial = last[0].upper() if last[0].isalpha() else "X"
    return r.choice("ABFGM") + initial + "".join(map(str, d)) + str(check)


_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_VAL = {**{str(i): i for i in range(10)},
            **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
            **dict(zip("STUVWXYZ", range(2, 10)))}
_VIN_W = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_WMI = ("1HG", "1FA", "2T1", "JHM", "3VW", "5YJ", "WBA", "KMH", "1G1", "JTD", "4T1", "1N4", "WVW", "KNA")
_VIN_YEAR = "ABCDEFGHJKLMNPRSTVWXY123456789"


def fake_vin(r: random.Random) -> str:
    body = list(r.choice(_VIN_WMI) + "".join(r.choice(_VIN_CHARS) for _ in range(5)) + "0"
                + r.choice(_VIN_YEAR) + r.choice(_VIN_CHARS) + "".join(str(r.randrange(10)) for _ in range(6)))
    s = sum(_VIN_VAL[c] * w for c, w in zip(body, _VIN_W)) % 11
    body[8] = "X" if s == 10 else str(s)
    return "".join(body)


def random_digits(r: random.Random, n: int) -> str:
    return "".join(str(r.randrange(10)) for _ in range(n))


def random_alnum(r: random.Random, n: int, alphabet: str = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") -> str:
    return "".join(r.choice(alphabet) for _ in range(n))


def random_date(r: random.Random, lo: int, hi: int) -> Date:
    return Date.fromordinal(r.randint(lo, hi))


def shift_days(d: Date, days: int) -> Date:
    return Date.fromordinal(d.toordinal() + days)


def date_of_birth(r: random.Random, encounter: Date, age: int) -> Date:
    """A birthday that makes the patient ``age`` on the day of the ``encounter``."""
    y = encounter.year - age
    bm, bd = r.randint(1, 12), r.randint(1, 28)
    if (bm, bd) > (encounter.month, encounter.day):
        y -= 1
    return Date(y, bm, bd)
