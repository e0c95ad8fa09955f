"""The importer under a few hundred mutations of the legacy seeds, with a fixed seed so a failure replays:
no traceback (a file is read or refused with a `LegacyFileError`), no partial write (a refused file leaves
the database as it was), and a file cut anywhere is refused or reported, never silently short."""

import random
from pathlib import Path

import pytest
from django.db import transaction

from projects.importers.detect import parse_text
from projects.importers.loader import load_project
from projects.importers.records import LegacyFileError
from projects.importers.text import decode
from projects.models import Agency, ProgressReport, Project
from tests import legacy_writer as writer

SEED = 20261201
SEEDS = sorted(Path(__file__).resolve().parents[2].joinpath("legacy").glob("*.txt"))
MUTATIONS = 300


def _read(raw: bytes):
    """The parsed record, or the refusal; any other exception fails the test with its traceback."""
    try:
        return parse_text(decode(raw))
    except LegacyFileError as error:
        assert error.reason and error.line, f"refusal without a reason or a line: {error!r}"
        return error


def _mutate(rng: random.Random, raw: bytes) -> tuple[str, bytes]:
    lines = raw.split(b"\n")
    kind = rng.choice(["cut-bytes", "cut-lines", "delete", "duplicate", "swap", "byte", "digits", "blank"])
    if kind == "cut-bytes":
        return kind, raw[: rng.randrange(len(raw))]
    if kind == "cut-lines":
        return kind, b"\n".join(lines[: rng.randrange(len(lines))])
    i = rng.randrange(len(lines))
    if kind == "delete":
        del lines[i : i + rng.randint(1, 8)]
    elif kind == "duplicate":
        lines[i:i] = lines[i : i + rng.randint(1, 5)]
    elif kind == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "byte":
        line = lines[i]
        at = rng.randrange(len(line) + 1)
        lines[i] = line[:at] + bytes([rng.randrange(256)]) + line[at:]
    elif kind == "digits":
        lines[i] = bytes(rng.choice(b"0123456789") if 48 <= b <= 57 else b for b in lines[i])
    else:
        lines[i] = b""
    return kind, b"\n".join(lines)


def _cases():
    rng = random.Random(SEED)
    originals = {path.name: path.read_bytes() for path in SEEDS}
    for n in range(MUTATIONS):
        name = rng.choice(sorted(originals))
        kind, raw = _mutate(rng, originals[name])
        yield n, name, kind, raw


def test_mutated_seeds_are_read_or_refused_and_cuts_are_never_silent():
    full = {path.name: parse_text(decode(path.read_bytes())) for path in SEEDS}
    outcomes = {"read": 0, "refused": 0}
    for n, name, kind, raw in _cases():
        result = _read(raw)
        if isinstance(result, LegacyFileError):
            outcomes["refused"] += 1
            continue
        outcomes["read"] += 1
        if kind.startswith("cut") and writer.record_facts(result) != writer.record_facts(full[name]):
            new = [w for w in result.warnings if w not in full[name].warnings]
            assert new, f"mutation {n} ({kind} of {name}, {len(raw)} bytes) is silently short"
    # the mutations really exercised both ways out
    assert outcomes["read"] > 50 and outcomes["refused"] > 50, outcomes


def _state() -> tuple:
    return (
        list(Project.objects.order_by("pk").values_list("pk", "version", "name", "rationale")),
        list(ProgressReport.objects.order_by("pk").values_list("pk", "version", "text", "progress")),
        Agency.objects.count(),
    )


@pytest.mark.django_db
def test_a_mutated_file_is_written_whole_or_not_at_all():
    """Every 5th mutation is loaded over the seeds already imported: a refusal leaves every row as it was."""
    for path in SEEDS:
        load_project(record=parse_text(decode(path.read_bytes())), source_name=path.name)
    loaded = refused = 0
    for n, name, _, raw in _cases():
        if n % 5:
            continue
        before = _state()
        try:
            with transaction.atomic():
                load_project(record=parse_text(decode(raw)), source_name=f"mutation-{n}-{name}")
            loaded += 1
        except LegacyFileError:
            refused += 1
            assert _state() == before, f"mutation {n} of {name} was refused but wrote"
    assert loaded and refused
