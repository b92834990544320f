"""Responses as a table (CSV or XLSX) for those who manage a questionnaire.

One row per response, oldest first: a running number, the channel, the paper form's number, the time (China
Standard Time), then one column per question (the options chosen, joined by “；”, or the text). Nothing names the
resident.

An export is forwarded once downloaded, so what residents and the questionnaire's writer typed — the free-text
answers, the options and the questions — passes through `mask_text` (ID, mobile and landline numbers masked however
they are spelt), like the public results; the app's pages keep showing the answers as written to those who manage
the questionnaire. Every cell still goes through `safe_row`/`safe_cell` (no live formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.core.exports import safe_cell, safe_row
from huimin.core.masking import mask_text

from .models import Question, QuestionKind, Response, ResponseChannel

SEPARATOR = "；"


def header(questions: list[Question]) -> list[str]:
    return [
        _("No."),
        _("Channel"),
        _("Paper form number"),
        _("Submitted at"),
        *[f"{q.position}. {mask_text(q.text)}" for q in questions],
    ]


def _cell(question: Question, answer: Any) -> str:
    if answer is None:
        return ""
    if question.kind == QuestionKind.TEXT:
        return mask_text(answer.text)
    labels = [question.choices[i] for i in answer.selected if 0 <= i < len(question.choices)]
    return mask_text(SEPARATOR.join(labels))


def rows(questions: list[Question], responses: Iterable[Response]) -> Iterator[list[str]]:
    channel_label: dict[str, str] = {ResponseChannel.ONLINE: _("Online"), ResponseChannel.PAPER: _("Paper")}
    for n, response in enumerate(responses, start=1):
        answers = {a.question_id: a for a in response.answers.all()}
        yield [
            str(n),
            str(channel_label.get(response.channel, response.channel)),
            response.paper_number,
            timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
            *[_cell(q, answers.get(q.pk)) for q in questions],
        ]


def to_csv(questions: list[Question], responses: Iterable[Response]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header(questions)))
    for row in rows(questions, responses):
        writer.writerow(safe_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8


def to_xlsx(questions: list[Question], responses: Iterable[Response], *, title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Responses"))
    bold = Font(bold=True)
    head = []
    for text in header(questions):
        cell = WriteOnlyCell(sheet, value=safe_cell(text))
        cell.font = bold
        head.append(cell)
    sheet.append(safe_row(head))
    for row in rows(questions, responses):
        values: list[Any] = [int(row[0]), *row[1:]]
        sheet.append(safe_row(values))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
