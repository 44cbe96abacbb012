"""The per-file number convention, value by value."""

import pytest

from tongket.transfer.numberstyle import AMBIGUOUS, PLAIN, NumberStyle


@pytest.mark.parametrize(
    ("text", "value", "flag", "proves"),
    [
        ("2060", 2060.0, PLAIN, None),
        ("-12", -12.0, PLAIN, None),
        ("2060.5", 2060.5, PLAIN, "machine"),
        ("-0.25", -0.25, PLAIN, "machine"),
        ("0.500", 0.5, PLAIN, "machine"),  # no Vietnamese number starts a group with 0
        ("1234.567", 1234.567, PLAIN, "machine"),
        ("1e5", 100000.0, PLAIN, "machine"),
        ("1.234", 1234.0, AMBIGUOUS, None),  # kept as the Vietnamese reading until decided
        ("+12.500", 12500.0, AMBIGUOUS, None),
        ("2.060,5", 2060.5, PLAIN, "vietnamese"),
        ("2060,5", 2060.5, PLAIN, "vietnamese"),
        ("1.234.567", 1234567.0, PLAIN, "vietnamese"),
        ("1 234 567", 1234567.0, PLAIN, None),
    ],
)
def test_values_and_what_they_prove(text, value, flag, proves):
    style = NumberStyle()
    assert style.read(text, 2, "value") == (value, flag)
    assert style.vietnamese == (proves == "vietnamese")
    assert (style.machine_count == 1) == (proves == "machine")


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.23,4.5", "nan", "inf", "1_000", "0x10"])
def test_not_numbers(text):
    with pytest.raises(ValueError, match=" / "):
        NumberStyle().read(text, 2, "value")


def test_dhis2_values_are_always_machine_format():
    style = NumberStyle(fixed_machine=True)
    assert style.read("1.234", 0, "value") == (1.234, PLAIN)
    with pytest.raises(ValueError):
        style.read("2.060,5", 0, "value")
