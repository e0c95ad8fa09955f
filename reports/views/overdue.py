"""Projects whose monthly report is overdue, for the planning office to chase."""

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin

from projects.spreadsheets import SpreadsheetExportMixin
from projects.thai import format_month_year

from .. import selectors
from ..tables import OverdueTable
from . import common


class OverdueView(common.PlannerRequiredMixin, SpreadsheetExportMixin, SingleTableMixin, TemplateView):
    template_name = "reports/overdue.html"
    table_class = OverdueTable
    export_trigger_param = "export"

    def get_export_day(self):
        return common.local_today()

    export_name = "overdue"
    export_sheet = _("ค้างส่งรายงาน")
    table_pagination = False

    def get_table_data(self):
        self.today = common.local_today()
        self.projects = selectors.overdue_projects(user=self.request.user, today=self.today)
        return self.projects

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = selectors.overdue_month(self.today, settings.REPORT_DUE_DAY)
        by_agency = (
            self.projects.order_by()
            .values("agency__path", "agency__code", "agency__name")
            .annotate(n=Count("pk"))
            .order_by("agency__path")
        )
        context.update(
            today=self.today,
            checked_month=format_month_year(year, month),
            due_day=settings.REPORT_DUE_DAY,
            by_agency=by_agency,
        )
        return context
