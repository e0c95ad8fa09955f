"""Importing a whole archive of legacy files: which files, each file's outcome, and skipping the unchanged.

`read(path)` is pure (no ORM) so that it can run in worker processes; `store(read)` writes one file in one
transaction, together with the content hash that lets a later run skip it.
"""

import hashlib
import multiprocessing
import re
from collections import deque
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import transaction

from projects.models import LegacyFile

from . import IMPORTER_VERSION
from .detect import parse_text
from .files import read_bytes
from .loader import Known, load_project
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
    # its content was imported already (its hash was known when the run began): not parsed
    known: bool = False


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


def read(path: Path, *, max_bytes: int, skip: Collection[str] = ()) -> Read:
    """The file's hash and parsed record, or its refusal; a file whose hash is in `skip` is not parsed. No
    database access."""
    try:
        raw = read_bytes(path, max_bytes=max_bytes)
    except LegacyFileError as error:
        return Read(path, error=error)
    result = Read(path, sha256=hashlib.sha256(raw).hexdigest())
    if result.sha256 in skip:
        result.known = True
        return result
    try:
        result.record = parse_text(decode(raw))
    except LegacyFileError as error:
        result.error = error
    return result


def imported_hashes() -> set[str]:
    """The hashes this version of the importer has stored: a re-run reads those files without parsing them."""
    return set(LegacyFile.objects.filter(importer_version=IMPORTER_VERSION).values_list("sha256", flat=True))


def already_imported(sha256: str) -> bool:
    return LegacyFile.objects.filter(sha256=sha256, importer_version=IMPORTER_VERSION).exists()


class _DryRun(Exception):
    """Raised inside the transaction to undo a dry run's writes."""


def store(
    result: Read, *, dry_run: bool = False, force: bool = False, known: Known | None = None
) -> FileOutcome:
    """Write what `read` found, in one transaction with the file's hash; a refusal writes nothing. `known`
    carries what the run's earlier files read, and is forgotten when this file's writes are undone."""
    name = result.path.name
    if result.error is not None:
        return FileOutcome(result.path, REFUSED, result.error.line, result.error.reason)
    if not force and (result.known or already_imported(result.sha256)):
        return FileOutcome(result.path, UNCHANGED, reason="เนื้อหาเหมือนที่นำเข้าแล้ว")
    known = known if known is not None else Known()
    kept = False
    try:
        with transaction.atomic():
            loaded = load_project(record=result.record, source_name=name, known=known)
            # One statement whether the hash is new or (with --force) stored already.
            LegacyFile.objects.bulk_create(
                [
                    LegacyFile(
                        sha256=result.sha256,
                        importer_version=IMPORTER_VERSION,
                        name=str(result.path)[-1000:],
                        project=loaded.project,
                    )
                ],
                update_conflicts=True,
                unique_fields=["sha256", "importer_version"],
                update_fields=["name", "project", "imported_at"],
            )
            if dry_run:
                raise _DryRun
        kept = True
    except _DryRun:
        pass
    except LegacyFileError as error:
        return FileOutcome(result.path, REFUSED, error.line, error.reason)
    finally:
        if not kept:
            known.forget()
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


# Files handed to a worker at a time, and batches in flight: enough to keep both sides busy, few enough that
# parsed records never pile up in memory when writing is the slower side.
CHUNK = 8
WINDOW = 8

# What a worker process skips (set once per worker by `_start_worker`, not sent with every chunk).
_skip: Collection[str] = ()


def _start_worker(skip: Collection[str]) -> None:
    global _skip
    _skip = skip


def _read_chunk(paths: list[Path], max_bytes: int) -> list[Read]:
    return [read(path, max_bytes=max_bytes, skip=_skip) for path in paths]


def read_all(
    paths: list[Path], *, max_bytes: int, workers: int, skip: Collection[str] = ()
) -> Iterator[Read]:
    """`read` over the files, in their order; in `workers` processes when more than one (parsing needs no
    database, so it runs beside the writing). At most `WINDOW` chunks of `CHUNK` files are read ahead of what
    the caller has taken, so memory stays flat however many files there are and however slow the writing.
    A handful of files is not worth the processes."""
    if workers <= 1 or len(paths) < 100:
        for path in paths:
            yield read(path, max_bytes=max_bytes, skip=skip)
        return
    chunks = (paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(skip,)
    ) as pool:
        pending = deque(pool.submit(_read_chunk, chunk, max_bytes) for chunk in islice(chunks, WINDOW))
        while pending:
            done = pending.popleft().result()
            if (chunk := next(chunks, None)) is not None:
                pending.append(pool.submit(_read_chunk, chunk, max_bytes))
            yield from done
