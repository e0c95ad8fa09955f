"""A real SMTP server on a loopback port (aiosmtpd), the mail settings pointing at it, tasks run at once."""

import socket
from datetime import date
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from projects.fiscal import fiscal_year_of
from tests.factories import AgencyFactory, ProjectFactory, UserFactory

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}
DUE = date(2026, 11, 25)  # REPORT_DUE_DAY 25: D-3 = 22/11, D+1 = 26/11, D+7 = 2/12
FISCAL_YEAR = fiscal_year_of(DUE)


class Recorder:
    """An SMTP handler that keeps what it accepts; `refuse_data` answers the next N messages with 451, and
    addresses in `reject_rcpt` are refused with 550."""

    def __init__(self):
        self.messages = []
        self.refuse_data = 0
        self.reject_rcpt = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject_rcpt:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            self.refuse_data -= 1
            return "451 4.3.0 try again later"
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def parsed(self):
        return [(to, message_from_bytes(content, policy=policy.default)) for to, content in self.messages]

    def to(self, address):
        return [message for rcpt, message in self.parsed() if address in rcpt]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.TASKS = IMMEDIATE
    settings.REPORT_DUE_DAY = 25
    settings.SITE_URL = "https://tracker.example.go.th"
    yield recorder
    controller.stop()


@pytest.fixture
def district(db):
    return AgencyFactory(code="50040000", name="สำนักงานเขตบางรัก")


@pytest.fixture
def other_district(db):
    return AgencyFactory(code="50070000", name="สำนักงานเขตปทุมวัน")


def project_in(agency, code, **kwargs):
    return ProjectFactory(
        agency=agency,
        code=code,
        fiscal_year=FISCAL_YEAR,
        start_date=date(2026, 10, 1),
        end_date=date(2027, 9, 30),
        **kwargs,
    )


@pytest.fixture
def people(district, other_district):
    return {
        "staff": UserFactory(username="somsri", staff=True, agency=district, email="somsri@bangkok.go.th"),
        "staff2": UserFactory(
            username="wichai", staff=True, agency=other_district, email="wichai@bangkok.go.th"
        ),
        "head": UserFactory(username="head", head=True, agency=district, email="head@bangkok.go.th"),
        "planner": UserFactory(username="planner", planner=True, email="planner@bangkok.go.th"),
    }
