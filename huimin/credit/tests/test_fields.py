"""The national field lists (REFERENCE.md §3.2/3.3), header resolution and the code tables."""

from __future__ import annotations

import pytest

from huimin.credit.fields import (
    LICENSING_FIELDS,
    PENALTY_FIELDS,
    national_fields,
    parse_current_status,
    parse_id_type,
    parse_licence_category,
    parse_penalty_categories,
    parse_procedure,
    parse_subject_category,
    penalty_category_labels,
    resolve_header,
    template_fields,
)
from huimin.credit.models import LicensingRecord, PenaltyRecord


def test_licensing_list_has_the_28_national_fields_in_order():
    assert len(LICENSING_FIELDS) == 28
    assert [f.code for f in LICENSING_FIELDS[:3]] == ["XK_XDR_MC", "XK_XDR_LB", "XK_XDR_SHXYM"]
    assert LICENSING_FIELDS[13].header == "行政许可决定文书名称"
    assert LICENSING_FIELDS[21].code == "XK_YXQZI"
    assert LICENSING_FIELDS[-1].code == "BZ"


def test_penalty_list_has_the_30_national_fields_in_order():
    assert len(PENALTY_FIELDS) == 30
    assert PENALTY_FIELDS[13].code == "CF_WSH"
    assert PENALTY_FIELDS[19].header == "罚款金额(万元)"
    assert PENALTY_FIELDS[24].code == "CF_GSJZQ"
    assert PENALTY_FIELDS[-1].code == "BZ"


@pytest.mark.parametrize(("kind", "model"), [("licensing", LicensingRecord), ("penalty", PenaltyRecord)])
def test_every_national_field_is_a_field_of_the_record_model(kind, model):
    names = {f.name for f in model._meta.get_fields()}
    for f in national_fields(kind):
        assert f.name in names, f.name
    assert len({f.name for f in national_fields(kind)}) == len(national_fields(kind))


def test_required_fields_follow_the_national_standard():
    required = {f.name for f in PENALTY_FIELDS if f.required is True}
    assert {"decision_number", "violation_type", "facts", "basis", "categories", "content"} <= required
    assert {"decision_date", "penalty_valid_until", "authority_uscc", "source_unit_uscc"} <= required
    assert next(f for f in PENALTY_FIELDS if f.name == "fine_amount").required == "cond"
    assert next(f for f in PENALTY_FIELDS if f.name == "publication_deadline").required is False


def test_template_puts_the_catalogue_item_first_and_the_procedure_last():
    penalty = template_fields("penalty")
    assert penalty[0].name == "catalogue_item" and penalty[-1].name == "procedure"
    assert len(penalty) == 32
    assert len(template_fields("licensing")) == 29


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("penalty", "行政处罚决定书文号", "decision_number"),
        ("penalty", "CF_WSH", "decision_number"),
        ("penalty", " cf_wsh ", "decision_number"),
        ("penalty", "ＣＦ＿ＷＳＨ", "decision_number"),
        ("penalty", "罚款金额（万元）", "fine_amount"),
        ("penalty", "*处罚类别", "categories"),
        ("penalty", "公示截止期", "publication_deadline"),
        ("licensing", "行政相对人代码_1（统一社会信用代码）", "subject_uscc"),
        ("licensing", "有 效 期 至", "valid_to"),
        ("licensing", "XK_YXQZI", "valid_to"),
        ("licensing", "备注", "remarks"),
        ("licensing", "权责事项", "catalogue_item"),
        ("penalty", "案件程序类别", "procedure"),
    ],
)
def test_headers_resolve_from_chinese_header_or_code_ignoring_case_space_and_width(kind, text, expected):
    assert resolve_header(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "old_code", "expected"),
    [
        ("licensing", "XK_XDR", "subject_name"),
        ("licensing", "XK_XDR_ZDM", "subject_org_code"),
        ("licensing", "XK_XDR_GSDJ", "subject_business_reg_no"),
        ("licensing", "XK_XDR_SFZ", "person_id_number"),
        ("licensing", "XK_FR", "legal_rep"),
        ("licensing", "XK_FR_SFZH", "legal_rep_id_number"),
        ("licensing", "XK_JZQ", "valid_to"),
        ("licensing", "XK_XZJG", "authority"),
        ("licensing", "XK_XMMC", "document_name"),
        ("licensing", "XK_SPLB", "licence_category"),
        ("licensing", "XK_WSH", "decision_number"),
        ("licensing", "XK_ZT", "current_status"),
        ("penalty", "CF_CFMC", "violation_type"),
        ("penalty", "CF_SY", "facts"),
        ("penalty", "CF_JG", "content"),
        ("penalty", "CF_XZJG", "authority"),
        ("penalty", "CF_CFLB1", "categories"),
        ("penalty", "CF_CFLB2", "categories"),
        ("penalty", "CF_XDR_ZDM", "subject_org_code"),
        ("penalty", "CF_XDR_GSDJ", "subject_business_reg_no"),
        ("penalty", "CF_XDR_SFZ", "person_id_number"),
        ("penalty", "CF_FR", "legal_rep"),
    ],
)
def test_pre_2019_field_codes_map_to_the_corresponding_field(kind, old_code, expected):
    assert resolve_header(kind, old_code) == expected


@pytest.mark.parametrize("text", ["DFBM", "SJC", "CF_ZT", "不存在的列", ""])
def test_columns_that_carry_nothing_we_keep_resolve_to_none(text):
    assert resolve_header("penalty", text) is None


def test_a_licensing_code_is_not_a_penalty_column():
    assert resolve_header("penalty", "XK_WSH") is None
    assert resolve_header("licensing", "CF_WSH") is None


def test_resolving_an_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown record kind"):
        resolve_header("permit", "XK_WSH")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("法人及非法人组织", "legal_person"),
        ("法人", "legal_person"),
        (" 自然人 ", "natural_person"),
        ("个体工商户", "individual_business"),
        ("individual_business", "individual_business"),
        ("外国人", None),
    ],
)
def test_party_categories_are_the_three_national_values(text, expected):
    assert parse_subject_category(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("普通", ("01", "")),
        ("特许", ("02", "")),
        ("认可", ("03", "")),
        ("核准", ("04", "")),
        ("登记", ("05", "")),
        ("其他", ("06", "")),
        ("05", ("05", "")),
        ("5", ("05", "")),
        ("其他-备案", ("06", "备案")),
        ("其他（备案）", ("06", "备案")),
        ("其他：年检", ("06", "年检")),
        ("审批", None),
        ("07", None),
    ],
)
def test_licence_categories_accept_names_codes_and_the_specification_of_other(text, expected):
    assert parse_licence_category(text) == expected


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("警告", ["01"]),
        ("警告;罚款", ["01", "02"]),
        ("警告；罚款", ["01", "02"]),
        ("罚款,没收违法所得", ["02", "03"]),
        ("罚款，没收违法所得", ["02", "03"]),
        ("没收违法所得、没收非法财物", ["03", "09"]),
        ("罚款/责令停产停业", ["02", "04"]),
        ("罚款 吊销许可证", ["02", "05"]),
        ("01;02;14", ["01", "02", "14"]),
        ("1,2", ["01", "02"]),
        (["警告", "罚款"], ["01", "02"]),
        ("罚款;罚款", ["02"]),
        ("法律、行政法规规定的其他行政处罚", ["07"]),
        ("暂扣许可证件、限制从业", ["11", "13"]),
        ("责令关闭", ["14"]),
        (2.0, ["02"]),
    ],
)
def test_penalty_categories_are_multi_valued_names_or_codes_with_any_separator(value, codes):
    assert parse_penalty_categories(value) == (codes, [])


def test_unknown_penalty_category_words_are_reported():
    codes, unknown = parse_penalty_categories("罚款;批评教育;15")
    assert codes == ["02"]
    assert unknown == ["批评教育", "15"]


def test_penalty_category_labels_join_the_chinese_names():
    assert penalty_category_labels(["01", "02"]) == "警告;罚款"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("简易程序", "01"), ("一般程序", "02"), ("01", "01"), ("2", "02"), ("特别程序", None)],
)
def test_procedure_is_simplified_or_general(text, expected):
    assert parse_procedure(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证", "01"),
        ("居民身份证", "01"),
        ("01", "01"),
        ("111", "01"),
        ("护照", "02"),
        ("护照号", "02"),
        ("港澳居民来往内地通行证", "03"),
        ("台湾居民来往大陆通行证", "04"),
        ("外国人永久居留身份证", "05"),
        ("05", "05"),
        ("99", "99"),
        ("其他-军官证", "99"),
        ("驾驶证", None),
    ],
)
def test_id_types_accept_names_and_codes_01_to_05_and_99(text, expected):
    assert parse_id_type(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("1", "1"), ("有效", "1"), ("2", "2"), ("无效", "2"), ("3", None)])
def test_current_status_is_1_valid_or_2_invalid(text, expected):
    assert parse_current_status(text) == expected
