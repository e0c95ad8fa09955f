"""Round trip, as a property: what the test-only writer (`tests/legacy_writer.py`) writes of a random project
in either legacy format, with the noise real files have, imports back as that project's fields (those the
format carries); and a file cut anywhere is refused or reported, never silently short.

The examples per test follow the Hypothesis profile: CI-sized by default, thousands with
`HYPOTHESIS_PROFILE=thorough`.
"""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.importers.detect import parse_text
from projects.importers.records import LegacyFileError
from tests import legacy_writer as writer

# The writer draws everything from one seeded generator, so Hypothesis explores and replays by that seed.
generators = st.randoms(use_true_random=False)
_RELAXED = settings(suppress_health_check=[HealthCheck.too_slow])


def _collapsed(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def _common(record, project: writer.Project) -> None:
    assert record.code == project.code
    # the tag comes back apart, whatever digits or spacing it was written with; the name starts with its word
    assert (record.name_tag, record.name) == (project.name_tag, project.name)
    assert record.fiscal_year == project.fiscal_year
    assert record.agency_code == project.agency_code
    assert (record.responsible, record.phone) == (project.responsible, project.phone)
    assert record.routine is (project.strategy is None)
    assert record.strategy == project.strategy
    assert [(r.number, r.date, r.progress, r.text) for r in record.reports] == [
        (r.number, r.date, r.progress, r.text) for r in project.reports
    ]


@_RELAXED
@given(generators)
def test_web_page_gives_back_the_project(rng: random.Random):
    project = writer.random_project(rng)
    record = parse_text(writer.web_page(project, rng))
    _common(record, project)
    # the page runs each text on one line: its words come back, its paragraph breaks are not carried
    assert _collapsed(record.rationale) == " ".join(project.rationale)
    assert _collapsed(record.targets) == " ".join(project.targets)
    assert [(r.problems, r.obstacles) for r in record.reports] == [
        (r.problems, r.obstacles) for r in project.reports
    ]
    assert record.warnings == []


@_RELAXED
@given(generators)
def test_printed_form_gives_back_the_project(rng: random.Random):
    project = writer.random_project(rng)
    record = parse_text(writer.printed_form(project, rng))
    _common(record, project)
    assert record.agency_names == project.agency_names
    assert record.coordinator == project.coordinator
    assert (record.start_date, record.end_date, record.budget_received) == (
        project.start,
        project.end,
        project.budget,
    )
    # paragraphs and numbered items come back as the project had them, not as the old layout's lines
    assert record.rationale == "\n".join(project.rationale)
    assert record.objectives == "\n".join(f"{i}. {o}" for i, o in enumerate(project.objectives, 1))
    assert record.targets == "\n".join(f"{i}. {o}" for i, o in enumerate(project.targets, 1))
    assert record.strategy_indicator == project.indicator
    assert [(r.disbursed, (r.plan_status, r.target_status)) for r in record.reports] == [
        (r.disbursed, writer.expected_statuses(r)) for r in project.reports
    ]
    assert record.warnings == []


@_RELAXED
@given(generators, st.sampled_from(["web_page", "printed_form"]), st.floats(0, 1, exclude_max=True))
def test_a_file_cut_anywhere_is_refused_or_reported(rng: random.Random, form: str, where: float):
    project = writer.random_project(rng)
    text = getattr(writer, form)(project, rng)
    whole = parse_text(text)
    cut = text[: int(len(text) * where)]
    try:
        record = parse_text(cut)
    except LegacyFileError as error:
        assert error.line, "a refusal names its line"
        return
    if writer.record_facts(record) != writer.record_facts(whole):
        assert [w for w in record.warnings if w not in whole.warnings], f"cut at {len(cut)} of {len(text)}"
