"""What the public sees of natural persons (REFERENCE.md §3.6): names keep the surname, ID numbers keep the first 6
and last 4 characters, free text is scrubbed, remarks only for legal persons."""

# ruff: noqa: F811  (the world fixture is imported and used by name)
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin.core.validators import resident_id_check_char
from huimin.credit.masking import (
    mask_id_number,
    mask_person_name,
    public_list_entry_dict,
    public_record_dict,
    public_row,
    scrub_text,
)

from .pages_world import PERSONS, world  # noqa: F401

# --- ID numbers ---------------------------------------------------------------------------------------------------


def test_a_resident_id_keeps_its_first_six_and_last_four_characters():
    assert mask_id_number("140213199001011233") == "140213********1233"


def test_a_resident_id_with_an_x_check_character_keeps_the_x():
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_the_birth_date_of_a_resident_id_is_hidden():
    masked = mask_id_number("140213199001011233")
    assert "19900101" not in masked
    assert len(masked) == 18


def test_a_legacy_fifteen_digit_id_keeps_its_first_six_and_last_four():
    assert mask_id_number("140202850101123") == "140202*****1123"


def test_other_documents_keep_the_first_two_and_last_two_characters():
    assert mask_id_number("E12345678", "02") == "E1*****78"
    assert mask_id_number("H1234567890", "03") == "H1*******90"


def test_a_resident_shaped_number_given_another_type_is_masked_more():
    assert mask_id_number("140213199001011233", "02") == "14**************33"


def test_short_numbers_are_hidden_entirely_and_blank_stays_blank():
    assert mask_id_number("1234") == "****"
    assert mask_id_number("12345") == "1***5"
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""


@settings(deadline=None)  # the first example may meet a cold regex compile under a loaded machine
@given(st.from_regex(r"\A[1-8][0-9]{16}\Z"))
def test_no_masked_resident_id_shows_the_birth_date(first17):
    number = first17 + resident_id_check_char(first17)
    masked = mask_id_number(number)
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert masked[6:14] == "*" * 8


# --- names ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("王", "*"),
        ("欧阳修", "欧阳*"),
        ("欧阳明月", "欧阳**"),
        ("司马相如", "司马**"),
        ("诸葛亮", "诸葛*"),
        ("欧阳", "欧*"),
        ("买买提·艾力", "买*****"),
        ("John Smith", "J*********"),
        ("", ""),
    ],
)
def test_a_name_keeps_only_its_surname(name, masked):
    assert mask_person_name(name) == masked


def test_a_single_surname_that_starts_like_a_compound_one_is_not_mistaken():
    assert mask_person_name("欧明") == "欧*"


# --- free text -------------------------------------------------------------------------------------------------------


def test_free_text_loses_resident_ids_mobile_numbers_and_the_persons_own_name():
    text = "当事人张三丰（身份证号140213199001011233，手机13812345678）销售过期食品。"
    out = scrub_text(text, names=("张三丰",), numbers=("140213199001011233",))
    assert "张三丰" not in out and "张**" in out
    assert "140213199001011233" not in out and "140213********1233" in out
    assert "13812345678" not in out and "138****5678" in out


def test_any_resident_id_in_free_text_is_masked_even_when_not_the_partys():
    assert scrub_text("法定代表人身份证11010519491231002X。") == "法定代表人身份证110105********002X。"


def test_codes_glued_to_letters_are_left_alone():
    assert scrub_text("许可证编号JY11402130012345678") == "许可证编号JY11402130012345678"


# --- whole records --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_natural_persons_record_is_published_masked(world):
    name, number = PERSONS[0]
    data = public_record_dict(world.person_penalties[0])
    assert data["subject_name"] == mask_person_name(name)
    assert data["person_id_number"] == mask_id_number(number)
    assert name not in str(data.values()) and number not in str(data.values())
    assert data["remarks"] == ""  # may hold personal data
    assert data["subject_uscc"] == "" and data["legal_rep"] == ""


@pytest.mark.django_db
def test_a_legal_persons_record_keeps_its_name_code_and_remarks(world):
    data = public_record_dict(world.penalty_a)
    assert data["subject_name"] == world.penalty_a.subject_name
    assert data["subject_uscc"] == world.penalty_a.subject_uscc
    assert data["remarks"] == "已整改"
    assert data["legal_rep"] == "王建国"


@pytest.mark.django_db
def test_the_legal_representatives_id_number_is_never_shown_in_full(world):
    record = world.penalty_a
    record.legal_rep_id_number = "140213198001011230"
    data = public_record_dict(record)
    assert data["legal_rep_id_number"] == "140213********1230"


def test_a_search_row_of_a_natural_person_is_masked():
    row = public_row(
        {"subject_name": "张三丰", "subject_category": "natural_person", "subject_uscc": "", "decision_number": "X"}
    )
    assert row["subject_name"] == "张**"


def test_a_search_row_of_a_legal_person_is_unchanged():
    values = {"subject_name": "某某有限公司", "subject_category": "legal_person", "subject_uscc": "91350100M000100Y43"}
    assert public_row(values) == values


@pytest.mark.django_db
def test_a_listed_natural_person_is_masked_and_an_organization_is_not():
    from datetime import date

    from huimin.credit.models import ListEntry, ListType

    person = ListEntry(
        list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
        effect="block",
        subject_name="张三丰",
        person_id_number="140213199001011233",
        reason="张三丰未履行判决",
        start_date=date(2025, 1, 1),
    )
    data = public_list_entry_dict(person)
    assert data["subject_name"] == "张**" and data["person_id_number"] == "140213********1233"
    assert "张三丰" not in data["reason"]
    company = ListEntry(
        list_type=ListType.MAJOR_TAX_VIOLATION,
        effect="block",
        subject_name="某某有限公司",
        subject_uscc="91350100M000100Y43",
        start_date=date(2025, 1, 1),
    )
    assert public_list_entry_dict(company)["subject_name"] == "某某有限公司"
