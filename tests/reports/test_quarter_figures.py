"""The pure quarter figures: no database."""

from datetime import date
from decimal import Decimal

from reports import figures


def row(**kwargs) -> figures.QuarterRow:
    values = {
        "pk": 1,
        "code": "01000000-2456",
        "name": "โครงการทดสอบ",
        "fiscal_year": 2566,
        "agency_name": "สำนักปลัดกรุงเทพมหานคร",
        "agency_path": "00010001",
        "strategy_path": None,
        "status": "active",
    }
    return figures.QuarterRow(**(values | kwargs))


def test_gap_and_computed_status_of_a_project_behind_plan():
    """40 % planned, 30 % done: gap −10.00, on plan but to be monitored."""
    # given
    r = row(planned=Decimal("40.00"), actual=Decimal("30.00"), reported_status="on_plan")
    # then
    assert r.gap == Decimal("-10.00")
    assert r.computed_status == "monitor"
    assert r.mismatch is True
    assert r.category == "monitor"


def test_no_mismatch_when_the_agency_reported_what_the_figures_say():
    r = row(planned=Decimal("40.00"), actual=Decimal("30.00"), reported_status="monitor")
    assert r.mismatch is False


def test_more_than_ten_points_behind_is_off_plan():
    r = row(planned=Decimal("50.00"), actual=Decimal("39.99"), reported_status="off_plan")
    assert r.computed_status == "off_plan"
    assert r.gap == Decimal("-10.01")
    assert r.mismatch is False


def test_without_plan_steps_nothing_is_computed_and_the_reported_status_counts():
    r = row(planned=None, actual=Decimal("30.00"), reported_status="on_plan")
    assert r.gap is None
    assert r.computed_status is None
    assert r.mismatch is False
    assert r.category == "on_plan"


def test_categories_for_cancelled_unreported_and_unplanned_projects():
    assert row(status="cancelled", actual=Decimal("10")).category == figures.CANCELLED
    assert row(planned=Decimal("40"), actual=None).category == figures.NOT_REPORTED
    assert row(planned=None, actual=Decimal("10"), reported_status=None).category == figures.NO_PLAN


def test_due_months_after_the_quarter_are_all_three():
    due = figures.due_months(
        fiscal_year=2566, quarter=1, today=date(2023, 2, 1), due_day=25, start=None, end=None
    )
    assert due == [(2022, 10), (2022, 11), (2022, 12)]


def test_a_month_is_due_only_after_its_due_day():
    """On 25 November the November report is not yet due; on the 26th it is."""
    kwargs = {"fiscal_year": 2566, "quarter": 1, "due_day": 25, "start": None, "end": None}
    assert figures.due_months(today=date(2022, 11, 25), **kwargs) == [(2022, 10)]
    assert figures.due_months(today=date(2022, 11, 26), **kwargs) == [(2022, 10), (2022, 11)]


def test_months_outside_the_project_period_are_not_due():
    due = figures.due_months(
        fiscal_year=2566,
        quarter=1,
        today=date(2023, 2, 1),
        due_day=25,
        start=date(2022, 11, 15),
        end=date(2022, 11, 30),
    )
    assert due == [(2022, 11)]


def test_missing_months_are_named_in_thai():
    due = [(2022, 10), (2022, 11), (2022, 12)]
    assert figures.missing_month_names(due, {(2022, 10), (2022, 12)}) == ["พฤศจิกายน"]
    assert figures.missing_month_names(due, set()) == ["ตุลาคม", "พฤศจิกายน", "ธันวาคม"]


def test_count_categories_per_key():
    rows = [
        row(agency_path="0001", planned=Decimal("40"), actual=Decimal("40")),
        row(agency_path="0001", planned=Decimal("40"), actual=Decimal("35")),
        row(agency_path="0002", status="cancelled"),
    ]
    counts = figures.count_categories(rows, lambda r: r.agency_path)
    assert counts["0001"] == {"on_plan": 1, "monitor": 1}
    assert counts["0002"] == {"cancelled": 1}


def test_average_ignores_unknown_values():
    assert figures.average([Decimal("10"), None, Decimal("25")]) == Decimal("17.50")
    assert figures.average([None]) is None


def test_planned_at_without_steps_is_unknown():
    assert figures.planned_at([], date(2022, 12, 31)) is None


def test_histogram_counts_every_bin_between_the_extremes():
    gaps = [Decimal("-10.00"), Decimal("-3.21"), Decimal("2.79"), Decimal("24.79"), Decimal("20")]
    assert figures.histogram(gaps) == [(-10, 2), (0, 1), (10, 0), (20, 2)]
    assert figures.histogram([]) == []


def test_axis_step_is_a_whole_number():
    assert figures.axis_step(3) == 1
    assert figures.axis_step(13) == 3
    assert figures.axis_step(0) == 1
