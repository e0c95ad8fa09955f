"""The sign-off of monthly reports: the steps posted from the project page, and the head's list of what waits."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from projects import thai
from projects.filters import ApprovalFilterSet
from projects.forms.approval import ApproveSelectedForm
from projects.selectors import reports_awaiting_approval, reports_for_sign_off
from projects.services import approval
from projects.services.errors import ServiceError
from projects.tables import ApprovalTable

from .access import PermissionRequiredMixin
from .editing import ProjectEditMixin, find_report
from .flash import flash_form_errors


def tell_author_at_once() -> None:
    """A returned report's author is told by the task worker now, not at the next scheduled run."""
    from reminders.tasks import remind_now

    transaction.on_commit(remind_now.enqueue)


class SignOffStepView(ProjectEditMixin, View):
    """One step of a report's sign-off, posted from the project page; a refusal is said there, in Thai.

    The door asks `permission_required` about the project; the step's own permission (state, four eyes) is
    asked by the service, which says why in words the head can act on.
    """

    permission_required = "projects.sign_off_reports"
    # Said on the 403 page, e.g. to the head of another agency.
    permission_denied_message = gettext_lazy(
        "ท่านไม่มีสิทธิ์อนุมัติ ส่งกลับ หรือถอนการอนุมัติรายงานของโครงการนี้ "
        "เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการหรือหน่วยงานที่อยู่เหนือขึ้นไปเท่านั้นที่ทำได้"
    )
    http_method_names = ["post"]
    done = ""

    def step(self, *, user, report, comment: str):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        report = find_report(self.project, request, self.kwargs["number"])
        try:
            self.step(user=request.user, report=report, comment=request.POST.get("comment", ""))
        except ServiceError as exc:
            # Back to the top of the page, where the message is: at the report, it would be out of sight.
            messages.error(request, exc.message)
            return redirect(self.project.get_absolute_url())
        messages.success(
            request,
            self.done % {"number": report.number, "date": thai.format_date(report.report_date)},
        )
        return redirect(f"{self.project.get_absolute_url()}#report-{report.number}")


class SubmitView(SignOffStepView):
    permission_required = "projects.add_report"
    permission_denied_message = ProjectEditMixin.permission_denied_message

    @property
    def done(self):
        return _("ส่งรายงานครั้งที่ %(number)s (%(date)s) ให้หัวหน้าหน่วยงานอนุมัติแล้ว")

    def step(self, *, user, report, comment):
        approval.submit_report(user=user, report=report)


class ApproveView(SignOffStepView):
    @property
    def done(self):
        return _("อนุมัติรายงานครั้งที่ %(number)s (%(date)s) แล้ว")

    def step(self, *, user, report, comment):
        approval.approve_report(user=user, report=report, comment=comment)


class ReturnView(SignOffStepView):
    @property
    def done(self):
        return _("ส่งรายงานครั้งที่ %(number)s (%(date)s) กลับให้แก้ไขแล้ว")

    def step(self, *, user, report, comment):
        approval.return_report(user=user, report=report, comment=comment)
        tell_author_at_once()


class WithdrawView(SignOffStepView):
    @property
    def done(self):
        return _("ถอนการอนุมัติรายงานครั้งที่ %(number)s (%(date)s) แล้ว รายงานกลับไปให้ผู้บันทึกแก้ไข")

    def step(self, *, user, report, comment):
        approval.withdraw_approval(user=user, report=report, reason=comment)
        tell_author_at_once()


class ApprovalListView(PermissionRequiredMixin, SingleTableMixin, FilterView):
    """The head's landing page: the submitted reports of their agencies and those below. Filter to a month
    and an agency, tick the header box, approve: a whole month in two clicks."""

    permission_required = "projects.view_approvals"
    template_name = "projects/approvals.html"
    filterset_class = ApprovalFilterSet
    table_class = ApprovalTable
    table_pagination = {"per_page": 200}

    def get_queryset(self):
        return reports_awaiting_approval(user=self.request.user)

    def post(self, request, *args, **kwargs):
        """The approve button: approve the chosen reports at once, those the head may approve, all or none;
        the message says how many, and which were skipped and why. Works without JavaScript: "approve all
        shown" chooses the filtered rows."""
        data = request.POST.copy()
        if data.get("all"):
            filterset = self.get_filterset(self.get_filterset_class())
            chosen = filterset.qs if filterset.is_valid() else self.get_queryset().none()
            data.setlist("select", [str(pk) for pk in chosen.values_list("pk", flat=True)])
        # Any report of the head's projects may be named (one approved or returned since the page was drawn is
        # skipped and said); another agency's is refused with the whole selection.
        form = ApproveSelectedForm(data, reports=reports_for_sign_off(user=request.user))
        back = request.get_full_path()
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect(back)
        try:
            result = approval.approve_reports(user=request.user, reports=form.cleaned_data["select"])
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect(back)
        level = messages.success if result.approved else messages.warning
        level(request, approval.bulk_approval_message(result))
        return redirect(back)
