"""`huimin demo load [--fresh]`: migrate, then build the Pingcheng demonstration data set through the services."""

from __future__ import annotations

import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import translation
from django.utils.translation import gettext as _

from huimin.core.models import Role
from huimin.core.permissions import SystemActor
from huimin.core.stats import collect
from huimin.demo import data
from huimin.demo.pingcheng import DemoAlreadyLoaded, load_pingcheng, login_table, planned_steps
from huimin.terminal import display_width, language_from_environment, pad


class Command(BaseCommand):
    help = "Demonstration data: `load` migrates the database and loads the Pingcheng 2020 round's setting."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{load}")
        load = sub.add_parser("load", help="Migrate, then load the Pingcheng demonstration data (once).")
        load.add_argument(
            "--fresh", action="store_true", help="Delete ALL data in the database first, then load the demo again."
        )
        load.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="With --fresh, do not ask for confirmation.",
        )
        load.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def execute(self, *args, **options):
        language = language_from_environment() or settings.LANGUAGE_CODE
        with translation.override(language):
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        if options["subcommand"] == "load":
            self.load(fresh=options["fresh"], interactive=options["interactive"], no_progress=options["no_progress"])

    # --- load -----------------------------------------------------------------------------------------------
    def load(self, *, fresh: bool, interactive: bool, no_progress: bool) -> None:
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        if fresh:
            self._flush(interactive=interactive)

        bar = None
        if not no_progress and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=planned_steps(), unit=_("objects"), desc=_("Loading the demo"), file=sys.stderr)
        try:
            load_pingcheng(actor=SystemActor("demo"), progress=bar)
        except DemoAlreadyLoaded:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The demonstration data is already loaded (district %(code)s exists); nothing was changed. "
                        "Use `huimin demo load --fresh` to delete everything and load it again."
                    )
                    % {"code": data.DISTRICT_CODE}
                )
            )
        else:
            counts = collect()
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demonstration data loaded in %(seconds).1f s: %(divisions)d divisions, %(organizations)d "
                        "organizations, %(users)d users, %(events)d audit events."
                    )
                    % {
                        "seconds": time.monotonic() - started,
                        "divisions": counts.get("divisions", 0),
                        "organizations": counts.get("organizations", 0),
                        "users": counts.get("users", 0),
                        "events": counts.get("audit_events", 0),
                    }
                )
            )
        finally:
            if bar is not None:
                bar.close()
        self._print_logins()

    def _flush(self, *, interactive: bool) -> None:
        name = connections[DEFAULT_DB_ALIAS].settings_dict.get("NAME")
        if interactive and sys.stdin.isatty():
            answer = input(
                _(
                    "This deletes ALL data in the database “%(name)s”, not only the demonstration data. "
                    "Type 'yes' to go on: "
                )
                % {"name": name}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Nothing was deleted or loaded."))
        # The audit trail refuses UPDATEs, not deletion of the whole database.
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # Inside an open transaction (tests, or a caller's atomic block) PostgreSQL refuses to TRUNCATE
            # tables with deferred foreign-key checks pending: check them now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)

    def _print_logins(self) -> None:
        rows = [
            (
                login.username,
                data.DEMO_PASSWORD,
                str(Role(login.role).label),
                self._scope_label(login.scope) or login.note,
            )
            for login in login_table()
        ]
        headers = (_("User name"), _("Password"), _("Role"), _("Scope"))
        widths = [max(display_width(r[i]) for r in [headers, *rows]) for i in range(4)]
        self.stdout.write("")
        self.stdout.write(
            _("Open %(url)s and sign in as one of (demo only — never use these passwords elsewhere):")
            % {"url": data.ADDRESS_HINT}
        )
        self.stdout.write("")
        for row in [headers, tuple("-" * w for w in widths), *rows]:
            self.stdout.write("  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        self.stdout.write("")
        self.stdout.write(
            _(
                "Also: a purchaser for each participating street / township (nanguan, beiguan, … , shuiposi), "
                "provider1 … provider%(p)d and expert1 … expert%(e)d, all with the same password."
            )
            % {"p": _provider_accounts(), "e": data.EXPERT_COUNT}
        )

    @staticmethod
    def _scope_label(scope: str) -> str:
        if not scope.startswith("org:"):
            return scope
        key = scope[4:]
        if key == "manager":
            return data.MANAGER.name
        for body in data.GOVERNMENT_BODIES:
            if body["key"] == key:
                return str(body["name"])
        return key


def _provider_accounts() -> int:
    """provider1 … providerN: the ten printed ones and one for every other organization that applied in 2020."""
    from huimin.core.models import User

    return max(len(data.PROVIDER_LOGINS), User.objects.filter(username__regex=r"^provider[0-9]+$").count())
