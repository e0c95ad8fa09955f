"""`python manage.py seed_demo --projects N --seed S [--fiscal-years 2566 2567 ...]`: realistic demo data.

The same N, S and fiscal years always give the same projects; a second run with them is refused (see
`projects.demo.loader`).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects.demo.loader import DemoDataExists, SeedSummary, seed_demo
from projects.fiscal import fiscal_year_of
from projects.models import (
    Evaluation,
    Kpi,
    KpiQuarterResult,
    PlanStep,
    ProgressReport,
    Project,
)
from projects.thai import ThaiInputError, format_baht, format_date, parse_be_date

ROW_LABELS = [
    (Project, "โครงการ"),
    (PlanStep, "ขั้นตอนการดำเนินงาน"),
    (ProgressReport, "รายงานความก้าวหน้า"),
    (Kpi, "ตัวชี้วัด"),
    (KpiQuarterResult, "ผลตัวชี้วัดรายไตรมาส"),
    (Evaluation, "ผลการประเมินรายไตรมาส"),
]


class Command(BaseCommand):
    help = (
        "สร้างข้อมูลตัวอย่าง (หน่วยงาน ยุทธศาสตร์ โครงการ รายงาน ตัวชี้วัด ผลการประเมิน) แบบกำหนดซ้ำได้ด้วย --seed; "
        "ถ้าโครงการที่จะสร้างมีอยู่แล้ว (รันซ้ำด้วยค่าเดิม) จะไม่สร้างซ้ำและไม่เขียนอะไรเลย"
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=1000, help="จำนวนโครงการ (ค่าเริ่มต้น 1000)")
        parser.add_argument("--seed", type=int, default=1, help="ค่าตั้งต้นของการสุ่ม (ค่าเริ่มต้น 1)")
        parser.add_argument(
            "--fiscal-years",
            type=int,
            nargs="+",
            metavar="BE_YEAR",
            help="ปีงบประมาณ พ.ศ. (ค่าเริ่มต้น: ปีปัจจุบันและสองปีก่อนหน้า)",
        )
        parser.add_argument(
            "--today",
            help="วันที่ถือเป็นวันนี้ (วัน/เดือน/ปี พ.ศ.) ไม่มีรายงานหลังวันนี้ ค่าเริ่มต้นคือวันนี้จริง",
        )

    def handle(self, *args, projects, seed, fiscal_years, today, **options):
        if projects < 1:
            raise CommandError("จำนวนโครงการต้องมากกว่า 0")
        try:
            today = parse_be_date(today) if today else timezone.localdate()
        except ThaiInputError as error:
            raise CommandError(str(error)) from None
        if not fiscal_years:
            current = fiscal_year_of(today)
            fiscal_years = [current - 2, current - 1, current]
        for year in fiscal_years:
            if not 2400 <= year <= 2800:
                raise CommandError(f"ปีงบประมาณ {year} ไม่ใช่ปี พ.ศ. (เช่น 2567)")
        try:
            summary = seed_demo(projects=projects, seed=seed, fiscal_years=fiscal_years, today=today)
        except DemoDataExists as error:
            raise CommandError(str(error)) from None
        self._print(summary, seed=seed, fiscal_years=fiscal_years, today=today)

    def _print(self, summary: SeedSummary, *, seed, fiscal_years, today) -> None:
        out = self.stdout
        years = ", ".join(str(y) for y in sorted(set(fiscal_years)))
        out.write(self.style.SUCCESS(f"สร้างข้อมูลตัวอย่างแล้ว (seed {seed}, ปีงบประมาณ {years})"))
        out.write(f"  ตัดรายงานที่วันที่ {format_date(today)}")
        out.write(f"  หน่วยงาน: สร้างใหม่ {summary.agencies_created}, ใช้ที่มีอยู่ {summary.agencies_reused}")
        out.write(f"  ยุทธศาสตร์: สร้างใหม่ {summary.strategy_created}, ใช้ที่มีอยู่ {summary.strategy_reused}")
        for model, label in ROW_LABELS:
            out.write(f"  {label}: {summary.rows[model]:,}")
        statuses = ", ".join(
            f"{label} {summary.statuses[value]:,}"
            for value, label in Project._meta.get_field("status").choices
        )
        out.write(f"  สถานะโครงการ: {statuses}")
        out.write(f"  งบประมาณที่ได้รับรวม {format_baht(summary.budget_total)} บาท")
        out.write(f"  เบิกใช้รวม {format_baht(summary.disbursed_total)} บาท")
        out.write(f"  ใช้เวลา {summary.seconds:.1f} วินาที")
