"""Files of evidence, checked and cleaned before anything is stored (pure: no ORM, no storage).

The type is read from the content (`filetype`), never from the name: JPEG, PNG and HEIC/HEIF photos, PDF,
Word (DOCX) and Excel (XLSX) documents. Photos are decoded with Pillow, turned upright by their EXIF
orientation and encoded again without any metadata (GPS position, camera, date), and get a JPEG thumbnail;
HEIC/HEIF photos are stored as JPEG, which every browser and the PDF printer can show. Documents are kept
byte for byte. The SHA-256 is of the bytes that are stored.

Every refusal is an `EvidenceRefused` with a Thai message naming the file.
"""

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import filetype
import pillow_heif
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from . import thai
from .models import EVIDENCE_CAPTION_MAX_LENGTH, EVIDENCE_NAME_MAX_LENGTH

pillow_heif.register_heif_opener()

THUMBNAIL_SIZE = (480, 480)
JPEG_QUALITY = 88
# What a file name becomes when nothing of it is left after cleaning.
FALLBACK_STEM = "หลักฐาน"


@dataclass(frozen=True)
class Kind:
    """An accepted type: the MIME type stored, the extension it is stored and downloaded with, and its label."""

    content_type: str
    extension: str
    label: str
    photo: bool = False


JPEG = Kind("image/jpeg", "jpg", "JPEG", photo=True)
PNG = Kind("image/png", "png", "PNG", photo=True)
PDF = Kind("application/pdf", "pdf", "PDF")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX")
KINDS = {kind.content_type: kind for kind in (JPEG, PNG, PDF, DOCX, XLSX)}
# Photos from phones: decoded and stored as JPEG.
HEIF_TYPES = {"image/heic", "image/heif"}
# Office documents are zip files; the folder inside tells a Word document from a spreadsheet.
OFFICE_FOLDERS = {DOCX: "word/", XLSX: "xl/"}
ACCEPT = "image/*,.heic,.heif,.jpg,.jpeg,.png,.pdf,.docx,.xlsx"

_UNSAFE_NAME_CHARACTERS = re.compile(r'[<>:"|?*\\/]')


class EvidenceRefused(ValueError):
    """A file that is not stored; the message is Thai and names the file."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CheckedFile:
    """A file ready to store: what is stored, under which display name, and its fingerprint."""

    name: str
    content: bytes
    kind: Kind
    sha256: str
    thumbnail: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.content)


def kind_label(content_type: str) -> str:
    """`JPEG`, `PDF`, … for a stored content type.

    >>> kind_label("application/pdf")
    'PDF'
    """
    kind = KINDS.get(content_type)
    return kind.label if kind else content_type


def format_size(size: int) -> str:
    """A file size as people read it.

    >>> format_size(512), format_size(2048), format_size(3 * 1024 * 1024 + 1)
    ('512 ไบต์', '2.0 KB', '3.0 MB')
    """
    if size < 1024:
        return ngettext("%(size)s ไบต์", "%(size)s ไบต์", size) % {"size": size}
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _readable(name: str) -> str:
    """The last part of a path, one line, without control characters."""
    text = thai.normalize_line(unicodedata.normalize("NFC", name or "")) or ""
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))


def clean_name(name: str, extension: str) -> str:
    """The name shown and downloaded: no folders, no control or reserved characters, the extension of the
    stored type, at most `EVIDENCE_NAME_MAX_LENGTH` characters. Thai is kept.

    >>> clean_name("../../etc/passwd", "pdf")
    'passwd.pdf'
    >>> clean_name("ภาพถ่ายทางเท้า.HEIC", "jpg")
    'ภาพถ่ายทางเท้า.jpg'
    >>> clean_name("...", "png")
    'หลักฐาน.png'
    """
    text = _UNSAFE_NAME_CHARACTERS.sub("_", _readable(name))
    stem = text.rsplit(".", 1)[0] if "." in text.strip(".") else text
    stem = " ".join(stem.split()).strip(" ._-")
    room = EVIDENCE_NAME_MAX_LENGTH - len(extension) - 1
    stem = stem[:room].rstrip(" ._-")
    return f"{stem or FALLBACK_STEM}.{extension}"


def clean_caption(caption: str | None) -> str:
    """The caption as stored: one line, Thai normalised, no control characters.

    Raises `EvidenceRefused` when it is longer than `EVIDENCE_CAPTION_MAX_LENGTH`.
    """
    text = thai.normalize_line(caption or "") or ""
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    if len(text) > EVIDENCE_CAPTION_MAX_LENGTH:
        raise EvidenceRefused(
            _("คำอธิบายยาว %(length)s ตัวอักษร เกินกว่าที่รับได้ (%(limit)s ตัวอักษร) กรุณาเขียนให้สั้นลง")
            % {"length": len(text), "limit": EVIDENCE_CAPTION_MAX_LENGTH},
            "caption_too_long",
        )
    return text


def _refuse(message: str, code: str, name: str, **params) -> EvidenceRefused:
    shown = _readable(name)
    shown = (shown[:60] + "…" if len(shown) > 61 else shown) or FALLBACK_STEM
    return EvidenceRefused(
        _("ไฟล์ “%(name)s”: ") % {"name": shown} + (message % params if params else message), code
    )


def too_large(name: str, size: int, limit: int) -> EvidenceRefused:
    return _refuse(
        _("มีขนาด %(size)s เกินขนาดที่รับได้ต่อไฟล์ (%(limit)s) กรุณาย่อขนาดหรือแยกไฟล์"),
        "too_large",
        name,
        size=format_size(size),
        limit=format_size(limit),
    )


def _office_kind(content: bytes, detected: str | None) -> Kind | None:
    """DOCX or XLSX when the zip holds a Word document's or a spreadsheet's folder, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    # Not an Office document, or one carrying macros (a .docm/.xlsm renamed): neither is accepted.
    if "[Content_Types].xml" not in names or any(n.lower().endswith("vbaproject.bin") for n in names):
        return None
    for kind, folder in OFFICE_FOLDERS.items():
        if any(n.startswith(folder) for n in names) and detected in (
            None,
            "application/zip",
            kind.content_type,
        ):
            return kind
    return None


def detect(content: bytes) -> Kind | str | None:
    """The accepted kind of the content, "heif" for a phone photo to convert, None for anything else."""
    guess = filetype.guess_mime(content)
    if guess in HEIF_TYPES:
        return "heif"
    if guess in (JPEG.content_type, PNG.content_type, PDF.content_type):
        return KINDS[guess]
    if guess in (None, "application/zip", DOCX.content_type, XLSX.content_type):
        return _office_kind(content, guess)
    return None


def _photo(content: bytes, name: str, kind: Kind, max_pixels: int) -> tuple[bytes, bytes, Kind]:
    """Decode, check the size, turn upright, encode again without metadata; the thumbnail."""
    broken = _("ไฟล์ภาพเสียหรือไม่สมบูรณ์ ระบบเปิดภาพนี้ไม่ได้ กรุณาถ่ายหรือส่งออกภาพใหม่")
    bomb = _(
        "ภาพมีขนาด %(width)s × %(height)s จุด ใหญ่เกินกว่าที่ระบบรับได้ (ไม่เกิน %(limit)s ล้านจุด) กรุณาย่อขนาดภาพก่อนแนบ"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            width, height = image.size
            if width * height > max_pixels:
                raise _refuse(
                    bomb, "image_bomb", name, width=width, height=height, limit=f"{max_pixels / 1e6:g}"
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except EvidenceRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(
            bomb, "image_bomb", name, width="?", height="?", limit=f"{max_pixels / 1e6:g}"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise _refuse(broken, "broken_image", name) from None
    keep_alpha = kind is PNG
    if keep_alpha:
        clean = upright.convert(
            "RGBA" if "A" in upright.getbands() or "transparency" in upright.info else "RGB"
        )
    else:
        clean = upright.convert("RGB")
    # A new image holds pixels only: no EXIF, GPS, XMP, comments or text chunks come along.
    bare = Image.new(clean.mode, clean.size)
    bare.paste(clean)
    out = io.BytesIO()
    if kind is PNG:
        bare.save(out, format="PNG", optimize=True)
    else:
        bare.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    thumb = bare.convert("RGB")
    thumb.thumbnail(THUMBNAIL_SIZE)
    thumb_out = io.BytesIO()
    thumb.save(thumb_out, format="JPEG", quality=80)
    return out.getvalue(), thumb_out.getvalue(), kind


def check_file(content: bytes, name: str, *, max_bytes: int, max_pixels: int) -> CheckedFile:
    """Check one file and prepare what is stored; raises `EvidenceRefused` with a Thai message."""
    if not content:
        raise _refuse(_("เป็นไฟล์ว่าง (0 ไบต์) กรุณาเลือกไฟล์ใหม่"), "empty", name)
    if len(content) > max_bytes:
        raise too_large(name, len(content), max_bytes)
    kind = detect(content)
    if kind is None:
        raise _refuse(
            _(
                "ไม่ใช่ไฟล์ประเภทที่รับ (ระบบตรวจจากเนื้อไฟล์ ไม่ใช่จากชื่อ) "
                "รับเฉพาะภาพถ่าย JPEG, PNG, HEIC และเอกสาร PDF, Word (DOCX), Excel (XLSX)"
            ),
            "type",
            name,
        )
    thumbnail = None
    if kind == "heif" or kind.photo:
        content, thumbnail, kind = _photo(content, name, JPEG if kind == "heif" else kind, max_pixels)
    return CheckedFile(
        name=clean_name(name, kind.extension),
        content=content,
        kind=kind,
        sha256=hashlib.sha256(content).hexdigest(),
        thumbnail=thumbnail,
    )
