"""Check digits of number-shaped identifiers: the 身份证号 (GB 11643), Luhn (cards, NPI) and IBAN (ISO 13616).

One implementation shared by the detectors (a valid check digit raises confidence) and the generators of
sample and evaluation data (fake identifiers that pass the same checks real ones do).
"""

from __future__ import annotations

import datetime as _dt

# GB 11643-1999: weights of the first 17 digits and the check character for each sum mod 11 (ISO 7064 MOD 11-2)
_ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CARD_CHECK = "10X98765432"
_ID_CARD_EARLIEST_BIRTH_YEAR = 1890


def id_card_check_digit(first17: str) -> str:
    """The check character ("0"-"9" or "X") of a 身份证号 whose first 17 digits are ``first17``."""
    return _ID_CARD_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_CARD_WEIGHTS)) % 11]


def valid_id_card(s: str) -> bool:
    """An 18-character 身份证号 with a plausible region (first digit 1-8), a real birth date between 1890
    and next year, and the right check character (``x`` accepted for ``X``)."""
    if len(s) != 18 or not s[:17].isdecimal() or not (s[17].isdecimal() or s[17] in "Xx"):
        return False
    if s[0] not in "12345678" or s[17].upper() != id_card_check_digit(s[:17]):
        return False
    year = int(s[6:10])
    if not _ID_CARD_EARLIEST_BIRTH_YEAR <= year <= _dt.date.today().year + 1:
        return False
    try:
        _dt.date(year, int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return True


def luhn_check_digit(digits: str) -> str:
    """The Luhn digit to append to the payload ``digits`` (for an NPI the payload starts with 80840)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # doubled positions, counted from the right of the payload
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """True when ``number`` (digits only, at least two) ends in its Luhn check digit."""
    if len(number) < 2 or not number.isdecimal():
        return False
    return luhn_check_digit(number[:-1]) == number[-1]


# The countries that issue IBANs (the ISO 13616 registry, SWIFT's IBAN Registry release 2023): a code and check
# digits printed in groups of four ("FR76 3000 6000 ...") is an IBAN even where a typo breaks its check.
IBAN_COUNTRIES = frozenset("""
AD AE AL AT AZ BA BE BG BH BI BR BY CH CR CY CZ DE DJ DK DO EE EG ES FI FK FO FR GB GE GI GL GR GT HR HU IE IL IQ IS IT
JO KW KZ LB LC LI LT LU LV LY MC MD ME MK MN MR MT MU NI NL NO OM PK PL PS PT QA RO RS RU SA SC SD SE SI SK SM SO ST SV
TL TN TR UA VA VG XK
""".split())


def iban_valid(iban: str) -> bool:
    """True when ``iban`` (letters and digits, no spaces) has 15-34 characters and its ISO 13616 check
    holds: moved four characters to the end and read as a number (A=10 ... Z=35), it is 1 mod 97."""
    if not 15 <= len(iban) <= 34:
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
