"""Roll-ups of a quarter by agency and by strategy, with their charts."""

from django.views.generic import TemplateView

from .. import charts, selectors
from ..tables import AgencyRollupTable, StrategyRollupTable
from . import common


class RollupView(common.PlannerRequiredMixin, common.QuarterMixin, TemplateView):
    template_name = "reports/rollups.html"

    def get_context_data(self, **kwargs):
        projects = selectors.quarter_projects(
            user=self.request.user, fiscal_year=self.fiscal_year, quarter=self.quarter
        )
        by_agency, by_strategy = selectors.rollups(projects)
        return super().get_context_data(
            agency_table=AgencyRollupTable(
                by_agency,
                fiscal_year=self.fiscal_year,
                quarter=self.quarter,
                codes=selectors.agency_codes(line.key for line in by_agency),
            ),
            strategy_table=StrategyRollupTable(by_strategy),
            project_count=sum(line.projects for line in by_agency),
            status_chart=charts.status_by_agency(by_agency),
            gap_chart=charts.gap_chart(selectors.gap_bins(projects)),
            **kwargs,
        )
