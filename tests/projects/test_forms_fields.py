"""Form fields for Thai input: BE dates, percentages and baht with Thai digits and separators (no database)."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms

from projects.forms.fields import BahtField, BEDateField, BEDateInput, PercentField, ThaiTextField


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("25/10/2566", date(2023, 10, 25)),
        ("๒๕/๑๐/๒๕๖๖", date(2023, 10, 25)),
        ("25-10-66", date(2023, 10, 25)),
        ("14 มีนาคม 2565", date(2022, 3, 14)),
        (" 1/2/2566 ", date(2023, 2, 1)),
    ],
)
def test_be_dates_are_read_as_buddhist_era(typed, expected):
    assert BEDateField().clean(typed) == expected


def test_gregorian_year_is_refused_with_a_thai_message():
    with pytest.raises(forms.ValidationError) as caught:
        BEDateField().clean("25/10/2023")
    assert caught.value.messages == ["ปี 2023 ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (เช่น 2566)"]


def test_impossible_and_unreadable_dates_are_refused_in_thai():
    with pytest.raises(forms.ValidationError, match="ไม่มีวันที่ “31/02/2566” ในปฏิทิน"):
        BEDateField().clean("31/02/2566")
    with pytest.raises(forms.ValidationError, match="อ่านวันที่ “เมื่อวาน” ไม่ได้"):
        BEDateField().clean("เมื่อวาน")
    with pytest.raises(forms.ValidationError, match="กรุณากรอกวันที่"):
        BEDateField().clean("")


def test_dates_render_back_in_be_and_typed_text_stays_as_typed():
    widget = BEDateInput()
    assert 'value="25/10/2566"' in widget.render("d", date(2023, 10, 25))
    assert 'value="25/10/2023"' in widget.render("d", "25/10/2023")


def test_be_date_field_has_the_hint():
    assert BEDateField().help_text == "วัน/เดือน/ปี พ.ศ. เช่น 25/10/2566"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("45.5", Decimal("45.50")),
        ("๔๕.๕๐", Decimal("45.50")),
        ("100%", Decimal("100.00")),
        ("0", Decimal("0.00")),
    ],
)
def test_percent_reads_thai_digits_and_two_decimals(typed, expected):
    assert PercentField().clean(typed) == expected


@pytest.mark.parametrize("typed", ["120", "-1", "100.01"])
def test_percent_outside_0_to_100_is_refused(typed):
    with pytest.raises(forms.ValidationError) as caught:
        PercentField().clean(typed)
    assert caught.value.messages == ["ร้อยละต้องอยู่ระหว่าง 0 ถึง 100"]


def test_percent_with_three_decimals_is_refused_unless_they_are_zero():
    with pytest.raises(forms.ValidationError, match="ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"):
        PercentField().clean("45.555")
    assert PercentField().clean("45.500") == Decimal("45.50")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,643,800.50", Decimal("1643800.50")),
        ("๑,๖๔๓,๘๐๐ บาท", Decimal("1643800.00")),
        ("12500", Decimal("12500.00")),
    ],
)
def test_baht_reads_commas_satang_and_thai_digits(typed, expected):
    value = BahtField().clean(typed)
    assert value == expected
    assert isinstance(value, Decimal)


def test_baht_refuses_negative_fractions_of_satang_and_words():
    with pytest.raises(forms.ValidationError, match="จำนวนเงินต้องไม่ติดลบ"):
        BahtField().clean("-5")
    with pytest.raises(forms.ValidationError, match="สตางค์ใส่ได้ไม่เกิน 2 ตำแหน่ง"):
        BahtField().clean("10.505")
    with pytest.raises(forms.ValidationError, match="“หนึ่งพัน” ไม่ใช่ตัวเลข"):
        BahtField().clean("หนึ่งพัน")


def test_baht_renders_with_separators():
    assert 'value="1,643,800.00"' in BahtField().widget.render("b", Decimal("1643800"))


def test_text_is_normalized_sara_am():
    assert ThaiTextField().clean("สํานักงาน  เขต ") == "สำนักงาน เขต"


@pytest.mark.parametrize("typed", ["10,5", "1,5", "12,50", "1,0000", "๑๐,๕", "1,000,5"])
def test_a_comma_that_cannot_separate_thousands_is_a_decimal_mistake(typed):
    """`10,5` was read as 105: a comma between digits that is not a thousands separator is refused."""
    with pytest.raises(forms.ValidationError) as caught:
        PercentField().clean(typed)
    assert caught.value.code == "comma"
    assert "หากเป็นทศนิยมให้ใช้จุด" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "expected"), [("1,000", "1000.00"), ("12,500.50", "12500.50"), ("1,643,800", "1643800.00")]
)
def test_thousands_separators_still_read(typed, expected):
    assert BahtField().clean(typed) == Decimal(expected)
