"""The responses' exports (CSV and XLSX) hold no live formula: answers and paper form numbers typed like formulas are
written as text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from huimin.core.tests.spreadsheets import POISON, live_formulas_in_csv, live_formulas_in_xlsx
from huimin.surveys.services import response_enter_paper

from .factories import good_answers, make_questionnaire


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_response_exports_write_formula_like_answers_as_text(world, client_for, fmt):
    live = make_questionnaire(world.community_a1, world.worker_a1, closes_in=timedelta(days=7))
    for n, text in enumerate(POISON):
        response_enter_paper(
            questionnaire=live, answers=good_answers(live, text=text), paper_number=f"-{n}", actor=world.worker_a1
        )
    response = client_for(world.purchaser_a).get(
        reverse("surveys:export", kwargs={"public_id": live.public_id, "fmt": fmt})
    )
    assert response.status_code == 200
    check = live_formulas_in_csv if fmt == "csv" else live_formulas_in_xlsx
    assert check(response.content) == []
    if fmt == "csv":
        assert ("'" + POISON[0]).replace('"', '""').encode() in response.content
