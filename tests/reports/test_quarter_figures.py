"""The pure quarter figures: no database."""

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


def test_used_rate_is_a_percentage_of_the_received_budget():
    assert figures.used_rate(Decimal("410950.00"), Decimal("1643800.00")) == Decimal("25.00")
    assert figures.used_rate(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert figures.used_rate(None, Decimal("1000")) == Decimal("0.00")
    assert figures.used_rate(Decimal("5"), None) is None
    assert figures.used_rate(Decimal("5"), Decimal("0")) is None


def test_axis_step_is_a_whole_number():
    assert figures.axis_step(3) == 1
    assert figures.axis_step(13) == 3
    assert figures.axis_step(0) == 1
