"""What the write services refuse, in Thai words the person who tried can act on.

Rule violations that belong to one field are raised as Django's `ValidationError` with a dict keyed by the
form's field names, so a form shows each message beside its field and in the error summary. The classes
here are the refusals that are not about one field.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Change:
    """One field that someone else changed: its label and the value before and after, formatted for people."""

    label: str
    before: str
    after: str


class ServiceError(Exception):
    """A refusal with a Thai message for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EditConflict(ServiceError):
    """The record was saved by someone else after the form was opened; nothing was written."""

    def __init__(
        self,
        *,
        changes: list[Change],
        current_version: int,
        changed_by: str = "",
        changed_at: datetime | None = None,
    ):
        super().__init__(
            _(
                "มีผู้อื่นบันทึกการแก้ไขรายการนี้ระหว่างที่ท่านกำลังแก้ไข ข้อมูลของท่านจึงยังไม่ถูกบันทึก "
                "กรุณาตรวจสอบสิ่งที่เปลี่ยนไปด้านล่าง แล้วกดบันทึกอีกครั้งหากยังต้องการใช้ค่าที่ท่านกรอก"
            )
        )
        self.changes = changes
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at


class AlreadySubmitted(ServiceError):
    """The same form was sent again (a double click, a reload); the first submission is what was stored."""

    def __init__(self, *, object_id: int | None = None):
        super().__init__(_("บันทึกข้อมูลจากแบบฟอร์มนี้ไว้แล้ว ไม่ได้บันทึกซ้ำ"))
        self.object_id = object_id


class QuarterClosed(ServiceError):
    """A report dated in a quarter the planning office has closed cannot be changed by agency staff."""
