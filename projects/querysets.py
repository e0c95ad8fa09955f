"""Chainable, reusable filters and annotations for projects."""

from django.db import models
from django.db.models import OuterRef, Subquery

from .paging import KeyPagedQuerySet


class ProjectQuerySet(models.QuerySet):
    def with_figures(self):
        """Annotate budget used (sum of disbursements), latest cumulative progress and last report date.

        Each is a subquery, so the figures cost no extra query per project and do not multiply rows.
        """
        from .models import ProgressReport
        from .planned_sql import used_total

        latest = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-number")
        return self.annotate(
            budget_used=used_total(ProgressReport.objects.filter(project=OuterRef("pk"))),
            latest_progress=Subquery(latest.values("progress")[:1]),
            last_report_date=Subquery(latest.values("report_date")[:1]),
            latest_plan_status=Subquery(latest.values("plan_status")[:1]),
        )

    def in_fiscal_year(self, fiscal_year: int):
        return self.filter(fiscal_year=fiscal_year)

    def under_agency(self, agency):
        """Projects of this agency and of every agency below it."""
        return self.filter(agency__path__startswith=agency.path)


class PagedProjectQuerySet(KeyPagedQuerySet, ProjectQuerySet):
    """Projects for a list shown a page at a time (`Project.paged`): the same filters, paged by keys."""
