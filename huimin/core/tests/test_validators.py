"""Credit codes (GB 32100-2015 with the GB 11714 organization code inside) and resident ID numbers (GB 11643)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin.core.validators import (
    USCC_CHARSET,
    USCC_PLACEHOLDER,
    USCC_WEIGHTS,
    check_resident_id,
    check_uscc,
    generate_uscc,
    org_code_check_char,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)

REFERENCE_VALID = [
    "91350100M000100Y43",
    "51610700305332460K",
    "914403001922038216",
    "91320105780688132K",
    "52140213MJY00001X9",
    "51140213MJY000028C",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def single_substitutions(code: str):
    for index, original in enumerate(code):
        for replacement in USCC_CHARSET:
            if replacement != original:
                yield index, code[:index] + replacement + code[index + 1 :]


# --- credit codes: examples ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", REFERENCE_VALID)
def test_reference_credit_codes_are_valid(code):
    result = check_uscc(code)
    assert result.valid, result.errors
    assert result.errors == []
    assert result.code == code


def test_credit_code_with_wrong_check_character_is_rejected_saying_what_was_expected():
    result = check_uscc("91350200M000000510")
    assert not result.valid
    assert result.errors == ["The check character (position 18, GB 32100) is wrong: expected “D”, found “0”."]


def test_decoded_parts_of_a_pingcheng_social_service_organization():
    result = check_uscc("52140213MJY00001X9")
    assert result.authority == "civil affairs (民政)"
    assert result.category == "private non-enterprise unit / social service organization (民办非企业单位)"
    assert result.region == "140213"
    assert result.org_code == "MJY00001X"


def test_full_width_spaced_lower_case_credit_code_is_normalized():
    result = check_uscc(" ５２１４０２１３ｍｊｙ０００\u30000１ｘ９ ")
    assert result.code == "52140213MJY00001X9"
    assert result.valid


def test_lower_case_credit_code_is_accepted():
    assert check_uscc("91320105780688132k").valid


def test_credit_code_of_wrong_length_says_the_actual_length():
    result = check_uscc("5214021")
    assert not result.valid
    assert "A unified social credit code has 18 characters; this one has 7." in result.errors


def test_empty_credit_code_is_rejected():
    assert check_uscc("  ").errors == ["The credit code is empty."]
    assert not check_uscc(None).valid


def test_letter_left_out_of_the_charset_is_named_with_its_position():
    result = check_uscc("5214O213MJY00001X9")
    assert not result.valid
    assert result.errors[0] == (
        "Character 5 is “O”, a letter credit codes never use (they leave out I, O, S, V and Z); perhaps “0” was meant."
    )
    assert any("Characters 3–8 (“14O213”)" in e for e in result.errors)


def test_foreign_character_is_named_with_its_position():
    result = check_uscc("52140213MJY0000号X9")
    assert any(e.startswith("Character 16 is “号”, which is not allowed") for e in result.errors)


def test_unknown_registration_authority_is_rejected():
    result = check_uscc("B2140213MJY00001X9")
    assert any("Character 1 “B” is not a registration authority code" in e for e in result.errors)
    assert result.authority is None


def test_category_must_exist_under_its_authority():
    code = "94" + "140213MJY00001X"  # 工商 has no category 4
    code += uscc_check_char(code)
    result = check_uscc(code)
    assert result.errors == [
        "Character 2 “4” is not an organization category (机构类别) of registration authority 9 "
        "(industry and commerce (工商)); allowed: 1, 2, 3."
    ]


def test_wrong_organization_code_check_character_is_reported_even_with_a_correct_final_check():
    first17 = "52140213MJY000017"  # the organization code check character should be X
    code = first17 + uscc_check_char(first17)
    result = check_uscc(code)
    assert result.errors == [
        "The embedded organization code (组织机构代码, characters 9–17, GB 11714) has a wrong check character: "
        "expected “X” at position 17, found “7”."
    ]


def test_individual_business_placeholder_is_not_a_valid_credit_code():
    assert USCC_PLACEHOLDER == "00000000000000000X"
    assert not check_uscc(USCC_PLACEHOLDER).valid


def test_validate_uscc_raises_with_every_message():
    validate_uscc("52140213MJY00001X9")
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc("5214O213MJY00001X8")
    message = " ".join(excinfo.value.messages)
    assert "Character 5 is “O”" in message
    assert "Characters 3–8" in message
    assert excinfo.value.code == "uscc_invalid"


def test_check_characters_of_the_reference_samples():
    assert org_code_check_char("MJY00001") == "X"
    assert org_code_check_char("M000100Y") == "4"
    assert uscc_check_char("52140213MJY00001X") == "9"
    assert generate_uscc() == "52140213MJY00001X9"
    assert generate_uscc("5", "1", "140213", "MJY00002") == "51140213MJY000028C"


def test_generate_uscc_refuses_parts_that_cannot_be_valid():
    with pytest.raises(ValueError):
        generate_uscc("9", "9")
    with pytest.raises(ValueError):
        generate_uscc(region="14021")
    with pytest.raises(ValueError):
        generate_uscc(body8="MJY0000I")


# --- credit codes: properties -------------------------------------------------------------------------------------


def test_every_weight_is_invertible_modulo_31_so_no_single_substitution_can_keep_the_checksum():
    """Changing one of the first 17 characters changes the sum by (v' - v)·w; with 31 prime and w ≢ 0 this is never
    ≡ 0 (mod 31), so the final check character always changes."""
    assert all(w % 31 for w in USCC_WEIGHTS)
    assert USCC_WEIGHTS == tuple(pow(3, i, 31) for i in range(17))


@pytest.mark.parametrize("code", REFERENCE_VALID)
def test_every_single_character_change_of_a_reference_code_is_rejected(code):
    accepted = [changed for _index, changed in single_substitutions(code) if check_uscc(changed).valid]
    assert accepted == []


_authority_and_category = st.sampled_from(
    [
        (a, c)
        for a, cs in {
            "1": "1239",
            "2": "19",
            "3": "123459",
            "4": "19",
            "5": "1239",
            "6": "129",
            "7": "129",
            "8": "19",
            "9": "123",
            "A": "19",
            "N": "1239",
            "Y": "1",
        }.items()
        for c in cs
    ]
)
_region = st.text(alphabet="0123456789", min_size=6, max_size=6)
_body8 = st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8)


@settings(max_examples=60, deadline=None)
@given(parts=_authority_and_category, region=_region, body8=_body8)
def test_generated_credit_codes_are_valid_and_every_single_substitution_is_rejected(parts, region, body8):
    authority, category = parts
    code = generate_uscc(authority, category, region, body8)
    with translation.override("en"):
        result = check_uscc(code)
        assert result.valid, (code, result.errors)
        for index, changed in single_substitutions(code):
            assert not check_uscc(changed).valid, f"{changed} (position {index + 1} changed) was accepted"


# --- resident ID numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "born", "sex"),
    [
        ("11010519491231002X", date(1949, 12, 31), "female"),
        ("440524188001010014", date(1880, 1, 1), "male"),
        ("140213199001011233", date(1990, 1, 1), "male"),
    ],
)
def test_reference_resident_ids_are_valid_and_decoded(number, born, sex):
    result = check_resident_id(number)
    assert result.valid, result.errors
    assert result.birth_date == born
    assert result.sex == sex


def test_resident_id_with_lower_case_x_and_full_width_digits_is_normalized():
    result = check_resident_id("１１０１０５１９４９１２３１００２x")
    assert result.number == "11010519491231002X"
    assert result.valid


def test_resident_id_with_wrong_check_character_is_rejected():
    result = check_resident_id("110105194912310021")
    assert result.errors == ["The check character (position 18) is wrong: expected “X”, found “1”."]


def test_resident_id_with_impossible_birth_date_is_rejected():
    number = "11010519490231001"
    number += _id_check(number)
    result = check_resident_id(number)
    assert result.errors == ["Characters 7–14 (“19490231”) are not a real date of birth (YYYYMMDD)."]


def test_resident_id_born_in_the_future_is_rejected():
    number = "14021320300101123"
    number += _id_check(number)
    result = check_resident_id(number, today=date(2025, 6, 1))
    assert result.errors == ["The date of birth 2030-01-01 (characters 7–14) is in the future."]
    assert check_resident_id(number, today=date(2030, 1, 1)).valid


def test_resident_id_of_wrong_length_or_characters_is_rejected():
    assert check_resident_id("1234").errors == ["A resident ID number has 18 characters; this one has 4."]
    assert "first generation" in check_resident_id("110105491231002").errors[0]
    result = check_resident_id("01010519491231002X")
    assert "Character 1 is “0”; ID numbers start with a region digit from 1 to 8." in result.errors
    assert "Character 9 is “A”; it must be a digit." in check_resident_id("11010519A91231002X").errors


def test_validate_resident_id_raises_validation_error():
    validate_resident_id("140213199001011233")
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id("140213199001011234")
    assert "expected “3”, found “4”" in excinfo.value.messages[0]


def _id_check(first17: str) -> str:
    from huimin.core.validators import resident_id_check_char

    return resident_id_check_char(first17)
