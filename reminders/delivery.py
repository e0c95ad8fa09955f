"""Sending the queued reminder e-mails through the configured mail backend, one connection per pass.

Each message is claimed before it is sent (a conditional UPDATE: attempts + 1 and a lease on `next_attempt_at`),
so two workers never send the same message. A message the server refuses is not lost: it waits and is tried
again (after 1, 2, 4 … minutes, at most an hour apart) until `REMINDER_MAX_ATTEMPTS`, then stays FAILED with the
server's answer, for the administrator in the Django admin. An address the server rejects for good (5xx for
the recipient) is recorded against its user and the others go on.
"""

import contextlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from .messages import settings_url
from .models import MessageStatus, ReminderMessage, ReminderPreference

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=1)
WAITING = [MessageStatus.PENDING, MessageStatus.RETRY]


@dataclass
class DeliveryResult:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    rejected: int = 0


def backoff(attempts: int) -> timedelta:
    """`backoff(1) == timedelta(minutes=1)`, doubling, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def due_messages(now: datetime, run: str | None = None):
    waiting = ReminderMessage.objects.filter(status__in=WAITING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return waiting.filter(run=run) if run else waiting


def email_of(message: ReminderMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        headers={
            "List-Unsubscribe": f"<{settings_url()}>",
            "Auto-Submitted": "auto-generated",
            "Content-Language": message.language,
        },
    )
    email.attach_alternative(message.html, "text/html")
    return email


def _claim(message: ReminderMessage, now: datetime) -> bool:
    claimed = ReminderMessage.objects.filter(
        pk=message.pk, status__in=WAITING, attempts=message.attempts
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    message.attempts += 1
    return claimed == 1


def _permanent_refusal(error: smtplib.SMTPRecipientsRefused, address: str) -> str:
    """The server's answer when it refused this address for good (5xx), else ""."""
    for refused, (code, reply) in error.recipients.items():
        if refused.lower() == address.lower() and code >= 500:
            return f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
    return ""


def describe(error: Exception) -> str:
    """`SMTPDataError: 451 4.3.0 try again later`: the server's own words."""
    if isinstance(error, smtplib.SMTPResponseException):
        reply = (
            error.smtp_error.decode(errors="replace")
            if isinstance(error.smtp_error, bytes)
            else error.smtp_error
        )
        return f"{type(error).__name__}: {error.smtp_code} {reply}"
    return f"{type(error).__name__}: {error}"


def _failed(message: ReminderMessage, now: datetime, error: Exception, result: DeliveryResult) -> None:
    message.last_error = describe(error)[:2000]
    if message.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        message.status, message.next_attempt_at = MessageStatus.FAILED, None
        result.failed += 1
        log.error(
            "reminder e-mail %s to %s failed for good: %s", message.pk, message.address, message.last_error
        )
    else:
        message.status, message.next_attempt_at = MessageStatus.RETRY, now + backoff(message.attempts)
        result.retry += 1
        log.warning("reminder e-mail %s to %s failed, will retry: %s", message.pk, message.address, error)
    message.save(update_fields=["status", "next_attempt_at", "last_error"])


def _rejected(message: ReminderMessage, now: datetime, reason: str, result: DeliveryResult) -> None:
    message.status, message.next_attempt_at, message.last_error = MessageStatus.REJECTED, None, reason[:2000]
    message.save(update_fields=["status", "next_attempt_at", "last_error"])
    ReminderPreference.objects.update_or_create(
        user_id=message.recipient_id,
        defaults={"rejected_address": message.address, "rejected_reason": reason[:2000], "rejected_at": now},
    )
    result.rejected += 1
    log.error("mail server rejected %s (user %s): %s", message.address, message.recipient_id, reason)


def deliver(*, run: str | None = None, now: datetime | None = None) -> DeliveryResult:
    """Send every message due now (of one run, or all); returns what happened to them."""
    now = now or timezone.now()
    result = DeliveryResult()
    messages = list(due_messages(now, run).order_by("pk"))
    if not messages:
        return result
    connection = get_connection(fail_silently=False)
    broken: Exception | None = None
    try:
        for message in messages:
            if not _claim(message, now):
                continue  # another worker has it
            if broken is not None:
                # The server is unreachable: the rest wait for the next attempt instead of failing one by one.
                _failed(message, now, broken, result)
                continue
            try:
                connection.send_messages([email_of(message)])
            except smtplib.SMTPRecipientsRefused as error:
                reason = _permanent_refusal(error, message.address)
                if reason:
                    _rejected(message, now, reason, result)
                else:
                    _failed(message, now, error, result)
            except smtplib.SMTPServerDisconnected as error:
                broken = error
                _failed(message, now, error, result)
            except (smtplib.SMTPException, OSError) as error:
                _failed(message, now, error, result)
                if isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException):
                    broken = error
            else:
                message.status, message.sent_at, message.next_attempt_at = MessageStatus.SENT, now, None
                message.last_error = ""
                message.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error"])
                result.sent += 1
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return result


def next_retry() -> datetime | None:
    """When the earliest message waiting for another attempt is due."""
    return (
        ReminderMessage.objects.filter(status=MessageStatus.RETRY)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
