"""huimin.calls.rules: the typed shapes of a call's structured parts, their defaults and their boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from huimin.calls.error_codes import CallsError
from huimin.calls.rules import (
    BudgetRules,
    CriterionSource,
    Eligibility,
    default_budget_rules,
    default_review_criteria,
    default_rules_json,
    parse_budget_rules,
    parse_eligibility,
    parse_required_documents,
    parse_review_criteria,
    validate_call_rules,
)
from huimin.core.models import OrganizationType
from huimin.core.services.errors import ServiceError


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def errors_of(exc: pytest.ExceptionInfo[ServiceError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- defaults -------------------------------------------------------------------------------------------------------


def test_a_new_call_requires_civil_affairs_registration_a_passed_inspection_and_a_clean_credit_record():
    e = parse_eligibility(default_rules_json()["eligibility"])
    assert e.civil_affairs_registration is True
    assert e.annual_inspection == "passed"
    assert e.min_grade == 0
    assert e.credit_check is True
    assert e.min_years_operating >= 1
    assert set(e.allowed_org_types) == {
        OrganizationType.SOCIAL_GROUP,
        OrganizationType.SOCIAL_SERVICE,
        OrganizationType.FOUNDATION,
    }


def test_default_budget_rules_follow_the_reference_caps():
    rules = default_budget_rules()
    assert rules.labour_share_max == 50 and rules.management_fee_max == 10
    caps = {c.code: c for c in rules.unit_price_caps}
    assert caps["expert_senior"].amount == 500 and caps["expert_senior"].unit == "元/人天"
    assert caps["training"].amount == 350
    assert caps["meeting"].amount == 400
    assert rules.total_within_cap


def test_default_review_criteria_weigh_exactly_100_with_one_past_performance_criterion():
    criteria = default_review_criteria()
    assert sum(c.weight for c in criteria) == 100
    assert [c.source for c in criteria].count(CriterionSource.PAST_PERFORMANCE) == 1


def test_the_defaults_round_trip_through_json():
    data = default_rules_json()
    assert validate_call_rules(**data) == data


# --- eligibility ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("grade", [0, 1, 5])
def test_grade_from_none_to_5a_is_accepted(grade):
    assert parse_eligibility({"min_grade": grade}).min_grade == grade


@pytest.mark.parametrize("grade", [-1, 6])
def test_grade_outside_0_to_5_is_refused_on_its_field(grade):
    with pytest.raises(ServiceError) as exc:
        parse_eligibility({"min_grade": grade})
    assert "eligibility.min_grade" in errors_of(exc)
    assert exc.value.error_code == CallsError.RULES_INVALID


def test_full_width_digits_are_read():
    assert parse_eligibility({"min_grade": "３", "min_years_operating": "２"}).min_grade == 3


def test_an_unknown_field_is_refused_rather_than_ignored():
    with pytest.raises(ServiceError) as exc:
        parse_eligibility({"min_grde": 3})
    assert "eligibility.min_grde" in errors_of(exc)


def test_government_bodies_cannot_be_allowed_to_provide():
    with pytest.raises(ServiceError) as exc:
        parse_eligibility({"civil_affairs_registration": False, "allowed_org_types": ["government"]})
    assert "102号令" in " ".join(errors_of(exc)["eligibility.allowed_org_types.0"])


def test_enterprises_may_be_allowed_only_without_civil_affairs_registration():
    with pytest.raises(ServiceError) as exc:
        parse_eligibility({"allowed_org_types": ["social_service", "enterprise"]})
    assert "eligibility.allowed_org_types" in errors_of(exc)
    ok = parse_eligibility({"civil_affairs_registration": False, "allowed_org_types": ["social_service", "enterprise"]})
    assert ok.allowed_org_types == ("social_service", "enterprise")


def test_at_least_one_organization_type_is_allowed():
    with pytest.raises(ServiceError) as exc:
        parse_eligibility({"allowed_org_types": []})
    assert "eligibility.allowed_org_types" in errors_of(exc)


def test_eligibility_in_words_names_the_grade_and_years():
    lines = Eligibility(min_grade=3, min_years_operating=2).describe()
    assert any("3A" in line for line in lines)
    assert any("2 full years" in line for line in lines)


# --- budget rules ---------------------------------------------------------------------------------------------------


def test_labour_share_of_exactly_50_percent_is_accepted_as_a_rule_value():
    assert parse_budget_rules({"labour_share_max": "50"}).labour_share_max == Decimal(50)
    assert parse_budget_rules({"labour_share_max": "５０％"}).labour_share_max == Decimal(50)


def test_a_budget_at_exactly_the_labour_share_limit_passes_and_one_fen_more_does_not():
    rules = BudgetRules(labour_share_max=Decimal(50))
    assert rules.labour_share_ok(labour=Decimal("25000.00"), total=Decimal("50000.00"))
    assert not rules.labour_share_ok(labour=Decimal("25000.01"), total=Decimal("50000.00"))


def test_management_fee_of_exactly_10_percent_passes():
    rules = BudgetRules(management_fee_max=Decimal(10))
    assert rules.management_fee_ok(fee=Decimal("5000"), total=Decimal("50000"))
    assert not rules.management_fee_ok(fee=Decimal("5000.01"), total=Decimal("50000"))


@pytest.mark.parametrize("value", ["100.01", "-1", "abc", "12.345"])
def test_labour_share_outside_0_to_100_or_malformed_is_refused(value):
    with pytest.raises(ServiceError) as exc:
        parse_budget_rules({"labour_share_max": value})
    assert "budget_rules.labour_share_max" in errors_of(exc)


def test_100_and_0_percent_are_accepted_limits():
    assert parse_budget_rules({"labour_share_max": 100, "management_fee_max": 0}).management_fee_max == 0


def test_a_unit_price_cap_must_be_above_zero_and_name_its_row():
    data = default_budget_rules().to_json()
    data["unit_price_caps"][2]["amount"] = "0"
    with pytest.raises(ServiceError) as exc:
        parse_budget_rules(data)
    assert list(errors_of(exc)) == ["budget_rules.unit_price_caps.2.amount"]


def test_unit_price_caps_accept_yuan_suffix_and_get_codes_when_none_given():
    rules = parse_budget_rules({"unit_price_caps": [{"item": "交通费", "unit": "元/人次", "amount": "50元"}]})
    assert rules.unit_price_caps[0].amount == 50
    assert rules.unit_price_caps[0].code == "cap_1"
    assert rules.cap_for("cap_1").item == "交通费"


def test_two_caps_with_the_same_code_are_refused():
    caps = [
        {"code": "training", "item": "培训费", "unit": "元/人/天", "amount": 350},
        {"code": "training", "item": "会议费", "unit": "元/人/天", "amount": 400},
    ]
    with pytest.raises(ServiceError) as exc:
        parse_budget_rules({"unit_price_caps": caps})
    assert "budget_rules.unit_price_caps.1.code" in errors_of(exc)


# --- review criteria and documents ----------------------------------------------------------------------------------


def _criteria(*weights):
    return [{"name": f"标准{i}", "weight": w} for i, w in enumerate(weights)]


def test_weights_adding_up_to_100_are_accepted():
    criteria = parse_review_criteria(_criteria(40, "35.5", "24.5"))
    assert sum(c.weight for c in criteria) == 100


@pytest.mark.parametrize("weights", [(40, 35, 24), (40, 35, 26), (100, "0.01")])
def test_weights_not_adding_up_to_100_are_refused(weights):
    with pytest.raises(ServiceError) as exc:
        parse_review_criteria(_criteria(*weights))
    assert "exactly 100" in errors_of(exc)["review_criteria"][0]


def test_a_zero_weight_is_refused_on_its_row():
    with pytest.raises(ServiceError) as exc:
        parse_review_criteria(_criteria(100, 0))
    assert "review_criteria.1.weight" in errors_of(exc)


def test_a_draft_may_be_read_with_an_incomplete_total():
    assert len(parse_review_criteria(_criteria(30), complete=False)) == 1


def test_only_one_criterion_from_past_performance():
    rows = _criteria(50, 50)
    for row in rows:
        row["source"] = "past_performance"
    with pytest.raises(ServiceError) as exc:
        parse_review_criteria(rows)
    assert "review_criteria" in errors_of(exc)


def test_a_required_document_needs_a_name():
    with pytest.raises(ServiceError) as exc:
        parse_required_documents([{"name": "项目申报书"}, {"name": "  "}])
    assert "required_documents.1.name" in errors_of(exc)


def test_all_errors_of_all_parts_are_reported_at_once():
    with pytest.raises(ServiceError) as exc:
        validate_call_rules(
            eligibility={"min_grade": 9},
            budget_rules={"management_fee_max": 120},
            review_criteria=_criteria(10),
        )
    assert {"eligibility.min_grade", "budget_rules.management_fee_max", "review_criteria"} <= set(errors_of(exc))


def test_messages_are_translated_to_chinese():
    with translation.override("zh-hans"), pytest.raises(ServiceError) as exc:
        parse_review_criteria(_criteria(10))
    assert errors_of(exc)["review_criteria"]
