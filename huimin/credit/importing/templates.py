"""Import templates: an Excel workbook (.xlsx) and a CSV file with the national Chinese headers.

The workbook's first sheet has one header row (required columns in red, conditionally required in orange, each
header with a note) and no example rows: every row below the header is data. Columns hold text (so credit codes,
ID numbers and dates typed as YYYY/MM/DD stay exactly as typed), except the two amounts; category columns have
drop-down lists. The second sheet explains every column: header, field code, old codes, whether it is required,
how to fill it, its allowed values and an example. Given a reporting unit, a third sheet lists its catalogue items,
and the 权责事项 column offers their codes.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from huimin.core.exports import safe_cell, safe_row

from ..fields import (
    ID_TYPE_LABELS,
    LICENCE_CATEGORY_LABELS,
    PENALTY_CATEGORY_LABELS,
    PROCEDURE_LABELS,
    SUBJECT_CATEGORY_LABELS,
    NationalField,
    template_fields,
)
from ..models import CatalogueItem, CatalogueKind, ReportingUnit
from .reader import column_letter

DATA_SHEET = {CatalogueKind.LICENSING: "行政许可", CatalogueKind.PENALTY: "行政处罚"}
ITEMS_SHEET = "权责事项清单"
LAST_ROW = 1048576
DATE_FIELDS = frozenset({"decision_date", "valid_from", "valid_to", "penalty_valid_until", "publication_deadline"})
AMOUNT_FIELDS = frozenset({"fine_amount", "confiscated_amount"})


def _notes() -> dict[str, tuple[str, str]]:
    """(how to fill it, example) of each column, translated."""
    date_note = _("A date written YYYY/MM/DD (also YYYY-MM-DD or YYYYMMDD).")
    return {
        "catalogue_item": (
            _(
                "The item of the unit's catalogue (权责清单) this decision belongs to: its code, or its exact name. "
                "Not a national column, but required here."
            ),
            "CF0001",
        ),
        "subject_name": (
            _("The party's full name (for a natural person, the person's name)."),
            "大同市平城区某某餐饮有限公司",
        ),
        "subject_category": (_("The kind of party."), "法人及非法人组织"),
        "subject_uscc": (
            _(
                "Required for a legal person or an individual business: 18 characters with a valid check character. "
                "An individual business without one writes 00000000000000000X and fills 工商注册号. Blank for a "
                "natural person."
            ),
            "91350100M000100Y43",
        ),
        "subject_business_reg_no": (
            _("Required when the credit code is the placeholder 00000000000000000X; otherwise optional."),
            "140213600012345",
        ),
        "subject_org_code": (
            _("Optional: 9 characters; when given, it must match the one inside the credit code."),
            "M000100Y4",
        ),
        "subject_tax_no": (_("Optional."), ""),
        "subject_institution_no": (_("Optional."), ""),
        "subject_social_org_no": (_("Optional."), ""),
        "legal_rep": (
            _(
                "Required for a legal person or an individual business (the operator's name); blank for a natural "
                "person."
            ),
            "王建国",
        ),
        "legal_rep_id_type": (_("Optional; when given, the number is required too."), "身份证"),
        "legal_rep_id_number": (_("Optional; a resident ID number is checked (GB 11643)."), ""),
        "person_id_type": (_("Required for a natural person only; blank otherwise."), "身份证"),
        "person_id_number": (
            _("Required for a natural person only: a resident ID number must have a valid check digit (GB 11643)."),
            "140213199001011233",
        ),
        "document_name": (_("The name of the licensing decision document."), "食品经营许可决定书"),
        "decision_number": (
            _(
                "The decision document number, unique: importing a file again with the same number replaces the "
                "record instead of adding one. The same number may appear only once in a file."
            ),
            "平市监罚〔2025〕12号",
        ),
        "licence_category": (_("One of the categories; 其他 is written 其他-… with what it is."), "普通"),
        "certificate_name": (_("Optional."), "食品经营许可证"),
        "licence_number": (_("Optional; it stands for the document number when that is blank."), "JY11402130000001"),
        "content": (_("What was decided."), ""),
        "decision_date": (date_note + " " + _("Not in the future."), "2025/03/10"),
        "valid_from": (date_note, "2025/03/10"),
        "valid_to": (date_note + " " + _("2099/12/31 (or 长期) means long-term."), "2030/03/09"),
        "authority": (_("The full name of the deciding authority."), "大同市平城区市场监督管理局"),
        "authority_uscc": (_("The deciding authority's unified social credit code."), ""),
        "current_status": (_("1 = valid (the default when blank), 2 = invalid."), "1"),
        "source_unit": (_("The reporting unit's name."), ""),
        "source_unit_uscc": (
            _("The reporting unit's unified social credit code: it must be the code of the unit importing the file."),
            "",
        ),
        "remarks": (_("Optional."), ""),
        "violation_type": (_("The type of violation."), "未取得食品经营许可从事食品经营"),
        "facts": (_("The facts of the violation."), ""),
        "basis": (_("The legal basis of the penalty."), "《中华人民共和国食品安全法》第一百二十二条"),
        "categories": (
            _("One or more categories, separated by ； or 、 (names or codes 01–14)."),
            "警告；罚款",
        ),
        "fine_amount": (
            _("Required when the categories include 罚款: in 万元 (10,000 yuan), e.g. 0.5 for 5,000 yuan."),
            "0.5",
        ),
        "confiscated_amount": (
            _("Required when the categories include a confiscation (没收): in 万元 (10,000 yuan)."),
            "",
        ),
        "licence_affected": (
            _("Required when a licence is suspended or revoked (暂扣/吊销): its name and number."),
            "",
        ),
        "penalty_valid_until": (date_note, "2025/09/10"),
        "publication_deadline": (
            _(
                "Optional: the last day on public view; when blank it is computed from the publication rules. "
                "When given, it must lie within the periods the rules allow."
            ),
            "",
        ),
        "procedure": (
            _("Optional: 简易程序 or 一般程序 (the default). The simplified procedure makes a penalty minor."),
            "一般程序",
        ),
    }


def _choices(name: str) -> list[str]:
    if name == "subject_category":
        return list(SUBJECT_CATEGORY_LABELS.values())
    if name == "licence_category":
        return list(LICENCE_CATEGORY_LABELS.values())
    if name in ("person_id_type", "legal_rep_id_type"):
        return list(ID_TYPE_LABELS.values())
    if name == "current_status":
        return ["1", "2"]
    if name == "procedure":
        return list(PROCEDURE_LABELS.values())
    if name == "categories":
        return list(PENALTY_CATEGORY_LABELS.values())
    return []


# Drop-downs that accept only their values; the others warn but accept more (其他-…, several categories).
STRICT_CHOICES = frozenset({"subject_category", "person_id_type", "current_status", "procedure"})


def required_label(f: NationalField) -> str:
    if f.required is True:
        return _("Required")
    if f.required == "cond":
        return _("Conditional")
    return _("Optional")


def template_filename(kind: str, extension: str = "xlsx") -> str:
    """行政处罚导入模板.xlsx / 行政许可导入模板.csv"""
    return f"{DATA_SHEET[CatalogueKind(kind)]}导入模板.{extension}"


def _check_kind(kind: str) -> str:
    if kind not in CatalogueKind.values:
        raise ValueError(f"unknown record kind {kind!r}")
    return str(kind)


def build_template(kind: str, *, unit: ReportingUnit | None = None) -> bytes:
    """The .xlsx import template of `kind` ("licensing" or "penalty"); with `unit`, its catalogue items as well."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = _check_kind(kind)
    fields = template_fields(kind)
    notes = _notes()
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET[CatalogueKind(kind)]
    fills = {
        True: PatternFill("solid", fgColor="FDE9E7"),
        "cond": PatternFill("solid", fgColor="FFF2CC"),
        False: PatternFill("solid", fgColor="F2F2F2"),
    }
    fonts = {True: Font(bold=True, color="C00000"), "cond": Font(bold=True, color="B45F06"), False: Font(bold=True)}
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    items = _items(unit, kind)

    for index, f in enumerate(fields):
        letter = column_letter(index)
        cell = ws.cell(row=1, column=index + 1, value=safe_cell(f.header))
        cell.font = fonts[f.required]
        cell.fill = fills[f.required]
        cell.alignment = center
        how, _example = notes.get(f.name, ("", ""))
        code = f" · {f.code}" if f.code else ""
        comment = Comment(f"{required_label(f)}{code}\n{how}", "huimin")
        comment.width, comment.height = 300, 140
        cell.comment = comment
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in f.header) + 4
        dim = ws.column_dimensions[letter]
        dim.width = max(12, min(36, width))
        dim.number_format = "0.######" if f.name in AMOUNT_FIELDS else "@"

        sqref = f"{letter}2:{letter}{LAST_ROW}"
        if f.name == "catalogue_item" and items:
            dv = DataValidation(
                type="list",
                formula1=f"='{ITEMS_SHEET}'!$A$2:$A${len(items) + 1}",
                allow_blank=True,
                errorStyle="warning",
            )
        elif f.name in DATE_FIELDS or f.name == "categories":
            dv = DataValidation(type=None, allow_blank=True)  # free text (several categories): a prompt only
        elif choices := _choices(f.name):
            dv = DataValidation(type="list", formula1=_list_formula(choices), allow_blank=True)
            dv.errorStyle = "stop" if f.name in STRICT_CHOICES else "warning"
            dv.error = _("Choose a value from the list (see the instructions sheet).")
            dv.errorTitle = f.header[:32]
            dv.showErrorMessage = True
        else:
            dv = None
        if dv is not None:
            dv.promptTitle = f.header[:32]
            dv.prompt = (how or "")[:250]
            dv.showInputMessage = bool(how)
            dv.add(sqref)
            ws.add_data_validation(dv)
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 36

    _instructions(wb, kind, fields, notes)
    if items:
        _items_sheet(wb, items)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _list_formula(choices: list[str]) -> str:
    return '"' + ",".join(choices) + '"'


def _items(unit: ReportingUnit | None, kind: str) -> list[CatalogueItem]:
    if unit is None:
        return []
    return list(CatalogueItem.objects.filter(unit=unit, kind=kind, is_active=True).order_by("code"))


def _items_sheet(wb: Any, items: list[CatalogueItem]) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(ITEMS_SHEET)
    ws.append(safe_row([_("Item code"), _("Item name"), _("Sector")]))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for item in items:
        ws.append(safe_row([item.code, item.name, str(item.get_sector_display())]))
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 20
    ws.column_dimensions["A"].number_format = "@"


def _instructions(wb: Any, kind: str, fields: list[NationalField], notes: dict[str, tuple[str, str]]) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(_("Instructions"))
    wrap = Alignment(wrap_text=True, vertical="top")
    general = [
        _("How to fill in this template (%(kind)s)") % {"kind": CatalogueKind(kind).label},
        _("Row 1 holds the column headers; every row below it is one decision. Do not add example or total rows."),
        _(
            "Columns may be in any order and may be named by the national header or by the field code (also the "
            "pre-2019 codes); columns in red are required, in orange required in some cases."
        ),
        _(
            "Dates: YYYY/MM/DD (or YYYY-MM-DD, YYYYMMDD, or an Excel date). Amounts: in 万元 (10,000 yuan), up to 6 "
            "decimals. 2099/12/31 means long-term."
        ),
        _(
            "A file with any bad row imports nothing; the error workbook names each bad row, column and reason. You "
            "may ask to import only the valid rows."
        ),
        _("Importing a decision number again replaces that record; a decision number may appear only once in a file."),
    ]
    for line in general:
        ws.append(safe_row([line]))
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=False)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.append(safe_row([]))
    header = [
        _("Column"),
        _("Field code"),
        _("Old codes"),
        _("Required"),
        _("How to fill it"),
        _("Allowed values"),
        _("Example"),
    ]
    ws.append(safe_row(header))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for f in fields:
        how, example = notes.get(f.name, ("", ""))
        choices = _choices(f.name)
        if f.name == "categories":
            allowed = "、".join(f"{code} {label}" for code, label in PENALTY_CATEGORY_LABELS.items())
        else:
            allowed = "、".join(choices)
        ws.append(safe_row([f.header, f.code, "、".join(f.old_codes), required_label(f), how, allowed, example]))
        for cell in ws[ws.max_row]:
            cell.alignment = wrap
            cell.number_format = "@"
    for letter, width in zip("ABCDEFG", (34, 16, 20, 10, 70, 40, 28), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def build_csv_template(kind: str) -> bytes:
    """The CSV import template of `kind`: the header row only, UTF-8 with a BOM (Excel opens it as Chinese)."""
    kind = _check_kind(kind)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(safe_row(f.header for f in template_fields(kind)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
