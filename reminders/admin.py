"""The Django admin: the e-mails sent and failed (with the server's answer), reminders, people's settings.

Failures are what an administrator comes here for: filter the e-mails by status, read `last_error`, and send
the failed ones again once the mail server or the address is fixed.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import MessageStatus, Reminder, ReminderMessage, ReminderPreference


@admin.register(ReminderMessage)
class ReminderMessageAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "recipient",
        "address",
        "subject",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    )
    list_filter = ("status", "day")
    list_select_related = ("recipient",)
    search_fields = ("address", "recipient__username", "subject", "last_error")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in ReminderMessage._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("ส่งอีเมลที่เลือกอีกครั้ง"))
    def send_again(self, request, queryset):
        from .tasks import deliver_reminders

        count = queryset.exclude(status=MessageStatus.SENT).update(
            status=MessageStatus.RETRY, attempts=0, next_attempt_at=None
        )
        deliver_reminders.enqueue()
        self.message_user(request, _("จะส่งอีเมล %(count)s ฉบับอีกครั้ง") % {"count": count}, messages.SUCCESS)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("day", "recipient", "kind", "period", "optional", "read_at")
    list_filter = ("kind", "optional", "day")
    list_select_related = ("recipient",)
    search_fields = ("recipient__username", "period")
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "optional_reminders", "language", "rejected_address", "rejected_at")
    list_filter = ("optional_reminders", "language")
    search_fields = ("user__username", "rejected_address")
    list_select_related = ("user",)
