"""Thai normalisation, formatting and Buddhist Era input (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from projects.thai import (
    ThaiInputError,
    arabic_to_thai_digits,
    format_baht,
    format_date,
    format_date_abbr,
    format_date_long,
    format_percent,
    normalize_line,
    normalize_text,
    parse_be_date,
    parse_decimal,
    thai_to_arabic_digits,
)


def test_decomposed_sara_am_is_composed():
    assert normalize_text("สํานักงานเลขานุการสภากรุงเทพมหานคร") == "สำนักงานเลขานุการสภากรุงเทพมหานคร"


def test_decomposed_sara_am_with_tone_mark_in_either_order():
    composed = "น\u0e49\u0e33"  # น้ำ
    assert normalize_text("น\u0e4d\u0e49\u0e32") == composed
    assert normalize_text("น\u0e49\u0e4d\u0e32") == composed


def test_stray_sara_aa_after_sara_am_is_dropped():
    assert normalize_text("ผลการดำาเนินงาน") == "ผลการดำเนินงาน"


def test_normalize_removes_invisible_characters_and_trailing_spaces():
    assert normalize_text("  โครงการ\u200b  ทดสอบ \r\nบรรทัดสอง  ") == "โครงการ ทดสอบ\nบรรทัดสอง"


def test_normalize_line_joins_lines():
    assert normalize_line("ยกเลิกโครงการ\nเนื่องจาก") == "ยกเลิกโครงการ เนื่องจาก"


def test_thai_digits_both_ways():
    assert thai_to_arabic_digits("๑๗ เมือง") == "17 เมือง"
    assert arabic_to_thai_digits("2566") == "๒๕๖๖"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,643,800", Decimal("1643800")),
        ("9,603,371.83 บาท", Decimal("9603371.83")),
        ("๑,๖๔๓,๘๐๐", Decimal("1643800")),
        ("40.00 %", Decimal("40.00")),
    ],
)
def test_parse_decimal(text, value):
    assert parse_decimal(text) == value


def test_parse_decimal_rejects_words_in_thai():
    with pytest.raises(ThaiInputError, match="ไม่ใช่ตัวเลข"):
        parse_decimal("หนึ่งร้อย")


def test_format_baht_with_separators_and_satang():
    assert format_baht(Decimal("9603371.83")) == "9,603,371.83"
    assert format_baht(Decimal("1643800")) == "1,643,800.00"
    assert format_baht(Decimal("0.005")) == "0.01"
    assert format_baht(Decimal("495000"), thai_digits=True) == "๔๙๕,๐๐๐.๐๐"
    assert format_baht(None) == "–"


def test_format_percent_has_two_decimals():
    assert format_percent(Decimal("40")) == "40.00"
    assert format_percent(Decimal("63.755")) == "63.76"


def test_dates_print_in_buddhist_era():
    assert format_date(date(2023, 10, 25)) == "25/10/2566"
    assert format_date(date(2021, 10, 1)) == "01/10/2564"
    assert format_date_long(date(2022, 3, 14)) == "14 มีนาคม 2565"
    assert format_date_abbr(date(2022, 3, 14)) == "14 มี.ค. 2565"
    assert format_date(date(2023, 10, 25), thai_digits=True) == "๒๕/๑๐/๒๕๖๖"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("25/10/2566", date(2023, 10, 25)),
        ("1/9/2563", date(2020, 9, 1)),
        ("25-10-66", date(2023, 10, 25)),
        ("25.10.2566", date(2023, 10, 25)),
        ("๒๕/๑๐/๒๕๖๖", date(2023, 10, 25)),
        ("14 มีนาคม 2565", date(2022, 3, 14)),
        ("14 มี.ค. 65", date(2022, 3, 14)),
        ("29/2/2567", date(2024, 2, 29)),
    ],
)
def test_parse_be_date(text, day):
    assert parse_be_date(text) == day


def test_parse_be_date_never_reads_the_year_as_gregorian():
    """21/11/2569 is 2026, not the year 2569."""
    assert parse_be_date("21/11/2569") == date(2026, 11, 21)


def test_parse_be_date_refuses_a_gregorian_year_with_a_thai_message():
    with pytest.raises(ThaiInputError, match=r"ค\.ศ\."):
        parse_be_date("25/10/2023")


@pytest.mark.parametrize("text", ["31/2/2566", "29/2/2566", "abc", "", "25/13/2566"])
def test_parse_be_date_refuses_impossible_dates(text):
    with pytest.raises(ThaiInputError):
        parse_be_date(text)


def test_month_names_follow_the_page_language_and_stay_thai_by_default():
    from django.utils import translation

    from projects.charts import month_ticks
    from projects.thai import format_month_year

    assert format_month_year(2023, 1) == "มกราคม 2566"
    with translation.override("en"):
        assert format_month_year(2023, 1) == "January 2566"
        assert month_ticks(date(2022, 10, 1), date(2022, 11, 30))[1] == ["Oct. 65", "Nov. 65"]
    with translation.override("th"):
        assert month_ticks(date(2022, 10, 1), date(2022, 11, 30))[1] == ["ต.ค. 65", "พ.ย. 65"]
