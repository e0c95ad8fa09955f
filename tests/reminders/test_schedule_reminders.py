"""The scheduler loop `make run` and `make serve` start: reminders every hour, the relock pass every minute,
each failure logged and the loop going on."""

import pytest
from django.core.management import call_command

from reminders.management.commands import schedule_reminders


class Stop(Exception):
    pass


class Clock:
    """Stands in for the `time` module of the loop: sleeping moves the clock on, until `until` seconds."""

    def __init__(self, until: float):
        self.now = 0.0
        self.until = until

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.now += seconds
        if self.now > self.until:
            raise Stop


@pytest.fixture
def ran(monkeypatch):
    """The commands the loop called, with the clock's time of each call."""
    calls = []
    clock = Clock(until=3 * 3600)

    def fake_call(name, **kwargs):
        calls.append((name, clock.now))
        if name == "send_reminders" and clock.now == 0:
            raise RuntimeError("the mail server is down")

    monkeypatch.setattr(schedule_reminders, "time", clock)
    monkeypatch.setattr(schedule_reminders, "call_command", fake_call)
    monkeypatch.setattr(schedule_reminders, "close_old_connections", lambda: None)
    return calls


def test_the_loop_relocks_every_minute_and_reminds_every_hour(ran, caplog):
    # when the loop runs three hours, the first reminder run failing
    with pytest.raises(Stop):
        call_command("schedule_reminders")
    assert "send_reminders failed" in caplog.text
    # then both ran at once, the relock pass every minute and the reminders every hour
    relocks = [at for name, at in ran if name == "relock_expired"]
    reminders = [at for name, at in ran if name == "send_reminders"]
    assert reminders == [0, 3600, 7200, 10800]
    assert relocks == [60.0 * n for n in range(181)]


def test_the_intervals_are_settings_with_a_floor(ran):
    with pytest.raises(Stop):
        call_command("schedule_reminders", "--every", "7200", "--relock-every", "1")
    assert [at for name, at in ran if name == "send_reminders"] == [0, 7200]
    assert [at for name, at in ran if name == "relock_expired"][:3] == [0, 10, 20]  # not every second
