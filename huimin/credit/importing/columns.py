"""Which column of a file fills which field of a record.

Columns are named by the national Chinese header, the current field code or a pre-2019 code, in any order
(`huimin.credit.fields.resolve_header`). A few columns carry nothing a record keeps and are ignored (序号, the
pre-2019 DFBM / SJC, and the 行号 / 错误说明 columns of an error workbook, so a corrected error workbook can be
imported again). Any other column the format does not know is accepted only while it stays empty: the importer
reports it when a row puts data in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..fields import NationalField, normalize_text_key, resolve_header, template_fields
from ..models import CatalogueKind
from .reader import ImportFileError, column_letter

# Columns that carry nothing a record keeps.
ROW_NUMBER_HEADER = "行号"
ERRORS_HEADER = "错误说明"
IGNORED_HEADERS = frozenset(
    normalize_text_key(h)
    for h in ("序号", "NO", "NO.", ROW_NUMBER_HEADER, ERRORS_HEADER, "DFBM", "地方编码", "SJC", "时间戳", "CF_ZT")
)
# Fields several columns may fill together (the pre-2019 CF_CFLB1 and CF_CFLB2 are both 处罚类别).
JOINED_FIELDS = frozenset({"categories"})


def kind_label(kind: str) -> str:
    return str(CatalogueKind(kind).label)


@dataclass
class ColumnMap:
    kind: str
    headers: list[str]
    columns: list[tuple[int, str]]  # (column index, field name), in column order
    unknown: list[int] = field(default_factory=list)  # columns with a header the format does not know
    ignored: list[int] = field(default_factory=list)
    by_field: dict[str, list[int]] = field(default_factory=dict)

    def column_name(self, index: int) -> str:
        """“处罚决定日期” (column D) — how a message names a column of the file."""
        header = self.headers[index] if index < len(self.headers) else ""
        if header:
            return _("“%(header)s” (column %(letter)s)") % {"header": header, "letter": column_letter(index)}
        return _("column %(letter)s (no header)") % {"letter": column_letter(index)}


def _national(kind: str) -> list[NationalField]:
    return template_fields(kind)


def detect_kind(headers: list[str]) -> str | None:
    """The kind whose columns the headers name more of; None when they name as many of each (or none)."""
    counts = {k: sum(1 for h in headers if h and resolve_header(k, h) is not None) for k in CatalogueKind.values}
    licensing, penalty = counts[CatalogueKind.LICENSING], counts[CatalogueKind.PENALTY]
    if licensing == penalty:
        return None
    return CatalogueKind.LICENSING if licensing > penalty else CatalogueKind.PENALTY


def _distinctive(kind: str, headers: list[str]) -> int:
    """Headers that name a column of `kind` and not of the other kind."""
    other = CatalogueKind.PENALTY if kind == CatalogueKind.LICENSING else CatalogueKind.LICENSING
    count = 0
    for h in headers:
        if not h:
            continue
        mine, theirs = resolve_header(kind, h), resolve_header(other, h)
        if mine is not None and (theirs is None or normalize_text_key(h).startswith(("XK_", "CF_"))):
            count += 1
    return count


def map_columns(headers: list[str], kind: str | None, *, filename: str = "") -> ColumnMap:
    """The column map of a file for `kind` (None: told by the headers). Raises ImportFileError when the kind cannot
    be told, a field has two columns, or a required column is missing (one message naming every missing column)."""
    if kind is None:
        kind = detect_kind(headers)
        if kind is None:
            raise ImportFileError(
                _(
                    "Cannot tell from the headers of “%(name)s” whether it holds licensing or penalty records; "
                    "choose the kind of records."
                )
                % {"name": filename or _("the file")},
                code="import_kind_unknown",
            )
    elif kind not in CatalogueKind.values:
        raise ImportFileError(
            _("“%(kind)s” is not a kind of record; use licensing or penalty.") % {"kind": kind}, code="invalid"
        )
    kind = str(kind)
    cmap = ColumnMap(kind=kind, headers=headers, columns=[])
    for index, header in enumerate(headers):
        if not header:
            continue
        name = resolve_header(kind, header)
        if name is None:
            if normalize_text_key(header) in IGNORED_HEADERS:
                cmap.ignored.append(index)
            else:
                cmap.unknown.append(index)
            continue
        cmap.by_field.setdefault(name, []).append(index)
        cmap.columns.append((index, name))

    fields = {f.name: f for f in _national(kind)}
    twice = [(name, idx) for name, idx in cmap.by_field.items() if len(idx) > 1 and name not in JOINED_FIELDS]
    if twice:
        parts = [
            _("%(columns)s all stand for “%(header)s”")
            % {
                "columns": _(" and ").join(cmap.column_name(i) for i in idx),
                "header": fields[name].header if name in fields else name,
            }
            for name, idx in twice
        ]
        raise ImportFileError(
            _("Some fields have more than one column in “%(name)s”: %(detail)s. Keep one column for each.")
            % {"name": filename or _("the file"), "detail": "; ".join(parts)},
            code="import_columns_twice",
        )

    missing = [
        f
        for f in _national(kind)
        if f.required is True and f.name not in cmap.by_field and not _optional_here(kind, f, cmap)
    ]
    if missing:
        names = "、".join(f"{f.header}{f' ({f.code})' if f.code else ''}" for f in missing)
        message = _(
            "“%(name)s” has no column for: %(columns)s. Every required column of the %(kind)s format must be "
            "present, named by its header or its field code (in any order)."
        ) % {"name": filename or _("the file"), "columns": names, "kind": kind_label(kind)}
        other = CatalogueKind.PENALTY if kind == CatalogueKind.LICENSING else CatalogueKind.LICENSING
        if _distinctive(other, headers) > _distinctive(kind, headers):
            message += " " + _("The headers look like a file of %(other)s records.") % {"other": kind_label(other)}
        if any(f.name == "catalogue_item" for f in missing):
            message += " " + _(
                "权责事项 is not a column of the national format, but every record here belongs to an item of its "
                "unit's catalogue: add the column with the item's code or name (the template has it)."
            )
        raise ImportFileError(message, code="import_columns_missing")
    return cmap


def _optional_here(kind: str, f: NationalField, cmap: ColumnMap) -> bool:
    # 行政许可决定文书号: "if there is none, use the 许可编号" — the licence number column may stand in for it.
    return kind == CatalogueKind.LICENSING and f.name == "decision_number" and "licence_number" in cmap.by_field
