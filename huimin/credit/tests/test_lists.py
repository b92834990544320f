"""Joint-punishment memoranda and lists: validation of entries, removal, and all-or-nothing imports from files."""

# ruff: noqa: F811  (the fixtures of test_check are imported and used by name)

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from django.utils import translation
from openpyxl import Workbook

from huimin.audit.models import AuditEvent
from huimin.core.models import Role
from huimin.core.permissions import PermissionDenied
from huimin.core.services import ServiceError
from huimin.credit.events import CreditEvent
from huimin.credit.listfiles import IMPORT_HEADERS, ROW_KEY, parse_date, parse_list_file
from huimin.credit.models import ListEffect, ListEntry, ListType, Memorandum
from huimin.credit.services.lists import list_entries_import, list_entry_add, list_entry_remove, memorandum_create

from .test_check import LEGAL_REP_ID, credit_admin, next_uscc  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _memo(actor, **changes):
    fields = {
        "code": "发改财金〔2018〕1614号",
        "title": "关于对政府采购领域严重违法失信主体开展联合惩戒的合作备忘录",
        "signed_on": date(2018, 11, 20),
        "forwarded_on": date(2019, 12, 25),
        "list_type": ListType.PROCUREMENT_SERIOUS,
        "bars_purchased_services": True,
        "measures": "依法限制参与政府采购活动",
        "actor": actor,
    }
    fields.update(changes)
    return memorandum_create(**fields)


def _entry(actor, **changes):
    fields = {
        "list_type": ListType.PROCUREMENT_SERIOUS,
        "subject_name": "平城区某某服务中心",
        "subject_uscc": next_uscc(),
        "start_date": date(2025, 1, 1),
        "actor": actor,
    }
    fields.update(changes)
    return list_entry_add(**fields)


# --- memoranda ------------------------------------------------------------------------------------------------------


def test_a_memorandum_is_recorded_and_audited(credit_admin):
    memo = _memo(credit_admin)
    assert Memorandum.objects.get(code="发改财金〔2018〕1614号") == memo
    assert AuditEvent.objects.filter(event_type=CreditEvent.MEMORANDUM_CREATED, target_id=str(memo.pk)).exists()


def test_a_memorandum_document_number_is_unique(credit_admin):
    _memo(credit_admin)
    with pytest.raises(ServiceError) as info:
        _memo(credit_admin, title="另一份")
    assert "code" in info.value.error_dict


def test_a_memorandum_cannot_be_forwarded_before_it_was_signed(credit_admin):
    with pytest.raises(ServiceError) as info:
        _memo(credit_admin, forwarded_on=date(2018, 11, 19))
    assert "forwarded_on" in info.value.error_dict


@pytest.mark.parametrize("role", [Role.CREDIT_OFFICER, Role.PURCHASER, Role.PROVIDER])
def test_only_the_credit_administrator_manages_memoranda_and_lists(make_user, role):
    actor = make_user(role=role)
    with pytest.raises(PermissionDenied):
        _memo(actor)
    with pytest.raises(PermissionDenied):
        _entry(actor)
    with pytest.raises(PermissionDenied):
        list_entries_import(rows=[], actor=actor)


# --- entries --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("list_type", "effect"),
    [
        (ListType.DISHONEST_JUDGMENT_DEBTOR, ListEffect.BLOCK),
        (ListType.MAJOR_TAX_VIOLATION, ListEffect.BLOCK),
        (ListType.SOCIAL_ORG_SERIOUS, ListEffect.BLOCK),
        (ListType.SOCIAL_ORG_ABNORMAL, ListEffect.WARN),
    ],
)
def test_an_entry_takes_the_default_effect_of_its_list(credit_admin, list_type, effect):
    assert _entry(credit_admin, list_type=list_type).effect == effect


def test_an_explicit_effect_overrides_the_default(credit_admin):
    assert _entry(credit_admin, list_type=ListType.OTHER, effect=ListEffect.BLOCK).effect == ListEffect.BLOCK


def test_an_entry_is_audited(credit_admin):
    entry = _entry(credit_admin)
    assert AuditEvent.objects.filter(event_type=CreditEvent.LIST_ENTRY_ADDED, target_id=str(entry.pk)).exists()


def test_a_credit_code_is_normalized_and_checked(credit_admin):
    code = next_uscc()
    assert _entry(credit_admin, subject_uscc=f" {code.lower()} ").subject_uscc == code
    with pytest.raises(ServiceError) as info:
        _entry(credit_admin, subject_uscc="52140213MJY00001X8")
    assert "check character" in " ".join(info.value.error_dict["subject_uscc"][0].messages)


def test_a_resident_id_number_is_checked(credit_admin):
    entry = _entry(credit_admin, subject_uscc="", subject_name="张三", person_id_number=LEGAL_REP_ID)
    assert entry.person_id_number == LEGAL_REP_ID
    with pytest.raises(ServiceError) as info:
        _entry(credit_admin, subject_uscc="", subject_name="张三", person_id_number="140213199001011234")
    assert "person_id_number" in info.value.error_dict


def test_an_entry_needs_a_name_or_an_identifier(credit_admin):
    with pytest.raises(ServiceError) as info:
        _entry(credit_admin, subject_name=" ", subject_uscc="")
    assert "subject_name" in info.value.error_dict
    assert _entry(credit_admin, subject_name="", subject_uscc=next_uscc()).pk  # a code alone is enough


def test_an_entry_cannot_end_before_it_starts(credit_admin):
    with pytest.raises(ServiceError) as info:
        _entry(credit_admin, start_date=date(2025, 3, 1), end_date=date(2025, 2, 28))
    assert "end_date" in info.value.error_dict
    assert _entry(credit_admin, start_date=date(2025, 3, 1), end_date=date(2025, 3, 1)).pk


def test_the_same_subject_on_the_same_list_from_the_same_date_is_refused(credit_admin):
    code = next_uscc()
    first = _entry(credit_admin, subject_uscc=code)
    with pytest.raises(ServiceError, match="already on the list") as info:
        _entry(credit_admin, subject_uscc=code)
    assert info.value.error_code == "list_entry_duplicate"
    assert _entry(credit_admin, subject_uscc=code, list_type=ListType.MAJOR_TAX_VIOLATION).pk  # another list
    assert _entry(credit_admin, subject_uscc=code, start_date=date(2025, 2, 1)).pk  # another start
    list_entry_remove(entry=first, on=date(2025, 1, 5), reason="误列", actor=credit_admin)
    assert _entry(credit_admin, subject_uscc=code).pk  # once removed, it may be listed again


def test_an_entry_cannot_cite_a_memorandum_of_another_list(credit_admin):
    memo = _memo(credit_admin)
    with pytest.raises(ServiceError) as info:
        _entry(credit_admin, list_type=ListType.MAJOR_TAX_VIOLATION, memorandum=memo)
    assert "memorandum" in info.value.error_dict
    assert _entry(credit_admin, memorandum=memo).memorandum == memo


def test_an_unknown_list_is_refused(credit_admin):
    with pytest.raises(ServiceError) as info:
        _entry(credit_admin, list_type="blacklist")
    assert "list_type" in info.value.error_dict


def test_removal_needs_a_reason_and_a_date_not_before_the_listing(credit_admin):
    entry = _entry(credit_admin, start_date=date(2025, 1, 1))
    with pytest.raises(ServiceError) as info:
        list_entry_remove(entry=entry, on=date(2025, 2, 1), reason="", actor=credit_admin)
    assert "reason" in info.value.error_dict
    with pytest.raises(ServiceError) as info:
        list_entry_remove(entry=entry, on=date(2024, 12, 31), reason="已履行", actor=credit_admin)
    assert "on" in info.value.error_dict
    removed = list_entry_remove(entry=entry, on=date(2025, 2, 1), reason="已履行", actor=credit_admin)
    assert removed.removed_on == date(2025, 2, 1) and removed.removal_reason == "已履行"
    assert AuditEvent.objects.filter(event_type=CreditEvent.LIST_ENTRY_REMOVED, target_id=str(entry.pk)).exists()
    with pytest.raises(ServiceError, match="already removed"):
        list_entry_remove(entry=entry, on=date(2025, 3, 1), reason="再次", actor=credit_admin)


# --- imports --------------------------------------------------------------------------------------------------------


def _row(**changes):
    row = {
        "名单类型": "失信被执行人",
        "名称": "平城区某某养老服务中心",
        "统一社会信用代码": next_uscc(),
        "身份证号码": "",
        "列入日期": "2025/01/02",
        "移出日期": "",
        "列入原因": "有履行能力而拒不履行生效法律文书确定义务",
        "决定机关": "大同市平城区人民法院",
        "文书号": "(2024)晋0213执100号",
    }
    row.update(changes)
    return row


def test_an_import_of_good_rows_creates_every_entry_and_one_audit_event(credit_admin):
    rows = [
        _row(),
        _row(**{"名单类型": "活动异常名录", "列入日期": "2025-03-04", "移出日期": "2025-09-04"}),
        _row(**{"名单类型": "major_tax", "列入日期": date(2024, 5, 6)}),
        _row(**{"统一社会信用代码": "", "名称": "张三", "身份证号码": LEGAL_REP_ID}),
    ]
    report = list_entries_import(rows=rows, actor=credit_admin)
    assert report.ok and report.total == 4 and report.imported == 4 and report.rejected_rows == 0
    entries = {e.public_id.hex: e for e in ListEntry.objects.all()}
    assert len(entries) == 4
    abnormal = ListEntry.objects.get(list_type=ListType.SOCIAL_ORG_ABNORMAL)
    assert abnormal.effect == ListEffect.WARN
    assert abnormal.start_date == date(2025, 3, 4) and abnormal.end_date == date(2025, 9, 4)
    assert ListEntry.objects.get(list_type=ListType.MAJOR_TAX_VIOLATION).start_date == date(2024, 5, 6)
    assert ListEntry.objects.get(person_id_number=LEGAL_REP_ID).subject_uscc == ""
    event = AuditEvent.objects.get(event_type=CreditEvent.LIST_ENTRIES_IMPORTED)
    assert event.payload["imported"] == 4


def test_an_import_with_a_bad_row_imports_nothing_and_names_row_column_and_reason(credit_admin):
    rows = [
        _row(),
        _row(**{"统一社会信用代码": "52140213MJY00001X8"}),
        _row(**{"列入日期": "2025-13-01"}),
        _row(**{"名单类型": "黑名单"}),
        _row(**{"列入日期": "2025-05-01", "移出日期": "2025-04-30"}),
    ]
    report = list_entries_import(rows=rows, actor=credit_admin)
    assert not report.ok and report.imported == 0 and report.rejected_rows == 4
    assert ListEntry.objects.count() == 0
    found = {(e.row, e.column) for e in report.errors}
    assert found == {(3, "统一社会信用代码"), (4, "列入日期"), (5, "名单类型"), (6, "移出日期")}
    messages = {e.row: e.message for e in report.errors}
    assert "check character" in messages[3]
    assert "2025-13-01" in messages[4]
    assert "黑名单" in messages[5]
    assert "before the listing date" in messages[6]
    assert not AuditEvent.objects.filter(event_type=CreditEvent.LIST_ENTRIES_IMPORTED).exists()


def test_valid_only_imports_the_good_rows_and_still_reports_the_bad(credit_admin):
    rows = [_row(), _row(**{"统一社会信用代码": "52140213MJY00001X8"}), _row()]
    report = list_entries_import(rows=rows, actor=credit_admin, valid_only=True)
    assert report.imported == 2 and report.rejected_rows == 1
    assert [(e.row, e.column) for e in report.errors] == [(3, "统一社会信用代码")]
    assert ListEntry.objects.count() == 2
    assert AuditEvent.objects.get(event_type=CreditEvent.LIST_ENTRIES_IMPORTED).payload["rejected_rows"] == [3]


def test_a_row_repeating_an_earlier_row_or_an_active_entry_is_a_bad_row(credit_admin):
    existing = _entry(credit_admin, list_type=ListType.DISHONEST_JUDGMENT_DEBTOR, start_date=date(2025, 1, 2))
    repeated = _row()
    rows = [repeated, dict(repeated), _row(**{"统一社会信用代码": existing.subject_uscc})]
    report = list_entries_import(rows=rows, actor=credit_admin)
    assert {(e.row, e.column) for e in report.errors} == {(3, "统一社会信用代码"), (4, "统一社会信用代码")}
    assert "Row 2" in next(e.message for e in report.errors if e.row == 3)
    assert ListEntry.objects.count() == 1


def test_a_row_without_name_or_identifier_is_a_bad_row(credit_admin):
    report = list_entries_import(rows=[_row(**{"名称": "", "统一社会信用代码": ""})], actor=credit_admin)
    assert [(e.row, e.column) for e in report.errors] == [(2, "名称")]


def test_an_import_missing_a_required_column_says_so_once(credit_admin):
    rows = [{k: v for k, v in _row().items() if k != "列入日期"} for _ in range(3)]
    report = list_entries_import(rows=rows, actor=credit_admin, valid_only=True)
    assert [(e.row, e.column) for e in report.errors] == [(1, "列入日期")]
    assert report.imported == 0 and ListEntry.objects.count() == 0


def test_blank_rows_are_skipped_and_aliases_of_headers_are_accepted(credit_admin):
    rows = [
        {
            "名单名称": "社会组织严重违法失信名单",
            "主体名称": "平城区某协会",
            "信用代码": next_uscc("5", "1"),
            "列入时间": "2025年2月3日",
        },
        {"名单名称": "", "主体名称": "", "信用代码": "", "列入时间": None},
    ]
    report = list_entries_import(rows=rows, actor=credit_admin)
    assert report.ok and report.total == 1 and report.imported == 1
    assert ListEntry.objects.get().start_date == date(2025, 2, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025/01/02", date(2025, 1, 2)),
        ("2025-1-2", date(2025, 1, 2)),
        ("2025.01.02", date(2025, 1, 2)),
        ("20250102", date(2025, 1, 2)),
        ("2025年1月2日", date(2025, 1, 2)),
        (datetime(2025, 1, 2, 0, 0), date(2025, 1, 2)),
        (45659, date(2025, 1, 2)),  # an Excel serial number
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_in_the_usual_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2025-02-30", "next year", "01/02/2025"])
def test_impossible_or_ambiguous_dates_are_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


# --- files ----------------------------------------------------------------------------------------------------------


def _rows_for_file():
    return [
        _row(**{"列入日期": date(2025, 1, 2)}),
        _row(**{"名单类型": "活动异常名录", "列入日期": date(2025, 2, 3), "移出日期": date(2025, 8, 3)}),
    ]


def test_an_xlsx_file_is_read_with_row_numbers_and_dates(tmp_path, credit_admin):
    wb = Workbook()
    ws = wb.active
    ws.append(list(IMPORT_HEADERS))
    data = _rows_for_file()
    for row in data:
        ws.append([row[h] for h in IMPORT_HEADERS])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    rows = parse_list_file(path)
    assert [r[ROW_KEY] for r in rows] == [2, 3]
    assert rows[0]["统一社会信用代码"] == data[0]["统一社会信用代码"]
    report = list_entries_import(rows=rows, actor=credit_admin)
    assert report.ok and report.imported == 2
    assert ListEntry.objects.get(list_type=ListType.SOCIAL_ORG_ABNORMAL).end_date == date(2025, 8, 3)


def test_an_xlsx_bad_row_is_reported_with_its_row_number_in_the_sheet_below_a_title(credit_admin):
    wb = Workbook()
    ws = wb.active
    ws.append(["平城区联合惩戒对象名单（2025年第1批）"])  # a title line above the header is not data
    ws.append([])
    ws.append(list(IMPORT_HEADERS))
    for row in (_row(), _row(**{"统一社会信用代码": "52140213MJY00001X8"})):
        ws.append([row[h] for h in IMPORT_HEADERS])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    rows = parse_list_file(buffer)
    assert [r[ROW_KEY] for r in rows] == [4, 5]
    report = list_entries_import(rows=rows, actor=credit_admin)
    assert [(e.row, e.column) for e in report.errors] == [(5, "统一社会信用代码")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_csv_file_is_read_in_utf8_utf8_with_bom_or_gbk(tmp_path, credit_admin, encoding):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(IMPORT_HEADERS)
    for row in _rows_for_file():
        writer.writerow([row[h].isoformat() if isinstance(row[h], date) else row[h] for h in IMPORT_HEADERS])
    path = tmp_path / "名单.csv"
    path.write_bytes(text.getvalue().encode(encoding))
    rows = parse_list_file(path)
    assert [r[ROW_KEY] for r in rows] == [2, 3]
    assert rows[0]["名单类型"] == "失信被执行人"
    report = list_entries_import(rows=rows, actor=credit_admin)
    assert report.ok and report.imported == 2


def test_a_file_that_is_not_text_or_a_workbook_is_refused(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\xff" * 10)
    with pytest.raises(ServiceError, match="neither UTF-8 nor GBK"):
        parse_list_file(path)
    broken = tmp_path / "名单.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ServiceError, match="not a readable Excel workbook"):
        parse_list_file(broken)


def test_an_import_of_thousands_of_rows_checks_duplicates_in_a_few_queries(credit_admin, django_assert_max_num_queries):
    rows = [_row(**{"列入日期": "2025-01-02"}) for _ in range(1500)]
    rows.append(dict(rows[0]))  # a repeat of row 2, reported as row 1502
    with django_assert_max_num_queries(20):
        report = list_entries_import(rows=rows, actor=credit_admin, valid_only=True)
    assert report.imported == 1500
    assert [(e.row, e.column) for e in report.errors] == [(1502, "统一社会信用代码")]
    again = list_entries_import(rows=rows[:3], actor=credit_admin)
    assert [e.row for e in again.errors] == [2, 3, 4] and again.imported == 0
