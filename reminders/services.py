"""A day's reminders: plan, record (the unique constraint decides what is new), compose the digests.

Recording comes first and sending after: `Reminder` rows are inserted with ON CONFLICT DO NOTHING under a fresh
run id, and only the rows that carry this run's id are sent. A second run of the same day, or the same run on
another machine at the same moment, inserts nothing and so sends nothing.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import messages, planning, selectors
from .models import MessageStatus, Reminder, ReminderMessage, ReminderPreference


@dataclass(frozen=True)
class DigestLine:
    """What the command prints for one person."""

    username: str
    address: str
    kinds: tuple[str, ...]
    projects: int
    # Why no e-mail goes out (no address, address refused by the server); empty when one does.
    skipped: str = ""


@dataclass
class RunResult:
    day: date
    run: uuid.UUID
    lines: list[DigestLine] = field(default_factory=list)
    messages: int = 0

    @property
    def skipped(self) -> list[DigestLine]:
        return [line for line in self.lines if line.skipped]


def plan_day(day: date) -> tuple[dict[int, list[planning.Planned]], dict[int, dict]]:
    facts, people = selectors.facts_for(
        day, due_day=settings.REPORT_DUE_DAY, quiet_days=settings.REMINDER_QUIET_DAYS
    )
    digests = planning.plan(facts, quiet_days=settings.REMINDER_QUIET_DAYS)
    # A returned report's author who no longer has a role is not reminded.
    return {pk: items for pk, items in digests.items() if pk in people}, people


def _skip_reason(person: dict) -> str:
    if not person["email"]:
        return "no-address"
    if person["rejected"] and person["rejected"].lower() == person["email"].lower():
        return "rejected-address"
    return ""


def _line(person: dict, items, skipped: str) -> DigestLine:
    return DigestLine(
        username=person["username"],
        address=person["email"],
        kinds=tuple(item.kind for item in items),
        projects=sum(len(item.data.get("projects", ())) for item in items),
        skipped=skipped,
    )


def run_day(day: date, *, dry_run: bool = False) -> RunResult:
    """Do `day`'s work: record the new reminders and queue one e-mail per person (nothing written when dry)."""
    run = uuid.uuid4()
    digests, people = plan_day(day)
    result = RunResult(day=day, run=run)
    if dry_run:
        for pk in sorted(digests, key=lambda pk: people[pk]["username"]):
            result.lines.append(_line(people[pk], digests[pk], _skip_reason(people[pk])))
        return result

    with transaction.atomic():
        _record(day, run, digests, people, result)
    return result


def _record(day: date, run: uuid.UUID, digests, people, result: RunResult) -> None:
    Reminder.objects.bulk_create(
        [
            Reminder(
                recipient_id=item.recipient_id,
                kind=item.kind,
                period=item.period,
                optional=item.optional,
                day=day,
                run=run,
                data=item.data,
            )
            for items in digests.values()
            for item in items
        ],
        ignore_conflicts=True,
    )
    # What this run wrote (rows another run wrote first keep that run's id).
    won: dict[int, list[Reminder]] = {}
    for reminder in Reminder.objects.filter(run=run).order_by("pk"):
        won.setdefault(reminder.recipient_id, []).append(reminder)

    outgoing = []
    for pk in sorted(won, key=lambda pk: people[pk]["username"]):
        person, items = people[pk], won[pk]
        skipped = _skip_reason(person)
        result.lines.append(_line(person, items, skipped))
        if skipped:
            continue
        subject, text, html = messages.render(
            name=person["name"], reminders=items, language=person["language"]
        )
        outgoing.append(
            ReminderMessage(
                recipient_id=pk,
                run=run,
                day=day,
                address=person["email"],
                language=person["language"],
                subject=subject[:255],
                text=text,
                html=html,
                status=MessageStatus.PENDING,
            )
        )
    ReminderMessage.objects.bulk_create(outgoing)
    result.messages = len(outgoing)


def preference_of(user) -> ReminderPreference:
    """The user's reminder settings (the defaults until they save their own)."""
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


@transaction.atomic
def save_preference(*, user, optional_reminders: bool, language: str) -> ReminderPreference:
    preference = preference_of(user)
    preference.optional_reminders = optional_reminders
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference


def mark_read(*, user, ids) -> int:
    """Mark these notices of the user read (opened); returns how many were unread."""
    return Reminder.objects.filter(recipient=user, pk__in=list(ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )
