"""Formats, not examples: each kind of legacy line is known by its class, whatever its wording, and the
tag before a project's name is kept apart and shown as a tag."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projects.importers.text import is_routine, split_name_tag
from projects.thai import arabic_to_thai_digits
from reports.documents import project_form_snapshot
from reports.printing import PrintMeta, project_form_html
from tests.factories import ProjectFactory

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
