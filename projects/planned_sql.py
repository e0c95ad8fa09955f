"""Planned progress, the plan status it suggests, budget used and its rate in SQL: built from the Python
rules (`progress.planned_progress`, `progress.PLAN_STATUS_BOUNDS`, `budget`), so a database can filter, sort
and group on them. `tests/projects/test_planned_sql.py` and `tests/reports/test_quarter_sql_agrees.py` hold
the two to equal results."""

from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from .models import PlanStep
from .progress import BELOW_PLAN, HUNDRED, PLAN_STATUS_BOUNDS

PERCENT = DecimalField(max_digits=5, decimal_places=2)
MONEY = DecimalField(max_digits=17, decimal_places=2)
# Wide enough that a step's fraction keeps the precision of Python's Decimal (28 digits).
FRACTION = DecimalField(max_digits=40, decimal_places=28)


class DayNumber(Func):
    """Whole days since 1970-01-01 of a date expression: differences of two are day counts."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(julianday(%(expressions)s) - 2440587.5)")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="((%(expressions)s)::date - DATE '1970-01-01')")


class Fraction(Func):
    """`done / total` of two whole numbers as an exact-enough decimal, never integer division."""

    arity = 2
    output_field = FRACTION

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(CAST(%(expressions)s AS REAL))", arg_joiner=" AS REAL) / CAST("
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(CAST(%(expressions)s AS numeric))",
            arg_joiner=" AS numeric(40, 28)) / CAST(",
        )


class RoundPercent(Func):
    """Two decimals of a value ≥ 0, halves up (`ROUND_HALF_UP`). SQLite computes in binary floating point,
    where 5.005 is stored as 5.00499…: a nudge far below a satang restores the half."""

    function = "ROUND"
    output_field = PERCENT

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="ROUND(%(expressions)s, 2)", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="ROUND((%(expressions)s) + 1e-9, 2)",
            **extra_context,
        )


def step_fraction(on: date):
    """Per plan step, like `progress.step_fraction`: 0 before its start, 1 from its end day, else the share
    of its days elapsed, both ends counted."""
    day = Value(on)
    done = DayNumber(day) - DayNumber(F("start_date")) + Value(1)
    total = DayNumber(F("end_date")) - DayNumber(F("start_date")) + Value(1)
    return Case(
        When(start_date__gt=on, then=Value(0, output_field=FRACTION)),
        When(end_date__lte=on, then=Value(1, output_field=FRACTION)),
        default=Fraction(done, total),
        output_field=FRACTION,
    )


def planned_on(on: date, project_ref="pk"):
    """The project's planned % on a day as a subquery, NULL without plan steps."""
    weighted = ExpressionWrapper(F("weight") * step_fraction(on), output_field=FRACTION)
    total = (
        PlanStep.objects.filter(project=OuterRef(project_ref))
        .order_by()
        .values("project")
        .annotate(total=RoundPercent(Least(Sum(weighted), Value(HUNDRED, output_field=FRACTION))))
        .values("total")
    )
    # No plan step, no row: the subquery is NULL, meaning "unknown".
    return Subquery(total, output_field=PERCENT)


class Let(Func):
    """`template` over values computed once per row. Each `{name}` in the template stands for the value of
    the keyword expression `name`; the values come from a one-row derived table, so a subquery used three
    times in the template runs once (PostgreSQL would otherwise run it at each use; `OFFSET 0` keeps its
    planner from folding the derived table back into copies)."""

    def __init__(self, template: str, output_field, **values):
        self.names = list(values)
        self.body = template.format(**{name: f"let_.{name}" for name in self.names})
        super().__init__(*values.values(), output_field=output_field)

    def as_sql(self, compiler, connection, function=None, template=None, **extra_context):
        parts, params = [], []
        for name, expression in zip(self.names, self.get_source_expressions(), strict=True):
            sql, sql_params = compiler.compile(expression)
            parts.append(f"{sql} AS {name}")
            params.extend(sql_params)
        tail = " OFFSET 0" if connection.vendor == "postgresql" else ""
        return f"(SELECT {self.body} FROM (SELECT {', '.join(parts)}{tail}) let_)", params


class Quotient(Func):
    """`a / b` never as integer division: SQLite keeps whole-baht decimals as integers."""

    arity = 2
    arg_joiner = " / "
    template = "(%(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(CAST(%(expressions)s AS REAL))",
            arg_joiner=" AS REAL) / CAST(",
            **extra_context,
        )


def plan_status_sql(gap: str) -> str:
    """`progress.suggest_plan_status` as a SQL CASE over the SQL text `gap` (actual − planned), NULL when
    the gap is unknown. Text, not an expression, so `Let` can compute the gap once per row.

    >>> plan_status_sql("g")
    "CASE WHEN g >= 0 THEN 'on_plan' WHEN g >= -10 THEN 'monitor' WHEN g IS NOT NULL THEN 'off_plan' END"
    """
    whens = [f"WHEN {gap} >= {lowest:f} THEN '{status.value}'" for lowest, status in PLAN_STATUS_BOUNDS]
    whens.append(f"WHEN {gap} IS NOT NULL THEN '{BELOW_PLAN.value}'")
    return f"CASE {' '.join(whens)} END"


def used_total(reports):
    """`budget.budget_used` of each project's reports in `reports` (filtered on `OuterRef("pk")`) as a
    subquery; NULL where no report states a disbursement, so a list can say "unknown" (wrap it in
    `Coalesce(…, 0)` to count that as nothing used, as `budget_used` does)."""
    total = reports.order_by().values("project").annotate(total=Sum("disbursed")).values("total")
    return Subquery(total, output_field=MONEY)


def used_rate_sql(used, received="budget_received"):
    """`budget.used_rate` in SQL: % of the received budget, two decimals halves up, NULL without one."""
    return Case(
        When(
            **{f"{received}__gt": 0},
            then=RoundPercent(Quotient(Coalesce(F(used), Value(Decimal("0"))) * HUNDRED, F(received))),
        ),
        default=None,
        output_field=PERCENT,
    )
