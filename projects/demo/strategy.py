"""A small strategic-plan tree in the shape of the BMA 20-year development plan.

Seven strategies (ด้าน), each with dimensions (มิติ), goals (เป้าหมาย) and objectives (เป้าประสงค์),
numbered and named the way the plan writes them, Thai digits included:
`ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร`, `มิติที่ ๗.๒ - การบริหารแผนและประเมินผล`.
"""

from dataclasses import dataclass

from projects.thai import arabic_to_thai_digits

# ด้าน: (title, English name, themes whose projects support it, dimensions)
# dimension: (title, goals); goal: (title, objectives)
PLAN = [
    (
        "มหานครปลอดภัย",
        "Safe City",
        ("disaster", "drainage", "order", "traffic"),
        [
            (
                "ปลอดภัยจากอาชญากรรมและการจราจร",
                [
                    ("ประชาชนปลอดภัยจากอาชญากรรม", ["เพิ่มจุดติดตั้งกล้องโทรทัศน์วงจรปิดในพื้นที่เสี่ยง"]),
                    ("ลดอุบัติเหตุทางถนน", ["ปรับปรุงจุดเสี่ยงอันตรายบนถนนสายหลักและสายรอง"]),
                ],
            ),
            (
                "ปลอดภัยจากภัยพิบัติ",
                [
                    (
                        "กรุงเทพมหานครมีระบบป้องกันน้ำท่วมที่มีประสิทธิภาพ",
                        ["ลดพื้นที่น้ำท่วมขังในพื้นที่ชุมชน", "เพิ่มประสิทธิภาพการระบายน้ำของคูคลอง"],
                    ),
                    ("ประชาชนมีความพร้อมรับมือสาธารณภัย", ["ชุมชนมีแผนป้องกันและระงับอัคคีภัย"]),
                ],
            ),
        ],
    ),
    (
        "มหานครสีเขียว สะดวกสบาย",
        "Green and Convenient City",
        ("environment", "works", "traffic"),
        [
            (
                "ลดมลพิษและจัดการขยะ",
                [
                    ("ปริมาณขยะมูลฝอยลดลง", ["ส่งเสริมการคัดแยกขยะมูลฝอยที่ต้นทาง"]),
                    ("คุณภาพอากาศดีขึ้น", ["ลดฝุ่นละอองขนาดเล็ก PM2.5 ในพื้นที่วิกฤต"]),
                ],
            ),
            (
                "พื้นที่สีเขียวและการเดินทาง",
                [
                    ("เพิ่มพื้นที่สีเขียวต่อประชากร", ["พัฒนาสวนสาธารณะขนาดเล็กใกล้ชุมชน"]),
                    ("การเดินทางสะดวก ปลอดภัย", ["ปรับปรุงทางเท้าให้ทุกคนเดินได้อย่างปลอดภัย"]),
                ],
            ),
        ],
    ),
    (
        "มหานครสำหรับทุกคน",
        "City for All",
        ("health", "medical", "social"),
        [
            (
                "ประชาชนมีสุขภาพดี",
                [
                    (
                        "ประชาชนเข้าถึงบริการสาธารณสุขที่มีคุณภาพ",
                        ["ลดระยะเวลารอคอยของผู้ป่วยนอก", "ผู้ป่วยโรคเรื้อรังได้รับการคัดกรองและติดตาม"],
                    ),
                ],
            ),
            (
                "สังคมที่ไม่ทิ้งใคร",
                [
                    ("ผู้สูงอายุและคนพิการมีคุณภาพชีวิตที่ดี", ["ส่งเสริมอาชีพและรายได้ของกลุ่มเปราะบาง"]),
                ],
            ),
        ],
    ),
    (
        "มหานครกระชับ",
        "Compact City",
        ("works",),
        [
            (
                "การใช้ที่ดินและผังเมือง",
                [("การพัฒนาเมืองเป็นไปตามผังเมืองรวม", ["ปรับปรุงโครงสร้างพื้นฐานรองรับการขยายตัวของเมือง"])],
            ),
            (
                "ฟื้นฟูเมืองเก่า",
                [("ย่านเก่าได้รับการอนุรักษ์และฟื้นฟู", ["ปรับปรุงภูมิทัศน์ริมคลองในย่านเมืองเก่า"])],
            ),
        ],
    ),
    (
        "มหานครประชาธิปไตย",
        "Democratic City",
        ("social", "admin"),
        [
            (
                "การมีส่วนร่วมของประชาชน",
                [("ประชาชนมีส่วนร่วมในการพัฒนาเมือง", ["เพิ่มช่องทางการรับฟังความคิดเห็นของประชาชน"])],
            ),
            (
                "ความโปร่งใส",
                [("การดำเนินงานโปร่งใส ตรวจสอบได้", ["เปิดเผยข้อมูลการใช้จ่ายงบประมาณต่อสาธารณะ"])],
            ),
        ],
    ),
    (
        "มหานครแห่งเศรษฐกิจและการเรียนรู้",
        "Economic and Learning City",
        ("education", "culture", "international"),
        [
            (
                "การศึกษาและการเรียนรู้",
                [
                    (
                        "นักเรียนโรงเรียนสังกัดกรุงเทพมหานครมีคุณภาพ",
                        ["ยกระดับผลสัมฤทธิ์ทางการเรียน", "พัฒนาทักษะภาษาและดิจิทัลของนักเรียน"],
                    ),
                ],
            ),
            (
                "เศรษฐกิจสร้างสรรค์และการท่องเที่ยว",
                [("การท่องเที่ยวชุมชนสร้างรายได้", ["ส่งเสริมกิจกรรมวัฒนธรรมและการท่องเที่ยวชุมชน"])],
            ),
        ],
    ),
    (
        "การบริหารจัดการเมืองมหานคร",
        "Management Strategy",
        ("admin", "international"),
        [
            (
                "การบริหารทรัพยากรบุคคล",
                [("บุคลากรมีสมรรถนะสูง", ["พัฒนาสมรรถนะบุคลากรตามแผนพัฒนารายบุคคล"])],
            ),
            (
                "การบริหารแผนและประเมินผล",
                [
                    (
                        "กรุงเทพมหานครมีระบบการติดตามและรายงานความก้าวหน้าผลการดำเนินงานตามแผนพัฒนากรุงเทพมหานคร",
                        [
                            "พัฒนาระบบการติดตามและรายงานความก้าวหน้าตามแผนพัฒนา",
                            "การสร้างความร่วมมือในการบริหารแผนพัฒนากรุงเทพมหานคร และแผนแม่บทต่างๆ และแผนเฉพาะด้าน",
                        ],
                    ),
                ],
            ),
        ],
    ),
]


@dataclass(frozen=True, slots=True)
class StrategySpec:
    """One node; `key` is its number path, `(7, 2, 1, 1)` for เป้าประสงค์ที่ ๗.๒.๑.๑."""

    key: tuple[int, ...]
    name: str
    themes: tuple[str, ...]

    @property
    def level(self) -> int:
        return len(self.key)

    @property
    def parent_key(self) -> tuple[int, ...] | None:
        return self.key[:-1] or None


def _number(key: tuple[int, ...]) -> str:
    return arabic_to_thai_digits(".".join(str(part) for part in key))


def demo_strategy() -> list[StrategySpec]:
    """The whole tree, parents before children."""
    specs = []
    for i, (title, english, themes, dimensions) in enumerate(PLAN, start=1):
        specs.append(StrategySpec((i,), f"ด้านที่ {_number((i,))} – {title} : {english}", themes))
        for j, (dimension, goals) in enumerate(dimensions, start=1):
            key = (i, j)
            specs.append(StrategySpec(key, f"มิติที่ {_number(key)} - {dimension}", themes))
            for k, (goal, objectives) in enumerate(goals, start=1):
                key = (i, j, k)
                specs.append(StrategySpec(key, f"เป้าหมายที่ {_number(key)} {goal}", themes))
                for m, objective in enumerate(objectives, start=1):
                    key = (i, j, k, m)
                    specs.append(StrategySpec(key, f"เป้าประสงค์ที่ {_number(key)} {objective}", themes))
    return specs
