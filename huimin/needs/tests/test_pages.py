"""The needs pages as people use them: the public boards, a need's page and its support button (resident account or
phone code), the resident's submission, the desk of workers and purchasers, and the category catalogue."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from huimin.core import sms
from huimin.core.models import Role
from huimin.core.residents import resident_key_for_phone
from huimin.needs.models import Need, NeedCategory, NeedStatus, Support
from huimin.needs.services import need_accept, need_decline, need_merge, need_support

from .factories import category, make_need, png_file

pytestmark = pytest.mark.django_db


def en_client(actor=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if actor is not None:
        client.force_login(actor.user)
    return client


def text(response) -> str:
    return response.content.decode()


def sent_code() -> str:
    return re.search(r"\d{6}", sms.outbox[-1].text).group(0)  # type: ignore[union-attr]


# --- the public boards ----------------------------------------------------------------------------------------------


def test_the_board_lists_every_community_with_filters_and_counts(world):
    a = make_need(world.community_a1, world.worker_a1, title="老年助餐")
    b = make_need(world.community_b1, world.worker_b1, title="儿童托管", category=category("youth"))
    need_accept(need=b, actor=world.worker_b1, answer="纳入项目意向")
    client = en_client()
    page = text(client.get(reverse("needs:board")))
    assert "老年助餐" in page and "儿童托管" in page
    assert "纳入项目意向" in page
    only_youth = text(client.get(reverse("needs:board"), {"category": "youth"}))
    assert "儿童托管" in only_youth and "老年助餐" not in only_youth
    accepted = text(client.get(reverse("needs:board"), {"status": "accepted"}))
    assert "儿童托管" in accepted and "老年助餐" not in accepted
    by_street = text(client.get(reverse("needs:board"), {"street": world.street_a.code}))
    assert "老年助餐" in by_street and "儿童托管" not in by_street
    found = text(client.get(reverse("needs:board"), {"q": a.number}))
    assert "老年助餐" in found and "儿童托管" not in found


def test_full_width_search_finds_a_need_number(world):
    need = make_need(world.community_a1, world.worker_a1, title="便民维修")
    full_width = need.number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789N-"})
    page = text(en_client().get(reverse("needs:board"), {"q": full_width}))
    assert "便民维修" in page


def test_a_community_board_shows_open_needs_and_answers(world):
    open_need = make_need(world.community_a1, world.worker_a1, title="助餐点")
    declined = make_need(world.community_a1, world.worker_a1, title="修建游泳池")
    need_decline(need=declined, answer="超出社区服务项目范围，建议向区体育局反映", actor=world.worker_a1)
    make_need(world.community_a2, world.worker_a2, title="别的社区")
    page = text(en_client().get(reverse("needs:community", kwargs={"code": world.community_a1.code})))
    assert "助餐点" in page and "修建游泳池" in page and "超出社区服务项目范围" in page
    assert "别的社区" not in page
    assert open_need.number in page


def test_an_unknown_community_board_is_not_found(world):
    assert en_client().get(reverse("needs:community", kwargs={"code": "999"})).status_code == 404
    assert en_client().get(reverse("needs:community", kwargs={"code": world.street_a.code})).status_code == 404


def test_public_pages_show_no_personal_data(world):
    need = make_need(
        world.community_a1,
        world.resident,
        title="楼道照明",
        description="联系人王秀英，电话13912345678，身份证140213199001011233，座机0352-1234567。",
        evidence_note="可拨打 139 1234 5678 联系。",
    )
    need_support(need=need, actor=world.resident_no_phone)
    need_accept(need=need, actor=world.worker_a1, answer="已联系王秀英（13912345678）")
    client = en_client(world.provider)  # signed in, but neither the author nor the supporter
    pages = [
        client.get(reverse("needs:board")),
        client.get(reverse("needs:community", kwargs={"code": world.community_a1.code})),
        client.get(reverse("needs:detail", kwargs={"public_id": need.public_id})),
        en_client().get(reverse("needs:detail", kwargs={"public_id": need.public_id})),
    ]
    for response in pages:
        assert response.status_code == 200
        body = text(response)
        for secret in (
            "13912345678",
            "1234 5678",
            "140213199001011233",
            "1234567",
            "王秀英",
            "李建国",
            "刘社工",
            world.resident.user.username,
        ):
            assert secret not in body, secret
    assert "139****5678" in text(pages[2])


# --- supporting ---------------------------------------------------------------------------------------------------


def test_a_signed_in_resident_supports_once_on_the_page(world):
    need = make_need(world.community_a1, world.worker_a1)
    client = en_client(world.resident)
    url = reverse("needs:support", kwargs={"public_id": need.public_id})
    response = client.post(url, follow=True)
    assert "your support has been counted" in text(response)
    response = client.post(url, follow=True)
    assert "already supported this need" in text(response)
    need.refresh_from_db()
    assert need.support_count == 1
    assert "You support this need." in text(client.get(reverse("needs:detail", kwargs={"public_id": need.public_id})))


def test_support_by_phone_code(world, django_capture_on_commit_callbacks):
    need = make_need(world.community_a1, world.worker_a1)
    detail = reverse("needs:detail", kwargs={"public_id": need.public_id})
    client = en_client()
    response = client.post(reverse("needs:support", kwargs={"public_id": need.public_id}))
    assert response.status_code == 302 and reverse("needs:verify_phone") in response["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("needs:verify_phone"), {"phone": "１３８ ００１３ ８０００", "next": detail})
    assert response.status_code == 200 and 'name="code"' in text(response)
    assert sms.outbox[-1].phone == "13800138000"
    response = client.post(reverse("needs:verify_phone"), {"phone": "13800138000", "code": sent_code(), "next": detail})
    assert response.status_code == 302 and response["Location"] == detail
    client.post(reverse("needs:support", kwargs={"public_id": need.public_id}))
    need.refresh_from_db()
    assert need.support_count == 1
    assert Support.objects.get(need=need).supporter_key == resident_key_for_phone("13800138000")
    response = client.post(reverse("needs:support", kwargs={"public_id": need.public_id}), follow=True)
    assert "already supported" in text(response)
    need.refresh_from_db()
    assert need.support_count == 1


def test_a_wrong_code_is_said_next_to_the_field(world, django_capture_on_commit_callbacks):
    client = en_client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:verify_phone"), {"phone": "13800138001"})
    wrong = "000000" if sent_code() != "000000" else "111111"
    response = client.post(reverse("needs:verify_phone"), {"phone": "13800138001", "code": wrong})
    assert "The code is not correct." in text(response)


def test_verify_never_redirects_elsewhere(world, django_capture_on_commit_callbacks):
    client = en_client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:verify_phone"), {"phone": "13800138002"})
    response = client.post(
        reverse("needs:verify_phone"), {"phone": "13800138002", "code": sent_code(), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("needs:board")


def test_staff_cannot_support_on_the_page(world):
    need = make_need(world.community_a1, world.worker_a1)
    response = en_client(world.worker_a1).post(
        reverse("needs:support", kwargs={"public_id": need.public_id}), follow=True
    )
    assert response.status_code == 200
    need.refresh_from_db()
    assert need.support_count == 0


def test_a_merged_need_points_to_its_target_and_takes_no_support(world):
    a = make_need(world.community_a1, world.worker_a1, title="甲")
    b = make_need(world.community_a1, world.worker_a1, title="乙")
    need_support(need=a, actor=world.resident)
    need_merge(need=a, into=b, answer="与乙相同", actor=world.worker_a1)
    page = text(en_client(world.resident_no_phone).get(reverse("needs:detail", kwargs={"public_id": a.public_id})))
    assert "This need was merged into" in page and b.number in page
    assert "This need takes no more supports." in page
    target = text(en_client().get(reverse("needs:detail", kwargs={"public_id": b.public_id})))
    assert 'id="support-total">1<' in target


# --- residents submitting ------------------------------------------------------------------------------------------


def _form(**overrides):
    data = {
        "community": "",
        "title": "小区路灯维修",
        "category": str(category("repairs").pk),
        "target_group": "小区居民",
        "estimated_beneficiaries": "２００",
        "description": "小区路灯损坏多日，夜间出行不便。",
        "residents_asking": "１２",
        "evidence_note": "",
    }
    data.update(overrides)
    return data


def test_a_resident_account_submits_a_need_with_a_photo(world):
    client = en_client(world.resident)
    data = _form(community=str(world.community_a2.pk))
    data["photos"] = [png_file()]
    response = client.post(reverse("needs:submit"), data)
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.source == "resident" and need.community == world.community_a2
    assert need.estimated_beneficiaries == 200 and need.residents_asking == 12
    assert need.photos.count() == 1


def test_the_public_must_verify_a_phone_before_submitting(world):
    page = text(en_client().get(reverse("needs:submit")))
    assert 'name="title"' not in page and reverse("needs:verify_phone") in page
    en_client().post(reverse("needs:submit"), _form(community=str(world.community_a1.pk)))
    assert not Need.objects.exists()


def test_a_phone_verified_resident_submits_and_edits_their_need(world, django_capture_on_commit_callbacks):
    client = en_client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:verify_phone"), {"phone": "13800138003"})
    client.post(reverse("needs:verify_phone"), {"phone": "13800138003", "code": sent_code()})
    page = text(client.get(reverse("needs:submit")))
    assert 'name="photos"' not in page  # photos need an account
    response = client.post(reverse("needs:submit"), _form(community=str(world.community_a1.pk)))
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.submitter_key == resident_key_for_phone("13800138003")
    edit = reverse("needs:edit", kwargs={"public_id": need.public_id})
    assert client.get(edit).status_code == 200
    data = _form(title="小区路灯和楼道灯维修")
    data.pop("community")
    assert client.post(edit, data).status_code == 302
    need.refresh_from_db()
    assert need.title == "小区路灯和楼道灯维修"
    assert en_client().get(edit).status_code == 403
    mine = text(client.get(reverse("needs:mine")))
    assert "小区路灯和楼道灯维修" in mine


def test_form_errors_are_shown_next_to_the_fields(world):
    client = en_client(world.resident)
    response = client.post(
        reverse("needs:submit"), _form(community=str(world.community_a1.pk), description="　", title="  ")
    )
    assert response.status_code == 200
    assert not Need.objects.exists()
    assert "is-invalid" in text(response)


# --- the desk ------------------------------------------------------------------------------------------------------


def test_the_desk_needs_a_sign_in_and_a_role(world):
    assert en_client().get(reverse("needs:desk")).status_code == 302
    assert en_client(world.resident).get(reverse("needs:desk")).status_code == 403
    assert en_client(world.provider).get(reverse("needs:desk")).status_code == 403


def test_a_worker_sees_only_its_community_on_the_desk(world):
    make_need(world.community_a1, world.worker_a1, title="本社区需求")
    make_need(world.community_a2, world.worker_a2, title="邻社区需求")
    page = text(en_client(world.worker_a1).get(reverse("needs:desk")))
    assert "本社区需求" in page and "邻社区需求" not in page


def test_a_worker_records_a_need_on_the_desk(world):
    client = en_client(world.worker_a1)
    response = client.post(reverse("needs:new"), _form(community=str(world.community_a1.pk)))
    assert response.status_code == 302
    assert Need.objects.get().source == "worker"


def test_a_worker_cannot_record_for_another_community_on_the_desk(world):
    client = en_client(world.worker_a1)
    response = client.post(reverse("needs:new"), _form(community=str(world.community_b1.pk)))
    assert response.status_code == 200  # not a choice of the form
    assert not Need.objects.exists()


def test_a_worker_outside_the_community_is_refused_on_every_page(world):
    need = make_need(world.community_b1, world.worker_b1)
    client = en_client(world.worker_a1)
    for name in ("manage", "edit"):
        assert client.get(reverse(f"needs:{name}", kwargs={"public_id": need.public_id})).status_code == 403
    response = client.post(
        reverse("needs:manage", kwargs={"public_id": need.public_id}),
        {"form": "decision", "action": "accept", "answer": ""},
    )
    assert response.status_code == 403
    response = client.post(reverse("needs:batch_accept"), {"need": [str(need.public_id)]})
    assert response.status_code == 403
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_decisions_on_the_manage_page(world):
    need = make_need(world.community_a1, world.resident)
    other = make_need(world.community_a1, world.worker_a1)
    client = en_client(world.worker_a1)
    url = reverse("needs:manage", kwargs={"public_id": need.public_id})
    page = text(client.get(url))
    assert "王秀英" in page  # the deciders see who submitted it
    response = client.post(url, {"form": "decision", "action": "decline", "answer": ""})
    assert response.status_code == 200 and "Say publicly why the need is declined." in text(response)
    response = client.post(
        url, {"form": "decision", "action": "merge", "merged_into": str(other.pk), "answer": "同一需求"}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.MERGED and need.merged_into == other


def test_batch_accept_on_the_desk(world):
    a = make_need(world.community_a1, world.worker_a1)
    b = make_need(world.community_a1, world.worker_a1)
    c = make_need(world.community_a1, world.worker_a1)
    client = en_client(world.worker_a1)
    response = client.post(
        reverse("needs:batch_accept"), {"need": [str(a.public_id), str(b.public_id)], "answer": "列入本轮"}, follow=True
    )
    assert "2 needs accepted." in text(response)
    assert set(Need.objects.filter(status=NeedStatus.ACCEPTED)) == {a, b}
    need_decline(need=c, answer="否", actor=world.worker_a1)
    response = client.post(reverse("needs:batch_accept"), {"need": [str(c.public_id)]}, follow=True)
    assert "No need was accepted." in text(response)


def test_the_purchaser_sees_and_decides_the_needs_under_its_street_only(world):
    a = make_need(world.community_a2, world.worker_a2, title="古城需求")
    b = make_need(world.community_b1, world.worker_b1, title="永泰需求")
    client = en_client(world.purchaser_a)
    overview = text(client.get(reverse("needs:street")))
    assert world.community_a1.name in overview and world.community_a2.name in overview
    assert world.community_b1.name not in overview
    desk = text(client.get(reverse("needs:desk")))
    assert "古城需求" in desk and "永泰需求" not in desk
    assert client.get(reverse("needs:manage", kwargs={"public_id": a.public_id})).status_code == 200
    assert client.get(reverse("needs:manage", kwargs={"public_id": b.public_id})).status_code == 403
    assert en_client(world.worker_a1).get(reverse("needs:street")).status_code == 403


def test_the_questionnaire_link_appears_only_when_the_surveys_page_exists(world, monkeypatch):
    from huimin.needs.templatetags import needs_tags
    from huimin.surveys.models import Questionnaire, QuestionnaireStatus

    q = Questionnaire.objects.create(division=world.community_a1, title="2020年问需表", status=QuestionnaireStatus.OPEN)
    need = make_need(world.community_a1, world.worker_a1, questionnaires=[q])
    url = reverse("needs:detail", kwargs={"public_id": need.public_id})
    page = text(en_client().get(url))
    assert "2020年问需表" in page  # shown, with or without a link
    monkeypatch.setattr(needs_tags, "reverse", lambda name, args=(): f"/surveys/{args[0]}/results/")
    page = text(en_client().get(url))
    assert f'href="/surveys/{q.public_id}/results/"' in page


# --- the category catalogue ----------------------------------------------------------------------------------------


def test_only_the_district_admin_keeps_the_catalogue(world):
    for who in (world.worker_a1, world.purchaser_a, world.resident):
        assert en_client(who).get(reverse("needs:categories")).status_code == 403
    client = en_client(world.admin)
    assert client.get(reverse("needs:categories")).status_code == 200
    response = client.post(
        reverse("needs:categories"), {"code": "ｍｅｎｔａｌ-health", "name": "心理健康", "position": ""}
    )
    assert response.status_code == 302
    created = NeedCategory.objects.get(code="mental-health")
    response = client.post(reverse("needs:category_toggle", kwargs={"code": created.code}))
    created.refresh_from_db()
    assert not created.is_active
    response = client.post(reverse("needs:categories"), {"code": "other", "name": "心理健康"})
    assert response.status_code == 200 and "There is already a category named" in text(response)


def test_role_constants_used_by_the_world(world):
    assert world.worker_a1.has_role(Role.COMMUNITY_WORKER)
