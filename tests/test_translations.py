"""The English catalogue covers what the interface says; the printed forms stay Thai.

No database: these read the source, the catalogue and the choice classes.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from projects import choices
from reports.models import DocumentKind, PrintBatch

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale/en/LC_MESSAGES"
THAI = re.compile(r"[\u0E00-\u0E7F]")
TAG = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\})", re.S)

TRANSLATED_TEMPLATES = sorted(
    [
        *(ROOT / "templates/projects/forms").glob("*.html"),
        *(ROOT / "templates/projects/evidence").glob("*.html"),
        ROOT / "templates/projects/_project_actions.html",
        ROOT / "templates/projects/home.html",
        ROOT / "templates/projects/_month_entry.html",
        ROOT / "templates/projects/approvals.html",
        *(ROOT / "templates/projects").glob("_home_*.html"),
        ROOT / "templates/includes/form_errors.html",
        *(ROOT / "templates/reports").glob("*.html"),
        ROOT / "templates/403.html",
        *(ROOT / "templates/registration").glob("*.html"),
    ]
)
CHOICES = [
    choices.ProjectStatus,
    choices.PlanStatus,
    choices.TargetStatus,
    choices.KpiUnit,
    choices.KpiKind,
    choices.KpiLevel,
    choices.AgencyKind,
    choices.StrategyLevel,
    PrintBatch.State,
]


def untranslated_thai(template: str) -> list[str]:
    """Thai text of a template that is neither inside a translate tag nor a `_("…")` argument."""
    found, in_block = [], False
    for piece in TAG.split(template):
        if TAG.fullmatch(piece):
            in_block = piece.startswith("{% blocktranslate") or (in_block and not piece.startswith("{% end"))
            if piece.startswith(("{% translate", "{% blocktranslate", "{#")):
                continue
            if THAI.search(re.sub(r'_\("[^"]*"\)', "", piece)):
                found.append(piece)
        elif not in_block and THAI.search(piece):
            found.append(piece.strip())
    return found


@pytest.mark.parametrize("path", TRANSLATED_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_thai_text_of_the_page_templates_is_marked(path):
    assert untranslated_thai(path.read_text(encoding="utf-8")) == []


def test_printed_form_templates_are_never_translated():
    for path in (ROOT / "templates/reports/pdf").glob("*.html"):
        assert "translate" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("choice_class", CHOICES, ids=lambda c: c.__qualname__)
def test_every_choice_label_is_thai_by_default_and_english_in_english(choice_class):
    thai = [str(label) for label in choice_class.labels]
    with translation.override("en"):
        english = [str(label) for label in choice_class.labels]
    assert all(THAI.search(label) for label in thai)
    assert not any(THAI.search(label) for label in english), english


def test_choice_labels_read_as_the_civil_service_writes_them():
    with translation.override("en"):
        assert choices.PlanStatus.ON_PLAN.label == "On plan"
        assert choices.PlanStatus.MONITOR.label == "On plan but should be monitored"
        assert choices.PlanStatus.OFF_PLAN.label == "Not on plan"
        assert choices.TargetStatus.MET.label == "Meets target"
        assert choices.ProjectStatus.CANCELLED.label == "Cancelled"
        assert choices.StrategyLevel.GOAL.label == "Goal"
    assert choices.PlanStatus.ON_PLAN.label == "เป็นไปตามแผน"
    assert choices.ProjectStatus.CANCELLED.label == "ยกเลิก"


def test_printed_document_kinds_are_thai_titles_named_in_english_on_pages():
    assert DocumentKind.PROJECT_FORM.label == "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"
    with translation.override("en"):
        assert DocumentKind.PROJECT_FORM.label == "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"
        assert (
            translation.gettext(DocumentKind.PROJECT_FORM.label)
            == "Project progress and information report form"
        )


def test_thai_input_errors_read_in_english_keep_what_was_typed():
    from projects import thai
    from projects.forms.fields import input_error_message

    with pytest.raises(thai.ThaiInputError) as caught:
        thai.parse_be_date("25/10/2023")
    assert str(caught.value) == "ปี 2023 ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (เช่น 2566)"
    with translation.override("en"):
        assert input_error_message(caught.value) == (
            "The year 2023 looks like a Gregorian year. Enter the Buddhist Era year (e.g. 2566)"
        )


def has_empty_msgstr(lines: list[str]) -> bool:
    """An `msgstr ""` with no continuation lines (a long translation starts with `""` and goes on below)."""
    return any(
        re.fullmatch(r'msgstr(?:\[\d\])? ""', line)
        and (i + 1 == len(lines) or not lines[i + 1].startswith('"'))
        for i, line in enumerate(lines)
    )


def untranslated_entries(catalogue: Path) -> list[str]:
    """The entries of a `.po` file, after its header, with an empty `msgstr` / `msgstr[n]`, or fuzzy."""
    entries = catalogue.read_text(encoding="utf-8").split("\n\n")[1:]
    return [
        e
        for e in entries
        if not e.startswith("#~")
        and (has_empty_msgstr(e.rstrip("\n").split("\n")) or re.search(r"^#,.*fuzzy", e, re.M))
    ]


def test_every_catalogue_entry_has_its_english_plural_forms_too():
    """Singular and plural entries alike: no empty `msgstr` / `msgstr[n]` after the header, nothing fuzzy."""
    assert untranslated_entries(LOCALE / "django.po") == []
    entries = (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n")[1:]
    plurals = [e for e in entries if "msgid_plural" in e]
    assert plurals and all("msgstr[0]" in e and "msgstr[1]" in e for e in plurals)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext's xgettext")
def test_every_string_marked_in_the_source_is_in_the_english_catalogue(tmp_path):
    """The catalogue is extracted again from a copy of the source (`makemessages`, as a translator runs it):
    a string marked for translation but missing from the committed catalogue comes out empty or fuzzy."""
    for name in ("manage.py", "projects", "reports", "reminders", "tracker", "templates", "locale"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    missing = untranslated_entries(tmp_path / "locale/en/LC_MESSAGES/django.po")
    assert missing == [], "run `python manage.py makemessages -l en` and translate:\n" + "\n\n".join(missing)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
def test_compiled_catalogue_is_the_committed_po(tmp_path):
    """`django.mo` is compiled from the `django.po` next to it, so a translation added is a translation served."""
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(LOCALE / "django.po")],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes()


def test_file_sizes_role_names_and_admin_labels_read_in_english():
    from projects.admin import ProjectAdmin
    from projects.evidence import format_size
    from projects.roles import ADMINISTRATOR_LABEL, AGENCY_HEAD, ROLE_LABELS

    assert (format_size(512), str(ROLE_LABELS[AGENCY_HEAD])) == ("512 ไบต์", "หัวหน้าหน่วยงาน")
    with translation.override("en"):
        assert (format_size(1), format_size(512)) == ("1 byte", "512 bytes")
        assert (str(ROLE_LABELS[AGENCY_HEAD]), str(ADMINISTRATOR_LABEL)) == ("Agency head", "Administrator")
        assert [str(title) for title, _fields in ProjectAdmin.fieldsets[1:]] == [
            "Responsible",
            "Period and budget",
            "Project details",
            "Alignment with the development plan",
            "System record",
        ]
        assert str(ProjectAdmin.latest_progress_percent.short_description) == "Latest progress (%)"
