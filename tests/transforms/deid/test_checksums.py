"""Check digits shared by the detectors and the data generators: 身份证号 (GB 11643) and Luhn."""

from __future__ import annotations

import datetime as dt

import pytest

from medcorpus.transforms.deid.checksums import (
    iban_valid, id_card_check_digit, luhn_check_digit, luhn_valid, valid_id_card,
)

# GB 11643-1999's worked example, and a number whose birth date (1880) is before the plausible range
WORKED_EXAMPLE = "11010519491231002X"
OLD_BIRTH = "440524188001010014"


def _with_check(first17: str) -> str:
    return first17 + id_card_check_digit(first17)


def test_id_card_check_digit_known_numbers():
    assert id_card_check_digit(WORKED_EXAMPLE[:17]) == "X"
    assert id_card_check_digit(OLD_BIRTH[:17]) == "4"


def test_id_card_check_digit_catches_every_single_digit_change():
    for i in range(17):
        for d in "0123456789":
            if d != WORKED_EXAMPLE[i]:
                changed = WORKED_EXAMPLE[:i] + d + WORKED_EXAMPLE[i + 1:17]
                assert id_card_check_digit(changed) != "X", changed


def test_valid_id_card_accepts_real_shapes():
    assert valid_id_card(WORKED_EXAMPLE)
    assert valid_id_card(WORKED_EXAMPLE.lower())  # a lower-case x is still the check character
    assert valid_id_card(_with_check("51010420000229123"))  # 29 February of a leap year


@pytest.mark.parametrize("bad", [
    WORKED_EXAMPLE[:17] + "1",  # wrong check character
    WORKED_EXAMPLE[:17] + "Y",
    WORKED_EXAMPLE[:17],  # 17 characters
    WORKED_EXAMPLE + "1",  # 19 characters
    "",
    "1101051949123100AX",  # a letter in the body
    OLD_BIRTH,  # right check digit, birth year before 1890
    _with_check("91010519491231002"),  # region code starting with 9
    _with_check("01010519491231002"),  # region code starting with 0
    _with_check("51010419490230123"),  # 30 February
    _with_check("51010419491301123"),  # month 13
    _with_check("51010419490100123"),  # day 0
    _with_check(f"510104{dt.date.today().year + 2}0101123"),  # born after next year
])
def test_valid_id_card_rejects(bad):
    assert not valid_id_card(bad)


def test_luhn_known_numbers():
    assert luhn_valid("4539578763621486")  # a Visa test number
    assert luhn_valid("79927398713")  # the textbook Luhn example
    assert luhn_check_digit("7992739871") == "3"
    # NPI 1234567893: Luhn over the card-issuer prefix 80840 plus the ten digits
    assert luhn_check_digit("80840" + "123456789") == "3"
    assert luhn_valid("80840" + "1234567893")


@pytest.mark.parametrize("bad", ["4539578763621487", "79927398710", "808401234567890", "", "7", "4539 5787 6362 1486",
                                 "45395787636214a6"])
def test_luhn_rejects(bad):
    assert not luhn_valid(bad)


def test_luhn_catches_single_digit_errors():
    number = "4539578763621486"
    for i in range(len(number)):
        for d in "0123456789":
            if d != number[i]:
                assert not luhn_valid(number[:i] + d + number[i + 1:])


def test_iban_check_accepts_the_standard_example_and_catches_one_changed_digit():
    assert iban_valid("DE89370400440532013000") and iban_valid("GB82WEST12345698765432")
    assert not iban_valid("DE89370400440532013001")
    assert not iban_valid("DE8937040044")  # too short for any country
