"""`huimin worker` — runs the background tasks queued through `django.tasks` (the `django-tasks-db` backend).

It is that backend's `db_worker` under the project's name, with the same options (`--batch`, `--queue-name`,
`--max-tasks`, …; see `huimin worker --help`). Run one next to each `huimin serve` on the embedded setup.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run the background task worker (django-tasks-db's db_worker). Stop with Ctrl-C."
