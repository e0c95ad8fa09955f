"""What a legacy file says about a project, as plain data (no ORM).

Every field is `None` when the file does not say it; the loader never writes `None` over a stored value.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

WEB_PAGE = "web_page"
PRINTED_FORM = "printed_form"


class LegacyFileError(ValueError):
    """A file that cannot be read; `reason` is Thai, `line` the 1-based line it was found on (if any)."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def describe(self, file_name: str) -> str:
        where = f" บรรทัด {self.line}" if self.line else ""
        return f"{file_name}{where}: {self.reason}"


@dataclass
class ReportRecord:
    number: int
    line: int | None = None
    date: dt.date | None = None
    progress: Decimal | None = None
    text: str | None = None
    problems: str | None = None
    obstacles: str | None = None
    disbursed: Decimal | None = None
    plan_status: str | None = None
    target_status: str | None = None


@dataclass
class StepRecord:
    number: int
    description: str | None = None
    weight: Decimal | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    line: int | None = None


@dataclass
class KpiQuarterRecord:
    quarter: int
    result: Decimal | None = None
    score_1: Decimal | None = None
    score_2: Decimal | None = None


@dataclass
class KpiRecord:
    code: str | None = None
    name: str | None = None
    unit: str | None = None
    target: Decimal | None = None
    achieved: Decimal | None = None
    kind: str | None = None
    level: str | None = None
    quarters: list[KpiQuarterRecord] = field(default_factory=list)
    line: int | None = None


@dataclass
class EvaluationRecord:
    quarter: int
    score: Decimal


@dataclass
class ProjectRecord:
    source_format: str
    code: str | None = None
    name: str | None = None
    # the short tag before the name in the old system (`อ.2/2`); "" when the name had none
    name_tag: str | None = None
    fiscal_year: int | None = None
    agency_code: str | None = None
    # Known names of the owning agency, top department first; may be shorter than the code chain.
    agency_names: list[str] = field(default_factory=list)
    responsible: str | None = None
    phone: str | None = None
    coordinator: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_received: Decimal | None = None
    # The printed form states budget used; it is only compared with the sum of disbursements.
    stated_budget_used: Decimal | None = None
    rationale: str | None = None
    objectives: str | None = None
    targets: str | None = None
    # Names top first; None = the file does not say, [] never used (routine work sets `routine`).
    strategy: list[str] | None = None
    routine: bool | None = None
    strategy_indicator: str | None = None
    reports: list[ReportRecord] = field(default_factory=list)
    steps: list[StepRecord] = field(default_factory=list)
    kpis: list[KpiRecord] = field(default_factory=list)
    evaluations: list[EvaluationRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The line each project-level value was read from (for the messages that refuse it), and the file's last.
    lines: dict[str, int] = field(default_factory=dict)
    last_line: int = 1
