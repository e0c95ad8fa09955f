"""Plan steps, indicators (KPIs) and the project's status and own fields, for agency staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from projects import thai
from projects.closing import closed_quarters
from projects.forms.common import ConfirmForm
from projects.forms.lock_exception import LockExceptionForm
from projects.forms.plan import KpiForm, PlanForm, StepFormSet, moved, rows_from_post
from projects.forms.status import ProjectForm, StatusForm
from projects.links import project_url
from projects.progress import weights_total
from projects.services.errors import AlreadySubmitted, EditConflict
from projects.services.lock_exceptions import grant_lock_exception
from projects.services.plan import delete_kpi, save_kpi, save_plan
from projects.services.status import change_status, update_project
from projects.templatetags.thai import be_datetime

from .editing import ProjectEditMixin, add_service_errors

SAVED_ALREADY = _("บันทึกข้อมูลจากแบบฟอร์มนี้ไว้แล้ว (ไม่ได้บันทึกซ้ำ)")


class ProjectFormView(ProjectEditMixin, FormView):
    """A form on the project record: carries the project's version; refusals and conflicts shown in place."""

    success_message = _("บันทึกแล้ว")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["version"] = self.project.version
        return kwargs

    def get_success_url(self):
        return self.project.get_absolute_url()

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form)
        except AlreadySubmitted:
            messages.info(self.request, SAVED_ALREADY)
            return redirect(self.get_success_url())
        except EditConflict as exc:
            return self.render_to_response(
                self.get_context_data(form=form.with_version(exc.current_version), conflict=exc)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


# --- plan steps -------------------------------------------------------------------------------------------
def typed_total(rows: list[dict]) -> object:
    """The total of the weights as typed in rows not ticked for deletion; what does not read counts as 0."""
    weights = []
    for row in rows:
        if row.get("DELETE") or row.get("weight") in (None, ""):
            continue
        try:
            weights.append(thai.parse_decimal(str(row["weight"])))
        except thai.ThaiInputError:
            continue
    return weights_total(weights)


class PlanEditView(ProjectEditMixin, TemplateView):
    """All steps on one page: add, edit, delete, move up/down (plain buttons, no script needed), save once."""

    permission_required = "projects.change_plan"
    template_name = "projects/forms/plan_form.html"
    prefix = "steps"

    def initial_rows(self):
        return [
            {
                "id": s.pk,
                "description": s.description,
                "weight": s.weight,
                "start_date": s.start_date,
                "end_date": s.end_date,
            }
            for s in self.project.steps.order_by("number")
        ]

    def render_rows(self, rows, form, **context):
        formset = StepFormSet(initial=rows, prefix=self.prefix)
        return self.render(formset, form, **context)

    def render(self, formset, form, **context):
        rows = rows_from_post(formset.data, self.prefix) if formset.is_bound else (formset.initial or [])
        return self.render_to_response(
            self.get_context_data(formset=formset, form=form, weights_total=typed_total(rows), **context)
        )

    def get(self, request, *args, **kwargs):
        return self.render_rows(self.initial_rows(), PlanForm(version=self.project.version))

    def post(self, request, *args, **kwargs):
        form = PlanForm(request.POST, version=self.project.version)
        rows = rows_from_post(request.POST, self.prefix)
        if "move" in request.POST:
            return self.render_rows(moved(rows, request.POST["move"]), form)
        if "add" in request.POST:
            return self.render_rows([*rows, {}], form)
        formset = StepFormSet(
            request.POST, prefix=self.prefix, stored_ids=self.project.steps.values_list("pk", flat=True)
        )
        if not (form.is_valid() and formset.is_valid()):
            return self.render(formset, form)
        try:
            save_plan(
                user=request.user,
                project=self.project,
                version=form.cleaned_data["version"] or 0,
                steps=formset.to_inputs(),
                token=form.cleaned_data["token"],
            )
        except AlreadySubmitted:
            messages.info(request, SAVED_ALREADY)
            return redirect(self.project.get_absolute_url())
        except EditConflict as exc:
            return self.render(formset, form.with_version(exc.current_version), conflict=exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(formset, form)
        messages.success(request, _("บันทึกแผน/ขั้นตอนการดำเนินงานแล้ว"))
        return redirect(self.project.get_absolute_url())


# --- indicators -------------------------------------------------------------------------------------------
class KpiListView(ProjectEditMixin, TemplateView):
    permission_required = "projects.change_kpi"
    template_name = "projects/forms/kpi_list.html"

    def get_context_data(self, **kwargs):
        kpis = list(self.project.kpis.prefetch_related("quarters"))
        items = [
            {
                "kpi": kpi,
                "edit": project_url("kpi-edit", self.project, kpi_id=kpi.pk),
                "delete": project_url("kpi-delete", self.project, kpi_id=kpi.pk),
                "may_delete": self.request.user.has_perm("projects.delete_kpi", kpi),
            }
            for kpi in kpis
        ]
        return super().get_context_data(
            items=items, add_url=project_url("kpi-create", self.project), **kwargs
        )


class KpiMixin:
    permission_required = "projects.change_kpi"
    kpi = None

    def load_kpi(self):
        if "kpi_id" in self.kwargs:
            self.kpi = get_object_or_404(self.project.kpis, pk=self.kwargs["kpi_id"])

    def get(self, request, *args, **kwargs):
        self.load_kpi()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load_kpi()
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        return project_url("kpi-list", self.project)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kpi=self.kpi, list_url=project_url("kpi-list", self.project), **kwargs
        )


class KpiFormView(KpiMixin, ProjectFormView):
    template_name = "projects/forms/kpi_form.html"
    form_class = KpiForm
    success_message = _("บันทึกตัวชี้วัดแล้ว")

    def get_initial(self):
        return KpiForm.initial_from(self.kpi) if self.kpi else {}

    def save(self, form):
        save_kpi(
            user=self.request.user,
            project=self.project,
            version=form.cleaned_data["version"] or 0,
            data=form.to_input(),
            quarters=form.quarter_inputs(),
            kpi=self.kpi,
            token=form.cleaned_data["token"],
        )


class KpiDeleteView(KpiMixin, ProjectFormView):
    template_name = "projects/forms/kpi_confirm_delete.html"
    form_class = ConfirmForm
    success_message = _("ลบตัวชี้วัดแล้ว")

    def get_context_data(self, **kwargs):
        # Said before the button is pressed: an indicator the planning office has scored stays.
        return super().get_context_data(
            may_delete=self.request.user.has_perm("projects.delete_kpi", self.kpi), **kwargs
        )

    def save(self, form):
        delete_kpi(
            user=self.request.user,
            project=self.project,
            version=form.cleaned_data["version"] or 0,
            kpi=self.kpi,
            token=form.cleaned_data["token"],
        )


# --- status and project fields ----------------------------------------------------------------------------
class StatusView(ProjectFormView):
    template_name = "projects/forms/status_form.html"
    form_class = StatusForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}

    def save(self, form):
        project = change_status(
            user=self.request.user,
            project=self.project,
            version=form.cleaned_data["version"] or 0,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            budget_returned=form.cleaned_data["budget_returned"],
            token=form.cleaned_data["token"],
        )
        self.success_message = _("เปลี่ยนสถานะโครงการเป็น “%(status)s” แล้ว") % {
            "status": project.get_status_display()
        }


class ProjectEditView(ProjectFormView):
    template_name = "projects/forms/project_form.html"
    form_class = ProjectForm
    success_message = _("บันทึกข้อมูลโครงการแล้ว")

    def get_initial(self):
        return ProjectForm.initial_from(self.project)

    def save(self, form):
        update_project(
            user=self.request.user,
            project=self.project,
            version=form.cleaned_data["version"] or 0,
            data=form.to_input(),
            token=form.cleaned_data["token"],
        )


class LockExceptionView(ProjectEditMixin, FormView):
    """The planning office opens one closed quarter of this project to its staff, with a reason and an expiry."""

    permission_required = "projects.grant_lock_exception"
    permission_denied_message = _("เฉพาะสำนักยุทธศาสตร์และประเมินผลเท่านั้นที่เปิดแก้ไขเฉพาะโครงการได้")
    template_name = "projects/forms/lock_exception_form.html"
    form_class = LockExceptionForm

    def get_form_kwargs(self):
        year = self.project.fiscal_year
        return super().get_form_kwargs() | {"closed": [q for y, q in closed_quarters() if y == year]}

    def get_context_data(self, **kwargs):
        kwargs["exceptions"] = list(
            self.project.lock_exceptions.select_related("granted_by").order_by("-granted_at", "-pk")
        )
        kwargs["now"] = timezone.now()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            exception = grant_lock_exception(
                project=self.project,
                quarter=form.cleaned_data["quarter"],
                reason=form.cleaned_data["reason"],
                expires_at=form.expires_at(),
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("เปิดไตรมาสที่ %(quarter)s ให้หน่วยงานแก้ไขโครงการนี้ได้ถึง %(until)s แล้ว")
            % {"quarter": exception.quarter, "until": be_datetime(exception.expires_at)},
        )
        return redirect(self.project.get_absolute_url())
