"""Free text as the public reads it (huimin.core.masking): ID, mobile and landline numbers masked in every spelling,
names hidden, ordinary figures kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin.core.masking import (
    find_personal_numbers,
    has_personal_numbers,
    mask_id_number,
    mask_text,
    normalize_digits,
)
from huimin.core.validators import resident_id_check_char


@pytest.mark.parametrize(
    ("raw", "hidden", "shown"),
    [
        ("电话13912345678", "13912345678", "139****5678"),
        ("电话 139 1234 5678", "1234 5678", "139****5678"),
        ("电话139-1234-5678", "1234-5678", "139****5678"),
        ("电话１３９１２３４５６７８", "１２３４", ""),
        ("身份证140213199001011233", "19900101", "140213********1233"),
        ("座机0352-1234567", "1234567", "0352-*******"),
        ("座机（0352）1234567", "1234567", "0352-"),
    ],
)
def test_numbers_are_masked(raw, hidden, shown):
    out = mask_text(raw)
    assert hidden not in out
    assert shown in out


# The spellings that got through before the numbers were normalized (issue 9, defect 3).
BYPASSES = [
    ("电话13903520002 身份证140213199001011234", ("13903520002", "140213199001011234")),
    ("身份证 140202 19770312 4568", ("140202197703124568",)),
    ("身份证140202-19770312-4568", ("140202197703124568",)),
    ("ID140202197703124568", ("140202197703124568",)),
    ("证件号140202197703124568X", ()),  # 19 characters: not an ID, nothing to find
    ("ID14020219770312456X号", ("14020219770312456X",)),
    ("旧证140202850101123", ("140202850101123",)),
    ("手机 +86 139 0352 0001", ("13903520001",)),
    ("手机+8613903520001", ("13903520001",)),
    ("手机8613903520001", ("13903520001",)),
    ("手机0086-139-0352-0001", ("13903520001",)),
    ("手机 1390 352 0012", ("13903520012",)),
    ("手机139.0352.0001", ("13903520001",)),
    ("手机139/0352/0001", ("13903520001",)),
    ("手机１３９．０３５２．０００１", ("13903520001",)),
    ("手机１３９０３５２０００１", ("13903520001",)),
    ("手机1\u200b3\u200b9\u200b0352\u200b0001", ("13903520001",)),
    ("手机 1 3 9 0 3 5 2 0 0 0 1", ("13903520001",)),
    ("tel13903520001abc", ("13903520001",)),
    ("座机 (0352) 123 4567", ("03521234567",)),
    ("座机0352.12345678", ("035212345678",)),
]


@pytest.mark.parametrize(("raw", "numbers"), BYPASSES)
def test_masking_finds_every_spelling_of_a_personal_number(raw, numbers):
    out = normalize_digits(mask_text(raw))
    for number in numbers:
        assert number not in out
        assert "*" in out  # masked, not dropped
    assert [f.digits[-len(n) :] for f, n in zip(find_personal_numbers(raw), numbers, strict=False)] == list(numbers)


def test_a_mobile_keeps_its_first_three_and_last_four_digits_and_drops_the_prefix():
    assert mask_text("电话 +86 139-0352-0001。") == "电话 139****0001。"


def test_an_id_is_replaced_in_the_span_it_occupies():
    assert mask_text("身份证140202 19770312 4568，住址略") == "身份证140202********4568，住址略"


def test_two_numbers_side_by_side_are_both_masked():
    out = mask_text("13903520002 140213199001011234")
    assert out == "139****0002 140213********1234"


def test_a_number_after_another_figure_is_still_masked():
    assert mask_text("2020-09-01 13903520001") == "2020-09-01 139****0001"
    assert mask_text("共120 13903520001") == "共120 139****0001"


def test_names_given_are_masked():
    assert "王秀英" not in mask_text("联系人王秀英", names=("王秀英",))


def test_a_persons_own_document_number_of_another_type_is_masked():
    assert mask_text("护照E12345678", numbers=("E12345678",)) == "护照E1*****78"


@pytest.mark.parametrize(
    "text",
    [
        "2020年9月入户走访38户，约120位老人，预算5万元。",
        "许可证编号JY11402130012345678",
        "统一社会信用代码52140213MJY00001X9",
        "2020-09-01至2020-12-31，每周三 9:30-11:30",
        "预算 12.5 万元，服务 1,200 人次",
        "第 3 期 / 共 12 期",
    ],
)
def test_ordinary_figures_and_codes_stay(text):
    assert mask_text(text) == text
    assert not has_personal_numbers(text)


def test_blank_stays_blank():
    assert mask_text(None) == "" and mask_text("") == ""


def test_an_id_field_keeps_its_first_six_and_last_four_characters():
    assert mask_id_number("140213199001011233") == "140213********1233"
    assert mask_id_number("E12345678", resident=False) == "E1*****78"


@settings(deadline=None, max_examples=60)
@given(
    st.from_regex(r"\A[1-8][0-9]{5}(19[5-9][0-9]|20[01][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}\Z"),
    st.sampled_from(["", " ", "-", " - ", ".", "／", "\u3000"]),
    st.sampled_from(["", "ID", "身份证", "证件号：", "no."]),
)
def test_no_spelling_of_a_resident_id_survives_masking(first17, separator, prefix):
    number = first17 + resident_id_check_char(first17)
    spelled = separator.join((number[:6], number[6:14], number[14:]))
    full_width = spelled.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    for text in (prefix + spelled, prefix + full_width):
        out = normalize_digits(mask_text(text))
        assert number not in out and number[6:14] not in out
