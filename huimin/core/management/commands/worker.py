"""`huimin worker` — runs the background tasks queued through `django.tasks` (the `django-tasks-db` backend).

It is that backend's `db_worker` under the project's name, with the same options (`--batch`, `--queue-name`,
`--max-tasks`, …; see `huimin worker --help`). Run one next to each `huimin serve` on the embedded setup.
Unlike `db_worker`, it does not reload on code changes unless asked (`--reload`), like `huimin serve`: a
reloading worker runs in a child process that outlives a plain `kill` of its parent.
"""

from __future__ import annotations

from argparse import ArgumentParser

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run the background task worker (django-tasks-db's db_worker). Stop with Ctrl-C."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)
