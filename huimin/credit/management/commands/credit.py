"""`huimin credit …` — 双公示 records from the command line.

    huimin credit import FILE [--unit CODE] [--kind licensing|penalty] [--valid-only] [--as USERNAME]
                              [--errors OUT.xlsx] [--no-progress]
    huimin credit template licensing|penalty OUT.xlsx|OUT.csv [--unit CODE]
    huimin credit expire [--today YYYY-MM-DD]
    huimin credit check CODE [--on YYYY-MM-DD] [--no-save]

`import` checks every row and imports all or nothing (with --valid-only, the good rows); it prints a summary and
one line per problem (row, column, value, reason) and exits with status 1 when anything was rejected — a bad row,
also one skipped under --valid-only, or a problem of the file — and 0 otherwise. Without --kind the kind is told
by the headers; without --unit the unit is the only one the user files records for. Imports run as the platform
(the credit administrator) unless --as names a user, whose permissions then apply.

`check` prints 禁止 / 警示 / 无异常 (blocked / warned / clear) and every finding with its rule and source; it exits
with 0 whatever the result (the result is printed, not signalled), and with 1 when the code is not a valid credit
code. The check is saved as evidence unless --no-save.

The output is in Chinese or English as HUIMIN_LANGUAGE or LANGUAGE say (zh / en), else the site's language.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from huimin.core.models import User
from huimin.core.permissions import Actor, PermissionDenied, SystemActor
from huimin.core.services.errors import ServiceError
from huimin.terminal import language_from_environment

from ...check import credit_check
from ...importing import (
    ImportProgress,
    ImportReport,
    build_csv_template,
    build_template,
    describe_error,
    import_records,
    resolve_unit,
)
from ...models import CatalogueKind, CreditCheckResult, ImportStage, ReportingUnit
from ...permissions import units_for_officer
from ...services.records import records_expire

KINDS = ("licensing", "penalty")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value.replace("/", "-"))
    except ValueError:
        raise CommandError(_("“%(value)s” is not a date; write YYYY-MM-DD.") % {"value": value}, returncode=2) from None


def _service_messages(exc: ServiceError) -> str:
    return "; ".join(str(m) for m in exc.messages)


class _Bar:
    """A progress bar on the terminal (tqdm on stderr), one per stage."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar: Any = None
        self.stage = ""

    def __call__(self, p: ImportProgress) -> None:
        if not self.enabled:
            return
        if p.stage != self.stage:
            self.close()
            from tqdm import tqdm

            size = shutil.get_terminal_size((100, 20))  # a terminal that reports no size gets 100 × 20
            label = _("Checking") if p.stage == ImportStage.VALIDATING else _("Saving")
            scale = p.unit == "bytes"
            self.bar = tqdm(
                total=p.total,
                desc=label,
                unit="B" if scale else _("rows"),
                unit_scale=scale,
                file=sys.stderr,
                ncols=min(120, size.columns),
                nrows=size.lines,
            )
            self.stage = p.stage
        if self.bar is not None:
            self.bar.n = p.done
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = "双公示 records: import a file, write a template, end expired publication, run a credit check."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{import,template,expire,check}")

        imp = sub.add_parser("import", help="Check and import a .xlsx or .csv file of records.")
        imp.add_argument("file", metavar="FILE")
        imp.add_argument("--unit", metavar="CODE", help="The reporting unit the records belong to.")
        imp.add_argument("--kind", choices=KINDS, help="licensing or penalty (default: told by the headers).")
        imp.add_argument("--valid-only", action="store_true", help="Import the good rows even when some are bad.")
        imp.add_argument("--as", dest="as_user", metavar="USERNAME", help="Import with this user's permissions.")
        imp.add_argument("--errors", metavar="OUT.xlsx", help="Write the error workbook here when rows are bad.")
        imp.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

        tpl = sub.add_parser("template", help="Write the import template (.xlsx, or .csv by the file's extension).")
        tpl.add_argument("kind", choices=KINDS)
        tpl.add_argument("out", metavar="OUT")
        tpl.add_argument("--unit", metavar="CODE", help="Include this unit's catalogue items (xlsx).")

        exp = sub.add_parser("expire", help="Take penalties whose publication deadline has passed off public view.")
        exp.add_argument("--today", metavar="DATE", help="The day to expire for (default: today, Asia/Shanghai).")

        chk = sub.add_parser("check", help="Credit check of an organization by its unified social credit code.")
        chk.add_argument("code", metavar="CODE")
        chk.add_argument("--on", metavar="DATE", help="The date to check for (default: today).")
        chk.add_argument("--no-save", action="store_true", help="Do not keep the check as evidence.")

    def execute(self, *args: Any, **options: Any) -> Any:
        language = language_from_environment() or settings.LANGUAGE_CODE
        with translation.override(language):
            return super().execute(*args, **options)

    def handle(self, *args: Any, **options: Any) -> None:
        handler = {
            "import": self.do_import,
            "template": self.do_template,
            "expire": self.do_expire,
            "check": self.do_check,
        }[options["subcommand"]]
        try:
            handler(options)
        except PermissionDenied as exc:
            raise CommandError(str(exc), returncode=1) from exc
        except ServiceError as exc:
            raise CommandError(_service_messages(exc), returncode=1) from exc

    # --- helpers -------------------------------------------------------------------------------------------
    def _stdout_is_tty(self) -> bool:
        stream = getattr(self.stdout, "_out", None)
        isatty = getattr(stream, "isatty", None)
        return bool(isatty and isatty())

    def _actor(self, username: str | None) -> Actor:
        if not username:
            return SystemActor("cli")
        user = User.objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(_("There is no active user “%(name)s”.") % {"name": username}, returncode=2)
        return Actor.for_user(user)

    def _unit(self, code: str | None, actor: Actor) -> ReportingUnit:
        if code:
            return resolve_unit(code)
        units = units_for_officer(actor)
        if len(units) == 1:
            return units[0]
        if not units:
            raise CommandError(_("No reporting unit is available; give --unit CODE."), returncode=2)
        codes = ", ".join(u.code for u in units[:20])
        raise CommandError(
            _("Give --unit CODE: the records may be for %(count)d units (%(codes)s…).")
            % {"count": len(units), "codes": codes},
            returncode=2,
        )

    # --- import --------------------------------------------------------------------------------------------
    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path}, returncode=2)
        actor = self._actor(options["as_user"])
        unit = self._unit(options["unit"], actor)
        bar = _Bar(not options["no_progress"] and sys.stderr.isatty() and self._stdout_is_tty())
        try:
            report = import_records(
                path,
                kind=options["kind"],
                unit=unit,
                actor=actor,
                valid_only=options["valid_only"],
                filename=path.name,
                progress=bar,
            )
        finally:
            bar.close()
        try:
            self._print_report(report)
            if options["errors"] and report.rejected:
                report.save_error_workbook(options["errors"])
                self.stdout.write(_("The error workbook is in %(path)s.") % {"path": options["errors"]})
        finally:
            report.close()
        if report.rejected:
            raise CommandError(
                _("%(count)d of %(total)d rows were rejected.") % {"count": report.invalid, "total": report.total}
                if not report.file_errors
                else _("The file was rejected."),
                returncode=1,
            )

    def _print_report(self, report: ImportReport) -> None:
        kind = str(CatalogueKind(report.kind).label) if report.kind in CatalogueKind.values else "-"
        self.stdout.write(
            _("%(file)s: %(kind)s for unit %(unit)s — %(total)d rows read, %(valid)d valid, %(invalid)d with errors.")
            % {
                "file": report.filename,
                "kind": kind,
                "unit": report.unit,
                "total": report.total,
                "valid": report.valid,
                "invalid": report.invalid,
            }
        )
        for message in report.file_errors:
            self.stdout.write(self.style.ERROR(message))
        if report.imported:
            line = _("Imported: %(created)d new records, %(updated)d updated.") % {
                "created": report.created,
                "updated": report.updated,
            }
            self.stdout.write(self.style.SUCCESS(line))
            if report.invalid:
                self.stdout.write(self.style.WARNING(_("%(count)d bad rows were skipped.") % {"count": report.invalid}))
        elif report.invalid and not report.file_errors:
            self.stdout.write(
                self.style.ERROR(
                    _(
                        "Nothing was imported: %(count)d rows have errors. Correct them, or import only the valid "
                        "rows with --valid-only."
                    )
                    % {"count": report.invalid}
                )
            )
        elif not report.file_errors and report.total == 0:
            self.stdout.write(_("The file holds no records."))
        for error in report.errors:
            self.stdout.write(describe_error(error))
        if report.errors_truncated:
            self.stdout.write(
                _("… and %(count)d more problems: write the error workbook with --errors OUT.xlsx to see them all.")
                % {"count": report.error_count - len(report.errors)}
            )

    # --- template ------------------------------------------------------------------------------------------
    def do_template(self, options: dict[str, Any]) -> None:
        out = Path(options["out"])
        kind = options["kind"]
        if out.suffix.lower() == ".csv":
            data = build_csv_template(kind)
        else:
            unit = resolve_unit(options["unit"]) if options["unit"] else None
            data = build_template(kind, unit=unit)
        out.write_bytes(data)
        self.stdout.write(_("The %(kind)s template is in %(path)s.") % {"kind": CatalogueKind(kind).label, "path": out})

    # --- expire --------------------------------------------------------------------------------------------
    def do_expire(self, options: dict[str, Any]) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        count = records_expire(today=today, actor=SystemActor("credit-expire"))
        self.stdout.write(
            _("%(count)d penalties whose publication deadline was before %(date)s are no longer public.")
            % {"count": count, "date": today.isoformat()}
        )

    # --- check ---------------------------------------------------------------------------------------------
    def do_check(self, options: dict[str, Any]) -> None:
        on = _date(options["on"]) if options["on"] else timezone.localdate()
        outcome = credit_check(
            uscc=options["code"],
            on=on,
            actor=SystemActor("cli"),
            purpose="huimin credit check",
            save=not options["no_save"],
        )
        label = str(CreditCheckResult(outcome.result).label)
        subject = outcome.subject
        name = f" {subject.name}" if subject.name else ""
        style = {
            CreditCheckResult.BLOCKED: self.style.ERROR,
            CreditCheckResult.WARNED: self.style.WARNING,
            CreditCheckResult.CLEAR: self.style.SUCCESS,
        }[CreditCheckResult(outcome.result)]
        self.stdout.write(
            style(
                _("%(code)s%(name)s on %(date)s: %(result)s")
                % {"code": subject.uscc, "name": name, "date": on.isoformat(), "result": label}
            )
        )
        for finding in outcome.findings:
            self.stdout.write(f"- {finding.message}")
            self.stdout.write(
                "  " + _("rule: %(rule)s (%(clause)s)") % {"rule": finding.rule, "clause": finding.clause}
            )
            source = _source_text(finding.source)
            if source:
                self.stdout.write("  " + _("source: %(source)s") % {"source": source})
        if outcome.check is not None:
            self.stdout.write(_("Saved as evidence %(id)s.") % {"id": outcome.check.public_id})


def _source_text(source: dict[str, Any]) -> str:
    """`penalty record 平市监罚〔2025〕12号 2025-03-10 (public id …)` — what the finding was read from."""
    keys = ("label", "document_number", "decision_number", "decision_date", "start_date", "authority", "decided_by")
    parts = [str(source[k]) for k in keys if source.get(k)]
    if source.get("public_id"):
        parts.append(f"({source['public_id']})")
    return " ".join(dict.fromkeys(parts))
