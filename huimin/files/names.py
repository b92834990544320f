"""File names and sizes as people see them: the name an upload is stored under, the extension it claims, and a
size limit in megabytes."""

from __future__ import annotations

import unicodedata

MB = 1024 * 1024
NAME_MAX = 255


def clean_file_name(name: str | None) -> str:
    """The name as the user sees it: no folders, no control or direction-override characters, at most 255
    characters (keeping the extension)."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split()).strip(" .")
    if not text:
        return "attachment"
    if len(text) > NAME_MAX:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 16:
            text = stem[: NAME_MAX - len(ext) - 1] + "." + ext
        else:
            text = text[:NAME_MAX]
    return text


def claimed_extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def format_megabytes(n: int) -> str:
    """20971520 → "20", 26214400 → "25", 1536 → "0.00146"."""
    return f"{n / MB:.3g}" if n < MB else f"{n / MB:.1f}".removesuffix(".0")
