"""`huimin openapi [--check] [--output docs/api/openapi.json]` — the committed OpenAPI document of /api/v1/.

The document is generated from the ninja routers (config.api) as sorted, indented JSON so that a change to the
API shows up as a readable diff in review. `--check` compares instead of writing and fails with the diff: CI runs
it, so a change to the API cannot land without its document.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

DEFAULT_OUTPUT = Path("docs") / "api" / "openapi.json"


def openapi_document() -> str:
    """The OpenAPI document as it will be committed: keys sorted, two-space indent, UTF-8, final newline.

    Rendered in English (the msgids), so that the committed file changes with the code, not with the catalogue.
    """
    from config.api import api

    with translation.override("en"):
        schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v1/ to docs/api/openapi.json, or --check that it is current."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            default=None,
            help=f"file to write or check (default: {DEFAULT_OUTPUT} in the project); `-` prints it",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="do not write; exit 1 with a unified diff when the file differs from the generated document",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = openapi_document()
        output = options["output"]
        if output == "-":
            sys.stdout.write(document)
            return
        path = Path(output) if output else Path(settings.BASE_DIR) / DEFAULT_OUTPUT
        if options["check"]:
            committed = path.read_text(encoding="utf-8") if path.exists() else ""
            if committed == document:
                self.stdout.write(_("The OpenAPI document %(path)s is up to date.") % {"path": path})
                return
            diff = difflib.unified_diff(
                committed.splitlines(keepends=True),
                document.splitlines(keepends=True),
                fromfile=f"{path} (committed)",
                tofile=f"{path} (generated from the code)",
            )
            self.stderr.write("".join(diff), ending="")
            raise CommandError(
                _("The OpenAPI document %(path)s is out of date (diff above); run `huimin openapi` and commit it.")
                % {"path": path},
                returncode=1,
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document, encoding="utf-8")
        self.stdout.write(_("Wrote %(path)s.") % {"path": path})
