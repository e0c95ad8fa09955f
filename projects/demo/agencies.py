"""The agencies demo data uses: district offices, departments, and a few of their divisions and sections.

Codes are eight digits in two-digit groups: department `05000000`, its division `05020000`, the division's
section `05020100`. Departments take the groups 01–21, the fifty district offices 40–89 in the official
order of the districts (the test factories' agencies, 90000000 and up, never meet them).
"""

from dataclasses import dataclass

from projects.choices import AgencyKind


@dataclass(frozen=True, slots=True)
class AgencySpec:
    code: str
    name: str
    kind: str
    parent_code: str | None
    # Which kind of work the agency's projects are about; see `words.PROJECT_THEMES`.
    themes: tuple[str, ...]


DISTRICTS = [
    "พระนคร", "ดุสิต", "หนองจอก", "บางรัก", "บางเขน", "บางกะปิ", "ปทุมวัน", "ป้อมปราบศัตรูพ่าย",
    "พระโขนง", "มีนบุรี", "ลาดกระบัง", "ยานนาวา", "สัมพันธวงศ์", "พญาไท", "ธนบุรี", "บางกอกใหญ่",
    "ห้วยขวาง", "คลองสาน", "ตลิ่งชัน", "บางกอกน้อย", "บางขุนเทียน", "ภาษีเจริญ", "หนองแขม", "ราษฎร์บูรณะ",
    "บางพลัด", "ดินแดง", "บึงกุ่ม", "สาทร", "บางซื่อ", "จตุจักร", "บางคอแหลม", "ประเวศ",
    "คลองเตย", "สวนหลวง", "จอมทอง", "ดอนเมือง", "ราชเทวี", "ลาดพร้าว", "วัฒนา", "บางแค",
    "หลักสี่", "สายไหม", "คันนายาว", "สะพานสูง", "วังทองหลาง", "คลองสามวา", "บางนา", "ทวีวัฒนา",
    "ทุ่งครุ", "บางบอน",
]  # fmt: skip

DISTRICT_THEMES = ("works", "drainage", "environment", "social", "education", "order", "health")

# (two-digit group, name, themes)
DEPARTMENTS = [
    ("01", "สำนักงานเลขานุการสภากรุงเทพมหานคร", ("admin", "international")),
    ("02", "สำนักงานเลขานุการผู้ว่าราชการกรุงเทพมหานคร", ("admin",)),
    ("03", "สำนักงานเลขานุการปลัดกรุงเทพมหานคร", ("admin",)),
    ("04", "สำนักปลัดกรุงเทพมหานคร", ("admin", "international", "social")),
    ("05", "สำนักการโยธา", ("works",)),
    ("06", "สำนักการระบายน้ำ", ("drainage",)),
    ("07", "สำนักอนามัย", ("health",)),
    ("08", "สำนักการแพทย์", ("medical",)),
    ("09", "สำนักสิ่งแวดล้อม", ("environment",)),
    ("10", "สำนักการศึกษา", ("education",)),
    ("11", "สำนักการจราจรและขนส่ง", ("traffic",)),
    ("12", "สำนักเทศกิจ", ("order",)),
    ("13", "สำนักป้องกันและบรรเทาสาธารณภัย", ("disaster",)),
    ("14", "สำนักพัฒนาสังคม", ("social",)),
    ("15", "สำนักวัฒนธรรม กีฬาและการท่องเที่ยว", ("culture",)),
    ("16", "สำนักการคลัง", ("admin",)),
    ("17", "สำนักยุทธศาสตร์และประเมินผล", ("admin",)),
    ("18", "สำนักการวางผังและพัฒนาเมือง", ("works", "admin")),
    ("19", "สำนักงบประมาณกรุงเทพมหานคร", ("admin",)),
    ("20", "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร", ("admin",)),
    ("21", "สถาบันพัฒนาทรัพยากรบุคคลกรุงเทพมหานคร", ("admin", "education")),
]

# (code, name, parent code); the kind follows from the code: xxyy0000 a division, xxyyzz00 a section.
UNITS = [
    ("05020000", "สำนักงานวิศวกรรมทาง", "05000000"),
    ("05020100", "ส่วนสำรวจและออกแบบ", "05020000"),
    ("05020200", "ส่วนก่อสร้างทาง", "05020000"),
    ("05030000", "สำนักงานก่อสร้างและบูรณะ", "05000000"),
    ("06020000", "สำนักงานการระบายน้ำ", "06000000"),
    ("06020100", "ส่วนระบายน้ำ 1", "06020000"),
    ("06030000", "สำนักงานจัดการคุณภาพน้ำ", "06000000"),
    ("07020000", "กองส่งเสริมสุขภาพ", "07000000"),
    ("07030000", "กองควบคุมโรคติดต่อ", "07000000"),
    ("08020000", "โรงพยาบาลกลาง", "08000000"),
    ("08030000", "โรงพยาบาลตากสิน", "08000000"),
    ("17020000", "กองติดตามและประเมินผล", "17000000"),
    ("17020100", "กลุ่มงานติดตามและประเมินผล 1", "17020000"),
]

FIRST_DISTRICT_GROUP = 40


def district_code(index: int) -> str:
    """Code of the district office at `index` (0-based) in the official order: 0 → `40000000`."""
    return f"{FIRST_DISTRICT_GROUP + index:02d}000000"


def demo_agencies() -> list[AgencySpec]:
    """Every demo agency, parents before their children."""
    specs = []
    themes_by_code = {}
    for group, name, themes in DEPARTMENTS:
        code = f"{group}000000"
        themes_by_code[code] = themes
        specs.append(AgencySpec(code, name, AgencyKind.DEPARTMENT, None, themes))
    for code, name, parent_code in UNITS:
        kind = AgencyKind.SECTION if code[4:6] != "00" else AgencyKind.DIVISION
        themes = themes_by_code[code[:2] + "000000"]
        specs.append(AgencySpec(code, name, kind, parent_code, themes))
    for index, district in enumerate(DISTRICTS):
        specs.append(
            AgencySpec(
                district_code(index), f"สำนักงานเขต{district}", AgencyKind.DISTRICT, None, DISTRICT_THEMES
            )
        )
    return specs
