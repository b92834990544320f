"""`huimin check uscc CODE…` and `huimin check id NUMBER…` — check identifiers from the command line.

One line per value: `CODE  valid (authority · category · region)` or `CODE  invalid: reason; reason`. The exit
status is 0 when every value is valid and 1 otherwise, so scripts can use it. Any other first argument is handed to
Django's own `check` command: `huimin check --deploy` works as `manage.py check --deploy` does.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ...validators import check_resident_id, check_uscc, identifier_status_label

SUBJECTS = ("uscc", "id")


class Command(BaseCommand):
    help = (
        "Check unified social credit codes (`uscc CODE…`) or resident ID numbers (`id NUMBER…`); "
        "with other arguments, run Django's system checks."
    )
    requires_system_checks: list[str] = []  # checking a code must work even when the project has warnings

    def run_from_argv(self, argv: list[str]) -> None:
        rest = argv[2:]
        if rest and rest[0] in SUBJECTS:
            super().run_from_argv(argv)
            return
        from django.core.management.commands.check import Command as DjangoCheck

        DjangoCheck().run_from_argv([argv[0], "check", *rest])

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subject", choices=SUBJECTS, help="uscc: unified social credit codes; id: resident IDs")
        parser.add_argument("values", nargs="+", metavar="VALUE", help="the codes or numbers to check")

    def handle(self, *args: Any, **options: Any) -> None:
        subject = options["subject"]
        values: list[str] = options["values"]
        failed = 0
        for value in values:
            if subject == "uscc":
                ok, shown, detail, errors = self._uscc(value)
            else:
                ok, shown, detail, errors = self._resident_id(value)
            shown = shown or repr(value)
            if ok:
                self.stdout.write(f"{shown}  {identifier_status_label(True)} ({detail})")
            else:
                failed += 1
                self.stdout.write(f"{shown}  {identifier_status_label(False)}: {'; '.join(errors)}")
        if failed:
            raise CommandError(
                _("%(failed)d of %(total)d values are not valid.") % {"failed": failed, "total": len(values)},
                returncode=1,
            )

    @staticmethod
    def _uscc(value: str) -> tuple[bool, str, str, list[str]]:
        result = check_uscc(value)
        detail = " · ".join(part for part in (result.authority, result.category, result.region) if part)
        return result.valid, result.code, detail, list(result.errors)

    @staticmethod
    def _resident_id(value: str) -> tuple[bool, str, str, list[str]]:
        result = check_resident_id(value)
        parts = []
        if result.birth_date:
            parts.append(_("born %(date)s") % {"date": result.birth_date.isoformat()})
        if result.sex:
            parts.append(_("male") if result.sex == "male" else _("female"))
        return result.valid, result.number, " · ".join(parts), list(result.errors)
