"""The responses' exports (CSV and XLSX) are forwarded once downloaded: the ID and mobile numbers residents type into
free-text answers are masked in them, however they are spelt (the answers stay as written in the database)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse

from huimin.core.masking import normalize_digits
from huimin.surveys.models import Answer
from huimin.surveys.services import response_enter_paper

from .factories import good_answers, make_questionnaire

MOBILE = "+86 139 0352 0001"
RESIDENT_ID = "140202-19770312-4568"
ANSWER = f"请联系我，电话{MOBILE}，身份证{RESIDENT_ID}"


def _export_text(content: bytes, fmt: str) -> str:
    if fmt == "csv":
        return content.decode("utf-8-sig")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_response_exports_mask_id_and_mobile_numbers_typed_into_answers(world, client_for, fmt):
    live = make_questionnaire(world.community_a1, world.worker_a1, closes_in=timedelta(days=7))
    response_enter_paper(
        questionnaire=live, answers=good_answers(live, text=ANSWER), paper_number="P-1", actor=world.worker_a1
    )
    response = client_for(world.purchaser_a).get(
        reverse("surveys:export", kwargs={"public_id": live.public_id, "fmt": fmt})
    )
    assert response.status_code == 200
    text = _export_text(response.content, fmt)
    flat = normalize_digits(text)
    assert "13903520001" not in flat
    assert "140202197703124568" not in flat
    assert "139****0001" in text
    assert "140202********4568" in text
    assert "请联系我" in text  # the rest of the answer is exported
    # the stored answer is unchanged
    assert Answer.objects.filter(response__questionnaire=live, text=ANSWER).exists()
