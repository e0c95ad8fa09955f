"""Agency staff read the planning office's evaluations of their own projects."""

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from projects.paging import BoundedPagesMixin
from projects.roles import is_planner

from .. import selectors
from ..filters import EvaluationFilterSet
from ..tables import EvaluationTable
from . import common


class MyEvaluationsView(common.AnyRoleRequiredMixin, BoundedPagesMixin, SingleTableMixin, FilterView):
    template_name = "reports/mine.html"
    table_class = EvaluationTable
    filterset_class = EvaluationFilterSet

    def get_queryset(self):
        return selectors.my_evaluations(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(show_planner_links=is_planner(self.request.user), **kwargs)
