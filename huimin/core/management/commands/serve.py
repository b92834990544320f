"""`huimin serve [ADDR:PORT]` — the web server: gunicorn running the Django application.

The same command serves development and production; the settings module decides the rest:

- `config.settings.dev` (the default of the `huimin` command): WhiteNoise serves static files straight from the
  source folders (`WHITENOISE_USE_FINDERS`), so no `collectstatic` is needed.
- `config.settings.prod`: WhiteNoise serves the compressed files that `huimin collectstatic` put in STATIC_ROOT.

The server always runs with DEBUG off, whatever the settings say: Django's debug pages list every URL pattern on a
404 and print tracebacks with settings on a 500, which nobody reaching the server should read. `--debug` turns them
on for a developer, and only on a loopback address (127.0.0.1, ::1, localhost).

Gunicorn rather than `runserver`: one server to learn, real worker processes (the SQLite database runs in WAL mode,
so several processes share it), and no auto-reloader surprises. Pass `--reload` while editing Python code.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _


def parse_addrport(value: str) -> tuple[str, int]:
    """`8000` → (127.0.0.1, 8000); `0.0.0.0:8000` → (0.0.0.0, 8000); `[::1]:8000` → (::1, 8000)."""
    host, sep, port = value.rpartition(":")
    if not sep:
        host, port = "127.0.0.1", value
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(
            _("“%(value)s” is not a valid address: use PORT or ADDRESS:PORT, e.g. 0.0.0.0:8000.") % {"value": value}
        )
    return host, int(port)


def _is_unspecified(host: str) -> bool:
    """0.0.0.0 or :: — every interface; the address to show a person is then the local one."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_debug(debug: bool, host: str) -> None:
    """Set DEBUG for the server about to start (its worker processes inherit it): off unless asked for, and asked
    for only on a loopback address."""
    if debug and not _is_loopback(host):
        raise CommandError(
            _(
                "--debug shows the URL patterns and tracebacks to whoever connects: use it on 127.0.0.1 only, "
                "not %(host)s."
            )
            % {"host": host}
        )
    settings.DEBUG = bool(debug)


class Command(BaseCommand):
    help = "Run the web server (gunicorn) on ADDR:PORT, default 127.0.0.1:8000."
    requires_system_checks = "__all__"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="PORT or ADDRESS:PORT")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("HUIMIN_WEB_WORKERS", "2")),
            help="worker processes (default: $HUIMIN_WEB_WORKERS or 2)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("HUIMIN_WEB_THREADS", "4")),
            help="threads per worker (default: $HUIMIN_WEB_THREADS or 4)",
        )
        parser.add_argument("--timeout", type=int, default=120, help="seconds before a silent worker is restarted")
        parser.add_argument("--reload", action="store_true", help="restart the workers when Python code changes")
        parser.add_argument(
            "--debug",
            action="store_true",
            help="Django's debug pages (URL lists, tracebacks); only on a loopback address, never for others to reach",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        host, port = parse_addrport(options["addrport"])
        serve_debug(options["debug"], host)
        self._warn_unapplied_migrations()
        connections.close_all()  # nothing opened here may be shared with the forked workers

        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        config = {
            "bind": bind,
            "workers": max(1, options["workers"]),
            "threads": max(1, options["threads"]),
            "worker_class": "gthread",
            "timeout": options["timeout"],
            "graceful_timeout": 10,
            "reload": options["reload"],
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "huimin",
            "control_socket_disable": True,  # several servers (tests, demo) may run on one machine
        }

        class HuiminApplication(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    if key in self.cfg.settings:  # older gunicorn releases lack some settings
                        self.cfg.set(key, value)

            def load(self) -> Any:
                from django.core.wsgi import get_wsgi_application

                return get_wsgi_application()

        shown_host = "127.0.0.1" if _is_unspecified(host) else host
        self.stdout.write(
            _("huimin is serving at http://%(host)s:%(port)s/ (settings: %(settings)s). Stop with Ctrl-C.")
            % {"host": shown_host, "port": port, "settings": os.environ.get("DJANGO_SETTINGS_MODULE", "")}
        )
        HuiminApplication().run()

    def _warn_unapplied_migrations(self) -> None:
        try:
            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception as exc:  # the database may not exist yet; the first request will say so too
            self.stderr.write(_("Cannot read the database to check migrations: %(error)s") % {"error": exc})
            return
        if plan:
            self.stderr.write(
                self.style.WARNING(
                    _("%(count)d migration(s) are not applied; run `huimin migrate` (or `huimin demo load`).")
                    % {"count": len(plan)}
                )
            )
