"""`huimin stats [--json]`: how many divisions, organizations, users, audit events… the platform holds."""

from __future__ import annotations

import json
import os
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from huimin.core.stats import collect, counters


def _language_from_environment() -> str | None:
    """`HUIMIN_LANGUAGE` or `LANGUAGE` (e.g. `en`, `zh_CN:en`) choose the language of the table."""
    raw = os.environ.get("HUIMIN_LANGUAGE") or os.environ.get("LANGUAGE") or ""
    for item in raw.split(":"):
        code = item.strip().split(".")[0].lower().replace("_", "-")
        if code.startswith("en"):
            return "en"
        if code.startswith("zh"):
            return "zh-hans"
    return None


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


class Command(BaseCommand):
    help = "Counts of what the platform holds; --json prints one flat JSON object."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON object {name: count}, keys sorted.")

    def execute(self, *args, **options):
        language = _language_from_environment() or settings.LANGUAGE_CODE
        with translation.override(language):
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        values = collect()
        if options["json"]:
            self.stdout.write(json.dumps(values, sort_keys=True, ensure_ascii=False))
            return
        rows = [(str(c.label), c.name, f"{values[c.name]:,}") for c in counters()]
        headers = (_("What"), _("Key"), _("Count"))
        widths = [max(display_width(r[i]) for r in [headers, *rows]) for i in range(3)]

        def line(cells: tuple[str, str, str]) -> str:
            label, key, count = cells
            right = " " * (widths[2] - display_width(count)) + count
            return f"{pad(label, widths[0])}  {pad(key, widths[1])}  {right}"

        self.stdout.write(line(headers))
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in rows:
            self.stdout.write(line(row))
