"""`huimin stats [--json]`: how many divisions, organizations, users, audit events… the platform holds."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from huimin.core.stats import collect, counters
from huimin.terminal import display_width, language_from_environment, pad


class Command(BaseCommand):
    help = "Counts of what the platform holds; --json prints one flat JSON object."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON object {name: count}, keys sorted.")

    def execute(self, *args, **options):
        language = language_from_environment() or settings.LANGUAGE_CODE
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
