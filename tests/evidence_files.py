"""Files for evidence tests, made here byte for byte: photos with and without EXIF, documents, hostile files."""

import io
import struct
import zipfile
import zlib

import openpyxl
import pillow_heif
from PIL import ExifTags, Image

# Where the photo of the repaired footpath was taken (Bang Rak): what must never reach the stored file.
LATITUDE = (13.0, 43.0, 30.0)
LONGITUDE = (100.0, 31.0, 12.0)


def jpeg_with_gps(size=(64, 48), orientation: int = 6) -> bytes:
    """A phone photo: camera make and model, GPS position, and "rotate 90°" in its EXIF."""
    image = Image.new("RGB", size, "red")
    image.paste((0, 0, 255), (0, 0, size[0] // 2, size[1]))  # left half blue: shows the turn
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS R6"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = LONGITUDE
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def png(size=(40, 30), color="green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def heic(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", size, "orange")).save(out, quality=60)
    return out.getvalue()


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document>สัญญาจ้าง</w:document>")
    return out.getvalue()


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "รายการเบิกจ่าย"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docm() -> bytes:
    """A Word document with macros, renamed .docx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "ไม่ใช่เอกสาร")
    return out.getvalue()


def html() -> bytes:
    return b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program"


def elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def image_bomb(width=60000, height=60000) -> bytes:
    """A valid PNG header declaring 3.6 billion pixels: tiny on disk, gigabytes once decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def broken_jpeg() -> bytes:
    """A JPEG cut after its first bytes: the type says photo, the pixels are not there."""
    return jpeg_with_gps()[:200]


def stored(report, content: bytes, name: str, caption: str = ""):
    """An evidence row with its files, written straight to the database (no service, no quarter lock)."""
    from django.core.files.base import ContentFile

    from projects.evidence import check_file
    from projects.models import Evidence

    checked = check_file(content, name, max_bytes=10**8, max_pixels=10**8)
    evidence = Evidence(
        report=report,
        name=checked.name,
        size=checked.size,
        content_type=checked.kind.content_type,
        sha256=checked.sha256,
        caption=caption,
    )
    evidence.file.save(f"f.{checked.kind.extension}", ContentFile(checked.content), save=False)
    if checked.thumbnail:
        evidence.thumbnail.save("t.jpg", ContentFile(checked.thumbnail), save=False)
    evidence.save()
    return evidence
