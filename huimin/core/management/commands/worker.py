"""`huimin worker` — runs the background tasks queued through `django.tasks` (the `django-tasks-db` backend).

It is that backend's `db_worker` under the project's name, with the same options (`--batch`, `--queue-name`,
`--max-tasks`, …; see `huimin worker --help`). Run one next to each `huimin serve` on the embedded setup.
Unlike `db_worker`, it does not reload on code changes unless asked (`--reload`), like `huimin serve`: a
reloading worker runs in a child process that outlives a plain `kill` of its parent.

It also runs the scheduler (huimin.core.schedule) in a thread, so periodic jobs (record expiry, deadlines,
reminders) are queued on time; `--no-scheduler` leaves that to `huimin scheduler` elsewhere.
"""

from __future__ import annotations

import threading
import time
from argparse import ArgumentParser

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from huimin.core.schedule import run_due

SCHEDULER_INTERVAL_SECONDS = 60


def _scheduler_loop(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            run_due()
        except Exception:  # a failed check must not stop the worker; the next one catches up
            import logging

            logging.getLogger(__name__).exception("scheduler check failed")
        finally:
            close_old_connections()
        stop.wait(SCHEDULER_INTERVAL_SECONDS)


class Command(DbWorkerCommand):
    help = "Run the background task worker (django-tasks-db's db_worker). Stop with Ctrl-C."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-scheduler", action="store_true", help="Do not queue periodic jobs from this worker.")
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        stop = threading.Event()
        if not options.pop("no_scheduler", False):
            threading.Thread(target=_scheduler_loop, args=(stop,), name="huimin-scheduler", daemon=True).start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
            time.sleep(0)
