"""What a file really is, read from its bytes — never from its name or the browser's claimed type.

Accepted: PDF, PNG, JPEG, GIF, WebP, Word/Excel/PowerPoint (legacy compound files and Office Open XML) and
OpenDocument text/spreadsheet/presentation. Everything else is named as precisely as the bytes allow (HTML page,
SVG image, script, Windows program, ZIP archive…) so that the refusal can say what was sent.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    kind: str  # stable code: "pdf", "png", "docx", … or, for refused files, "html", "exe", "zip", …
    label: Promise | str  # human name, e.g. "PNG image"
    accepted: bool = False
    extension: str = ""  # stored extension of an accepted kind
    content_type: str = "application/octet-stream"
    family: str = ""  # which claimed extensions fit this kind (see FAMILY_EXTENSIONS)


def _accepted(kind: str, label, extension: str, content_type: str, family: str) -> FileKind:
    return FileKind(kind, label, True, extension, content_type, family)


OOXML = "application/vnd.openxmlformats-officedocument"
ODF = "application/vnd.oasis.opendocument"

ACCEPTED: dict[str, FileKind] = {
    k.kind: k
    for k in (
        _accepted("pdf", _("PDF document"), "pdf", "application/pdf", "pdf"),
        _accepted("png", _("PNG image"), "png", "image/png", "image"),
        _accepted("jpeg", _("JPEG image"), "jpg", "image/jpeg", "image"),
        _accepted("gif", _("GIF image"), "gif", "image/gif", "image"),
        _accepted("webp", _("WebP image"), "webp", "image/webp", "image"),
        _accepted("doc", _("Word document (.doc)"), "doc", "application/msword", "word"),
        _accepted("xls", _("Excel workbook (.xls)"), "xls", "application/vnd.ms-excel", "excel"),
        _accepted("ppt", _("PowerPoint presentation (.ppt)"), "ppt", "application/vnd.ms-powerpoint", "powerpoint"),
        _accepted("docx", _("Word document (.docx)"), "docx", f"{OOXML}.wordprocessingml.document", "word"),
        _accepted("xlsx", _("Excel workbook (.xlsx)"), "xlsx", f"{OOXML}.spreadsheetml.sheet", "excel"),
        _accepted(
            "pptx", _("PowerPoint presentation (.pptx)"), "pptx", f"{OOXML}.presentationml.presentation", "powerpoint"
        ),
        _accepted("odt", _("OpenDocument text (.odt)"), "odt", f"{ODF}.text", "odt"),
        _accepted("ods", _("OpenDocument spreadsheet (.ods)"), "ods", f"{ODF}.spreadsheet", "ods"),
        _accepted("odp", _("OpenDocument presentation (.odp)"), "odp", f"{ODF}.presentation", "odp"),
    )
}

# A file may be called by any extension of its family: a Word document saved as .doc by WPS Office may well be
# an Office Open XML file inside, and a photo called .jpg may be a PNG. Other mismatches are refused.
FAMILY_EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "image": frozenset({"png", "jpg", "jpeg", "jpe", "jfif", "gif", "webp"}),
    "word": frozenset({"doc", "docx", "wps"}),
    "excel": frozenset({"xls", "xlsx", "et"}),
    "powerpoint": frozenset({"ppt", "pptx", "dps", "pps", "ppsx"}),
    "odt": frozenset({"odt"}),
    "ods": frozenset({"ods"}),
    "odp": frozenset({"odp"}),
}


def _refused(kind: str, label) -> FileKind:
    return FileKind(kind, label)


REFUSED: dict[str, FileKind] = {
    k.kind: k
    for k in (
        _refused("html", _("HTML page")),
        _refused("svg", _("SVG image (it can carry scripts)")),
        _refused("xml", _("XML document")),
        _refused("script", _("script")),
        _refused("text", _("plain text file")),
        _refused("rtf", _("RTF document")),
        _refused("postscript", _("PostScript file")),
        _refused("exe", _("Windows program")),
        _refused("elf", _("Linux program")),
        _refused("macho", _("macOS program")),
        _refused("java", _("Java program")),
        _refused("zip", _("ZIP archive")),
        _refused("zip-damaged", _("damaged ZIP archive")),
        _refused("jar", _("Java archive")),
        _refused("apk", _("Android app")),
        _refused("rar", _("RAR archive")),
        _refused("7z", _("7-Zip archive")),
        _refused("gzip", _("gzip archive")),
        _refused("bzip2", _("bzip2 archive")),
        _refused("xz", _("xz archive")),
        _refused("cab", _("Windows cabinet archive")),
        _refused("bmp", _("BMP image")),
        _refused("tiff", _("TIFF image")),
        _refused("heic", _("HEIC image")),
        _refused("video", _("video")),
        _refused("audio", _("audio recording")),
        _refused("office-macro", _("Office document with macros")),
        _refused("office-encrypted", _("password-protected Office document")),
        _refused("office-other", _("Office file of another kind")),
        _refused("ole-other", _("Microsoft compound file that is not a Word, Excel or PowerPoint document")),
        _refused("ole-damaged", _("damaged Microsoft compound file")),
        _refused("opendocument-other", _("OpenDocument file of another kind")),
        _refused("unknown", _("file of unknown type")),
    )
}


def _read_head(f: BinaryIO) -> bytes:
    f.seek(0)
    head = f.read(HEAD_BYTES)
    f.seek(0)
    return head


def detect(f: BinaryIO) -> FileKind:
    """The kind of the (seekable, binary) file `f`, from its bytes. Leaves `f` at position 0."""
    head = _read_head(f)
    try:
        return _detect(f, head)
    finally:
        f.seek(0)


def _detect(f: BinaryIO, head: bytes) -> FileKind:
    if head.startswith(b"%PDF-"):
        return ACCEPTED["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ACCEPTED["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return ACCEPTED["jpeg"]
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ACCEPTED["gif"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ACCEPTED["webp"]
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _detect_compound(f)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _detect_zip(f)
    return REFUSED[_refused_kind(head)]


# --- refused kinds, named as precisely as the bytes allow -----------------------------------------------------------

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "exe"),
    (b"\x7fELF", "elf"),
    (b"\xfe\xed\xfa\xce", "macho"),
    (b"\xfe\xed\xfa\xcf", "macho"),
    (b"\xce\xfa\xed\xfe", "macho"),
    (b"\xcf\xfa\xed\xfe", "macho"),
    (b"\xca\xfe\xba\xbe", "java"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"MSCF", "cab"),
    (b"{\\rtf", "rtf"),
    (b"%!PS", "postscript"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
    (b"ID3", "audio"),
    (b"OggS", "audio"),
    (b"fLaC", "audio"),
    (b"\x1aE\xdf\xa3", "video"),
)

# Tags that make a browser treat the content as HTML when it starts with them (WHATWG MIME sniffing), and tags
# that mark a page wherever they appear.
_HTML_START_TAGS = (
    "<!doctype html",
    "<html",
    "<head",
    "<script",
    "<iframe",
    "<h1",
    "<div",
    "<font",
    "<table",
    "<a",
    "<style",
    "<title",
    "<b",
    "<body",
    "<br",
    "<p",
    "<!--",
)
_HTML_ANYWHERE = ("<!doctype html", "<html", "<script", "<iframe", "<body", "<object", "<embed")


def _looks_like_html(lowered: str) -> bool:
    for tag in _HTML_START_TAGS:
        if lowered.startswith(tag) and (
            tag == "<!--" or lowered[len(tag) : len(tag) + 1] in (" ", ">", "\t", "\n", "\r")
        ):
            return True
    return any(marker in lowered for marker in _HTML_ANYWHERE)


def _refused_kind(head: bytes) -> str:
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "heic" if brand in (b"heic", b"heix", b"mif1", b"msf1", b"avif") else "video"
    if head[:4] == b"RIFF":
        return "audio" if head[8:12] == b"WAVE" else "video" if head[8:12] == b"AVI " else "unknown"
    text = _as_text(head)
    if text is None:
        for signature, kind in _BINARY_SIGNATURES:
            if head.startswith(signature):
                return kind
        return "unknown"
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if lowered.startswith("{\\rtf"):
        return "rtf"
    if lowered.startswith("%!ps"):
        return "postscript"
    if lowered.startswith("#!") or lowered.startswith("<?php") or "<?php" in lowered:
        return "script"
    if lowered.startswith("mz"):
        return "exe"
    if "<svg" in lowered:
        return "svg"
    if _looks_like_html(lowered):
        return "html"
    if lowered.startswith("<?xml") or lowered.startswith("<"):
        return "xml"
    return "text"


def _as_text(head: bytes) -> str | None:
    """The head as text when it looks like text (no NUL bytes, decodable), else None."""
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            try:
                return head[2 : len(head) - (len(head) % 2)].decode(encoding)
            except UnicodeDecodeError:
                return None
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the head is still text.
            if exc.start >= len(head) - 4:
                return head[: exc.start].decode(encoding, "ignore")
    return None


# --- ZIP containers: Office Open XML, OpenDocument ------------------------------------------------------------------

_ODF_TYPES = {f"{ODF}.text": "odt", f"{ODF}.spreadsheet": "ods", f"{ODF}.presentation": "odp"}


def _detect_zip(f: BinaryIO) -> FileKind:
    try:
        with zipfile.ZipFile(f) as archive:
            names = archive.namelist()
            members = set(names)
            if "mimetype" in members:
                with archive.open("mimetype") as m:
                    mimetype = m.read(200).decode("ascii", "replace").strip()
                kind = _ODF_TYPES.get(mimetype)
                if kind:
                    return ACCEPTED[kind]
                if mimetype.startswith(ODF):
                    return REFUSED["opendocument-other"]
            if "[Content_Types].xml" in members:
                with archive.open("[Content_Types].xml") as m:
                    content_types = m.read(1 << 20).decode("utf-8", "replace").lower()
                if "macroenabled" in content_types or any(n.lower().endswith("vbaproject.bin") for n in names):
                    return REFUSED["office-macro"]
                for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(n.startswith(prefix) for n in names):
                        return ACCEPTED[kind]
                return REFUSED["office-other"]
            if "AndroidManifest.xml" in members:
                return REFUSED["apk"]
            if "META-INF/MANIFEST.MF" in members:
                return REFUSED["jar"]
            return REFUSED["zip"]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, ValueError):
        return REFUSED["zip-damaged"]


# --- OLE2 compound files: .doc, .xls, .ppt ---------------------------------------------------------------------------

_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_NO_STREAM = 0xFFFFFFFF


class _Damaged(Exception):
    pass


def _detect_compound(f: BinaryIO) -> FileKind:
    try:
        names = _compound_top_level_names(f)
    except (_Damaged, struct.error):
        return REFUSED["ole-damaged"]
    if "EncryptedPackage" in names:
        return REFUSED["office-encrypted"]
    if "_VBA_PROJECT_CUR" in names or "Macros" in names:
        return REFUSED["office-macro"]
    if "WordDocument" in names:
        return ACCEPTED["doc"]
    if "Workbook" in names or "Book" in names:
        return ACCEPTED["xls"]
    if "PowerPoint Document" in names:
        return ACCEPTED["ppt"]
    return REFUSED["ole-other"]


def _compound_top_level_names(f: BinaryIO) -> set[str]:
    """Names of the streams and storages directly under the root of a compound file ([MS-CFB])."""
    f.seek(0, 2)
    file_size = f.tell()
    f.seek(0)
    header = f.read(512)
    if len(header) < 512:
        raise _Damaged
    sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise _Damaged
    sector_size = 1 << sector_shift
    n_fat_sectors, first_dir_sector = struct.unpack_from("<II", header, 0x2C)
    first_difat_sector, n_difat_sectors = struct.unpack_from("<II", header, 0x44)
    max_sectors = max(1, file_size // sector_size)
    if n_fat_sectors > max_sectors or n_difat_sectors > max_sectors:
        raise _Damaged

    def read_sector(sid: int) -> bytes:
        if sid >= max_sectors:
            raise _Damaged
        f.seek((sid + 1) * sector_size)
        data = f.read(sector_size)
        if len(data) < sector_size:
            data = data.ljust(sector_size, b"\x00")
        return data

    # The sector allocation table: its sector numbers are in the header (109) then in the DIFAT chain.
    fat_sids = [s for s in struct.unpack_from("<109I", header, 0x4C) if s != _FREE]
    per_sector = sector_size // 4
    sid, seen = first_difat_sector, 0
    while sid not in (_END_OF_CHAIN, _FREE) and seen < n_difat_sectors:
        values = struct.unpack(f"<{per_sector}I", read_sector(sid))
        fat_sids.extend(v for v in values[:-1] if v != _FREE)
        sid, seen = values[-1], seen + 1
    fat: list[int] = []
    for fat_sid in fat_sids[:n_fat_sectors]:
        fat.extend(struct.unpack(f"<{per_sector}I", read_sector(fat_sid)))

    # The directory: a chain of sectors holding 128-byte entries; entry 0 is the root storage.
    directory = bytearray()
    sid, hops = first_dir_sector, 0
    while sid != _END_OF_CHAIN:
        if sid >= len(fat) or hops > max_sectors:
            raise _Damaged
        directory += read_sector(sid)
        sid, hops = fat[sid], hops + 1
    count = len(directory) // 128
    if count == 0:
        raise _Damaged

    def entry(i: int) -> tuple[str, int, int, int]:
        raw = directory[i * 128 : (i + 1) * 128]
        name_len = struct.unpack_from("<H", raw, 0x40)[0]
        name = bytes(raw[: max(0, min(name_len, 64) - 2)]).decode("utf-16-le", "replace")
        left, right, child = struct.unpack_from("<III", raw, 0x44)
        return name, left, right, child

    names: set[str] = set()
    stack = [entry(0)[3]]
    visited: set[int] = set()
    while stack:
        i = stack.pop()
        if i == _NO_STREAM or i in visited:
            continue
        if i >= count:
            raise _Damaged
        visited.add(i)
        name, left, right, _child = entry(i)
        names.add(name)
        stack.extend((left, right))
    return names
