"""Tiny but real files of every kind, built from bytes."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

ENDOFCHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"


def gif() -> bytes:
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
        b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )


def webp() -> bytes:
    body = b"WEBPVP8L" + struct.pack("<I", 10) + b"\x2f\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _zip(members: dict[str, bytes], *, first: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if first:
            z.writestr(zipfile.ZipInfo(first), members[first], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != first:
                z.writestr(name, data)
    return buf.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{ct}"/></Types>'
)


def docx(*, macros: bool = False) -> bytes:
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    if macros:
        ct = "application/vnd.ms-word.document.macroEnabled.main+xml"
    members = {
        "[Content_Types].xml": CONTENT_TYPES.format(part="word/document.xml", ct=ct).encode(),
        "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
        "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="w"><w:body/></w:document>',
    }
    if macros:
        members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0"
    return _zip(members)


def xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "惠民"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pptx() -> bytes:
    ct = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(part="ppt/presentation.xml", ct=ct).encode(),
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            "ppt/presentation.xml": b'<?xml version="1.0"?><p:presentation xmlns:p="p"/>',
        }
    )


def opendocument(kind: str) -> bytes:
    return _zip(
        {
            "mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
            "content.xml": b'<?xml version="1.0"?><office:document-content xmlns:office="o"/>',
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest/>',
        },
        first="mimetype",
    )


def plain_zip() -> bytes:
    return _zip({"readme.txt": b"hello", "data/a.csv": b"a,b\n1,2\n"})


def compound(*stream_names: str) -> bytes:
    """A minimal OLE2 compound file whose root holds empty streams with these names (512-byte sectors)."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<II", header, 0x3C, ENDOFCHAIN, 0)
    struct.pack_into("<II", header, 0x44, ENDOFCHAIN, 0)
    difat = [0] + [FREE] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)

    fat = [0xFFFFFFFD, ENDOFCHAIN] + [FREE] * 126
    fat_sector = struct.pack("<128I", *fat)

    def entry(name: str, kind: int, left=NOSTREAM, right=NOSTREAM, child=NOSTREAM) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le")
        raw[: len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 0x40, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 0x44, left, right, child)
        struct.pack_into("<IQ", raw, 0x74, ENDOFCHAIN, 0)
        return bytes(raw)

    names = list(stream_names)[:3]
    # The root's child is the middle stream; the others hang left and right of it (a tiny red-black tree).
    entries = [entry("Root Entry", 5, child=1 if names else NOSTREAM)]
    if names:
        left = 2 if len(names) > 1 else NOSTREAM
        right = 3 if len(names) > 2 else NOSTREAM
        entries.append(entry(names[0], 2, left=left, right=right))
        entries.extend(entry(n, 2) for n in names[1:])
    while len(entries) < 4:
        entries.append(bytes(128)[:0x44] + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) + bytes(128 - 0x50))
    return bytes(header) + fat_sector + b"".join(entries)


def doc() -> bytes:
    return compound("1Table", "WordDocument", "\x05SummaryInformation")


def xls() -> bytes:
    return compound("Workbook", "\x05SummaryInformation")


def ppt() -> bytes:
    return compound("Current User", "PowerPoint Document")


def html() -> bytes:
    return b"<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n"


def svg() -> bytes:
    return b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'


def exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64


def shell_script() -> bytes:
    return b"#!/bin/sh\nrm -rf /tmp/x\n"


def text() -> bytes:
    return "名称,金额\n社区服务,1000\n".encode()
