"""Import of 双公示 records from .xlsx and .csv files, the import templates, and background import jobs.

build_template(kind, *, unit=None) -> bytes              the .xlsx template (national Chinese headers)
build_csv_template(kind) -> bytes                         the CSV template (UTF-8 with BOM)
read_rows(file, *, filename) -> (headers, rows)           stream the rows of a file as (row number, dict)
import_records(file, *, kind, unit, actor, valid_only=False, filename="", progress=None) -> ImportReport
import_job_start(*, file, filename, kind, unit, actor, valid_only=False) -> ImportJob
import_job_get(*, public_id, actor) -> ImportJob          import_job_list(*, actor, unit=None, limit=20)
import_records_task(job_id)                               the django.tasks task that runs a job
"""

from .errors import RowError
from .jobs import import_job_get, import_job_list, import_job_start, import_records_task
from .reader import ImportFileError, open_table, read_rows
from .run import CHUNK_ROWS, ImportProgress, ImportReport, describe_error, import_records, resolve_unit
from .templates import build_csv_template, build_template, template_filename

__all__ = [
    "CHUNK_ROWS",
    "ImportFileError",
    "ImportProgress",
    "ImportReport",
    "RowError",
    "build_csv_template",
    "build_template",
    "describe_error",
    "import_job_get",
    "import_job_list",
    "import_job_start",
    "import_records",
    "import_records_task",
    "open_table",
    "read_rows",
    "resolve_unit",
    "template_filename",
]
