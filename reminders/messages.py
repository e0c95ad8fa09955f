"""The e-mail of a digest: subject, plain text and HTML, in the recipient's language (Thai unless English)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from projects import thai
from projects.links import project_url

from .models import ReminderKind

ENTRY, DETAIL, CORRECTION = "report-create", "detail", "report-edit"


@dataclass(frozen=True)
class LinkedProject:
    pk: int
    code: str | None
    name: str | None
    fiscal_year: int
    # Where the link leads: the monthly entry page (staff), the project page (heads sign off there), or the
    # returned report's edit page; `number` is the report's, `note` what is said of it (number and date).
    page: str = ENTRY
    number: int | None = None
    note: str = ""

    @property
    def url(self) -> str:
        """The page this person acts on, as an absolute address."""
        if self.page == CORRECTION:
            return absolute(project_url(CORRECTION, self, number=self.number))
        path = project_url(self.page, self)
        return absolute(f"{path}#report-{self.number}" if self.number else path)

    @property
    def action(self) -> str:
        return {ENTRY: _("บันทึกรายงาน"), DETAIL: _("เปิดโครงการ"), CORRECTION: _("แก้ไขรายงาน")}[self.page]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def settings_url() -> str:
    return absolute(reverse("reminders:settings"))


def _projects(kind: str, data: dict) -> list[LinkedProject]:
    rows = data.get("projects", [])
    if kind == ReminderKind.ESCALATION:
        return [LinkedProject(*row, page=DETAIL) for row in rows]
    if kind == ReminderKind.RETURNED:
        return [LinkedProject(*row, page=CORRECTION, number=data["report"]) for row in rows]
    if kind == ReminderKind.AWAITING_APPROVAL:
        return [
            LinkedProject(*row, page=DETAIL, number=number, note=_report_name(number, day))
            for row, (number, day, _since) in zip(rows, data["reports"], strict=True)
        ]
    return [LinkedProject(*row) for row in rows]


def _report_name(number: int, day: str) -> str:
    return _("รายงานครั้งที่ %(number)s (%(date)s)") % {
        "number": number,
        "date": thai.format_date(date.fromisoformat(day)),
    }


# The monthly reminders: a title and a sentence over the month, its due date and the number of projects.
MONTHLY = {
    ReminderKind.DUE_SOON: (
        gettext_lazy("ใกล้ถึงกำหนดส่งรายงานประจำเดือน"),
        ngettext_lazy(
            "โครงการต่อไปนี้ยังไม่มีรายงานของเดือน %(month)s กรุณารายงานภายในวันที่ %(due)s",
            "โครงการ %(count)s โครงการต่อไปนี้ยังไม่มีรายงานของเดือน %(month)s กรุณารายงานภายในวันที่ %(due)s",
            "count",
        ),
    ),
    ReminderKind.OVERDUE: (
        gettext_lazy("เลยกำหนดส่งรายงานประจำเดือนแล้ว"),
        ngettext_lazy(
            "รายงานของเดือน %(month)s ครบกำหนดเมื่อวันที่ %(due)s แต่โครงการต่อไปนี้ยังไม่ได้รายงาน",
            "รายงานของเดือน %(month)s ครบกำหนดเมื่อวันที่ %(due)s แต่ %(count)s โครงการต่อไปนี้ยังไม่ได้รายงาน",
            "count",
        ),
    ),
    ReminderKind.ESCALATION: (
        gettext_lazy("โครงการในหน่วยงานของท่านที่ยังไม่ส่งรายงาน"),
        ngettext_lazy(
            "เลยกำหนดส่งรายงานของเดือน %(month)s (วันที่ %(due)s) มา 7 วันแล้ว "
            "โครงการต่อไปนี้ในหน่วยงานของท่านยังไม่ได้รายงาน",
            "เลยกำหนดส่งรายงานของเดือน %(month)s (วันที่ %(due)s) มา 7 วันแล้ว "
            "%(count)s โครงการต่อไปนี้ในหน่วยงานของท่านยังไม่ได้รายงาน",
            "count",
        ),
    ),
}


def _section(kind: str, data: dict) -> dict:
    """What the templates show of one reminder: a title, a sentence and its projects."""
    projects = _projects(kind, data)
    count = len(projects)
    due = date.fromisoformat(data["due"]) if data.get("due") else None
    section = {"kind": kind, "projects": projects, "due": thai.format_date(due) if due else ""}
    if kind in MONTHLY:
        title, sentence = MONTHLY[kind]
        section["title"] = str(title)
        section["text"] = sentence % {
            "count": count,
            "month": thai.format_month_year(*data["month"]),
            "due": section["due"],
        }
    elif kind == ReminderKind.RETURNED:
        section["title"] = _("รายงานถูกส่งกลับให้แก้ไข")
        section["text"] = _("รายงานครั้งที่ %(number)s (%(date)s) ถูกส่งกลับโดย %(by)s พร้อมความเห็น:") % {
            "number": data["report"],
            "date": thai.format_date(date.fromisoformat(data["report_date"])),
            "by": data.get("by") or "-",
        }
        section["comment"] = data.get("comment", "")
    elif kind == ReminderKind.AWAITING_APPROVAL:
        section["title"] = _("รายงานรออนุมัติเกิน 3 วัน")
        section["text"] = ngettext(
            "รายงาน %(count)s ฉบับต่อไปนี้ส่งมารออนุมัติเกิน 3 วันแล้ว",
            "รายงาน %(count)s ฉบับต่อไปนี้ส่งมารออนุมัติเกิน 3 วันแล้ว",
            count,
        ) % {"count": count}
        section["approvals_url"] = absolute(reverse("projects:approvals"))
    elif kind == ReminderKind.WEEKLY_SUMMARY:
        section["title"] = _("สรุปรายสัปดาห์: โครงการที่ยังไม่ส่งรายงาน")
        section["text"] = _("รายงานของเดือน %(month)s (กำหนดส่งวันที่ %(due)s) ยังขาดอยู่ %(total)s โครงการ") % {
            "month": thai.format_month_year(*data["month"]),
            "due": section["due"],
            "total": f"{data['total']:,}",
        }
        section["agencies"] = data["agencies"]
        section["overdue_url"] = absolute(reverse("reports:overdue"))
    return section


def sections(reminders) -> list[dict]:
    """The sections of a digest, escalations and returned reports first (they ask for action most)."""
    order = [
        ReminderKind.ESCALATION,
        ReminderKind.RETURNED,
        ReminderKind.OVERDUE,
        ReminderKind.DUE_SOON,
        ReminderKind.AWAITING_APPROVAL,
        ReminderKind.WEEKLY_SUMMARY,
    ]
    ranked = sorted(reminders, key=lambda r: (order.index(r.kind), r.period))
    return [_section(r.kind, r.data) for r in ranked]


def render(*, name: str, reminders, language: str) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one person's digest."""
    with translation.override(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
        parts = sections(reminders)
        projects = sum(len(part["projects"]) for part in parts)
        if len(parts) == 1:
            subject = parts[0]["title"]
        else:
            subject = _("การแจ้งเตือน %(count)s เรื่อง") % {"count": len(parts)}
        if projects:
            subject += " " + ngettext("(%(count)s โครงการ)", "(%(count)s โครงการ)", projects) % {
                "count": f"{projects:,}"
            }
        context = {
            "name": name,
            "sections": parts,
            "settings_url": settings_url(),
            "site_url": settings.SITE_URL,
            "language": translation.get_language(),
        }
        text = render_to_string("reminders/email/digest.txt", context)
        html = render_to_string("reminders/email/digest.html", context)
    return f"[{_subject_prefix(language)}] {subject}", text, html


def _subject_prefix(language: str) -> str:
    with translation.override(language):
        return _("ระบบติดตามโครงการ กทม.")
