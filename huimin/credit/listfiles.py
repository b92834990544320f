"""The files of joint-punishment lists (联合惩戒名单) as the listing authorities publish them: the Chinese headers and
their other spellings, the names of the lists, dates as they are written, and reading .xlsx and .csv files into
rows keyed by the canonical headers (`parse_list_file`). `huimin.credit.services.lists.list_entries_import` imports
such rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from huimin.core.services.errors import ServiceError
from huimin.core.validators import normalize_identifier

from .models import ListType

H_LIST = "名单类型"
H_NAME = "名称"
H_USCC = "统一社会信用代码"
H_ID = "身份证号码"
H_START = "列入日期"
H_END = "移出日期"
H_REASON = "列入原因"
H_AUTHORITY = "决定机关"
H_DOCUMENT = "文书号"

IMPORT_HEADERS: tuple[str, ...] = (H_LIST, H_NAME, H_USCC, H_ID, H_START, H_END, H_REASON, H_AUTHORITY, H_DOCUMENT)
REQUIRED_HEADERS: tuple[str, ...] = (H_LIST, H_START)
ROW_KEY = "_row"  # parse_list_file puts each row's number in the file under this key

# Other spellings of the headers found in lists published by the listing authorities.
HEADER_ALIASES: dict[str, str] = {
    "名单": H_LIST,
    "名单名称": H_LIST,
    "名单种类": H_LIST,
    "主体名称": H_NAME,
    "当事人名称": H_NAME,
    "企业名称": H_NAME,
    "单位名称": H_NAME,
    "姓名": H_NAME,
    "被执行人姓名/名称": H_NAME,
    "信用代码": H_USCC,
    "统一代码": H_USCC,
    "社会信用代码": H_USCC,
    "身份证号": H_ID,
    "证件号码": H_ID,
    "身份证件号码": H_ID,
    "列入时间": H_START,
    "列入名单日期": H_START,
    "认定日期": H_START,
    "移出时间": H_END,
    "截止日期": H_END,
    "有效期至": H_END,
    "列入事由": H_REASON,
    "原因": H_REASON,
    "认定机关": H_AUTHORITY,
    "列入决定机关": H_AUTHORITY,
    "作出决定机关": H_AUTHORITY,
    "文号": H_DOCUMENT,
    "决定文书号": H_DOCUMENT,
    "列入文书号": H_DOCUMENT,
}

# Names of the lists as they appear in files (the stored code is accepted as well).
LIST_TYPE_NAMES: dict[str, str] = {
    "失信被执行人": ListType.DISHONEST_JUDGMENT_DEBTOR,
    "失信被执行人名单": ListType.DISHONEST_JUDGMENT_DEBTOR,
    "重大税收违法": ListType.MAJOR_TAX_VIOLATION,
    "重大税收违法案件当事人": ListType.MAJOR_TAX_VIOLATION,
    "重大税收违法失信主体": ListType.MAJOR_TAX_VIOLATION,
    "政府采购严重违法失信": ListType.PROCUREMENT_SERIOUS,
    "政府采购严重违法失信行为记录名单": ListType.PROCUREMENT_SERIOUS,
    "政府采购严重违法失信名单": ListType.PROCUREMENT_SERIOUS,
    "社会组织严重违法失信名单": ListType.SOCIAL_ORG_SERIOUS,
    "严重违法失信名单": ListType.SOCIAL_ORG_SERIOUS,
    "活动异常名录": ListType.SOCIAL_ORG_ABNORMAL,
    "社会组织活动异常名录": ListType.SOCIAL_ORG_ABNORMAL,
    "拖欠农民工工资失信联合惩戒对象": ListType.WAGE_ARREARS,
    "拖欠农民工工资失信联合惩戒对象名单": ListType.WAGE_ARREARS,
    "其他": ListType.OTHER,
}


def normalize_header(text: object) -> str:
    """A header as written in a file → its canonical Chinese header (or the cleaned text when unknown)."""
    cleaned = re.sub(r"\s+", "", normalize_identifier(text) if text is not None else "")
    cleaned = cleaned.replace("（", "(").replace("）", ")").rstrip("*")
    # normalize_identifier upper-cases ASCII; Chinese headers are unaffected.
    if cleaned in IMPORT_HEADERS:
        return cleaned
    return HEADER_ALIASES.get(cleaned, cleaned)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date | None:
    """YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日, YYYYMMDD, a date or datetime cell, or an Excel serial
    number. Blank → None; anything else raises ValueError."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        serial = int(value)
        if 1 <= serial <= 2958465:
            return _EXCEL_EPOCH + timedelta(days=serial)
        raise ValueError(value)
    text = normalize_identifier(value)
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    if text.isdigit() and len(text) <= 6:
        try:
            return parse_date(Decimal(text))
        except InvalidOperation:  # pragma: no cover - digits always parse
            pass
    raise ValueError(value)


def parse_list_type(text: str) -> str | None:
    cleaned = re.sub(r"\s+", "", text)
    if cleaned in ListType.values:
        return cleaned
    if cleaned.lower() in ListType.values:
        return cleaned.lower()
    return LIST_TYPE_NAMES.get(cleaned)


def parse_list_file(path_or_file: str | Path | BinaryIO) -> list[dict]:
    """Read a list file (.xlsx or .csv; CSV in UTF-8, UTF-8 with BOM or GBK) into rows keyed by its headers
    (normalized to the canonical Chinese headers), each with its row number under ROW_KEY. The first non-blank row
    is the header row. Raises ServiceError when the file cannot be read."""
    if isinstance(path_or_file, (str, Path)):
        name = str(path_or_file)
        with open(path_or_file, "rb") as fh:
            content = fh.read()
    else:
        name = str(getattr(path_or_file, "name", "") or "")
        content = path_or_file.read()
        if isinstance(content, str):
            content = content.encode("utf-8")
    is_xlsx = content[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx:
        return _parse_xlsx(content, name)
    return _parse_csv(content, name)


HEADER_SEARCH_ROWS = 20  # a title or notes above the header row are skipped


def _rows_from_table(table: Iterable[tuple[int, list[Any]]]) -> list[dict]:
    """The header row is the first of the first HEADER_SEARCH_ROWS rows naming at least two known columns (else the
    first non-blank row); rows above it are skipped, blank rows are dropped."""
    headers: list[str] | None = None
    pending: list[tuple[int, list[Any]]] = []
    rows: list[dict] = []

    def as_row(number: int, values: list[Any]) -> dict:
        row: dict[str, Any] = {ROW_KEY: number}
        for header, value in zip(headers or [], values, strict=False):
            if header:
                row[header] = value.strip() if isinstance(value, str) else value
        return row

    for number, values in table:
        if all(cell_text(v) == "" for v in values):
            continue
        if headers is None:
            names = [normalize_header(v) for v in values]
            if sum(1 for n in names if n in IMPORT_HEADERS) >= 2:
                headers = names
                continue
            pending.append((number, values))
            if len(pending) < HEADER_SEARCH_ROWS:
                continue
            # no recognizable header: take the first non-blank row and read the others as data
            _first, first_values = pending.pop(0)
            headers = [normalize_header(v) for v in first_values]
            rows.extend(as_row(n, v) for n, v in pending)
            pending = []
            continue
        rows.append(as_row(number, values))
    if headers is None and pending:
        _first, first_values = pending.pop(0)
        headers = [normalize_header(v) for v in first_values]
        rows.extend(as_row(n, v) for n, v in pending)
    return rows


def _parse_xlsx(content: bytes, name: str) -> list[dict]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise ServiceError(
            _("The file %(name)s is not a readable Excel workbook (.xlsx).") % {"name": name or "?"},
            code="file_unreadable",
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        table = ((i, list(values)) for i, values in enumerate(sheet.iter_rows(values_only=True), start=1))
        return _rows_from_table(table)
    finally:
        workbook.close()


def _parse_csv(content: bytes, name: str) -> list[dict]:
    for encoding in ("utf-8-sig", "gbk"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ServiceError(
            _("The file %(name)s is neither UTF-8 nor GBK text; save it as CSV UTF-8.") % {"name": name or "?"},
            code="file_unreadable",
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    return _rows_from_table((i, row) for i, row in enumerate(reader, start=1))
