"""Budget used and its rate: one definition each (`projects.budget`), and the SQL built from it agrees."""

from decimal import Decimal

import pytest

from projects.budget import budget_remaining, budget_used, used_rate
from projects.models import Project
from projects.planned_sql import used_rate_sql
from tests.factories import ProgressReportFactory, ProjectFactory


class TestBudgetUsed:
    """Pure: no database."""

    def test_sums_what_was_disbursed_counting_unstated_as_nothing(self):
        # given / when / then
        assert budget_used([Decimal("495000.00"), None, Decimal("1234.56")]) == Decimal("496234.56")

    def test_no_report_is_nothing_used(self):
        assert budget_used([]) == Decimal("0")


class TestBudgetRemaining:
    """Pure: no database."""

    def test_what_was_used_is_taken_off_what_was_received(self):
        assert budget_remaining(Decimal("1643800.00"), Decimal("643800.00")) == Decimal("1000000.00")
        assert budget_remaining(Decimal("100"), None) == Decimal("100")

    def test_over_budget_is_a_negative_remainder_not_zero(self):
        # given more disbursed than received / when / then
        assert budget_remaining(Decimal("1000.00"), Decimal("1250.50")) == Decimal("-250.50")

    def test_unknown_without_a_received_budget(self):
        assert budget_remaining(None, Decimal("10")) is None


class TestUsedRate:
    """Pure: no database."""

    def test_two_decimals_rounded_half_up(self):
        assert used_rate(Decimal("1"), Decimal("3")) == Decimal("33.33")
        assert used_rate(Decimal("2"), Decimal("3")) == Decimal("66.67")
        assert used_rate(Decimal("410950.00"), Decimal("1643800.00")) == Decimal("25.00")

    def test_unknown_or_zero_budget_gives_none(self):
        assert used_rate(Decimal("10"), None) is None
        assert used_rate(Decimal("10"), Decimal("0")) is None

    def test_nothing_used_is_zero(self):
        assert used_rate(None, Decimal("100")) == Decimal("0.00")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "disbursed"),
    [
        ("1643800.00", ["410950.00"]),
        ("3.00", ["1.00"]),
        ("3.00", ["2.00"]),
        ("1000.00", [None]),
        ("1000.00", []),
        ("200.00", ["0.01", "0.00"]),
        ("0.00", ["5.00"]),
        (None, ["5.00"]),
    ],
)
def test_sql_rate_agrees_with_python(received, disbursed):
    """The list sorts on the SQL rate; it must be the rate the project page shows."""
    # given
    project = ProjectFactory(budget_received=None if received is None else Decimal(received))
    for number, amount in enumerate(disbursed, 1):
        ProgressReportFactory(project=project, number=number, disbursed=amount and Decimal(amount))
    # when
    row = Project.objects.with_figures().annotate(rate=used_rate_sql("budget_used")).get(pk=project.pk)
    # then
    expected = used_rate(budget_used(Decimal(a) if a else None for a in disbursed), project.budget_received)
    assert row.rate == expected
