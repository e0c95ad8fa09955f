"""factory_boy factories for the domain model: realistic Thai values, valid by default."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from projects.choices import PlanStatus, ProjectStatus, TargetStatus
from projects.models import (
    Agency,
    AgencyMembership,
    Evaluation,
    Kpi,
    KpiQuarterResult,
    PlanStep,
    ProgressReport,
    Project,
    QuarterLockException,
    StrategyNode,
)
from projects.roles import AGENCY_HEAD, AGENCY_STAFF, PLANNING_OFFICE, ensure_groups

# Every user the factory makes signs in with this password.
PASSWORD = "correct-horse-battery"


class TreeNodeFactory(factory.django.DjangoModelFactory):
    """Creates treebeard nodes through `add_root` / `add_child`, the only way that keeps paths right."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(kwargs)
        return model_class.objects.add_child(parent, kwargs)


class AgencyFactory(TreeNodeFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"{90000000 + n * 10000:08d}")
    name = factory.Sequence(lambda n: f"สำนักงานเขตทดสอบ {n}")
    parent = None


class StrategyNodeFactory(TreeNodeFactory):
    class Meta:
        model = StrategyNode

    name = factory.Sequence(lambda n: f"ด้านที่ {n} – ยุทธศาสตร์ทดสอบ")
    level = 1
    parent = None


def _in_group(name: str) -> factory.PostGeneration:
    """After saving, put the user in the role's group (a name from `projects.roles`)."""

    def add(obj, create, extracted, **kwargs):
        if create:
            ensure_groups()
            obj.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(add)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        # One trait per role: `UserFactory(staff=True, agency=agency)`, `UserFactory(planner=True)`.
        staff = factory.Trait(role=_in_group(AGENCY_STAFF))
        head = factory.Trait(role=_in_group(AGENCY_HEAD))
        planner = factory.Trait(role=_in_group(PLANNING_OFFICE))
        admin = factory.Trait(is_superuser=True, is_staff=True)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "สมชาย"
    last_name = "ใจดี"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def agency(obj, create, extracted, **kwargs):
        """`agency=` one agency or several: the user becomes a member of each."""
        if not (create and extracted):
            return
        for agency in extracted if isinstance(extracted, list | tuple) else [extracted]:
            AgencyMembership.objects.create(user=obj, agency=agency)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"09000000-{n:04d}")
    name = factory.Sequence(lambda n: f"โครงการพัฒนาคุณภาพชีวิตชุมชน {n}")
    fiscal_year = 2566
    agency = factory.SubFactory(AgencyFactory)
    responsible = "นางสาวสมศรี ตั้งใจ"
    phone = "02 123 4567"
    coordinator = "นางวิมลพรรณ พิมสาร"
    start_date = date(2022, 10, 1)
    end_date = date(2023, 9, 30)
    budget_received = Decimal("1643800.00")
    rationale = "เพื่อพัฒนาคุณภาพชีวิตของประชาชนในพื้นที่"
    objectives = "1. เพื่อส่งเสริมการมีส่วนร่วมของชุมชน"
    targets = "ประชาชนในพื้นที่ 500 คน"
    status = ProjectStatus.ACTIVE


class PlanStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanStep

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    description = "ขออนุมัติโครงการ"
    weight = Decimal("100.00")
    start_date = date(2022, 10, 1)
    end_date = date(2023, 9, 30)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    report_date = date(2022, 10, 25)
    progress = Decimal("10.00")
    text = "อยู่ระหว่างจัดทำแผนปฏิบัติการ"
    problems = ""
    obstacles = ""
    disbursed = Decimal("0.00")
    plan_status = PlanStatus.ON_PLAN
    target_status = TargetStatus.MET


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"0100-{n:04d}")
    name = "ร้อยละของโครงการที่ดำเนินการสำเร็จตามเป้าหมาย"
    unit = "percent"
    target = Decimal("100.0000")
    achieved = Decimal("100.0000")
    kind = "routine"
    level = "output"


class KpiQuarterResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiQuarterResult

    kpi = factory.SubFactory(KpiFactory)
    quarter = 1
    result = Decimal("21.00")
    score_1 = Decimal("100")
    score_2 = Decimal("100")


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    project = factory.SubFactory(ProjectFactory)
    quarter = 1
    score = Decimal("100.0000")
    comment = ""


class QuarterLockExceptionFactory(factory.django.DjangoModelFactory):
    """A closed quarter opened to one project's staff, in force for two more hours unless told otherwise."""

    class Meta:
        model = QuarterLockException

    project = factory.SubFactory(ProjectFactory)
    fiscal_year = factory.SelfAttribute("project.fiscal_year")
    quarter = 1
    reason = "แก้ยอดเบิกจ่าย"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2))
