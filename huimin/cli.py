"""`huimin` — the operators' command line. Each sub-command is a Django management command.

huimin check uscc CODE…            huimin calendar add-working-days DATE N
huimin audit verify                huimin demo load
huimin serve [ADDR:PORT]           huimin worker
huimin stats [--json]              huimin <any manage.py command>
huimin credit import FILE [--unit CODE] [--valid-only]      huimin credit template penalty OUT.xlsx
huimin credit check CODE [--on DATE]                        huimin credit expire [--today DATE]
"""

from __future__ import annotations

import os
import sys

# `huimin X …` → management command; names that would clash with Django's own commands are renamed.
ALIASES = {"check": "huimin_check"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if not args or args[0] in ("-h", "--help", "help"):
        print(__doc__)
        return
    command = ALIASES.get(args[0], args[0])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["huimin", command, *args[1:]])


if __name__ == "__main__":
    main()
