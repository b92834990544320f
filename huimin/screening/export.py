"""The screening board as an Excel workbook (初筛结果一览表): one row per proposal with the organization, the project,
the amount, the purchasers, the category, the automatic result, the result of every check, the status and the
decision with its reason.

The headers and the words in the cells are Chinese whatever the language of the page: the workbook goes into the
district's files and to the purchasers as the record of the screening.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import TYPE_CHECKING

from django.utils import timezone, translation

from huimin.core.exports import safe_row
from huimin.proposals.sections import SECTIONS_BY_CODE, section_label

from .checks import CHECK_CODES
from .selectors import BoardRow

if TYPE_CHECKING:
    from huimin.calls.models import Call

CHECK_HEADERS = {
    "uscc": "统一社会信用代码校验",
    "registration": "民政登记",
    "org_type": "主体类型",
    "annual_inspection": "上年度年检",
    "grade": "评估等级",
    "operating_years": "成立年限",
    "credit": "信用核查",
    "budget": "预算规则",
    "completeness": "材料完整性",
    "proposal_limit": "申报数量",
    "duplicate_text": "文本雷同",
    "amendments_confirmed": "补充通知确认",
}
RESULT_WORDS = {"pass": "通过", "review": "需人工复核", "fail": "不通过"}  # nosec B105 (check results, no password)
STATUS_WORDS = {
    "awaiting": "待决定",
    "passed": "初筛通过",
    "rejected": "初筛不通过",
    "fix_requested": "限期补正",
    "fix_submitted": "已提交补正",
}
EXPIRED_WORD = "补正期已过"
HEADERS = [
    "序号",
    "受理编号",
    "申报机构",
    "统一社会信用代码",
    "项目名称",
    "申请金额（元）",
    "购买方",
    "服务类别",
    "自动初筛结果",
    *[CHECK_HEADERS[c] for c in CHECK_CODES],
    "状态",
    "决定理由",
    "补正内容",
    "补正截止",
    "决定时间",
]
WIDTHS = [6, 22, 30, 22, 34, 14, 18, 14, 14, *[12] * len(CHECK_CODES), 12, 40, 20, 18, 18]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _sections(codes: list[str]) -> str:
    with translation.override("zh-hans"):
        return "、".join(section_label(c) for c in codes if c in SECTIONS_BY_CODE)


def board_workbook(call: Call, rows: Sequence[BoardRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "初筛结果"
    sheet.append(safe_row([f"{call.title}（{call.number}）初筛结果一览表"]))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(safe_row([f"导出时间：{_local(timezone.now())}　共 {len(rows)} 项"]))
    sheet.append(safe_row(HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for n, row in enumerate(rows, start=1):
        s = row.screening
        p = row.proposal
        by_code = {code: result for code, _label, result in row.icons}
        sheet.append(
            safe_row(
                [
                    n,
                    p.receipt_number,
                    p.organization.name,
                    p.organization.uscc or "",
                    p.title,
                    p.applied_amount,
                    "、".join(row.purchasers),
                    p.category.name if p.category else "",
                    RESULT_WORDS.get(s.automatic_result, s.automatic_result),
                    *[RESULT_WORDS.get(by_code.get(code, ""), "") for code in CHECK_CODES],
                    EXPIRED_WORD if row.expired else STATUS_WORDS.get(s.status, s.status),
                    s.reason,
                    _sections(s.fix_sections),
                    _local(s.fix_until),
                    _local(s.decided_at),
                ]
            )
        )
        sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0.00"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C4"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
