"""Reading one legacy file from disk, bounded: refused before reading when it is not a regular file or is
larger than the limit (`/dev/zero` or a 2 GB log must not fill the memory)."""

import os
import stat
from pathlib import Path

from .records import LegacyFileError


def _size(size: int) -> str:
    """`20.0 MB`, `117 KB`, `512 ไบต์`."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.1f} MB"
    if size >= 1024:
        return f"{size / 1024:,.0f} KB"
    return f"{size} ไบต์"


def read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The file's bytes; `LegacyFileError` when it cannot be opened, is not a regular file or is too large."""
    try:
        # Opened without blocking (a FIFO would wait for a writer) and checked on the open descriptor, so a
        # file swapped after a check on its name cannot slip through.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise LegacyFileError(f"เปิดไฟล์ไม่ได้ ({error.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise LegacyFileError("ไม่ใช่ไฟล์ข้อความธรรมดา (เป็นอุปกรณ์ ไดเรกทอรี หรือช่องทางข้อมูล) จึงไม่อ่าน")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:
            raise LegacyFileError(f"ไฟล์ใหญ่ {_size(info.st_size)} เกินขนาดที่รับได้ {_size(max_bytes)} จึงไม่อ่าน")
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:  # grew while being read
        raise LegacyFileError(f"ไฟล์ใหญ่เกินขนาดที่รับได้ {_size(max_bytes)} จึงไม่อ่าน")
    return raw
