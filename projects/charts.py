"""The progress chart (plotly) and the plan timeline, built from plain values: no ORM, no HTML.

The figure goes to the page as JSON (`json_script`) and a static script draws it, so the page needs no
inline script. Dates are Gregorian on the axis (plotly's date axis) but every label and hover text is
Buddhist Era.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from .fiscal import fiscal_year_bounds
from .progress import Step, planned_curve
from .thai import format_date, format_percent, month_name

REPORTED_COLOUR = "#1d70b8"
PLANNED_COLOUR = "#505a5f"
TODAY_COLOUR = "#d4351c"


def month_ticks(start: date, end: date) -> tuple[list[str], list[str]]:
    """First days of the months between two dates and their BE labels (`ต.ค. 65`), thinned to about 12."""
    months = []
    day = date(start.year, start.month, 1)
    while day <= end:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    step = max(1, -(-len(months) // 12))
    shown = months[::step]
    return (
        [d.isoformat() for d in shown],
        [f"{month_name(d.month, abbreviated=True)} {str(d.year + 543)[-2:]}" for d in shown],
    )


class Figure:
    """The plotly figure as plain dicts, in the shape `to_plotly_json` gives plotly.js. plotly's own
    `graph_objects` validate every property on each call: ~40 ms a figure, most of a project page."""

    def __init__(self):
        self.data: list[dict] = []
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def add_shape(self, **shape) -> None:
        self.layout.setdefault("shapes", []).append(shape)

    def add_annotation(self, **annotation) -> None:
        self.layout.setdefault("annotations", []).append(annotation)

    def update_layout(self, **layout) -> None:
        self.layout.update(layout)

    def to_plotly_json(self) -> dict:
        return {"data": self.data, "layout": self.layout}


def progress_figure(
    *,
    reported: list[tuple[date, Decimal]],
    planned: list[tuple[date, Decimal]],
    today: date,
    fiscal_year: int,
) -> Figure:
    """Reported cumulative % at each report date against the planned curve, today as a vertical line."""
    reported = sorted(reported)
    year_start, year_end = fiscal_year_bounds(fiscal_year)
    days = [year_start, year_end] + [d for d, _ in reported] + [d for d, _ in planned]
    start, end = min(days), max(days)

    figure = Figure()
    if planned:
        figure.add_trace(
            {
                "type": "scatter",
                "name": _("ตามแผน"),
                "x": [d.isoformat() for d, _ in planned],
                "y": [float(p) for _, p in planned],
                "customdata": [[format_date(d), format_percent(p)] for d, p in planned],
                "hovertemplate": "%{customdata[0]}<br>" + _("ตามแผน") + " %{customdata[1]}%<extra></extra>",
                "mode": "lines",
                "line": {"color": PLANNED_COLOUR, "dash": "dash", "width": 2},
            }
        )
    figure.add_trace(
        {
            "type": "scatter",
            "name": _("ผลการดำเนินงาน"),
            "x": [d.isoformat() for d, _ in reported],
            "y": [float(p) for _, p in reported],
            "customdata": [[format_date(d), format_percent(p)] for d, p in reported],
            "hovertemplate": "%{customdata[0]}<br>" + _("รายงาน") + " %{customdata[1]}%<extra></extra>",
            "mode": "lines+markers",
            "line": {"color": REPORTED_COLOUR, "width": 3},
            "marker": {"size": 9},
        }
    )
    if start <= today <= end:
        figure.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=today.isoformat(),
            x1=today.isoformat(),
            y0=0,
            y1=1,
            line={"color": TODAY_COLOUR, "width": 2, "dash": "dot"},
        )
        figure.add_annotation(
            x=today.isoformat(),
            y=1,
            xref="x",
            yref="paper",
            yanchor="bottom",
            text=f"{_('วันนี้')} {format_date(today)}",
            showarrow=False,
            font={"color": TODAY_COLOUR},
        )
    tickvals, ticktext = month_ticks(start, end)
    figure.update_layout(
        # No plotly theme: it would add kilobytes of unused defaults to every page.
        template={"data": {"scatter": [{"type": "scatter"}]}},  # what plotly makes of template="none"
        font={"family": "Sarabun, sans-serif", "size": 14, "color": "#0b0c0c"},
        margin={"l": 60, "r": 20, "t": 30, "b": 60},
        height=380,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        legend={"orientation": "h", "y": -0.25, "x": 0},
        hovermode="closest",
        xaxis={
            "title": {"text": _("วันที่ (พ.ศ.)")},
            "type": "date",
            "range": [(start - timedelta(days=5)).isoformat(), (end + timedelta(days=5)).isoformat()],
            "tickvals": tickvals,
            "ticktext": ticktext,
            "gridcolor": "#e5e6e7",
        },
        yaxis={
            "title": {"text": _("ความก้าวหน้าสะสม (%)")},
            "range": [0, 105],
            "gridcolor": "#e5e6e7",
        },
    )
    return figure


def progress_figure_json(*, reports: Iterable, steps: Iterable, today: date, fiscal_year: int) -> dict:
    """The figure for a project's reports and plan steps, as the JSON-ready dict plotly.js draws."""
    curve = planned_curve([Step(s.weight, s.start_date, s.end_date) for s in steps])
    figure = progress_figure(
        reported=[(r.report_date, r.progress) for r in reports],
        planned=curve,
        today=today,
        fiscal_year=fiscal_year,
    )
    return figure.to_plotly_json()


@dataclass(frozen=True)
class TimelineBar:
    number: int
    description: str
    start: date
    end: date
    offset: Decimal  # % of the timeline's width before the bar
    width: Decimal  # % of the timeline's width
    done: bool  # planned to be finished by today


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date
    bars: list[TimelineBar]
    today_offset: Decimal | None  # None when today is outside the plan


def _share(days: int, total: int) -> Decimal:
    return (Decimal(days) * 100 / Decimal(total)).quantize(Decimal("0.01"))


def timeline(*, steps: Iterable, today: date) -> Timeline | None:
    """Each plan step as a bar on a common time scale, for drawing with CSS alone."""
    steps = list(steps)
    if not steps:
        return None
    start = min(s.start_date for s in steps)
    end = max(s.end_date for s in steps)
    total = (end - start).days + 1
    bars = [
        TimelineBar(
            number=s.number,
            description=s.description,
            start=s.start_date,
            end=s.end_date,
            offset=_share((s.start_date - start).days, total),
            width=max(_share((s.end_date - s.start_date).days + 1, total), Decimal("1.00")),
            done=s.end_date < today,
        )
        for s in steps
    ]
    today_offset = _share((today - start).days, total) if start <= today <= end else None
    return Timeline(start=start, end=end, bars=bars, today_offset=today_offset)
