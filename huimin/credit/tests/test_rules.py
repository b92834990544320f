"""The rules of a record (REFERENCE.md §3.2–3.4): every field rule, severity, and the publication plan."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from huimin.core.validators import resident_id_check_char
from huimin.credit.models import PublicationRegime, RegimeRule, Severity
from huimin.credit.rules import (
    FieldError,
    RegimeTable,
    add_months,
    derive_severity,
    make_context,
    parse_amount,
    parse_date,
    publication_plan,
    validate_record,
)
from huimin.credit.services.catalogue import catalogue_item_deactivate

from .factories import (
    AUTHORITY_USCC,
    COMPANY_ORG_CODE,
    COMPANY_USCC,
    OTHER_RESIDENT_ID,
    RESIDENT_ID,
    licence_data,
    make_item,
    make_unit,
    natural_person,
    penalty_data,
)

TODAY = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def licence_item(unit):
    return make_item(unit, "licensing", "XK0001", name="食品经营许可")


def penalty(unit, item, **overrides):
    return validate_record("penalty", penalty_data(unit, item, **overrides), unit=unit, today=TODAY)


def licence(unit, item, **overrides):
    return validate_record("licensing", licence_data(unit, item, **overrides), unit=unit, today=TODAY)


def fields_of(errors: list[FieldError]) -> set[str]:
    return {e.field for e in errors}


def messages_for(errors: list[FieldError], field: str) -> str:
    return " ".join(e.message for e in errors if e.field == field)


# --- the whole record ---


def test_a_complete_penalty_is_valid_and_cleaned_into_python_types(unit, item):
    cleaned, errors = penalty(unit, item)
    assert errors == []
    assert cleaned["decision_date"] == date(2025, 3, 10)
    assert cleaned["fine_amount"] == Decimal("0.5")
    assert cleaned["categories"] == ["02"]
    assert cleaned["subject_category"] == "legal_person"
    assert cleaned["procedure"] == "02"
    assert cleaned["catalogue_item"] == item
    assert cleaned["sector"] == "general"
    assert cleaned["unit"] == unit
    assert cleaned["confiscated_amount"] is None
    assert cleaned["remarks"] == ""


def test_a_complete_licence_is_valid_and_cleaned(unit, licence_item):
    cleaned, errors = licence(unit, licence_item)
    assert errors == []
    assert cleaned["licence_category"] == "01"
    assert cleaned["valid_to"] == date(2030, 3, 9)
    assert cleaned["current_status"] == "1"


def test_every_problem_is_reported_not_just_the_first(unit, item):
    _cleaned, errors = validate_record(
        "penalty",
        {"catalogue_item": "CF0001", "subject_category": "法人及非法人组织", "decision_date": "昨天"},
        unit=unit,
        today=TODAY,
    )
    fields = fields_of(errors)
    assert {"subject_name", "decision_number", "violation_type", "facts", "basis", "categories", "content"} <= fields
    assert {"penalty_valid_until", "authority", "authority_uscc", "source_unit", "source_unit_uscc"} <= fields
    assert {"subject_uscc", "legal_rep", "decision_date"} <= fields


def test_required_field_message_names_the_national_header(unit, item):
    _cleaned, errors = penalty(unit, item, facts="  ")
    assert messages_for(errors, "facts") == "“违法事实” is required."


def test_unknown_keys_are_reported(unit, item):
    _cleaned, errors = penalty(unit, item, colour="red")
    assert fields_of(errors) == {"colour"}


def test_data_filed_for_another_unit_is_reported(unit, item):
    other = make_unit("OTHER")
    data = {**penalty_data(unit, item), "unit": other}
    _cleaned, errors = validate_record("penalty", data, unit=unit, today=TODAY)
    assert fields_of(errors) == {"unit"}


def test_leading_and_trailing_spaces_are_stripped(unit, item):
    cleaned, errors = penalty(unit, item, subject_name="\u3000 好味道餐饮有限公司 ", legal_rep=" 王建国\t")
    assert errors == []
    assert cleaned["subject_name"] == "好味道餐饮有限公司"
    assert cleaned["legal_rep"] == "王建国"


def test_full_width_codes_are_made_ordinary(unit, item):
    cleaned, errors = penalty(
        unit, item, subject_uscc="９１３５０１００ｍ０００１００ｙ４３", decision_number="平市监罚〔２０２５〕１２号"
    )
    assert errors == []
    assert cleaned["subject_uscc"] == COMPANY_USCC
    assert cleaned["decision_number"] == "平市监罚〔2025〕12号"


def test_text_longer_than_the_model_allows_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, subject_name="好" * 201)
    assert "at most 200 characters" in messages_for(errors, "subject_name")


# --- dates ---


@pytest.mark.parametrize(
    "value",
    [
        "2025/03/10",
        "2025-03-10",
        "20250310",
        "2025/3/10",
        "2025.03.10",
        "2025年3月10日",
        "2025-03-10 00:00:00",
        date(2025, 3, 10),
        datetime(2025, 3, 10, 15, 30),
        45726,
        45726.0,
        "45726",
        "２０２５／０３／１０",
    ],
)
def test_dates_parse_from_every_accepted_format(value):
    assert parse_date(value) == date(2025, 3, 10)


@pytest.mark.parametrize("value", ["2025/02/30", "10/03/2025", "昨天", "2025-13-01", 0, True])
def test_impossible_or_unreadable_dates_are_rejected(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_a_decision_date_in_the_future_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, decision_date="2026/07/01", penalty_valid_until="2027/01/01")
    assert "in the future" in messages_for(errors, "decision_date")


def test_a_decision_dated_today_is_accepted(unit, item):
    _cleaned, errors = penalty(unit, item, decision_date=TODAY, penalty_valid_until="2027/01/01")
    assert errors == []


def test_a_bad_date_names_the_column_and_the_accepted_formats(unit, item):
    _cleaned, errors = penalty(unit, item, penalty_valid_until="9月10日")
    message = messages_for(errors, "penalty_valid_until")
    assert "处罚有效期" in message and "YYYY/MM/DD" in message


def test_licence_valid_to_before_valid_from_is_rejected(unit, licence_item):
    _cleaned, errors = licence(unit, licence_item, valid_from="2025/03/10", valid_to="2025/03/09")
    assert fields_of(errors) == {"valid_to"}


def test_2099_12_31_is_accepted_as_long_term(unit, licence_item):
    cleaned, errors = licence(unit, licence_item, valid_to="2099/12/31")
    assert errors == []
    assert cleaned["valid_to"] == date(2099, 12, 31)


def test_long_term_written_in_words_means_2099_12_31(unit, licence_item):
    cleaned, errors = licence(unit, licence_item, valid_to="长期")
    assert errors == []
    assert cleaned["valid_to"] == date(2099, 12, 31)


def test_penalty_valid_until_before_the_decision_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, penalty_valid_until="2025/03/09")
    assert fields_of(errors) == {"penalty_valid_until"}


# --- amounts ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.5", Decimal("0.5")),
        (0.1, Decimal("0.1")),
        (3, Decimal("3")),
        ("1,200.000001", Decimal("1200.000001")),
        ("0.5万元", Decimal("0.5")),
        ("０.５", Decimal("0.5")),
        ("2.5000000", Decimal("2.5000000")),
    ],
)
def test_amounts_are_decimal_in_ten_thousand_yuan(value, expected):
    assert parse_amount(value) == expected


@pytest.mark.parametrize("value", ["-1", "0.0000001", "abc", "NaN", "100000000", True])
def test_negative_too_precise_or_unreadable_amounts_are_rejected(value):
    with pytest.raises(ValueError):
        parse_amount(value)


def test_an_amount_in_yuan_is_rejected_with_the_amount_in_wan(unit, item):
    _cleaned, errors = penalty(unit, item, fine_amount="5000元")
    assert "0.5" in messages_for(errors, "fine_amount")


def test_a_fine_amount_is_required_when_the_categories_include_a_fine(unit, item):
    _cleaned, errors = penalty(unit, item, fine_amount="")
    assert fields_of(errors) == {"fine_amount"}


def test_a_fine_of_zero_with_the_fine_category_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, fine_amount="0")
    assert fields_of(errors) == {"fine_amount"}


def test_a_fine_amount_without_the_fine_category_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, categories="警告", fine_amount="0.1")
    assert fields_of(errors) == {"fine_amount"}


def test_a_confiscated_amount_is_required_when_the_categories_include_confiscation(unit, item):
    _cleaned, errors = penalty(unit, item, categories="罚款、没收违法所得")
    assert fields_of(errors) == {"confiscated_amount"}
    cleaned, errors = penalty(unit, item, categories="罚款、没收非法财物", confiscated_amount="0.12")
    assert errors == []
    assert cleaned["confiscated_amount"] == Decimal("0.12")


def test_the_licence_name_and_number_are_required_when_a_licence_is_suspended_or_revoked(unit, item):
    for category in ("暂扣许可证件", "吊销许可证件"):
        _cleaned, errors = penalty(unit, item, categories=category, fine_amount=None)
        assert fields_of(errors) == {"licence_affected"}
    _cleaned, errors = penalty(
        unit, item, categories="吊销许可证件", fine_amount=None, licence_affected="食品经营许可证 JY11402130000001"
    )
    assert errors == []


def test_unknown_penalty_categories_are_rejected_by_name(unit, item):
    _cleaned, errors = penalty(unit, item, categories="罚款;口头批评")
    assert "口头批评" in messages_for(errors, "categories")


# --- the party ---


def test_a_legal_person_needs_a_valid_credit_code_with_the_validators_messages(unit, item):
    _cleaned, errors = penalty(unit, item, subject_uscc="91350100M000100Y44")
    assert "check character (position 18" in messages_for(errors, "subject_uscc")


def test_a_legal_person_without_a_credit_code_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, subject_uscc="")
    assert fields_of(errors) == {"subject_uscc"}


def test_the_placeholder_code_is_accepted_for_an_individual_business_with_its_registration_number(unit, item):
    cleaned, errors = penalty(
        unit,
        item,
        subject_category="个体工商户",
        subject_uscc="00000000000000000X",
        subject_business_reg_no="140213600012345",
    )
    assert errors == []
    assert cleaned["subject_uscc"] == "00000000000000000X"


def test_the_placeholder_code_requires_the_business_registration_number(unit, item):
    _cleaned, errors = penalty(unit, item, subject_category="个体工商户", subject_uscc="00000000000000000x")
    assert fields_of(errors) == {"subject_business_reg_no"}


def test_the_placeholder_code_is_refused_for_a_legal_person(unit, item):
    _cleaned, errors = penalty(unit, item, subject_uscc="00000000000000000X", subject_business_reg_no="140213600012345")
    assert fields_of(errors) == {"subject_uscc"}
    assert "only for an individual business" in messages_for(errors, "subject_uscc")


def test_a_legal_person_needs_its_legal_representative(unit, item):
    _cleaned, errors = penalty(unit, item, legal_rep="")
    assert fields_of(errors) == {"legal_rep"}


def test_a_natural_person_needs_an_id_type_and_number(unit, item):
    _cleaned, errors = penalty(unit, item, **natural_person(person_id_type="", person_id_number=""))
    assert fields_of(errors) == {"person_id_type", "person_id_number"}


def test_a_natural_persons_resident_id_is_checked_against_gb_11643(unit, item):
    cleaned, errors = penalty(unit, item, **natural_person())
    assert errors == []
    assert cleaned["person_id_type"] == "01"
    _cleaned, errors = penalty(unit, item, **natural_person(person_id_number="140213199001011234"))
    assert "check character" in messages_for(errors, "person_id_number")


def test_a_passport_number_is_not_checked_as_a_resident_id(unit, item):
    _cleaned, errors = penalty(unit, item, **natural_person(person_id_type="护照", person_id_number="E12345678"))
    assert errors == []


def test_a_natural_person_with_an_organization_code_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, **natural_person(subject_uscc=COMPANY_USCC, subject_org_code="M000100Y4"))
    assert fields_of(errors) == {"subject_uscc", "subject_org_code"}
    assert "natural person" in messages_for(errors, "subject_uscc")


def test_a_natural_person_has_no_legal_representative(unit, item):
    _cleaned, errors = penalty(unit, item, **natural_person(legal_rep="王建国"))
    assert fields_of(errors) == {"legal_rep"}


def test_a_legal_person_may_not_carry_a_natural_persons_id(unit, item):
    _cleaned, errors = penalty(unit, item, person_id_type="身份证", person_id_number=RESIDENT_ID)
    assert fields_of(errors) == {"person_id_type", "person_id_number"}


def test_the_legal_representatives_resident_id_is_checked_when_given(unit, item):
    cleaned, errors = penalty(unit, item, legal_rep_id_type="01", legal_rep_id_number=OTHER_RESIDENT_ID)
    assert errors == []
    assert cleaned["legal_rep_id_type"] == "身份证"
    _cleaned, errors = penalty(unit, item, legal_rep_id_type="身份证", legal_rep_id_number="11010519491231002Y")
    assert fields_of(errors) == {"legal_rep_id_number"}
    _cleaned, errors = penalty(unit, item, legal_rep_id_number=OTHER_RESIDENT_ID)
    assert fields_of(errors) == {"legal_rep_id_type"}


def test_an_organization_code_must_match_the_one_inside_the_credit_code(unit, item):
    cleaned, errors = penalty(unit, item, subject_org_code="M000100Y-4")
    assert errors == []
    assert cleaned["subject_org_code"] == COMPANY_ORG_CODE
    _cleaned, errors = penalty(unit, item, subject_org_code="780688132")
    assert fields_of(errors) == {"subject_org_code"}


def test_an_unknown_party_category_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, subject_category="外资企业")
    assert "subject_category" in fields_of(errors)


def test_authority_and_source_credit_codes_must_be_valid(unit, item):
    _cleaned, errors = penalty(unit, item, authority_uscc="11140213MB0000000X", source_unit_uscc=AUTHORITY_USCC)
    assert fields_of(errors) == {"authority_uscc"}
    assert "处罚机关统一社会信用代码" in messages_for(errors, "authority_uscc")


# --- licensing specifics ---


def test_licence_category_other_requires_the_specification(unit, licence_item):
    _cleaned, errors = licence(unit, licence_item, licence_category="其他")
    assert fields_of(errors) == {"licence_category_other"}
    cleaned, errors = licence(unit, licence_item, licence_category="其他-备案")
    assert errors == []
    assert (cleaned["licence_category"], cleaned["licence_category_other"]) == ("06", "备案")
    cleaned, errors = licence(unit, licence_item, licence_category="06", licence_category_other="年度核验")
    assert errors == []
    assert cleaned["licence_category_other"] == "年度核验"


def test_licence_category_codes_01_to_06_are_accepted(unit, licence_item):
    cleaned, errors = licence(unit, licence_item, licence_category="04")
    assert errors == []
    assert cleaned["licence_category"] == "04"


def test_a_licence_without_a_decision_number_uses_its_licence_number(unit, licence_item):
    cleaned, errors = licence(unit, licence_item, decision_number="", licence_number="JY11402130099999")
    assert errors == []
    assert cleaned["decision_number"] == "JY11402130099999"


def test_a_licence_current_status_defaults_to_valid(unit, licence_item):
    cleaned, errors = licence(unit, licence_item, current_status="")
    assert errors == []
    assert cleaned["current_status"] == "1"


# --- catalogue item ---


def test_the_catalogue_item_may_be_given_by_code_or_exact_name(unit, item):
    for value in ("CF0001", " cf0001 ", "对未取得食品经营许可从事食品经营的处罚", item):
        cleaned, errors = penalty(unit, item, catalogue_item=value)
        assert errors == [], value
        assert cleaned["catalogue_item"] == item


def test_an_unknown_catalogue_item_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, catalogue_item="CF9999")
    assert "No item" in messages_for(errors, "catalogue_item")


def test_an_inactive_catalogue_item_is_rejected(unit, item, system_actor):
    catalogue_item_deactivate(item=item, actor=system_actor)
    _cleaned, errors = penalty(unit, item, catalogue_item="CF0001")
    assert "no longer active" in messages_for(errors, "catalogue_item")


def test_a_catalogue_item_of_another_unit_is_rejected(unit, item):
    other = make_unit("OTHER")
    foreign = make_item(other, "penalty", "CF7777")
    _cleaned, errors = penalty(unit, item, catalogue_item="CF7777")
    assert fields_of(errors) == {"catalogue_item"}
    _cleaned, errors = penalty(unit, item, catalogue_item=foreign)
    assert "another unit" in messages_for(errors, "catalogue_item")


def test_a_licensing_item_cannot_carry_a_penalty(unit, item, licence_item):
    _cleaned, errors = penalty(unit, item, catalogue_item="XK0001")
    assert "needs an item of that kind" in messages_for(errors, "catalogue_item")


def test_a_name_shared_by_two_active_items_needs_the_code(unit, item):
    make_item(unit, "penalty", "CF0002", name=item.name)
    _cleaned, errors = penalty(unit, item, catalogue_item=item.name)
    assert "give the item code" in messages_for(errors, "catalogue_item")


# --- simplified procedure (行政处罚法 §51) ---


def test_the_simplified_procedure_allows_a_warning_or_a_small_fine_only(unit, item):
    _cleaned, errors = penalty(unit, item, procedure="简易程序", categories="警告", fine_amount=None)
    assert errors == []
    _cleaned, errors = penalty(unit, item, procedure="简易程序", fine_amount="0.3")
    assert errors == []
    _cleaned, errors = penalty(unit, item, procedure="简易程序", fine_amount="0.31")
    assert fields_of(errors) == {"procedure"}
    _cleaned, errors = penalty(unit, item, procedure="简易程序", fine_amount="0.03", **natural_person())
    assert fields_of(errors) == {"procedure"}
    _cleaned, errors = penalty(
        unit, item, procedure="简易程序", categories="罚款;没收违法所得", confiscated_amount="0.01", fine_amount="0.1"
    )
    assert fields_of(errors) == {"procedure"}


# --- severity ---


@pytest.mark.parametrize(
    ("categories", "procedure", "fine", "sector", "expected"),
    [
        (["01"], "02", None, "general", Severity.MINOR),
        (["08"], "02", None, "general", Severity.MINOR),
        (["01", "08"], "02", None, "general", Severity.MINOR),
        (["02"], "01", Decimal("0.02"), "general", Severity.MINOR),
        (["02"], "02", Decimal("0.5"), "general", Severity.GENERAL),
        (["01", "02"], "02", Decimal("0.5"), "general", Severity.GENERAL),
        (["03"], "02", None, "general", Severity.GENERAL),
        (["11"], "02", None, "general", Severity.GENERAL),
        (["02"], "02", Decimal("199.999999"), "general", Severity.GENERAL),
        (["02"], "02", Decimal("200"), "general", Severity.SERIOUS),
        (["02"], "02", Decimal("200"), "food_drug", Severity.SERIOUS),
        (["04"], "02", None, "general", Severity.SERIOUS),
        (["05"], "02", None, "market", Severity.SERIOUS),
        (["13"], "02", None, "general", Severity.SERIOUS),
        (["06"], "02", None, "general", Severity.SERIOUS),
        (["14"], "02", None, "general", Severity.SERIOUS),
        (["13"], "02", None, "work_safety", Severity.SERIOUS),
        (["04"], "02", None, "food_drug", Severity.SPECIFIC_SERIOUS),
        (["02", "05"], "02", Decimal("1"), "environment", Severity.SPECIFIC_SERIOUS),
        (["14"], "02", None, "construction", Severity.SPECIFIC_SERIOUS),
        (["04"], "02", None, "work_safety", Severity.SPECIFIC_SERIOUS),
        (["05"], "02", None, "fire", Severity.SPECIFIC_SERIOUS),
        (["05"], "02", None, "special_equipment", Severity.SPECIFIC_SERIOUS),
        (["01", "04"], "02", None, "general", Severity.SERIOUS),
    ],
)
def test_severity_follows_categories_procedure_fine_and_sector(categories, procedure, fine, sector, expected):
    assert derive_severity(categories, procedure, fine, sector) == expected


# --- publication plan ---


def plan_for(decision: date, categories=("02",), *, fine=Decimal("0.5"), procedure="02", sector="general", **extra):
    record = {
        "decision_date": decision,
        "categories": list(categories),
        "fine_amount": fine,
        "procedure": procedure,
        "sector": sector,
        **extra,
    }
    return publication_plan(record, kind="penalty")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decision", "regime", "min_end", "max_end"),
    [
        (date(2020, 5, 15), "ndrc-2019-527", date(2020, 8, 15), date(2021, 5, 15)),  # 3 months – 1 year
        (date(2024, 5, 15), "ndrc-order-58", date(2024, 8, 15), date(2027, 5, 15)),  # 3 months – 3 years
        (date(2026, 5, 15), "ndrc-order-36", date(2026, 8, 15), date(2027, 5, 15)),  # 3 months – 1 year
    ],
)
def test_the_same_general_penalty_gets_the_periods_of_the_regime_of_its_decision_date(
    decision, regime, min_end, max_end
):
    plan = plan_for(decision)
    assert plan.severity == Severity.GENERAL
    assert plan.regime.code == regime
    assert plan.published
    assert (plan.min_end, plan.max_end, plan.deadline) == (min_end, max_end, max_end)
    assert plan.repairable


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decision", "min_months", "max_months"),
    [(date(2020, 5, 15), 6, 36), (date(2024, 5, 15), 3, 36), (date(2026, 5, 15), 12, 36)],
)
def test_a_serious_penalty_gets_the_serious_periods_of_each_regime(decision, min_months, max_months):
    plan = plan_for(decision, ["02"], fine=Decimal("250"))
    assert plan.severity == Severity.SERIOUS
    assert plan.min_end == add_months(decision, min_months)
    assert plan.max_end == add_months(decision, max_months)


@pytest.mark.django_db
def test_the_regimes_change_on_their_effective_dates():
    assert plan_for(date(2023, 4, 30)).regime.code == "ndrc-2019-527"
    assert plan_for(date(2023, 5, 1)).regime.code == "ndrc-order-58"
    assert plan_for(date(2026, 3, 31)).regime.code == "ndrc-order-58"
    assert plan_for(date(2026, 4, 1)).regime.code == "ndrc-order-36"


@pytest.mark.django_db
def test_a_decision_before_the_first_regime_is_measured_by_the_first():
    plan = plan_for(date(2018, 11, 20))
    assert plan.regime.code == "ndrc-2019-527"
    assert plan.max_end == date(2019, 11, 20)


@pytest.mark.django_db
def test_a_minor_penalty_decided_on_2026_04_01_is_not_published_while_one_decided_2026_03_31_is():
    before = plan_for(date(2026, 3, 31), ["01"], fine=None)
    after = plan_for(date(2026, 4, 1), ["01"], fine=None)
    assert before.severity == after.severity == Severity.MINOR
    assert before.published and before.regime.code == "ndrc-order-58"
    assert before.max_end == date(2029, 3, 31)
    assert not after.published and after.regime.code == "ndrc-order-36"
    assert after.deadline is None and after.min_end is None


@pytest.mark.django_db
def test_a_simplified_procedure_fine_under_36_is_minor_and_not_published():
    plan = plan_for(date(2026, 5, 6), ["02"], fine=Decimal("0.01"), procedure="01")
    assert plan.severity == Severity.MINOR
    assert not plan.published


@pytest.mark.django_db
@pytest.mark.parametrize("sector", ["work_safety", "fire", "special_equipment"])
def test_work_safety_fire_and_special_equipment_under_58_have_a_12_month_minimum(sector):
    plan = plan_for(date(2024, 2, 29), sector=sector)
    assert plan.min_end == date(2025, 2, 28)  # 12 months, clamped to the month's end
    assert plan.max_end == date(2027, 2, 28)
    general = plan_for(date(2024, 2, 29), sector="general")
    assert general.min_end == date(2024, 5, 29)


@pytest.mark.django_db
def test_a_sector_rule_only_lengthens_the_periods(system_actor):
    regime = PublicationRegime.objects.get(code="ndrc-order-36")
    RegimeRule.objects.create(regime=regime, severity="general", sector="fire", min_months=6, max_months=6)
    plan = plan_for(date(2026, 5, 15), sector="fire")
    assert plan.min_end == date(2026, 11, 15)  # the sector's 6 months beat the general 3
    assert plan.max_end == date(2027, 5, 15)  # the general 12 months beat the sector's 6


@pytest.mark.django_db
def test_with_several_categories_the_longest_period_wins():
    warning_only = plan_for(date(2026, 5, 15), ["01"], fine=None)
    with_suspension = plan_for(date(2026, 5, 15), ["01", "02", "04"], fine=Decimal("1"))
    assert not warning_only.published
    assert with_suspension.severity == Severity.SERIOUS
    assert with_suspension.min_end == date(2027, 5, 15)
    assert with_suspension.max_end == date(2029, 5, 15)


@pytest.mark.django_db
def test_a_specific_serious_penalty_is_published_three_years_and_not_repairable():
    plan = plan_for(date(2024, 5, 15), ["04"], fine=None, sector="food_drug")
    assert plan.severity == Severity.SPECIFIC_SERIOUS
    assert plan.min_end == plan.max_end == date(2027, 5, 15)
    assert not plan.repairable


@pytest.mark.django_db
def test_the_records_own_deadline_is_used_when_within_the_allowed_range():
    plan = plan_for(date(2024, 5, 15), publication_deadline=date(2025, 5, 15))
    assert plan.deadline == date(2025, 5, 15)
    assert plan.error is None
    at_min = plan_for(date(2024, 5, 15), publication_deadline=date(2024, 8, 15))
    assert at_min.deadline == date(2024, 8, 15) and at_min.error is None


@pytest.mark.django_db
def test_a_deadline_before_the_minimum_or_after_the_maximum_is_explained():
    early = plan_for(date(2024, 5, 15), publication_deadline=date(2024, 8, 14))
    late = plan_for(date(2024, 5, 15), publication_deadline=date(2027, 5, 16))
    for plan in (early, late):
        assert plan.deadline == date(2027, 5, 15)
        assert "2024-08-15" in plan.error and "2027-05-15" in plan.error


def test_an_out_of_range_deadline_is_a_field_error_of_validation(unit, item):
    _cleaned, errors = penalty(unit, item, publication_deadline="2025/04/01")
    assert fields_of(errors) == {"publication_deadline"}
    cleaned, errors = penalty(unit, item, publication_deadline="2026/03/10")
    assert errors == []
    assert cleaned["publication_deadline"] == date(2026, 3, 10)


def test_a_deadline_before_the_decision_is_rejected(unit, item):
    _cleaned, errors = penalty(unit, item, publication_deadline="2025/03/01")
    assert "before the decision date" in messages_for(errors, "publication_deadline")


def test_the_plan_uses_the_sector_of_the_catalogue_item(unit):
    fire_item = make_item(unit, "penalty", "CF0100", sector="fire")
    cleaned, errors = validate_record(
        "penalty", penalty_data(unit, fire_item, decision_date="2024/05/15"), unit=unit, today=TODAY
    )
    assert errors == []
    plan = publication_plan(cleaned)
    assert plan.min_end == date(2025, 5, 15)


def test_a_licence_is_published_from_entry_with_no_end(unit, licence_item):
    cleaned, _errors = licence(unit, licence_item, current_status="2")
    plan = publication_plan(cleaned)
    assert plan.published and plan.deadline is None and plan.severity is None


@pytest.mark.django_db
def test_without_any_regime_the_plan_says_so():
    with pytest.raises(LookupError, match="No publication regime"):
        publication_plan({"decision_date": date(2024, 1, 1), "categories": ["02"]}, regimes=RegimeTable([], []))


def test_months_are_calendar_months_clamped_to_the_month_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2024, 5, 15), 36) == date(2027, 5, 15)
    assert add_months(date(2024, 5, 15), 0) == date(2024, 5, 15)


def test_a_context_validates_many_records_with_one_catalogue_and_regime_load(unit, item, django_assert_num_queries):
    context = make_context(unit, today=TODAY)
    validate_record("penalty", penalty_data(unit, item), unit=unit, context=context)
    with django_assert_num_queries(0):
        for n in range(20):
            _cleaned, errors = validate_record(
                "penalty",
                penalty_data(unit, item, decision_number=f"平市监罚〔2025〕{900 + n}号"),
                unit=unit,
                context=context,
            )
            assert errors == []


# --- what validating many records remembers ------------------------------------------------------------------------


def test_a_remembered_resident_id_check_still_depends_on_the_day(unit, item):
    born_tomorrow = "14021320260701" + "000"
    number = born_tomorrow + resident_id_check_char(born_tomorrow)
    context = make_context(unit, today=TODAY)
    for today, future in ((TODAY, True), (date(2026, 7, 2), False), (TODAY, True)):
        _cleaned, errors = validate_record(
            "penalty",
            penalty_data(unit, item, **natural_person(person_id_number=number)),
            unit=unit,
            today=today,
            context=context,
        )
        assert ("in the future" in messages_for(errors, "person_id_number")) is future


def test_remembered_checks_speak_the_language_of_each_call(unit, item):
    context = make_context(unit, today=TODAY)
    bad = {"subject_uscc": "91350100M000100Y44", "source_unit_uscc": "91350100M000100Y44"}
    english = [validate_record("penalty", penalty_data(unit, item, **bad), unit=unit, context=context)[1]]
    with translation.override("zh-hans"):
        chinese = validate_record("penalty", penalty_data(unit, item, **bad), unit=unit, context=context)[1]
    english.append(validate_record("penalty", penalty_data(unit, item, **bad), unit=unit, context=context)[1])
    assert english[0] == english[1]
    assert "check character" in messages_for(english[0], "subject_uscc")
    assert fields_of(chinese) == fields_of(english[0])
    assert messages_for(chinese, "subject_uscc") != messages_for(english[0], "subject_uscc")


def test_a_language_given_by_the_caller_is_the_one_used(unit, item):
    context = make_context(unit, today=TODAY)
    data = penalty_data(unit, item, subject_uscc="91350100M000100Y44")
    given = validate_record("penalty", data, unit=unit, context=context, language="en")[1]
    looked_up = validate_record("penalty", data, unit=unit, context=context)[1]
    assert given == looked_up


def test_repeated_texts_give_the_same_result_as_the_first_time(unit, item):
    context = make_context(unit, today=TODAY)
    rows = [
        penalty_data(unit, item, fine_amount=" 0.5 ", procedure="一般程序", subject_category="法人及非法人组织"),
        penalty_data(unit, item, fine_amount="五千", procedure="当场", subject_category="公司"),
    ]
    first = [validate_record("penalty", row, unit=unit, context=context) for row in rows]
    again = [validate_record("penalty", dict(row), unit=unit, context=context) for row in rows]
    assert [errors for _cleaned, errors in again] == [errors for _cleaned, errors in first]
    assert first[0][1] == [] and first[0][0]["fine_amount"] == Decimal("0.5")
    assert fields_of(first[1][1]) >= {"fine_amount", "procedure", "subject_category"}


def test_a_context_forgets_lookups_beyond_its_bound_and_keeps_answering(unit, item, monkeypatch):
    monkeypatch.setattr("huimin.credit.rules.CONTEXT_MEMO_SIZE", 2)
    context = make_context(unit, today=TODAY)
    for code in ("CF0001", "CF9998", "对未取得食品经营许可从事食品经营的处罚", "CF9999", "CF0001"):
        _cleaned, errors = validate_record(
            "penalty", penalty_data(unit, item, catalogue_item=code), unit=unit, context=context
        )
        assert ("catalogue_item" in fields_of(errors)) is code.startswith("CF999")
        assert len(context._found) <= 2


def test_blank_required_texts_are_reported_in_field_order(unit, item):
    _cleaned, errors = penalty(unit, item, subject_name=" \u3000", facts="\ufeff", authority=None, basis="")
    required = [e.field for e in errors if "is required" in e.message]
    assert required == ["subject_name", "facts", "basis", "authority"]
