"""The progress chart and plan timeline, from plain values (no database)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from projects.charts import month_ticks, progress_figure, timeline


def test_month_ticks_are_buddhist_era_and_thinned():
    values, labels = month_ticks(date(2022, 10, 1), date(2022, 12, 31))
    assert values == ["2022-10-01", "2022-11-01", "2022-12-01"]
    assert labels == ["ต.ค. 65", "พ.ย. 65", "ธ.ค. 65"]
    values, labels = month_ticks(date(2022, 10, 1), date(2024, 9, 30))  # 24 months → every second one
    assert len(values) == 12 and labels[:2] == ["ต.ค. 65", "ธ.ค. 65"]


def test_figure_has_reported_points_planned_curve_and_today():
    figure = progress_figure(
        reported=[(date(2022, 11, 19), Decimal("16.00")), (date(2022, 10, 30), Decimal("8.00"))],
        planned=[(date(2022, 9, 30), Decimal("0")), (date(2023, 9, 30), Decimal("100"))],
        today=date(2023, 1, 15),
        fiscal_year=2566,
    ).to_plotly_json()
    planned, reported = figure["data"]
    assert list(reported["x"]) == ["2022-10-30", "2022-11-19"]  # sorted by date
    assert list(reported["y"]) == [8.0, 16.0]
    assert [list(c) for c in reported["customdata"]] == [["30/10/2565", "8.00"], ["19/11/2565", "16.00"]]
    assert reported["mode"] == "lines+markers"
    assert list(planned["y"]) == [0.0, 100.0]
    (today_line,) = figure["layout"]["shapes"]
    assert today_line["x0"] == today_line["x1"] == "2023-01-15"
    assert figure["layout"]["annotations"][0]["text"] == "วันนี้ 15/01/2566"
    assert figure["layout"]["xaxis"]["title"]["text"] == "วันที่ (พ.ศ.)"


def test_today_outside_the_chart_is_not_drawn():
    figure = progress_figure(
        reported=[(date(2020, 9, 11), Decimal("40"))], planned=[], today=date(2026, 11, 21), fiscal_year=2563
    ).to_plotly_json()
    assert len(figure["data"]) == 1
    assert not figure["layout"].get("shapes")


def _step(number, start, end):
    return SimpleNamespace(number=number, description=f"ขั้นตอน {number}", start_date=start, end_date=end)


def test_timeline_bars_share_one_scale():
    result = timeline(
        steps=[_step(1, date(2023, 1, 1), date(2023, 1, 10)), _step(2, date(2023, 1, 11), date(2023, 1, 20))],
        today=date(2023, 1, 11),
    )
    first, second = result.bars
    assert (first.offset, first.width, first.done) == (Decimal("0.00"), Decimal("50.00"), True)
    assert (second.offset, second.width, second.done) == (Decimal("50.00"), Decimal("50.00"), False)
    assert result.today_offset == Decimal("50.00")


def test_one_day_steps_stay_visible_and_empty_plan_has_no_timeline():
    result = timeline(
        steps=[_step(1, date(2019, 10, 1), date(2019, 10, 1)), _step(2, date(2020, 8, 1), date(2020, 8, 1))],
        today=date(2026, 1, 1),
    )
    assert result.bars[0].width == Decimal("1.00")
    assert result.today_offset is None
    assert timeline(steps=[], today=date(2026, 1, 1)) is None
