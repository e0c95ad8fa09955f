"""The roll-up category of a project in a quarter: cancelled, not reported, no plan to compare with, or its plan
status. Defined once, as data: `categorize` reads it in Python (`reports.figures.QuarterRow`), `category_sql`
writes it as SQL (`quarter_figures.with_plan_status_on`), so the quarter page's counts and its rows agree.
"""

from .choices import ProjectStatus

# Categories besides the three plan statuses (`reports.figures.CATEGORIES` orders them for display).
CANCELLED = "cancelled"
NOT_REPORTED = "not_reported"
# Reported progress but neither plan steps to compare with nor a reported plan status.
NO_PLAN = "no_plan"

# Read top to bottom: the first figure that equals its value (None: is unknown) gives the category.
CATEGORY_TESTS: tuple[tuple[str, str | None, str], ...] = (
    ("status", ProjectStatus.CANCELLED.value, CANCELLED),
    ("actual", None, NOT_REPORTED),
)
# Otherwise the first of these statuses that is known (the computed one wins; a project without plan steps
# falls back to what its agency reported), else `NO_PLAN`.
CATEGORY_FALLBACK = ("computed_status", "reported_status")


def categorize(**figures) -> str:
    """The category of a project with these figures: `status`, `actual`, `computed_status`, `reported_status`.

    >>> categorize(status="active", actual=None, computed_status=None, reported_status="monitor")
    'not_reported'
    >>> categorize(status="active", actual=12, computed_status=None, reported_status="")
    'no_plan'
    """
    for name, value, category in CATEGORY_TESTS:
        if figures[name] == value:
            return category
    return next((figures[name] for name in CATEGORY_FALLBACK if figures[name]), NO_PLAN)


def category_sql(**columns: str) -> str:
    """`categorize` as a SQL CASE over SQL text for each figure, whose empty text counts as unknown (NULL).

    >>> category_sql(status="s", actual="a", computed_status="c", reported_status="r")
    "CASE WHEN s = 'cancelled' THEN 'cancelled' WHEN a IS NULL THEN 'not_reported' ELSE COALESCE(NULLIF(c, ''), NULLIF(r, ''), 'no_plan') END"
    """
    whens = [
        f"WHEN {columns[name]} IS NULL THEN '{category}'"
        if value is None
        else f"WHEN {columns[name]} = '{value}' THEN '{category}'"
        for name, value, category in CATEGORY_TESTS
    ]
    known = ", ".join(f"NULLIF({columns[name]}, '')" for name in CATEGORY_FALLBACK)
    return f"CASE {' '.join(whens)} ELSE COALESCE({known}, '{NO_PLAN}') END"
