# ruff: noqa: F811  (the world fixture is imported and used by name)
"""Planning pages: the public round and intention pages, the administrator's budget table, purchasers' plans."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from huimin.planning.models import Intention, IntentionStatus, RoundBudget, RoundStatus
from huimin.planning.services import intention_update, round_create

from .factories import list_in_call, make_intention, world  # noqa: F401

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def en_client(client_for, who):
    client = client_for(who)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def plans(world):
    draft = make_intention(world.east_buyer, world.round, world.east, communities=[world.longyuan], title="草稿项目")
    confirmed = make_intention(
        world.east_buyer,
        world.round,
        world.east,
        communities=[world.longyuan],
        needs=[world.taiji],
        title="太极拳培训",
        budget="30000",
        confirm=True,
    )
    return draft, confirmed


# --- public ------------------------------------------------------------------------------------------------------


def test_the_public_round_page_shows_budgets_and_confirmed_intentions_only(world, plans, client):
    draft, confirmed = plans
    page = html(client.get(reverse("planning:round_detail", kwargs={"code": "pc-2020"}), HTTP_ACCEPT_LANGUAGE="en"))
    assert "东街街道" in page and "100,000.00" in page and "150,000.00" in page
    assert confirmed.title in page and draft.title not in page
    assert 'name="amount"' not in page  # no budget form for the public


def test_a_draft_round_is_not_public(world, client, client_for):
    round_create(code="pc-2021", name="第三届（草稿）", year=2021, actor=world.admin)
    url = reverse("planning:round_detail", kwargs={"code": "pc-2021"})
    assert client.get(url).status_code == 404
    assert "第三届（草稿）" not in html(client.get(reverse("planning:round_list")))
    assert client_for(world.east_buyer).get(url).status_code == 404
    assert client_for(world.admin).get(url).status_code == 200


def test_the_public_intention_page_shows_the_needs_behind_it(world, plans, client):
    _draft, confirmed = plans
    page = html(client.get(reverse("planning:intention_detail", kwargs={"public_id": confirmed.public_id})))
    assert world.taiji.number in page and "水泉湾龙园社区" in page
    try:
        need_url = reverse("needs:detail", kwargs={"public_id": world.taiji.public_id})
    except NoReverseMatch:
        need_url = None
    if need_url:
        assert f'href="{need_url}"' in page
    assert "resident-" not in page  # supporters' keys never show


def test_draft_intentions_are_hidden_from_the_public_and_other_streets(world, plans, client, client_for):
    draft, _confirmed = plans
    url = reverse("planning:intention_detail", kwargs={"public_id": draft.public_id})
    assert client.get(url).status_code == 404
    assert client_for(world.west_buyer).get(url).status_code == 404
    assert client_for(world.east_buyer).get(url).status_code == 200


# --- the district administrator ----------------------------------------------------------------------------------


def test_the_administrator_sets_budgets_in_the_table(world, client_for):
    client = en_client(client_for, world.admin)
    page = html(client.get(reverse("planning:round_detail", kwargs={"code": "pc-2020"})))
    assert 'name="amount"' in page and "西街街道" in page
    url = reverse("planning:round_budget", kwargs={"code": "pc-2020"})
    response = client.post(url, {"purchaser": world.west.code, "amount": "65000.50"}, follow=True)
    assert RoundBudget.objects.get(round=world.round, purchaser=world.west).amount == Decimal("65000.50")
    assert "65,000.50" in html(response)
    response = client.post(url, {"purchaser": world.outsider.code, "amount": "100"}, follow=True)
    assert "is not a purchaser" in html(response)
    assert not RoundBudget.objects.filter(purchaser=world.outsider).exists()


def test_the_administrator_opens_and_closes_rounds(world, client_for):
    client = client_for(world.admin)
    client.post(reverse("planning:round_close", kwargs={"code": "pc-2020"}))
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.CLOSED
    response = client.post(reverse("planning:round_new"), {"code": "pc-2021", "name": "第三届", "year": "2021"})
    assert response.status_code == 302
    response = en_client(client_for, world.admin).post(
        reverse("planning:round_open", kwargs={"code": "pc-2021"}), follow=True
    )
    assert "Set the budget of at least one purchaser" in html(response)


def test_purchasers_and_the_public_cannot_manage_rounds(world, client, client_for):
    for c in (client_for(world.east_buyer), client_for(world.worker)):
        assert c.post(reverse("planning:round_close", kwargs={"code": "pc-2020"})).status_code == 403
        assert (
            c.post(
                reverse("planning:round_budget", kwargs={"code": "pc-2020"}),
                {"purchaser": world.east.code, "amount": "1e6"},
            ).status_code
            == 403
        )
        assert c.get(reverse("planning:round_new")).status_code == 403
    assert client.post(reverse("planning:round_close", kwargs={"code": "pc-2020"})).status_code == 302  # to sign in
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.OPEN
    assert RoundBudget.objects.get(purchaser=world.east).amount == Decimal("100000")


# --- purchasers --------------------------------------------------------------------------------------------------


def test_the_plan_page_shows_the_purchasers_intentions_and_budget_use(world, plans, client_for):
    client = client_for(world.east_buyer)
    page = html(client.get(reverse("planning:round_plan", kwargs={"code": "pc-2020"})))
    assert "草稿项目" in page and "太极拳培训" in page
    assert 'aria-valuenow="40"' in page  # 40 000 of 100 000
    desk = html(client.get(reverse("planning:planning_desk")))
    assert reverse("planning:round_plan", kwargs={"code": "pc-2020"}) in desk


def test_a_purchaser_cannot_open_another_streets_plan(world, plans, client_for):
    client = client_for(world.west_buyer)
    url = reverse("planning:round_plan", kwargs={"code": "pc-2020"})
    assert client.get(url, {"purchaser": world.east.code}).status_code == 403
    assert (
        client.get(
            reverse("planning:intention_new", kwargs={"code": "pc-2020"}), {"purchaser": world.east.code}
        ).status_code
        == 403
    )
    assert client_for(world.worker).get(url).status_code == 403


def _form_data(world, **overrides):
    data = {
        "purchaser": world.east.code,
        "title": "围棋兴趣班",
        "category": world.weiqi.category.code,
        "communities": [world.yingchun.code],
        "needs": [str(world.weiqi.public_id)],
        "budget": "20000",
        "expected_beneficiaries": "25",
        "description": "",
    }
    data.update(overrides)
    return data


def test_a_purchaser_writes_and_confirms_an_intention_through_the_pages(world, client_for):
    client = client_for(world.east_buyer)
    page = html(client.get(reverse("planning:intention_new", kwargs={"code": "pc-2020"})))
    assert world.taiji.number in page and world.west_need.number not in page and world.submitted.number not in page
    response = client.post(reverse("planning:intention_new", kwargs={"code": "pc-2020"}), _form_data(world))
    assert response.status_code == 302
    intention = Intention.objects.get(title="围棋兴趣班")
    assert list(intention.needs.all()) == [world.weiqi] and intention.budget == Decimal("20000")
    client.post(reverse("planning:intention_confirm", kwargs={"public_id": intention.public_id}))
    intention.refresh_from_db()
    assert intention.status == IntentionStatus.CONFIRMED


def test_the_page_refuses_needs_and_communities_of_other_streets(world, client_for):
    client = client_for(world.east_buyer)
    url = reverse("planning:intention_new", kwargs={"code": "pc-2020"})
    response = client.post(url, _form_data(world, needs=[str(world.west_need.public_id)]))
    assert response.status_code == 200
    assert "has-error" in html(response)
    response = client.post(url, _form_data(world, communities=[world.liuyuan.code], needs=[]))
    assert response.status_code == 200
    assert "has-error" in html(response)
    response = client.post(
        url, _form_data(world, purchaser=world.west.code, communities=[world.liuyuan.code], needs=[])
    )
    assert response.status_code == 403
    assert not Intention.objects.exists()


def test_the_page_shows_the_budget_ceiling(world, client_for):
    client = en_client(client_for, world.east_buyer)
    response = client.post(
        reverse("planning:intention_new", kwargs={"code": "pc-2020"}), _form_data(world, budget="100000.01")
    )
    assert "over its budget" in html(response)
    assert not Intention.objects.exists()


def test_another_street_cannot_edit_confirm_or_withdraw(world, plans, client_for):
    draft, confirmed = plans
    client = client_for(world.west_buyer)
    assert client.get(reverse("planning:intention_edit", kwargs={"public_id": draft.public_id})).status_code == 404
    assert client.get(reverse("planning:intention_edit", kwargs={"public_id": confirmed.public_id})).status_code == 403
    assert (
        client.post(
            reverse("planning:intention_edit", kwargs={"public_id": confirmed.public_id}), _form_data(world)
        ).status_code
        == 403
    )
    assert client.post(reverse("planning:intention_confirm", kwargs={"public_id": draft.public_id})).status_code == 404
    assert (
        client.post(
            reverse("planning:intention_withdraw", kwargs={"public_id": confirmed.public_id}), {"reason": "x"}
        ).status_code
        == 403
    )
    confirmed.refresh_from_db()
    assert confirmed.status == IntentionStatus.CONFIRMED and confirmed.title == "太极拳培训"


def test_the_withdraw_page_refuses_while_a_published_call_lists_it(world, plans, client_for):
    _draft, confirmed = plans
    call_number = list_in_call([confirmed])
    client = en_client(client_for, world.east_buyer)
    detail = html(client.get(reverse("planning:intention_detail", kwargs={"public_id": confirmed.public_id})))
    assert call_number in detail
    assert reverse("planning:intention_withdraw", kwargs={"public_id": confirmed.public_id}) not in detail
    response = client.post(
        reverse("planning:intention_withdraw", kwargs={"public_id": confirmed.public_id}), {"reason": "x"}
    )
    assert response.status_code == 200
    with translation.override("en"):
        assert "cannot be withdrawn" in html(response)
    confirmed.refresh_from_db()
    assert confirmed.status == IntentionStatus.CONFIRMED


def test_confirming_never_redirects_off_site(world, plans, client_for):
    draft, _confirmed = plans
    intention_update(intention=draft, needs=[world.taiji], actor=world.east_buyer)
    url = reverse("planning:intention_confirm", kwargs={"public_id": draft.public_id})
    response = client_for(world.east_buyer).post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("planning:intention_detail", kwargs={"public_id": draft.public_id})
