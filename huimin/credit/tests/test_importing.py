"""Import of record files (.xlsx, .csv): headers, every row checked, all or nothing, the error workbook, jobs."""

from __future__ import annotations

import gc
import io
import tracemalloc
from datetime import date
from decimal import Decimal

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import translation
from openpyxl import load_workbook

from huimin.core.models import Role
from huimin.core.permissions import PermissionDenied, SystemActor
from huimin.credit import importing
from huimin.credit.importing import (
    build_csv_template,
    build_template,
    describe_error,
    import_job_get,
    import_job_start,
    read_rows,
)
from huimin.credit.importing.run import ImportProgress
from huimin.credit.models import ImportJob, ImportJobStatus, LicensingRecord, PenaltyRecord

from .factories import make_item, make_unit, natural_person
from .importing_helpers import (
    codes_of,
    csv_bytes,
    headers_of,
    licence_row,
    penalty_file,
    penalty_row,
    table,
    xlsx_bytes,
)
from .importing_helpers import run_import as run

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def licence_item(unit):
    return make_item(unit, "licensing", "XK0001", name="食品经营许可")


@pytest.fixture
def admin():
    return SystemActor("test")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def numbers(model=PenaltyRecord) -> set[str]:
    return set(model.objects.values_list("decision_number", flat=True))


# --- headers ---------------------------------------------------------------------------------------------------


def test_a_clean_file_imports_every_row(unit, item):
    rows = [penalty_row(unit, item) for _ in range(3)]
    report = run(penalty_file(unit, item, rows), unit)
    assert (report.total, report.valid, report.invalid, report.created, report.updated) == (3, 3, 0, 3, 0)
    assert report.imported and not report.rejected
    assert numbers() == {r["行政处罚决定书文号"] for r in rows}
    record = PenaltyRecord.objects.get(decision_number=rows[0]["行政处罚决定书文号"])
    assert record.fine_amount == Decimal("0.5") and record.categories == ["02"]
    assert record.decision_date == date(2025, 3, 10) and record.catalogue_item == item


def test_headers_in_any_order_are_accepted(unit, item):
    rows = [penalty_row(unit, item), penalty_row(unit, item)]
    headers = list(reversed(headers_of("penalty")))
    report = run(xlsx_bytes(table(headers, rows)), unit)
    assert report.created == 2 and not report.rejected


def test_field_codes_instead_of_headers_are_accepted(unit, item):
    codes = codes_of("penalty")
    rows = [{codes[h]: v for h, v in penalty_row(unit, item).items()} for _ in range(2)]
    report = run(csv_bytes(table(list(codes.values()), rows)), unit, filename="codes.csv")
    assert report.kind == "penalty" and report.created == 2, report.as_json()


def test_codes_in_lower_case_with_spaces_are_accepted(unit, item):
    codes = {h: f" {c.lower()} " for h, c in codes_of("penalty").items()}
    rows = [{codes[h]: v for h, v in penalty_row(unit, item).items()}]
    report = run(csv_bytes(table(list(codes.values()), rows)), unit, filename="codes.csv")
    assert report.created == 1, report.as_json()


def test_pre_2019_field_codes_are_mapped(unit, item):
    row = penalty_row(unit, item, categories="罚款")
    old = {
        "行政处罚决定书文号": "CF_WSH",
        "违法行为类型": "CF_CFMC",
        "违法事实": "CF_SY",
        "处罚依据": "CF_YJ",
        "处罚内容": "CF_JG",
        "处罚机关": "CF_XZJG",
        "行政相对人名称": "CF_XDR_MC",
        "法定代表人": "CF_FR",
    }
    renamed = {old.get(h, h): v for h, v in row.items()}
    renamed["CF_CFLB1"], renamed["CF_CFLB2"] = "警告", "罚款"
    del renamed["处罚类别"]
    report = run(xlsx_bytes(table(list(renamed), [renamed])), unit)
    assert report.created == 1, report.as_json()
    record = PenaltyRecord.objects.get()
    assert record.categories == ["01", "02"]  # both old category columns are read
    assert record.violation_type == row["违法行为类型"] and record.content == row["处罚内容"]


def test_the_kind_is_told_by_the_headers(unit, item, licence_item):
    report = run(penalty_file(unit, item), unit)
    assert report.kind == "penalty"
    rows = [licence_row(unit, licence_item)]
    report = run(xlsx_bytes(table(headers_of("licensing"), rows)), unit)
    assert report.kind == "licensing" and report.created == 1
    assert LicensingRecord.objects.count() == 1


def test_a_licensing_file_given_as_penalty_names_the_missing_columns(unit, licence_item):
    rows = [licence_row(unit, licence_item)]
    report = run(xlsx_bytes(table(headers_of("licensing"), rows)), unit, kind="penalty")
    assert report.rejected and not report.imported
    (message,) = report.file_errors
    assert "行政处罚决定书文号" in message and "处罚决定日期" in message
    assert "licensing" in message.lower()


def test_missing_required_columns_are_one_file_error_naming_each(unit, item):
    headers = [h for h in headers_of("penalty") if h not in ("处罚决定日期", "处罚依据")]
    report = run(xlsx_bytes(table(headers, [penalty_row(unit, item)])), unit)
    assert report.total == 0 and not report.imported
    (message,) = report.file_errors
    assert "处罚决定日期 (CF_JDRQ)" in message and "处罚依据 (CF_YJ)" in message


def test_a_file_without_the_catalogue_item_column_says_why_it_is_needed(unit, item):
    headers = [h for h in headers_of("penalty") if not h.startswith("权责事项")]
    report = run(xlsx_bytes(table(headers, [penalty_row(unit, item)])), unit)
    assert "权责事项" in report.file_errors[0] and "catalogue" in report.file_errors[0]


def test_two_columns_for_one_field_are_refused(unit, item):
    row = penalty_row(unit, item)
    row["CF_WSH"] = row["行政处罚决定书文号"]
    report = run(xlsx_bytes(table([*headers_of("penalty"), "CF_WSH"], [row])), unit)
    assert "more than one column" in report.file_errors[0] and "CF_WSH" in report.file_errors[0]


def test_unknown_columns_with_data_are_refused_and_empty_ones_ignored(unit, item):
    row = penalty_row(unit, item)
    headers = [*headers_of("penalty"), "内部备注", "序号"]
    report = run(xlsx_bytes(table(headers, [row])), unit)
    assert report.created == 1 and not report.rejected  # 内部备注 is empty; 序号 is always ignored

    row = penalty_row(unit, item, remarks="x")
    row["内部备注"] = "只给自己看"
    row["序号"] = 1
    report = run(xlsx_bytes(table(headers, [row])), unit)
    assert not report.imported
    (message,) = report.file_errors
    assert "内部备注" in message and "first in row 2" in message and "序号" not in message


def test_data_in_a_column_without_a_header_is_refused(unit, item):
    lines = table(headers_of("penalty"), [penalty_row(unit, item)])
    lines[1].append("stray")
    report = run(xlsx_bytes(lines), unit)
    assert report.file_errors and "no header" in report.file_errors[0]


# --- rows --------------------------------------------------------------------------------------------------------


def test_a_file_with_one_bad_row_imports_nothing_and_names_row_column_and_reason(unit, item):
    rows = [penalty_row(unit, item) for _ in range(4)]
    rows[2]["处罚决定日期"] = "2020/13/01"
    report = run(penalty_file(unit, item, rows), unit)
    assert not report.imported and report.created == 0 and numbers() == set()
    assert (report.total, report.valid, report.invalid) == (4, 3, 1)
    (error,) = report.errors
    assert (error.row, error.column, error.value) == (4, "处罚决定日期", "2020/13/01")
    assert "not a real calendar date" in error.message
    line = describe_error(error)
    assert line.startswith("Row 4 [处罚决定日期] value “2020/13/01”:")


def test_every_problem_of_every_row_is_reported(unit, item):
    rows = [penalty_row(unit, item) for _ in range(3)]
    rows[0]["处罚决定日期"] = "not a date"
    rows[0]["罚款金额(万元)"] = "五千元"
    rows[2]["行政相对人代码_1(统一社会信用代码)"] = "91350100M000100Y44"
    report = run(penalty_file(unit, item, rows), unit)
    found = {(e.row, e.column) for e in report.errors}
    assert (2, "处罚决定日期") in found and (2, "罚款金额(万元)") in found
    assert (4, "行政相对人代码_1(统一社会信用代码)") in found
    assert report.invalid == 2 and report.error_count == len(report.errors)


def test_valid_only_imports_the_good_rows(unit, item):
    rows = [penalty_row(unit, item) for _ in range(4)]
    rows[1]["处罚依据"] = ""
    report = run(penalty_file(unit, item, rows), unit, valid_only=True)
    assert report.imported and report.created == 3 and report.invalid == 1 and report.rejected
    assert rows[1]["行政处罚决定书文号"] not in numbers() and len(numbers()) == 3
    assert report.errors[0].row == 3 and report.errors[0].column == "处罚依据"


def test_reimporting_the_same_decision_number_updates_the_record(unit, item):
    row = penalty_row(unit, item)
    first = run(penalty_file(unit, item, [row]), unit)
    assert first.created == 1
    record = PenaltyRecord.objects.get()
    row["违法事实"] = "更正后的违法事实。"
    again = run(penalty_file(unit, item, [row, penalty_row(unit, item)]), unit)
    assert (again.created, again.updated) == (1, 1)
    assert PenaltyRecord.objects.count() == 2
    record.refresh_from_db()
    assert record.facts == "更正后的违法事实。"


def test_a_decision_number_twice_in_one_file_is_an_error_on_the_later_row(unit, item):
    rows = [penalty_row(unit, item) for _ in range(3)]
    rows[2]["行政处罚决定书文号"] = rows[0]["行政处罚决定书文号"]
    report = run(penalty_file(unit, item, rows), unit)
    assert not report.imported
    (error,) = report.errors
    assert error.row == 4 and error.column == "行政处罚决定书文号" and "row 2" in error.message

    report = run(penalty_file(unit, item, rows), unit, valid_only=True)
    assert report.created == 2 and report.invalid == 1  # the first appearance is imported


def test_repeats_are_found_across_chunks(unit, item, monkeypatch):
    monkeypatch.setattr(importing.run, "CHUNK_ROWS", 2)
    rows = [penalty_row(unit, item) for _ in range(5)]
    rows[4]["行政处罚决定书文号"] = rows[0]["行政处罚决定书文号"]
    report = run(penalty_file(unit, item, rows), unit)
    assert [(e.row, e.column) for e in report.errors] == [(6, "行政处罚决定书文号")]


def test_a_decision_number_of_another_unit_is_a_row_error(unit, item):
    other = make_unit("HBJ")
    other_item = make_item(other, "penalty", "CF0001")
    row = penalty_row(other, other_item)
    assert run(penalty_file(other, other_item, [row]), other).created == 1
    mine = penalty_row(unit, item, decision_number=row["行政处罚决定书文号"])
    report = run(penalty_file(unit, item, [mine]), unit)
    assert report.errors[0].column == "行政处罚决定书文号" and "HBJ" in report.errors[0].message


def test_the_data_source_unit_must_be_the_importing_unit(unit, item):
    other = make_unit("HBJ")
    row = penalty_row(unit, item, source_unit_uscc=other.organization.uscc)
    report = run(penalty_file(unit, item, [row]), unit)
    (error,) = report.errors
    assert error.column == "数据来源单位统一社会信用代码" and other.organization.uscc in error.message


def test_a_catalogue_item_of_another_unit_is_a_row_error(unit, item):
    other = make_unit("HBJ")
    make_item(other, "penalty", "CF9999")
    report = run(penalty_file(unit, item, [penalty_row(unit, "CF9999")]), unit)
    assert report.errors[0].column == "权责事项(编码或名称)"


def test_a_non_date_in_a_date_column_is_reported_with_the_accepted_formats(unit, item):
    report = run(penalty_file(unit, item, [penalty_row(unit, item, decision_date="上周三")]), unit)
    (error,) = report.errors
    assert error.column == "处罚决定日期" and error.value == "上周三" and "YYYY/MM/DD" in error.message
    assert not error.message.startswith("处罚决定日期:")  # the column is named once, in the column


def test_text_in_the_fine_column_is_reported(unit, item):
    report = run(penalty_file(unit, item, [penalty_row(unit, item, fine_amount="伍仟元")]), unit)
    (error,) = report.errors
    assert error.column == "罚款金额(万元)" and "伍仟元" in error.value


def test_excel_dates_and_numbers_are_read_as_dates_and_decimals(unit, item):
    row = penalty_row(unit, item, decision_date=date(2025, 3, 10), fine_amount=0.3, penalty_valid_until=45910)
    report = run(penalty_file(unit, item, [row]), unit)
    assert report.created == 1, report.as_json()
    record = PenaltyRecord.objects.get()
    assert record.decision_date == date(2025, 3, 10)
    assert record.fine_amount == Decimal("0.3")
    assert record.penalty_valid_until == date(2025, 9, 10)  # Excel serial 45910


def test_chinese_and_full_width_text_is_normalized(unit, item):
    full = "９１３５０１００Ｍ０００１００Ｙ４３"
    row = penalty_row(unit, item, subject_uscc=f"　{full}　", decision_number="平市监罚〔２０２５〕７号")
    report = run(penalty_file(unit, item, [row]), unit)
    assert report.created == 1, report.as_json()
    record = PenaltyRecord.objects.get()
    assert record.subject_uscc == "91350100M000100Y43"
    assert record.decision_number == "平市监罚〔2025〕7号"


def test_a_natural_person_row_is_imported(unit, item):
    row = penalty_row(unit, item, **natural_person(), fine_amount="0.02")
    report = run(penalty_file(unit, item, [row]), unit)
    assert report.created == 1, report.as_json()
    assert PenaltyRecord.objects.get().person_id_number == "140213199001011233"


def test_blank_rows_are_skipped_and_row_numbers_are_the_files(unit, item):
    rows = [penalty_row(unit, item), {}, {}, penalty_row(unit, item, facts="")]
    report = run(penalty_file(unit, item, rows), unit)
    assert report.total == 2
    assert report.errors[0].row == 5


# --- malformed files ---------------------------------------------------------------------------------------------


def test_a_title_row_above_the_header_row_is_skipped(unit, item):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["平城区市场监督管理局行政处罚信息表"])
    ws.merge_cells("A1:H1")
    for line in table(headers_of("penalty"), [penalty_row(unit, item)]):
        ws.append(line)
    out = io.BytesIO()
    wb.save(out)
    report = run(out.getvalue(), unit)
    assert report.created == 1, report.as_json()


def test_a_garbage_header_row_is_a_clear_file_error(unit, item):
    lines = [["平城区行政处罚信息（合并单元格）", None, None], ["数据", "更多数据", 3], ["a", "b", "c"]]
    report = run(xlsx_bytes(lines), unit)
    (message,) = report.file_errors
    assert "No header row" in message and "平城区行政处罚信息" in message and "Row 1" in message


def test_an_empty_file_is_a_clear_error(unit):
    report = run(b"", unit, filename="empty.xlsx")
    assert report.file_errors == ["“empty.xlsx” is empty (0 bytes)."]
    report = run(xlsx_bytes([]), unit, filename="blank.xlsx")
    assert "holds no rows" in report.file_errors[0]


def test_a_header_row_without_data_rows_imports_nothing_and_rejects_nothing(unit, item):
    report = run(xlsx_bytes([headers_of("penalty")]), unit)
    assert report.total == 0 and not report.rejected and not report.imported


def test_a_png_called_xlsx_is_refused_saying_what_it_is(unit):
    report = run(PNG, unit, filename="records.xlsx")
    (message,) = report.file_errors
    assert "“records.xlsx” is a PNG image" in message and "not an Excel workbook" in message


def test_a_damaged_workbook_is_a_clear_error(unit, item):
    data = penalty_file(unit, item)
    report = run(data[:600], unit, filename="cut.xlsx")
    assert report.file_errors and "cut.xlsx" in report.file_errors[0]


def test_an_old_xls_workbook_is_asked_to_be_saved_as_xlsx(unit):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    report = run(ole, unit, filename="old.xls")
    assert report.file_errors and ".xlsx" in report.file_errors[0]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig"])
def test_csv_files_in_gb18030_and_utf8_are_read(unit, item, encoding):
    rows = [penalty_row(unit, item), penalty_row(unit, item, subject_name="大同市平城区鑫源五金商店")]
    report = run(penalty_file(unit, item, rows, fmt="csv", encoding=encoding), unit, filename="records.csv")
    assert report.created == 2, report.as_json()
    assert PenaltyRecord.objects.filter(subject_name="大同市平城区鑫源五金商店").exists()


def test_a_tab_separated_utf16_export_is_read(unit, item):
    lines = table(headers_of("penalty"), [penalty_row(unit, item)])
    text = "\r\n".join("\t".join("" if v is None else str(v) for v in line) for line in lines)
    report = run(text.encode("utf-16"), unit, filename="export.txt")
    assert report.created == 1, report.as_json()


def test_read_rows_streams_rows_as_dicts(unit, item):
    rows = [penalty_row(unit, item), {}, penalty_row(unit, item)]
    headers, it = read_rows(penalty_file(unit, item, rows), filename="x.xlsx")
    assert headers == headers_of("penalty")
    first = next(it)
    assert first[0] == 2 and first[1]["行政处罚决定书文号"] == rows[0]["行政处罚决定书文号"]
    assert [n for n, _ in it] == [4]


# --- the error workbook ------------------------------------------------------------------------------------------


def test_the_error_workbook_names_the_rows_columns_and_reasons(unit, item):
    rows = [penalty_row(unit, item) for _ in range(3)]
    rows[0]["处罚决定日期"] = "2020/13/01"
    rows[2]["处罚依据"] = ""
    report = run(penalty_file(unit, item, rows), unit)
    wb = load_workbook(io.BytesIO(report.error_workbook()))
    bad, listing = wb.worksheets
    header = [c.value for c in bad[1]]
    assert header == [*headers_of("penalty"), "行号", "错误说明"]
    lines = list(bad.iter_rows(min_row=2, values_only=True))
    assert [line[-2] for line in lines] == [2, 4]
    assert "[处罚决定日期]" in lines[0][-1]
    assert lines[0][header.index("行政处罚决定书文号")] == rows[0]["行政处罚决定书文号"]
    problems = list(listing.iter_rows(min_row=2, values_only=True))
    assert [tuple(p[:3]) for p in problems] == [(2, "处罚决定日期", "2020/13/01"), (4, "处罚依据", None)]


def test_a_corrected_error_workbook_can_be_imported_again(unit, item):
    rows = [penalty_row(unit, item) for _ in range(2)]
    rows[1]["处罚决定日期"] = "2020/13/01"
    report = run(penalty_file(unit, item, rows), unit, valid_only=True)
    wb = load_workbook(io.BytesIO(report.error_workbook()))
    ws = wb.worksheets[0]
    column = [c.value for c in ws[1]].index("处罚决定日期") + 1
    ws.cell(row=2, column=column, value="2025/03/10")
    out = io.BytesIO()
    wb.save(out)
    again = run(out.getvalue(), unit)
    assert again.created == 1 and not again.rejected, again.as_json()
    assert len(numbers()) == 2


def test_file_errors_are_listed_in_the_error_workbook(unit):
    report = run(PNG, unit, filename="x.xlsx")
    listing = load_workbook(io.BytesIO(report.error_workbook())).worksheets[1]
    assert "PNG" in next(listing.iter_rows(min_row=2, values_only=True))[3]


# --- scope, progress, chunks -------------------------------------------------------------------------------------


def test_an_officer_imports_for_its_own_unit_only(unit, item, make_user):
    officer = make_user(role=Role.CREDIT_OFFICER, organization=unit.organization)
    assert run(penalty_file(unit, item), unit, officer).created == 1
    other = make_unit("HBJ")
    with pytest.raises(PermissionDenied):
        run(penalty_file(other, item), other, officer)


def test_progress_is_reported_for_both_stages(unit, item, monkeypatch):
    monkeypatch.setattr(importing.run, "CHUNK_ROWS", 2)
    seen: list[ImportProgress] = []
    run(penalty_file(unit, item, [penalty_row(unit, item) for _ in range(5)]), unit, progress=seen.append)
    stages = [p.stage for p in seen]
    assert stages[0] == "validating" and stages[-1] == "writing"
    assert seen[-1].done == seen[-1].total == 5


def test_a_refusal_by_the_database_in_a_later_chunk_leaves_nothing(unit, item, monkeypatch):
    from huimin.core.services.errors import ServiceError

    monkeypatch.setattr(importing.run, "CHUNK_ROWS", 2)
    real = importing.run.records_bulk_upsert
    calls = []

    def flaky(*, cleaned_rows, **kw):
        calls.append(len(cleaned_rows))
        if len(calls) == 2:
            raise ServiceError.for_fields({"decision_number": "refused"})
        return real(cleaned_rows=cleaned_rows, **kw)

    monkeypatch.setattr(importing.run, "records_bulk_upsert", flaky)
    report = run(penalty_file(unit, item, [penalty_row(unit, item) for _ in range(5)]), unit)
    assert calls[:2] == [2, 2] and not report.imported and report.created == 0
    assert numbers() == set() and "refused" in report.file_errors[0]


# --- templates -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["licensing", "penalty"])
def test_the_template_has_the_national_headers_and_instructions(kind, unit, item, licence_item):
    wb = load_workbook(io.BytesIO(build_template(kind, unit=unit)))
    data, instructions, items = wb.worksheets
    assert [c.value for c in data[1]] == headers_of(kind)
    assert data.max_row == 1  # no example rows: every row below the header is data
    listed = [r[0] for r in instructions.iter_rows(values_only=True)]
    assert all(h in listed for h in headers_of(kind))
    validated = {str(dv.sqref).split(":")[0] for dv in data.data_validations.dataValidation}
    assert "C2" in validated  # 行政相对人类别 has a drop-down
    assert [r[0] for r in items.iter_rows(min_row=2, values_only=True)] == [
        (licence_item if kind == "licensing" else item).code
    ]


def test_the_csv_template_is_utf8_with_a_bom_and_the_headers():
    data = build_csv_template("penalty")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").strip().split(",") == headers_of("penalty")


def test_a_filled_template_imports(unit, item):
    wb = load_workbook(io.BytesIO(build_template("penalty", unit=unit)))
    ws = wb.worksheets[0]
    row = penalty_row(unit, item)
    ws.append([row.get(h) for h in headers_of("penalty")])
    out = io.BytesIO()
    wb.save(out)
    report = run(out.getvalue(), unit)
    assert report.created == 1, report.as_json()


# --- background jobs -----------------------------------------------------------------------------------------------


def test_a_job_stores_the_file_runs_and_keeps_the_report(unit, item, media, django_capture_on_commit_callbacks):
    rows = [penalty_row(unit, item) for _ in range(3)]
    rows[1]["处罚决定日期"] = "2020/13/01"
    data = penalty_file(unit, item, rows)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(
            file=io.BytesIO(data), filename="处罚.xlsx", kind="", unit=unit, actor=SystemActor("t"), valid_only=True
        )
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.kind == "penalty"
    assert job.report["created"] == 2 and job.report["invalid"] == 1
    assert job.report["errors"][0]["row"] == 3 and job.percent == 100
    assert len(job.sha256) == 64 and job.size == len(data)
    with job.error_workbook.open("rb") as fh:
        assert load_workbook(fh).worksheets[0].cell(row=2, column=len(headers_of("penalty")) + 1).value == 3


def test_a_job_that_is_not_a_spreadsheet_is_refused_before_it_is_stored(unit, media):
    from huimin.core.services.errors import ServiceError

    with pytest.raises(ServiceError) as exc:
        import_job_start(file=io.BytesIO(PNG), filename="x.xlsx", kind="penalty", unit=unit, actor=SystemActor("t"))
    assert "PNG" in str(exc.value.message_dict["file"])
    assert ImportJob.objects.count() == 0


def test_a_job_is_seen_by_its_unit_and_not_by_others(unit, item, media, make_user, django_capture_on_commit_callbacks):
    officer = make_user(role=Role.CREDIT_OFFICER, organization=unit.organization)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(
            file=io.BytesIO(penalty_file(unit, item)), filename="a.xlsx", kind=None, unit=unit, actor=officer
        )
    assert import_job_get(public_id=job.public_id, actor=officer).status == ImportJobStatus.DONE
    stranger = make_user(role=Role.CREDIT_OFFICER, organization=make_unit("HBJ").organization)
    with pytest.raises(PermissionDenied):
        import_job_get(public_id=job.public_id, actor=stranger)
    with pytest.raises(PermissionDenied):
        import_job_start(file=io.BytesIO(b"x"), filename="a.csv", kind=None, unit=unit, actor=stranger)


# --- memory ------------------------------------------------------------------------------------------------------


def _big_csv(path, unit, item, n: int) -> None:
    headers = headers_of("penalty")
    template = penalty_row(unit, item)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        import csv

        writer = csv.writer(fh)
        writer.writerow(headers)
        for i in range(n):
            template["行政处罚决定书文号"] = f"平市监罚〔2025〕M{i}号"
            writer.writerow(["" if template.get(h) is None else template.get(h) for h in headers])


def _peak(path, unit) -> int:
    tracemalloc.start()
    try:
        report = run(path, unit, kind="penalty", filename="big.csv")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.created + report.updated > 0 and not report.rejected, report.as_json()
    return peak


@pytest.mark.slow
def test_memory_does_not_grow_with_the_file(unit, item, tmp_path):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    _big_csv(small, unit, item, 10_000)
    _big_csv(large, unit, item, 50_000)
    PenaltyRecord.objects.all().delete()
    peak_small = _peak(small, unit)
    PenaltyRecord.objects.all().delete()
    peak_large = _peak(large, unit)
    assert peak_large / peak_small < 1.5, (peak_small, peak_large)


def test_a_csv_jobs_progress_is_counted_in_rows(unit, item, media, monkeypatch, django_capture_on_commit_callbacks):
    from huimin.credit.importing import jobs

    saved: list[tuple[str, int, int | None]] = []
    real_call = jobs._JobProgress.__call__

    def spy(self, progress):
        real_call(self, progress)
        job = ImportJob.objects.get(pk=self.job_pk)
        saved.append((job.stage, job.progress_done, job.progress_total))

    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL", 0)
    monkeypatch.setattr(jobs._JobProgress, "__call__", spy)
    monkeypatch.setattr(importing.run, "CHUNK_ROWS", 2)
    data = penalty_file(unit, item, [penalty_row(unit, item) for _ in range(6)], fmt="csv")
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(file=io.BytesIO(data), filename="a.csv", kind=None, unit=unit, actor=SystemActor("t"))
    checking = [s for s in saved if s[0] == "validating" and s[1]]
    assert checking and all(total is not None and 0 < done <= total for _stage, done, total in checking)
    if connection.vendor != "postgresql":  # PostgreSQL saves it through a second connection (see the next test)
        assert saved[-1] == ("writing", 6, 6)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and (job.progress_done, job.progress_total) == (6, 6)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one-pass imports run on PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_regimes")
def test_a_jobs_progress_is_seen_by_others_while_it_runs_on_postgresql(media, monkeypatch):
    from huimin.credit.importing import jobs

    unit = make_unit("PGU")
    item = make_item(unit, "penalty", "CF0001")
    seen_outside: list[tuple[str, int]] = []
    real_call = jobs._JobProgress.__call__

    def spy(self, progress):
        real_call(self, progress)
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                table_name = ImportJob._meta.db_table
                sql = f"SELECT stage, progress_done FROM {table_name} WHERE id = %s"  # noqa: S608 - model table
                cursor.execute(sql, [self.job_pk])
                seen_outside.append(cursor.fetchone())
        finally:
            other.close()

    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL", 0)
    monkeypatch.setattr(jobs._JobProgress, "__call__", spy)
    monkeypatch.setattr(importing.run, "CHUNK_ROWS", 2)
    data = penalty_file(unit, item, [penalty_row(unit, item) for _ in range(6)])
    job = import_job_start(file=io.BytesIO(data), filename="a.xlsx", kind=None, unit=unit, actor=SystemActor("t"))
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.report["created"] == 6
    assert ("validating", 2) in seen_outside and ("validating", 4) in seen_outside
    assert seen_outside[-1] == ("writing", 6)


# --- PostgreSQL: writes overlapping the checks ---------------------------------------------------------------------

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-pass way is PostgreSQL only")


# Transactional tests see committed data only; `seeded_regimes` puts back the publication regimes the migrations
# seed, which an earlier transactional test's flush removed.
def committed(test):
    return pytest.mark.django_db(transaction=True)(pytest.mark.usefixtures("seeded_regimes")(test))


@pytest.fixture
def committed_unit(db):
    unit = make_unit("PGA")
    return unit, make_item(unit, "penalty", "CF0001")


@on_postgresql
@committed
def test_one_pass_writes_a_clean_file_while_checking(committed_unit, monkeypatch):
    from huimin.credit.bulk import BackgroundWriter

    unit, item = committed_unit
    monkeypatch.setattr(importing.run, "CHUNK_ROWS", 2)
    assert BackgroundWriter.usable()
    rows = [penalty_row(unit, item) for _ in range(5)]
    report = run(penalty_file(unit, item, rows), unit)
    assert (report.created, report.updated, report.imported) == (5, 0, True)
    again = run(penalty_file(unit, item, rows), unit)
    assert (again.created, again.updated) == (0, 5) and PenaltyRecord.objects.count() == 5


@on_postgresql
@committed
def test_one_pass_rolls_back_when_a_late_row_is_bad(committed_unit, monkeypatch):
    unit, item = committed_unit
    monkeypatch.setattr(importing.run, "CHUNK_ROWS", 2)
    rows = [penalty_row(unit, item) for _ in range(7)]
    rows[6]["处罚依据"] = ""
    rows[5]["行政处罚决定书文号"] = rows[0]["行政处罚决定书文号"]
    report = run(penalty_file(unit, item, rows), unit)
    assert not report.imported and report.created == 0 and PenaltyRecord.objects.count() == 0
    assert [(e.row, e.column) for e in report.errors] == [(7, "行政处罚决定书文号"), (8, "处罚依据")]

    report = run(penalty_file(unit, item, rows), unit, valid_only=True)
    assert report.created == 5 and PenaltyRecord.objects.count() == 5


@on_postgresql
@committed
def test_one_pass_rolls_back_on_data_in_an_unknown_column(committed_unit, monkeypatch):
    unit, item = committed_unit
    monkeypatch.setattr(importing.run, "CHUNK_ROWS", 2)
    rows = [penalty_row(unit, item) for _ in range(5)]
    rows[4]["内部备注"] = "x"
    report = run(xlsx_bytes(table([*headers_of("penalty"), "内部备注"], rows)), unit, valid_only=True)
    assert report.file_errors and not report.imported and PenaltyRecord.objects.count() == 0


@on_postgresql
@committed
def test_one_pass_reports_a_refusal_by_the_database_and_keeps_nothing(committed_unit, monkeypatch):
    unit, item = committed_unit
    monkeypatch.setattr(importing.run, "CHUNK_ROWS", 2)
    monkeypatch.setattr(importing.run, "decision_numbers_elsewhere", lambda *a, **k: {})  # a race: filed meanwhile
    other = make_unit("PGB")
    other_item = make_item(other, "penalty", "CF0001")
    taken = penalty_row(other, other_item)
    assert run(penalty_file(other, other_item, [taken]), other).created == 1
    rows = [penalty_row(unit, item) for _ in range(4)]
    rows[3]["行政处罚决定书文号"] = taken["行政处罚决定书文号"]
    report = run(penalty_file(unit, item, rows), unit)
    assert not report.imported and "PGB" in report.file_errors[0]
    assert PenaltyRecord.objects.filter(unit=unit).count() == 0


def test_short_rows_and_white_space_cells_read_as_blank(unit, item):
    headers = headers_of("penalty")
    row = penalty_row(unit, item)
    row["备注"] = " \u3000\t"  # white space only: blank
    lines = table(headers, [row])
    last = max(i for i, h in enumerate(headers) if row.get(h) not in (None, "") and h != "备注")
    short = lines[1][: last + 1]  # the row stops after its last filled cell
    report = run(csv_bytes([lines[0], short]), unit, filename="records.csv")
    assert report.imported and report.created == 1, report.errors
    assert PenaltyRecord.objects.get().remarks == ""
    report = run(csv_bytes(lines), unit, filename="records.csv")
    assert report.imported and report.updated == 1, report.errors


def test_an_import_leaves_the_garbage_collector_as_it_found_it(unit, item):
    before = gc.get_threshold()
    run(penalty_file(unit, item), unit)
    assert gc.get_threshold() == before
