"""`huimin audit verify` checks the hash chain; `huimin audit tail [-n 20]` lists the latest events."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from huimin.audit.chain import append_only_guard_active, audit_verify
from huimin.audit.models import AuditEvent
from huimin.audit.selectors import audit_event_list
from huimin.audit.templatetags.audit_tags import payload_summary
from huimin.terminal import language_from_environment


class Command(BaseCommand):
    help = "Audit trail: `verify` checks the hash chain, `tail` lists the latest events."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify,tail}")
        verify = sub.add_parser("verify", help="Recompute the hash chain and name the first broken link.")
        verify.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")
        tail = sub.add_parser("tail", help="List the most recent events.")
        tail.add_argument("-n", "--lines", type=int, default=20, help="How many events (default 20).")

    def execute(self, *args, **options):
        language = language_from_environment() or settings.LANGUAGE_CODE
        with translation.override(language):
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        if options["subcommand"] == "verify":
            self.verify(no_progress=options["no_progress"])
        elif options["subcommand"] == "tail":
            self.tail(options["lines"])

    # --- verify ---------------------------------------------------------------------------------------------
    def verify(self, *, no_progress: bool) -> None:
        show_bar = not no_progress and sys.stderr.isatty() and self._stdout_is_tty()
        bar = None
        if show_bar:
            from tqdm import tqdm

            bar = tqdm(total=AuditEvent.objects.count(), unit=_("events"), desc=_("Verifying"), file=sys.stderr)
        try:
            result = audit_verify(progress=bar)
        finally:
            if bar is not None:
                bar.close()
        guard = append_only_guard_active()
        if guard is False:
            self.stderr.write(
                self.style.WARNING(
                    _("Warning: the database trigger that refuses changes to audit events is missing or disabled.")
                )
            )
        if result.ok:
            message = _("Audit chain intact: %(count)d events") % {"count": result.checked}
            self.stdout.write(self.style.SUCCESS(message))
            return
        self.stdout.write(
            self.style.ERROR(
                _("Audit chain BROKEN at event %(seq)d (%(checked)d events before it are intact). %(reason)s")
                % {"seq": result.broken_seq, "checked": result.checked, "reason": result.reason}
            )
        )
        raise CommandError(_("audit chain broken at event %(seq)d") % {"seq": result.broken_seq}, returncode=1)

    def _stdout_is_tty(self) -> bool:
        stream = getattr(self.stdout, "_out", None)
        isatty = getattr(stream, "isatty", None)
        return bool(isatty and isatty())

    # --- tail -----------------------------------------------------------------------------------------------
    def tail(self, lines: int) -> None:
        if lines < 1:
            raise CommandError(_("-n must be at least 1, got %(n)d.") % {"n": lines})
        events = list(audit_event_list()[:lines])
        if not events:
            self.stdout.write(_("The audit trail is empty."))
            return
        for event in reversed(events):
            when = timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M:%S")
            target = f"{event.target_type}:{event.target_id}" if event.target_type else "-"
            role = event.role or "-"
            summary = payload_summary(event.payload, 80)
            line = f"#{event.seq:<7} {when}  {event.actor_label} [{role}]  {event.event_type}  {target}  {summary}"
            self.stdout.write(line.rstrip())
