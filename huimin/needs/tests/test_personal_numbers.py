"""ID and phone numbers typed into a need never reach the public (issue 9, defects 2 and 3): every public page and the
public API show a need's free text masked (title in the heading and in <title>, target group, description, answer,
merged needs), a public search cannot find a hidden number by its digits, and the forms flag the numbers when they
are typed — refused for residents, a warning the community worker confirms."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from huimin.core.masking import normalize_digits
from huimin.needs.models import Need
from huimin.needs.services import need_accept, need_merge

from .factories import category, make_need

pytestmark = pytest.mark.django_db

PHONE = "13903520002"
RESIDENT_ID = "140213199001011234"
TITLE = f"电话{PHONE} 身份证{RESIDENT_ID}"


def leaks(body: bytes | str) -> list[str]:
    text = normalize_digits(body.decode() if isinstance(body, bytes) else body)
    return [n for n in (PHONE, RESIDENT_ID, "13903520003", "140202197703124568") if n in text]


@pytest.fixture
def planted(world):
    need = make_need(
        world.community_a1,
        world.worker_a1,
        title=TITLE,
        target_group="独居老人（联系 139 0352 0003）",
        description="联系人身份证 140202 19770312 4568，电话+86 139-0352-0002。",
        evidence_note="ID140202197703124568",
    )
    other = make_need(world.community_a1, world.worker_a1, title="社区助餐")
    need_merge(need=other, into=need, actor=world.worker_a1, answer=f"并入，咨询{PHONE}")
    return need


def test_a_needs_numbers_are_masked_on_every_public_page(world, planted):
    client = Client()
    pages = [
        reverse("needs:board"),
        reverse("needs:community", kwargs={"code": world.community_a1.code}),
        reverse("needs:detail", kwargs={"public_id": planted.public_id}),
    ]
    merged = Need.objects.get(merged_into=planted)
    pages.append(reverse("needs:detail", kwargs={"public_id": merged.public_id}))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert leaks(response.content) == [], url
    detail = client.get(pages[2]).content.decode()
    assert "<title>电话139****0002 身份证140213********1234" in detail
    assert "<h1" in detail and "电话139****0002 身份证140213********1234</h1>" in detail


def test_a_needs_numbers_are_masked_in_the_public_api(world, planted):
    client = Client()
    for url in ("/api/v1/needs", f"/api/v1/needs/{planted.public_id}", "/api/v1/needs?q=电话"):
        response = client.get(url)
        assert response.status_code == 200
        assert leaks(response.content) == [], url
    data = client.get(f"/api/v1/needs/{planted.public_id}").json()
    assert data["title"] == "电话139****0002 身份证140213********1234"
    assert data["target_group"] == "独居老人（联系 139****0003）"


def test_the_answer_of_an_accepted_need_is_masked(world):
    need = make_need(world.community_a1, world.worker_a1)
    need_accept(need=need, actor=world.worker_a1, answer=f"已受理，请致电 {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}")
    page = Client().get(reverse("needs:detail", kwargs={"public_id": need.public_id}))
    assert leaks(page.content) == [] and "139****0002" in page.content.decode()


def test_a_public_search_does_not_find_a_hidden_number_by_its_digits(world, planted):
    client = Client()
    for q in (PHONE, PHONE[3:7], "0352000", RESIDENT_ID[6:14]):
        page = client.get(reverse("needs:board"), {"q": q}).content.decode()
        assert planted.number not in page, q
        api = client.get("/api/v1/needs", {"q": q}).json()
        assert api["count"] == 0, q
    # what the public reads is still found, figures included
    assert planted.number in client.get(reverse("needs:board"), {"q": "身份证"}).content.decode()
    dated = make_need(world.community_a1, world.worker_a1, title="2020年冬季助餐")
    assert dated.number in client.get(reverse("needs:board"), {"q": "2020年冬"}).content.decode()


def test_the_desk_still_finds_a_need_by_the_number_typed_in_it(world, planted):
    client = Client()
    client.force_login(world.worker_a1.user)
    page = client.get(reverse("needs:desk"), {"q": PHONE}).content.decode()
    assert planted.number in page


# --- flagged when typed ---------------------------------------------------------------------------------------------


def _form(community, **overrides):
    data = {
        "community": community.pk,
        "title": "老年助餐",
        "category": category("elderly").pk,
        "target_group": "独居老人",
        "description": "午餐没有着落。",
        "estimated_beneficiaries": "60",
        "residents_asking": "20",
        "evidence_note": "",
    }
    data.update(overrides)
    return data


def test_a_resident_is_asked_to_remove_a_phone_number_from_a_need(world):
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.resident.user)
    before = Need.objects.count()
    response = client.post(
        reverse("needs:submit"), _form(world.community_a1, description="有事请打 139.0352.0001 找我")
    )
    assert response.status_code == 200
    assert Need.objects.count() == before
    assert "Please remove it" in response.content.decode()
    assert "personal_numbers_ok" not in response.content.decode()  # no way around it for residents


def test_a_community_worker_is_warned_and_may_keep_the_number(world):
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.worker_a1.user)
    data = _form(world.community_a1, target_group="独居老人 ID140202197703124568")
    before = Need.objects.count()
    warned = client.post(reverse("needs:new"), data)
    assert warned.status_code == 200 and Need.objects.count() == before
    body = warned.content.decode()
    assert "looks like an ID card number" in body and 'name="personal_numbers_ok"' in body
    saved = client.post(reverse("needs:new"), {**data, "personal_numbers_ok": "on"})
    assert saved.status_code == 302 and Need.objects.count() == before + 1
    need = Need.objects.latest("pk")
    assert need.target_group == "独居老人 ID140202197703124568"  # stored as written, shown masked
    assert leaks(Client().get(reverse("needs:detail", kwargs={"public_id": need.public_id})).content) == []


def test_text_without_numbers_saves_without_a_warning(world):
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.worker_a1.user)
    response = client.post(reverse("needs:new"), _form(world.community_a1, evidence_note="2020年9月入户走访38户。"))
    assert response.status_code == 302
