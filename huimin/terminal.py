"""What the operators' command line shares, whichever app's command prints: the language of its output and the
width of Chinese text in a terminal. It imports nothing of the apps, so every layer may use it."""

from __future__ import annotations

import os
import unicodedata


def language_from_environment() -> str | None:
    """`HUIMIN_LANGUAGE` or `LANGUAGE` (e.g. `en`, `zh_CN:en`) choose the language of a command's output: "en",
    "zh-hans", or None to keep the site's default."""
    raw = os.environ.get("HUIMIN_LANGUAGE") or os.environ.get("LANGUAGE") or ""
    for item in raw.split(":"):
        code = item.strip().split(".")[0].lower().replace("_", "-")
        if not code:
            continue
        if code.startswith("en"):
            return "en"
        if code.startswith("zh"):
            return "zh-hans"
    return None


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` terminal columns."""
    return text + " " * max(0, width - display_width(text))
