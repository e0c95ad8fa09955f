"""The project progress page: what the legacy page showed, and the rest, at a fixed query cost."""

import json
import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.choices import PlanStatus, ProjectStatus, TargetStatus
from projects.models import ProgressReport, StrategyNode
from tests.factories import (
    EvaluationFactory,
    KpiFactory,
    KpiQuarterResultFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
    StrategyNodeFactory,
)

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def text_of(response) -> str:
    """The page's visible text with whitespace collapsed, for asserting what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def legacy_like(project_a, planner):
    """Project 01000000-2456 much as the legacy page shows it."""
    project = project_a
    project.budget_received = Decimal("9603371.83")
    project.responsible = "น.ส.ณริณทร์ธร โพธากุล"
    project.phone = "1136"
    project.targets = "ดำเนินการให้การต้อนรับคณะผู้แทน\nจำนวน 17 เมือง"
    project.save()
    PlanStepFactory(
        project=project,
        number=1,
        description="ขออนุมัติโครงการ",
        weight=Decimal("40"),
        start_date=date(2022, 10, 1),
        end_date=date(2022, 10, 31),
    )
    PlanStepFactory(
        project=project,
        number=2,
        description="ดำเนินกิจกรรม",
        weight=Decimal("60"),
        start_date=date(2022, 11, 1),
        end_date=date(2023, 9, 30),
    )
    ProgressReportFactory(
        project=project,
        number=1,
        report_date=date(2022, 10, 30),
        progress=Decimal("8.00"),
        text="เตรียมการ\nบรรทัดที่สอง",
        problems="",
        obstacles=None,
        disbursed=Decimal("1500.00"),
    )
    ProgressReportFactory(
        project=project,
        number=2,
        report_date=date(2022, 11, 19),
        progress=Decimal("16.00"),
        problems="งบประมาณล่าช้า",
        obstacles="",
        disbursed=Decimal("2500.25"),
        plan_status=PlanStatus.MONITOR,
        target_status=TargetStatus.NOT_MET,
    )
    kpi = KpiFactory(project=project, code="0100-0807", name="ร้อยละของโครงการที่เป็นงานประจำ")
    KpiQuarterResultFactory(
        kpi=kpi, quarter=1, result=Decimal("21.00"), score_1=Decimal("100"), score_2=Decimal("90")
    )
    KpiQuarterResultFactory(kpi=kpi, quarter=2, result=Decimal("42.00"))
    EvaluationFactory(
        project=project,
        quarter=1,
        score=Decimal("100.0000"),
        comment="ดำเนินการตามแผน",
        evaluated_by=planner,
        evaluated_at=datetime(2023, 1, 15, 10, 30, tzinfo=BANGKOK),
    )
    return project


def test_page_shows_the_project_as_the_legacy_page_did(client, staff_a, legacy_like):
    client.force_login(staff_a)
    response = client.get("/projects/2566/01000000-2456/")
    text = text_of(response)
    assert response.status_code == 200
    assert "โครงการสภาบ้านพี่เมืองน้องและขยายความสัมพันธ์กับสภาเมืองต่างประเทศ" in text
    assert "รหัสโครงการ 01000000-2456" in text
    assert "สำนักงานเลขานุการสภากรุงเทพมหานคร / ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง" in text
    assert "ปีงบประมาณ 2566" in text
    assert re.search(r'data-testid="progress">16.00<', response.content.decode())
    assert "น.ส.ณริณทร์ธร โพธากุล · โทร. 1136" in text
    assert "นางวิมลพรรณ พิมสาร" in text  # coordinator
    assert "ผลการประเมินโดย สยป. 100.00 ไตรมาสที่ 1" in text
    assert "ดำเนินการให้การต้อนรับคณะผู้แทน\nจำนวน 17 เมือง" in response.content.decode()  # line breaks kept
    assert "ดำเนินการ" in text  # status badge


def test_budget_figures(client, staff_a, legacy_like):
    client.force_login(staff_a)
    text = text_of(client.get("/projects/2566/01000000-2456/"))
    assert "งบประมาณที่ได้รับ 9,603,371.83 บาท" in text
    assert "งบประมาณที่ใช้ไป 4,000.25 บาท" in text
    assert "คงเหลือ 9,599,371.58 บาท" in text
    assert "ใช้ไปร้อยละ 0.04" in text
    assert "งบประมาณที่เบิกใช้ (ครั้งที่ 2) 2,500.25 บาท" in text
    assert "งบประมาณที่เบิกใช้ (ครั้งที่ 1) 1,500.00 บาท" in text


def test_reports_newest_first_with_be_dates_and_none_versus_unknown(client, staff_a, legacy_like):
    client.force_login(staff_a)
    response = client.get("/projects/2566/01000000-2456/")
    text = text_of(response)
    second = text.index("รายงานครั้งที่ 2 19/11/2565")
    first = text.index("รายงานครั้งที่ 1 30/10/2565")
    assert second < first
    report_2, report_1 = text[second:first], text[first:]
    assert "ปัญหา งบประมาณล่าช้า อุปสรรค ไม่มี" in report_2  # "" is none
    assert "ปัญหา ไม่มี อุปสรรค –" in report_1  # NULL is unknown
    assert "เป็นไปตามแผนแต่ควรติดตาม" in report_2 and "ไม่เป็นไปตามเป้าหมาย" in report_2
    assert "ความก้าวหน้า ร้อยละ 8.00" in report_1
    assert "เตรียมการ\nบรรทัดที่สอง" in response.content.decode()


def test_plan_steps_timeline_kpis_and_evaluations(client, staff_a, legacy_like):
    client.force_login(staff_a)
    response = client.get("/projects/2566/01000000-2456/")
    text = text_of(response)
    assert "1 ขออนุมัติโครงการ 40.00 01/10/2565 31/10/2565" in text
    assert "2 ดำเนินกิจกรรม 60.00 01/11/2565 30/09/2566" in text
    assert response.content.decode().count('class="timeline__bar') == 2
    assert "0100-0807 · ร้อยละของโครงการที่เป็นงานประจำ" in text
    assert "ค่าเป้าหมาย (ร้อยละ) 100.00 ผลงานที่ทำได้ (ร้อยละ) 100.00" in text
    assert "ตัวชี้วัดงานประจำ" in text and "ผลผลิต (output)" in text
    assert "1 21.00 100.00 90.00" in text
    assert "2 42.00 100.00 100.00" in text
    assert "1 100.00 ดำเนินการตามแผน วิมลพรรณ พิมสาร 15/01/2566 10:30" in text


def test_chart_figure_is_json_for_the_static_script(client, staff_a, legacy_like):
    client.force_login(staff_a)
    html = client.get("/projects/2566/01000000-2456/").content.decode()
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert '<script src="/static/plotly/plotly.min.js" defer></script>' in html
    assert '<script src="/static/projects/chart.js" defer></script>' in html
    figure = json.loads(
        re.search(r'<script id="progress-figure" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    planned, reported = figure["data"]
    assert reported["x"] == ["2022-10-30", "2022-11-19"] and reported["y"] == [8.0, 16.0]
    assert reported["customdata"][0] == ["30/10/2565", "8.00"]  # BE on hover
    assert planned["y"][-1] == 100.0
    assert figure["layout"]["yaxis"]["title"]["text"] == "ความก้าวหน้าสะสม (%)"


def test_routine_work_and_strategy_path(client, staff_a, project_a):
    client.force_login(staff_a)
    project_a.routine = True
    project_a.save()
    assert "สนับสนุนยุทธศาสตร์กรุงเทพมหานคร งานประจำของหน่วยงาน" in text_of(
        client.get(project_a.get_absolute_url())
    )
    strategy = StrategyNodeFactory(name="ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร")
    goal = StrategyNode.objects.add_child(strategy, {"name": "มิติที่ ๗.๒ - การบริหารแผนและประเมินผล", "level": 2})
    project_a.routine = False
    project_a.strategy = goal
    project_a.strategy_indicator = "ร้อยละความสำเร็จของการติดตามผล"
    project_a.save()
    text = text_of(client.get(project_a.get_absolute_url()))
    assert "ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร มิติที่ ๗.๒ - การบริหารแผนและประเมินผล" in text
    assert "ตัวชี้วัดตามแผนฯ ร้อยละความสำเร็จของการติดตามผล" in text


def test_cancelled_project_shows_reason_and_budget_returned(client, staff_a, project_a):
    project_a.status = ProjectStatus.CANCELLED
    project_a.status_reason = "สถานการณ์การระบาดของโรค Covid-19"
    project_a.budget_returned = Decimal("9603371.83")
    project_a.save()
    client.force_login(staff_a)
    text = text_of(client.get(project_a.get_absolute_url()))
    assert "โครงการนี้ยกเลิกแล้ว สถานการณ์การระบาดของโรค Covid-19 ส่งคืนงบประมาณ 9,603,371.83 บาท" in text


def test_each_year_has_its_address_and_the_page_links_the_other_years(client, staff_a, project_a):
    older = ProjectFactory(code=project_a.code, fiscal_year=2565, agency=project_a.agency, name="ปีก่อน")
    newer = ProjectFactory(code=project_a.code, fiscal_year=2567, agency=project_a.agency, name="ปีถัดไป")
    client.force_login(staff_a)
    response = client.get(f"/projects/2567/{project_a.code}/")
    html = response.content.decode()
    assert response.context["project"] == newer
    assert (
        f'<a href="/projects/2566/{project_a.code}/">2566</a>, <a href="/projects/2565/{project_a.code}/">2565</a>'
        in html
    )
    assert client.get(f"/projects/2565/{project_a.code}/").context["project"] == older
    assert client.get(f"/projects/id/{older.pk}/").context["project"] == older


def test_project_without_code_is_reached_by_id(client, staff_a, sub_agency_a):
    project = ProjectFactory(code=None, agency=sub_agency_a, name="โครงการที่นำเข้าโดยไม่มีรหัส")
    client.force_login(staff_a)
    response = client.get(project.get_absolute_url())
    assert project.get_absolute_url() == f"/projects/id/{project.pk}/"
    assert "รหัสโครงการ ไม่มีรหัส" in text_of(response)


def test_unknown_code_is_404(client, staff_a):
    client.force_login(staff_a)
    assert client.get("/projects/2566/99999999-0000/").status_code == 404
    assert client.get("/projects/id/999999/").status_code == 404


def test_change_history_field_by_field_newest_first(client, staff_a, project_a, planner):
    report = ProgressReportFactory(project=project_a, number=1, progress=Decimal("10.00"))
    report._history_user = staff_a
    report.progress = Decimal("12.50")
    report.plan_status = PlanStatus.OFF_PLAN
    report.save()
    project_a._history_user = planner
    project_a.budget_received = Decimal("2000000.00")
    project_a.save()
    report.delete()
    client.force_login(staff_a)
    response = client.get(project_a.get_absolute_url())
    history = response.context["page"].history
    assert [(c.subject, c.action) for c in history] == [
        ("รายงานครั้งที่ 1", "-"),
        ("โครงการ", "~"),
        ("รายงานครั้งที่ 1", "~"),
        ("รายงานครั้งที่ 1", "+"),
        ("โครงการ", "+"),
    ]
    text = text_of(response)
    assert "วิมลพรรณ พิมสาร โครงการ งบประมาณที่ได้รับ (บาท) : 1,643,800.00 → 2,000,000.00" in text
    assert "ความก้าวหน้าสะสม (%) : 10.00 → 12.50" in text
    assert "สถานะตามแผน : เป็นไปตามแผน → ไม่เป็นไปตามแผน" in text
    assert "สมศรี ตั้งใจ รายงานครั้งที่ 1" in text
    assert "แสดงล่าสุด 5 จาก 5 รายการ" in text


def test_history_is_limited_to_the_latest_50_with_the_count(client, staff_a, project_a):
    for n in range(60):
        project_a.phone = f"02 000 {n:04d}"
        project_a.save()
    client.force_login(staff_a)
    response = client.get(project_a.get_absolute_url())
    assert len(response.context["page"].history) == 50
    assert "แสดงล่าสุด 50 จาก 61 รายการ" in text_of(response)
    assert "โทรศัพท์ : 02 000 0058 → 02 000 0059" in text_of(response)


def _fill(project, planner, size):
    """`size` steps, reports, KPIs with quarters and evaluations, each report edited once."""
    for n in range(1, size + 1):
        PlanStepFactory(
            project=project,
            number=n,
            weight=Decimal(100) / size,
            start_date=date(2022, 10, n),
            end_date=date(2022, 12, n),
        )
        report = ProgressReportFactory(
            project=project, number=n, report_date=date(2022, 10, n), progress=Decimal(n)
        )
        report.text = f"แก้ไขครั้งที่ {n}"
        report.save()
        kpi = KpiFactory(project=project)
        for quarter in (1, 2, 3, 4):
            KpiQuarterResultFactory(kpi=kpi, quarter=quarter)
    for quarter in range(1, min(size, 4) + 1):
        EvaluationFactory(project=project, quarter=quarter, evaluated_by=planner)


def test_page_costs_the_same_queries_whatever_its_size(client, staff_a, planner, sub_agency_a):
    small = ProjectFactory(code="SMALL", agency=sub_agency_a)
    large = ProjectFactory(code="LARGE", agency=sub_agency_a)
    _fill(small, planner, 2)
    _fill(large, planner, 25)
    client.force_login(staff_a)
    client.get(small.get_absolute_url())  # the session and caches settle
    with CaptureQueriesContext(connection) as few:
        assert client.get(small.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as many:
        response = client.get(large.get_absolute_url())
    assert ProgressReport.objects.filter(project=large).count() == 25
    assert len(response.context["page"].reports) == 25
    assert len(many) == len(few), "\n".join(q["sql"] for q in many)


def test_page_costs_the_same_queries_at_any_depth_of_the_agency_tree(client, planner, agency_a, sub_agency_a):
    top = ProjectFactory(code="TOP", agency=agency_a)
    nested = ProjectFactory(code="NESTED", agency=sub_agency_a)
    assert agency_a.depth == 1 and sub_agency_a.depth == 2
    client.force_login(planner)
    client.get(top.get_absolute_url())  # the session and caches settle
    with CaptureQueriesContext(connection) as at_top:
        response = client.get(top.get_absolute_url())
    assert [a.code for a in response.context["page"].agency_path] == [agency_a.code]
    with CaptureQueriesContext(connection) as below:
        response = client.get(nested.get_absolute_url())
    assert [a.code for a in response.context["page"].agency_path] == [agency_a.code, sub_agency_a.code]
    assert len(at_top) == len(below), "\n".join(q["sql"] for q in below)
