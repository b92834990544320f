"""`huimin credit import | template | expire | check`: output and exit status."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from huimin.core.models import Role
from huimin.core.permissions import SystemActor
from huimin.credit.models import CreditCheck, ListType, PenaltyRecord, PublicationStatus
from huimin.credit.services.lists import list_entry_add

from .factories import COMPANY_USCC, make_item, make_unit
from .importing_helpers import headers_of, penalty_file, penalty_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("HUIMIN_LANGUAGE", "en")


@pytest.fixture
def unit(db):
    return make_unit("SCJ")


@pytest.fixture
def item(unit):
    return make_item(unit, "penalty", "CF0001")


def credit(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("credit", *args, stdout=out, stderr=io.StringIO())
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# --- import --------------------------------------------------------------------------------------------------------


def test_import_of_a_clean_file_exits_0_and_says_what_was_imported(tmp_path, unit, item):
    path = write(tmp_path, "ok.xlsx", penalty_file(unit, item, [penalty_row(unit, item) for _ in range(2)]))
    status, output = credit("import", path, "--unit", "SCJ")
    assert status == 0, output
    assert "2 rows read, 2 valid, 0 with errors" in output and "2 new records, 0 updated" in output
    assert PenaltyRecord.objects.count() == 2


def test_import_with_a_bad_row_exits_1_imports_nothing_and_names_row_and_column(tmp_path, unit, item):
    rows = [penalty_row(unit, item) for _ in range(12)]
    rows[10]["处罚决定日期"] = "2020/13/01"
    path = write(tmp_path, "bad.xlsx", penalty_file(unit, item, rows))
    status, output = credit("import", path, "--unit", "SCJ")
    assert status == 1
    assert "Row 12 [处罚决定日期] value “2020/13/01”:" in output
    assert "Nothing was imported" in output and "--valid-only" in output
    assert PenaltyRecord.objects.count() == 0


def test_import_valid_only_imports_the_good_rows_and_still_exits_1(tmp_path, unit, item):
    rows = [penalty_row(unit, item) for _ in range(3)]
    rows[0]["处罚依据"] = ""
    path = write(tmp_path, "bad.csv", penalty_file(unit, item, rows, fmt="csv"))
    errors = tmp_path / "errors.xlsx"
    status, output = credit("import", path, "--unit", "SCJ", "--valid-only", "--errors", str(errors))
    assert status == 1
    assert "2 new records" in output and "1 bad rows were skipped" in output and "Row 2 [处罚依据]" in output
    assert PenaltyRecord.objects.count() == 2
    listing = load_workbook(errors).worksheets[0]
    assert listing.cell(row=2, column=len(headers_of("penalty")) + 1).value == 2


def test_import_of_a_file_that_is_not_a_spreadsheet_exits_1(tmp_path, unit):
    path = write(tmp_path, "photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    status, output = credit("import", path, "--unit", "SCJ")
    assert status == 1 and "PNG image" in output


def test_import_unit_is_the_officers_own_when_not_given(tmp_path, unit, item, make_user):
    officer = make_user(role=Role.CREDIT_OFFICER, organization=unit.organization, username="officer1")
    path = write(tmp_path, "ok.xlsx", penalty_file(unit, item))
    status, output = credit("import", path, "--as", officer.user.username)
    assert status == 0, output
    assert PenaltyRecord.objects.get().unit == unit


def test_import_for_another_unit_as_an_officer_is_refused(tmp_path, unit, item, make_user):
    make_user(role=Role.CREDIT_OFFICER, organization=unit.organization, username="officer1")
    other = make_unit("HBJ")
    path = write(tmp_path, "ok.xlsx", penalty_file(other, item))
    status, output = credit("import", path, "--unit", "HBJ", "--as", "officer1")
    assert status == 1 and "HBJ" in output


def test_import_without_unit_when_several_exist_asks_for_it(tmp_path, unit, item):
    make_unit("HBJ")
    path = write(tmp_path, "ok.xlsx", penalty_file(unit, item))
    status, output = credit("import", path)
    assert status == 2 and "--unit" in output


def test_import_of_an_unknown_unit_or_missing_file_fails(tmp_path, unit, item):
    path = write(tmp_path, "ok.xlsx", penalty_file(unit, item))
    assert credit("import", path, "--unit", "NOPE")[0] == 1
    assert credit("import", str(tmp_path / "missing.xlsx"), "--unit", "SCJ")[0] == 2


# --- template ------------------------------------------------------------------------------------------------------


def test_template_writes_xlsx_and_csv(tmp_path, unit, item):
    out = tmp_path / "t.xlsx"
    assert credit("template", "penalty", str(out), "--unit", "SCJ")[0] == 0
    ws = load_workbook(out).worksheets[0]
    assert [c.value for c in ws[1]] == headers_of("penalty")
    out_csv = tmp_path / "t.csv"
    assert credit("template", "licensing", str(out_csv))[0] == 0
    assert out_csv.read_bytes().decode("utf-8-sig").split("\r\n")[0].split(",") == headers_of("licensing")


# --- expire --------------------------------------------------------------------------------------------------------


def test_expire_takes_past_deadlines_off_public_view_and_prints_how_many(tmp_path, unit, item):
    path = write(tmp_path, "ok.xlsx", penalty_file(unit, item, [penalty_row(unit, item, decision_date="2025/03/10")]))
    assert credit("import", path, "--unit", "SCJ")[0] == 0
    record = PenaltyRecord.objects.get()
    assert record.status == PublicationStatus.PUBLISHED
    day_after = record.publication_deadline.replace(year=record.publication_deadline.year + 1)
    status, output = credit("expire", "--today", day_after.isoformat())
    assert status == 0 and output.startswith("1 penalties")
    record.refresh_from_db()
    assert record.status == PublicationStatus.EXPIRED and not record.is_public
    assert credit("expire", "--today", day_after.isoformat())[1].startswith("0 penalties")
    assert credit("expire", "--today", "yesterday")[0] == 2


# --- check ---------------------------------------------------------------------------------------------------------


def test_check_prints_clear_for_an_organization_without_findings():
    status, output = credit("check", COMPANY_USCC, "--on", "2025-06-30")
    assert status == 0 and "Clear" in output
    assert CreditCheck.objects.count() == 1


def test_check_prints_blocked_and_each_finding_with_its_rule_and_source():
    list_entry_add(
        list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
        subject_name="大同市平城区好味道餐饮有限公司",
        subject_uscc=COMPANY_USCC,
        start_date=date(2024, 1, 1),
        decided_by="平城区人民法院",
        document_number="（2024）晋0213执123号",
        actor=SystemActor("test"),
    )
    status, output = credit("check", COMPANY_USCC, "--on", "2025-06-30", "--no-save")
    assert status == 0
    assert "Blocked" in output and "list-bars-services" in output and "（2024）晋0213执123号" in output
    assert CreditCheck.objects.count() == 0


def test_check_prints_warned_for_a_recent_penalty(tmp_path, unit, item):
    path = write(tmp_path, "ok.xlsx", penalty_file(unit, item, [penalty_row(unit, item, decision_date="2025/03/10")]))
    assert credit("import", path, "--unit", "SCJ")[0] == 0
    status, output = credit("check", COMPANY_USCC, "--on", "2025-06-30")
    assert status == 0 and "Warned" in output and "penalty-within-3-years" in output


def test_check_of_an_invalid_code_exits_1():
    status, output = credit("check", "91350100M000100Y44")
    assert status == 1 and "check character" in output, output
