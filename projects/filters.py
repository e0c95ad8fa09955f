"""The project list's filters: fiscal year, agency (with its sub-agencies), status, plan status and a search."""

import re

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import thai
from .choices import PlanStatus, ProjectStatus
from .fiscal import fiscal_year_of
from .importers.text import split_name_tag
from .models import Agency, ProgressReport, Project
from .roles import visible_agencies, visible_projects
from .thai import normalize_line

INDENT = "\u00a0\u00a0"  # no-break spaces: a select keeps them


class Select(forms.Select):
    """Django's select with its options drawn in one pass (`options_html`) rather than one template include,
    or one template loop step, per option: the same HTML, for an agency list of a hundred-odd options.

    Django's forms renderer finds widget templates in the apps' `templates` folders, not in the project's."""

    template_name = "projects/widgets/select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = options_html(context["widget"]["optgroups"])
        return context


def options_html(optgroups) -> str:
    """The `<option>`s (in their `<optgroup>`s) of a select's `optgroups`, escaped as a template would."""
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        parts.extend(
            format_html(
                '\n  <option value="{}"{}>{}</option>\n',
                str(option["value"]),
                " selected" if option["attrs"].get("selected") else "",
                option["label"],
            )
            for option in group_choices
        )
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))


class AgencyChoices(django_filters.fields.ModelChoiceIterator):
    """The agencies of a select, read with one plain query.

    Django reads a choice field's rows through `QuerySet.iterator()`, which on PostgreSQL is a server-side
    cursor: three round trips (declare, fetch, close) for the hundred-odd agencies that one query returns.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for agency in self.queryset:
            yield self.choice(agency)


class AgencyChoiceField(django_filters.fields.ModelChoiceField):
    """Shows the tree by indenting each agency under its parent."""

    iterator = AgencyChoices
    widget = Select
    default_error_messages = {
        # An address typed or kept from before (an agency merged away): said plainly, not Django's wording.
        "invalid_choice": _("ไม่พบหน่วยงานที่เลือก กรุณาเลือกหน่วยงานจากรายการ"),
    }

    def label_from_instance(self, agency):
        return f"{INDENT * (agency.depth - 1)}{agency}"


class AgencyFilter(django_filters.ModelChoiceFilter):
    field_class = AgencyChoiceField


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


class ProjectFilterSet(django_filters.FilterSet):
    """Filters beside the project list. Without a fiscal year in the query, the current one applies."""

    q = django_filters.CharFilter(
        label=_("ค้นหา"),
        method="search",
        help_text=_("รหัสหรือชื่อโครงการ เช่น 01000000-2456"),
        widget=forms.SearchInput,
    )
    fiscal_year = django_filters.ChoiceFilter(label=_("ปีงบประมาณ"), empty_label=_("ทุกปี"))
    agency = AgencyFilter(
        label=_("หน่วยงาน"), queryset=Agency.objects.none(), method="under_agency", empty_label=_("ทุกหน่วยงาน")
    )
    status = django_filters.ChoiceFilter(
        label=_("สถานะโครงการ"), choices=ProjectStatus.choices, empty_label=_("ทุกสถานะ")
    )
    plan_status = django_filters.ChoiceFilter(
        label=_("สถานะตามแผน (รายงานล่าสุด)"),
        choices=PlanStatus.choices,
        field_name="latest_plan_status",
        empty_label=_("ทุกสถานะ"),
    )

    class Meta:
        model = Project
        fields = ["q", "fiscal_year", "agency", "status", "plan_status"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        data = data.copy() if data is not None else {}
        if "fiscal_year" not in data:
            data["fiscal_year"] = str(current_fiscal_year())
        super().__init__(data, *args, request=request, **kwargs)
        user = request.user if request is not None else AnonymousUser()
        self.filters["agency"].queryset = visible_agencies(user).order_by("path")
        self.filters["fiscal_year"].extra["choices"] = [(year, str(year)) for year in self._years(user)]

    @staticmethod
    def _years(user) -> list[int]:
        """The fiscal years from the first to the last the user has projects in, newest first, and always the
        current one. Two index look-ups (first and last year) instead of a scan of every project."""
        bounds = visible_projects(user, Project.objects.order_by()).aggregate(
            first=Min("fiscal_year"), last=Max("fiscal_year")
        )
        years = {current_fiscal_year()}
        if bounds["first"] is not None:
            years.update(range(bounds["first"], bounds["last"] + 1))
        return sorted(years, reverse=True)

    def search(self, queryset, name, value):
        """By code, Thai name or the tag before the name (`อ.2/2`, in either digits), or the tag and the name's
        start as the old system wrote them (`อ.2/2 โครงการ…`); the query is normalised the way stored names
        are (sara am, spaces)."""
        query = normalize_line(value)
        if not query:
            return queryset
        wanted = (
            Q(code__icontains=query)
            | Q(name__icontains=query)
            | Q(name_tag__icontains=thai.thai_to_arabic_digits(query))
        )
        tag, rest = split_name_tag(query)
        if tag:
            wanted |= Q(name_tag=tag, name__istartswith=rest)
        return queryset.filter(wanted)

    def other_years(self, queryset) -> list[tuple[int, int]]:
        """(fiscal year, count) of the projects of `queryset` that the same filters find in the other years:
        said when a search finds nothing in the chosen year, so a project is never hidden without a word."""
        year = self.form.cleaned_data.get("fiscal_year") if self.is_valid() else None
        if not year or not self.form.cleaned_data.get("q"):
            return []
        data = self.data.copy()
        data["fiscal_year"] = ""
        everywhere = type(self)(data, queryset=queryset, request=self.request)
        return list(
            everywhere.qs.exclude(fiscal_year=year)
            .order_by()
            .values_list("fiscal_year")
            .annotate(n=Count("pk"))
            .order_by("-fiscal_year")
        )

    def under_agency(self, queryset, name, agency):
        return queryset.filter(agency__path__startswith=agency.path)


# A month as the approvals filter names it: `2026-11`.
MONTH_VALUE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})", re.ASCII)


class ApprovalFilterSet(django_filters.FilterSet):
    """Beside the head's list of reports waiting for approval: an agency (with those below it) and a month,
    so that a whole month of one agency is one selection."""

    agency = AgencyFilter(
        label=_("หน่วยงาน"), queryset=Agency.objects.none(), method="under_agency", empty_label=_("ทุกหน่วยงาน")
    )
    month = django_filters.ChoiceFilter(label=_("เดือนที่รายงาน"), method="in_month", empty_label=_("ทุกเดือน"))

    class Meta:
        model = ProgressReport
        fields = ["agency", "month"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = request.user if request is not None else AnonymousUser()
        self.filters["agency"].queryset = visible_agencies(user).order_by("path")
        months = {(day.year, day.month) for day in self.queryset.order_by().dates("report_date", "month")}
        # The month chosen stays a choice once nothing of it waits any more (all of it just approved): the list
        # then says none waits in that month, rather than that the month cannot be chosen.
        chosen = MONTH_VALUE.fullmatch((data or {}).get("month") or "")
        if chosen and 1 <= int(chosen["month"]) <= 12:
            months.add((int(chosen["year"]), int(chosen["month"])))
        self.filters["month"].extra["choices"] = [
            (f"{year:04d}-{month:02d}", thai.format_month_year(year, month))
            for year, month in sorted(months, reverse=True)
        ]

    def under_agency(self, queryset, name, agency):
        return queryset.filter(project__agency__path__startswith=agency.path)

    def in_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(report_date__year=year, report_date__month=month)
