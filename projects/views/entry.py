"""Monthly progress entry by agency staff: new report, edit, delete with confirmation."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from projects import thai
from projects.budget import budget_used
from projects.choices import ApprovalState, TargetStatus
from projects.closing import is_date_in_closed_quarter
from projects.forms.reports import DeleteForm, ReportForm
from projects.links import project_url
from projects.progress import Step, plan_status_rule, planned_curve, planned_progress, suggest_plan_status
from projects.selectors import last_return, month_entry
from projects.services.errors import AlreadySubmitted, EditConflict, ServiceError
from projects.services.reports import (
    approved_message,
    closed_quarter_message,
    create_report,
    delete_report,
    rule_errors,
    update_report,
)

from .access import PermissionRequiredMixin
from .editing import ProjectEditMixin, add_service_errors, find_report
from .evidence import evidence_context


class ReportFormMixin(ProjectEditMixin):
    permission_required = "projects.add_report"
    template_name = "projects/forms/report_form.html"
    form_class = ReportForm
    report = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["version"] = self.report.version if self.report else None
        return kwargs

    def submitting(self) -> bool:
        """The form has two buttons: submit for approval (the default, also for a post without a button) and
        save as draft."""
        return self.request.POST.get("intent") != "draft"

    def steps(self) -> list[Step]:
        return [Step(s.weight, s.start_date, s.end_date) for s in self.project.steps.all()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        reports = list(self.project.reports.order_by("report_date"))
        others = [r for r in reports if self.report is None or r.pk != self.report.pk]
        day, actual = self.typed_or_stored(form)
        earlier = [r for r in others if r.report_date < day]
        steps = self.steps()
        planned = planned_progress(steps, day) if steps else None
        context.update(
            report=self.report,
            entry=None
            if self.report
            else month_entry(
                project=self.project,
                reports=reports,
                today=timezone.localdate(),
                due_day=settings.REPORT_DUE_DAY,
            ),
            previous=earlier[-1] if earlier else None,
            used_before=budget_used(r.disbursed for r in others),
            planned_curve=[[d.isoformat(), str(p)] for d, p in planned_curve(steps)],
            plan_status_rule=plan_status_rule(),
            be_date_grammar=thai.be_date_grammar(),
            suggested=suggest_plan_status(actual, planned).value
            if planned is not None and actual is not None
            else None,
            planned_note=(
                _("ตามแผน ณ วันที่ %(date)s ควรก้าวหน้า %(planned)s %%")
                % {"date": thai.format_date(day), "planned": thai.format_percent(planned)}
                if planned is not None
                else _("โครงการนี้ยังไม่มีแผน/ขั้นตอน ระบบจึงคำนวณสถานะตามแผนไม่ได้")
            ),
        )
        return context

    def typed_or_stored(self, form) -> tuple:
        """The date and % the plan status is judged on: what was typed when it reads, else what is stored."""
        day = self.report.report_date if self.report else timezone.localdate()
        actual = self.report.progress if self.report else self._latest_progress()
        cleaned = getattr(form, "cleaned_data", None) or {}
        if form.is_bound:
            day = cleaned.get("report_date") or day
            progress = cleaned.get("progress")
            # A % that does not read, or is out of range, suggests nothing.
            actual = progress if progress is not None and 0 <= progress <= 100 else None
        return day, actual

    def suggested(self, steps, day):
        if not steps:
            return None
        actual = self.report.progress if self.report else self._latest_progress()
        return suggest_plan_status(actual, planned_progress(steps, day)).value

    def _latest_progress(self):
        latest = self.project.reports.order_by("-report_date").first()
        return latest.progress if latest else Decimal(0)

    def month_link(self, error: ValidationError):
        """The same-month refusal, with a link to edit the report that month already has."""
        if error.code != "month_taken":
            return error
        number = error.params["number"]
        url = project_url("report-edit", self.project, number=number)
        return ValidationError(
            format_html(
                '{} <a href="{}">{}</a>',
                error.messages[0],
                url,
                _("แก้ไขรายงานครั้งที่ %(number)s") % {"number": number},
            ),
            code=error.code,
        )

    def form_invalid(self, form):
        # Every mistake in one round: beside the fields that do not read, the rules the rest breaks (a second
        # report in the month among them, with a link to the one there is), on the fields still without one.
        data = form.readable_input()
        if data is not None:
            for field, errors in rule_errors(project=self.project, data=data, report=self.report).items():
                if not form.has_error(field):
                    for error in errors:
                        form.add_error(field, self.month_link(error))
        return super().form_invalid(form)

    def refused(self, form, exc: ValidationError):
        add_service_errors(form, exc, self.month_link)
        return super().form_invalid(form)

    def conflicted(self, form, exc: EditConflict):
        return self.render_to_response(
            self.get_context_data(form=form.with_version(exc.current_version), conflict=exc)
        )


class ReportCreateView(ReportFormMixin, FormView):
    def get_initial(self):
        steps = self.steps()
        today = timezone.localdate()
        latest = self.project.reports.order_by("-report_date").first()
        return {
            "report_date": today,
            "plan_status": self.suggested(steps, today),
            "target_status": (latest.target_status if latest else None) or TargetStatus.MET,
        }

    def form_valid(self, form):
        try:
            report = create_report(
                user=self.request.user,
                project=self.project,
                data=form.to_input(),
                token=form.cleaned_data["token"],
                submit=self.submitting(),
            )
        except AlreadySubmitted:
            messages.info(self.request, _("รายงานนี้บันทึกไว้แล้ว (ไม่ได้บันทึกซ้ำ)"))
            return redirect(self.project.get_absolute_url())
        except ValidationError as exc:
            return self.refused(form, exc)
        messages.success(
            self.request,
            _("บันทึกรายงานครั้งที่ %(number)s วันที่ %(date)s ความก้าวหน้าสะสม %(progress)s %% แล้ว")
            % {
                "number": report.number,
                "date": thai.format_date(report.report_date),
                "progress": thai.format_percent(report.progress),
            }
            + " · "
            + report.get_approval_state_display(),
        )
        return redirect(self.project.get_absolute_url())


class ReportRecordMixin:
    """Finds the report by its number; a posted form names its report by id, which renumbering never changes.

    The page opens for those who may enter the project's reports (`projects.add_report`); the report itself
    needs `report_permission`, which a report of a closed quarter lacks: then the page says so.
    """

    report_permission = "projects.change_report"

    def load_report(self):
        return find_report(self.project, self.request, self.kwargs["number"])

    def closed_refusal(self):
        if self.request.user.has_perm(self.report_permission, self.report):
            return None
        if self.report.approval_state == ApprovalState.APPROVED:
            messages.error(self.request, approved_message(self.report))
        elif is_date_in_closed_quarter(self.report.report_date, self.project.pk):
            messages.error(self.request, closed_quarter_message(self.report.report_date))
        else:
            raise PermissionDenied(_("ท่านไม่มีสิทธิ์แก้ไขข้อมูลของโครงการนี้"))
        return redirect(self.project.get_absolute_url())

    def get(self, request, *args, **kwargs):
        self.report = self.load_report()
        return self.closed_refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.report = self.load_report()
        return super().post(request, *args, **kwargs)


class ReportUpdateView(ReportRecordMixin, ReportFormMixin, FormView):
    def get_initial(self):
        return ReportForm.initial_from(self.report)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs) | evidence_context(self.request, self.report)
        # A returned report is corrected here: what the head asked for is shown where it is corrected.
        if self.report.approval_state == ApprovalState.RETURNED:
            context["returned"] = last_return(self.report)
        return context

    def form_valid(self, form):
        try:
            report = update_report(
                user=self.request.user,
                report=self.report,
                version=form.cleaned_data["version"] or 0,
                data=form.to_input(),
                token=form.cleaned_data["token"],
                submit=self.submitting(),
            )
        except AlreadySubmitted:
            messages.info(self.request, _("การแก้ไขนี้บันทึกไว้แล้ว (ไม่ได้บันทึกซ้ำ)"))
            return redirect(self.project.get_absolute_url())
        except EditConflict as exc:
            return self.conflicted(form, exc)
        except ValidationError as exc:
            return self.refused(form, exc)
        messages.success(
            self.request,
            _("บันทึกการแก้ไขรายงานครั้งที่ %(number)s วันที่ %(date)s ความก้าวหน้าสะสม %(progress)s %% แล้ว")
            % {
                "number": report.number,
                "date": thai.format_date(report.report_date),
                "progress": thai.format_percent(report.progress),
            }
            + " · "
            + report.get_approval_state_display(),
        )
        return redirect(self.project.get_absolute_url())


class ReportDeleteView(ReportRecordMixin, ProjectEditMixin, FormView):
    permission_required = "projects.add_report"
    report_permission = "projects.delete_report"
    template_name = "projects/forms/report_confirm_delete.html"
    form_class = DeleteForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["version"] = self.report.version
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def get_initial(self):
        # The delete form names its report too, so the post deletes the one that was shown.
        return {"report_id": self.report.pk}

    def form_valid(self, form):
        number, day = self.report.number, self.report.report_date
        try:
            delete_report(
                user=self.request.user,
                report=self.report,
                version=form.cleaned_data["version"] or 0,
                token=form.cleaned_data["token"],
            )
        except AlreadySubmitted:
            messages.info(self.request, _("ลบรายงานนี้ไปแล้ว"))
            return redirect(self.project.get_absolute_url())
        except EditConflict as exc:
            return self.render_to_response(
                self.get_context_data(form=form.with_version(exc.current_version), conflict=exc)
            )
        except ServiceError as exc:
            messages.error(self.request, exc.message)
            return redirect(self.project.get_absolute_url())
        messages.success(
            self.request,
            _("ลบรายงานครั้งที่ %(number)s วันที่ %(date)s แล้ว") % {"number": number, "date": thai.format_date(day)},
        )
        return redirect(self.project.get_absolute_url())


class BlankReportFormView(PermissionRequiredMixin, TemplateView):
    """The monthly report form on paper, for agencies that fill it in by hand first: the same fields, hints
    and choices as the web form (drawn from `ReportForm`), with empty boxes."""

    template_name = "projects/forms/report_blank.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=ReportForm(), **kwargs)
