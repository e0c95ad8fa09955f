"""The report form reads what staff type into what the service needs (no database)."""

from datetime import date
from decimal import Decimal

from projects.forms.reports import ReportForm


def data(**overrides):
    values = {
        "report_date": "๒๕/๑๐/๒๕๖๖",
        "progress": "๔๕.๕",
        "text": "ดํา เนินการ",
        "problems": "-",
        "obstacles": "",
        "disbursed": "1,500.25",
        "plan_status": "on_plan",
        "target_status": "met",
        "reason": "",
        "version": "3",
        "token": "abc",
    }
    values.update(overrides)
    return values


def test_valid_form_gives_the_service_decimals_and_a_gregorian_date():
    form = ReportForm(data())
    assert form.is_valid(), form.errors
    entry = form.to_input()
    assert entry.report_date == date(2023, 10, 25)
    assert entry.progress == Decimal("45.50")
    assert entry.disbursed == Decimal("1500.25")
    assert form.cleaned_data["version"] == 3


def test_missing_and_wrong_values_get_thai_messages():
    form = ReportForm(data(report_date="25/10/2023", progress="120", text="", plan_status=""))
    assert not form.is_valid()
    assert form.errors["report_date"] == ["ปี 2023 ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (เช่น 2566)"]
    assert form.errors["progress"] == ["ร้อยละต้องอยู่ระหว่าง 0 ถึง 100"]
    assert form.errors["text"] == ["กรุณากรอกผลการดำเนินงาน"]
    assert form.errors["plan_status"] == ["กรุณาเลือกสถานะตามแผน"]


def test_each_rendering_gets_a_new_token_and_keeps_the_version():
    first, second = ReportForm(version=4), ReportForm(version=4)
    assert first["token"].value() != second["token"].value()
    assert first["version"].value() == 4


def test_with_version_keeps_typed_values_and_moves_the_version():
    form = ReportForm(data(progress="9"))
    form.is_valid()
    form.with_version(7)
    assert form["version"].value() == "7"
    assert form["progress"].value() == "9"
    assert form["token"].value() != "abc"
