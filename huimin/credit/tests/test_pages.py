"""The credit pages: public search and record pages (masked, published only), the records desk and its scopes, the
timeliness dashboard, the credit office, repairs, checks, imports, and the charts' options."""

# ruff: noqa: F811  (the world fixture is imported and used by name)
from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from huimin.core.calendar import add_working_days
from huimin.core.models import OrganizationType, Role
from huimin.core.permissions import SystemActor
from huimin.core.services import organization_create
from huimin.core.validators import generate_uscc
from huimin.credit.masking import public_record_dict
from huimin.credit.models import (
    CreditCheck,
    ImportJob,
    ImportJobStatus,
    LicensingRecord,
    ListEntry,
    ListType,
    PenaltyRecord,
    PublicationStatus,
    RegimeRule,
    RepairRequest,
    RepairStatus,
)
from huimin.credit.selectors import PublicStatistics, UnitTimeliness, public_statistics, timeliness_by_unit
from huimin.credit.services.records import record_create, records_expire
from huimin.credit.views import charts

from .factories import at, make_item, make_unit, penalty_data
from .pages_world import PERSONS, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def text_of(response) -> str:
    return response.content.decode()


# --- public search ----------------------------------------------------------------------------------------------------


def test_the_public_search_finds_records_by_part_of_the_name(world, client):
    html = text_of(client.get("/credit/", {"q": "好味道"}))
    assert str(world.penalty_a.public_id) in html
    assert str(world.licence_a.public_id) in html
    assert str(world.licence_b.public_id) not in html


def test_the_public_search_finds_records_by_the_full_credit_code(world, client):
    html = text_of(client.get("/credit/", {"q": world.penalty_a.subject_uscc.lower()}))
    assert str(world.penalty_a.public_id) in html


def test_the_public_search_finds_records_by_decision_number(world, client):
    html = text_of(client.get("/credit/", {"q": world.licence_b.decision_number}))
    assert str(world.licence_b.public_id) in html


def test_a_natural_person_cannot_be_found_by_id_number(world, client):
    _name, number = PERSONS[0]
    html = text_of(client.get("/credit/", {"q": number}))
    assert str(world.person_penalties[0].public_id) not in html
    assert "0 published records" in html or "0 条" in html


def test_a_natural_person_is_not_found_by_the_name_the_public_sees_masked(world, client):
    name, _number = PERSONS[0]
    record = str(world.person_penalties[0].public_id)
    for q in (name, name[:2], name[2:]):
        assert record not in text_of(client.get("/credit/", {"q": q})), q


def test_a_natural_person_is_found_by_full_name_and_id_number_and_shown_masked(world, client):
    name, number = PERSONS[0]
    html = text_of(client.get("/credit/", {"q": f"{name} {number}"}))
    assert str(world.person_penalties[0].public_id) in html
    assert "欧阳**" in html  # (the page echoes the query the searcher typed, nothing more)


def test_the_search_filters_by_kind_and_unit(world, client):
    html = text_of(client.get("/credit/", {"q": "好味道", "kind": "licensing"}))
    assert str(world.licence_a.public_id) in html and str(world.penalty_a.public_id) not in html
    html = text_of(client.get("/credit/", {"unit": world.unit_b.code}))
    assert str(world.licence_b.public_id) in html and str(world.licence_a.public_id) not in html


def test_the_licensing_and_penalty_columns_show_their_kind_only(world, client):
    licensing = text_of(client.get("/credit/licensing/"))
    penalties = text_of(client.get("/credit/penalties/"))
    assert str(world.licence_a.public_id) in licensing and str(world.penalty_a.public_id) not in licensing
    assert str(world.penalty_a.public_id) in penalties and str(world.licence_a.public_id) not in penalties


def test_a_revoked_record_is_not_on_public_pages(world, client):
    number = world.revoked.decision_number
    assert number not in text_of(client.get("/credit/penalties/"))
    assert number not in text_of(client.get("/credit/", {"q": "撤销测试"}))
    assert client.get(f"/credit/records/{world.revoked.public_id}/").status_code == 404


def test_a_penalty_past_its_publication_deadline_is_hidden_even_before_the_expiry_job(world, client):
    record = PenaltyRecord.objects.get(pk=world.expired.pk)
    assert record.status == PublicationStatus.PUBLISHED and record.publication_deadline < date.today()
    assert record.decision_number not in text_of(client.get("/credit/penalties/"))
    assert client.get(f"/credit/records/{record.public_id}/").status_code == 404


def test_an_expired_penalty_is_not_on_public_pages(world, client):
    records_expire(today=date.today(), actor=SystemActor("test"))
    record = PenaltyRecord.objects.get(pk=world.expired.pk)
    assert record.status == PublicationStatus.EXPIRED
    assert client.get(f"/credit/records/{record.public_id}/").status_code == 404
    assert record.decision_number not in text_of(client.get("/credit/", {"q": "过期公示"}))


def test_the_record_page_shows_a_natural_person_masked(world, client):
    name, number = PERSONS[1]
    html = text_of(client.get(f"/credit/records/{world.person_penalties[1].public_id}/"))
    assert "张**" in html
    assert name not in html and number not in html
    assert number[:6] + "*" * 8 + number[-4:] in html


def test_the_statistics_count_published_records_by_type_and_party(world, client):
    stats = public_statistics()
    # 2 licences of legal persons + 3 of natural persons; 1 penalty of a legal person + 3 of natural persons
    assert (stats.licensing, stats.penalty) == (5, 4)
    assert stats.penalties_by_party == {"legal_person": 1, "natural_person": 3, "individual_business": 0}
    per_unit = {row["unit_code"]: (row["licensing"], row["penalty"]) for row in stats.per_unit}
    assert per_unit[world.unit_a.code] == (1, 3)
    assert per_unit[world.unit_b.code] == (4, 1)
    assert stats.by_year == [{"year": 2026, "licensing": 5, "penalty": 4}]
    html = text_of(client.get("/credit/"))
    assert 'id="chart-types-option"' in html and "echarts.min.js" in html


def test_the_joint_punishment_lists_page_masks_natural_persons(world, client):
    from huimin.credit.services.lists import list_entry_add

    name, number = PERSONS[2]
    list_entry_add(
        list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
        subject_name=name,
        person_id_number=number,
        start_date=date(2026, 1, 5),
        reason=f"{name}拒不履行判决",
        actor=world.admin,
    )
    html = text_of(client.get("/credit/lists/"))
    assert "李*" in html and name not in html and number not in html
    for q in (name, name[1:], number):  # the masked person is not found by part of what is hidden
        assert "李*" not in text_of(client.get("/credit/lists/", {"q": q})), q
        assert client.get("/api/v1/credit/lists", {"q": q}).json()["count"] == 0, q
    found = text_of(client.get("/credit/lists/", {"q": f"{name} {number}"}))
    assert "李*" in found
    assert client.get("/api/v1/credit/lists", {"q": f"{name} {number}"}).json()["count"] == 1


# --- charts -----------------------------------------------------------------------------------------------------------


def _stats() -> PublicStatistics:
    return PublicStatistics(
        licensing=7,
        penalty=3,
        penalties_by_party={"legal_person": 2, "natural_person": 1, "individual_business": 0},
        per_unit=[
            {"unit_code": "A", "unit_name": "甲局", "licensing": 5, "penalty": 1},
            {"unit_code": "B", "unit_name": "乙局", "licensing": 2, "penalty": 2},
            {"unit_code": "C", "unit_name": "丙局", "licensing": 0, "penalty": 0},
        ],
        by_year=[{"year": 2025, "licensing": 3, "penalty": 1}, {"year": 2026, "licensing": 4, "penalty": 2}],
    )


def test_the_records_by_type_chart_has_one_slice_per_type():
    with translation.override("en"):
        option = charts.records_by_type_option(_stats())
    assert [d["value"] for d in option["series"][0]["data"]] == [7, 3]
    assert option["series"][0]["type"] == "pie"


def test_the_party_chart_leaves_out_kinds_without_penalties():
    with translation.override("en"):
        option = charts.penalties_by_party_option(_stats())
    assert [d["value"] for d in option["series"][0]["data"]] == [2, 1]


def test_the_per_unit_chart_stacks_licensing_and_penalties_and_skips_empty_units():
    option = charts.per_unit_option(_stats())
    assert option["yAxis"]["data"] == ["乙局", "甲局"]  # smallest first: ECharts draws the first at the bottom
    assert [s["data"] for s in option["series"]] == [[2, 5], [2, 1]]
    assert {s["stack"] for s in option["series"]} == {"records"}


def test_the_by_year_chart_has_a_bar_series_per_type():
    option = charts.by_year_option(_stats())
    assert option["xAxis"]["data"] == ["2025", "2026"]
    assert [s["data"] for s in option["series"]] == [[3, 4], [1, 2]]


def test_the_timeliness_chart_splits_on_time_and_late(world):
    rows = [UnitTimeliness(unit=world.unit_a, records=10, late=3, total_delay=40)]
    option = charts.timeliness_option(rows)
    assert [s["data"] for s in option["series"]] == [[7], [3]]


def test_the_monthly_chart_has_records_and_late_per_month():
    months = [
        {"month": date(2026, 1, 1), "records": 4, "late": 1},
        {"month": date(2026, 2, 1), "records": 2, "late": 0},
    ]
    option = charts.monthly_timeliness_option(months)
    assert option["xAxis"]["data"] == ["2026-01", "2026-02"]
    assert [s["data"] for s in option["series"]] == [[4, 2], [1, 0]]


# --- the records desk and its scopes ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_cannot_post(world, client):
    response = client.get("/credit/manage/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    before = PenaltyRecord.objects.count()
    response = client.post("/credit/manage/new/penalty/", {"unit": world.unit_a.code, "subject_name": "x"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert PenaltyRecord.objects.count() == before
    response = client.post(f"/credit/manage/records/{world.penalty_a.public_id}/revoke/", {"reason": "x"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_roles_outside_credit_may_not_use_the_desk(world, client_for, make_user):
    resident = make_user(role=Role.RESIDENT)
    assert client_for(resident).get("/credit/manage/").status_code == 403


def test_an_officer_sees_its_own_units_records_only(world, client_for):
    html = text_of(client_for(world.officer_a).get("/credit/manage/", {"kind": "licensing"}))
    assert world.licence_a.decision_number in html
    assert world.licence_b.decision_number not in html


def test_an_officer_of_unit_a_may_not_edit_unit_bs_record(world, client_for):
    client = client_for(world.officer_a)
    record = world.licence_b
    assert client.get(f"/credit/manage/records/{record.public_id}/edit/").status_code == 403
    response = client.post(f"/credit/manage/records/{record.public_id}/edit/", {"subject_name": "改名"})
    assert response.status_code == 403
    assert client.post(f"/credit/manage/records/{record.public_id}/revoke/", {"reason": "x"}).status_code == 403
    record.refresh_from_db()
    assert record.subject_name != "改名" and record.status == PublicationStatus.PUBLISHED


def test_an_officer_may_not_file_records_for_another_unit(world, client_for):
    response = client_for(world.officer_a).get("/credit/manage/new/penalty/", {"unit": world.unit_b.code})
    assert response.status_code == 403


def _form_data(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        if key == "unit":
            out[key] = value.code
        elif key == "categories":
            out[key] = ["02"]
        elif key == "subject_category":
            out[key] = "legal_person"
        elif isinstance(value, str) and re.fullmatch(r"\d{4}/\d{2}/\d{2}", value):
            out[key] = value.replace("/", "-")
        else:
            out[key] = value
    return out


def test_an_officer_files_a_penalty_through_the_form(world, client_for):
    item = world.penalty_a.catalogue_item
    data = _form_data(
        penalty_data(world.unit_a, item, decision_number="平市监罚〔2026〕900号", decision_date="2026/11/20")
    )
    response = client_for(world.officer_a).post("/credit/manage/new/penalty/", data)
    assert response.status_code == 302, text_of(response)[:2000]
    record = PenaltyRecord.objects.get(decision_number="平市监罚〔2026〕900号")
    assert record.unit == world.unit_a and record.categories == ["02"]
    assert response["Location"] == f"/credit/manage/records/{record.public_id}/"


def test_a_phone_or_id_number_typed_into_a_records_text_is_flagged_and_kept_only_when_confirmed(world, client_for):
    item = world.penalty_a.catalogue_item
    facts = "当事人联系电话 139 0352 0007，身份证140202-19770312-4568。"
    data = _form_data(penalty_data(world.unit_a, item, decision_number="平市监罚〔2026〕901号", facts=facts))
    client = client_for(world.officer_a)
    warned = client.post("/credit/manage/new/penalty/", data)
    assert warned.status_code == 200
    html = text_of(warned)
    assert "手机号码" in html and 'name="personal_numbers_ok"' in html
    assert not PenaltyRecord.objects.filter(decision_number="平市监罚〔2026〕901号").exists()
    saved = client.post("/credit/manage/new/penalty/", {**data, "personal_numbers_ok": "on"})
    assert saved.status_code == 302, text_of(saved)[:2000]
    record = PenaltyRecord.objects.get(decision_number="平市监罚〔2026〕901号")
    assert record.facts == facts  # kept as written for the officers; the public reads it masked
    assert public_record_dict(record)["facts"] == "当事人联系电话 139****0007，身份证140202********4568。"


def test_the_rules_errors_are_shown_next_to_their_fields(world, client_for):
    item = world.penalty_a.catalogue_item
    data = _form_data(penalty_data(world.unit_a, item, subject_uscc="91350100M000100Y44", fine_amount=""))
    with translation.override("en"):
        response = client_for(world.officer_a).post("/credit/manage/new/penalty/", data)
    assert response.status_code == 200
    html = text_of(response)
    assert 'id="id_subject_uscc_error"' in html
    assert 'id="id_fine_amount_error"' in html
    assert not PenaltyRecord.objects.filter(decision_number=data["decision_number"]).exists()


def test_an_officer_corrects_its_own_record(world, client_for):
    client = client_for(world.officer_a)
    record = world.licence_a
    form = client.get(f"/credit/manage/records/{record.public_id}/edit/")
    assert form.status_code == 200
    data = _form_data(
        {k: v for k, v in form.context["form"].initial.items() if v is not None}
        | {"content": "热食类食品制售；冷食类食品制售"}
    )
    for key in ("decision_date", "valid_from", "valid_to"):
        data[key] = getattr(record, key).isoformat()
    response = client.post(f"/credit/manage/records/{record.public_id}/edit/", data)
    assert response.status_code == 302, text_of(response)[:3000]
    record.refresh_from_db()
    assert record.content == "热食类食品制售；冷食类食品制售"


def test_an_officer_revokes_its_own_record_and_it_leaves_public_view(world, client_for, client):
    record = world.penalty_a
    response = client_for(world.officer_a).post(
        f"/credit/manage/records/{record.public_id}/revoke/", {"reason": "行政复议撤销"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == PublicationStatus.REVOKED and not record.is_public
    assert client.get(f"/credit/records/{record.public_id}/").status_code == 404


def test_the_officers_record_page_shows_the_unmasked_data_and_history(world, client_for):
    name, number = PERSONS[0]
    html = text_of(client_for(world.officer_a).get(f"/credit/manage/records/{world.person_penalties[0].public_id}/"))
    assert name in html and number in html


def test_another_units_officer_does_not_see_the_unmasked_page(world, client_for):
    response = client_for(world.officer_b).get(f"/credit/manage/records/{world.person_penalties[0].public_id}/")
    assert response.status_code == 403


# --- timeliness -------------------------------------------------------------------------------------------------------


def test_the_dashboard_counts_eight_working_days_late_and_not_seven(client_for, make_user):
    unit = make_unit()
    item = make_item(unit, "penalty")
    admin = make_user(role=Role.CREDIT_ADMIN)
    decided = date(2025, 3, 3)
    for n, days in enumerate((7, 8, 0)):
        record_create(
            kind="penalty",
            data=penalty_data(unit, item, decision_number=f"平测〔2025〕{n + 1}号", decision_date="2025/03/03"),
            actor=admin,
            now=at(add_working_days(decided, days) if days else decided),
        )
    assert sorted(PenaltyRecord.objects.filter(unit=unit).values_list("working_days_late", flat=True)) == [0, 7, 8]
    (row,) = [r for r in timeliness_by_unit(actor=admin) if r.unit == unit]
    assert (row.records, row.late, row.on_time) == (3, 1, 2)
    assert row.average_delay == 5
    html = text_of(client_for(admin).get("/credit/manage/timeliness/"))
    assert f'<tr data-unit="{unit.code}">' in html
    assert re.search(rf'data-unit="{unit.code}">.*?data-late="1"', html, re.S)
    desk = text_of(client_for(admin).get("/credit/manage/", {"kind": "penalty", "late": "1"}))
    assert "平测〔2025〕2号" in desk and "平测〔2025〕1号" not in desk


def test_an_officer_sees_the_timeliness_of_its_own_unit_only(world, client_for):
    rows = timeliness_by_unit(actor=world.officer_a)
    assert [r.unit for r in rows] == [world.unit_a]
    assert client_for(world.officer_a).get("/credit/manage/timeliness/").status_code == 200


# --- the credit office ------------------------------------------------------------------------------------------------


def test_only_the_credit_administrator_enters_the_office(world, client_for):
    assert client_for(world.officer_a).get("/credit/office/").status_code == 403
    assert client_for(world.admin).get("/credit/office/").status_code == 200


def test_the_administrator_adds_a_catalogue_item(world, client_for):
    response = client_for(world.admin).post(
        f"/credit/office/catalogues/{world.unit_a.code}/",
        {"kind": "penalty", "code": "CF9999", "name": "未按规定公示信息", "sector": "general", "legal_basis": ""},
    )
    assert response.status_code == 302
    assert world.unit_a.catalogue_items.filter(code="CF9999").exists()


def test_the_administrator_edits_a_regime_rule(world, client_for):
    rule = RegimeRule.objects.select_related("regime").filter(sector="").first()
    url = f"/credit/office/regimes/{rule.regime.code}/{rule.severity}/-/edit/"
    response = client_for(world.admin).post(
        url, {"published": "on", "min_months": 4, "max_months": 12, "repairable": "on"}
    )
    assert response.status_code == 302, text_of(response)[:2000]
    rule.refresh_from_db()
    assert (rule.min_months, rule.max_months) == (4, 12)


def test_the_administrator_puts_a_subject_on_a_list_and_removes_it(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        "/credit/office/lists/new/",
        {
            "list_type": ListType.MAJOR_TAX_VIOLATION,
            "subject_name": "大同市平城区偷税有限公司",
            "subject_uscc": "91320105780688132K",
            "start_date": "2026-01-05",
        },
    )
    assert response.status_code == 302, text_of(response)[:2000]
    entry = ListEntry.objects.get(subject_uscc="91320105780688132K")
    response = client.post(
        f"/credit/office/lists/{entry.public_id}/remove/", {"on": "2026-06-01", "reason": "已补缴税款"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.removed_on == date(2026, 6, 1)


def test_the_administrator_imports_a_list_file_and_sees_the_bad_rows(world, client_for):
    content = (
        "名单类型,名称,统一社会信用代码,列入日期\n"
        "重大税收违法,某某有限公司,91320105780688132K,2026-01-05\n"
        "重大税收违法,坏公司,123,2026-01-05\n"
    )
    upload = SimpleUploadedFile("list.csv", content.encode("utf-8-sig"), content_type="text/csv")
    response = client_for(world.admin).post("/credit/office/lists/import/", {"file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.imported == 0 and report.errors and report.errors[0].row == 3


def test_the_administrator_records_a_memorandum(world, client_for):
    response = client_for(world.admin).post(
        "/credit/office/memoranda/new/",
        {
            "code": "发改财金〔2018〕1614号",
            "title": "关于对政府采购领域严重违法失信主体开展联合惩戒的合作备忘录",
            "signed_on": "2018-11-20",
            "list_type": ListType.PROCUREMENT_SERIOUS,
            "bars_purchased_services": "on",
        },
    )
    assert response.status_code == 302


# --- repairs ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def provider_world(world, make_user):
    org = organization_create(
        actor=SystemActor("test"),
        name="大同市平城区阳光社会工作服务中心",
        org_type=OrganizationType.SOCIAL_SERVICE,
        uscc=generate_uscc("5", "2", "140213", "MJY09001"),
        legal_representative="赵敏",
    )
    with translation.override("en"):
        record = record_create(
            kind="penalty",
            data=penalty_data(
                world.unit_a,
                world.penalty_a.catalogue_item,
                subject_name=org.name,
                subject_uscc=org.uscc,
                decision_date="2026/03/10",
            ),
            actor=SystemActor("test"),
            now=at(date(2026, 3, 12)),
        )
    provider = make_user(role=Role.PROVIDER, organization=org)
    return org, record, provider


def test_a_provider_asks_for_the_repair_of_its_penalty_with_evidence(provider_world, client_for):
    from huimin.files.tests.samples import pdf

    _org, record, provider = provider_world
    client = client_for(provider)
    html = text_of(client.get("/credit/mine/"))
    assert record.decision_number in html
    response = client.post(
        f"/credit/mine/repairs/{record.public_id}/",
        {
            "applicant_name": "大同市平城区阳光社会工作服务中心",
            "commitment": "依法经营，接受监督。",
            "fulfilment": "罚款已缴清。",
            "evidence": [SimpleUploadedFile("缴款凭证.pdf", pdf(), content_type="application/pdf")],
        },
    )
    assert response.status_code == 302, text_of(response)[:3000]
    repair = RepairRequest.objects.get(record=record)
    assert repair.status == RepairStatus.SUBMITTED and repair.evidence.count() == 1
    assert client.get(response["Location"]).status_code == 200


def test_another_provider_may_not_ask_for_that_repair(provider_world, client_for, make_user):
    _org, record, _provider = provider_world
    stranger_org = organization_create(
        actor=SystemActor("test"),
        name="另一家社会组织",
        org_type=OrganizationType.SOCIAL_SERVICE,
        uscc=generate_uscc("5", "2", "140213", "MJY09002"),
    )
    stranger = make_user(role=Role.PROVIDER, organization=stranger_org)
    assert client_for(stranger).get(f"/credit/mine/repairs/{record.public_id}/").status_code == 403


def test_the_administrator_refuses_a_repair_with_a_reason(provider_world, world, client_for):
    from huimin.credit.services.repairs import repair_request_submit

    _org, record, provider = provider_world
    repair = repair_request_submit(
        record=record, applicant_name="阳光", commitment="承诺", fulfilment="已缴清", actor=provider
    )
    client = client_for(world.admin)
    assert repair.record.decision_number in text_of(client.get("/credit/office/repairs/"))
    response = client.post(f"/credit/repairs/{repair.public_id}/", {"decision": "refuse", "reason": "材料不全"})
    assert response.status_code == 302
    repair.refresh_from_db()
    assert repair.status == RepairStatus.REFUSED and repair.decision_reason == "材料不全"
    # the provider sees the decision, but may not decide
    response = client_for(provider).post(f"/credit/repairs/{repair.public_id}/", {"decision": "approve", "reason": "x"})
    assert response.status_code == 403


# --- credit checks ----------------------------------------------------------------------------------------------------


def test_staff_run_a_credit_check_and_see_the_evidence(provider_world, client_for, make_user):
    org, _record, _provider = provider_world
    manager = make_user(role=Role.PROJECT_MANAGER, organization=org)
    client = client_for(manager)
    response = client.post("/credit/checks/", {"uscc": org.uscc, "on": "2026-11-01", "purpose": "项目评审"})
    assert response.status_code == 302, text_of(response)[:3000]
    check = CreditCheck.objects.get()
    assert check.result == "warned" and response["Location"] == f"/credit/checks/{check.public_id}/"
    html = text_of(client.get(response["Location"]))
    assert str(check.public_id) in html and check.digest in html


def test_a_credit_check_needs_a_code_or_an_organization(world, client_for):
    response = client_for(world.admin).post("/credit/checks/", {"on": "2026-11-01"})
    assert response.status_code == 200
    assert 'id="id_uscc_error"' in text_of(response)


def test_residents_may_not_run_credit_checks(world, client_for, make_user):
    assert client_for(make_user(role=Role.RESIDENT)).get("/credit/checks/").status_code == 403


# --- imports ----------------------------------------------------------------------------------------------------------


def test_an_import_with_a_bad_row_reports_it_and_offers_the_error_workbook(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.officer_a)
    content = "行政相对人名称,行政处罚决定书文号\n某公司,平测〔2026〕77号\n"
    upload = SimpleUploadedFile("penalties.csv", content.encode("utf-8-sig"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/credit/manage/import/", {"kind": "penalty", "unit": world.unit_a.code, "file": upload})
    assert response.status_code == 302, text_of(response)[:3000]
    job = ImportJob.objects.get()
    assert job.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)
    html = text_of(client.get(response["Location"]))
    assert 'hx-trigger="every 1s"' not in html  # finished: no more polling
    assert not PenaltyRecord.objects.filter(decision_number="平测〔2026〕77号").exists()
    if job.error_workbook:
        download = client.get(f"/credit/manage/import/{job.public_id}/errors.xlsx")
        assert download.status_code == 200


def test_a_running_import_is_polled_every_second(world, client_for):
    client = client_for(world.officer_a)
    upload = SimpleUploadedFile("p.csv", "行政相对人名称\n某公司\n".encode(), content_type="text/csv")
    response = client.post("/credit/manage/import/", {"kind": "penalty", "unit": world.unit_a.code, "file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.QUEUED  # the task runs once the transaction commits
    html = text_of(client.get(response["Location"]))
    assert f'hx-get="/credit/manage/import/{job.public_id}/progress/"' in html and 'hx-trigger="every 1s"' in html


def test_another_units_officer_may_not_see_an_import(world, client_for):
    upload = SimpleUploadedFile("p.csv", "行政相对人名称\n某公司\n".encode(), content_type="text/csv")
    client_for(world.officer_a).post("/credit/manage/import/", {"unit": world.unit_a.code, "file": upload})
    job = ImportJob.objects.get()
    assert client_for(world.officer_b).get(f"/credit/manage/import/{job.public_id}/").status_code == 403


def test_the_templates_download_with_the_national_headers(world, client_for):
    client = client_for(world.officer_a)
    xlsx = client.get("/credit/manage/templates/penalty.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    csv = client.get("/credit/manage/templates/licensing.csv")
    assert csv.status_code == 200 and "行政相对人名称" in csv.content.decode("utf-8-sig")
    assert client.get("/credit/manage/templates/other.xlsx").status_code == 404


# --- navigation -------------------------------------------------------------------------------------------------------


def test_the_main_navigation_links_the_credit_pages(client):
    assert 'href="/credit/"' in text_of(client.get("/"))


def test_the_desk_tab_shows_for_officers_and_not_for_the_public(world, client_for, client):
    assert 'href="/credit/manage/"' in text_of(client_for(world.officer_a).get("/credit/"))
    assert 'href="/credit/manage/"' not in text_of(client.get("/credit/"))


def test_licensing_records_never_reach_the_penalty_column(world):
    assert LicensingRecord.objects.filter(is_public=True).count() == 5


def test_huimin_stats_counts_published_and_unpublished_records(world):
    from huimin.core.stats import collect

    counts = collect()
    assert counts["credit_records"] == LicensingRecord.objects.count() + PenaltyRecord.objects.count() == 11
    # the revoked penalty is not public; the past-deadline one still is until the expiry job runs
    assert (counts["published_credit_records"], counts["unpublished_credit_records"]) == (10, 1)
    assert (counts["licensing_records"], counts["penalty_records"]) == (5, 6)
    assert counts["reporting_units"] == 2 and counts["catalogue_items"] == 4
