"""`huimin scheduler [--once] [--interval SECONDS]` — queue the periodic jobs that are due (huimin.core.schedule).

`huimin worker` already runs this loop in a thread; use `--once` from cron where the worker runs elsewhere.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.translation import gettext as _

from huimin.core.schedule import periodic_jobs, run_due


class Command(BaseCommand):
    help = "Queue the periodic jobs that are due (expiry of records, deadlines, reminders)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks (default 60).")
        parser.add_argument("--list", action="store_true", help="List the registered jobs and exit.")

    def handle(self, *args, once: bool, interval: int, list: bool, **options):
        if list:
            for job in periodic_jobs():
                at = job.at.strftime("%H:%M") if job.at else "-"
                self.stdout.write(f"{job.name}\t{job.every}\t{at}")
            return
        while True:
            close_old_connections()
            for name in run_due():
                self.stdout.write(_("Queued %(job)s") % {"job": name})
            if once:
                return
            time.sleep(max(interval, 1))
