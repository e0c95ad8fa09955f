"""Formats, not examples: each kind of legacy line is known by its class, whatever its wording, and the
tag before a project's name is kept apart and shown as a tag."""

import re
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projects.importers.detect import parse_text
from projects.importers.text import is_routine, split_name_tag
from projects.thai import arabic_to_thai_digits
from reports.documents import project_form_snapshot, quarter_summary_snapshot
from reports.pdf import render
from reports.printing import PrintMeta, project_form_html, quarter_summary_html
from tests.factories import ProjectFactory, UserFactory
from tests.reports.pdf_fixtures import pdf_text

LEGACY = Path(__file__).resolve().parents[2] / "legacy"
VERBS = ["ปฏิบัติ", "ดำเนิน", "ทำ", ""]
FRAMES = ["", "*", "**", "****"]


@given(
    st.sampled_from(VERBS),
    st.sampled_from(FRAMES),
    st.sampled_from(["", " "]),
    st.sampled_from(["ของหน่วยงาน", " ของหน่วยงาน", ""]),
    st.sampled_from(["", "|", " | "]),
)
def test_routine_work_whatever_the_verb_frame_or_spacing(verb, frame, space, whose, bar):
    prefix = f"การ{verb}" if verb else ""
    line = f"{frame}{space}{prefix}งาน{space}ประจำ{whose}{space}{frame}{bar}"
    assert is_routine(line)


@pytest.mark.parametrize(
    "line",
    [
        "มิติที่1 ป.1ความสำเร็จในการดำเนินโครงการงานประจำของหน่วยงาน",  # an indicator about routine work
        "ร้อยละของโครงการที่เป็นงานประจำของหน่วยงานที่ดำเนินการสำเร็จตามเป้าหมาย",
        "ยุทธศาสตร์ที่ 7 การบริหารจัดการเมือง",
        "ตัวชี้วัดงานประจำ ของสำนักงานเขตที่มีงานมากเป็นพิเศษในทุกปี",
    ],
)
def test_a_line_that_only_mentions_routine_work_is_not_routine(line):
    assert not is_routine(line)


_TAGS = st.sampled_from(["อ.2/2", "สส.สทท. ปจ. 1/4", "ปจ.3/5", "ก.ค. 10/12", "ผอ. 12/30"])
_NAMES = st.sampled_from(["โครงการให้การต้อนรับคณะผู้แทน", "กิจกรรมอบรมบุคลากร", "โครงการ 2/2566 ปรับปรุงถนน"])


@given(_TAGS, _NAMES, st.sampled_from(["", " ", "  "]), st.booleans(), st.sampled_from(["/", " / "]))
def test_the_tag_comes_apart_from_the_name(tag, name, gap, thai, slash):
    written = tag.replace("/", slash)
    written = arabic_to_thai_digits(written) if thai else written
    assert split_name_tag(f"{written}{gap}{name}") == (tag, name)


@pytest.mark.parametrize(
    "name",
    ["โครงการให้การต้อนรับคณะผู้แทน", "โครงการ 1/4 ของปี", "สำนักงานเขต 2/2 ชุมชน", "ก.ท.ม. ร่วมใจ"],
)
def test_a_name_without_a_tag_is_left_whole(name):
    assert split_name_tag(name) == ("", name)


# --- Shown as a tag: the project page, the list and the printed form ---------------------------------------
TAG, NAME = "สส.สทท. ปจ. 1/4", "โครงการให้การต้อนรับคณะผู้แทนจากต่างประเทศ"


@pytest.fixture
def tagged(project_a):
    project_a.name_tag, project_a.name = TAG, NAME
    project_a.save()
    return project_a


def _tag_then_name(html: str) -> bool:
    return bool(re.search(rf'<span class="tag tag--name">{re.escape(TAG)}</span>\s*{NAME}', html))


@pytest.mark.django_db
def test_project_page_shows_the_tag_before_the_name(client, staff_a, tagged):
    client.force_login(staff_a)
    html = client.get(tagged.get_absolute_url()).content.decode()
    assert _tag_then_name(html)


@pytest.mark.django_db
def test_project_list_shows_the_tag_and_sorts_by_the_name(client, staff_a, tagged):
    ProjectFactory(agency=tagged.agency, fiscal_year=tagged.fiscal_year, name="กิจกรรมอบรม", name_tag="")
    client.force_login(staff_a)
    html = client.get("/projects/", {"fiscal_year": tagged.fiscal_year, "sort": "name"}).content.decode()
    assert _tag_then_name(html)
    # sorted by the name's first word: กิจกรรม… before โครงการ…, the tag (ส…) not taken into account
    assert html.index("กิจกรรมอบรม") < html.index(NAME)


@pytest.mark.django_db
def test_printed_form_shows_the_tag_before_the_name(tagged):
    snapshot = project_form_snapshot(tagged.pk)
    assert (snapshot["project"]["name_tag"], snapshot["project"]["name"]) == (TAG, NAME)
    meta = PrintMeta(**dict.fromkeys(PrintMeta.__dataclass_fields__, ""))
    html = project_form_html(snapshot, meta)
    assert re.search(rf'<span class="name-tag">{re.escape(TAG)}</span>\s*{NAME}', html)


@pytest.mark.django_db
def test_a_form_without_a_tag_has_no_tag_key(project_a):
    # forms printed before tags existed keep verifying unchanged
    assert "name_tag" not in project_form_snapshot(project_a.pk)["project"]


# --- Searched by its tag: the admin and the project list; printed as a tag on the quarterly summary -------
OTHER = "กิจกรรมอบรมบุคลากร"


@pytest.mark.django_db
def test_admin_search_finds_a_project_by_its_tag(client, tagged):
    ProjectFactory(agency=tagged.agency, fiscal_year=tagged.fiscal_year, name=OTHER, name_tag="อ.2/2")
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    found = client.get("/admin/projects/project/", {"q": "ปจ. 1/4"}).context["cl"].result_list
    assert [p.pk for p in found] == [tagged.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "ปจ. 1/4",  # part of the tag
        "สส.สทท. ปจ. ๑/๔",  # the tag in Thai digits
        "สส.สทท. ปจ. 1/4โครงการให้การต้อนรับ",  # tag and name joined, as the old system wrote them
        "สส.สทท. ปจ. 1/4 โครงการให้การ",
    ],
)
def test_project_list_search_finds_a_project_by_its_tag(client, staff_a, tagged, query):
    ProjectFactory(agency=tagged.agency, fiscal_year=tagged.fiscal_year, name=OTHER, name_tag="อ.2/2")
    client.force_login(staff_a)
    html = client.get("/projects/", {"fiscal_year": tagged.fiscal_year, "q": query}).content.decode()
    assert _tag_then_name(html)
    assert OTHER not in html


@pytest.mark.django_db
def test_project_list_search_by_a_tag_with_another_name_finds_nothing(client, staff_a, tagged):
    client.force_login(staff_a)
    html = client.get(
        "/projects/", {"fiscal_year": tagged.fiscal_year, "q": f"{TAG} กิจกรรม"}
    ).content.decode()
    assert NAME not in html


@pytest.mark.django_db
def test_quarterly_summary_prints_the_tag_apart_from_the_name(tagged):
    ProjectFactory(agency=tagged.agency, fiscal_year=tagged.fiscal_year, code="01000000-9999", name=OTHER)
    snapshot = quarter_summary_snapshot(tagged.agency, tagged.fiscal_year, 1)
    rows = {r["code"]: r for g in snapshot["groups"] for r in g["rows"]}
    assert (rows[tagged.code]["name_tag"], rows[tagged.code]["name"]) == (TAG, NAME)
    # a row without a tag has no tag key: summaries printed before tags existed keep verifying
    assert "name_tag" not in rows["01000000-9999"]
    meta = PrintMeta(**dict.fromkeys(PrintMeta.__dataclass_fields__, ""))
    html = quarter_summary_html(snapshot, meta)
    assert re.search(rf'<span class="name-tag">{re.escape(TAG)}</span>\s*{NAME}', html)
    text = " ".join(pdf_text(render(html).content).split())
    # the tag is printed whole and on its own, the name after it from its first word
    assert re.search(rf"(?<!\S){re.escape(TAG)} โครงการให้การ", text), text


# --- The web page's other labels, by class: their wordings and any colon ----------------------------------
WEB_SEEDS = ["web-page-01000000-2456.txt", "web-page-fragment-04160200.txt"]
# ASCII, spaced either side or not, full-width, ratio and modifier-letter colons
COLONS = [":", " :", ": ", " : ", "：", " ∶ ", "꞉"]
# (the seeds' wording at its place in a line, the wordings the same label has elsewhere); {c} is the colon
LABELS = [
    (
        r"^\((?P<n>\d+)\) ความคืบหน้าโครงการฯ ร้อยละ ",
        [
            "({n}) ความคืบหน้าโครงการฯ ร้อยละ ",
            "({n}) ความคืบหน้าของโครงการ ร้อยละ{c}",
            "({n}) ความก้าวหน้าโครงการฯ ร้อยละ ",
            "({n}) ความคืบหน้าโครงการ/กิจกรรม ร้อยละ ",
        ],
    ),
    (r"^ความคืบหน้าโครงการ ร้อยละ", ["ความก้าวหน้าของโครงการ ร้อยละ", "ความคืบหน้าของกิจกรรม ร้อยละ"]),
    (
        r"^\*\* ปัญหาของโครงการ :",
        ["** ปัญหาของโครงการ{c}", "ปัญหาของโครงการ/กิจกรรม{c}", "* ปัญหา{c}", "** ปัญหาของกิจกรรม{c}"],
    ),
    (
        r"^\*\* อุปสรรคของโครงการ :",
        ["** อุปสรรคของโครงการ{c}", "อุปสรรคของโครงการ/กิจกรรม{c}", "* อุปสรรค{c}", "** อุปสรรคของกิจกรรม{c}"],
    ),
    (r"^(?P<d>\d{1,2}/\d{1,2}/25\d\d) : ", ["{d}{c}"]),
    (r" : (?P<code>\d{8}-\d+)$", ["{c}{code}"]),
    (r" : \((?P<y>\d{4})\)$", ["{c}({y})"]),
    (
        r"สยป\. ประเมินโครงการ : ไตรมาสที่ ",
        ["สยป. ประเมินโครงการ{c}ไตรมาสที่ ", "สยป. ประเมินผลโครงการ{c}ไตรมาสที่ ", "สยป ประเมินโครงการฯ{c}ไตรมาส "],
    ),
    (r"^หลักการและเหตุผล$", ["หลักการและเหตุผล{c}", "หลักการ และเหตุผล", "หลักการและเหตุผลของโครงการ"]),
    (r"^วัตถุประสงค์ของโครงการ$", ["วัตถุประสงค์", "วัตถุประสงค์{c}", "วัตถุประสงค์ของกิจกรรม{c}"]),
    (r"^เป้าหมายของโครงการ$", ["เป้าหมาย", "เป้าหมายโครงการ{c}", "เป้าหมายของโครงการ/กิจกรรม"]),
    (r"^ผลการดำเนินงาน$", ["ผลการดำเนินงาน{c}", "ผลการดำเนินงานของโครงการ"]),
    (r"^ขั้นตอน (?P<n>\d+)$", ["ขั้นตอนที่ {n}", "ขั้นตอนที่{n}{c}", "ขั้นตอน {n}"]),
    (r"^:(?P<w>\d+)%$", ["{c}{w}%", "{c}{w} %"]),
    (r"^:(?P<text>\D.*)$", ["{c}{text}"]),
    (r"^เริ่มต้น :", ["วันเริ่มต้น{c}", "เริ่มต้น{c}", "วันที่เริ่มต้น{c}"]),
    (r"^สิ้นสุด :", ["วันสิ้นสุด{c}", "สิ้นสุด{c}", "วันที่สิ้นสุด{c}"]),
    (r"^รายละเอียดเกี่ยวกับตัวชี้วัด : ", ["รายละเอียดตัวชี้วัด{c}", "รหัสตัวชี้วัด{c}", "รายละเอียดเกี่ยวกับตัวชี้วัด{c}"]),
    (r"^ตัวชี้วัด : ", ["ชื่อตัวชี้วัด{c}", "ตัวชี้วัด{c}"]),
    (r"^ค่าเป้าหมาย ร้อยละ : ", ["ค่าเป้าหมาย ร้อยละ{c}"]),
    (r"^ผลงานที่ทำได้ ร้อยละ : ", ["ผลการดำเนินงานที่ทำได้ ร้อยละ{c}", "ผลงานที่ทำได้ ร้อยละ{c}"]),
]


def _reworded(text: str, data) -> str:
    """The page with each label in one of its other wordings and colons (one choice per label and file)."""
    for pattern, wordings in LABELS:
        wording, colon = data.draw(st.sampled_from(wordings)), data.draw(st.sampled_from(COLONS))
        text = re.sub(
            pattern, lambda m, w=wording, c=colon: w.format(c=c, **m.groupdict()), text, flags=re.MULTILINE
        )
    return text


@given(st.sampled_from(WEB_SEEDS), st.data())
def test_web_page_labels_are_read_whatever_their_wording_and_colon(name, data):
    original = (LEGACY / name).read_text(encoding="utf-8")
    reworded = _reworded(original, data)
    # the same page says the same things: every field, report, step, KPI, evaluation and warning
    assert asdict(parse_text(reworded)) == asdict(parse_text(original))


def test_the_seed_page_has_every_label_the_variants_rewrite():
    # the property above would prove nothing for a label the seed does not have
    text = (LEGACY / WEB_SEEDS[0]).read_text(encoding="utf-8")
    assert [p for p, _ in LABELS if not re.search(p, text, flags=re.MULTILINE)] == []


def test_a_report_line_that_starts_with_the_word_problem_stays_in_the_text():
    lines = (LEGACY / WEB_SEEDS[0]).read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("11/9/2563 : "))
    added = "ปัญหาน้ำท่วมขังได้รับการแก้ไขแล้ว"
    record = parse_text("\n".join([*lines[: at + 1], added, *lines[at + 1 :]]))
    newest, before = record.reports[-1], parse_text("\n".join(lines)).reports[-1]
    assert newest.text.endswith(added)
    assert newest.problems == before.problems


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    style=st.sampled_from(["slash", "spaced", "thai_digits", "month_name", "short_month"]),
)
def test_a_legacy_date_is_read_however_the_old_system_wrote_it(day, style):
    """Dates in old files are read as typed dates are (`parse_be_date`): numbers, Thai digits or a month name."""
    from projects.importers.text import be_date
    from projects.thai import MONTHS, MONTHS_ABBR

    be_year = day.year + 543
    text = {
        "slash": f"{day.day}/{day.month}/{be_year}",
        "spaced": f"{day.day:02d} / {day.month:02d} / {be_year}",
        "thai_digits": arabic_to_thai_digits(f"{day.day}/{day.month}/{be_year}"),
        "month_name": f"{day.day} {MONTHS[day.month - 1]} {be_year}",
        "short_month": f"{day.day} {MONTHS_ABBR[day.month - 1]} {be_year}",
    }[style]
    assert be_date(text, 1) == day


def test_a_legacy_date_that_is_not_one_names_its_line():
    from projects.importers.records import LegacyFileError
    from projects.importers.text import be_date

    with pytest.raises(LegacyFileError, match="ไม่มีวันที่ “31/02/2566” ในปฏิทิน"):
        be_date("31/02/2566", 12)
