"""Chainable, reusable filters and annotations for projects."""

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery

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

    def owing_report(self, *, year: int, month: int, fiscal_year: int, started_by, running_on):
        """Projects that still owe the report of `month`: running (not cancelled or completed) projects of
        `fiscal_year`, started by `started_by` and not ended before `running_on`, with no report dated in that
        month. The one rule behind the landing page's projects due, the overdue list and the reminders; each
        passes the days its question is about."""
        from .choices import RUNNING_STATUSES
        from .models import ProgressReport

        reported = ProgressReport.objects.filter(
            project=OuterRef("pk"), report_date__year=year, report_date__month=month
        )
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=started_by),
            Q(end_date__isnull=True) | Q(end_date__gte=running_on),
            ~Exists(reported),
            fiscal_year=fiscal_year,
            status__in=RUNNING_STATUSES,
        )

    def under_agency(self, agency):
        """Projects of this agency and of every agency below it."""
        return self.filter(agency__path__startswith=agency.path)


class PagedProjectQuerySet(KeyPagedQuerySet, ProjectQuerySet):
    """Projects for a list shown a page at a time (`Project.paged`): the same filters, paged by keys."""
