"""plotly figures of the quarter, as plain dicts: the page passes them with `json_script` and
`static/reports/charts.js` draws them (no inline script, so the Content Security Policy holds)."""

import json
from collections.abc import Iterable
from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from projects.choices import PlanStatus
from projects.progress import plan_status_of_gap

from . import figures
from .selectors import RollupLine

FONT = "Sarabun, 'TH Sarabun New', 'Noto Sans Thai', Tahoma, sans-serif"
CATEGORY_COLOURS = {
    PlanStatus.ON_PLAN.value: "#2e7d32",
    PlanStatus.MONITOR.value: "#f9a825",
    PlanStatus.OFF_PLAN.value: "#c62828",
    figures.CANCELLED: "#757575",
    figures.NOT_REPORTED: "#90a4ae",
    figures.NO_PLAN: "#b39ddb",
}


def _layout(**kwargs) -> dict:
    return {
        "template": "plotly_white",
        "font": {"family": FONT, "size": 14},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 120},
        **kwargs,
    }


def _as_dict(figure: go.Figure) -> dict:
    # Through JSON so the dict holds only lists, numbers and strings.
    return json.loads(figure.to_json())


TOP_AGENCIES = 30  # bars drawn one by one; the rest are added up in one "other agencies" bar


def agency_bars(lines: Iterable[RollupLine], top: int = TOP_AGENCIES) -> list[tuple[str, dict[str, int]]]:
    """The `top` agencies with most projects, largest first, then one line adding up the rest."""
    ranked = sorted(lines, key=lambda line: (-sum(line.counts.values()), line.name))
    bars = [(line.name, dict(line.counts)) for line in ranked[:top]]
    rest = ranked[top:]
    if rest:
        counts: dict[str, int] = {}
        for line in rest:
            for category, count in line.counts.items():
                counts[category] = counts.get(category, 0) + count
        bars.append((_("หน่วยงานอื่น (%(count)s หน่วยงาน)") % {"count": len(rest)}, counts))
    return bars


def status_by_agency(lines: Iterable[RollupLine], top: int = TOP_AGENCIES) -> dict:
    """Stacked horizontal bars, largest agency on top: per top-level agency, how many projects fall in each
    status. Names read across (never rotated) and the smaller agencies share one bar."""
    bars = agency_bars(lines, top)
    names = [name for name, _counts in bars]
    largest = max((sum(counts.values()) for _name, counts in bars), default=0)
    figure = go.Figure(
        data=[
            go.Bar(
                name=str(figures.CATEGORY_LABELS[category]),  # plotly takes str, not a lazy label
                y=names,
                x=[counts.get(category, 0) for _name, counts in bars],
                orientation="h",
                marker_color=CATEGORY_COLOURS[category],
            )
            for category in figures.CATEGORIES
        ],
        layout=_layout(
            barmode="stack",
            title={"text": _("สถานะโครงการรายหน่วยงาน")},
            xaxis={
                "title": {"text": _("จำนวนโครงการ")},
                "rangemode": "tozero",
                "dtick": figures.axis_step(largest),
            },
            yaxis={"autorange": "reversed", "automargin": True},
            legend={"orientation": "h", "x": 0, "y": -0.15, "yanchor": "top"},
            margin={"l": 20, "r": 20, "t": 50, "b": 20},
            height=max(360, 140 + 26 * len(names)),
        ),
    )
    return _as_dict(figure)


def gap_chart(bins: list[tuple[int, int]], width: int = 10) -> dict:
    """The gap histogram from counted bins (`selectors.gap_bins` counts them in the database)."""
    largest = max((count for _, count in bins), default=0)
    figure = go.Figure(
        data=[
            go.Bar(
                x=[lower + width / 2 for lower, _count in bins],
                y=[count for _lower, count in bins],
                width=width * 0.95,
                customdata=[
                    _("%(lower)s ถึงน้อยกว่า %(upper)s") % {"lower": lower, "upper": lower + width}
                    for lower, _count in bins
                ],
                hovertemplate=_("ผลต่าง %{customdata}: %{y} โครงการ") + "<extra></extra>",
                # A bin in the colour of the plan status of its lowest gap (`progress.PLAN_STATUS_BOUNDS`).
                marker_color=[
                    CATEGORY_COLOURS[plan_status_of_gap(Decimal(lower)).value] for lower, _count in bins
                ],
                name=_("โครงการ"),
            )
        ],
        layout=_layout(
            title={"text": _("การกระจายของผลต่าง ผล − แผน")},
            xaxis={"title": {"text": _("ผลต่าง (จุดร้อยละ)")}, "dtick": width, "zeroline": True},
            yaxis={
                "title": {"text": _("จำนวนโครงการ")},
                "rangemode": "tozero",
                "dtick": figures.axis_step(largest),
            },
            margin={"l": 60, "r": 20, "t": 50, "b": 60},
            height=520,
            showlegend=False,
        ),
    )
    return _as_dict(figure)
