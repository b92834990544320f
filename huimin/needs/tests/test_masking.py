"""Free text as the public reads it: phone and ID numbers masked in every spelling, names hidden."""

from __future__ import annotations

import pytest

from huimin.needs.masking import public_text


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
    out = public_text(raw)
    assert hidden not in out
    assert shown in out


def test_names_given_are_masked():
    assert "王秀英" not in public_text("联系人王秀英", names=("王秀英",))


def test_ordinary_figures_stay():
    text = "2020年9月入户走访38户，约120位老人，预算5万元。"
    assert public_text(text) == text
