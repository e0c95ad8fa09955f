"""Test data for the printed forms (a pytest plugin: `pytest_plugins = ["tests.reports.pdf_fixtures"]`), mirroring the legacy printed form of project 04160000-6968.

Values are taken from `legacy/printed-form-04160000-6968.txt` (its cleaner second copy), with the
characters the old system lost (`?` for dashes and quotes) put back.
"""

import re
import subprocess
import tempfile
from datetime import date
from decimal import Decimal

import pytest

from projects.choices import PlanStatus, TargetStatus
from projects.models import Agency
from projects.thai import normalize_text
from tests.factories import (
    AgencyFactory,
    ProgressReportFactory,
    ProjectFactory,
    StrategyNodeFactory,
    UserFactory,
)

CODE = "04160000-6968"
NAME = "โครงการส่งเสริมความร่วมมือจากแนวปฏิบัติที่ดีที่สุดในเมืองพี่เมืองน้อง"
FISCAL_YEAR = 2566
BUDGET = Decimal("1643800.00")
DEPARTMENT = "สำนักปลัดกรุงเทพมหานคร"
DIVISION = "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง"
COORDINATOR = "นางวิมลพรรณ พิมสาร"

RATIONALE_PARAGRAPHS = [
    "สำนักงานการต่างประเทศได้จัดการสัมมนาผู้ปฏิบัติงานด้านเมืองพี่เมืองน้องในการวางแผนการดำเนินกิจกรรมร่วมกัน "
    "(Sister City Senior Officials Seminar on International Cooperation) ระหว่างวันที่ ๑๒ - ๑๖ มีนาคม ๒๕๖๑ "
    "ซึ่งถือเป็นก้าวแรกของความร่วมมือระหว่างกรุงเทพมหานครกับเมืองพี่เมืองน้อง/เมืองฉันมิตร"
    "ซึ่งมีหน่วยงานระดับสำนักของกรุงเทพมหานครและมหาวิทยาลัยนวมินทราธิราชเข้าร่วมการสัมมนา "
    "ทำให้ได้รับทราบข้อมูลการพัฒนาเมือง และได้ร่วมแสดงความคิดเห็นพร้อมข้อเสนอแนะร่วมกับสำนักงานการต่างประเทศ"
    "ในการวางกรอบแนวคิดเพื่อร่วมดำเนินกิจกรรมในสาขาต่าง ๆ โดยนำความรู้ ประสบการณ์ เทคโนโลยี "
    "และแนวทางการดำเนินงานจากโครงการหรือแนวปฏิบัติที่ดีที่สุด (Best Practices) จากเมืองพี่เมืองน้อง/เมืองฉันมิตร"
    "มาประยุกต์ใช้ให้เป็นประโยชน์อย่างเป็นรูปธรรม พร้อมร่วมเสนอแผนงาน โครงการ หรือกิจกรรมร่วมกับสำนักงานการต่างประเทศ "
    "โดยแบ่งกลุ่มการสัมมนา ออกเป็น ๔ กลุ่ม ได้แก่ ๑) กลุ่มสิ่งแวดล้อมและคุณภาพชีวิต ๒) กลุ่มวัฒนธรรม นันทนาการและการท่องเที่ยว "
    "๓) กลุ่มการศึกษาและการพัฒนาเยาวชน และ ๔) กลุ่มส่งเสริมการค้าและเศรษฐกิจเมือง",
    "สำนักงานการต่างประเทศได้รายงานสรุปผลการจัดการสัมมนา ตามหนังสือ ที่ กท ๐๔๑๐/๘๖๙ ลงวันที่ ๑๑ พฤษภาคม ๒๕๖๑ "
    "และผู้ว่าราชการกรุงเทพมหานครได้โปรดเห็นชอบให้สำนักงานการต่างประเทศดำเนินงานด้านการต่างประเทศตามที่ได้มีการหารือ"
    "ร่วมกับเมืองพี่เมืองน้อง/เมืองฉันมิตร ซึ่งในระยะแรก (Phase I) หรือ ๑ - ๓ ปีแรก "
    "จะดำเนินการพัฒนาบุคลากรจากหน่วยงานหลักด้านการพัฒนาเมืองของกรุงเทพมหานครในการแลกเปลี่ยนเรียนรู้ด้านต่าง ๆ "
    "ที่เกี่ยวข้องกับภารกิจของกรุงเทพมหานครกับโครงการหรือแนวปฏิบัติที่ดีที่สุด (Best Practice)",
    "เนื่องด้วยสถานการณ์การแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนา 2019 (COVID-19) ในปัจจุบัน "
    "หลายประเทศยังคงดำเนินมาตรการต่าง ๆ เพื่อป้องกันการแพร่ระบาด และยังไม่อนุญาตให้ชาวต่างชาติเดินทางเข้าประเทศ "
    "รวมทั้งกรุงเทพมหานครยังไม่อนุญาตให้ข้าราชการเดินทางไปต่างประเทศได้ "
    "เป็นเหตุให้ไม่สามารถดำเนินกิจกรรมตามโครงการและเดินทางไปต่างประเทศได้ตามปกติ "
    "จึงมีความจำเป็นต้องดำเนินกิจกรรมให้สอดคล้องกับสถานการณ์ปัจจุบัน เช่น การจัดกิจกรรมในรูปแบบออนไลน์ เป็นต้น "
    "จนกว่าสถานการณ์จะกลับสู่ภาวะปกติ",
    "ดังนั้น เพื่อเป็นการต่อยอดการดำเนินงานระยะแรก (Phase I) ซึ่งได้มีการดำเนินการในปี พ.ศ. ๒๕๖๒ และ พ.ศ. ๒๕๖๔ "
    "และทำให้กรุงเทพมหานครเป็นเมืองที่พัฒนาไปอย่างก้าวไกล มีความสามารถในการแข่งขันในทุกด้าน "
    "จึงเห็นควรดำเนินการเพื่อส่งเสริมความร่วมมือจากแนวปฏิบัติที่ดีที่สุดในเมืองพี่เมืองน้อง/เมืองฉันมิตร"
    "ตามที่ได้มีการลงนามในความตกลงหรือบันทึกความเข้าใจในด้านต่าง ๆ เช่น การพัฒนาเมืองอัจฉริยะ การท่องเที่ยว เป็นต้น",
]
RATIONALE = "\n".join(RATIONALE_PARAGRAPHS)
# One sentence of the rationale that tests look for in the printed text.
RATIONALE_SENTENCE = "จนกว่าสถานการณ์จะกลับสู่ภาวะปกติ"

OBJECTIVES = "\n".join(
    [
        "1. เพื่อกระชับความสัมพันธ์ระหว่างเมือง ส่งเสริมการแลกเปลี่ยนและความร่วมมือเชิงเทคนิคในการพัฒนาเมืองด้านต่าง ๆ",
        "2. เพื่อส่งเสริมการศึกษา การให้คำปรึกษา แนะนำแนวทางการแก้ไขปัญหา รวมถึงการแลกเปลี่ยนประสบการณ์"
        "ของข้าราชการกรุงเทพมหานครและเพิ่มเครือข่ายความร่วมมือระหว่างประเทศตามวัตถุประสงค์ของการเป็นเมืองพี่เมืองน้อง/เมืองฉันมิตร",
        "3. เพื่อเรียนรู้แนวปฏิบัติที่ดีที่สุดในด้านต่าง ๆ ของเมืองในต่างประเทศตามที่ได้มีการลงนามใน MOU กับเมืองพี่เมืองน้อง/เมืองฉันมิตร",
    ]
)
TARGETS = (
    "ประสานงาน เชื่อมโยง/สร้างโอกาสในการเรียนรู้จากแนวปฏิบัติที่ดีที่สุดในด้านต่าง ๆ "
    "เพื่อให้ผู้บริหารและข้าราชการกรุงเทพมหานครได้เรียนรู้วิทยาการใหม่ ๆ"
)
STRATEGY_PATH = [
    "ยุทธศาสตร์ที่ ๗ – การสร้างความเป็นมืออาชีพในการบริหารจัดการมหานคร",
    "๗.๒ - การบริหารแผนและประเมินผล",
    "๗.๒.๒ กรุงเทพมหานครมีระบบการติดตามและรายงานความก้าวหน้าผลการดำเนินงานตามแผนพัฒนากรุงเทพ",
]
INDICATOR = (
    "มิติที่ 1 3.2 ระดับความสำเร็จในการจัดเวทีแลกเปลี่ยนองค์ความรู้ด้านการพัฒนาเมืองที่ประสบความสำเร็จ"
    "และโดดเด่นของเมืองพี่เมืองน้องให้แก่หน่วยงาน/ส่วนราชการของกรุงเทพมหานคร"
)

_ZERO_WASTE = "หัวข้อ “แนวทางการจัดการขยะเหลือศูนย์ (Zero Waste Management)”"
_SEMINAR = (
    f"1. การจัดเวทีสัมมนาแลกเปลี่ยนองค์ความรู้ด้านการจัดการขยะ {_ZERO_WASTE} ระหว่างวันที่ 24 – 27 กรกฎาคม 2566 "
    "ณ โรงแรมเอเชีย และพื้นที่เขตหนองแขม ดำเนินโครงการฯ เสร็จสิ้นเรียบร้อยแล้ว อยู่ระหว่างจัดทำรายงาน\n"
    "2. การประชุมเชิงปฏิบัติการ 2023 Themed Workshop for Sister Cities' Officials ระหว่างวันที่ 5 - 19 สิงหาคม 2566 "
    "ณ กรุงปักกิ่ง สาธารณรัฐประชาชนจีน เจ้าหน้าที่ได้เดินทางเข้าร่วมกิจกรรมดังกล่าวเสร็จสิ้นเรียบร้อยแล้ว "
    "อยู่ระหว่างดำเนินการคืนเงินและจัดทำรายงาน\n"
)
# (date, progress %, disbursed baht, text) of reports 1–10, oldest first.
REPORTS = [
    (
        date(2023, 1, 26),
        "20.00",
        "495000.00",
        "นิทรรศการประชาสัมพันธ์ข้อมูลและการบริหารจัดการเมืองระหว่างกรุงเทพมหานคร และกรุงอัสตานา สาธารณรัฐคาซัคสถาน "
        "ระหว่างวันที่ 7 - 12 กุมภาพันธ์ 2566 ณ หอสมุดเมืองกรุงเทพมหานคร อยู่ในระหว่างการดำเนินการตามที่ได้รับอนุมัติ",
    ),
    (
        date(2023, 2, 27),
        "25.00",
        "0.00",
        "ดำเนินการจัดนิทรรศการประชาสัมพันธ์ข้อมูลและการบริหารจัดการเมืองระหว่างกรุงเทพมหานคร และกรุงอัสตานา "
        "สาธารณรัฐคาซัคสถาน ระหว่างวันที่ 7 - 12 กุมภาพันธ์ 2566 ณ หอสมุดเมืองกรุงเทพมหานคร เรียบร้อยแล้ว",
    ),
    (
        date(2023, 3, 27),
        "10.00",
        "0.00",
        "กิจกรรมที่ 2 อยู่ระหว่างประสานงานกับหน่วยงานที่เกี่ยวข้องทั้งหน่วยงานภายในและภายนอกกรุงเทพมหานคร",
    ),
    (
        date(2023, 4, 25),
        "28.00",
        "0.00",
        "อยู่ระหว่างประสานงานกับหน่วยงานที่เกี่ยวข้องทั้งหน่วยงานภายในและภายนอกกรุงเทพมหานคร",
    ),
    (
        date(2023, 5, 31),
        "30.00",
        "0.00",
        "อยู่ระหว่างประสานงานกับหน่วยงานที่เกี่ยวข้องทั้งหน่วยงานภายในและภายนอกกรุงเทพมหานคร",
    ),
    (
        date(2023, 6, 27),
        "40.00",
        "0.00",
        "อยู่ระหว่างการประสานงานกับเจ้าหน้าที่จังหวัดฟูกูโอกะ ในการนำวิทยากรแนวปฏิบัติที่ดีที่สุดในเมืองพี่เมืองน้อง"
        f"ให้กับบุคลากรที่เกี่ยวข้อง ผ่านการจัดเวทีสัมมนาแลกเปลี่ยนองค์ความรู้ด้านการจัดการขยะ {_ZERO_WASTE} "
        "ระหว่างวันที่ 24 – 28 กรกฎาคม 2566 ณ โรงแรมเอเชีย",
    ),
    (
        date(2023, 7, 24),
        "50.00",
        "0.00",
        f"การจัดเวทีสัมมนาแลกเปลี่ยนองค์ความรู้ด้านการจัดการขยะ {_ZERO_WASTE} ระหว่างวันที่ 24 – 27 กรกฎาคม 2566 "
        "ณ โรงแรมเอเชีย และพื้นที่เขตหนองแขม อยู่ระหว่างการดำเนินโครงการฯ",
    ),
    (
        date(2023, 8, 21),
        "80.00",
        "0.00",
        _SEMINAR + "3. การประชุมด้านวัฒนธรรม ณ กรุงปักกิ่ง ประจำปี 2566 (2023 Beijing Culture Forum) "
        "ระหว่างวันที่ 13 - 16 สิงหาคม 2566 ณ กรุงปักกิ่ง สาธารณรัฐประชาชนจีน ได้รับการเห็นชอบแล้ว "
        "อยู่ระหว่างประสานงานเพิ่มเติมและจัดทำอนุมัติ งบประมาณการ และโครงการต่อไป",
    ),
    (
        date(2023, 9, 19),
        "95.00",
        "0.00",
        _SEMINAR + "3. การประชุมด้านวัฒนธรรม ณ กรุงปักกิ่ง ประจำปี 2566 (2023 Beijing Culture Forum) "
        "ระหว่างวันที่ 13 - 16 สิงหาคม 2566 ณ กรุงปักกิ่ง สาธารณรัฐประชาชนจีน เดินทางเข้าร่วมงานเสร็จสิ้นแล้ว "
        "อยู่ในระหว่างการจัดทำรายงานการเดินทาง",
    ),
    (date(2023, 9, 29), "100.00", "0.00", "ดำเนินการในปีงบประมาณ พ.ศ. 2566 แล้วเสร็จ"),
]


def agency_tree() -> tuple[Agency, Agency]:
    """สำนักปลัดกรุงเทพมหานคร and its division that owns the project."""
    department = Agency.objects.filter(code="04000000").first() or AgencyFactory(
        code="04000000", name=DEPARTMENT
    )
    division = Agency.objects.filter(code="04160000").first() or AgencyFactory(
        code="04160000", name=DIVISION, parent=department
    )
    return department, division


def legacy_project(*, reports: int = len(REPORTS), code: str = CODE):
    """Project 04160000-6968 as its legacy printed form shows it, with its first `reports` reports."""
    _, division = agency_tree()
    strategy = None
    for depth, name in enumerate(STRATEGY_PATH, 1):
        strategy = StrategyNodeFactory(name=name, level=depth, parent=strategy)
    project = ProjectFactory(
        code=code,
        name=NAME,
        fiscal_year=FISCAL_YEAR,
        agency=division,
        responsible=DIVISION,
        phone=None,
        coordinator=COORDINATOR,
        start_date=date(2022, 10, 1),
        end_date=date(2023, 9, 30),
        budget_received=BUDGET,
        rationale=RATIONALE,
        objectives=OBJECTIVES,
        targets=TARGETS,
        strategy=strategy,
        strategy_indicator=INDICATOR,
    )
    for number, (day, progress, disbursed, text) in enumerate(REPORTS[:reports], 1):
        ProgressReportFactory(
            project=project,
            number=number,
            report_date=day,
            progress=Decimal(progress),
            disbursed=Decimal(disbursed),
            text=text,
            plan_status=PlanStatus.ON_PLAN,
            target_status=TargetStatus.MET,
        )
    return project


@pytest.fixture
def project_6968(db):
    return legacy_project()


@pytest.fixture
def division_staff(db):
    _, division = agency_tree()
    return UserFactory(
        staff=True, agency=division, username="division-staff", first_name="สมศรี", last_name="ตั้งใจ"
    )


@pytest.fixture
def finance_staff(db):
    return UserFactory(
        staff=True, agency=AgencyFactory(code="05000000", name="สำนักการคลัง"), username="other-staff"
    )


@pytest.fixture
def planning_user(db):
    return UserFactory(planner=True, username="planner", first_name="วิมล", last_name="ประเมินผล")


@pytest.fixture
def sign_in_url(settings):
    """The sign-in page's address, whether or not the sign-in pages (URL name "login") are installed."""
    settings.LOGIN_URL = "/accounts/login/"
    return settings.LOGIN_URL


# --- Reading PDFs back, as someone holding the file would ---------------------------------------------------
TITLE = "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"
_FOOTER = re.compile(
    r"^\s*(เลขที่เอกสาร [A-Z]{2}-\d{4}-\d{6} รหัสตรวจสอบ [A-Z0-9]{8}"
    r"|พิมพ์เมื่อ \d\d/\d\d/\d{4} เวลา \d\d:\d\d น\.|หน้า \d+ / \d+)\s*$"
)


def pdf_text(content: bytes, *, layout: bool = False, page: int | None = None) -> str:
    """`pdftotext` of the PDF (one page when `page` is given), normalised as stored text is."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        command = ["pdftotext", "-enc", "UTF-8"]
        if layout:
            command.append("-layout")
        if page is not None:
            command += ["-f", str(page), "-l", str(page)]
        result = subprocess.run([*command, handle.name, "-"], capture_output=True, check=True)
    return normalize_text(result.stdout.decode("utf-8"))


def pdf_page_count(content: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def body_text(text: str) -> str:
    """The text without running headers and footers, which cut into text running over a page end."""
    return "\n".join(line for line in text.split("\n") if line.strip() != TITLE and not _FOOTER.match(line))


def squeeze(text: str, *, hyphens: bool = False) -> str:
    """Without white space: Thai lines wrap between words with no space to mark the break.

    `hyphens=True` also drops `-`: plain `pdftotext` joins a line ending in `-` with the next one.
    """
    return re.sub(r"[\s\-]+" if hyphens else r"\s+", "", text)
