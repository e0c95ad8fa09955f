"""The quarter table's filters.

All in SQL: status, mismatch and missing reports filter on the figures `selectors.quarter_projects` and
`selectors.with_missing_months` annotate (planned % from the plan steps included).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.choices import ApprovalState
from projects.filters import AgencyChoices, AgencyFilter, Select
from projects.forms.lock_exception import quarter_label
from projects.models import Agency, Evaluation, Project, StrategyNode
from projects.roles import visible_agencies

from . import figures


class StrategyChoiceField(django_filters.fields.ModelChoiceField):
    """The strategies, read with one plain query and drawn inline, as the agencies are (`projects.filters`)."""

    iterator = AgencyChoices
    widget = Select
    default_error_messages = {"invalid_choice": _("ไม่พบยุทธศาสตร์ที่เลือก กรุณาเลือกยุทธศาสตร์จากรายการ")}


class StrategyFilter(django_filters.ModelChoiceFilter):
    field_class = StrategyChoiceField


class QuarterFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("ค้นหา (รหัสหรือชื่อโครงการ)"))
    agency = AgencyFilter(
        queryset=Agency.objects.none(),
        method="under_agency",
        label=_("หน่วยงาน (รวมหน่วยงานในสังกัด)"),
        empty_label=_("ทุกหน่วยงาน"),
    )
    strategy = StrategyFilter(
        queryset=StrategyNode.objects.filter(depth=1).order_by("path"),
        method="under_strategy",
        label=_("ยุทธศาสตร์"),
        empty_label=_("ทุกยุทธศาสตร์"),
    )
    status = django_filters.ChoiceFilter(
        choices=[(c, figures.CATEGORY_LABELS[c]) for c in figures.CATEGORIES],
        method="in_category",
        label=_("สถานะตามแผน (คำนวณ)"),
        empty_label=_("ทุกสถานะ"),
        widget=Select,
    )
    mismatch = django_filters.BooleanFilter(
        method="with_mismatch", label=_("เฉพาะที่สถานะที่รายงานไม่ตรงกับที่คำนวณ"), widget=forms.CheckboxInput
    )
    missing = django_filters.BooleanFilter(
        method="with_missing", label=_("เฉพาะที่ขาดรายงานบางเดือน"), widget=forms.CheckboxInput
    )
    approval = django_filters.ChoiceFilter(
        choices=ApprovalState.choices,
        method="with_approval",
        label=_("มีรายงานในไตรมาสที่อยู่ในสถานะการอนุมัติ"),
        empty_label=_("ทุกสถานะการอนุมัติ"),
        widget=Select,
    )

    class Meta:
        model = Project
        fields = ["q", "agency", "strategy", "status", "mismatch", "missing", "approval"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Before the form is first built: it takes its choices from the filter.
        self.filters["agency"].queryset = visible_agencies(user).order_by("path")
        self.form.label_suffix = ""
        self.form.fields["agency"].label_from_instance = lambda a: "— " * (a.depth - 1) + str(a)

    def search(self, queryset, name, value):
        return queryset.filter(Q(q_code__icontains=value) | Q(q_name__icontains=value))

    def under_agency(self, queryset, name, value):
        return queryset.filter(q_agency_path__startswith=value.path)

    def under_strategy(self, queryset, name, value):
        return queryset.filter(q_strategy_path__startswith=value.path)

    def in_category(self, queryset, name, value):
        return queryset.filter(q_category=value)

    def with_mismatch(self, queryset, name, value):
        return queryset.filter(q_mismatch=True) if value else queryset

    def with_missing(self, queryset, name, value):
        return queryset.filter(q_missing_count__gt=0) if value else queryset

    def with_approval(self, queryset, name, value):
        # Counted by `selectors.with_approvals`; the filter only chooses rows, the figures count every report.
        return queryset.filter(**{f"q_reports_{value}__gt": 0})


class EvaluationFilterSet(django_filters.FilterSet):
    """Staff's list of their projects' evaluations."""

    fiscal_year = django_filters.NumberFilter(field_name="project__fiscal_year", label=_("ปีงบประมาณ (พ.ศ.)"))
    quarter = django_filters.ChoiceFilter(
        choices=[(q, quarter_label(q)) for q in (1, 2, 3, 4)], label=_("ไตรมาส"), empty_label=_("ทุกไตรมาส")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.label_suffix = ""

    class Meta:
        model = Evaluation
        fields = ["fiscal_year", "quarter"]
