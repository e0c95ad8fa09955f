"""The plan of a day, as a pure function of plain facts (no database)."""

from datetime import date

from reminders import planning
from reminders.models import ReminderKind
from reminders.planning import Facts, Person, ProjectRef

DISTRICT = "0001"
DIVISION = "00010001"
OTHER = "0002"


def ref(pk: int, path: str = DIVISION, code: str | None = None) -> ProjectRef:
    return ProjectRef(pk, code or f"5004-{pk:04d}", f"โครงการ {pk}", 2570, path)


STAFF = Person(1, frozenset({planning.STAFF}), (DISTRICT,))
OTHER_STAFF = Person(2, frozenset({planning.STAFF}), (OTHER,))
HEAD = Person(3, frozenset({planning.HEAD}), (DISTRICT,))
PLANNER = Person(4, frozenset({planning.PLANNER}))
PEOPLE = [STAFF, OTHER_STAFF, HEAD, PLANNER]
NOVEMBER = (2026, 11)


def facts(day: date, **kwargs) -> Facts:
    missing = {month: [ref(1), ref(2, OTHER)] for month in planning.months_in_play(day, 25)}
    return Facts(day=day, due_day=25, missing=missing, people=PEOPLE, **kwargs)


def kinds(plan) -> dict[int, list[str]]:
    return {pk: [item.kind for item in items] for pk, items in plan.items()}


def test_the_due_date_is_the_months_last_day_when_the_month_is_shorter():
    assert planning.due_date(2027, 2, 30) == date(2027, 2, 28)
    assert planning.due_date(2028, 2, 30) == date(2028, 2, 29)


def test_the_windows_around_the_due_day():
    # given the due day 25 November 2026
    # when / then
    assert planning.plan(facts(date(2026, 11, 21))) == {}  # D-4: too early
    assert kinds(planning.plan(facts(date(2026, 11, 22)))) == {1: ["due_soon"], 2: ["due_soon"]}
    assert kinds(planning.plan(facts(date(2026, 11, 25)))) == {1: ["due_soon"], 2: ["due_soon"]}
    assert kinds(planning.plan(facts(date(2026, 11, 26)))) == {1: ["overdue"], 2: ["overdue"]}
    assert kinds(planning.plan(facts(date(2026, 12, 2)))) == {3: ["escalation"]}
    assert planning.plan(facts(date(2026, 12, 9))) == {}  # two weeks on: the month is left to the lists


def test_the_head_sees_only_their_agencys_projects_and_the_period_is_the_month():
    [item] = planning.plan(facts(date(2026, 12, 2)))[HEAD.id]
    assert item.period == "2026-11" and not item.optional
    assert item.data == {
        "due": "2026-11-25",
        "month": [2026, 11],
        "projects": [[1, "5004-0001", "โครงการ 1", 2570]],
    }


def test_an_optional_reminder_waits_for_the_quiet_period_but_an_escalation_does_not():
    day = date(2026, 12, 2)
    last = {STAFF.id: date(2026, 11, 28), HEAD.id: date(2026, 11, 30)}
    assert kinds(planning.plan(facts(date(2026, 11, 30), last_optional=last))) == {2: ["overdue"]}
    assert kinds(planning.plan(facts(date(2026, 12, 1), last_optional=last))) == {2: ["overdue"]}
    assert kinds(planning.plan(facts(day, last_optional=last))) == {3: ["escalation"]}


def test_people_who_turned_optional_reminders_off_get_none():
    assert kinds(planning.plan(facts(date(2026, 11, 26), opted_out=frozenset({1})))) == {2: ["overdue"]}


def test_one_digest_per_person_with_every_kind_for_them():
    returned = planning.ReturnedReport(
        7, STAFF.id, 3, date(2026, 11, 20), date(2026, 11, 26), "แก้ยอด", "หัวหน้า", ref(1)
    )
    plan = planning.plan(facts(date(2026, 11, 26), returned=[returned]))
    assert kinds(plan)[STAFF.id] == [ReminderKind.OVERDUE, ReminderKind.RETURNED]
    assert plan[STAFF.id][1].period == "t7"


def test_the_weekly_summary_is_for_mondays():
    rows = [("50040000", "สำนักงานเขตบางรัก", 3)]
    monday, tuesday = date(2026, 11, 30), date(2026, 12, 1)
    summary = {"summary_month": NOVEMBER, "overdue_by_agency": rows}
    assert kinds(planning.plan(facts(monday, **summary)))[PLANNER.id] == ["weekly"]
    assert PLANNER.id not in planning.plan(facts(tuesday, **summary))
    assert planning.week_period(monday) == "2026-W49"
