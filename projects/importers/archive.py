"""Importing a whole archive of legacy files: which files, each file's outcome, and skipping the unchanged.

`read(path)` is pure (no ORM) so that it can run in worker processes; `store(read)` writes one file in one
transaction, together with the content hash that lets a later run skip it.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from projects.models import LegacyFile

from . import IMPORTER_VERSION
from .detect import parse_text
from .files import read_bytes
from .loader import load_project
from .records import LegacyFileError, ProjectRecord
from .text import decode

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
WARNED = "warned"
REFUSED = "refused"
OUTCOMES = [NEW, UPDATED, UNCHANGED, WARNED, REFUSED]

_LINE = re.compile(r"บรรทัด (\d+)")


def legacy_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the `.txt` files anywhere under the folders named, each once, in a stable order."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() == ".txt" and child.is_file():
                    found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)


@dataclass
class Read:
    """One file read and parsed (or refused), before anything is written."""

    path: Path
    sha256: str | None = None
    record: ProjectRecord | None = None
    error: LegacyFileError | None = None


@dataclass
class FileOutcome:
    path: Path
    outcome: str
    line: int | None = None
    reason: str = ""
    project_code: str | None = None
    fiscal_year: int | None = None
    reports: int = 0
    warnings: list[str] = field(default_factory=list)


def read(path: Path, *, max_bytes: int) -> Read:
    """The file's hash and parsed record, or its refusal. No database access."""
    try:
        raw = read_bytes(path, max_bytes=max_bytes)
    except LegacyFileError as error:
        return Read(path, error=error)
    result = Read(path, sha256=hashlib.sha256(raw).hexdigest())
    try:
        result.record = parse_text(decode(raw))
    except LegacyFileError as error:
        result.error = error
    return result


def already_imported(sha256: str) -> bool:
    return LegacyFile.objects.filter(sha256=sha256, importer_version=IMPORTER_VERSION).exists()


class _DryRun(Exception):
    """Raised inside the transaction to undo a dry run's writes."""


def store(result: Read, *, dry_run: bool = False, force: bool = False) -> FileOutcome:
    """Write what `read` found, in one transaction with the file's hash; a refusal writes nothing."""
    name = result.path.name
    if result.error is not None:
        return FileOutcome(result.path, REFUSED, result.error.line, result.error.reason)
    if not force and already_imported(result.sha256):
        return FileOutcome(result.path, UNCHANGED, reason="เนื้อหาเหมือนที่นำเข้าแล้ว")
    try:
        with transaction.atomic():
            loaded = load_project(record=result.record, source_name=name)
            LegacyFile.objects.update_or_create(
                sha256=result.sha256,
                importer_version=IMPORTER_VERSION,
                defaults={"name": str(result.path)[-1000:], "project": loaded.project},
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except LegacyFileError as error:
        return FileOutcome(result.path, REFUSED, error.line, error.reason)
    outcome = FileOutcome(
        result.path,
        NEW if loaded.created else UPDATED,
        project_code=loaded.project.code,
        fiscal_year=loaded.project.fiscal_year,
        reports=loaded.reports,
        warnings=loaded.warnings,
    )
    if loaded.warnings:
        outcome.outcome = WARNED
        first = _LINE.search(loaded.warnings[0])
        outcome.line = int(first.group(1)) if first else None
        outcome.reason = " | ".join(loaded.warnings)
    return outcome


def read_all(paths: list[Path], *, max_bytes: int, workers: int) -> Iterator[Read]:
    """`read` over the files, in their order; in `workers` processes when more than one (parsing is the
    larger part of the work and needs no database). A handful of files is not worth the processes."""
    if workers <= 1 or len(paths) < 100:
        for path in paths:
            yield read(path, max_bytes=max_bytes)
        return
    import functools
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(functools.partial(read, max_bytes=max_bytes), paths, chunksize=8)
