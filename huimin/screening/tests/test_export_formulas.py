"""The screening export (初筛结果一览表) holds no live formula: a proposal title typed as `=HYPERLINK(…)` is written
as text; amounts stay numbers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from huimin.core.tests.spreadsheets import POISON, live_formulas_in_xlsx, xlsx_cells

from .factories import build_world, screen, screening_of, sealed

pytestmark = pytest.mark.django_db


def test_the_screening_export_writes_formula_like_titles_as_text_and_amounts_as_numbers(client_for):
    w = build_world(deadline=timezone.now() - timedelta(days=2))
    proposals = [sealed(w, title=text, applied_amount=Decimal("30000.00")) for text in POISON]
    screen(w, now=timezone.now())
    assert screening_of(proposals[0]).proposal.title == POISON[0]
    response = client_for(w.manager).get(
        reverse("screening:export", kwargs={"public_id": w.call.public_id}), {"all": "1"}
    )
    assert response.status_code == 200
    assert live_formulas_in_xlsx(response.content) == []
    texts = {value for _sheet, _coordinate, value, _type in xlsx_cells(response.content)}
    assert {"'" + text.replace("\r", "\n") for text in POISON} <= texts  # (XML reads a carriage return as \n)
    amounts = [v for _s, c, v, t in xlsx_cells(response.content) if c.startswith("F") and t == "n"]
    assert len(amounts) == len(POISON)  # the amount column stays numeric
