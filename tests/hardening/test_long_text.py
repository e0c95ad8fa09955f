"""No stored denial of service: every text box has a stated limit, a 1 MB field is refused in Thai with the
rest of the form kept, long unbroken runs get break opportunities in the printed form."""

import re

import pytest
from django import forms

from projects import thai
from projects.forms.fields import LONG_TEXT_MAX
from projects.forms.plan import KpiForm, StepForm
from projects.forms.reports import ReportForm
from projects.forms.status import ProjectForm, StatusForm
from reports.forms import ProjectScoreForm, ScoreField

from .forms import post, write_forms
from .test_bad_input import stored

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "form_class", [ReportForm, StepForm, KpiForm, ProjectForm, StatusForm, ProjectScoreForm]
)
def test_every_text_box_has_a_limit_stated_in_thai(form_class, project):
    form = form_class(project=project) if form_class is StatusForm else form_class()
    boxes = [f for f in form.fields.values() if isinstance(f, forms.CharField) and not f.widget.is_hidden]
    assert boxes
    for field in boxes:
        if isinstance(field, ScoreField):
            continue  # a number, read and bounded as one
        assert field.max_length, field.label
        assert f"ไม่เกิน {field.max_length:,} ตัวอักษร" in str(field.help_text), field.label


def test_a_one_megabyte_field_is_refused_in_thai_and_the_rest_is_kept(as_role, project):
    form = next(f for f in write_forms(project) if f.name == "report-create")
    before = stored(project)
    huge = "ก" * 1_000_000
    response = post(as_role("staff"), form, text=huge, problems="น้ำท่วมพื้นที่ก่อสร้าง")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"ยาวเกินไป ใส่ได้ไม่เกิน {LONG_TEXT_MAX} ตัวอักษร (ขณะนี้ 1000000 ตัวอักษร)" in html
    assert "น้ำท่วมพื้นที่ก่อสร้าง" in html  # what else was typed is still there
    assert stored(project) == before


def test_a_request_too_large_even_for_that_gets_a_thai_page(as_role, project, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    form = next(f for f in write_forms(project) if f.name == "report-create")
    response = post(as_role("staff"), form, text="x" * 20_000)
    assert response.status_code == 400
    assert "ระบบรับคำขอนี้ไม่ได้" in response.content.decode()


def test_long_unbroken_runs_get_break_opportunities_and_thai_is_left_alone():
    url = "https://example.go.th/" + "a" * 100
    broken = thai.with_break_opportunities(f"ดูที่ {url} ครับ")
    assert broken.replace("\u200b", "") == f"ดูที่ {url} ครับ"
    assert not re.search(r"[^\s\u0e00-\u0e7f\u200b]{41}", broken)
    thai_text = "การดำเนินงานเป็นไปตามแผนที่วางไว้ทุกประการ" * 5
    assert thai.with_break_opportunities(thai_text) == thai_text
