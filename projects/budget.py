"""Budget used, what remains, when it is over budget and the rate of the budget used: the one definition of
each. Pure functions, Decimal in and out; `planned_sql` says the same in SQL (`used_total`, `used_rate_sql`),
and tests hold the two to equal results."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def budget_used(disbursed: Iterable[Decimal | None]) -> Decimal:
    """What the reports disbursed, summed; a report that states nothing disbursed nothing.

    >>> budget_used([Decimal("100.50"), None, Decimal("20")])
    Decimal('120.50')
    """
    return sum((amount or ZERO for amount in disbursed), ZERO)


def budget_remaining(received: Decimal | None, used: Decimal | None) -> Decimal | None:
    """What is left of the budget received once what was used is taken off; below zero when more was used
    than received (over budget, shown as such, never hidden as 0); unknown without a received budget.

    >>> budget_remaining(Decimal("1000"), Decimal("250.50"))
    Decimal('749.50')
    >>> budget_remaining(Decimal("1000"), Decimal("1200"))
    Decimal('-200')
    >>> budget_remaining(None, Decimal("5")) is None
    True
    """
    if received is None:
        return None
    return received - (used or ZERO)


def is_over_budget(received: Decimal | None, used: Decimal | None) -> bool:
    """More used than received: refused when a report's disbursement would bring it about, or a lowered budget
    received would; never without a received budget.

    >>> is_over_budget(Decimal("1000"), Decimal("1000.01")), is_over_budget(Decimal("1000"), Decimal("1000"))
    (True, False)
    >>> is_over_budget(None, Decimal("5"))
    False
    """
    return received is not None and (used or ZERO) > received


def used_rate(used: Decimal | None, received: Decimal | None) -> Decimal | None:
    """Budget used as % of the budget received, two decimals (halves up); unknown without a received budget.

    >>> used_rate(Decimal("250"), Decimal("1000"))
    Decimal('25.00')
    >>> used_rate(Decimal("250"), Decimal("0")) is None
    True
    """
    if not received:
        return None
    return ((used or ZERO) * HUNDRED / received).quantize(CENT, rounding=ROUND_HALF_UP)
