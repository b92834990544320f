"""Property: records generated at random, written into the Excel template and imported, are stored as generated."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from huimin.core.permissions import SystemActor
from huimin.core.validators import USCC_CHARSET, generate_uscc, resident_id_check_char
from huimin.credit.fields import PENALTY_CATEGORY_LABELS, template_fields
from huimin.credit.importing import build_template, import_records
from huimin.credit.models import LicensingRecord, PenaltyRecord

from .factories import make_item, make_unit

_numbers = itertools.count(1)
TODAY = date(2026, 6, 30)
HANZI = "平城区大同市好味道餐饮有限公司鑫源五金商店建国王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯"
TEXT = st.text(alphabet=HANZI + "0123456789，。、（）", min_size=1, max_size=40).map(str.strip).filter(bool)
NAME = st.text(alphabet=HANZI, min_size=2, max_size=30)
ORG_KINDS = [("9", "1"), ("9", "3"), ("5", "1"), ("5", "2"), ("1", "2"), ("3", "1"), ("Y", "1")]
# Categories that need no amount or licence (those are drawn separately so the row stays consistent).
PLAIN_CATEGORIES = ["01", "04", "06", "07", "08", "10", "12", "13", "14"]


@st.composite
def usccs(draw) -> str:
    authority, category = draw(st.sampled_from(ORG_KINDS))
    body = draw(st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8))
    return generate_uscc(authority, category, "140213", body)


@st.composite
def resident_ids(draw) -> str:
    born = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)))
    seq = draw(st.integers(min_value=0, max_value=999))
    first17 = f"140213{born:%Y%m%d}{seq:03d}"
    return first17 + resident_id_check_char(first17)


@st.composite
def parties(draw) -> dict[str, Any]:
    kind = draw(st.sampled_from(["legal", "natural", "individual"]))
    if kind == "natural":
        return {
            "subject_name": draw(NAME),
            "subject_category": "natural_person",
            "person_id_type": "01",
            "person_id_number": draw(resident_ids()),
        }
    party: dict[str, Any] = {"subject_name": draw(NAME), "legal_rep": draw(NAME)}
    if kind == "individual" and draw(st.booleans()):
        party.update(
            subject_category="individual_business",
            subject_uscc="00000000000000000X",
            subject_business_reg_no=draw(st.text(alphabet="0123456789", min_size=15, max_size=15)),
        )
    else:
        uscc = draw(usccs())
        party.update(subject_category="legal_person" if kind == "legal" else "individual_business", subject_uscc=uscc)
        if draw(st.booleans()):
            party["subject_org_code"] = uscc[8:17]
    if draw(st.booleans()):
        party.update(legal_rep_id_type="身份证", legal_rep_id_number=draw(resident_ids()))
    return party


def decision_dates() -> st.SearchStrategy[date]:
    return st.dates(min_value=date(2019, 7, 1), max_value=TODAY - timedelta(days=1))


@st.composite
def penalties(draw, authority_uscc: str) -> dict[str, Any]:
    decided = draw(decision_dates())
    categories = draw(st.lists(st.sampled_from(PLAIN_CATEGORIES), max_size=2, unique=True))
    record: dict[str, Any] = {
        **draw(parties()),
        "decision_number": f"平罚〔{decided.year}〕{next(_numbers)}号",
        "violation_type": draw(TEXT),
        "facts": draw(TEXT),
        "basis": draw(TEXT),
        "content": draw(TEXT),
        "decision_date": decided,
        "penalty_valid_until": decided + timedelta(days=draw(st.integers(min_value=0, max_value=3000))),
        "authority": draw(NAME),
        "authority_uscc": authority_uscc,
        "remarks": draw(st.one_of(st.just(""), TEXT)),
    }
    if draw(st.booleans()) or not categories:
        categories.append("02")
        record["fine_amount"] = draw(
            st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("99999"), places=6)
        ).normalize()
    if draw(st.booleans()):
        categories.append("03")
        record["confiscated_amount"] = draw(st.decimals(min_value=0, max_value=Decimal("5000"), places=2))
    if "04" in categories or draw(st.booleans()):
        categories.append("11")
        record["licence_affected"] = draw(TEXT)
    record["categories"] = categories
    return record


@st.composite
def licences(draw, authority_uscc: str) -> dict[str, Any]:
    decided = draw(decision_dates())
    valid_to = draw(st.one_of(st.just(date(2099, 12, 31)), st.dates(min_value=decided, max_value=date(2060, 1, 1))))
    return {
        **draw(parties()),
        "document_name": draw(TEXT),
        "decision_number": f"平许〔{decided.year}〕{next(_numbers)}号",
        "licence_category": draw(st.sampled_from(["01", "02", "03", "04", "05"])),
        "certificate_name": draw(st.one_of(st.just(""), TEXT)),
        "licence_number": draw(st.text(alphabet="ABCDEFGHJK0123456789", min_size=0, max_size=20)),
        "content": draw(st.one_of(st.just(""), TEXT)),
        "decision_date": decided,
        "valid_from": decided,
        "valid_to": valid_to,
        "authority": draw(NAME),
        "authority_uscc": authority_uscc,
        "current_status": draw(st.sampled_from(["1", "2"])),
    }


CELL_WORDS = {
    "subject_category": {
        "legal_person": "法人及非法人组织",
        "natural_person": "自然人",
        "individual_business": "个体工商户",
    },
    "person_id_type": {"01": "身份证"},
    "licence_category": {"01": "普通", "02": "特许", "03": "认可", "04": "核准", "05": "登记"},
}


def cell(name: str, value: Any, as_text: bool) -> Any:
    """How a person fills the cell: category words, dates as Excel dates or YYYY/MM/DD text, amounts as numbers."""
    if name in CELL_WORDS:
        return CELL_WORDS[name].get(value, value)
    if name == "categories":
        return "；".join(PENALTY_CATEGORY_LABELS[c] for c in value)
    if isinstance(value, date):
        return value.strftime("%Y/%m/%d") if as_text else value
    if isinstance(value, Decimal):
        return format(value, "f") if as_text else value
    return value or None


def fill_template(kind: str, unit, item, records: list[dict[str, Any]], as_text: bool) -> bytes:
    wb = load_workbook(io.BytesIO(build_template(kind, unit=unit)))
    ws = wb.worksheets[0]
    fields = template_fields(kind)
    for record in records:
        values = {**record, "catalogue_item": item.code, "source_unit": unit.organization.name}
        values["source_unit_uscc"] = unit.organization.uscc
        ws.append([cell(f.name, values.get(f.name), as_text) for f in fields])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def assert_stored(model, records: list[dict[str, Any]], item) -> None:
    stored = {
        r.decision_number: r for r in model.objects.filter(decision_number__in=[x["decision_number"] for x in records])
    }
    assert len(stored) == len(records)
    for expected in records:
        record = stored[expected["decision_number"]]
        assert record.catalogue_item_id == item.pk
        for name, value in expected.items():
            got = getattr(record, name)
            if name == "categories":
                assert got == list(dict.fromkeys(value)), name
            elif name == "legal_rep_id_type":
                assert got == value
            else:
                assert got == (value if value is not None else ""), (name, got, value)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def setting(db):
    unit = make_unit("RT")
    return unit, make_item(unit, "penalty", "CF0001"), make_item(unit, "licensing", "XK0001")


AUTHORITY = generate_uscc("1", "1", "140213", "01100002")
PROPERTY = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@PROPERTY
@given(records=st.lists(penalties(AUTHORITY), min_size=1, max_size=4), as_text=st.booleans())
def test_penalties_round_trip_through_the_excel_template(setting, records, as_text):
    unit, item, _licence_item = setting
    data = fill_template("penalty", unit, item, records, as_text)
    report = import_records(data, kind=None, unit=unit, actor=SystemActor("t"), filename="t.xlsx", today=TODAY)
    assert report.created == len(records) and not report.rejected, report.as_json()
    assert_stored(PenaltyRecord, records, item)


@PROPERTY
@given(records=st.lists(licences(AUTHORITY), min_size=1, max_size=4), as_text=st.booleans())
def test_licences_round_trip_through_the_excel_template(setting, records, as_text):
    unit, _item, licence_item = setting
    data = fill_template("licensing", unit, licence_item, records, as_text)
    report = import_records(data, kind=None, unit=unit, actor=SystemActor("t"), filename="t.xlsx", today=TODAY)
    assert report.created == len(records) and not report.rejected, report.as_json()
    assert_stored(LicensingRecord, records, licence_item)
