"""What the evaluation views share: who may enter, which quarter is asked for, what day it is."""

from datetime import date

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.fiscal import quarter_bounds
from projects.roles import has_any_role, is_planner


def local_today() -> date:
    """Today in Bangkok. Tests replace it to look at the pages on a chosen day."""
    return timezone.localdate()


def require_quarter(fiscal_year: int, quarter: int) -> None:
    """404 for a quarter outside the calendar (`/evaluation/0/q1/`, `/evaluation/99999/q1/`, `q5`)."""
    if quarter not in (1, 2, 3, 4) or not 2400 <= fiscal_year <= 2800:
        raise Http404(_("ไม่มีไตรมาสนี้"))


class PlannerRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Planning office and administrators; anyone else signed in gets 403, anonymous users the sign-in page."""

    def test_func(self):
        return is_planner(self.request.user)


class AnyRoleRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Anyone with a role in the system (staff, planning office, administrator)."""

    def test_func(self):
        return has_any_role(self.request.user)


class QuarterMixin:
    """Reads `fiscal_year` and `quarter` from the URL; anything outside the calendar is 404."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.fiscal_year = kwargs["fiscal_year"]
        self.quarter = kwargs["quarter"]
        require_quarter(self.fiscal_year, self.quarter)
        self.quarter_start, self.quarter_end = quarter_bounds(self.fiscal_year, self.quarter)

    def quarter_url(self, name: str = "reports:quarter") -> str:
        return reverse(name, kwargs={"fiscal_year": self.fiscal_year, "quarter": self.quarter})

    def neighbour_quarters(self) -> dict[str, tuple[int, int]]:
        previous = (self.fiscal_year, self.quarter - 1) if self.quarter > 1 else (self.fiscal_year - 1, 4)
        following = (self.fiscal_year, self.quarter + 1) if self.quarter < 4 else (self.fiscal_year + 1, 1)
        return {"previous": previous, "following": following}

    def get_context_data(self, **kwargs):
        kwargs.update(
            fiscal_year=self.fiscal_year,
            quarter=self.quarter,
            quarter_start=self.quarter_start,
            quarter_end=self.quarter_end,
            **self.neighbour_quarters(),
        )
        return super().get_context_data(**kwargs)
