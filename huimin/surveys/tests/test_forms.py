"""Fast paper entry: what a worker types for the options ticked, full-width or half-width."""

from __future__ import annotations

import pytest

from huimin.surveys.forms import option_letter, parse_option_keys


@pytest.mark.parametrize(
    ("typed", "count", "expected"),
    [
        ("", 4, []),
        ("a", 4, [0]),
        ("AC", 4, [0, 2]),
        ("a c", 4, [0, 2]),
        ("Ａ，Ｃ", 4, [0, 2]),  # full-width letters and comma
        ("1 3", 4, [0, 2]),
        ("13", 4, [0, 2]),  # a run of digits with up to nine options
        ("１、３", 4, [0, 2]),  # full-width digits, Chinese enumeration comma
        ("12", 12, [11]),  # with ten or more options a number is one option
        ("3;4", 4, [2, 3]),
    ],
)
def test_typed_options_are_read(typed, count, expected):
    assert parse_option_keys(typed, count) == expected


@pytest.mark.parametrize("typed", ["是", "A1", "一"])
def test_anything_else_is_refused_with_a_message(typed):
    with pytest.raises(ValueError, match=r"."):
        parse_option_keys(typed, 4)


def test_option_letters():
    assert [option_letter(i) for i in (0, 1, 25, 26)] == ["A", "B", "Z", "27"]
