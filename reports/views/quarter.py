"""The quarter page: every project of the fiscal year against its plan, scoring, closing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import View
from django.views.generic import FormView, RedirectView, TemplateView
from django_tables2 import SingleTableMixin

from projects.fiscal import current_fiscal_quarter
from projects.models import Kpi, KpiQuarterResult, Project
from projects.paging import BoundedPaginator
from projects.roles import visible_projects
from projects.snapshots import is_frozen_queryset, version_totals
from projects.spreadsheets import SpreadsheetExportMixin
from projects.views.access import PermissionRequiredMixin
from projects.views.flash import flash_form_errors

from .. import selectors, services
from ..forms import BulkScoreForm, CloseQuarterForm, ProjectScoreForm, ReopenQuarterForm
from ..tables import QuarterRows, QuarterTable
from . import common


class CountedPaginator(BoundedPaginator):
    """A paginator told its row count instead of asking the database."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = count


class CurrentQuarterView(PermissionRequiredMixin, RedirectView):
    """`/evaluation/` opens the current quarter; agency staff go to their own projects' evaluations."""

    def get_redirect_url(self, *args, **kwargs):
        if not self.request.user.has_perm("reports.view_quarter"):
            return reverse("reports:mine")
        fiscal_year, quarter = current_fiscal_quarter(common.local_today())
        return reverse("reports:quarter", kwargs={"fiscal_year": fiscal_year, "quarter": quarter})


class QuarterView(
    common.PlannerRequiredMixin, common.QuarterMixin, SpreadsheetExportMixin, SingleTableMixin, TemplateView
):
    template_name = "reports/quarter.html"
    table_class = QuarterTable
    export_trigger_param = "export"

    def get_export_day(self):
        return common.local_today()

    def get_export_name(self):
        return f"evaluation-{self.fiscal_year}-q{self.quarter}"

    @property
    def export_sheet(self):
        return gettext("ไตรมาส %(quarter)s ปี %(year)s") % {"quarter": self.quarter, "year": self.fiscal_year}

    @cached_property
    def filtered(self):
        """(filterset, rows): a lazy queryset of rows; the table orders and pages it in SQL, an export iterates
        all of it."""
        return selectors.quarter_list(
            user=self.request.user,
            fiscal_year=self.fiscal_year,
            quarter=self.quarter,
            filters=self.request.GET or None,
            today=common.local_today(),
        )

    @property
    def filterset(self):
        return self.filtered[0]

    def get_table_data(self):
        return QuarterRows(self.filtered[1])

    @cached_property
    def summary(self) -> dict[str, int]:
        rows = self.filtered[1]
        # A closed quarter seen whole: its totals were recorded with its snapshot, not counted again.
        whole = self.request.user.has_perm("projects.view_all_projects") and not any(
            self.request.GET.get(name) for name in self.filterset.form.fields
        )
        if whole and is_frozen_queryset(rows) and self.snapshot_versions:
            return version_totals(self.snapshot_versions[0])  # the newest
        return selectors.quarter_summary(rows)

    @cached_property
    def snapshot_versions(self):
        return selectors.snapshot_versions(fiscal_year=self.fiscal_year, quarter=self.quarter)

    def get_table_pagination(self, table):
        # The row count is in the summary already: counting the filtered rows again would compute every
        # project's figures a second time.
        paginate = super().get_table_pagination(table)
        if paginate is False:
            return paginate
        options = paginate if isinstance(paginate, dict) else {}
        return {**options, "paginator_class": CountedPaginator, "count": self.summary["row_count"]}

    def get_table_kwargs(self):
        exporting = self.export_class.is_valid_format(self.request.GET.get(self.export_trigger_param))
        return {
            "fiscal_year": self.fiscal_year,
            "quarter": self.quarter,
            "can_score": not self.is_closed and self.request.user.has_perm("reports.evaluate_project"),
            "frozen": is_frozen_queryset(self.filtered[1]),
            # The page's rows leave out the columns only the export shows: each cell looks its column up by
            # name among the table's columns.
            "exclude": () if exporting else QuarterTable.export_only(),
        }

    @cached_property
    def closure_and_history(self):
        return selectors.quarter_closure(fiscal_year=self.fiscal_year, quarter=self.quarter)

    @property
    def is_closed(self) -> bool:
        closure, _ = self.closure_and_history
        return bool(closure and closure.closed)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        closure, closure_history = self.closure_and_history
        active_filters = sum(1 for name in self.filterset.form.fields if self.request.GET.get(name))
        context.update(
            filter=self.filterset,
            closure=closure,
            closure_history=closure_history,
            is_closed=self.is_closed,
            **self.summary,
            active_filters=active_filters,
            # Folded until used, so the projects come first; open while filters are in use.
            filter_open=bool(active_filters),
            bulk_form=BulkScoreForm(projects=Project.objects.none()),
            close_form=CloseQuarterForm(auto_id="close-%s"),
            reopen_form=ReopenQuarterForm(auto_id="reopen-%s"),
            quarter_ended=services.quarter_has_ended(self.fiscal_year, self.quarter, common.local_today()),
            snapshot_versions=self.snapshot_versions,
            lock_exceptions=selectors.lock_exceptions(fiscal_year=self.fiscal_year, quarter=self.quarter),
            # Beside the closing form only: who may close sees every project.
            report_states=selectors.quarter_report_states(fiscal_year=self.fiscal_year, quarter=self.quarter)
            if not self.is_closed and self.request.user.has_perm("reports.close_quarter")
            else None,
            query_string=self.request.GET.urlencode(),
        )
        return context


def _back(request, fallback: str) -> str:
    """Where the user came from (`next`, posted or in the address), if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return fallback


class BulkScoreView(common.PlannerRequiredMixin, common.QuarterMixin, View):
    """One score and comment applied to the rows ticked in the quarter table, all or nothing."""

    permission_required = "reports.evaluate_project"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        projects = visible_projects(request.user, Project.objects.filter(fiscal_year=self.fiscal_year))
        form = BulkScoreForm(request.POST, projects=projects)
        back = _back(request, self.quarter_url())
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect(back)
        try:
            saved = services.score_projects(
                projects=form.cleaned_data["select"],
                fiscal_year=self.fiscal_year,
                quarter=self.quarter,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                user=request.user,
                replace=form.cleaned_data["replace"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(back)
        skipped = len(form.cleaned_data["select"]) - len(saved)
        text = gettext("บันทึกผลประเมิน %(count)s โครงการแล้ว") % {"count": len(saved)}
        if skipped:
            text += " · " + gettext(
                "ข้าม %(count)s โครงการที่มีคะแนนอยู่แล้ว (เลือก “แทนที่คะแนนที่บันทึกไว้แล้ว” เพื่อแทนที่)"
            ) % {"count": skipped}
        messages.success(request, text)
        return redirect(back)


class ProjectScoreView(common.PlannerRequiredMixin, common.QuarterMixin, FormView):
    """One project's score and comment for the quarter, with its indicators' scores 2.1 / 2.2."""

    template_name = "reports/score_project.html"
    form_class = ProjectScoreForm
    permission_required = "reports.evaluate_project"

    # Looked up lazily, so only after the permission check has let the user in.
    @cached_property
    def project(self) -> Project:
        projects = visible_projects(self.request.user, Project.objects.filter(fiscal_year=self.fiscal_year))
        return get_object_or_404(projects.select_related("agency"), pk=self.kwargs["pk"])

    @cached_property
    def closure(self):
        closure, _ = selectors.quarter_closure(fiscal_year=self.fiscal_year, quarter=self.quarter)
        return closure

    @property
    def is_closed(self) -> bool:
        return bool(self.closure and self.closure.closed)

    @cached_property
    def evaluation(self):
        return self.project.evaluations.filter(quarter=self.quarter).first()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.kpis = list(Kpi.objects.filter(project=self.project))
        self.results = {
            r.kpi_id: r
            for r in KpiQuarterResult.objects.filter(kpi__project=self.project, quarter=self.quarter)
        }
        if self.evaluation is not None:
            kwargs["initial"] = {"score": self.evaluation.score, "comment": self.evaluation.comment}
        # The indicators' scores 2.1 / 2.2 are offered only to those who may give them.
        may_score_kpis = self.request.user.has_perm("reports.score_kpi")
        kwargs.update(kpis=self.kpis if may_score_kpis else [], results=self.results)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = selectors.quarter_projects(
            user=self.request.user, fiscal_year=self.fiscal_year, quarter=self.quarter
        ).filter(pk=self.project.pk)
        rows = selectors.quarter_rows(
            projects, fiscal_year=self.fiscal_year, quarter=self.quarter, today=common.local_today()
        )
        history = []
        if self.evaluation is not None:
            history = list(
                self.evaluation.history.select_related("history_user").order_by(
                    "-history_date", "-history_id"
                )
            )
        context.update(
            project=self.project,
            row=rows[0] if rows else None,
            is_closed=self.is_closed,
            closure=self.closure,
            kpi_results=[(kpi, self.results.get(kpi.pk)) for kpi in self.kpis],
            history=history,
            quarter_url=self.quarter_url(),
            back_url=_back(self.request, self.quarter_url()),
        )
        return context

    def form_valid(self, form):
        try:
            services.score_project(
                project=self.project,
                quarter=self.quarter,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                kpi_scores=form.kpi_scores(),
                user=self.request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("บันทึกผลประเมินโครงการ %(project)s แล้ว")
            % {"project": self.project.code or self.project.name},
        )
        # Back to the list as it was left: filtered, sorted and paged.
        return redirect(_back(self.request, self.quarter_url()))


class CloseQuarterView(common.PlannerRequiredMixin, common.QuarterMixin, View):
    """Close (or reopen) the quarter. Closing before the quarter has ended needs the confirmation box ticked;
    reopening needs a reason and a confirmation. Refusals come back as messages; nothing changes."""

    permission_required = "reports.close_quarter"
    http_method_names = ["post"]
    close = True

    def post(self, request, *args, **kwargs):
        form = (CloseQuarterForm if self.close else ReopenQuarterForm)(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect(self.quarter_url())
        try:
            if self.close:
                services.close_quarter(
                    fiscal_year=self.fiscal_year,
                    quarter=self.quarter,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    early=form.cleaned_data["early"],
                    today=common.local_today(),
                )
            else:
                services.reopen_quarter(
                    fiscal_year=self.fiscal_year,
                    quarter=self.quarter,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            # Whole sentences, not a verb glued on: word order differs between the languages.
            text = (
                gettext("ปิดไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s แล้ว")
                if self.close
                else gettext("เปิดไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s แล้ว")
            )
            messages.success(request, text % {"quarter": self.quarter, "year": self.fiscal_year})
        return redirect(self.quarter_url())


class ReopenQuarterView(CloseQuarterView):
    close = False
